package postgres

import (
	"context"

	"github.com/handoffhq/handoff"
	"github.com/jackc/pgx/v5"
)

func scanRule(s pgx.Row) (*handoff.Rule, error) {
	var body []byte
	if err := s.Scan(&body); err != nil {
		return nil, err
	}
	var r handoff.Rule
	var d decoder
	d.json(body, &r)
	return &r, d.err
}

// ListRules returns every rule in evaluation order: priority, then id.
func (tx *tx) ListRules(ctx context.Context) ([]*handoff.Rule, error) {
	return queryAll(ctx, tx, "list rules", scanRule, `SELECT body FROM rules ORDER BY priority, id`)
}

// RuleByID returns the rule or ENOTFOUND.
func (tx *tx) RuleByID(ctx context.Context, id string) (*handoff.Rule, error) {
	r, err := scanRule(tx.tx.QueryRow(ctx, `SELECT body FROM rules WHERE id = $1`, id))
	if err != nil {
		return nil, notFound(err, "rule by id", "rule %q not found", id)
	}
	return r, nil
}

// PutRule creates or replaces the rule with r.ID; a zero UpdatedAt is set to now.
func (tx *tx) PutRule(ctx context.Context, r *handoff.Rule) error {
	if r.ID == "" {
		return handoff.Errorf(handoff.EINVALID, "rule id is empty")
	}
	r.UpdatedAt = tx.stamp(r.UpdatedAt)
	body, err := jsonBytes(r)
	if err != nil {
		return wrap("put rule", err)
	}
	if _, err := tx.tx.Exec(ctx, `INSERT INTO rules (id, priority, body, updated_at) VALUES ($1, $2, $3, $4)
		ON CONFLICT (id) DO UPDATE SET priority = EXCLUDED.priority, body = EXCLUDED.body, updated_at = EXCLUDED.updated_at`,
		r.ID, r.Priority, body, r.UpdatedAt); err != nil {
		return wrap("put rule", err)
	}
	return nil
}

// DeleteRule removes the rule or returns ENOTFOUND.
func (tx *tx) DeleteRule(ctx context.Context, id string) error {
	tag, err := tx.tx.Exec(ctx, `DELETE FROM rules WHERE id = $1`, id)
	if err != nil {
		return wrap("delete rule", err)
	}
	return mustAffect(tag, "rule %q not found", id)
}

func scanChannelConfig(s pgx.Row) (*handoff.ChannelConfig, error) {
	var body []byte
	if err := s.Scan(&body); err != nil {
		return nil, err
	}
	var c handoff.ChannelConfig
	var d decoder
	d.json(body, &c)
	return &c, d.err
}

// ChannelConfig returns the channel's settings or ENOTFOUND.
func (tx *tx) ChannelConfig(ctx context.Context, channel string) (*handoff.ChannelConfig, error) {
	c, err := scanChannelConfig(tx.tx.QueryRow(ctx, `SELECT body FROM channel_configs WHERE channel = $1`, channel))
	if err != nil {
		return nil, notFound(err, "channel config", "channel %q has no settings", channel)
	}
	return c, nil
}

// ListChannelConfigs returns every stored channel's settings, by channel name.
func (tx *tx) ListChannelConfigs(ctx context.Context) ([]*handoff.ChannelConfig, error) {
	return queryAll(ctx, tx, "list channel configs", scanChannelConfig, `SELECT body FROM channel_configs ORDER BY channel`)
}

// PutChannelConfig creates or replaces the settings of c.Channel; a zero UpdatedAt is set to now.
func (tx *tx) PutChannelConfig(ctx context.Context, c *handoff.ChannelConfig) error {
	if c.Channel == "" {
		return handoff.Errorf(handoff.EINVALID, "channel name is empty")
	}
	c.UpdatedAt = tx.stamp(c.UpdatedAt)
	body, err := jsonBytes(c)
	if err != nil {
		return wrap("put channel config", err)
	}
	if _, err := tx.tx.Exec(ctx, `INSERT INTO channel_configs (channel, body, updated_at) VALUES ($1, $2, $3)
		ON CONFLICT (channel) DO UPDATE SET body = EXCLUDED.body, updated_at = EXCLUDED.updated_at`,
		c.Channel, body, c.UpdatedAt); err != nil {
		return wrap("put channel config", err)
	}
	return nil
}
