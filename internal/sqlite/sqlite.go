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

	writes chan *writeReq // queued Write calls, committed in groups by the writer goroutine
	closed chan struct{}
	wdone  chan struct{}
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

	db := &DB{path: path, now: o.now, writes: make(chan *writeReq, maxBatch), closed: make(chan struct{}), wdone: make(chan struct{})}
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
	go db.writer()

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
	// Savepoint and statement journals stay in memory instead of spilling to temporary files.
	q.Add("_pragma", "temp_store(MEMORY)")
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
	select {
	case <-db.closed:
	default:
		close(db.closed)
		<-db.wdone
	}
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
// An error or a panic in fn rolls back its changes; the panic is re-raised and fn's error
// returned as is. Concurrent Writes are committed together (group commit): each runs inside
// its own savepoint of one transaction, so a failing fn undoes only its own changes, and
// Write returns only after the commit that made fn's changes durable.
func (db *DB) Write(ctx context.Context, fn func(handoff.Tx) error) error {
	r := &writeReq{ctx: ctx, fn: fn, done: make(chan struct{})}
	select {
	case db.writes <- r:
	case <-ctx.Done():
		return ctx.Err()
	case <-db.closed:
		return handoff.Errorf(handoff.EUNAVAILABLE, "database is closed")
	}
	<-r.done
	if r.panicked != nil {
		panic(r.panicked)
	}
	return r.err
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

// maxBatch bounds how many Writes share one commit.
const maxBatch = 64

// writeReq is one queued Write.
type writeReq struct {
	ctx      context.Context
	fn       func(handoff.Tx) error
	err      error
	panicked any
	done     chan struct{}
}

// writer is the one goroutine that runs Writes: it takes every Write waiting and commits them
// together, so the cost of a commit is shared when many messages arrive at once.
func (db *DB) writer() {
	defer close(db.wdone)
	for {
		var first *writeReq
		select {
		case first = <-db.writes:
		case <-db.closed:
			for {
				select {
				case r := <-db.writes:
					r.err = handoff.Errorf(handoff.EUNAVAILABLE, "database is closed")
					close(r.done)
				default:
					return
				}
			}
		}
		batch := []*writeReq{first}
	drain:
		for len(batch) < maxBatch {
			select {
			case r := <-db.writes:
				batch = append(batch, r)
			default:
				break drain
			}
		}
		db.commitBatch(batch)
		for _, r := range batch {
			close(r.done)
		}
	}
}

// commitBatch runs each request in its own savepoint of one transaction and commits once.
func (db *DB) commitBatch(batch []*writeReq) {
	ctx := context.Background()
	if len(batch) == 1 {
		r := batch[0]
		r.err, r.panicked = db.runOne(r.ctx, r.fn)
		return
	}
	stx, err := db.w.BeginTx(ctx, nil)
	if err != nil {
		for _, r := range batch {
			r.err = fmt.Errorf("begin: %w", err)
		}
		return
	}
	defer db.ws.prepareWanted(ctx)
	ok := 0
	for i, r := range batch {
		if err := r.ctx.Err(); err != nil {
			r.err = err
			continue
		}
		sp := fmt.Sprintf("w%d", i)
		if _, err := stx.ExecContext(ctx, "SAVEPOINT "+sp); err != nil {
			r.err = fmt.Errorf("savepoint: %w", err)
			continue
		}
		r.err, r.panicked = call(r.fn, &tx{tx: stx, stmts: db.ws, now: db.now})
		if r.err != nil || r.panicked != nil {
			if _, err := stx.ExecContext(ctx, "ROLLBACK TO "+sp); err != nil {
				_ = stx.Rollback()
				for _, o := range batch {
					if o.err == nil && o.panicked == nil {
						o.err = fmt.Errorf("rollback to savepoint: %w", err)
					}
				}
				return
			}
		} else {
			ok++
		}
		if _, err := stx.ExecContext(ctx, "RELEASE "+sp); err != nil && r.err == nil {
			r.err = fmt.Errorf("release savepoint: %w", err)
		}
	}
	if ok == 0 {
		_ = stx.Rollback()
		return
	}
	if err := stx.Commit(); err != nil {
		for _, r := range batch {
			if r.err == nil && r.panicked == nil {
				r.err = fmt.Errorf("commit: %w", err)
			}
		}
	}
}

// runOne runs a lone Write in its own transaction.
func (db *DB) runOne(ctx context.Context, fn func(handoff.Tx) error) (err error, panicked any) {
	defer func() {
		if p := recover(); p != nil {
			panicked = p
		}
	}()
	return db.run(ctx, db.w, db.ws, nil, fn), nil
}

// call runs fn, turning a panic into a value so the writer goroutine survives it.
func call(fn func(handoff.Tx) error, t handoff.Tx) (err error, panicked any) {
	defer func() {
		if p := recover(); p != nil {
			panicked = p
		}
	}()
	return fn(t), nil
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
