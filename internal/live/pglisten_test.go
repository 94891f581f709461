package live_test

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"log/slog"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/handoffhq/handoff"
	"github.com/handoffhq/handoff/internal/live"
	"github.com/handoffhq/handoff/internal/postgres"
	"github.com/jackc/pgx/v5"
)

// MustPostgres returns the test database url and a fresh schema name, dropped when the test
// ends. It skips the test when the server cannot be reached, and fails it instead under CI=true.
func MustPostgres(tb testing.TB) (url, schema string) {
	tb.Helper()
	url = os.Getenv("HANDOFF_TEST_POSTGRES_URL")
	if url == "" {
		url = "postgres://postgres@127.0.0.1:5432/test"
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	conn, err := pgx.Connect(ctx, url)
	if err != nil {
		if os.Getenv("CI") == "true" {
			tb.Fatalf("PostgreSQL at %s is unreachable: %v", url, err)
		}
		tb.Skipf("PostgreSQL at %s is unreachable (set HANDOFF_TEST_POSTGRES_URL): %v", url, err)
	}
	conn.Close(ctx)
	b := make([]byte, 6)
	rand.Read(b)
	schema = "handoff_live_" + hex.EncodeToString(b)
	tb.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		conn, err := pgx.Connect(ctx, url)
		if err != nil {
			tb.Errorf("drop schema: %v", err)
			return
		}
		defer conn.Close(ctx)
		if _, err := conn.Exec(ctx, `DROP SCHEMA IF EXISTS `+pgx.Identifier{schema}.Sanitize()+` CASCADE`); err != nil {
			tb.Errorf("drop schema: %v", err)
		}
	})
	return url, schema
}

// MustOpenPostgres opens a store in schema, as one instance would, and closes it when the test ends.
func MustOpenPostgres(tb testing.TB, url, schema string) *postgres.DB {
	tb.Helper()
	db, err := postgres.Open(context.Background(), url, postgres.WithSchema(schema))
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { db.Close() })
	return db
}

// testLogger sends log lines to t.Log.
func testLogger(t *testing.T) *slog.Logger {
	return slog.New(slog.NewTextHandler(logWriter{t}, &slog.HandlerOptions{Level: slog.LevelDebug}))
}

type logWriter struct{ t *testing.T }

func (w logWriter) Write(b []byte) (int, error) {
	w.t.Log(strings.TrimSpace(string(b)))
	return len(b), nil
}

// checkFor polls cond every millisecond until it holds or d passes.
func checkFor(t *testing.T, d time.Duration, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(d)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("waited %v for %s", d, what)
		}
		time.Sleep(time.Millisecond)
	}
}

// appendPG commits one event per conversation id in one transaction through db.
func appendPG(t *testing.T, db handoff.Store, convs ...int64) []*handoff.Event {
	t.Helper()
	ctx := context.Background()
	var out []*handoff.Event
	err := db.Write(ctx, func(tx handoff.Tx) error {
		out = out[:0]
		for _, c := range convs {
			e := &handoff.Event{ConversationID: c, Type: handoff.EventTurn, Data: []byte(`{"text":"hi"}`)}
			if err := tx.AppendEvent(ctx, e); err != nil {
				return err
			}
			out = append(out, e)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// TestPGListener runs two instances on one schema: events committed through instance A reach
// a Hub fed by instance B's listener, in order and once, and so do B's own events.
func TestPGListener(t *testing.T) {
	t.Parallel()
	url, schema := MustPostgres(t)
	a := MustOpenPostgres(t, url, schema)
	b := MustOpenPostgres(t, url, schema)
	appendPG(t, a, 1) // before the listener starts: not published

	hub := live.NewHub(0)
	l := live.NewPGListener(b, hub, testLogger(t))
	l.Feed.PollInterval = time.Hour // only notifications wake it
	if err := l.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	defer l.Stop()
	checkFor(t, 10*time.Second, "LISTEN", l.Listening)
	sub := hub.Subscribe(0, nil)
	defer sub.Close()

	var want []int64
	for _, batch := range [][]int64{{1}, {2, 1}, {3}} {
		want = append(want, ids(appendPG(t, a, batch...))...)
	}
	sameIDs(t, "events from instance A", want, receive(t, sub, len(want)))

	// B's own events come once, whether B pokes its listener or only PostgreSQL does.
	own := appendPG(t, b, 4, 4)
	l.Publish(own)
	hub.Publish(own)
	more := appendPG(t, b, 5)
	sameIDs(t, "events from instance B", ids(append(own, more...)), receive(t, sub, 3))
	last := appendPG(t, a, 6)
	sameIDs(t, "nothing repeated", ids(last), receive(t, sub, 1))
}

// TestPGListenerReconnects kills the listening connection; the listener reconnects and
// publishes what was committed while it was away.
func TestPGListenerReconnects(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	url, schema := MustPostgres(t)
	a := MustOpenPostgres(t, url, schema)
	b := MustOpenPostgres(t, url, schema)
	hub := live.NewHub(0)
	l := live.NewPGListener(b, hub, testLogger(t))
	l.MinBackoff, l.MaxBackoff = time.Millisecond, 5*time.Millisecond
	l.Feed.PollInterval = time.Hour
	if err := l.Start(ctx); err != nil {
		t.Fatal(err)
	}
	defer l.Stop()
	checkFor(t, 10*time.Second, "LISTEN", l.Listening)
	sub := hub.Subscribe(0, nil)
	defer sub.Close()
	first := appendPG(t, a, 1)
	sameIDs(t, "before the kill", ids(first), receive(t, sub, 1))

	conn, err := a.Connect(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	listener := func() (pid int) {
		err := conn.QueryRow(ctx, `SELECT COALESCE(MAX(pid), 0) FROM pg_stat_activity WHERE query = 'LISTEN ' || $1`,
			pgx.Identifier{b.EventChannel()}.Sanitize()).Scan(&pid)
		if err != nil {
			t.Fatal(err)
		}
		return pid
	}
	old := listener()
	if _, err := conn.Exec(ctx, `SELECT pg_terminate_backend($1)`, old); err != nil || old == 0 {
		t.Fatalf("terminate listening backend %d: %v", old, err)
	}
	// Committed while the listener is down or reconnecting.
	missed := appendPG(t, a, 2)
	checkFor(t, 10*time.Second, "a new listening connection", func() bool {
		pid := listener()
		return pid != 0 && pid != old
	})
	later := appendPG(t, a, 3)
	sameIDs(t, "after reconnecting", ids(append(missed, later...)), receive(t, sub, 2))
}

// TestPGListenerHeartbeat keeps a quiet connection alive across heartbeats.
func TestPGListenerHeartbeat(t *testing.T) {
	t.Parallel()
	url, schema := MustPostgres(t)
	db := MustOpenPostgres(t, url, schema)
	hub := live.NewHub(0)
	l := live.NewPGListener(db, hub, testLogger(t))
	l.Heartbeat = 5 * time.Millisecond
	l.Feed.PollInterval = time.Hour
	if err := l.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	defer l.Stop()
	checkFor(t, 10*time.Second, "LISTEN", l.Listening)
	sub := hub.Subscribe(0, nil)
	defer sub.Close()
	for range 10 { // several quiet heartbeats
		time.Sleep(3 * time.Millisecond)
		if !l.Listening() {
			t.Fatal("a quiet connection was dropped")
		}
	}
	e := appendPG(t, db, 1)
	sameIDs(t, "after quiet heartbeats", ids(e), receive(t, sub, 1))
}
