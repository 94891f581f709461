package loadgen_test

import (
	"context"
	"net/http/httptest"
	"sync/atomic"
	"testing"

	"github.com/handoffhq/handoff"
	"github.com/handoffhq/handoff/internal/loadgen"
	"github.com/handoffhq/handoff/internal/sqlite"
)

// TestBareHandlerStoresEveryMessageOnce drives the baseline handler with the load generator and
// counts the rows: one conversation per external id, one message per acknowledged post.
func TestBareHandlerStoresEveryMessageOnce(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db, err := sqlite.Open(ctx, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	srv := httptest.NewServer(loadgen.BareHandler(db))
	t.Cleanup(srv.Close)
	cfg := loadgen.Config{BaseURL: srv.URL, Conversations: 12, Messages: 5, Concurrency: 4, Escalating: 0.25, Prefix: "bare-"}
	acked := make([]atomic.Int32, cfg.Conversations)
	rep, err := loadgen.Send(ctx, cfg, acked)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Acked != 60 || rep.Failed != 0 {
		t.Fatalf("acknowledged %d, failed %d, want 60 and 0", rep.Acked, rep.Failed)
	}
	if err := db.View(ctx, func(tx handoff.Tx) error {
		convs, total, err := tx.ListConversations(ctx, handoff.ConversationFilter{Limit: 100})
		if err != nil {
			return err
		}
		if total != 12 {
			t.Errorf("%d conversations stored, want 12", total)
		}
		for _, c := range convs {
			msgs, err := tx.ListMessages(ctx, c.ID)
			if err != nil {
				return err
			}
			if len(msgs) != 5 {
				t.Errorf("conversation %s has %d messages, want 5", c.ExternalID, len(msgs))
			}
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
}
