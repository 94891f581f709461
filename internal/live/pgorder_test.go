package live_test

import (
	"context"
	"math/rand/v2"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/handoffhq/handoff"
	"github.com/handoffhq/handoff/internal/live"
)

// TestPGOrderUnderConcurrentWriters proves the ordering guarantee on PostgreSQL, where writers
// append events concurrently: many transactions on two instances of one schema draw event ids,
// wait a random time before committing (some roll back), and commit in whatever order that
// gives. A Feed on instance B must publish every committed event exactly once and in id order,
// and clients resuming at random moments, after random published ids, must get exactly the
// committed events after their id, once and in order.
func TestPGOrderUnderConcurrentWriters(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	url, schema := MustPostgres(t)
	a := MustOpenPostgres(t, url, schema)
	b := MustOpenPostgres(t, url, schema)
	stores := []handoff.Store{a, b}

	const writers, each, clients = 8, 30, 12
	hub := live.NewHub(writers * each * 3)
	l := live.NewPGListener(b, hub, testLogger(t))
	l.Feed.HoleWait = time.Minute // only a finished transaction may be passed
	if err := l.Start(ctx); err != nil {
		t.Fatal(err)
	}
	defer l.Stop()
	stream := collect(hub)

	var mu sync.Mutex
	var committed []int64
	var wg sync.WaitGroup
	for w := range writers {
		wg.Go(func() {
			for i := range each {
				store := stores[(w+i)%2]
				var mine []*handoff.Event
				err := store.Write(ctx, func(tx handoff.Tx) error {
					mine = mine[:0]
					for range 1 + rand.IntN(3) {
						e := &handoff.Event{ConversationID: int64(1 + w%4), Type: handoff.EventTurn, Data: []byte(`{}`)}
						if err := tx.AppendEvent(ctx, e); err != nil {
							return err
						}
						mine = append(mine, e)
					}
					// Hold the drawn ids open: later ids commit first.
					time.Sleep(time.Duration(rand.IntN(12)) * time.Millisecond)
					if rand.IntN(8) == 0 {
						return handoff.Errorf(handoff.EINVALID, "roll back")
					}
					return nil
				})
				if handoff.ErrorCode(err) == handoff.EINVALID {
					continue
				} else if err != nil {
					t.Error(err)
					return
				}
				mu.Lock()
				committed = append(committed, ids(mine)...)
				mu.Unlock()
				if store == b {
					l.Publish(mine) // as the engine does; A's reach B through NOTIFY
				}
			}
		})
	}

	type client struct {
		after, conv int64
		got         []int64
		err         error
	}
	results := make(chan client, clients)
	var resuming sync.WaitGroup
	published := make(chan struct{})
	for c := range clients {
		resuming.Go(func() {
			time.Sleep(time.Duration(rand.IntN(300)) * time.Millisecond)
			r := client{after: hub.Last(), conv: int64(c % 5)} // 0 is every conversation
			if r.after > 0 {
				r.after -= rand.Int64N(r.after) / 4 // somewhat behind the newest
			}
			sub, backlog, err := live.Resume(ctx, b, hub, r.after, r.conv)
			if err != nil {
				r.err = err
				results <- r
				return
			}
			defer sub.Close()
			r.got = ids(backlog)
			for {
				select {
				case e, ok := <-sub.C:
					if !ok {
						r.err = handoff.Errorf(handoff.EINTERNAL, "subscription closed (lagged %v)", sub.Lagged())
						results <- r
						return
					}
					r.got = append(r.got, e.ID)
					continue
				case <-published:
				}
				rest, _ := drain(sub)
				r.got = append(r.got, rest...)
				results <- r
				return
			}
		})
	}

	wg.Wait()
	if t.Failed() {
		return
	}
	slices.Sort(committed)
	last := committed[len(committed)-1]
	checkFor(t, 30*time.Second, "the feed to publish the last committed event", func() bool { return l.Feed.Cursor() >= last })
	close(published)
	resuming.Wait()
	close(results)

	got := stream()
	if !slices.IsSorted(got) {
		t.Errorf("published out of order: %v…", head(got))
	}
	if !slices.Equal(got, committed) {
		t.Errorf("published %d events, committed %d: missing %v, extra %v", len(got), len(committed),
			head(minus(committed, got)), head(minus(got, committed)))
	}
	for r := range results {
		if r.err != nil {
			t.Errorf("client after %d, conversation %d: %v", r.after, r.conv, r.err)
			continue
		}
		want := afterFor(committed, r.after, r.conv, stores[0], t)
		if !slices.Equal(r.got, want) {
			t.Errorf("client after %d, conversation %d: got %d events, want %d: missing %v, extra %v, order %v",
				r.after, r.conv, len(r.got), len(want), head(minus(want, r.got)), head(minus(r.got, want)), slices.IsSorted(r.got))
		}
	}

	// Resuming now after any published id gives exactly the later events.
	for range 40 {
		after := got[rand.IntN(len(got))]
		sub, backlog, err := live.Resume(ctx, b, hub, after, 0)
		if err != nil {
			t.Fatal(err)
		}
		sub.Close()
		i, _ := slices.BinarySearch(got, after+1)
		if !slices.Equal(ids(backlog), got[i:]) {
			t.Errorf("resume after %d: got %d events, want %d", after, len(backlog), len(got)-i)
		}
	}
	t.Logf("%d events committed by %d transactions; %d published", len(committed), writers*each, len(got))
}

// afterFor returns the committed ids after after, of conversation conv (0 for all).
func afterFor(committed []int64, after, conv int64, store handoff.Store, t *testing.T) []int64 {
	t.Helper()
	convOf := map[int64]int64{}
	if conv != 0 {
		err := store.View(context.Background(), func(tx handoff.Tx) error {
			for cursor := int64(0); ; {
				page, err := tx.ListEvents(context.Background(), cursor, 0, 1000)
				if err != nil || len(page) == 0 {
					return err
				}
				for _, e := range page {
					convOf[e.ID] = e.ConversationID
				}
				cursor = page[len(page)-1].ID
			}
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	var out []int64
	for _, id := range committed {
		if id > after && (conv == 0 || convOf[id] == conv) {
			out = append(out, id)
		}
	}
	return out
}

// minus returns the ids of a that are not in b.
func minus(a, b []int64) []int64 {
	in := map[int64]bool{}
	for _, id := range b {
		in[id] = true
	}
	var out []int64
	for _, id := range a {
		if !in[id] {
			out = append(out, id)
		}
	}
	return out
}
