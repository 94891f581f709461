package engine

import (
	"context"
	"testing"
	"time"

	"github.com/handoffhq/handoff"
	"github.com/handoffhq/handoff/internal/sqlite"
)

// lateIDs passes appends to the real transaction and hides the ids they got, as a store that
// sets them only when the transaction commits (PostgreSQL defers its appends) would.
type lateIDs struct {
	handoff.Tx
	appends int
}

func (tx *lateIDs) AppendEvent(ctx context.Context, e *handoff.Event) error {
	tx.appends++
	err := tx.Tx.AppendEvent(ctx, e)
	e.ID = 0
	return err
}

func TestFlushEventsStoresEachEventOnce(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db, err := sqlite.Open(ctx, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	c := &handoff.Conversation{Channel: handoff.ChannelWeb, State: handoff.StateAIActive}
	if err := db.Write(ctx, func(tx handoff.Tx) error {
		if err := tx.CreateConversation(ctx, c); err != nil {
			return err
		}
		late := &lateIDs{Tx: tx}
		r := &txRecorder{ctx: ctx, tx: late, now: time.Now()}
		r.event(c.ID, handoff.EventTurn, map[string]string{"text": "one"})
		r.event(c.ID, handoff.EventState, c)
		if err := r.flushEvents(); err != nil {
			return err
		}
		r.event(c.ID, "reminder", map[string]int{"level": 1})
		if err := r.flushEvents(); err != nil {
			return err
		}
		if late.appends != 3 {
			t.Errorf("AppendEvent called %d times for 3 events", late.appends)
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	var stored []*handoff.Event
	if err := db.View(ctx, func(tx handoff.Tx) (err error) { stored, err = tx.ListEvents(ctx, 0, c.ID, 0); return err }); err != nil {
		t.Fatal(err)
	}
	if len(stored) != 3 {
		t.Errorf("%d events stored, want 3", len(stored))
	}
}
