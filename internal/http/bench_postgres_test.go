package http_test

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"testing"
	"time"

	"github.com/handoffhq/handoff"
	"github.com/handoffhq/handoff/internal/analyze"
	"github.com/handoffhq/handoff/internal/engine"
	handoffhttp "github.com/handoffhq/handoff/internal/http"
	"github.com/handoffhq/handoff/internal/kb"
	"github.com/handoffhq/handoff/internal/postgres"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
)

// benchPostgres opens a migrated PostgreSQL store in a schema of its own, dropped when the
// benchmark ends. It skips when the server cannot be reached, and fails instead under CI=true.
func benchPostgres(b *testing.B) *postgres.DB {
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
func BenchmarkIngestPostgres(b *testing.B) {
	for _, mode := range []struct {
		name      string
		responder handoff.Responder
	}{{"external-bot", nil}, {"kb-responder", kb.Default()}} {
		b.Run(mode.name, func(b *testing.B) {
			ctx := context.Background()
			db := benchPostgres(b)
			if err := engine.Seed(ctx, db, time.Now); err != nil {
				b.Fatal(err)
			}
			if err := db.Write(ctx, func(tx handoff.Tx) error {
				return tx.CreateToken(ctx, &handoff.Token{Name: "b", Hash: handoffhttp.HashToken(token), Role: "admin", CreatedAt: time.Now()})
			}); err != nil {
				b.Fatal(err)
			}
			eng := engine.New(engine.Config{Store: db, Analyzer: analyze.New(analyze.Config{}), Responder: mode.responder})
			runIngest(b, handoffhttp.NewServer(eng, nil))
		})
	}
}

// BenchmarkBareInsertPostgres is the baseline for BenchmarkIngestPostgres, as BenchmarkBareInsert
// is for BenchmarkIngest: a plain net/http handler that decodes the same JSON and inserts the
// message row in one transaction of the PostgreSQL store, with nothing else.
func BenchmarkBareInsertPostgres(b *testing.B) {
	ctx := context.Background()
	db := benchPostgres(b)
	convs := make([]int64, 200)
	if err := db.Write(ctx, func(tx handoff.Tx) error {
		for i := range convs {
			c := &handoff.Conversation{Channel: "web", State: handoff.StateAIActive, ExternalID: fmt.Sprintf("c%d", i)}
			if err := tx.CreateConversation(ctx, c); err != nil {
				return err
			}
			convs[i] = c.ID
		}
		return nil
	}); err != nil {
		b.Fatal(err)
	}
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var req engine.IngestRequest
		if err := json.NewDecoder(r.Body).Decode(&req); err != nil {
			http.Error(w, err.Error(), 400)
			return
		}
		var n int
		fmt.Sscanf(req.ConversationExternalID, "c%d", &n)
		m := &handoff.Message{ConversationID: convs[n], Role: req.Role, Text: req.Text, ExternalID: req.ExternalID, CreatedAt: time.Now()}
		if err := db.Write(r.Context(), func(tx handoff.Tx) error { return tx.CreateMessage(r.Context(), m) }); err != nil {
			http.Error(w, err.Error(), 500)
			return
		}
		w.WriteHeader(http.StatusCreated)
		_ = json.NewEncoder(w).Encode(m)
	})
	runIngest(b, h)
}
