package live

import (
	"slices"
	"sync"
	"sync/atomic"

	"github.com/handoffhq/handoff"
)

// DefaultBuffer is how many events a subscriber may fall behind before it is dropped.
const DefaultBuffer = 256

// dedupWindow is how many recently published ids the Hub remembers to drop repeats.
const dedupWindow = 4096

// Hub is an in-process publish/subscribe of committed events. Publish never blocks: a
// subscriber whose buffer is full is dropped (its channel closed, Lagged set) and must resume
// from the last id it saw. The Hub drops an event it has already published, by id, so the same
// event may arrive from several feeders (the engine, a Feed, a PGListener). It is safe for
// concurrent use.
type Hub struct {
	buffer int

	mu      sync.Mutex
	subs    map[*Subscription]struct{}
	last    int64              // highest id published
	recent  map[int64]struct{} // ids published lately
	ring    []int64            // the same ids, oldest overwritten first
	next    int                // where the next id goes in ring
	evicted int64              // highest id that left the window; anything at or below it counts as seen
	// fed is set once a Feed publishes to the Hub; mark is then the Feed's cursor: every event
	// at or below it that will ever be committed has been published.
	fed  bool
	mark int64
}

// NewHub returns a Hub whose subscribers each buffer up to buffer events; buffer <= 0 means
// DefaultBuffer.
func NewHub(buffer int) *Hub {
	if buffer <= 0 {
		buffer = DefaultBuffer
	}
	return &Hub{
		buffer: buffer,
		subs:   map[*Subscription]struct{}{},
		recent: make(map[int64]struct{}, dedupWindow),
		ring:   make([]int64, 0, dedupWindow),
	}
}

// Subscription receives the events published after it was made whose id is above its
// afterID and that pass its filter, in the order they were published.
type Subscription struct {
	// C delivers the events. It is closed by Close, or by the Hub when the subscriber fell
	// behind (then Lagged reports true). Events are shared: treat them as read-only.
	C <-chan *handoff.Event

	ch     chan *handoff.Event
	hub    *Hub
	filter func(*handoff.Event) bool
	lagged atomic.Bool

	// Guarded by hub.mu.
	after  int64
	closed bool
}

// Subscribe returns a subscription to events with an id above afterID for which filter returns
// true; a nil filter takes every event. filter runs while the Hub is locked: it must be quick
// and must not call the Hub.
func (h *Hub) Subscribe(afterID int64, filter func(*handoff.Event) bool) *Subscription {
	s, _, _ := h.subscribe(afterID, filter)
	return s
}

// subscribe is Subscribe that also returns, taken at the same instant, the Feed's mark and
// whether a Feed publishes to the Hub: the subscription gets every event above the mark the
// Feed publishes, and nothing at or below it.
func (h *Hub) subscribe(afterID int64, filter func(*handoff.Event) bool) (s *Subscription, mark int64, fed bool) {
	ch := make(chan *handoff.Event, h.buffer)
	s = &Subscription{C: ch, ch: ch, hub: h, filter: filter, after: afterID}
	h.mu.Lock()
	defer h.mu.Unlock()
	h.subs[s] = struct{}{}
	return s, h.mark, h.fed
}

// Close ends the subscription and closes C; closing twice is harmless.
func (s *Subscription) Close() {
	s.hub.mu.Lock()
	defer s.hub.mu.Unlock()
	s.hub.remove(s)
}

// Lagged reports whether the Hub dropped the subscription because its buffer was full.
func (s *Subscription) Lagged() bool { return s.lagged.Load() }

// remove closes s and forgets it; h.mu must be held.
func (h *Hub) remove(s *Subscription) {
	if s.closed {
		return
	}
	s.closed = true
	close(s.ch)
	delete(h.subs, s)
}

// Publish delivers events to every matching subscriber without blocking, oldest id first within
// the call, skipping events already published. It implements the engine's Publisher. An event
// with ID 0 is ephemeral (a typing indicator, say): it goes to the current subscribers as is,
// is never de-duplicated or replayed, and does not reach other instances.
//
// Subscribers see events in the order Publish is called. For a stream in id order across
// concurrent writers, feed the Hub from one Feed or PGListener and let the engine poke that
// instead of calling Publish itself.
func (h *Hub) Publish(events []*handoff.Event) {
	if len(events) == 0 {
		return
	}
	if !slices.IsSortedFunc(events, byID) {
		events = slices.SortedFunc(slices.Values(events), byID)
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	h.publish(events)
}

// publishThrough publishes events, which are in id order, and moves the mark to through, all at
// once for a subscriber. Only a Feed calls it, with its cursor.
func (h *Hub) publishThrough(events []*handoff.Event, through int64) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.publish(events)
	h.fed = true
	h.mark = max(h.mark, through)
}

// publish delivers events in order; h.mu must be held.
func (h *Hub) publish(events []*handoff.Event) {
	for _, e := range events {
		if e == nil || e.ID < 0 {
			continue
		}
		if e.ID > 0 {
			if h.seen(e.ID) {
				continue
			}
			h.remember(e.ID)
		}
		for s := range h.subs {
			if (e.ID > 0 && e.ID <= s.after) || (s.filter != nil && !s.filter(e)) {
				continue
			}
			select {
			case s.ch <- e:
			default:
				s.lagged.Store(true)
				h.remove(s)
			}
		}
	}
}

// byID orders events by id, nil first.
func byID(a, b *handoff.Event) int {
	var x, y int64
	if a != nil {
		x = a.ID
	}
	if b != nil {
		y = b.ID
	}
	switch {
	case x < y:
		return -1
	case x > y:
		return 1
	}
	return 0
}

// seen reports whether id was published already; h.mu must be held.
func (h *Hub) seen(id int64) bool {
	if id <= h.evicted {
		return true
	}
	_, ok := h.recent[id]
	return ok
}

// remember records id as published; h.mu must be held.
func (h *Hub) remember(id int64) {
	if len(h.ring) < dedupWindow {
		h.ring = append(h.ring, id)
	} else {
		old := h.ring[h.next]
		delete(h.recent, old)
		h.evicted = max(h.evicted, old)
		h.ring[h.next] = id
		h.next = (h.next + 1) % dedupWindow
	}
	h.recent[id] = struct{}{}
	h.last = max(h.last, id)
}

// Last returns the highest event id published so far, 0 before the first. A client that wants
// only what happens from now on can subscribe after it.
func (h *Hub) Last() int64 {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.last
}

// Subscribers returns how many subscriptions are open.
func (h *Hub) Subscribers() int {
	h.mu.Lock()
	defer h.mu.Unlock()
	return len(h.subs)
}

// raise makes s skip events at or below id, including those already in its buffer. Only
// Resume calls it, before handing s to anyone who could be reading C.
func (h *Hub) raise(s *Subscription, id int64) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if s.closed || id <= s.after {
		return
	}
	s.after = id
	var keep []*handoff.Event
	for range len(s.ch) {
		if e := <-s.ch; e.ID > id {
			keep = append(keep, e)
		}
	}
	for _, e := range keep {
		s.ch <- e // fits: it was in the buffer a moment ago and only the Hub sends, under h.mu
	}
}
