package live

import (
	"context"
	"log/slog"
	"math"
	"sync/atomic"
	"time"

	"github.com/handoffhq/handoff"
)

// DefaultPollInterval is how often a Feed reads the store when nothing pokes it.
const DefaultPollInterval = 2 * time.Second

// DefaultReadGap is the least time between two reads of the store by a Feed. Under load, turns
// commit faster than one read takes, so each read then carries the events of many turns instead
// of one; an idle Feed reads at once.
const DefaultReadGap = 5 * time.Millisecond

// DefaultHoleWait is how long a Feed waits at most for a missing event id whose transaction
// may still commit it.
const DefaultHoleWait = time.Second

// feedPage is how many events a Feed reads at a time.
const feedPage = 500

// How a Feed follows up a missing id: it first gives the id holeGrace to be committed (most
// are, and their commit pokes the Feed), then asks the store which transactions may still
// commit it, and asks again about those until none is left, waiting twice as long each time up
// to holeRecheck.
const (
	holeGrace   = 5 * time.Millisecond
	holeRecheck = 50 * time.Millisecond
)

// WriterTracker is implemented by stores that commit event ids out of id order (the
// PostgreSQL store, whose transactions append events concurrently). EventWriters returns the
// transactions that may still commit an event id already drawn, or, with among non-nil, those
// of among still running. It must be exact in one direction: if a read sees id N while a
// lower id M is missing, M's transaction is in the answer of any later call, or it has ended;
// and once it has ended, a read that starts afterwards sees M if it was committed.
type WriterTracker interface {
	EventWriters(ctx context.Context, among []string) ([]string, error)
}

// Feed publishes committed events to a Hub in id order by reading them from the store: it keeps
// a cursor (the last id published) and, whenever it is poked or its poll interval passes, reads
// every event after the cursor. A Feed implements the engine's Publisher: the engine's Publish
// only pokes.
//
// The cursor never passes an event that may still be committed, so subscribers get one
// gap-free stream however many goroutines or instances write, and a client resuming after any
// id the Feed published misses nothing. With a store that commits ids in id order (SQLite has
// one writer) every event read can be published at once. With a store that implements
// WriterTracker, a read can see id N while a lower id is still being committed: the Feed then
// publishes up to the missing id and waits. The missing id either turns up (its commit pokes
// the Feed) or the store reports that no transaction that could commit it is left (it was
// rolled back, or the id was drawn and never used), and the Feed moves past it. HoleWait
// bounds that wait, so one stuck transaction cannot hold up every console.
type Feed struct {
	// PollInterval is how often the store is read without a poke; zero means DefaultPollInterval.
	// Set it before Start.
	PollInterval time.Duration
	// ReadGap is the least time between two reads; zero means DefaultReadGap, negative none.
	// Set it before Start.
	ReadGap time.Duration
	// HoleWait is the longest the Feed waits for a missing id that a running transaction may
	// still commit; zero means DefaultHoleWait. After it the Feed moves on and logs a warning:
	// should that transaction commit later, its events are stored but not published live
	// (clients see them when they reload). Set it before Start.
	HoleWait time.Duration

	store   handoff.Store
	writers WriterTracker // nil when the store commits ids in order
	hub     *Hub
	log     *slog.Logger
	cursor  atomic.Int64
	poke    chan struct{}
	cancel  context.CancelFunc
	done    chan struct{}
	hole    *hole // read and written only by the reading goroutine
}

// hole is a Feed's record of the ids missing right after its cursor.
type hole struct {
	top     int64     // ids below top were drawn before writers was asked for
	since   time.Time // when the hole was first seen
	next    time.Time // when to look at it again
	asked   bool      // writers holds an answer
	writers []string  // transactions that may still commit an id below top
	checks  int
	passed  bool // every id below top that is still missing will never be committed
}

// NewFeed returns a Feed from store to hub; a nil logger discards.
func NewFeed(store handoff.Store, hub *Hub, logger *slog.Logger) *Feed {
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	f := &Feed{store: store, hub: hub, log: logger, poke: make(chan struct{}, 1)}
	f.writers, _ = store.(WriterTracker)
	return f
}

// Start sets the cursor to the newest stored event, so only events committed from now on are
// published, and starts reading in the background. It returns the store's error if it cannot
// find the newest event. The store's own LastEventID, when it has one, must return an id below
// which nothing can still be committed (the PostgreSQL store's waits for that).
func (f *Feed) Start(ctx context.Context) error {
	last, err := LastEventID(ctx, f.store)
	if err != nil {
		return err
	}
	f.cursor.Store(last)
	f.hub.publishThrough(nil, last)
	ctx, f.cancel = context.WithCancel(ctx)
	f.done = make(chan struct{})
	interval := cmpOr(f.PollInterval, DefaultPollInterval)
	gap := f.ReadGap
	if gap == 0 {
		gap = DefaultReadGap
	}
	go func() {
		defer close(f.done)
		t := time.NewTicker(interval)
		defer t.Stop()
		retry := time.NewTimer(time.Hour)
		retry.Stop()
		var last time.Time
		for {
			select {
			case <-ctx.Done():
				return
			case <-f.poke:
			case <-t.C:
			case <-retry.C:
			}
			if wait := gap - time.Since(last); wait > 0 {
				select {
				case <-ctx.Done():
					return
				case <-time.After(wait):
				}
			}
			last = time.Now()
			if at := f.catchUp(ctx); !at.IsZero() {
				retry.Reset(time.Until(at))
			}
		}
	}()
	return nil
}

// Stop ends the background reads and waits for the current one to finish.
func (f *Feed) Stop() {
	if f.cancel != nil {
		f.cancel()
		<-f.done
	}
}

// Poke asks for a read of the store soon; pokes that come while one is pending merge.
func (f *Feed) Poke() {
	select {
	case f.poke <- struct{}{}:
	default:
	}
}

// Publish pokes the Feed when events holds one it has not published yet. The events themselves
// are read back from the store, in order.
func (f *Feed) Publish(events []*handoff.Event) {
	cursor := f.cursor.Load()
	for _, e := range events {
		if e != nil && e.ID > cursor {
			f.Poke()
			return
		}
	}
}

// Cursor returns the id of the last event published, or of the last missing id the Feed moved
// past: no event at or below it is still to be published.
func (f *Feed) Cursor() int64 { return f.cursor.Load() }

// readTimeout bounds one read of the store by a Feed.
const readTimeout = 30 * time.Second

// catchUp publishes the stored events after the cursor in order, until ctx ends or it reaches
// the last one or a missing id it has to wait for; it then returns when to look at that id
// again (zero when nothing is missing). A read in flight is not cancelled by ctx but allowed to
// finish: cancelling a query makes the driver discard the connection, which can hold up
// closing the store.
func (f *Feed) catchUp(ctx context.Context) (recheck time.Time) {
	for ctx.Err() == nil {
		cursor := f.cursor.Load()
		var page []*handoff.Event
		rctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), readTimeout)
		err := f.store.View(rctx, func(tx handoff.Tx) (err error) {
			page, err = tx.ListEvents(rctx, cursor, 0, feedPage)
			return err
		})
		cancel()
		if err != nil {
			f.log.Warn("live feed: read events", slog.Int64("after_id", cursor), slog.Any("error", err))
			if f.hole != nil {
				return time.Now().Add(holeRecheck)
			}
			return time.Time{}
		}
		next, n := f.take(page, cursor)
		if next != cursor {
			f.hub.publishThrough(page[:n], next)
			f.cursor.Store(next)
		}
		if f.hole != nil && next >= f.hole.top {
			f.hole = nil
		}
		if n == len(page) {
			if len(page) < feedPage {
				return time.Time{}
			}
			continue
		}
		// page[n] is above an id that is missing.
		if !f.settle(ctx, cursor, page[len(page)-1].ID) {
			return f.hole.next
		}
		// The missing ids below the hole's top are gone for good: read again and pass them.
	}
	return time.Time{}
}

// take returns how many events at the head of page, read after cursor, can be published now,
// and the cursor after them.
func (f *Feed) take(page []*handoff.Event, cursor int64) (next int64, n int) {
	next = cursor
	for ; n < len(page); n++ {
		id := page[n].ID
		if f.writers != nil && id != next+1 && (f.hole == nil || !f.hole.passed || id > f.hole.top) {
			break
		}
		next = id
	}
	return next, n
}

// settle decides about the ids missing after cursor, with top the highest id the last read saw.
// It returns true when every id below the hole's top that is still missing can be passed (the
// next read must start after that decision); false when the Feed has to look again at
// f.hole.next.
func (f *Feed) settle(ctx context.Context, cursor, top int64) bool {
	now := time.Now()
	h := f.hole
	if h == nil || h.passed {
		f.hole = &hole{top: top, since: now, next: now.Add(holeGrace)}
		return false
	}
	if now.Before(h.next) {
		return false
	}
	if now.Sub(h.since) >= cmpOr(f.HoleWait, DefaultHoleWait) {
		f.log.Warn("live feed: moving past event ids still being committed; events they commit later are not published live",
			slog.Int64("after_id", cursor), slog.Int64("below_id", h.top), slog.Any("transactions", h.writers))
		h.passed = true
		return true
	}
	var among []string
	if h.asked {
		among = h.writers
	}
	wctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), readTimeout)
	w, err := f.writers.EventWriters(wctx, among)
	cancel()
	if err != nil {
		f.log.Warn("live feed: ask which transactions are appending events", slog.Any("error", err))
		h.next = time.Now().Add(holeRecheck)
		return false
	}
	if !h.asked {
		// The answer names every transaction that can still commit an id below what the last
		// read saw, since that read came first.
		h.asked, h.top = true, top
	}
	h.writers = w
	if len(w) == 0 {
		h.passed = true
		return true
	}
	h.checks++
	h.next = time.Now().Add(min(holeGrace<<min(h.checks, 8), holeRecheck))
	return false
}

// grow doubles n without overflowing.
func grow(n int64) int64 {
	if n > math.MaxInt64/2 {
		return math.MaxInt64
	}
	return 2 * n
}

// LastEventID returns the newest stored event id, 0 for none. It asks the store directly when it
// can (the PostgreSQL store can); otherwise it searches with ListEvents in one read transaction,
// in about 2·log2(id) one-row queries.
func LastEventID(ctx context.Context, store handoff.Store) (int64, error) {
	if s, ok := store.(interface {
		LastEventID(context.Context) (int64, error)
	}); ok {
		return s.LastEventID(ctx)
	}
	var last int64
	err := store.View(ctx, func(tx handoff.Tx) error {
		// next returns the first id above after, 0 when there is none.
		next := func(after int64) (int64, error) {
			list, err := tx.ListEvents(ctx, after, 0, 1)
			if err != nil || len(list) == 0 {
				return 0, err
			}
			return list[0].ID, nil
		}
		// lo is always a stored id and nothing is stored above hi; grow hi, then halve the
		// distance until they meet.
		lo, err := next(0)
		if err != nil || lo == 0 {
			return err
		}
		hi := grow(lo)
		for {
			n, err := next(hi)
			if err != nil {
				return err
			}
			if n == 0 {
				break
			}
			lo, hi = n, grow(n)
		}
		for lo < hi {
			mid := lo + (hi-lo+1)/2 // in (lo, hi]
			n, err := next(mid - 1) // the first id at or above mid
			if err != nil {
				return err
			}
			if n == 0 {
				hi = mid - 1
			} else {
				lo = n
			}
		}
		last = lo
		return nil
	})
	return last, err
}
