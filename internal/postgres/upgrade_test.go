package postgres_test

import (
	"os"
	"testing"

	"github.com/handoffhq/handoff/internal/storetest"
	"github.com/jackc/pgx/v5"
)

// TestUpgradeMovesEvaluationsAndEvents opens a schema written at version 2 (see
// storetest.Upgraded).
func TestUpgradeMovesEvaluationsAndEvents(t *testing.T) {
	t.Parallel()
	url := MustURL(t)
	schema := FreshSchema(t, url)
	rawExec(t, url, "public", `CREATE SCHEMA `+pgx.Identifier{schema}.Sanitize())
	stmts := []string{`CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())`}
	for _, name := range []string{"0001_init.sql", "0002_conversation_version.sql"} {
		b, err := os.ReadFile("migrations/" + name)
		if err != nil {
			t.Fatal(err)
		}
		stmts = append(stmts, string(b), `INSERT INTO schema_migrations (version, name) VALUES (`+name[3:4]+`, '`+name+`')`)
	}
	stmts = append(stmts, storetest.UpgradeRows...)
	rawExec(t, url, schema, stmts...)
	storetest.Upgraded(t, MustOpenSchema(t, url, schema))
}
