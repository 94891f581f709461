package live_test

import (
	"context"
	"slices"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/handoffhq/handoff"
	"github.com/handoffhq/handoff/internal/live"
)

// openStore is a handoff.Store of events in memory whose writes run concurrently, as on
// PostgreSQL: an append draws the next id at once, the event becomes visible when its
// transaction commits, so ids can be committed out of order. It implements live.WriterTracker.
type openStore struct {
	mu      sync.Mutex
	next    int64
	events  []*handoff.Event // committed, by id
	open    map[string]bool  // transactions that appended and have not ended
	txs     int
	stuck   bool // EventWriters reports every transaction ever seen as running
	answers int  // EventWriters calls
}

type openTx struct {
	memTx
	s       *openStore
	name    string
	pending []*handoff.Event
}

// begin starts a write transaction; commit or rollback ends it.
func (s *openStore) begin() *openTx {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.txs++
	return &openTx{s: s, name: strconv.Itoa(s.txs)}
}

func (tx *openTx) AppendEvent(ctx context.Context, e *handoff.Event) error {
	tx.s.mu.Lock()
	defer tx.s.mu.Unlock()
	if tx.s.open == nil {
		tx.s.open = map[string]bool{}
	}
	tx.s.open[tx.name] = true
	tx.s.next++
	e.ID = tx.s.next
	tx.pending = append(tx.pending, e)
	return nil
}

func (tx *openTx) commit() []*handoff.Event {
	tx.s.mu.Lock()
	defer tx.s.mu.Unlock()
	tx.s.events = append(tx.s.events, tx.pending...)
	slices.SortFunc(tx.s.events, func(a, b *handoff.Event) int { return int(a.ID - b.ID) })
	delete(tx.s.open, tx.name)
	return tx.pending
}

func (tx *openTx) rollback() {
	tx.s.mu.Lock()
	defer tx.s.mu.Unlock()
	delete(tx.s.open, tx.name)
}

// add commits one event in a transaction of its own.
func (s *openStore) add(conv int64) *handoff.Event {
	tx := s.begin()
	e := &handoff.Event{ConversationID: conv, Type: handoff.EventTurn}
	tx.AppendEvent(context.Background(), e)
	tx.commit()
	return e
}

func (s *openStore) Write(ctx context.Context, fn func(handoff.Tx) error) error {
	tx := s.begin()
	if err := fn(tx); err != nil {
		tx.rollback()
		return err
	}
	tx.commit()
	return nil
}

func (s *openStore) View(ctx context.Context, fn func(handoff.Tx) error) error {
	s.mu.Lock()
	snapshot := &memStore{events: slices.Clone(s.events)}
	s.mu.Unlock()
	return fn(&memTx{s: snapshot})
}

func (s *openStore) Ping(ctx context.Context) error { return nil }
func (s *openStore) Close() error                   { return nil }

func (s *openStore) EventWriters(ctx context.Context, among []string) ([]string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.answers++
	out := []string{}
	if s.stuck {
		for i := 1; i <= s.txs; i++ {
			out = append(out, strconv.Itoa(i))
		}
		return out, nil
	}
	for name := range s.open {
		if among == nil || slices.Contains(among, name) {
			out = append(out, name)
		}
	}
	return out, nil
}

// startFeed starts a Feed on s that only pokes wake.
func startFeed(t *testing.T, s handoff.Store, hub *live.Hub, holeWait time.Duration) *live.Feed {
	t.Helper()
	f := live.NewFeed(s, hub, testLogger(t))
	f.PollInterval = time.Hour
	f.HoleWait = holeWait
	if err := f.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(f.Stop)
	return f
}

// quiet checks that nothing arrives on sub for a while.
func quiet(t *testing.T, sub *live.Subscription, what string) {
	t.Helper()
	time.Sleep(30 * time.Millisecond)
	if got, _ := drain(sub); len(got) != 0 {
		t.Errorf("%s: published %v", what, got)
	}
}

// TestFeedWaitsForMissingID commits id 2 while id 1 is still open: the Feed publishes nothing
// until 1 is committed, then both in order; a client resuming meanwhile gets 1 and 2 live.
func TestFeedWaitsForMissingID(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s := &openStore{}
	hub := live.NewHub(0)
	f := startFeed(t, s, hub, time.Hour)
	sub := hub.Subscribe(0, nil)
	defer sub.Close()

	slow := s.begin()
	first := &handoff.Event{ConversationID: 1, Type: handoff.EventTurn}
	slow.AppendEvent(ctx, first)
	second := s.add(1)
	f.Publish([]*handoff.Event{second})
	quiet(t, sub, "while id 1 is being committed")
	if f.Cursor() != 0 {
		t.Errorf("Cursor() = %d before id 1 was committed", f.Cursor())
	}
	resumed, backlog, err := live.Resume(ctx, s, hub, 0, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer resumed.Close()
	sameIDs(t, "backlog while id 1 is being committed", nil, ids(backlog))

	f.Publish(slow.commit())
	sameIDs(t, "after the commit", []int64{1, 2}, receive(t, sub, 2))
	sameIDs(t, "resumed client", []int64{1, 2}, receive(t, resumed, 2))
}

// TestFeedPassesRolledBackID rolls back the transaction of a missing id: the Feed moves past it
// as soon as the store reports no writer left, well before HoleWait.
func TestFeedPassesRolledBackID(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s := &openStore{}
	hub := live.NewHub(0)
	f := startFeed(t, s, hub, time.Hour)
	sub := hub.Subscribe(0, nil)
	defer sub.Close()

	doomed := s.begin()
	doomed.AppendEvent(ctx, &handoff.Event{Type: handoff.EventTurn})
	later := s.add(1)
	f.Publish([]*handoff.Event{later})
	quiet(t, sub, "while id 1 may still be committed")
	doomed.rollback() // no poke: nothing was committed
	sameIDs(t, "after the rollback", []int64{2}, receive(t, sub, 1))
	s.mu.Lock()
	asked := s.answers
	s.mu.Unlock()
	if asked == 0 {
		t.Error("the Feed passed the missing id without asking the store")
	}
}

// TestFeedHoleWait bounds the wait for a transaction that never ends.
func TestFeedHoleWait(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s := &openStore{stuck: true}
	hub := live.NewHub(0)
	f := startFeed(t, s, hub, 50*time.Millisecond)
	sub := hub.Subscribe(0, nil)
	defer sub.Close()
	stuck := s.begin()
	stuck.AppendEvent(ctx, &handoff.Event{Type: handoff.EventTurn})
	start := time.Now()
	f.Publish([]*handoff.Event{s.add(1)})
	sameIDs(t, "after HoleWait", []int64{2}, receive(t, sub, 1))
	if d := time.Since(start); d < 50*time.Millisecond {
		t.Errorf("passed a missing id that may still be committed after %v, before HoleWait", d)
	}
	checkFor(t, 10*time.Second, "the cursor to reach 2", func() bool { return f.Cursor() == 2 })
}

// TestFeedOutOfOrderCommits runs concurrent writers that commit in random order, some rolling
// back; the Feed must publish every committed event once, in id order, and clients resuming
// at any published id must get exactly the later ones.
func TestFeedOutOfOrderCommits(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	s := &openStore{}
	const writers, each = 6, 60
	hub := live.NewHub(writers * each * 3)
	f := startFeed(t, s, hub, time.Hour)
	got := collect(hub)
	var committed sync.Map
	var wg sync.WaitGroup
	for w := range writers {
		wg.Go(func() {
			for i := range each {
				var mine []*handoff.Event
				err := s.Write(ctx, func(tx handoff.Tx) error {
					for range 1 + (w+i)%3 {
						e := &handoff.Event{ConversationID: int64(w), Type: handoff.EventTurn}
						if err := tx.AppendEvent(ctx, e); err != nil {
							return err
						}
						mine = append(mine, e)
					}
					time.Sleep(time.Duration((w*7+i*13)%4) * time.Millisecond)
					if (w+i)%9 == 0 {
						return handoff.Errorf(handoff.EINVALID, "roll back")
					}
					return nil
				})
				if err == nil {
					for _, e := range mine {
						committed.Store(e.ID, true)
					}
					f.Publish(mine)
				}
			}
		})
	}
	wg.Wait()
	var want []int64
	committed.Range(func(k, _ any) bool { want = append(want, k.(int64)); return true })
	slices.Sort(want)
	checkFor(t, 10*time.Second, "the Feed to pass the last committed id", func() bool { return f.Cursor() >= want[len(want)-1] })
	stream := got()
	sameIDs(t, "published stream", want, stream)
	for _, after := range []int64{0, want[0], want[len(want)/3], want[len(want)/2], want[len(want)-1]} {
		sub, backlog, err := live.Resume(ctx, s, hub, after, 0)
		if err != nil {
			t.Fatal(err)
		}
		sub.Close()
		i, _ := slices.BinarySearch(want, after+1)
		sameIDs(t, "resume after "+strconv.FormatInt(after, 10), want[i:], ids(backlog))
	}
}

// collect subscribes to everything hub publishes; the returned function stops and returns the ids.
func collect(hub *live.Hub) func() []int64 {
	sub := hub.Subscribe(0, nil)
	var out []int64
	done := make(chan struct{})
	go func() {
		defer close(done)
		for e := range sub.C {
			out = append(out, e.ID)
		}
	}()
	return func() []int64 {
		sub.Close()
		<-done
		return out
	}
}
