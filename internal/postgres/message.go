package postgres

import (
	"context"
	"errors"
	"slices"

	"github.com/handoffhq/handoff"
	"github.com/jackc/pgx/v5"
)

const messageColumns = `id, conversation_id, role, text, external_id, source, author, confidence, attachments, signals, created_at`

func scanMessage(s pgx.Row) (*handoff.Message, error) { return scanMessageWith(s) }

// scanMessageWith reads a message's columns, then the extra ones into extra.
func scanMessageWith(s pgx.Row, extra ...any) (*handoff.Message, error) {
	var (
		m                    handoff.Message
		role                 string
		attachments, signals []byte
	)
	dest := []any{&m.ID, &m.ConversationID, &role, &m.Text, &m.ExternalID, &m.Source, &m.Author,
		&m.Confidence, &attachments, &signals, &m.CreatedAt}
	if err := s.Scan(append(dest, extra...)...); err != nil {
		return nil, err
	}
	var d decoder
	m.Role = handoff.Role(role)
	d.json(attachments, &m.Attachments)
	if m.Attachments == nil {
		m.Attachments = []handoff.Attachment{}
	}
	if signals != nil {
		m.Signals = new(handoff.Signals)
		d.json(signals, m.Signals)
	}
	return &m, d.err
}

// CreateMessage inserts m, stamped with its conversation's channel, with ev (nil: none) as the
// evaluation of its turn, and sets their IDs. It returns ENOTFOUND for an unknown conversation
// and ECONFLICT when the channel already has a message with m.ExternalID.
func (tx *tx) CreateMessage(ctx context.Context, m *handoff.Message, ev *handoff.Evaluation) error {
	m.CreatedAt = tx.stamp(m.CreatedAt)
	attachments, err := jsonBytes(orEmpty(m.Attachments))
	if err != nil {
		return wrap("create message", err)
	}
	var signals []byte
	if m.Signals != nil {
		if signals, err = jsonBytes(m.Signals); err != nil {
			return wrap("create message", err)
		}
	}
	var evaluation []byte
	if ev != nil {
		if evaluation, err = jsonBytes(ev.Record(m)); err != nil {
			return wrap("create message", err)
		}
	}
	err = tx.tx.QueryRow(ctx, `INSERT INTO messages
		(conversation_id, channel, role, text, external_id, source, author, confidence, attachments, signals, created_at, evaluation)
		SELECT id, channel, $1, $2, $3, $4, $5, $6, $7, $8, $9, $10 FROM conversations WHERE id = $11
		RETURNING id`,
		string(m.Role), m.Text, m.ExternalID, m.Source, m.Author, m.Confidence, attachments, signals,
		m.CreatedAt, evaluation, m.ConversationID).Scan(&m.ID)
	switch {
	case isUnique(err):
		return handoff.Errorf(handoff.ECONFLICT, "message %q already exists on this channel", m.ExternalID)
	case errors.Is(err, pgx.ErrNoRows):
		return handoff.Errorf(handoff.ENOTFOUND, "conversation %d not found", m.ConversationID)
	case err != nil:
		return wrap("create message", err)
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
	m, err := scanMessage(tx.tx.QueryRow(ctx,
		`SELECT `+messageColumns+` FROM messages WHERE channel = $1 AND external_id = $2`, channel, externalID))
	if err != nil {
		return nil, notFound(err, "message by external id", "message %q on channel %s not found", externalID, channel)
	}
	return m, nil
}

// ListMessages returns the conversation's messages in the order they were stored.
func (tx *tx) ListMessages(ctx context.Context, conversationID int64) ([]*handoff.Message, error) {
	return queryAll(ctx, tx, "list messages", scanMessage,
		`SELECT `+messageColumns+` FROM messages WHERE conversation_id = $1 ORDER BY id`, conversationID)
}

// RecentMessages returns the conversation's last limit messages with an ID above afterID, oldest first.
func (tx *tx) RecentMessages(ctx context.Context, conversationID, afterID int64, limit int) ([]*handoff.Message, error) {
	msgs, err := queryAll(ctx, tx, "recent messages", scanMessage,
		`SELECT `+messageColumns+` FROM messages WHERE conversation_id = $1 AND id > $2 ORDER BY id DESC LIMIT $3`,
		conversationID, afterID, max(limit, 0))
	slices.Reverse(msgs)
	return msgs, err
}

const evaluationColumns = `id, conversation_id, message_id, signals, fired, near_misses, outcomes, explanation, state_before, state_after, created_at`

func scanEvaluation(s pgx.Row) (*handoff.Evaluation, error) {
	var (
		e                                    handoff.Evaluation
		signals, fired, nearMisses, outcomes []byte
		before, after                        string
	)
	if err := s.Scan(&e.ID, &e.ConversationID, &e.MessageID, &signals, &fired, &nearMisses, &outcomes,
		&e.Explanation, &before, &after, &e.CreatedAt); err != nil {
		return nil, err
	}
	var d decoder
	d.json(signals, &e.Signals)
	d.json(fired, &e.Fired)
	d.json(nearMisses, &e.NearMisses)
	d.json(outcomes, &e.Outcomes)
	e.Fired = orEmpty(e.Fired)
	e.NearMisses = orEmpty(e.NearMisses)
	e.Outcomes = orEmpty(e.Outcomes)
	e.StateBefore, e.StateAfter = handoff.State(before), handoff.State(after)
	return &e, d.err
}

// CreateEvaluation inserts e, an evaluation without a stored message, and sets its ID; it
// returns ENOTFOUND for an unknown conversation.
// The INSERT is deferred like AppendEvent's: e.ID is set and an error returned by the call that
// sends it, at the latest Write.
func (tx *tx) CreateEvaluation(ctx context.Context, e *handoff.Evaluation) error {
	e.CreatedAt = tx.stamp(e.CreatedAt)
	var cols [4][]byte
	for i, v := range []any{e.Signals, orEmpty(e.Fired), orEmpty(e.NearMisses), orEmpty(e.Outcomes)} {
		b, err := jsonBytes(v)
		if err != nil {
			return wrap("create evaluation", err)
		}
		cols[i] = b
	}
	conversationID := e.ConversationID
	tx.tx.later(`INSERT INTO evaluations
		(conversation_id, message_id, signals, fired, near_misses, outcomes, explanation, state_before, state_after, created_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id`,
		[]any{e.ConversationID, e.MessageID, cols[0], cols[1], cols[2], cols[3], e.Explanation,
			string(e.StateBefore), string(e.StateAfter), e.CreatedAt},
		func(row pgx.Row) error {
			err := row.Scan(&e.ID)
			if isForeignKey(err) {
				return handoff.Errorf(handoff.ENOTFOUND, "conversation %d not found", conversationID)
			} else if err != nil {
				return wrap("create evaluation", err)
			}
			return nil
		})
	return nil
}

// scanMessageEvaluation reads a message with the evaluation stored in its row.
func scanMessageEvaluation(s pgx.Row) (*handoff.Evaluation, error) {
	var evaluation []byte
	m, err := scanMessageWith(s, &evaluation)
	if err != nil {
		return nil, err
	}
	return handoff.EvaluationOf(m, evaluation)
}

// ListEvaluations returns the conversation's evaluations, those stored with its messages and those
// stored on their own, oldest first.
func (tx *tx) ListEvaluations(ctx context.Context, conversationID int64) ([]*handoff.Evaluation, error) {
	withMessages, err := queryAll(ctx, tx, "list evaluations", scanMessageEvaluation,
		`SELECT `+messageColumns+`, evaluation FROM messages WHERE conversation_id = $1 AND evaluation IS NOT NULL ORDER BY id`, conversationID)
	if err != nil {
		return nil, err
	}
	alone, err := queryAll(ctx, tx, "list evaluations", scanEvaluation,
		`SELECT `+evaluationColumns+` FROM evaluations WHERE conversation_id = $1 ORDER BY id`, conversationID)
	return handoff.MergeEvaluations(withMessages, alone), err
}
