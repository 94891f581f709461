package postgres

import (
	"context"
	"embed"
	"fmt"

	"github.com/handoffhq/handoff/internal/migration"
	"github.com/jackc/pgx/v5"
)

//go:embed migrations/*.sql
var migrationFS embed.FS

// migrations holds the embedded steps in order; version i+1 is at index i.
var migrations = migration.MustLoad(migrationFS, "migrations", "postgres")

// behind and ahead word the errors for a schema this build cannot use as it is.
var behind, ahead = migration.Behind, migration.Ahead

const createMigrationsTable = `CREATE TABLE IF NOT EXISTS schema_migrations (
	version    INTEGER     PRIMARY KEY,
	name       TEXT        NOT NULL,
	applied_at TIMESTAMPTZ NOT NULL DEFAULT now()
)`

// Migrate applies every embedded migration the database does not have yet, in one transaction
// that holds an advisory lock for the schema: several processes may call it at once and the
// steps still run exactly once. With WithSchema it creates the schema first if it is missing.
// It returns EUNAVAILABLE if the database was migrated by a newer build.
func (db *DB) Migrate(ctx context.Context) error {
	ptx, err := db.pool.BeginTx(ctx, pgx.TxOptions{IsoLevel: pgx.ReadCommitted})
	if err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	defer func() { _ = ptx.Rollback(context.WithoutCancel(ctx)) }()
	if _, err := ptx.Exec(ctx, `SELECT pg_advisory_xact_lock($1)`, db.migrateLock); err != nil {
		return fmt.Errorf("migrate: lock: %w", err)
	}
	if db.create {
		var exists bool
		if err := ptx.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM pg_namespace WHERE nspname = $1)`, db.schema).Scan(&exists); err != nil {
			return fmt.Errorf("migrate: %w", err)
		}
		if !exists {
			if _, err := ptx.Exec(ctx, `CREATE SCHEMA `+pgx.Identifier{db.schema}.Sanitize()); err != nil {
				return fmt.Errorf("migrate: create schema %s: %w", db.schema, err)
			}
		}
	}
	if _, err := ptx.Exec(ctx, createMigrationsTable); err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	var current int
	if err := ptx.QueryRow(ctx, `SELECT COALESCE(MAX(version), 0) FROM schema_migrations`).Scan(&current); err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	if current > len(migrations) {
		return ahead(current, len(migrations))
	}
	for _, m := range migrations[current:] {
		if _, err := ptx.Exec(ctx, m.SQL); err != nil {
			return fmt.Errorf("migrate %s: %w", m.Name, err)
		}
		if _, err := ptx.Exec(ctx, `INSERT INTO schema_migrations (version, name) VALUES ($1, $2)`, m.Version, m.Name); err != nil {
			return fmt.Errorf("migrate %s: %w", m.Name, err)
		}
	}
	if err := ptx.Commit(ctx); err != nil {
		return fmt.Errorf("migrate: commit: %w", err)
	}
	return nil
}

// SchemaVersion reports the version the database is at and the latest this build knows.
func (db *DB) SchemaVersion(ctx context.Context) (current, latest int, err error) {
	latest = len(migrations)
	var exists bool
	if err := db.pool.QueryRow(ctx, `SELECT to_regclass('schema_migrations') IS NOT NULL`).Scan(&exists); err != nil {
		return 0, latest, fmt.Errorf("schema version: %w", err)
	}
	if !exists {
		return 0, latest, nil
	}
	if err := db.pool.QueryRow(ctx, `SELECT COALESCE(MAX(version), 0) FROM schema_migrations`).Scan(&current); err != nil {
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
