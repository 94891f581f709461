package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"slices"

	"github.com/handoffhq/handoff"
)

const messageColumns = `id, conversation_id, role, text, external_id, source, author, confidence, attachments, signals, created_at`

func scanMessage(s scanner) (*handoff.Message, error) { return scanMessageWith(s) }

// scanMessageWith reads a message's columns, then the extra ones into extra.
func scanMessageWith(s scanner, extra ...any) (*handoff.Message, error) {
	var (
		m                 handoff.Message
		role, attachments string
		created           string
		confidence        sql.NullFloat64
		signals           sql.NullString
	)
	dest := []any{&m.ID, &m.ConversationID, &role, &m.Text, &m.ExternalID, &m.Source, &m.Author,
		&confidence, &attachments, &signals, &created}
	if err := s.Scan(append(dest, extra...)...); err != nil {
		return nil, err
	}
	var d decoder
	m.Role = handoff.Role(role)
	if confidence.Valid {
		m.Confidence = &confidence.Float64
	}
	d.json(attachments, &m.Attachments)
	if m.Attachments == nil {
		m.Attachments = []handoff.Attachment{}
	}
	if signals.Valid {
		m.Signals = new(handoff.Signals)
		d.json(signals.String, m.Signals)
	}
	m.CreatedAt = d.time(created)
	return &m, d.err
}

// CreateMessage inserts m, stamped with its conversation's channel, with ev (nil: none) as the
// evaluation of its turn, and sets their IDs. It returns ENOTFOUND for an unknown conversation
// and ECONFLICT when the channel already has a message with m.ExternalID.
func (tx *tx) CreateMessage(ctx context.Context, m *handoff.Message, ev *handoff.Evaluation) error {
	m.CreatedAt = tx.stamp(m.CreatedAt)
	attachments := m.Attachments
	if attachments == nil {
		attachments = []handoff.Attachment{}
	}
	attachmentsJSON, err := jsonText(attachments)
	if err != nil {
		return fmt.Errorf("create message: %w", err)
	}
	var signals, evaluation any
	if m.Signals != nil {
		if signals, err = jsonText(m.Signals); err != nil {
			return fmt.Errorf("create message: %w", err)
		}
	}
	if ev != nil {
		if evaluation, err = jsonText(ev.Record(m)); err != nil {
			return fmt.Errorf("create message: %w", err)
		}
	}
	var confidence any
	if m.Confidence != nil {
		confidence = *m.Confidence
	}
	res, err := tx.exec(ctx, `INSERT INTO messages
		(conversation_id, channel, role, text, external_id, source, author, confidence, attachments, signals, created_at, evaluation)
		SELECT id, channel, ?, ?, ?, ?, ?, ?, ?, ?, ?, ? FROM conversations WHERE id = ?`,
		string(m.Role), m.Text, m.ExternalID, m.Source, m.Author, confidence, attachmentsJSON, signals,
		fmtTime(m.CreatedAt), evaluation, m.ConversationID)
	if isUnique(err) {
		return handoff.Errorf(handoff.ECONFLICT, "message %q already exists on this channel", m.ExternalID)
	} else if err != nil {
		return fmt.Errorf("create message: %w", err)
	}
	if err := mustAffect(res, "create message", "conversation %d not found", m.ConversationID); err != nil {
		return err
	}
	if m.ID, err = res.LastInsertId(); err != nil {
		return fmt.Errorf("create message: %w", err)
	}
	if ev != nil {
		ev.StoredWith(m)
	}
	return nil
}

// MessageByExternalID returns the message with the channel's own id, or ENOTFOUND.
func (tx *tx) MessageByExternalID(ctx context.Context, channel, externalID string) (*handoff.Message, error) {
	if externalID == "" {
		return nil, handoff.Errorf(handoff.ENOTFOUND, "message with an empty external id not found")
	}
	m, err := scanMessage(tx.queryRow(ctx,
		`SELECT `+messageColumns+` FROM messages WHERE channel = ? AND external_id = ? AND external_id <> ''`, channel, externalID))
	if err != nil {
		return nil, notFound(err, "message by external id", "message %q on channel %s not found", externalID, channel)
	}
	return m, nil
}

// ListMessages returns the conversation's messages in the order they were stored.
func (tx *tx) ListMessages(ctx context.Context, conversationID int64) ([]*handoff.Message, error) {
	return queryAll(ctx, tx, "list messages", scanMessage,
		`SELECT `+messageColumns+` FROM messages WHERE conversation_id = ? ORDER BY id`, conversationID)
}

// RecentMessages returns the conversation's last limit messages with an ID above afterID, oldest first.
func (tx *tx) RecentMessages(ctx context.Context, conversationID, afterID int64, limit int) ([]*handoff.Message, error) {
	msgs, err := queryAll(ctx, tx, "recent messages", scanMessage,
		`SELECT `+messageColumns+` FROM messages WHERE conversation_id = ? AND id > ? ORDER BY id DESC LIMIT ?`,
		conversationID, afterID, max(limit, 0))
	slices.Reverse(msgs)
	return msgs, err
}

const evaluationColumns = `id, conversation_id, message_id, signals, fired, near_misses, outcomes, explanation, state_before, state_after, created_at`

func scanEvaluation(s scanner) (*handoff.Evaluation, error) {
	var (
		e                                   handoff.Evaluation
		signals, fired, nearMisses, outcome string
		before, after, created              string
	)
	if err := s.Scan(&e.ID, &e.ConversationID, &e.MessageID, &signals, &fired, &nearMisses, &outcome,
		&e.Explanation, &before, &after, &created); err != nil {
		return nil, err
	}
	var d decoder
	d.json(signals, &e.Signals)
	d.json(fired, &e.Fired)
	d.json(nearMisses, &e.NearMisses)
	d.json(outcome, &e.Outcomes)
	if e.Fired == nil {
		e.Fired = []handoff.FiredRule{}
	}
	if e.NearMisses == nil {
		e.NearMisses = []handoff.NearMiss{}
	}
	if e.Outcomes == nil {
		e.Outcomes = []handoff.RuleOutcome{}
	}
	e.StateBefore, e.StateAfter = handoff.State(before), handoff.State(after)
	e.CreatedAt = d.time(created)
	return &e, d.err
}

// CreateEvaluation inserts e, an evaluation without a stored message, and sets its ID; it
// returns ENOTFOUND for an unknown conversation.
func (tx *tx) CreateEvaluation(ctx context.Context, e *handoff.Evaluation) error {
	e.CreatedAt = tx.stamp(e.CreatedAt)
	var cols [4]string
	for i, v := range []any{e.Signals, orEmpty(e.Fired), orEmpty(e.NearMisses), orEmpty(e.Outcomes)} {
		s, err := jsonText(v)
		if err != nil {
			return fmt.Errorf("create evaluation: %w", err)
		}
		cols[i] = s
	}
	res, err := tx.exec(ctx, `INSERT INTO evaluations
		(conversation_id, message_id, signals, fired, near_misses, outcomes, explanation, state_before, state_after, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		e.ConversationID, e.MessageID, cols[0], cols[1], cols[2], cols[3], e.Explanation,
		string(e.StateBefore), string(e.StateAfter), fmtTime(e.CreatedAt))
	if isForeignKey(err) {
		return handoff.Errorf(handoff.ENOTFOUND, "conversation %d not found", e.ConversationID)
	} else if err != nil {
		return fmt.Errorf("create evaluation: %w", err)
	}
	if e.ID, err = res.LastInsertId(); err != nil {
		return fmt.Errorf("create evaluation: %w", err)
	}
	return nil
}

// scanMessageEvaluation reads a message with the evaluation stored in its row.
func scanMessageEvaluation(s scanner) (*handoff.Evaluation, error) {
	var evaluation string
	m, err := scanMessageWith(s, &evaluation)
	if err != nil {
		return nil, err
	}
	return handoff.EvaluationOf(m, []byte(evaluation))
}

// ListEvaluations returns the conversation's evaluations, those stored with its messages and those
// stored on their own, oldest first.
func (tx *tx) ListEvaluations(ctx context.Context, conversationID int64) ([]*handoff.Evaluation, error) {
	withMessages, err := queryAll(ctx, tx, "list evaluations", scanMessageEvaluation,
		`SELECT `+messageColumns+`, evaluation FROM messages WHERE conversation_id = ? AND evaluation IS NOT NULL ORDER BY id`, conversationID)
	if err != nil {
		return nil, err
	}
	alone, err := queryAll(ctx, tx, "list evaluations", scanEvaluation,
		`SELECT `+evaluationColumns+` FROM evaluations WHERE conversation_id = ? ORDER BY id`, conversationID)
	return handoff.MergeEvaluations(withMessages, alone), err
}

// orEmpty returns an empty slice for nil so JSON columns hold [] rather than null.
func orEmpty[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}
