package http_test

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"os"
	"testing"
	"time"

	"github.com/handoffhq/handoff"
	"github.com/handoffhq/handoff/internal/postgres"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
)

// benchPostgres opens a migrated PostgreSQL store in a schema of its own, dropped when the
// benchmark ends. It skips when the server cannot be reached, and fails instead under CI=true.
func benchPostgres(b *testing.B) handoff.Store {
	b.Helper()
	url := os.Getenv("HANDOFF_TEST_POSTGRES_URL")
	if url == "" {
		url = "postgres://postgres@127.0.0.1:5432/test"
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	// A pool, so the url may carry pool settings such as pool_max_conns.
	pool, err := pgxpool.New(ctx, url)
	if err == nil {
		err = pool.Ping(ctx)
		pool.Close()
	}
	if err != nil {
		if os.Getenv("CI") == "true" {
			b.Fatalf("PostgreSQL at %s is unreachable: %v", url, err)
		}
		b.Skipf("PostgreSQL at %s is unreachable (set HANDOFF_TEST_POSTGRES_URL): %v", url, err)
	}
	r := make([]byte, 6)
	rand.Read(r)
	schema := "handoff_bench_" + hex.EncodeToString(r)
	b.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		pool, err := pgxpool.New(ctx, url)
		if err != nil {
			b.Errorf("drop schema %s: %v", schema, err)
			return
		}
		defer pool.Close()
		if _, err := pool.Exec(ctx, `DROP SCHEMA IF EXISTS `+pgx.Identifier{schema}.Sanitize()+` CASCADE`); err != nil {
			b.Errorf("drop schema %s: %v", schema, err)
		}
	})
	db, err := postgres.Open(context.Background(), url, postgres.WithSchema(schema))
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { db.Close() })
	return db
}

// BenchmarkIngestPostgres is BenchmarkIngest on the PostgreSQL store: POST /api/v1/messages
// through commit, with concurrent clients on distinct conversations.
func BenchmarkIngestPostgres(b *testing.B) { benchIngest(b, benchPostgres) }

// BenchmarkBareInsertPostgres is the baseline for BenchmarkIngestPostgres, as BenchmarkBareInsert
// is for BenchmarkIngest.
func BenchmarkBareInsertPostgres(b *testing.B) { benchBareInsert(b, benchPostgres(b)) }
