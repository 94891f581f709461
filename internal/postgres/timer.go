package postgres

import (
	"context"
	"strconv"
	"strings"
	"time"

	"github.com/handoffhq/handoff"
	"github.com/jackc/pgx/v5"
)

const timerColumns = `id, conversation_id, kind, due_at, level, locked_until, created_at`

func scanTimer(s pgx.Row) (*handoff.Timer, error) {
	var t handoff.Timer
	if err := s.Scan(&t.ID, &t.ConversationID, &t.Kind, &t.DueAt, &t.Level, &t.LockedUntil, &t.CreatedAt); err != nil {
		return nil, err
	}
	return &t, nil
}

// PutTimer creates or replaces the timer of t.Kind for t.ConversationID and sets t.ID.
// A replacement gets a new ID, so a scheduler still holding the old one cannot delete it.
// It returns ENOTFOUND for an unknown conversation.
func (tx *tx) PutTimer(ctx context.Context, t *handoff.Timer) error {
	t.CreatedAt = tx.stamp(t.CreatedAt)
	t.DueAt, t.LockedUntil = trunc(t.DueAt), trunc(t.LockedUntil)
	// EXCLUDED.id is the fresh value the insert drew from the sequence.
	err := tx.tx.QueryRow(ctx, `INSERT INTO timers (conversation_id, kind, due_at, level, locked_until, created_at)
		VALUES ($1, $2, $3, $4, $5, $6)
		ON CONFLICT (conversation_id, kind) DO UPDATE SET id = EXCLUDED.id, due_at = EXCLUDED.due_at,
			level = EXCLUDED.level, locked_until = EXCLUDED.locked_until, created_at = EXCLUDED.created_at
		RETURNING id`,
		t.ConversationID, t.Kind, t.DueAt, t.Level, t.LockedUntil, t.CreatedAt).Scan(&t.ID)
	if isForeignKey(err) {
		return handoff.Errorf(handoff.ENOTFOUND, "conversation %d not found", t.ConversationID)
	} else if err != nil {
		return wrap("put timer", err)
	}
	return nil
}

// DeleteTimers removes the conversation's timers of kind, or all of them when kind is "".
func (tx *tx) DeleteTimers(ctx context.Context, conversationID int64, kind string) error {
	var err error
	if kind == "" {
		_, err = tx.tx.Exec(ctx, `DELETE FROM timers WHERE conversation_id = $1`, conversationID)
	} else {
		_, err = tx.tx.Exec(ctx, `DELETE FROM timers WHERE conversation_id = $1 AND kind = $2`, conversationID, kind)
	}
	if err != nil {
		return wrap("delete timers", err)
	}
	return nil
}

// DeleteTimer removes one timer; a timer that is already gone is not an error.
func (tx *tx) DeleteTimer(ctx context.Context, id int64) error {
	if _, err := tx.tx.Exec(ctx, `DELETE FROM timers WHERE id = $1`, id); err != nil {
		return wrap("delete timer", err)
	}
	return nil
}

// ListTimers returns the conversation's timers, soonest first.
func (tx *tx) ListTimers(ctx context.Context, conversationID int64) ([]*handoff.Timer, error) {
	return queryAll(ctx, tx, "list timers", scanTimer,
		`SELECT `+timerColumns+` FROM timers WHERE conversation_id = $1 ORDER BY due_at, id`, conversationID)
}

// ClaimDueTimers leases up to limit (0 means 100, at most 1000) timers due at now that nobody
// holds, soonest first, until now+lease. Rows another transaction is claiming are skipped
// (FOR UPDATE SKIP LOCKED), so concurrent claimers in any number of processes never get the
// same row; a row whose lease ran out is handed out again.
func (tx *tx) ClaimDueTimers(ctx context.Context, now time.Time, lease time.Duration, limit int) ([]*handoff.Timer, error) {
	until := trunc(now.Add(lease))
	return queryAll(ctx, tx, "claim timers", scanTimer, `WITH due AS (
			SELECT id FROM timers WHERE due_at <= $1 AND locked_until <= $1
			ORDER BY due_at, id LIMIT $3 FOR UPDATE SKIP LOCKED
		), claimed AS (
			UPDATE timers SET locked_until = $2 FROM due WHERE timers.id = due.id
			RETURNING timers.id, conversation_id, kind, due_at, level, locked_until, created_at
		)
		SELECT `+timerColumns+` FROM claimed ORDER BY due_at, id`,
		now, until, clamp(limit, 100, 1000))
}

const outboxColumns = `id, conversation_id, kind, target, payload, status, attempts, next_attempt_at, last_error, locked_until, created_at, delivered_at`

func scanOutbox(s pgx.Row) (*handoff.OutboxItem, error) {
	var o handoff.OutboxItem
	var payload []byte
	if err := s.Scan(&o.ID, &o.ConversationID, &o.Kind, &o.Target, &payload, &o.Status, &o.Attempts,
		&o.NextAttemptAt, &o.LastError, &o.LockedUntil, &o.CreatedAt, &o.DeliveredAt); err != nil {
		return nil, err
	}
	o.Payload = rawValue(payload)
	return &o, nil
}

// CreateOutbox inserts o and sets its ID; an empty Status becomes pending, a zero CreatedAt now.
// A zero NextAttemptAt makes the item due at once.
func (tx *tx) CreateOutbox(ctx context.Context, o *handoff.OutboxItem) error {
	o.CreatedAt = tx.stamp(o.CreatedAt)
	o.NextAttemptAt, o.LockedUntil = trunc(o.NextAttemptAt), trunc(o.LockedUntil)
	if o.Status == "" {
		o.Status = handoff.OutboxPending
	}
	err := tx.tx.QueryRow(ctx, `INSERT INTO outbox
		(conversation_id, kind, target, payload, status, attempts, next_attempt_at, last_error, locked_until, created_at, delivered_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id`,
		o.ConversationID, o.Kind, o.Target, []byte(o.Payload), o.Status, o.Attempts, o.NextAttemptAt,
		o.LastError, o.LockedUntil, o.CreatedAt, o.DeliveredAt).Scan(&o.ID)
	if err != nil {
		return wrap("create outbox", err)
	}
	return nil
}

// ClaimOutbox leases up to limit (0 means 100, at most 1000) pending items due at now that
// nobody holds, oldest due first, until now+lease; like ClaimDueTimers, each row goes to one
// claimer only.
func (tx *tx) ClaimOutbox(ctx context.Context, now time.Time, lease time.Duration, limit int) ([]*handoff.OutboxItem, error) {
	until := trunc(now.Add(lease))
	return queryAll(ctx, tx, "claim outbox", scanOutbox, `WITH due AS (
			SELECT id FROM outbox WHERE status = $4 AND next_attempt_at <= $1 AND locked_until <= $1
			ORDER BY next_attempt_at, id LIMIT $3 FOR UPDATE SKIP LOCKED
		), claimed AS (
			UPDATE outbox SET locked_until = $2 FROM due WHERE outbox.id = due.id
			RETURNING outbox.id, conversation_id, kind, target, payload, status, attempts, next_attempt_at,
				last_error, locked_until, created_at, delivered_at
		)
		SELECT `+outboxColumns+` FROM claimed ORDER BY next_attempt_at, id`,
		now, until, clamp(limit, 100, 1000), handoff.OutboxPending)
}

// UpdateOutbox writes the delivery state of o (status, attempts, next attempt, last error,
// lease, delivered time); it returns ENOTFOUND for an unknown id.
func (tx *tx) UpdateOutbox(ctx context.Context, o *handoff.OutboxItem) error {
	o.NextAttemptAt, o.LockedUntil = trunc(o.NextAttemptAt), trunc(o.LockedUntil)
	tag, err := tx.tx.Exec(ctx, `UPDATE outbox SET status = $1, attempts = $2, next_attempt_at = $3, last_error = $4,
		locked_until = $5, delivered_at = $6 WHERE id = $7`,
		o.Status, o.Attempts, o.NextAttemptAt, o.LastError, o.LockedUntil, o.DeliveredAt, o.ID)
	if err != nil {
		return wrap("update outbox", err)
	}
	return mustAffect(tag, "outbox item %d not found", o.ID)
}

// ListOutbox returns matching items, oldest first; Limit 0 means 100, at most 1000.
func (tx *tx) ListOutbox(ctx context.Context, f handoff.OutboxFilter) ([]*handoff.OutboxItem, error) {
	var where []string
	var args []any
	arg := func(v any) string {
		args = append(args, v)
		return "$" + strconv.Itoa(len(args))
	}
	if f.Status != "" {
		where = append(where, "status = "+arg(f.Status))
	}
	if f.ConversationID != 0 {
		where = append(where, "conversation_id = "+arg(f.ConversationID))
	}
	cond := ""
	if len(where) > 0 {
		cond = " WHERE " + strings.Join(where, " AND ")
	}
	return queryAll(ctx, tx, "list outbox", scanOutbox,
		`SELECT `+outboxColumns+` FROM outbox`+cond+` ORDER BY id LIMIT `+arg(clamp(f.Limit, 100, 1000)), args...)
}
