package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"
	"unsafe"

	"github.com/handoffhq/handoff"
)

var _ handoff.Tx = (*tx)(nil)

// tx implements handoff.Tx on one database/sql transaction.
type tx struct {
	tx    *sql.Tx
	stmts *stmtCache
	now   handoff.Clock
}

// timeLayout is fixed-width so stored times sort as text.
const timeLayout = "2006-01-02T15:04:05.000000000Z"

// fmtTime encodes t as UTC text.
func fmtTime(t time.Time) string { return t.UTC().Format(timeLayout) }

// fmtTimePtr encodes t, or NULL for nil.
func fmtTimePtr(t *time.Time) any {
	if t == nil {
		return nil
	}
	return fmtTime(*t)
}

// parseTime decodes a stored time.
func parseTime(s string) (time.Time, error) {
	t, err := time.Parse(timeLayout, s)
	if err != nil {
		return time.Time{}, fmt.Errorf("bad stored time %q: %w", s, err)
	}
	return t, nil
}

// parseTimePtr decodes a nullable stored time.
func parseTimePtr(s sql.NullString) (*time.Time, error) {
	if !s.Valid {
		return nil, nil
	}
	t, err := parseTime(s.String)
	if err != nil {
		return nil, err
	}
	return &t, nil
}

// stamp returns t, or the store's clock in UTC when t is zero.
func (tx *tx) stamp(t time.Time) time.Time {
	if t.IsZero() {
		return tx.now().UTC()
	}
	return t
}

// jsonText encodes v for a JSON column. The text shares the encoder's fresh bytes, which nothing
// else holds: statements copy the values they bind.
func jsonText(v any) (string, error) {
	b, err := json.Marshal(v)
	if err != nil {
		return "", err
	}
	return unsafe.String(unsafe.SliceData(b), len(b)), nil
}

// rawText stores a raw JSON value as given; nil becomes NULL. The text shares m's bytes for the
// statement that binds it, which copies them.
func rawText(m json.RawMessage) any {
	if m == nil {
		return nil
	}
	return unsafe.String(unsafe.SliceData(m), len(m))
}

// rawValue reads a raw JSON column back.
func rawValue(s sql.NullString) json.RawMessage {
	if !s.Valid {
		return nil
	}
	return json.RawMessage(s.String)
}

// decoder collects the first error while decoding several columns of one row.
type decoder struct{ err error }

func (d *decoder) time(s string) time.Time {
	t, err := parseTime(s)
	if err != nil && d.err == nil {
		d.err = err
	}
	return t
}

func (d *decoder) timePtr(s sql.NullString) *time.Time {
	t, err := parseTimePtr(s)
	if err != nil && d.err == nil {
		d.err = err
	}
	return t
}

func (d *decoder) json(s string, v any) {
	if err := json.Unmarshal([]byte(s), v); err != nil && d.err == nil {
		d.err = fmt.Errorf("bad stored JSON: %w", err)
	}
}

// scanner is a *sql.Row or *sql.Rows.
type scanner interface{ Scan(dest ...any) error }

// notFound turns sql.ErrNoRows into an ENOTFOUND error built from format and args.
func notFound(err error, op string, format string, args ...any) error {
	if errors.Is(err, sql.ErrNoRows) {
		return handoff.Errorf(handoff.ENOTFOUND, format, args...)
	}
	return fmt.Errorf("%s: %w", op, err)
}

// mustAffect returns an ENOTFOUND error when res changed no row.
func mustAffect(res sql.Result, op string, format string, args ...any) error {
	n, err := res.RowsAffected()
	if err != nil {
		return fmt.Errorf("%s: %w", op, err)
	}
	if n == 0 {
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

// queryAll runs q and scans every row with scan.
func queryAll[T any](ctx context.Context, tx *tx, op string, scan func(scanner) (*T, error), q string, args ...any) ([]*T, error) {
	rows, err := tx.query(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", op, err)
	}
	defer rows.Close()
	out := []*T{}
	for rows.Next() {
		v, err := scan(rows)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", op, err)
		}
		out = append(out, v)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("%s: %w", op, err)
	}
	return out, nil
}
