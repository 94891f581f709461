package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/handoffhq/handoff"
	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"
)

// FileName is the name of the database file inside the data directory.
const FileName = "handoff.db"

// readers is the size of the read-only connection pool.
const readers = 4

var _ handoff.Store = (*DB)(nil)

// DB is the SQLite store. It is safe for concurrent use.
type DB struct {
	path string
	w    *sql.DB // exactly one connection; every Write runs on it
	r    *sql.DB // query-only pool for View
	ws   *stmtCache
	rs   *stmtCache
	now  handoff.Clock
}

// Option changes how Open behaves.
type Option func(*options)

type options struct {
	migrate bool
	now     handoff.Clock
}

// WithoutMigrate makes Open refuse a database whose schema is behind instead of migrating it.
func WithoutMigrate() Option { return func(o *options) { o.migrate = false } }

// WithClock sets the clock used for CreatedAt and UpdatedAt values the caller left zero.
func WithClock(now handoff.Clock) Option { return func(o *options) { o.now = now } }

// Open opens or creates dir/handoff.db, creating dir if needed. By default it applies
// pending migrations; with WithoutMigrate it returns an EUNAVAILABLE error when the schema
// is behind. It returns EUNAVAILABLE as well when the file was written by a newer build.
func Open(ctx context.Context, dir string, opts ...Option) (*DB, error) {
	o := options{migrate: true, now: time.Now}
	for _, opt := range opts {
		opt(&o)
	}
	if o.now == nil {
		o.now = time.Now
	}
	if dir == "" {
		return nil, handoff.Errorf(handoff.EINVALID, "database directory is empty")
	}
	if strings.Contains(dir, "?") {
		return nil, handoff.Errorf(handoff.EINVALID, "database directory %q must not contain '?'", dir)
	}
	path := filepath.Join(dir, FileName)
	if !o.migrate {
		if _, err := os.Stat(path); errors.Is(err, os.ErrNotExist) {
			return nil, behind(0, len(migrations))
		}
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("open database: %w", err)
	}

	db := &DB{path: path, now: o.now}
	var err error
	db.w, err = sql.Open("sqlite", dsn(path, false))
	if err != nil {
		return nil, fmt.Errorf("open database: %w", err)
	}
	db.w.SetMaxOpenConns(1)
	db.w.SetMaxIdleConns(1)
	db.w.SetConnMaxIdleTime(0)
	db.w.SetConnMaxLifetime(0)
	// The writer connects first so that WAL mode is in place before any reader opens.
	if err := db.w.PingContext(ctx); err != nil {
		db.w.Close()
		return nil, fmt.Errorf("open database %s: %w", path, err)
	}
	db.r, err = sql.Open("sqlite", dsn(path, true))
	if err != nil {
		db.w.Close()
		return nil, fmt.Errorf("open database: %w", err)
	}
	db.r.SetMaxOpenConns(readers)
	db.r.SetMaxIdleConns(readers)
	db.ws, db.rs = newStmtCache(db.w), newStmtCache(db.r)

	if o.migrate {
		err = db.Migrate(ctx)
	} else {
		err = db.checkSchema(ctx)
	}
	if err != nil {
		db.Close()
		return nil, err
	}
	return db, nil
}

// dsn builds the driver connection string for path.
func dsn(path string, readOnly bool) string {
	q := url.Values{}
	q.Add("_pragma", "busy_timeout(10000)")
	q.Add("_pragma", "journal_mode(WAL)")
	q.Add("_pragma", "foreign_keys(1)")
	q.Add("_pragma", "synchronous(NORMAL)")
	if readOnly {
		q.Add("_pragma", "query_only(1)")
	} else {
		q.Set("_txlock", "immediate")
	}
	return path + "?" + q.Encode()
}

// Path returns the database file's path.
func (db *DB) Path() string { return db.path }

// Close closes every connection.
func (db *DB) Close() error {
	db.ws.close()
	db.rs.close()
	var errs []error
	if db.r != nil {
		errs = append(errs, db.r.Close())
	}
	if db.w != nil {
		errs = append(errs, db.w.Close())
	}
	return errors.Join(errs...)
}

// Ping reports whether the database answers a query; it returns EUNAVAILABLE when it does not.
func (db *DB) Ping(ctx context.Context) error {
	var one int
	if err := db.r.QueryRowContext(ctx, "SELECT 1").Scan(&one); err != nil {
		return fmt.Errorf("%w: %v", handoff.Errorf(handoff.EUNAVAILABLE, "database unavailable"), err)
	}
	return nil
}

// Write runs fn in a read-write transaction (BEGIN IMMEDIATE) and commits if fn returns nil.
// An error or a panic in fn rolls back; the panic is re-raised and fn's error returned as is.
func (db *DB) Write(ctx context.Context, fn func(handoff.Tx) error) error {
	return db.run(ctx, db.w, db.ws, nil, fn)
}

// View runs fn in a read-only transaction on the reader pool; writes inside it fail.
func (db *DB) View(ctx context.Context, fn func(handoff.Tx) error) error {
	return db.run(ctx, db.r, db.rs, &sql.TxOptions{ReadOnly: true}, fn)
}

func (db *DB) run(ctx context.Context, pool *sql.DB, stmts *stmtCache, txo *sql.TxOptions, fn func(handoff.Tx) error) error {
	stx, err := pool.BeginTx(ctx, txo)
	if err != nil {
		return fmt.Errorf("begin: %w", err)
	}
	done := false
	defer func() {
		if !done {
			_ = stx.Rollback()
		}
		// The connection is free again: prepare what this transaction ran unprepared.
		stmts.prepareWanted(context.WithoutCancel(ctx))
	}()
	if err := fn(&tx{tx: stx, stmts: stmts, now: db.now}); err != nil {
		return err
	}
	done = true
	if err := stx.Commit(); err != nil {
		return fmt.Errorf("commit: %w", err)
	}
	return nil
}

// constraint returns the extended SQLite result code of a constraint violation, 0 otherwise.
func constraint(err error) int {
	var se *sqlite.Error
	if errors.As(err, &se) && se.Code()&0xff == sqlite3.SQLITE_CONSTRAINT {
		return se.Code()
	}
	return 0
}

// isUnique reports whether err is a UNIQUE or PRIMARY KEY violation.
func isUnique(err error) bool {
	c := constraint(err)
	return c == sqlite3.SQLITE_CONSTRAINT_UNIQUE || c == sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY
}

// isForeignKey reports whether err is a FOREIGN KEY violation.
func isForeignKey(err error) bool {
	return constraint(err) == sqlite3.SQLITE_CONSTRAINT_FOREIGNKEY
}
