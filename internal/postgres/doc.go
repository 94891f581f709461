// Package postgres is the handoff.Store for running several instances on one PostgreSQL
// database, built on a pgx connection pool.
//
// Write runs a read-committed transaction; the conversation lookups lock the row they return
// (SELECT … FOR UPDATE), so concurrent turns on one conversation run one after the other, and
// a transaction PostgreSQL aborts for a serialization failure or a deadlock is run again. View
// runs a read-only repeatable-read transaction, so its queries share one snapshot.
//
// Timers and outbox items are claimed with UPDATE … WHERE id IN (SELECT … FOR UPDATE SKIP
// LOCKED): each due row goes to exactly one claimer across all instances, and a row claimed by
// an instance that died is handed out again once its lease (locked_until) has passed.
//
// AppendEvent runs pg_notify on the store's event channel (EventChannel, or a per-schema name)
// with the new id as payload; PostgreSQL delivers it to every listener when the transaction
// commits. Event ids are handed out in commit order (see AppendEvent), which lets readers
// resume after the last id they saw without a gap.
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
