package postgres_test

import (
	"context"
	"strconv"
	"testing"
	"time"

	"github.com/handoffhq/handoff"
	"github.com/handoffhq/handoff/internal/postgres"
	"github.com/jackc/pgx/v5"
)

// TestNotifyCoalesces: a burst of commits with events wakes listeners with fewer notifications
// than commits, the last carrying the highest id committed.
func TestNotifyCoalesces(t *testing.T) {
	t.Parallel()
	db := MustOpen(t)
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	conn := listen(t, ctx, db)
	const commits = 40
	var last int64
	for range commits {
		e := &handoff.Event{ConversationID: 1, Type: handoff.EventTurn, Data: []byte(`{}`)}
		if err := db.Write(ctx, func(tx handoff.Tx) error { return tx.AppendEvent(ctx, e) }); err != nil {
			t.Fatal(err)
		}
		last = e.ID
	}
	var got []int64
	for {
		wctx, wcancel := context.WithTimeout(ctx, 300*time.Millisecond)
		n, err := conn.WaitForNotification(wctx)
		wcancel()
		if err != nil {
			break
		}
		id, err := strconv.ParseInt(n.Payload, 10, 64)
		if err != nil {
			t.Fatalf("payload %q", n.Payload)
		}
		got = append(got, id)
	}
	if len(got) == 0 || got[len(got)-1] != last {
		t.Fatalf("notifications %v, want the last to carry %d", got, last)
	}
	if len(got) >= commits {
		t.Errorf("%d notifications for %d commits in a burst, want fewer", len(got), commits)
	}
}

// listen returns a connection that listens on db's event channel, closed when the test ends.
func listen(t *testing.T, ctx context.Context, db *postgres.DB) *pgx.Conn {
	t.Helper()
	conn, err := db.Connect(ctx)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close(context.Background()) })
	if _, err := conn.Exec(ctx, `LISTEN `+pgx.Identifier{db.EventChannel()}.Sanitize()); err != nil {
		t.Fatal(err)
	}
	return conn
}
