package postgres

import (
	"context"
	"errors"
	"strconv"
	"strings"
	"time"

	"github.com/handoffhq/handoff"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
)

// conversationFields are every column but id, in the order conversationArgs returns them.
const conversationFields = `external_id, channel, state, priority, tags, customer,
	assigned_team, assigned_agent, agent_name, handoff_reason, handoff_explanation, first_handoff_reason,
	escalation_score, message_count, turn_count, rule_fired_at, created_at, updated_at,
	last_message_at, first_signal_at, first_handoff_at, first_claim_at, paused_at, claimed_at, closed_at,
	last_human_at, resume_at, handoff_count, ai_turns_at_risk`

const conversationColumns = `id, ` + conversationFields + `, version`

// The INSERT and UPDATE statements, built once from conversationFields.
var (
	insertConversation = `INSERT INTO conversations (` + conversationFields + `)
		VALUES (` + placeholders(1, len(fieldNames(conversationFields))) + `) RETURNING id`
	updateConversation = func() string {
		var set []string
		names := fieldNames(conversationFields)
		for i, col := range names {
			set = append(set, col+" = $"+strconv.Itoa(i+1))
		}
		id, version := "$"+strconv.Itoa(len(names)+1), "$"+strconv.Itoa(len(names)+2)
		return `WITH u AS (UPDATE conversations SET ` + strings.Join(set, ", ") + `, version = version + 1
			WHERE id = ` + id + ` AND version = ` + version + ` RETURNING 1)
		SELECT CASE WHEN EXISTS (SELECT 1 FROM u) THEN 1
			ELSE (CASE WHEN EXISTS (SELECT 1 FROM conversations WHERE id = ` + id + `)
				THEN '` + markerChanged + `' ELSE '` + markerMissing + `' END)::int END`
	}()
)

// fieldNames splits a column list.
func fieldNames(list string) []string {
	names := strings.Split(list, ",")
	for i, n := range names {
		names[i] = strings.TrimSpace(n)
	}
	return names
}

// conversationArgs returns every column but id, in conversationFields order.
func conversationArgs(c *handoff.Conversation) ([]any, error) {
	tags, err := jsonBytes(orEmpty(c.Tags))
	if err != nil {
		return nil, err
	}
	customer, err := jsonBytes(c.Customer)
	if err != nil {
		return nil, err
	}
	fired := make(map[string]time.Time, len(c.RuleFiredAt))
	for k, v := range c.RuleFiredAt {
		fired[k] = v.UTC()
	}
	firedJSON, err := jsonBytes(fired)
	if err != nil {
		return nil, err
	}
	return []any{
		c.ExternalID, c.Channel, string(c.State), c.Priority, tags, customer,
		c.AssignedTeam, c.AssignedAgent, c.AgentName, c.HandoffReason, c.HandoffExplanation, c.FirstHandoffReason,
		c.EscalationScore, c.MessageCount, c.TurnCount, firedJSON, c.CreatedAt, c.UpdatedAt,
		c.LastMessageAt, c.FirstSignalAt, c.FirstHandoffAt, c.FirstClaimAt, c.PausedAt, c.ClaimedAt, c.ClosedAt,
		c.LastHumanAt, c.ResumeAt, c.HandoffCount, c.AITurnsAtRisk,
	}, nil
}

func scanConversation(s pgx.Row) (*handoff.Conversation, error) {
	var (
		c                     handoff.Conversation
		state                 string
		tags, customer, fired []byte
	)
	err := s.Scan(&c.ID, &c.ExternalID, &c.Channel, &state, &c.Priority, &tags, &customer,
		&c.AssignedTeam, &c.AssignedAgent, &c.AgentName, &c.HandoffReason, &c.HandoffExplanation, &c.FirstHandoffReason,
		&c.EscalationScore, &c.MessageCount, &c.TurnCount, &fired, &c.CreatedAt, &c.UpdatedAt,
		&c.LastMessageAt, &c.FirstSignalAt, &c.FirstHandoffAt, &c.FirstClaimAt, &c.PausedAt, &c.ClaimedAt, &c.ClosedAt,
		&c.LastHumanAt, &c.ResumeAt, &c.HandoffCount, &c.AITurnsAtRisk, &c.Version)
	if err != nil {
		return nil, err
	}
	var d decoder
	c.State = handoff.State(state)
	d.json(tags, &c.Tags)
	d.json(customer, &c.Customer)
	d.json(fired, &c.RuleFiredAt)
	if c.Tags == nil {
		c.Tags = []string{}
	}
	if c.RuleFiredAt == nil {
		c.RuleFiredAt = map[string]time.Time{}
	}
	return &c, d.err
}

// CreateConversation inserts c and sets its ID; zero CreatedAt and UpdatedAt are set to now.
// It returns ECONFLICT when the channel already has a conversation with c.ExternalID.
func (tx *tx) CreateConversation(ctx context.Context, c *handoff.Conversation) error {
	c.CreatedAt = tx.stamp(c.CreatedAt)
	c.UpdatedAt = tx.stamp(c.UpdatedAt)
	args, err := conversationArgs(c)
	if err != nil {
		return wrap("create conversation", err)
	}
	err = tx.tx.QueryRow(ctx, insertConversation, args...).Scan(&c.ID)
	if isUnique(err) {
		return handoff.Errorf(handoff.ECONFLICT, "conversation %q already exists on channel %s", c.ExternalID, c.Channel)
	} else if err != nil {
		return wrap("create conversation", err)
	}
	return nil
}

// ConversationByID returns the conversation or ENOTFOUND. In a Write transaction it locks the
// row until commit, so concurrent writers of one conversation take turns.
func (tx *tx) ConversationByID(ctx context.Context, id int64) (*handoff.Conversation, error) {
	c, err := scanConversation(tx.tx.QueryRow(ctx, `SELECT `+conversationColumns+` FROM conversations WHERE id = $1`+tx.forUpdate(), id))
	if err != nil {
		return nil, notFound(err, "conversation by id", "conversation %d not found", id)
	}
	return c, nil
}

// ConversationByExternalID returns the conversation with the channel's own id, or ENOTFOUND.
// In a Write transaction it locks the row until commit, like ConversationByID.
func (tx *tx) ConversationByExternalID(ctx context.Context, channel, externalID string) (*handoff.Conversation, error) {
	if externalID == "" {
		return nil, handoff.Errorf(handoff.ENOTFOUND, "conversation with an empty external id not found")
	}
	c, err := scanConversation(tx.tx.QueryRow(ctx,
		`SELECT `+conversationColumns+` FROM conversations WHERE channel = $1 AND external_id = $2`+tx.forUpdate(), channel, externalID))
	if err != nil {
		return nil, notFound(err, "conversation by external id", "conversation %q on channel %s not found", externalID, channel)
	}
	return c, nil
}

// UpdateConversation writes every field of c and counts up its Version; a zero UpdatedAt is set
// to now. It returns ENOTFOUND for an unknown id and ECONFLICT when the new external id is taken
// or the conversation was updated since c was read (its Version differs).
//
// The UPDATE is deferred like AppendEvent's, so those errors are returned by the call that sends
// it, at the latest by Write, and the transaction is not committed. c.Version is counted up at
// once, and back down if the UPDATE fails. A statement that changes no row fails on its own, with
// a marker naming the cause, so that the COMMIT sent with it does not run.
func (tx *tx) UpdateConversation(ctx context.Context, c *handoff.Conversation) error {
	c.UpdatedAt = tx.stamp(c.UpdatedAt)
	c.CreatedAt = tx.stamp(c.CreatedAt)
	args, err := conversationArgs(c)
	if err != nil {
		return wrap("update conversation", err)
	}
	id, externalID, channel := c.ID, c.ExternalID, c.Channel
	tx.tx.later(updateConversation, append(args, c.ID, c.Version), func(row pgx.Row) error {
		var one int
		err := row.Scan(&one)
		if err == nil {
			return nil
		}
		c.Version--
		switch {
		case isUnique(err):
			return handoff.Errorf(handoff.ECONFLICT, "conversation %q already exists on channel %s", externalID, channel)
		case hasMarker(err, markerChanged):
			return handoff.Errorf(handoff.ECONFLICT, "conversation %d was changed since it was read", id)
		case hasMarker(err, markerMissing):
			return handoff.Errorf(handoff.ENOTFOUND, "conversation %d not found", id)
		}
		return wrap("update conversation", err)
	})
	c.Version++
	return nil
}

// Markers of an UPDATE that changed no row; the statement fails casting one to an integer.
const (
	markerChanged = "handoff: conversation changed"
	markerMissing = "handoff: conversation missing"
)

// hasMarker reports whether err is the failed cast of marker.
func hasMarker(err error, marker string) bool {
	var pe *pgconn.PgError
	return errors.As(err, &pe) && pe.Code == codeInvalidTextRepresentation && strings.Contains(pe.Message, marker)
}

// ListConversations returns one page of matching conversations, most recently updated first,
// and the number of all matches. Limit 0 means 50; more than 500 means 500.
func (tx *tx) ListConversations(ctx context.Context, f handoff.ConversationFilter) ([]*handoff.Conversation, int, error) {
	var where []string
	var args []any
	arg := func(v any) string {
		args = append(args, v)
		return "$" + strconv.Itoa(len(args))
	}
	if f.State != "" {
		where = append(where, "state = "+arg(string(f.State)))
	}
	if f.Channel != "" {
		where = append(where, "channel = "+arg(f.Channel))
	}
	if f.Tag != "" {
		where = append(where, "EXISTS (SELECT 1 FROM jsonb_array_elements_text(tags) AS t(tag) WHERE lower(t.tag) = lower("+arg(f.Tag)+"))")
	}
	if !f.Since.IsZero() {
		where = append(where, "created_at >= "+arg(f.Since))
	}
	cond := ""
	if len(where) > 0 {
		cond = " WHERE " + strings.Join(where, " AND ")
	}
	var total int
	if err := tx.tx.QueryRow(ctx, `SELECT COUNT(*) FROM conversations`+cond, args...).Scan(&total); err != nil {
		return nil, 0, wrap("list conversations", err)
	}
	limit := clamp(f.Limit, 50, 500)
	offset := max(f.Offset, 0)
	q := `SELECT ` + conversationColumns + ` FROM conversations` + cond + ` ORDER BY updated_at DESC, id DESC LIMIT ` + arg(limit) + ` OFFSET ` + arg(offset)
	list, err := queryAll(ctx, tx, "list conversations", scanConversation, q, args...)
	if err != nil {
		return nil, 0, err
	}
	return list, total, nil
}

// DeleteConversation removes the conversation with its messages, evaluations, timers, outbox
// items, events and score. It returns ENOTFOUND for an unknown id.
func (tx *tx) DeleteConversation(ctx context.Context, id int64) error {
	// Messages, evaluations, timers and the score go by ON DELETE CASCADE.
	tag, err := tx.tx.Exec(ctx, `DELETE FROM conversations WHERE id = $1`, id)
	if err != nil {
		return wrap("delete conversation", err)
	}
	if err := mustAffect(tag, "conversation %d not found", id); err != nil {
		return err
	}
	for _, q := range []string{
		`DELETE FROM outbox WHERE conversation_id = $1`,
		`DELETE FROM events WHERE conversation_id = $1`,
	} {
		if _, err := tx.tx.Exec(ctx, q, id); err != nil {
			return wrap("delete conversation", err)
		}
	}
	return nil
}
