package postgres

import (
	"context"

	"github.com/handoffhq/handoff"
	"github.com/jackc/pgx/v5"
)

const agentColumns = `id, name, display_name, team, role, password_hash, created_at`

func scanAgent(s pgx.Row) (*handoff.Agent, error) {
	var a handoff.Agent
	if err := s.Scan(&a.ID, &a.Name, &a.DisplayName, &a.Team, &a.Role, &a.PasswordHash, &a.CreatedAt); err != nil {
		return nil, err
	}
	return &a, nil
}

// CreateAgent inserts a and sets its ID; it returns ECONFLICT when the name is taken.
func (tx *tx) CreateAgent(ctx context.Context, a *handoff.Agent) error {
	a.CreatedAt = tx.stamp(a.CreatedAt)
	err := tx.tx.QueryRow(ctx, `INSERT INTO agents (name, display_name, team, role, password_hash, created_at)
		VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
		a.Name, a.DisplayName, a.Team, a.Role, a.PasswordHash, a.CreatedAt).Scan(&a.ID)
	if isUnique(err) {
		return handoff.Errorf(handoff.ECONFLICT, "agent %q already exists", a.Name)
	} else if err != nil {
		return wrap("create agent", err)
	}
	return nil
}

// AgentByName returns the agent with the login name, or ENOTFOUND.
func (tx *tx) AgentByName(ctx context.Context, name string) (*handoff.Agent, error) {
	a, err := scanAgent(tx.tx.QueryRow(ctx, `SELECT `+agentColumns+` FROM agents WHERE name = $1`, name))
	if err != nil {
		return nil, notFound(err, "agent by name", "agent %q not found", name)
	}
	return a, nil
}

// ListAgents returns every agent by login name.
func (tx *tx) ListAgents(ctx context.Context) ([]*handoff.Agent, error) {
	return queryAll(ctx, tx, "list agents", scanAgent, `SELECT `+agentColumns+` FROM agents ORDER BY name`)
}

// CreateToken inserts t and sets its ID; it returns ECONFLICT when the hash is taken.
func (tx *tx) CreateToken(ctx context.Context, t *handoff.Token) error {
	t.CreatedAt = tx.stamp(t.CreatedAt)
	err := tx.tx.QueryRow(ctx, `INSERT INTO tokens (name, hash, role, created_at) VALUES ($1, $2, $3, $4) RETURNING id`,
		t.Name, t.Hash, t.Role, t.CreatedAt).Scan(&t.ID)
	if isUnique(err) {
		return handoff.Errorf(handoff.ECONFLICT, "a token with this hash already exists")
	} else if err != nil {
		return wrap("create token", err)
	}
	return nil
}

// TokenByHash returns the token with the hash, or ENOTFOUND.
func (tx *tx) TokenByHash(ctx context.Context, hash string) (*handoff.Token, error) {
	var t handoff.Token
	err := tx.tx.QueryRow(ctx, `SELECT id, name, hash, role, created_at FROM tokens WHERE hash = $1`, hash).
		Scan(&t.ID, &t.Name, &t.Hash, &t.Role, &t.CreatedAt)
	if err != nil {
		return nil, notFound(err, "token by hash", "token not found")
	}
	return &t, nil
}

// CountTokens returns how many API tokens exist.
func (tx *tx) CountTokens(ctx context.Context) (int, error) {
	var n int
	if err := tx.tx.QueryRow(ctx, `SELECT COUNT(*) FROM tokens`).Scan(&n); err != nil {
		return 0, wrap("count tokens", err)
	}
	return n, nil
}
