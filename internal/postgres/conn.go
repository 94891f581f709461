package postgres

import (
	"context"
	"errors"
	"fmt"

	"github.com/handoffhq/handoff"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"
)

// txConn is the connection a store transaction runs on. It sends BEGIN together with the
// transaction's first statement, in one round trip, and nothing at all for a transaction that
// runs no statement. Statements whose results are not needed at once can be deferred: they
// wait until the next statement that returns something, or until COMMIT, and go out in the
// same round trip in the order they were made. It offers the query methods of pgx.Tx.
type txConn struct {
	conn    *pgxpool.Conn
	begin   string // the BEGIN statement, until it is sent
	began   bool   // BEGIN was sent: the transaction must be ended
	pending []pendingStmt
	err     error // the error of a deferred statement: the transaction is aborted
}

// pendingStmt is a deferred statement; read receives its result row and returns the error the
// statement's method would have returned.
type pendingStmt struct {
	sql  string
	args []any
	read func(pgx.Row) error
}

// later defers a statement that returns one row until the next round trip.
func (c *txConn) later(sql string, args []any, read func(pgx.Row) error) {
	c.pending = append(c.pending, pendingStmt{sql: sql, args: args, read: read})
}

// direct reports whether a statement can go out on its own: BEGIN was sent, nothing is
// deferred and nothing failed.
func (c *txConn) direct() bool { return c.begin == "" && len(c.pending) == 0 && c.err == nil }

// send sends BEGIN if it was not sent yet, the deferred statements and then the queries of b,
// in one round trip, and returns the results after those of the deferred statements. The
// first failing deferred statement's error is returned and kept: the transaction is aborted.
func (c *txConn) send(ctx context.Context, b *pgx.Batch) (pgx.BatchResults, error) {
	if c.err != nil {
		return nil, c.err
	}
	nb := &pgx.Batch{}
	begin := c.begin != ""
	if begin {
		nb.Queue(c.begin)
		c.begin, c.began = "", true
	}
	pending := c.pending
	c.pending = nil
	for _, p := range pending {
		nb.Queue(p.sql, p.args...)
	}
	nb.QueuedQueries = append(nb.QueuedQueries, b.QueuedQueries...)
	br := c.conn.SendBatch(ctx, nb)
	if begin {
		if _, err := br.Exec(); err != nil {
			br.Close()
			var pe *pgconn.PgError
			if !errors.As(err, &pe) && ctx.Err() == nil {
				return nil, fmt.Errorf("%w: %v", handoff.Errorf(handoff.EUNAVAILABLE, "database unavailable"), err)
			}
			return nil, fmt.Errorf("begin: %w", err)
		}
	}
	for _, p := range pending {
		if err := p.read(br.QueryRow()); err != nil {
			br.Close()
			c.err = err
			return nil, err
		}
	}
	return br, nil
}

// sendOne sends one statement after whatever waits before it, in one round trip.
func (c *txConn) sendOne(ctx context.Context, sql string, args []any) (pgx.BatchResults, error) {
	var b pgx.Batch
	b.Queue(sql, args...)
	return c.send(ctx, &b)
}

// Exec runs sql, as pgx.Tx.Exec does.
func (c *txConn) Exec(ctx context.Context, sql string, args ...any) (pgconn.CommandTag, error) {
	if c.direct() {
		return c.conn.Exec(ctx, sql, args...)
	}
	br, err := c.sendOne(ctx, sql, args)
	if err != nil {
		return pgconn.CommandTag{}, err
	}
	tag, err := br.Exec()
	if cerr := br.Close(); err == nil {
		err = cerr
	}
	return tag, err
}

// Query runs sql, as pgx.Tx.Query does.
func (c *txConn) Query(ctx context.Context, sql string, args ...any) (pgx.Rows, error) {
	if c.direct() {
		return c.conn.Query(ctx, sql, args...)
	}
	br, err := c.sendOne(ctx, sql, args)
	if err != nil {
		return nil, err
	}
	rows, err := br.Query()
	if err != nil {
		br.Close()
		return nil, err
	}
	return &batchRows{Rows: rows, br: br}, nil
}

// QueryRow runs sql, as pgx.Tx.QueryRow does; the row must be scanned.
func (c *txConn) QueryRow(ctx context.Context, sql string, args ...any) pgx.Row {
	if c.direct() {
		return c.conn.QueryRow(ctx, sql, args...)
	}
	br, err := c.sendOne(ctx, sql, args)
	if err != nil {
		return errRow{err}
	}
	return batchRow{row: br.QueryRow(), br: br}
}

// SendBatch sends b, as pgx.Tx.SendBatch does.
func (c *txConn) SendBatch(ctx context.Context, b *pgx.Batch) pgx.BatchResults {
	if c.direct() {
		return c.conn.SendBatch(ctx, b)
	}
	br, err := c.send(ctx, b)
	if err != nil {
		return errBatch{err}
	}
	return br
}

// CopyFrom copies rows into a table, as pgx.Tx.CopyFrom does.
func (c *txConn) CopyFrom(ctx context.Context, table pgx.Identifier, columns []string, src pgx.CopyFromSource) (int64, error) {
	if !c.direct() {
		if _, err := c.Exec(ctx, `SELECT 1`); err != nil {
			return 0, err
		}
	}
	return c.conn.CopyFrom(ctx, table, columns, src)
}

// commit ends the transaction, sending the deferred statements with COMMIT; a transaction
// PostgreSQL had to abort reports pgx.ErrTxCommitRollback, as pgx.Tx.Commit does. A failed
// deferred statement's error is returned as is and the transaction is left to be rolled back.
func (c *txConn) commit(ctx context.Context) error {
	if c.err != nil {
		return c.err
	}
	if !c.began && len(c.pending) == 0 {
		return nil
	}
	var b pgx.Batch
	b.Queue("commit")
	br, err := c.send(ctx, &b)
	if err != nil {
		return err
	}
	c.began = false
	tag, err := br.Exec()
	if err != nil {
		br.Close()
		return fmt.Errorf("commit: %w", err)
	}
	_ = br.Close()
	if tag.String() == "ROLLBACK" {
		return fmt.Errorf("commit: %w", pgx.ErrTxCommitRollback)
	}
	return nil
}

// rollback ends the transaction without its changes. A connection left inside a transaction
// is closed by the pool when it is released.
func (c *txConn) rollback(ctx context.Context) {
	if c.began {
		c.began = false
		_, _ = c.conn.Exec(ctx, "rollback")
	}
}

// batchRow is the row of a statement sent after BEGIN; Scan closes the batch.
type batchRow struct {
	row pgx.Row
	br  pgx.BatchResults
}

func (r batchRow) Scan(dest ...any) error {
	err := r.row.Scan(dest...)
	if cerr := r.br.Close(); err == nil {
		err = cerr
	}
	return err
}

// batchRows are the rows of a statement sent after BEGIN; Close closes the batch.
type batchRows struct {
	pgx.Rows
	br     pgx.BatchResults
	closed bool
	err    error
}

func (r *batchRows) Next() bool {
	if r.Rows.Next() {
		return true
	}
	r.Close()
	return false
}

func (r *batchRows) Close() {
	if r.closed {
		return
	}
	r.closed = true
	r.Rows.Close()
	r.err = r.br.Close()
}

func (r *batchRows) Err() error {
	if err := r.Rows.Err(); err != nil {
		return err
	}
	return r.err
}

// errRow is a row whose statement could not be sent.
type errRow struct{ err error }

func (r errRow) Scan(...any) error { return r.err }

// errBatch is a batch that could not be sent.
type errBatch struct{ err error }

func (b errBatch) Exec() (pgconn.CommandTag, error) { return pgconn.CommandTag{}, b.err }
func (b errBatch) Query() (pgx.Rows, error)         { return nil, b.err }
func (b errBatch) QueryRow() pgx.Row                { return errRow(b) }
func (b errBatch) Close() error                     { return b.err }
func (b errBatch) Tx() pgx.Tx                       { return nil }
