package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/handoffhq/handoff"
)

func scanEvent(s scanner) (*handoff.Event, error) {
	var e handoff.Event
	var data sql.NullString
	var created string
	if err := s.Scan(&e.ID, &e.ConversationID, &e.Type, &data, &created); err != nil {
		return nil, err
	}
	var d decoder
	e.Data = rawValue(data)
	e.CreatedAt = d.time(created)
	return &e, d.err
}

// AppendEvent stores e and sets its ID, greater than every ID handed out before (even deleted ones).
func (tx *tx) AppendEvent(ctx context.Context, e *handoff.Event) error {
	e.CreatedAt = tx.stamp(e.CreatedAt)
	res, err := tx.exec(ctx, `INSERT INTO events (conversation_id, type, data, created_at) VALUES (?, ?, ?, ?)`,
		e.ConversationID, e.Type, rawText(e.Data), fmtTime(e.CreatedAt))
	if err != nil {
		return fmt.Errorf("append event: %w", err)
	}
	if e.ID, err = res.LastInsertId(); err != nil {
		return fmt.Errorf("append event: %w", err)
	}
	return nil
}

// ListEvents returns up to limit (0 means 100, at most 1000) events after afterID, oldest first;
// conversationID 0 means every conversation.
func (tx *tx) ListEvents(ctx context.Context, afterID, conversationID int64, limit int) ([]*handoff.Event, error) {
	limit = clamp(limit, 100, 1000)
	if conversationID == 0 {
		return queryAll(ctx, tx, "list events", scanEvent,
			`SELECT id, conversation_id, type, data, created_at FROM events WHERE id > ? ORDER BY id LIMIT ?`, afterID, limit)
	}
	return queryAll(ctx, tx, "list events", scanEvent,
		`SELECT id, conversation_id, type, data, created_at FROM events WHERE conversation_id = ? AND id > ? ORDER BY id LIMIT ?`,
		conversationID, afterID, limit)
}

func scanScore(s scanner) (*handoff.Score, error) {
	var sc handoff.Score
	var parts, created string
	if err := s.Scan(&sc.ConversationID, &sc.Channel, &sc.Rule, &sc.Total, &parts, &created); err != nil {
		return nil, err
	}
	var d decoder
	d.json(parts, &sc.Parts)
	sc.CreatedAt = d.time(created)
	return &sc, d.err
}

// PutScore creates or replaces the conversation's score; it returns ENOTFOUND for an unknown conversation.
func (tx *tx) PutScore(ctx context.Context, s *handoff.Score) error {
	s.CreatedAt = tx.stamp(s.CreatedAt)
	parts, err := jsonText(s.Parts)
	if err != nil {
		return fmt.Errorf("put score: %w", err)
	}
	_, err = tx.exec(ctx, `INSERT INTO scores (conversation_id, channel, rule, total, parts, created_at)
		VALUES (?, ?, ?, ?, ?, ?)
		ON CONFLICT (conversation_id) DO UPDATE SET channel = excluded.channel, rule = excluded.rule,
		total = excluded.total, parts = excluded.parts, created_at = excluded.created_at`,
		s.ConversationID, s.Channel, s.Rule, s.Total, parts, fmtTime(s.CreatedAt))
	if isForeignKey(err) {
		return handoff.Errorf(handoff.ENOTFOUND, "conversation %d not found", s.ConversationID)
	} else if err != nil {
		return fmt.Errorf("put score: %w", err)
	}
	return nil
}

// ScoreByConversation returns the conversation's score or ENOTFOUND.
func (tx *tx) ScoreByConversation(ctx context.Context, conversationID int64) (*handoff.Score, error) {
	s, err := scanScore(tx.queryRow(ctx,
		`SELECT conversation_id, channel, rule, total, parts, created_at FROM scores WHERE conversation_id = ?`, conversationID))
	if err != nil {
		return nil, notFound(err, "score by conversation", "conversation %d has no score", conversationID)
	}
	return s, nil
}

// ListScores returns the scores created at or after since, oldest first.
func (tx *tx) ListScores(ctx context.Context, since time.Time) ([]*handoff.Score, error) {
	return queryAll(ctx, tx, "list scores", scanScore,
		`SELECT conversation_id, channel, rule, total, parts, created_at FROM scores WHERE created_at >= ?
		ORDER BY created_at, conversation_id`, fmtTime(since))
}

// MarkSeen records (source, key) and reports whether it was new.
func (tx *tx) MarkSeen(ctx context.Context, source, key string, at time.Time) (bool, error) {
	res, err := tx.exec(ctx, `INSERT INTO seen (source, key, at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING`,
		source, key, fmtTime(tx.stamp(at)))
	if err != nil {
		return false, fmt.Errorf("mark seen: %w", err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return false, fmt.Errorf("mark seen: %w", err)
	}
	return n == 1, nil
}
