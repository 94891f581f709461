package postgres

import (
	"context"
	"errors"
	"fmt"
	"hash/fnv"
	"math/rand/v2"
	"time"

	"github.com/handoffhq/handoff"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgtype"
	"github.com/jackc/pgx/v5/pgxpool"
)

// EventChannel is the NOTIFY channel AppendEvent signals on when the store uses the public schema;
// other schemas get their own channel (see DB.EventChannel).
const EventChannel = "handoff_events"

// idleTimeoutParam is the setting that ends sessions left idle inside a transaction.
const idleTimeoutParam = "idle_in_transaction_session_timeout"

// writeAttempts is how often Write runs fn when PostgreSQL reports a serialization failure or a deadlock.
const writeAttempts = 5

var _ handoff.Store = (*DB)(nil)

// DB is the PostgreSQL store. It is safe for concurrent use by many goroutines and many processes.
type DB struct {
	pool        *pgxpool.Pool
	now         handoff.Clock
	schema      string // the schema every connection works in
	channel     string // NOTIFY channel for new events
	migrateLock int64  // advisory lock key held while migrating
	create      bool   // create the schema if it is missing (WithSchema)
	notify      notifier
}

// Option changes how Open behaves.
type Option func(*options)

type options struct {
	schema  string
	migrate bool
	now     handoff.Clock
}

// WithSchema makes every connection work in the named schema (its search_path), creating it when
// Open migrates and it does not exist yet. Tests use it for a fresh schema each.
func WithSchema(name string) Option { return func(o *options) { o.schema = name } }

// WithoutMigrate makes Open refuse a database whose schema is behind instead of migrating it.
func WithoutMigrate() Option { return func(o *options) { o.migrate = false } }

// WithClock sets the clock used for CreatedAt and UpdatedAt values the caller left zero.
func WithClock(now handoff.Clock) Option { return func(o *options) { o.now = now } }

// Open connects a pool to the database at url (a postgres:// URL or a key=value DSN; pool
// settings such as pool_max_conns go in the URL). By default it applies pending migrations
// under an advisory lock, so several instances starting together migrate once; with
// WithoutMigrate it returns EUNAVAILABLE when the schema is behind. It returns EUNAVAILABLE as
// well when the database cannot be reached or was migrated by a newer build, and EINVALID for
// a bad url. The server ends sessions left idle inside a transaction for a minute, unless the
// url sets idle_in_transaction_session_timeout.
func Open(ctx context.Context, url string, opts ...Option) (*DB, error) {
	o := options{migrate: true, now: time.Now}
	for _, opt := range opts {
		opt(&o)
	}
	if o.now == nil {
		o.now = time.Now
	}
	if url == "" {
		return nil, handoff.Errorf(handoff.EINVALID, "database url is empty")
	}
	cfg, err := pgxpool.ParseConfig(url)
	if err != nil {
		return nil, handoff.Errorf(handoff.EINVALID, "invalid database url: %v", err)
	}
	if o.schema != "" {
		if len(o.schema) > 63 {
			return nil, handoff.Errorf(handoff.EINVALID, "schema name %q is longer than 63 bytes", o.schema)
		}
		cfg.ConnConfig.RuntimeParams["search_path"] = pgx.Identifier{o.schema}.Sanitize()
	}
	// A transaction of an instance that vanished without closing its connection (a machine
	// that lost power) would keep its row locks until TCP gives up; the store's transactions
	// never wait on anything but the database, so end such sessions after a minute.
	if _, ok := cfg.ConnConfig.RuntimeParams[idleTimeoutParam]; !ok {
		cfg.ConnConfig.RuntimeParams[idleTimeoutParam] = "60s"
	}
	cfg.AfterConnect = afterConnect

	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, handoff.Errorf(handoff.EINVALID, "invalid database url: %v", err)
	}
	db := &DB{pool: pool, now: o.now, schema: o.schema, create: o.schema != ""}
	db.notify.db = db
	if err := pool.Ping(ctx); err != nil {
		pool.Close()
		return nil, fmt.Errorf("%w: %v", handoff.Errorf(handoff.EUNAVAILABLE, "database unavailable"), err)
	}
	if db.schema == "" {
		var schema *string
		if err := pool.QueryRow(ctx, `SELECT current_schema()`).Scan(&schema); err != nil {
			pool.Close()
			return nil, fmt.Errorf("open database: %w", err)
		}
		if schema == nil {
			pool.Close()
			return nil, handoff.Errorf(handoff.EUNAVAILABLE, "no schema in the search_path exists: create one or set search_path in the database url")
		}
		db.schema = *schema
	}
	db.channel = channelFor(db.schema)
	db.migrateLock = lockKey("handoff:migrate:" + db.schema)

	if o.migrate {
		err = db.Migrate(ctx)
	} else {
		err = db.checkSchema(ctx)
	}
	if err != nil {
		pool.Close()
		return nil, err
	}
	return db, nil
}

// afterConnect makes timestamptz values scan in UTC, as the SQLite store returns them.
func afterConnect(_ context.Context, conn *pgx.Conn) error {
	conn.TypeMap().RegisterType(&pgtype.Type{
		Name: "timestamptz", OID: pgtype.TimestamptzOID, Codec: &pgtype.TimestamptzCodec{ScanLocation: time.UTC},
	})
	return nil
}

// channelFor returns the NOTIFY channel for a schema: EventChannel for public, a per-schema name
// otherwise, so stores in different schemas of one database do not hear each other.
func channelFor(schema string) string {
	if schema == "public" {
		return EventChannel
	}
	ch := EventChannel + "." + schema
	if len(ch) > 63 { // NAMEDATALEN-1
		h := fnv.New64a()
		h.Write([]byte(schema))
		ch = fmt.Sprintf("%s.%016x", EventChannel, h.Sum64())
	}
	return ch
}

// lockKey derives a 64-bit advisory lock key from name.
func lockKey(name string) int64 {
	h := fnv.New64a()
	h.Write([]byte(name))
	return int64(h.Sum64())
}

// Schema returns the schema the store works in.
func (db *DB) Schema() string { return db.schema }

// EventChannel returns the channel the store notifies, with the highest new event id as payload,
// when it commits a transaction that appended events.
func (db *DB) EventChannel() string { return db.channel }

// Connect opens a dedicated connection with the store's settings, outside the pool, for
// LISTEN. The caller closes it.
func (db *DB) Connect(ctx context.Context) (*pgx.Conn, error) {
	cfg := db.pool.Config().ConnConfig.Copy()
	conn, err := pgx.ConnectConfig(ctx, cfg)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", handoff.Errorf(handoff.EUNAVAILABLE, "database unavailable"), err)
	}
	return conn, nil
}

// EventWriterWait bounds how long LastEventID waits for transactions that may still commit
// an event id below the one it returns.
const EventWriterWait = time.Second

// LastEventID returns the highest event id stored, 0 when there is none, once no event below it
// can still be committed: it waits for the transactions that were appending events when it
// read the id (see EventWriters) to end, so a reader that starts afterwards sees every event up
// to the id that will ever be committed, and resuming after it misses nothing. A transaction
// still running after EventWriterWait is no longer waited for.
func (db *DB) LastEventID(ctx context.Context) (int64, error) {
	var id int64
	var writers []string
	// The snapshot is taken before pg_locks is read, so every transaction that was still
	// committing an id below the maximum is among the writers (or has ended).
	err := db.pool.QueryRow(ctx, `SELECT (SELECT COALESCE(MAX(id), 0) FROM events), (`+eventWriters+`)`,
		[]string(nil)).Scan(&id, &writers)
	if err != nil {
		return 0, fmt.Errorf("last event id: %w", err)
	}
	if err := db.awaitEventWriters(ctx, writers, EventWriterWait); err != nil {
		return 0, fmt.Errorf("last event id: %w", err)
	}
	return id, nil
}

// awaitEventWriters waits until none of writers is running, or for at most limit.
func (db *DB) awaitEventWriters(ctx context.Context, writers []string, limit time.Duration) error {
	deadline := time.Now().Add(limit)
	for wait := 200 * time.Microsecond; len(writers) > 0 && time.Now().Before(deadline); wait = min(2*wait, 20*time.Millisecond) {
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(wait):
		}
		var err error
		if writers, err = db.EventWriters(ctx, writers); err != nil {
			return err
		}
	}
	return nil
}

// Close closes every connection of the pool, waiting for the ones in use to be returned.
func (db *DB) Close() error {
	db.notify.close()
	db.pool.Close()
	return nil
}

// Ping reports whether the database answers; it returns EUNAVAILABLE when it does not.
func (db *DB) Ping(ctx context.Context) error {
	if err := db.pool.Ping(ctx); err != nil {
		return fmt.Errorf("%w: %v", handoff.Errorf(handoff.EUNAVAILABLE, "database unavailable"), err)
	}
	return nil
}

// Write runs fn in a read-committed read-write transaction and commits if fn returns nil.
// ConversationByID and ConversationByExternalID lock the row they return until commit, so
// concurrent writes to one conversation run one after the other. When PostgreSQL aborts the
// transaction for a serialization failure or a deadlock, Write runs fn again, up to 5 times in
// all; fn must therefore not have effects outside the transaction. An error or a panic in fn
// rolls back; the panic is re-raised and fn's error returned as is.
func (db *DB) Write(ctx context.Context, fn func(handoff.Tx) error) error {
	for attempt := 1; ; attempt++ {
		err := db.run(ctx, true, fn)
		if err == nil || attempt == writeAttempts || !retryable(err) {
			return err
		}
		// Back off a little, with jitter, so the transactions that collided do not collide again.
		wait := time.Duration(attempt) * time.Duration(1+rand.IntN(5)) * time.Millisecond
		select {
		case <-ctx.Done():
			return err
		case <-time.After(wait):
		}
	}
}

// View runs fn in a read-only repeatable-read transaction, so every query in it sees the
// same snapshot; writes inside it fail.
func (db *DB) View(ctx context.Context, fn func(handoff.Tx) error) error {
	return db.run(ctx, false, fn)
}

// BEGIN statements of Write and View; they go out with the first statement of fn.
const (
	beginWrite = "begin isolation level read committed read write"
	beginView  = "begin isolation level repeatable read read only"
)

func (db *DB) run(ctx context.Context, write bool, fn func(handoff.Tx) error) error {
	conn, err := db.pool.Acquire(ctx)
	if err != nil {
		if ctx.Err() == nil {
			return fmt.Errorf("%w: %v", handoff.Errorf(handoff.EUNAVAILABLE, "database unavailable"), err)
		}
		return fmt.Errorf("begin: %w", err)
	}
	defer conn.Release()
	c := &txConn{conn: conn, begin: beginView}
	if write {
		c.begin = beginWrite
	}
	// Once the transaction has ended, rollback sends nothing.
	defer c.rollback(context.WithoutCancel(ctx))
	t := &tx{tx: c, db: db, write: write}
	if err := fn(t); err != nil {
		return err
	}
	if err := c.commit(ctx); err != nil {
		return err
	}
	// The ids of deferred appends are read with the commit's results.
	if t.lastEvent > 0 {
		db.notify.note(t.lastEvent)
	}
	return nil
}

// pgCode returns the SQLSTATE of a PostgreSQL error in err's chain, "" otherwise.
func pgCode(err error) string {
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		return pe.Code
	}
	return ""
}

// SQLSTATE codes the store reacts to.
const (
	codeUniqueViolation           = "23505"
	codeForeignKeyViolation       = "23503"
	codeSerializationFailure      = "40001"
	codeDeadlockDetected          = "40P01"
	codeCharacterNotInRepertoire  = "22021" // e.g. a NUL byte in text
	codeUntranslatableCharacter   = "22P05" // e.g. \u0000 in JSONB
	codeInvalidTextRepresentation = "22P02" // e.g. a payload that is not JSON
	codeInvalidJSONText           = "22032"
)

// retryable reports whether a transaction that failed with err may succeed when run again.
func retryable(err error) bool {
	switch pgCode(err) {
	case codeSerializationFailure, codeDeadlockDetected:
		return true
	}
	return false
}

// isUnique reports whether err is a UNIQUE or PRIMARY KEY violation.
func isUnique(err error) bool { return pgCode(err) == codeUniqueViolation }

// isForeignKey reports whether err is a FOREIGN KEY violation.
func isForeignKey(err error) bool { return pgCode(err) == codeForeignKeyViolation }

// wrap turns a driver error from op into a domain error where one fits (bad input becomes
// EINVALID) and wraps it with op otherwise.
func wrap(op string, err error) error {
	switch pgCode(err) {
	case codeCharacterNotInRepertoire, codeUntranslatableCharacter:
		return fmt.Errorf("%w: %v", handoff.Errorf(handoff.EINVALID, "text must not contain NUL characters"), err)
	case codeInvalidTextRepresentation, codeInvalidJSONText:
		return fmt.Errorf("%w: %v", handoff.Errorf(handoff.EINVALID, "invalid value: %s", op), err)
	}
	return fmt.Errorf("%s: %w", op, err)
}
