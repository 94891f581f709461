package http_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/handoffhq/handoff"
	"github.com/handoffhq/handoff/internal/analyze"
	"github.com/handoffhq/handoff/internal/engine"
	handoffhttp "github.com/handoffhq/handoff/internal/http"
	"github.com/handoffhq/handoff/internal/kb"
	"github.com/handoffhq/handoff/internal/loadgen"
	"github.com/handoffhq/handoff/internal/sqlite"
)

var benchTexts = []string{
	"Hi, where is my order #4417? It was supposed to arrive yesterday.",
	"What are your opening hours on Saturday?",
	"Can I return a jacket that I already wore once?",
	"This is the third time I'm asking, where is my refund???",
	"Do you ship to Canada and how much does it cost?",
	"thanks, that helps a lot!",
	"I was charged twice for the same order, please fix this",
	"ok and what about exchanges for a different size?",
}

// BenchmarkIngest measures POST /api/v1/messages through commit on the embedded SQLite store,
// with concurrent clients on distinct conversations.
func BenchmarkIngest(b *testing.B) { benchIngest(b, benchSQLite) }

// BenchmarkBareInsert is the baseline for BenchmarkIngest: a plain net/http handler that decodes
// the same JSON and inserts the message row in one transaction, with nothing else
// (loadgen.BareHandler).
func BenchmarkBareInsert(b *testing.B) { benchBareInsert(b, benchSQLite(b)) }

// benchSQLite opens a SQLite store in a temporary directory, closed when b ends.
func benchSQLite(b *testing.B) handoff.Store {
	db, err := sqlite.Open(context.Background(), b.TempDir())
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { db.Close() })
	return db
}

// benchIngest runs the ingest benchmark on a fresh store from open, without and with the
// built-in responder.
func benchIngest(b *testing.B, open func(*testing.B) handoff.Store) {
	for _, mode := range []struct {
		name      string
		responder handoff.Responder
	}{{"external-bot", nil}, {"kb-responder", kb.Default()}} {
		b.Run(mode.name, func(b *testing.B) {
			ctx := context.Background()
			db := open(b)
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

// benchBareInsert runs the baseline on db: loadgen.BareHandler decodes the request and inserts
// the message row in one transaction, with nothing else.
func benchBareInsert(b *testing.B, db handoff.Store) { runIngest(b, loadgen.BareHandler(db)) }

// runIngest posts distinct messages to h from 4 clients per core and reports msgs/s and p99.
func runIngest(b *testing.B, h http.Handler) {
	var seq atomic.Int64
	var mu sync.Mutex
	lat := make([]time.Duration, 0, b.N)
	b.SetParallelism(4)
	b.ResetTimer()
	start := time.Now()
	b.RunParallel(func(pb *testing.PB) {
		local := make([]time.Duration, 0, 1024)
		for pb.Next() {
			n := seq.Add(1)
			body := fmt.Sprintf(`{"channel":"web","role":"customer","text":%q,"external_id":"m%d","conversation_external_id":"c%d"}`,
				benchTexts[n%int64(len(benchTexts))], n, n%200)
			req := httptest.NewRequest("POST", "/api/v1/messages", strings.NewReader(body))
			req.Header.Set("Authorization", "Bearer "+token)
			rec := httptest.NewRecorder()
			t0 := time.Now()
			h.ServeHTTP(rec, req)
			local = append(local, time.Since(t0))
			if rec.Code != http.StatusCreated {
				b.Errorf("status %d: %s", rec.Code, rec.Body.String())
				return
			}
		}
		mu.Lock()
		lat = append(lat, local...)
		mu.Unlock()
	})
	elapsed := time.Since(start)
	b.StopTimer()
	slices.Sort(lat)
	if len(lat) > 0 {
		b.ReportMetric(float64(len(lat))/elapsed.Seconds(), "msgs/s")
		b.ReportMetric(float64(lat[len(lat)*99/100].Microseconds())/1000, "p99-ms")
	}
}
