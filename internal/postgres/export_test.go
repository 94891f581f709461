package postgres

// EventLockKey exposes the advisory lock key that orders event appends, for tests.
func EventLockKey(db *DB) int64 { return db.eventLock }
