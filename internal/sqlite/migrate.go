package sqlite

import (
	"context"
	"embed"
	"fmt"

	"github.com/handoffhq/handoff/internal/migration"
)

//go:embed migrations/*.sql
var migrationFS embed.FS

// migrations holds the embedded steps in order; version i+1 is at index i.
var migrations = migration.MustLoad(migrationFS, "migrations", "sqlite")

// behind and ahead word the errors for a schema this build cannot use as it is.
var behind, ahead = migration.Behind, migration.Ahead

const createMigrationsTable = `CREATE TABLE IF NOT EXISTS schema_migrations (
	version    INTEGER PRIMARY KEY,
	name       TEXT NOT NULL,
	applied_at TEXT NOT NULL
) STRICT`

// Migrate applies every embedded migration the database does not have yet, each in its own
// write transaction. It is safe to run from several processes at once. It returns
// EUNAVAILABLE if the database was written by a newer build.
func (db *DB) Migrate(ctx context.Context) error {
	if _, err := db.w.ExecContext(ctx, createMigrationsTable); err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	for _, m := range migrations {
		if err := db.apply(ctx, m); err != nil {
			return err
		}
	}
	return nil
}

// apply runs one migration unless it is already recorded.
func (db *DB) apply(ctx context.Context, m migration.Step) error {
	stx, err := db.w.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("migrate %s: %w", m.Name, err)
	}
	defer stx.Rollback()
	var current int
	if err := stx.QueryRowContext(ctx, `SELECT COALESCE(MAX(version), 0) FROM schema_migrations`).Scan(&current); err != nil {
		return fmt.Errorf("migrate %s: %w", m.Name, err)
	}
	if current > len(migrations) {
		return ahead(current, len(migrations))
	}
	if current >= m.Version {
		return nil
	}
	if _, err := stx.ExecContext(ctx, m.SQL); err != nil {
		return fmt.Errorf("migrate %s: %w", m.Name, err)
	}
	if _, err := stx.ExecContext(ctx, `INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)`,
		m.Version, m.Name, fmtTime(db.now())); err != nil {
		return fmt.Errorf("migrate %s: %w", m.Name, err)
	}
	if err := stx.Commit(); err != nil {
		return fmt.Errorf("migrate %s: %w", m.Name, err)
	}
	return nil
}

// SchemaVersion reports the version the database is at and the latest this build knows.
func (db *DB) SchemaVersion(ctx context.Context) (current, latest int, err error) {
	latest = len(migrations)
	var n int
	err = db.r.QueryRowContext(ctx, `SELECT COUNT(*) FROM sqlite_schema WHERE type = 'table' AND name = 'schema_migrations'`).Scan(&n)
	if err != nil {
		return 0, latest, fmt.Errorf("schema version: %w", err)
	}
	if n == 0 {
		return 0, latest, nil
	}
	if err := db.r.QueryRowContext(ctx, `SELECT COALESCE(MAX(version), 0) FROM schema_migrations`).Scan(&current); err != nil {
		return 0, latest, fmt.Errorf("schema version: %w", err)
	}
	return current, latest, nil
}

// checkSchema refuses a database that is not exactly at the latest version.
func (db *DB) checkSchema(ctx context.Context) error {
	current, latest, err := db.SchemaVersion(ctx)
	if err != nil {
		return err
	}
	if current < latest {
		return behind(current, latest)
	}
	if current > latest {
		return ahead(current, latest)
	}
	return nil
}
