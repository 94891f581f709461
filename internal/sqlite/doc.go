// Package sqlite is the embedded handoff.Store: one SQLite file (dir/handoff.db) in WAL mode,
// opened with the pure-Go modernc.org/sqlite driver.
//
// Writes go through a single writer connection and start with BEGIN IMMEDIATE, so write
// transactions queue in Go instead of failing with SQLITE_BUSY and a read never has to be
// upgraded to a write lock. Reads use a separate pool of query-only connections and see a
// consistent snapshot while a write is in progress. Write must not be called from inside
// another Write: the writer connection is already held and the call would wait forever.
//
// The schema is a list of numbered SQL files embedded from migrations/. Open applies the
// missing ones unless WithoutMigrate is given, in which case it refuses a database that is
// behind. Migrate and SchemaVersion serve the "handoff migrate" command.
//
// Conventions shared with every other backend (and checked by internal/storetest):
//   - Times are stored in UTC with nanosecond precision and come back equal (time.Equal)
//     to what was written; nil time pointers stay nil.
//   - A zero CreatedAt or UpdatedAt is set from the store's clock on insert and update;
//     any other time is stored as given.
//   - Nil slices and maps in JSON columns come back as empty ones (Tags, RuleFiredAt,
//     Attachments, Fired, NearMisses, Outcomes).
//   - An empty OutboxItem.Status is stored as handoff.OutboxPending.
//   - Lookups return handoff.ENOTFOUND, duplicate keys handoff.ECONFLICT, and inserts
//     referring to a missing conversation handoff.ENOTFOUND.
package sqlite
