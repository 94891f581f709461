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

// feedPage is how many events a Feed reads at a time.
const feedPage = 500

// Feed publishes committed events to a Hub in id order by reading them from the store: it keeps
// a cursor (the last id published) and, whenever it is poked or its poll interval passes, reads
// every event after the cursor. Because the stores hand out event ids in commit order, the
// cursor never skips an event, and subscribers get one gap-free stream however many goroutines
// or instances write. A Feed implements the engine's Publisher: the engine's Publish only pokes.
type Feed struct {
	// PollInterval is how often the store is read without a poke; zero means DefaultPollInterval.
	// Set it before Start.
	PollInterval time.Duration

	store  handoff.Store
	hub    *Hub
	log    *slog.Logger
	cursor atomic.Int64
	poke   chan struct{}
	cancel context.CancelFunc
	done   chan struct{}
}

// NewFeed returns a Feed from store to hub; a nil logger discards.
func NewFeed(store handoff.Store, hub *Hub, logger *slog.Logger) *Feed {
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	return &Feed{store: store, hub: hub, log: logger, poke: make(chan struct{}, 1)}
}

// Start sets the cursor to the newest stored event, so only events committed from now on are
// published, and starts reading in the background. It returns the store's error if it cannot
// find the newest event.
func (f *Feed) Start(ctx context.Context) error {
	last, err := LastEventID(ctx, f.store)
	if err != nil {
		return err
	}
	f.cursor.Store(last)
	ctx, f.cancel = context.WithCancel(ctx)
	f.done = make(chan struct{})
	interval := f.PollInterval
	if interval <= 0 {
		interval = DefaultPollInterval
	}
	go func() {
		defer close(f.done)
		t := time.NewTicker(interval)
		defer t.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case <-f.poke:
			case <-t.C:
			}
			f.catchUp(ctx)
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

// Cursor returns the id of the last event published.
func (f *Feed) Cursor() int64 { return f.cursor.Load() }

// readTimeout bounds one read of the store by a Feed.
const readTimeout = 30 * time.Second

// catchUp publishes every stored event after the cursor, until ctx ends. A read in flight is
// not cancelled by ctx but allowed to finish: cancelling a query makes the driver discard the
// connection, which can hold up closing the store.
func (f *Feed) catchUp(ctx context.Context) {
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
			return
		}
		if len(page) == 0 {
			return
		}
		f.hub.Publish(page)
		f.cursor.Store(page[len(page)-1].ID)
	}
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
