package sqlite

import (
	"context"
	"database/sql"
	"sync"
)

// maxStmts bounds how many statements one pool keeps prepared.
const maxStmts = 256

// stmtCache keeps the prepared statements of one pool, keyed by query text.
// A query seen for the first time runs unprepared and is prepared once the
// transaction has released its connection, so preparing never waits for the
// writer connection a transaction is holding.
type stmtCache struct {
	pool   *sql.DB
	mu     sync.Mutex
	stmts  map[string]*sql.Stmt
	wanted map[string]struct{}
	closed bool
}

func newStmtCache(pool *sql.DB) *stmtCache {
	return &stmtCache{pool: pool, stmts: map[string]*sql.Stmt{}, wanted: map[string]struct{}{}}
}

// get returns the prepared statement for q, or nil after noting that q is wanted.
func (c *stmtCache) get(q string) *sql.Stmt {
	c.mu.Lock()
	defer c.mu.Unlock()
	s, ok := c.stmts[q]
	if !ok && len(c.stmts)+len(c.wanted) < maxStmts {
		c.wanted[q] = struct{}{}
	}
	return s
}

// prepareWanted prepares the queries noted since the last call. A query that fails
// to prepare keeps running unprepared.
func (c *stmtCache) prepareWanted(ctx context.Context) {
	c.mu.Lock()
	if len(c.wanted) == 0 || c.closed {
		c.mu.Unlock()
		return
	}
	qs := make([]string, 0, len(c.wanted))
	for q := range c.wanted {
		qs = append(qs, q)
	}
	clear(c.wanted)
	c.mu.Unlock()
	for _, q := range qs {
		s, err := c.pool.PrepareContext(ctx, q)
		if err != nil {
			continue
		}
		c.mu.Lock()
		if _, dup := c.stmts[q]; dup || c.closed {
			s.Close()
		} else {
			c.stmts[q] = s
		}
		c.mu.Unlock()
	}
}

// close closes every prepared statement; later gets return nil.
func (c *stmtCache) close() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.closed = true
	for q, s := range c.stmts {
		s.Close()
		delete(c.stmts, q)
	}
	clear(c.wanted)
}

// exec runs a statement that returns no rows, prepared when possible.
func (tx *tx) exec(ctx context.Context, q string, args ...any) (sql.Result, error) {
	if s := tx.stmts.get(q); s != nil {
		return tx.tx.StmtContext(ctx, s).ExecContext(ctx, args...)
	}
	return tx.tx.ExecContext(ctx, q, args...)
}

// query runs a query, prepared when possible.
func (tx *tx) query(ctx context.Context, q string, args ...any) (*sql.Rows, error) {
	if s := tx.stmts.get(q); s != nil {
		return tx.tx.StmtContext(ctx, s).QueryContext(ctx, args...)
	}
	return tx.tx.QueryContext(ctx, q, args...)
}

// queryRow runs a query for at most one row, prepared when possible.
func (tx *tx) queryRow(ctx context.Context, q string, args ...any) *sql.Row {
	if s := tx.stmts.get(q); s != nil {
		return tx.tx.StmtContext(ctx, s).QueryRowContext(ctx, args...)
	}
	return tx.tx.QueryRowContext(ctx, q, args...)
}
