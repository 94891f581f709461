package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"github.com/handoffhq/handoff"
)

// conversationFields are the columns conversationArgs returns, in its order.
const conversationFields = `external_id, channel, state, priority, tags, customer,
	assigned_team, assigned_agent, agent_name, handoff_reason, handoff_explanation,
	escalation_score, message_count, turn_count, rule_fired_at, created_at, updated_at,
	last_message_at, first_signal_at, paused_at, claimed_at, closed_at, last_human_at, resume_at,
	handoff_count, ai_turns_at_risk, first_handoff_at, first_claim_at, first_handoff_reason`

// conversationColumns are the columns scanConversation reads.
const conversationColumns = `id, ` + conversationFields + `, version`

// conversationArgs returns every column but id and version, in conversationFields order.
func conversationArgs(c *handoff.Conversation) ([]any, error) {
	tags := c.Tags
	if tags == nil {
		tags = []string{}
	}
	tagsJSON, err := jsonText(tags)
	if err != nil {
		return nil, err
	}
	customer, err := jsonText(c.Customer)
	if err != nil {
		return nil, err
	}
	fired := make(map[string]time.Time, len(c.RuleFiredAt))
	for k, v := range c.RuleFiredAt {
		fired[k] = v.UTC()
	}
	firedJSON, err := jsonText(fired)
	if err != nil {
		return nil, err
	}
	return []any{
		c.ExternalID, c.Channel, string(c.State), c.Priority, tagsJSON, customer,
		c.AssignedTeam, c.AssignedAgent, c.AgentName, c.HandoffReason, c.HandoffExplanation,
		c.EscalationScore, c.MessageCount, c.TurnCount, firedJSON, fmtTime(c.CreatedAt), fmtTime(c.UpdatedAt),
		fmtTimePtr(c.LastMessageAt), fmtTimePtr(c.FirstSignalAt), fmtTimePtr(c.PausedAt), fmtTimePtr(c.ClaimedAt),
		fmtTimePtr(c.ClosedAt), fmtTimePtr(c.LastHumanAt), fmtTimePtr(c.ResumeAt),
		c.HandoffCount, c.AITurnsAtRisk, fmtTimePtr(c.FirstHandoffAt), fmtTimePtr(c.FirstClaimAt), c.FirstHandoffReason,
	}, nil
}

func scanConversation(s scanner) (*handoff.Conversation, error) {
	var (
		c                                  handoff.Conversation
		state, tags, customer, fired       string
		created, updated                   string
		lastMsg, firstSig, paused, claimed sql.NullString
		closed, lastHuman, resume          sql.NullString
		firstHandoff, firstClaim           sql.NullString
	)
	err := s.Scan(&c.ID, &c.ExternalID, &c.Channel, &state, &c.Priority, &tags, &customer,
		&c.AssignedTeam, &c.AssignedAgent, &c.AgentName, &c.HandoffReason, &c.HandoffExplanation,
		&c.EscalationScore, &c.MessageCount, &c.TurnCount, &fired, &created, &updated,
		&lastMsg, &firstSig, &paused, &claimed, &closed, &lastHuman, &resume,
		&c.HandoffCount, &c.AITurnsAtRisk, &firstHandoff, &firstClaim, &c.FirstHandoffReason, &c.Version)
	if err != nil {
		return nil, err
	}
	var d decoder
	c.State = handoff.State(state)
	d.json(tags, &c.Tags)
	d.json(customer, &c.Customer)
	d.json(fired, &c.RuleFiredAt)
	c.CreatedAt = d.time(created)
	c.UpdatedAt = d.time(updated)
	c.LastMessageAt = d.timePtr(lastMsg)
	c.FirstSignalAt = d.timePtr(firstSig)
	c.PausedAt = d.timePtr(paused)
	c.ClaimedAt = d.timePtr(claimed)
	c.ClosedAt = d.timePtr(closed)
	c.LastHumanAt = d.timePtr(lastHuman)
	c.ResumeAt = d.timePtr(resume)
	c.FirstHandoffAt = d.timePtr(firstHandoff)
	c.FirstClaimAt = d.timePtr(firstClaim)
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
		return fmt.Errorf("create conversation: %w", err)
	}
	res, err := tx.exec(ctx, `INSERT INTO conversations (`+conversationFields+`)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, args...)
	if isUnique(err) {
		return handoff.Errorf(handoff.ECONFLICT, "conversation %q already exists on channel %s", c.ExternalID, c.Channel)
	} else if err != nil {
		return fmt.Errorf("create conversation: %w", err)
	}
	if c.ID, err = res.LastInsertId(); err != nil {
		return fmt.Errorf("create conversation: %w", err)
	}
	return nil
}

// ConversationByID returns the conversation or ENOTFOUND.
func (tx *tx) ConversationByID(ctx context.Context, id int64) (*handoff.Conversation, error) {
	c, err := scanConversation(tx.queryRow(ctx, `SELECT `+conversationColumns+` FROM conversations WHERE id = ?`, id))
	if err != nil {
		return nil, notFound(err, "conversation by id", "conversation %d not found", id)
	}
	return c, nil
}

// ConversationByExternalID returns the conversation with the channel's own id, or ENOTFOUND.
func (tx *tx) ConversationByExternalID(ctx context.Context, channel, externalID string) (*handoff.Conversation, error) {
	if externalID == "" {
		return nil, handoff.Errorf(handoff.ENOTFOUND, "conversation with an empty external id not found")
	}
	c, err := scanConversation(tx.queryRow(ctx,
		`SELECT `+conversationColumns+` FROM conversations WHERE channel = ? AND external_id = ? AND external_id <> ''`, channel, externalID))
	if err != nil {
		return nil, notFound(err, "conversation by external id", "conversation %q on channel %s not found", externalID, channel)
	}
	return c, nil
}

// UpdateConversation writes every field of c and counts up its Version; a zero UpdatedAt is set
// to now. It returns ENOTFOUND for an unknown id and ECONFLICT when the new external id is taken
// or the conversation was updated since c was read (its Version differs).
func (tx *tx) UpdateConversation(ctx context.Context, c *handoff.Conversation) error {
	c.UpdatedAt = tx.stamp(c.UpdatedAt)
	c.CreatedAt = tx.stamp(c.CreatedAt)
	args, err := conversationArgs(c)
	if err != nil {
		return fmt.Errorf("update conversation: %w", err)
	}
	res, err := tx.exec(ctx, `UPDATE conversations SET
		external_id = ?, channel = ?, state = ?, priority = ?, tags = ?, customer = ?,
		assigned_team = ?, assigned_agent = ?, agent_name = ?, handoff_reason = ?, handoff_explanation = ?,
		escalation_score = ?, message_count = ?, turn_count = ?, rule_fired_at = ?, created_at = ?, updated_at = ?,
		last_message_at = ?, first_signal_at = ?, paused_at = ?, claimed_at = ?, closed_at = ?, last_human_at = ?, resume_at = ?,
		handoff_count = ?, ai_turns_at_risk = ?, first_handoff_at = ?, first_claim_at = ?, first_handoff_reason = ?,
		version = version + 1
		WHERE id = ? AND version = ?`, append(args, c.ID, c.Version)...)
	if isUnique(err) {
		return handoff.Errorf(handoff.ECONFLICT, "conversation %q already exists on channel %s", c.ExternalID, c.Channel)
	} else if err != nil {
		return fmt.Errorf("update conversation: %w", err)
	}
	if n, err := res.RowsAffected(); err != nil {
		return fmt.Errorf("update conversation: %w", err)
	} else if n == 0 {
		return tx.staleOrMissing(ctx, c.ID)
	}
	c.Version++
	return nil
}

// staleOrMissing explains why an update of conversation id by version changed nothing.
func (tx *tx) staleOrMissing(ctx context.Context, id int64) error {
	var one int
	if err := tx.queryRow(ctx, `SELECT 1 FROM conversations WHERE id = ?`, id).Scan(&one); err != nil {
		return notFound(err, "update conversation", "conversation %d not found", id)
	}
	return handoff.Errorf(handoff.ECONFLICT, "conversation %d was changed since it was read", id)
}

// ListConversations returns one page of matching conversations, most recently updated first,
// and the number of all matches. Limit 0 means 50; more than 500 means 500.
func (tx *tx) ListConversations(ctx context.Context, f handoff.ConversationFilter) ([]*handoff.Conversation, int, error) {
	var where []string
	var args []any
	if f.State != "" {
		where, args = append(where, "state = ?"), append(args, string(f.State))
	}
	if f.Channel != "" {
		where, args = append(where, "channel = ?"), append(args, f.Channel)
	}
	if f.Tag != "" {
		where = append(where, "EXISTS (SELECT 1 FROM json_each(conversations.tags) AS t WHERE lower(t.value) = lower(?))")
		args = append(args, f.Tag)
	}
	if !f.Since.IsZero() {
		where, args = append(where, "created_at >= ?"), append(args, fmtTime(f.Since))
	}
	cond := ""
	if len(where) > 0 {
		cond = " WHERE " + strings.Join(where, " AND ")
	}
	var total int
	if err := tx.queryRow(ctx, `SELECT COUNT(*) FROM conversations`+cond, args...).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("list conversations: %w", err)
	}
	limit := clamp(f.Limit, 50, 500)
	offset := max(f.Offset, 0)
	list, err := queryAll(ctx, tx, "list conversations", scanConversation,
		`SELECT `+conversationColumns+` FROM conversations`+cond+` ORDER BY updated_at DESC, id DESC LIMIT ? OFFSET ?`,
		append(args, limit, offset)...)
	if err != nil {
		return nil, 0, err
	}
	return list, total, nil
}

// DeleteConversation removes the conversation with its messages, evaluations, timers, outbox
// items, events and score. It returns ENOTFOUND for an unknown id.
func (tx *tx) DeleteConversation(ctx context.Context, id int64) error {
	// Messages, evaluations, timers and the score go by ON DELETE CASCADE.
	res, err := tx.exec(ctx, `DELETE FROM conversations WHERE id = ?`, id)
	if err != nil {
		return fmt.Errorf("delete conversation: %w", err)
	}
	if err := mustAffect(res, "delete conversation", "conversation %d not found", id); err != nil {
		return err
	}
	for _, q := range []string{
		`DELETE FROM outbox WHERE conversation_id = ?`,
		`DELETE FROM events WHERE conversation_id = ?`,
	} {
		if _, err := tx.exec(ctx, q, id); err != nil {
			return fmt.Errorf("delete conversation: %w", err)
		}
	}
	return nil
}
