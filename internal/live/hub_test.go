package live_test

import (
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/handoffhq/handoff"
	"github.com/handoffhq/handoff/internal/live"
)

// ev returns an event with id in conversation conv.
func ev(id, conv int64) *handoff.Event {
	return &handoff.Event{ID: id, ConversationID: conv, Type: handoff.EventTurn, Data: []byte(fmt.Sprintf(`{"n":%d}`, id))}
}

// drain returns the ids waiting in sub.C without blocking, and whether C is closed.
func drain(sub *live.Subscription) (ids []int64, closed bool) {
	for {
		select {
		case e, ok := <-sub.C:
			if !ok {
				return ids, true
			}
			ids = append(ids, e.ID)
		default:
			return ids, false
		}
	}
}

func sameIDs(t *testing.T, what string, want, got []int64) {
	t.Helper()
	if fmt.Sprint(want) != fmt.Sprint(got) {
		t.Errorf("%s: want %v, got %v", what, want, got)
	}
}

func TestHubOrderAndFilter(t *testing.T) {
	t.Parallel()
	hub := live.NewHub(0)
	all := hub.Subscribe(0, nil)
	one := hub.Subscribe(0, func(e *handoff.Event) bool { return e.ConversationID == 1 })
	late := hub.Subscribe(3, nil)
	hub.Publish([]*handoff.Event{ev(1, 1), ev(2, 2)})
	hub.Publish([]*handoff.Event{ev(4, 1), ev(3, 2), nil}) // out of order within a call: sorted
	hub.Publish(nil)
	hub.Publish([]*handoff.Event{{ConversationID: 2, Type: handoff.EventTyping}}) // ephemeral: no id
	hub.Publish([]*handoff.Event{ev(5, 1)})
	got, closed := drain(all)
	sameIDs(t, "all", []int64{1, 2, 3, 4, 0, 5}, got)
	got, _ = drain(one)
	sameIDs(t, "conversation 1", []int64{1, 4, 5}, got)
	got, _ = drain(late)
	sameIDs(t, "after 3", []int64{4, 0, 5}, got)
	if closed || all.Lagged() {
		t.Error("a subscriber that kept up was closed")
	}
	if hub.Last() != 5 {
		t.Errorf("Last() = %d, want 5", hub.Last())
	}
}

func TestHubNoDuplicates(t *testing.T) {
	t.Parallel()
	hub := live.NewHub(0)
	sub := hub.Subscribe(0, nil)
	batch := []*handoff.Event{ev(1, 1), ev(2, 1), ev(3, 1)}
	hub.Publish(batch)
	hub.Publish(batch)                                // the same events again, e.g. from NOTIFY after a local publish
	hub.Publish([]*handoff.Event{ev(2, 1), ev(4, 1)}) // partly new
	hub.Publish([]*handoff.Event{ev(4, 1), ev(4, 1)}) // repeated within a call
	got, _ := drain(sub)
	sameIDs(t, "each event once", []int64{1, 2, 3, 4}, got)
}

func TestHubDedupWindow(t *testing.T) {
	t.Parallel()
	hub := live.NewHub(10000)
	sub := hub.Subscribe(0, nil)
	const n = 9000 // more than the Hub remembers
	for i := int64(1); i <= n; i++ {
		hub.Publish([]*handoff.Event{ev(i, 1)})
	}
	for i := int64(1); i <= n; i += 1000 {
		hub.Publish([]*handoff.Event{ev(i, 1)}) // long forgotten, still not repeated
	}
	got, _ := drain(sub)
	if len(got) != n || got[0] != 1 || got[n-1] != n {
		t.Errorf("got %d events (%v … %v), want 1…%d once each", len(got), got[:3], got[len(got)-3:], n)
	}
}

func TestHubDropsSlowSubscriber(t *testing.T) {
	t.Parallel()
	hub := live.NewHub(4)
	slow := hub.Subscribe(0, nil)
	fast := hub.Subscribe(0, nil)
	var fastGot []int64
	done := make(chan struct{})
	go func() {
		defer close(done)
		for i := int64(1); i <= 10; i++ {
			hub.Publish([]*handoff.Event{ev(i, 1)})
			ids, _ := drain(fast)
			fastGot = append(fastGot, ids...)
		}
	}()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		t.Fatal("Publish blocked on a slow subscriber")
	}
	got, closed := drain(slow)
	sameIDs(t, "slow subscriber before it was dropped", []int64{1, 2, 3, 4}, got)
	if !closed || !slow.Lagged() {
		t.Errorf("slow subscriber: closed %v, lagged %v; want both", closed, slow.Lagged())
	}
	sameIDs(t, "fast subscriber", []int64{1, 2, 3, 4, 5, 6, 7, 8, 9, 10}, fastGot)
	if fast.Lagged() {
		t.Error("fast subscriber marked lagged")
	}
	if n := hub.Subscribers(); n != 1 {
		t.Errorf("Subscribers() = %d, want 1", n)
	}
	slow.Close() // closing a dropped subscription is harmless
}

func TestHubClose(t *testing.T) {
	t.Parallel()
	hub := live.NewHub(0)
	sub := hub.Subscribe(0, nil)
	hub.Publish([]*handoff.Event{ev(1, 1)})
	sub.Close()
	sub.Close()
	hub.Publish([]*handoff.Event{ev(2, 1)})
	got, closed := drain(sub)
	sameIDs(t, "after close", []int64{1}, got)
	if !closed || sub.Lagged() {
		t.Errorf("closed %v, lagged %v; want closed, not lagged", closed, sub.Lagged())
	}
	if hub.Subscribers() != 0 {
		t.Errorf("Subscribers() = %d after Close", hub.Subscribers())
	}
}

// TestHubConcurrentPublishers publishes overlapping batches from many goroutines while
// subscribers come and go; every subscriber that stays gets every event exactly once.
func TestHubConcurrentPublishers(t *testing.T) {
	t.Parallel()
	const publishers, n = 8, 2000
	hub := live.NewHub(publishers * n)
	sub := hub.Subscribe(0, nil)
	var wg sync.WaitGroup
	for p := range publishers {
		wg.Go(func() {
			for i := int64(1); i <= n; i++ {
				// Every publisher publishes every id, in batches of two, as if each event
				// arrived from several feeders.
				hub.Publish([]*handoff.Event{ev(i, int64(p)), ev(i+1, int64(p))})
				if i%100 == 0 {
					hub.Subscribe(i, nil).Close()
				}
			}
		})
	}
	wg.Wait()
	got, _ := drain(sub)
	seen := map[int64]int{}
	for _, id := range got {
		seen[id]++
	}
	for i := int64(1); i <= n+1; i++ {
		if seen[i] != 1 {
			t.Errorf("event %d delivered %d times", i, seen[i])
		}
	}
	if len(got) != n+1 {
		t.Errorf("delivered %d events, want %d", len(got), n+1)
	}
}
