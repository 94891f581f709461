package postgres

import (
	"context"
	"time"

	"github.com/handoffhq/handoff"
	"github.com/jackc/pgx/v5"
)

func scanEvent(s pgx.Row) (*handoff.Event, error) {
	var e handoff.Event
	var data []byte
	if err := s.Scan(&e.ID, &e.ConversationID, &e.Type, &data, &e.CreatedAt); err != nil {
		return nil, err
	}
	e.Data = rawValue(data)
	return &e, nil
}

// AppendEvent stores e, sets its ID and notifies EventChannel with the ID as payload; the
// notification is delivered when the transaction commits.
//
// The first append in a transaction takes a transaction-scoped advisory lock that later
// appenders wait for until this transaction ends, so event IDs are handed out in commit order:
// a reader that has seen ID N has seen every event committed with a lower ID, and resuming
// after N loses nothing. Appends should come last in a transaction (the engine flushes its
// events just before commit) so the lock is held only briefly.
func (tx *tx) AppendEvent(ctx context.Context, e *handoff.Event) error {
	e.CreatedAt = tx.stamp(e.CreatedAt)
	args := []any{e.ConversationID, e.Type, []byte(e.Data), e.CreatedAt, tx.db.channel}
	if tx.eventsLocked {
		if err := tx.tx.QueryRow(ctx, appendEvent, args...).Scan(&e.ID); err != nil {
			return wrap("append event", err)
		}
		return nil
	}
	// Lock and insert in one round trip; the server runs them in order.
	var b pgx.Batch
	b.Queue(`SELECT pg_advisory_xact_lock($1)`, tx.db.eventLock)
	b.Queue(appendEvent, args...).QueryRow(func(row pgx.Row) error { return row.Scan(&e.ID) })
	if err := tx.tx.SendBatch(ctx, &b).Close(); err != nil {
		return wrap("append event", err)
	}
	tx.eventsLocked = true
	return nil
}

// appendEvent inserts an event and notifies the event channel with its id.
const appendEvent = `WITH e AS (
		INSERT INTO events (conversation_id, type, data, created_at) VALUES ($1, $2, $3, $4) RETURNING id
	)
	SELECT e.id FROM e, LATERAL pg_notify($5, e.id::text)`

// ListEvents returns up to limit (0 means 100, at most 1000) events after afterID, oldest first;
// conversationID 0 means every conversation.
func (tx *tx) ListEvents(ctx context.Context, afterID, conversationID int64, limit int) ([]*handoff.Event, error) {
	limit = clamp(limit, 100, 1000)
	if conversationID == 0 {
		return queryAll(ctx, tx, "list events", scanEvent,
			`SELECT id, conversation_id, type, data, created_at FROM events WHERE id > $1 ORDER BY id LIMIT $2`, afterID, limit)
	}
	return queryAll(ctx, tx, "list events", scanEvent,
		`SELECT id, conversation_id, type, data, created_at FROM events WHERE conversation_id = $1 AND id > $2 ORDER BY id LIMIT $3`,
		conversationID, afterID, limit)
}

func scanScore(s pgx.Row) (*handoff.Score, error) {
	var sc handoff.Score
	var parts []byte
	if err := s.Scan(&sc.ConversationID, &sc.Channel, &sc.Rule, &sc.Total, &parts, &sc.CreatedAt); err != nil {
		return nil, err
	}
	var d decoder
	d.json(parts, &sc.Parts)
	return &sc, d.err
}

// PutScore creates or replaces the conversation's score; it returns ENOTFOUND for an unknown conversation.
func (tx *tx) PutScore(ctx context.Context, s *handoff.Score) error {
	s.CreatedAt = tx.stamp(s.CreatedAt)
	parts, err := jsonBytes(s.Parts)
	if err != nil {
		return wrap("put score", err)
	}
	_, err = tx.tx.Exec(ctx, `INSERT INTO scores (conversation_id, channel, rule, total, parts, created_at)
		VALUES ($1, $2, $3, $4, $5, $6)
		ON CONFLICT (conversation_id) DO UPDATE SET channel = EXCLUDED.channel, rule = EXCLUDED.rule,
		total = EXCLUDED.total, parts = EXCLUDED.parts, created_at = EXCLUDED.created_at`,
		s.ConversationID, s.Channel, s.Rule, s.Total, parts, s.CreatedAt)
	if isForeignKey(err) {
		return handoff.Errorf(handoff.ENOTFOUND, "conversation %d not found", s.ConversationID)
	} else if err != nil {
		return wrap("put score", err)
	}
	return nil
}

// ScoreByConversation returns the conversation's score or ENOTFOUND.
func (tx *tx) ScoreByConversation(ctx context.Context, conversationID int64) (*handoff.Score, error) {
	s, err := scanScore(tx.tx.QueryRow(ctx,
		`SELECT conversation_id, channel, rule, total, parts, created_at FROM scores WHERE conversation_id = $1`, conversationID))
	if err != nil {
		return nil, notFound(err, "score by conversation", "conversation %d has no score", conversationID)
	}
	return s, nil
}

// ListScores returns the scores created at or after since, oldest first.
func (tx *tx) ListScores(ctx context.Context, since time.Time) ([]*handoff.Score, error) {
	return queryAll(ctx, tx, "list scores", scanScore,
		`SELECT conversation_id, channel, rule, total, parts, created_at FROM scores WHERE created_at >= $1
		ORDER BY created_at, conversation_id`, since)
}

// MarkSeen records (source, key) and reports whether it was new.
func (tx *tx) MarkSeen(ctx context.Context, source, key string, at time.Time) (bool, error) {
	tag, err := tx.tx.Exec(ctx, `INSERT INTO seen (source, key, at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`,
		source, key, tx.stamp(at))
	if err != nil {
		return false, wrap("mark seen", err)
	}
	return tag.RowsAffected() == 1, nil
}
