package sqlite

import (
	"context"
	"fmt"

	"github.com/handoffhq/handoff"
)

func scanAgent(s scanner) (*handoff.Agent, error) {
	var a handoff.Agent
	var created string
	if err := s.Scan(&a.ID, &a.Name, &a.DisplayName, &a.Team, &a.Role, &a.PasswordHash, &created); err != nil {
		return nil, err
	}
	var d decoder
	a.CreatedAt = d.time(created)
	return &a, d.err
}

// CreateAgent inserts a and sets its ID; it returns ECONFLICT when the name is taken.
func (tx *tx) CreateAgent(ctx context.Context, a *handoff.Agent) error {
	a.CreatedAt = tx.stamp(a.CreatedAt)
	res, err := tx.exec(ctx, `INSERT INTO agents (name, display_name, team, role, password_hash, created_at)
		VALUES (?, ?, ?, ?, ?, ?)`, a.Name, a.DisplayName, a.Team, a.Role, a.PasswordHash, fmtTime(a.CreatedAt))
	if isUnique(err) {
		return handoff.Errorf(handoff.ECONFLICT, "agent %q already exists", a.Name)
	} else if err != nil {
		return fmt.Errorf("create agent: %w", err)
	}
	if a.ID, err = res.LastInsertId(); err != nil {
		return fmt.Errorf("create agent: %w", err)
	}
	return nil
}

// AgentByName returns the agent with the login name, or ENOTFOUND.
func (tx *tx) AgentByName(ctx context.Context, name string) (*handoff.Agent, error) {
	a, err := scanAgent(tx.queryRow(ctx,
		`SELECT id, name, display_name, team, role, password_hash, created_at FROM agents WHERE name = ?`, name))
	if err != nil {
		return nil, notFound(err, "agent by name", "agent %q not found", name)
	}
	return a, nil
}

// ListAgents returns every agent by login name.
func (tx *tx) ListAgents(ctx context.Context) ([]*handoff.Agent, error) {
	return queryAll(ctx, tx, "list agents", scanAgent,
		`SELECT id, name, display_name, team, role, password_hash, created_at FROM agents ORDER BY name`)
}

// CreateToken inserts t and sets its ID; it returns ECONFLICT when the hash is taken.
func (tx *tx) CreateToken(ctx context.Context, t *handoff.Token) error {
	t.CreatedAt = tx.stamp(t.CreatedAt)
	res, err := tx.exec(ctx, `INSERT INTO tokens (name, hash, role, created_at) VALUES (?, ?, ?, ?)`,
		t.Name, t.Hash, t.Role, fmtTime(t.CreatedAt))
	if isUnique(err) {
		return handoff.Errorf(handoff.ECONFLICT, "a token with this hash already exists")
	} else if err != nil {
		return fmt.Errorf("create token: %w", err)
	}
	if t.ID, err = res.LastInsertId(); err != nil {
		return fmt.Errorf("create token: %w", err)
	}
	return nil
}

// TokenByHash returns the token with the hash, or ENOTFOUND.
func (tx *tx) TokenByHash(ctx context.Context, hash string) (*handoff.Token, error) {
	var t handoff.Token
	var created string
	err := tx.queryRow(ctx, `SELECT id, name, hash, role, created_at FROM tokens WHERE hash = ?`, hash).
		Scan(&t.ID, &t.Name, &t.Hash, &t.Role, &created)
	if err != nil {
		return nil, notFound(err, "token by hash", "token not found")
	}
	var d decoder
	t.CreatedAt = d.time(created)
	return &t, d.err
}

// CountTokens returns how many API tokens exist.
func (tx *tx) CountTokens(ctx context.Context) (int, error) {
	var n int
	if err := tx.queryRow(ctx, `SELECT COUNT(*) FROM tokens`).Scan(&n); err != nil {
		return 0, fmt.Errorf("count tokens: %w", err)
	}
	return n, nil
}
