package sqlite

import (
	"context"
	"embed"
	"fmt"
	"io/fs"
	"path"
	"strconv"
	"strings"

	"github.com/handoffhq/handoff"
)

//go:embed migrations/*.sql
var migrationFS embed.FS

// migration is one embedded schema step.
type migration struct {
	version int
	name    string
	sql     string
}

// migrations holds the embedded steps in order; version i+1 is at index i.
var migrations = mustLoadMigrations()

// mustLoadMigrations reads migrations/NNNN_name.sql and checks that versions run 1, 2, 3… without gaps.
func mustLoadMigrations() []migration {
	names, err := fs.Glob(migrationFS, "migrations/*.sql")
	if err != nil {
		panic(err)
	}
	var ms []migration
	for _, name := range names { // fs.Glob returns names sorted
		base := path.Base(name)
		num, _, ok := strings.Cut(base, "_")
		v, err := strconv.Atoi(num)
		if !ok || err != nil {
			panic(fmt.Sprintf("sqlite: migration %s: name must be NNNN_description.sql", base))
		}
		if v != len(ms)+1 {
			panic(fmt.Sprintf("sqlite: migration %s: want version %d", base, len(ms)+1))
		}
		b, err := migrationFS.ReadFile(name)
		if err != nil {
			panic(err)
		}
		ms = append(ms, migration{version: v, name: base, sql: string(b)})
	}
	return ms
}

// behind is the error for a database that needs migrations this process may not run.
func behind(current, latest int) error {
	return handoff.Errorf(handoff.EUNAVAILABLE, "schema is behind: run handoff migrate (database at version %d, this build needs %d)", current, latest)
}

// ahead is the error for a database written by a newer build.
func ahead(current, latest int) error {
	return handoff.Errorf(handoff.EUNAVAILABLE, "schema version %d is newer than this build supports (%d): upgrade handoff", current, latest)
}

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
func (db *DB) apply(ctx context.Context, m migration) error {
	stx, err := db.w.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("migrate %s: %w", m.name, err)
	}
	defer stx.Rollback()
	var current int
	if err := stx.QueryRowContext(ctx, `SELECT COALESCE(MAX(version), 0) FROM schema_migrations`).Scan(&current); err != nil {
		return fmt.Errorf("migrate %s: %w", m.name, err)
	}
	if current > len(migrations) {
		return ahead(current, len(migrations))
	}
	if current >= m.version {
		return nil
	}
	if _, err := stx.ExecContext(ctx, m.sql); err != nil {
		return fmt.Errorf("migrate %s: %w", m.name, err)
	}
	if _, err := stx.ExecContext(ctx, `INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)`,
		m.version, m.name, fmtTime(db.now())); err != nil {
		return fmt.Errorf("migrate %s: %w", m.name, err)
	}
	if err := stx.Commit(); err != nil {
		return fmt.Errorf("migrate %s: %w", m.name, err)
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
