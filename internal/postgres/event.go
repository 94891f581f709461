package postgres

import (
	"context"
	"fmt"
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

// AppendEvent stores e and sets its ID. Appends take no lock: transactions on any number of
// instances append concurrently, so ids are not handed out in commit order, and a reader can see
// id N+1 while N is still being committed. Readers that need a gap-free stream use
// EventWriters and LastEventID (see the package documentation). Appends should come last in a
// transaction (the engine flushes its events just before commit), which keeps the time between an
// id being drawn and its commit short.
//
// When the transaction commits, the store notifies its event channel with the highest id it
// appended (see the package documentation).
//
// The INSERT is deferred to the transaction's next round trip, normally its COMMIT; e.ID is set
// when that round trip's results are read, at the latest before Write returns, and an error
// is returned by the call that sends it, and then by Write.
func (tx *tx) AppendEvent(ctx context.Context, e *handoff.Event) error {
	e.CreatedAt = tx.stamp(e.CreatedAt)
	tx.appending++
	tx.tx.later(appendEvent, []any{e.ConversationID, e.Type, []byte(e.Data), e.CreatedAt}, func(row pgx.Row) error {
		tx.appending--
		if err := row.Scan(&e.ID); err != nil {
			return wrap("append event", err)
		}
		tx.lastEvent = max(tx.lastEvent, e.ID)
		return nil
	})
	return nil
}

// appendEvent inserts an event and returns its id.
const appendEvent = `INSERT INTO events (conversation_id, type, data, created_at) VALUES ($1, $2, $3, $4) RETURNING id`

// eventWriters lists the transactions that hold the lock every INSERT into events takes on the
// table (RowExclusiveLock, held until the transaction ends), optionally only those in $1. pg_locks
// is not transactional: it shows the lock table as it is when the statement reads it.
const eventWriters = `SELECT COALESCE(array_agg(DISTINCT virtualtransaction), '{}') FROM pg_locks
	WHERE locktype = 'relation' AND mode = 'RowExclusiveLock'
	AND database = (SELECT oid FROM pg_database WHERE datname = current_database())
	AND relation = 'events'::regclass AND pid <> pg_backend_pid()
	AND ($1::text[] IS NULL OR virtualtransaction = ANY ($1::text[]))`

// EventWriters returns the transactions that may still commit an event id already drawn: those
// that have inserted into the events table (on any instance) and not yet ended. With among
// non-nil it returns only those of among that are still running. Transactions are named by
// PostgreSQL's virtual transaction id, which is never reused while the server runs.
//
// Every INSERT into events locks the table before it draws an id and keeps the lock until its
// transaction ends, so: if a read sees id N committed while a lower id M is missing, and a later
// EventWriters returns W, then M's transaction is in W or has ended; once none of W is still
// running, a read that starts afterwards sees M, or M was rolled back and never appears.
func (db *DB) EventWriters(ctx context.Context, among []string) ([]string, error) {
	if among != nil && len(among) == 0 {
		return []string{}, nil
	}
	var w []string
	if err := db.pool.QueryRow(ctx, eventWriters, among).Scan(&w); err != nil {
		return nil, fmt.Errorf("event writers: %w", err)
	}
	return w, nil
}

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
