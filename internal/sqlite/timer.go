package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/handoffhq/handoff"
)

const timerColumns = `id, conversation_id, kind, due_at, level, locked_until, created_at`

func scanTimer(s scanner) (*handoff.Timer, error) {
	var t handoff.Timer
	var due, locked, created string
	if err := s.Scan(&t.ID, &t.ConversationID, &t.Kind, &due, &t.Level, &locked, &created); err != nil {
		return nil, err
	}
	var d decoder
	t.DueAt, t.LockedUntil, t.CreatedAt = d.time(due), d.time(locked), d.time(created)
	return &t, d.err
}

// PutTimer creates or replaces the timer of t.Kind for t.ConversationID and sets t.ID.
// A replacement gets a new ID, so a scheduler still holding the old one cannot delete it.
// It returns ENOTFOUND for an unknown conversation.
func (tx *tx) PutTimer(ctx context.Context, t *handoff.Timer) error {
	t.CreatedAt = tx.stamp(t.CreatedAt)
	if _, err := tx.exec(ctx, `DELETE FROM timers WHERE conversation_id = ? AND kind = ?`, t.ConversationID, t.Kind); err != nil {
		return fmt.Errorf("put timer: %w", err)
	}
	res, err := tx.exec(ctx, `INSERT INTO timers (conversation_id, kind, due_at, level, locked_until, created_at)
		VALUES (?, ?, ?, ?, ?, ?)`,
		t.ConversationID, t.Kind, fmtTime(t.DueAt), t.Level, fmtTime(t.LockedUntil), fmtTime(t.CreatedAt))
	if isForeignKey(err) {
		return handoff.Errorf(handoff.ENOTFOUND, "conversation %d not found", t.ConversationID)
	} else if err != nil {
		return fmt.Errorf("put timer: %w", err)
	}
	if t.ID, err = res.LastInsertId(); err != nil {
		return fmt.Errorf("put timer: %w", err)
	}
	return nil
}

// DeleteTimers removes the conversation's timers of kind, or all of them when kind is "".
func (tx *tx) DeleteTimers(ctx context.Context, conversationID int64, kind string) error {
	var err error
	if kind == "" {
		_, err = tx.exec(ctx, `DELETE FROM timers WHERE conversation_id = ?`, conversationID)
	} else {
		_, err = tx.exec(ctx, `DELETE FROM timers WHERE conversation_id = ? AND kind = ?`, conversationID, kind)
	}
	if err != nil {
		return fmt.Errorf("delete timers: %w", err)
	}
	return nil
}

// DeleteTimer removes one timer; a timer that is already gone is not an error.
func (tx *tx) DeleteTimer(ctx context.Context, id int64) error {
	if _, err := tx.exec(ctx, `DELETE FROM timers WHERE id = ?`, id); err != nil {
		return fmt.Errorf("delete timer: %w", err)
	}
	return nil
}

// ListTimers returns the conversation's timers, soonest first.
func (tx *tx) ListTimers(ctx context.Context, conversationID int64) ([]*handoff.Timer, error) {
	return queryAll(ctx, tx, "list timers", scanTimer,
		`SELECT `+timerColumns+` FROM timers WHERE conversation_id = ? ORDER BY due_at, id`, conversationID)
}

// ClaimDueTimers leases up to limit (0 means 100) timers due at now that nobody holds, soonest
// first, until now+lease. The write transaction is the only writer, so no row goes to two claimers.
func (tx *tx) ClaimDueTimers(ctx context.Context, now time.Time, lease time.Duration, limit int) ([]*handoff.Timer, error) {
	ts := fmtTime(now)
	list, err := queryAll(ctx, tx, "claim timers", scanTimer,
		`SELECT `+timerColumns+` FROM timers WHERE due_at <= ? AND locked_until <= ? ORDER BY due_at, id LIMIT ?`,
		ts, ts, clamp(limit, 100, 1000))
	if err != nil {
		return nil, err
	}
	until := now.Add(lease)
	if err := tx.lock(ctx, "timers", until, ids(list, func(t *handoff.Timer) int64 { return t.ID })); err != nil {
		return nil, fmt.Errorf("claim timers: %w", err)
	}
	for _, t := range list {
		t.LockedUntil = until.UTC()
	}
	return list, nil
}

// ids maps list to a JSON array of row ids.
func ids[T any](list []*T, id func(*T) int64) string {
	b := []byte{'['}
	for i, v := range list {
		if i > 0 {
			b = append(b, ',')
		}
		b = strconv.AppendInt(b, id(v), 10)
	}
	return string(append(b, ']'))
}

// lock sets locked_until on the rows of table whose ids are in the JSON array.
func (tx *tx) lock(ctx context.Context, table string, until time.Time, ids string) error {
	if ids == "[]" {
		return nil
	}
	_, err := tx.exec(ctx, `UPDATE `+table+` SET locked_until = ? WHERE id IN (SELECT value FROM json_each(?))`, fmtTime(until), ids)
	return err
}

const outboxColumns = `id, conversation_id, kind, target, payload, status, attempts, next_attempt_at, last_error, locked_until, created_at, delivered_at`

func scanOutbox(s scanner) (*handoff.OutboxItem, error) {
	var (
		o                     handoff.OutboxItem
		payload, delivered    sql.NullString
		next, locked, created string
	)
	if err := s.Scan(&o.ID, &o.ConversationID, &o.Kind, &o.Target, &payload, &o.Status, &o.Attempts,
		&next, &o.LastError, &locked, &created, &delivered); err != nil {
		return nil, err
	}
	var d decoder
	o.Payload = rawValue(payload)
	o.NextAttemptAt, o.LockedUntil, o.CreatedAt = d.time(next), d.time(locked), d.time(created)
	o.DeliveredAt = d.timePtr(delivered)
	return &o, d.err
}

// CreateOutbox inserts o and sets its ID; an empty Status becomes pending, a zero CreatedAt now.
// A zero NextAttemptAt makes the item due at once.
func (tx *tx) CreateOutbox(ctx context.Context, o *handoff.OutboxItem) error {
	o.CreatedAt = tx.stamp(o.CreatedAt)
	if o.Status == "" {
		o.Status = handoff.OutboxPending
	}
	res, err := tx.exec(ctx, `INSERT INTO outbox
		(conversation_id, kind, target, payload, status, attempts, next_attempt_at, last_error, locked_until, created_at, delivered_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		o.ConversationID, o.Kind, o.Target, rawText(o.Payload), o.Status, o.Attempts, fmtTime(o.NextAttemptAt),
		o.LastError, fmtTime(o.LockedUntil), fmtTime(o.CreatedAt), fmtTimePtr(o.DeliveredAt))
	if err != nil {
		return fmt.Errorf("create outbox: %w", err)
	}
	if o.ID, err = res.LastInsertId(); err != nil {
		return fmt.Errorf("create outbox: %w", err)
	}
	return nil
}

// ClaimOutbox leases up to limit (0 means 100) pending items due at now that nobody holds,
// oldest due first, until now+lease.
func (tx *tx) ClaimOutbox(ctx context.Context, now time.Time, lease time.Duration, limit int) ([]*handoff.OutboxItem, error) {
	ts := fmtTime(now)
	list, err := queryAll(ctx, tx, "claim outbox", scanOutbox,
		`SELECT `+outboxColumns+` FROM outbox WHERE status = ? AND next_attempt_at <= ? AND locked_until <= ?
		ORDER BY next_attempt_at, id LIMIT ?`,
		handoff.OutboxPending, ts, ts, clamp(limit, 100, 1000))
	if err != nil {
		return nil, err
	}
	until := now.Add(lease)
	if err := tx.lock(ctx, "outbox", until, ids(list, func(o *handoff.OutboxItem) int64 { return o.ID })); err != nil {
		return nil, fmt.Errorf("claim outbox: %w", err)
	}
	for _, o := range list {
		o.LockedUntil = until.UTC()
	}
	return list, nil
}

// UpdateOutbox writes the delivery state of o (status, attempts, next attempt, last error,
// lease, delivered time); it returns ENOTFOUND for an unknown id.
func (tx *tx) UpdateOutbox(ctx context.Context, o *handoff.OutboxItem) error {
	res, err := tx.exec(ctx, `UPDATE outbox SET status = ?, attempts = ?, next_attempt_at = ?, last_error = ?,
		locked_until = ?, delivered_at = ? WHERE id = ?`,
		o.Status, o.Attempts, fmtTime(o.NextAttemptAt), o.LastError, fmtTime(o.LockedUntil), fmtTimePtr(o.DeliveredAt), o.ID)
	if err != nil {
		return fmt.Errorf("update outbox: %w", err)
	}
	return mustAffect(res, "update outbox", "outbox item %d not found", o.ID)
}

// ListOutbox returns matching items, oldest first; Limit 0 means 100, at most 1000.
func (tx *tx) ListOutbox(ctx context.Context, f handoff.OutboxFilter) ([]*handoff.OutboxItem, error) {
	var where []string
	var args []any
	if f.Status != "" {
		where, args = append(where, "status = ?"), append(args, f.Status)
	}
	if f.ConversationID != 0 {
		where, args = append(where, "conversation_id = ?"), append(args, f.ConversationID)
	}
	cond := ""
	if len(where) > 0 {
		cond = " WHERE " + strings.Join(where, " AND ")
	}
	return queryAll(ctx, tx, "list outbox", scanOutbox,
		`SELECT `+outboxColumns+` FROM outbox`+cond+` ORDER BY id LIMIT ?`, append(args, clamp(f.Limit, 100, 1000))...)
}
