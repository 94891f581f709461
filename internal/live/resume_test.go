package live_test

import (
	"context"
	"math/rand/v2"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/handoffhq/handoff"
	"github.com/handoffhq/handoff/internal/live"
)

// memStore is a handoff.Store that keeps only events, in memory. Writes run one at a time, so
// ids follow commit order as on SQLite (openStore in hole_test.go commits them out of order).
type memStore struct {
	wmu    sync.Mutex // one writer at a time
	mu     sync.Mutex // guards events and next
	events []*handoff.Event
	next   int64
	// beforeView runs at the start of every View when set.
	beforeView func()
	views      atomic.Int64
}

// memTx is a transaction of memStore; methods other than the event ones panic.
type memTx struct {
	handoff.Tx
	s       *memStore
	write   bool
	pending []*handoff.Event
}

func (s *memStore) Write(ctx context.Context, fn func(handoff.Tx) error) error {
	s.wmu.Lock()
	defer s.wmu.Unlock()
	tx := &memTx{s: s, write: true}
	if err := fn(tx); err != nil {
		return err
	}
	s.mu.Lock()
	s.events = append(s.events, tx.pending...)
	s.mu.Unlock()
	return nil
}

func (s *memStore) View(ctx context.Context, fn func(handoff.Tx) error) error {
	s.views.Add(1)
	if s.beforeView != nil {
		s.beforeView()
	}
	return fn(&memTx{s: s})
}

func (s *memStore) Ping(ctx context.Context) error { return nil }
func (s *memStore) Close() error                   { return nil }

func (tx *memTx) AppendEvent(ctx context.Context, e *handoff.Event) error {
	if !tx.write {
		return handoff.Errorf(handoff.EINVALID, "read-only transaction")
	}
	tx.s.mu.Lock()
	tx.s.next++
	e.ID = tx.s.next
	tx.s.mu.Unlock()
	tx.pending = append(tx.pending, e)
	return nil
}

func (tx *memTx) ListEvents(ctx context.Context, afterID, conversationID int64, limit int) ([]*handoff.Event, error) {
	if limit <= 0 {
		limit = 100
	}
	limit = min(limit, 1000)
	tx.s.mu.Lock()
	defer tx.s.mu.Unlock()
	out := []*handoff.Event{}
	i, _ := slices.BinarySearchFunc(tx.s.events, afterID+1, func(e *handoff.Event, id int64) int { return int(e.ID - id) })
	for _, e := range tx.s.events[i:] {
		if len(out) == limit {
			break
		}
		if conversationID == 0 || e.ConversationID == conversationID {
			out = append(out, e)
		}
	}
	return out, nil
}

// appendEvents commits one event per conversation id in one transaction and returns them.
func (s *memStore) appendEvents(t testing.TB, convs ...int64) []*handoff.Event {
	t.Helper()
	var out []*handoff.Event
	err := s.Write(context.Background(), func(tx handoff.Tx) error {
		for _, c := range convs {
			e := &handoff.Event{ConversationID: c, Type: handoff.EventTurn, Data: []byte(`{}`)}
			if err := tx.AppendEvent(context.Background(), e); err != nil {
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

func ids(events []*handoff.Event) []int64 {
	out := make([]int64, len(events))
	for i, e := range events {
		out[i] = e.ID
	}
	return out
}

func TestResume(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s := &memStore{}
	hub := live.NewHub(0)
	stored := s.appendEvents(t, 1, 2, 1, 2, 1)
	hub.Publish(stored)

	sub, backlog, err := live.Resume(ctx, s, hub, 2, 1)
	if err != nil {
		t.Fatal(err)
	}
	defer sub.Close()
	sameIDs(t, "backlog of conversation 1 after 2", []int64{3, 5}, ids(backlog))
	hub.Publish(s.appendEvents(t, 2, 1))
	got, _ := drain(sub)
	sameIDs(t, "live events of conversation 1", []int64{7}, got)

	all, backlog, err := live.Resume(ctx, s, hub, 0, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer all.Close()
	sameIDs(t, "whole backlog", []int64{1, 2, 3, 4, 5, 6, 7}, ids(backlog))
	if got, _ := drain(all); len(got) != 0 {
		t.Errorf("events already in the backlog arrived live: %v", got)
	}
}

// TestResumeSkipsBufferedBacklog publishes events while Resume reads the backlog: they are
// both in the backlog and in the subscription's buffer, and must reach the client once.
func TestResumeSkipsBufferedBacklog(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s := &memStore{}
	hub := live.NewHub(0)
	hub.Publish(s.appendEvents(t, 1, 1))
	var once sync.Once
	s.beforeView = func() {
		once.Do(func() { hub.Publish(s.appendEvents(t, 1, 1, 1)) })
	}
	sub, backlog, err := live.Resume(ctx, s, hub, 0, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer sub.Close()
	sameIDs(t, "backlog", []int64{1, 2, 3, 4, 5}, ids(backlog))
	got, _ := drain(sub)
	sameIDs(t, "live after the backlog", nil, got)
	hub.Publish(s.appendEvents(t, 1))
	got, _ = drain(sub)
	sameIDs(t, "next live event", []int64{6}, got)
}

// TestResumeLaggedWhileReading overflows the new subscription while the backlog is read;
// Resume subscribes again and still hands over without a gap.
func TestResumeLaggedWhileReading(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s := &memStore{}
	hub := live.NewHub(2)
	hub.Publish(s.appendEvents(t, 1, 1, 1))
	var once sync.Once
	s.beforeView = func() {
		once.Do(func() {
			for range 5 {
				hub.Publish(s.appendEvents(t, 1))
			}
		})
	}
	sub, backlog, err := live.Resume(ctx, s, hub, 0, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer sub.Close()
	if sub.Lagged() {
		t.Fatal("Resume returned the lagged subscription")
	}
	sameIDs(t, "backlog", []int64{1, 2, 3, 4, 5, 6, 7, 8}, ids(backlog))
	hub.Publish(s.appendEvents(t, 1))
	got, _ := drain(sub)
	sameIDs(t, "live", []int64{9}, got)
}

func TestResumeTooFarBehind(t *testing.T) {
	t.Parallel()
	s := &memStore{}
	hub := live.NewHub(0)
	convs := make([]int64, live.MaxBacklog+1)
	s.appendEvents(t, convs...)
	_, _, err := live.Resume(context.Background(), s, hub, 0, 0)
	if handoff.ErrorCode(err) != handoff.EUNPROCESSABLE {
		t.Errorf("Resume with %d events to catch up: %v, want EUNPROCESSABLE", len(convs), err)
	}
	if hub.Subscribers() != 0 {
		t.Error("a failed Resume left a subscription open")
	}
}

// TestResumeUnderConcurrentPublishing runs writers that commit and publish events while
// clients resume from random points; each client must see every event after its point,
// once, and (fed by a Feed) in id order.
func TestResumeUnderConcurrentPublishing(t *testing.T) {
	t.Parallel()
	for _, mode := range []string{"feed", "direct"} {
		t.Run(mode, func(t *testing.T) {
			t.Parallel()
			testResumeConcurrent(t, mode)
		})
	}
}

func testResumeConcurrent(t *testing.T, mode string) {
	const writers, each, clients = 4, 150, 12
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	s := &memStore{}
	hub := live.NewHub(writers * each)
	var publisher interface{ Publish([]*handoff.Event) } = hub
	var feed *live.Feed
	if mode == "feed" {
		feed = live.NewFeed(s, hub, nil)
		feed.PollInterval = time.Millisecond
		if err := feed.Start(ctx); err != nil {
			t.Fatal(err)
		}
		defer feed.Stop()
		publisher = feed
	}
	total := int64(writers * each)

	// published is closed once every event has been handed to the Hub.
	published := make(chan struct{})
	var writing sync.WaitGroup
	for w := range writers {
		writing.Go(func() {
			for i := range each {
				// Like the engine: commit, then publish, with other writers racing in between.
				events := s.appendEvents(t, int64(1+(w+i)%3))
				publisher.Publish(events)
				if i%10 == 0 {
					time.Sleep(500 * time.Microsecond) // spread the writes over the time clients resume in
				}
			}
		})
	}
	go func() {
		writing.Wait()
		for feed != nil && feed.Cursor() < total && ctx.Err() == nil {
			time.Sleep(time.Millisecond)
		}
		close(published)
	}()

	type result struct {
		after, conv int64
		got         []int64
		live        int // events that came through the subscription
		err         error
	}
	results := make(chan result, clients)
	var reading sync.WaitGroup
	for c := range clients {
		reading.Go(func() {
			// Resume at a random moment while the writers work, from a random stored id.
			time.Sleep(time.Duration(rand.IntN(8000)) * time.Microsecond)
			s.mu.Lock()
			after := int64(0)
			if n := len(s.events); n > 0 {
				after = s.events[rand.IntN(n)].ID
			}
			s.mu.Unlock()
			conv := int64(c % 4) // 0 is every conversation
			r := result{after: after, conv: conv}
			sub, backlog, err := live.Resume(ctx, s, hub, after, conv)
			if err != nil {
				r.err = err
				results <- r
				return
			}
			defer sub.Close()
			<-published
			rest, closed := drain(sub)
			if closed {
				r.err = handoff.Errorf(handoff.EINTERNAL, "subscription closed (lagged %v)", sub.Lagged())
			}
			r.got = append(ids(backlog), rest...)
			r.live = len(rest)
			results <- r
		})
	}
	reading.Wait()
	close(results)
	if ctx.Err() != nil {
		t.Fatal(ctx.Err())
	}
	handedOver := 0
	for r := range results {
		if r.live > 0 && r.live < len(r.got) {
			handedOver++
		}
		if r.err != nil {
			t.Errorf("client after %d, conversation %d: %v", r.after, r.conv, r.err)
			continue
		}
		var want []int64
		s.mu.Lock()
		for _, e := range s.events {
			if e.ID > r.after && (r.conv == 0 || e.ConversationID == r.conv) {
				want = append(want, e.ID)
			}
		}
		s.mu.Unlock()
		got := r.got
		if mode == "direct" {
			// Published straight from racing writers, events may arrive out of id order; each
			// still arrives exactly once.
			got = slices.Clone(got)
			slices.Sort(got)
		}
		if !slices.Equal(want, got) {
			t.Errorf("client after %d, conversation %d: want %d events %v…, got %d %v…", r.after, r.conv,
				len(want), head(want), len(r.got), head(r.got))
		}
	}
	t.Logf("%d of %d clients got both a backlog and live events", handedOver, clients)
}

func head(ids []int64) []int64 { return ids[:min(len(ids), 8)] }

func TestFeed(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s := &memStore{}
	s.appendEvents(t, 1, 1, 1)
	hub := live.NewHub(0)
	feed := live.NewFeed(s, hub, nil)
	feed.PollInterval = time.Hour
	if err := feed.Start(ctx); err != nil {
		t.Fatal(err)
	}
	defer feed.Stop()
	if feed.Cursor() != 3 {
		t.Fatalf("Cursor() = %d after Start, want the newest stored id 3", feed.Cursor())
	}
	sub := hub.Subscribe(0, nil)
	defer sub.Close()
	events := s.appendEvents(t, 1, 2)
	feed.Publish(events[:1]) // one poke reads everything committed
	got := receive(t, sub, 2)
	sameIDs(t, "after a poke", []int64{4, 5}, got)
	feed.Publish(events) // nothing new: no poke, no repeat
	s.appendEvents(t, 1)
	feed.Poke()
	sameIDs(t, "after Poke", []int64{6}, receive(t, sub, 1))
}

func TestFeedPolls(t *testing.T) {
	t.Parallel()
	s := &memStore{}
	hub := live.NewHub(0)
	feed := live.NewFeed(s, hub, nil)
	feed.PollInterval = time.Millisecond
	if err := feed.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	defer feed.Stop()
	sub := hub.Subscribe(0, nil)
	defer sub.Close()
	s.appendEvents(t, 1, 1) // nobody pokes
	sameIDs(t, "polled", []int64{1, 2}, receive(t, sub, 2))
}

// receive waits for n events on sub.
func receive(t *testing.T, sub *live.Subscription, n int) []int64 {
	t.Helper()
	var got []int64
	timeout := time.After(10 * time.Second)
	for len(got) < n {
		select {
		case e, ok := <-sub.C:
			if !ok {
				t.Fatalf("subscription closed after %v", got)
			}
			got = append(got, e.ID)
		case <-timeout:
			t.Fatalf("got %v, want %d events", got, n)
		}
	}
	return got
}

func TestLastEventID(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	for _, tc := range []struct {
		name string
		ids  []int64
	}{
		{"empty", nil},
		{"one", []int64{1}},
		{"dense", []int64{1, 2, 3, 4, 5, 6, 7}},
		{"power of two", []int64{1, 2, 4, 8}},
		{"gaps", []int64{3, 5, 17, 1000, 1001, 123456}},
		{"far", []int64{7, 1 << 40, 1<<40 + 3}},
	} {
		s := &memStore{}
		for _, id := range tc.ids {
			s.events = append(s.events, ev(id, 1))
		}
		var want int64
		if len(tc.ids) > 0 {
			want = tc.ids[len(tc.ids)-1]
		}
		s.views.Store(0)
		got, err := live.LastEventID(ctx, s)
		if err != nil || got != want {
			t.Errorf("%s: LastEventID = %d, %v; want %d", tc.name, got, err, want)
		}
		if s.views.Load() != 1 {
			t.Errorf("%s: %d read transactions, want 1", tc.name, s.views.Load())
		}
	}
}
