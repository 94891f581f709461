package postgres

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/handoffhq/handoff"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
)

var _ handoff.Tx = (*tx)(nil)

// tx implements handoff.Tx on one transaction.
type tx struct {
	tx    *txConn
	db    *DB
	write bool // a Write transaction: lookups lock the conversation row
	// lastEvent is the highest event id appended, 0 for none; the store notifies it on commit.
	lastEvent int64
	// appending is the number of event appends still deferred.
	appending int
}

// trunc drops what PostgreSQL cannot store, so a struct holds exactly what a read returns.
func trunc(t time.Time) time.Time { return t.Truncate(time.Microsecond) }

// stamp returns t truncated to microseconds, or the store's clock in UTC when t is zero.
func (tx *tx) stamp(t time.Time) time.Time {
	if t.IsZero() {
		return trunc(tx.db.now().UTC())
	}
	return trunc(t)
}

// forUpdate returns the row-locking clause for lookups inside a Write transaction.
func (tx *tx) forUpdate() string {
	if tx.write {
		return ` FOR UPDATE`
	}
	return ``
}

// jsonBytes encodes v for a JSONB column.
func jsonBytes(v any) ([]byte, error) { return json.Marshal(v) }

// rawValue returns a JSONB column's bytes as raw JSON; NULL stays nil.
func rawValue(b []byte) json.RawMessage {
	if b == nil {
		return nil
	}
	return json.RawMessage(b)
}

// decoder collects the first error while decoding several JSON columns of one row.
type decoder struct{ err error }

func (d *decoder) json(b []byte, v any) {
	if err := json.Unmarshal(b, v); err != nil && d.err == nil {
		d.err = fmt.Errorf("bad stored JSON: %w", err)
	}
}

// notFound turns pgx.ErrNoRows into an ENOTFOUND error built from format and args.
func notFound(err error, op string, format string, args ...any) error {
	if errors.Is(err, pgx.ErrNoRows) {
		return handoff.Errorf(handoff.ENOTFOUND, format, args...)
	}
	return wrap(op, err)
}

// mustAffect returns an ENOTFOUND error when tag reports no changed row.
func mustAffect(tag pgconn.CommandTag, format string, args ...any) error {
	if tag.RowsAffected() == 0 {
		return handoff.Errorf(handoff.ENOTFOUND, format, args...)
	}
	return nil
}

// clamp returns def for n <= 0 and max for n > max.
func clamp(n, def, max int) int {
	if n <= 0 {
		return def
	}
	return min(n, max)
}

// placeholders returns "$from, $from+1, …" for n parameters.
func placeholders(from, n int) string {
	var b strings.Builder
	for i := range n {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteByte('$')
		b.WriteString(strconv.Itoa(from + i))
	}
	return b.String()
}

// queryAll runs q and scans every row with scan; the result is never nil.
func queryAll[T any](ctx context.Context, tx *tx, op string, scan func(pgx.Row) (*T, error), q string, args ...any) ([]*T, error) {
	rows, err := tx.tx.Query(ctx, q, args...)
	if err != nil {
		return nil, wrap(op, err)
	}
	defer rows.Close()
	out := []*T{}
	for rows.Next() {
		v, err := scan(rows)
		if err != nil {
			return nil, wrap(op, err)
		}
		out = append(out, v)
	}
	if err := rows.Err(); err != nil {
		return nil, wrap(op, err)
	}
	return out, nil
}

// orEmpty returns an empty slice for nil so JSON columns hold [] rather than null.
func orEmpty[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}
