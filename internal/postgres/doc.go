// Package postgres is the handoff.Store for running several instances on one PostgreSQL
// database, built on a pgx connection pool.
//
// Write runs a read-committed transaction; the conversation lookups lock the row they return
// (SELECT … FOR UPDATE), so concurrent turns on one conversation run one after the other, and
// a transaction PostgreSQL aborts for a serialization failure or a deadlock is run again. View
// runs a read-only repeatable-read transaction, so its queries share one snapshot.
//
// A transaction sends BEGIN with its first statement, and defers the statements whose results
// no caller reads before commit (AppendEvent, CreateEvaluation, UpdateConversation): they go out
// in order with the next statement that returns data, or with COMMIT, in one round trip. Their
// ids are filled in when that round trip is read, at the latest before Write returns, and their
// errors (ENOTFOUND, ECONFLICT for a stale version, EINVALID) are returned by the call that sent
// them and by Write, with nothing of the transaction committed: an UPDATE that changes no row
// fails in PostgreSQL itself, so the COMMIT behind it does not run.
//
// Timers and outbox items are claimed with UPDATE … WHERE id IN (SELECT … FOR UPDATE SKIP
// LOCKED): each due row goes to exactly one claimer across all instances, and a row claimed by
// an instance that died is handed out again once its lease (locked_until) has passed.
//
// Event ids come from a sequence and transactions append events concurrently, so ids are not
// committed in id order: a reader can see id N+1 while N is still being committed, or N may
// never appear (its transaction rolled back). Readers that must not miss an event (the live
// Feed, consoles and widgets resuming "after id N") publish in id order and wait at a missing
// id until PostgreSQL shows it cannot appear any more. EventWriters answers that exactly: every
// INSERT into events locks the table in RowExclusiveLock mode before it draws its id and keeps
// the lock until its transaction ends, and pg_locks (which is not transactional) lists the
// holders. If a read sees N while M < N is missing, M's transaction holds that lock or has
// ended; once none of the holders listed after that read is still running, a new read sees M
// or M is gone for good. LastEventID uses the same check so that the id it returns is one
// below which nothing can still be committed. See internal/live for the reader.
//
// Why not the alternatives: taking a lock so that ids are handed out in commit order (what
// this store did before) makes every write transaction on every instance wait for the one
// before it to commit, which capped ingest at a few hundred messages a second; ordering by
// transaction id (pg_current_xact_id with pg_snapshot_xmin) is gap-free by construction, but
// the stream would no longer be in event-id order, so every reader and every client's "resume
// after id N" would have to map ids to positions, and any long write transaction in the whole
// cluster would hold the stream back. A reader that waits at a missing id keeps the id as the
// one resume token and waits only for transactions that are inserting events, which the
// engine does last, just before commit.
//
// Once a write transaction that appended events has committed, the store notifies its event
// channel (EventChannel, or a per-schema name) with the highest id appended, outside any
// transaction: a NOTIFY inside one would serialise commits, since PostgreSQL holds a
// database-wide lock from the start of a notifying transaction's commit until it is flushed.
// Notifications go out at most one every 5 ms, the first after a quiet spell at once and the
// next with the highest id committed in between, so a burst of commits costs one notification
// instead of one each. A notification only wakes the readers, which read the events from the
// table and also poll.
//
// The schema is a list of numbered SQL files embedded from migrations/. Open applies the
// missing ones in one transaction under an advisory lock, so instances starting together
// migrate once; with WithoutMigrate it refuses a database that is behind. Migrate and
// SchemaVersion serve the "handoff migrate" command.
//
// The conventions shared with the SQLite store (and checked by internal/storetest) hold, with
// one difference in precision: PostgreSQL keeps microseconds, so times are truncated to the
// microsecond on write, and the stamped CreatedAt and UpdatedAt fields (and the other time
// fields the store writes from a struct) are truncated in the struct too, so a struct equals
// what a later read returns. Times come back in UTC.
package postgres
