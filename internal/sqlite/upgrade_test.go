package sqlite_test

import (
	"os"
	"testing"

	"github.com/handoffhq/handoff/internal/storetest"
)

// TestUpgradeMovesEvaluationsAndEvents opens a database written at schema version 2 (see
// storetest.Upgraded).
func TestUpgradeMovesEvaluationsAndEvents(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	stmts := []string{`CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL) STRICT`}
	for _, name := range []string{"0001_init.sql", "0002_conversation_version.sql"} {
		b, err := os.ReadFile("migrations/" + name)
		if err != nil {
			t.Fatal(err)
		}
		stmts = append(stmts, string(b), `INSERT INTO schema_migrations VALUES (`+name[3:4]+`, '`+name+`', '')`)
	}
	stmts = append(stmts, storetest.UpgradeRows...)
	rawExec(t, dir, stmts...)

	storetest.Upgraded(t, MustOpen(t, dir))
}
