package live

import (
	"context"
	"slices"

	"github.com/handoffhq/handoff"
)

// MaxBacklog is the most events Resume reads from the store; a client further behind gets
// EUNPROCESSABLE and should reload instead of replaying.
const MaxBacklog = 10000

// backlogPage is how many events Resume asks the store for at a time.
const backlogPage = 1000

// Resume picks a client up after the last event id it saw (0 for everything): it returns a live
// subscription and the backlog of stored events after afterID, oldest first. conversationID
// limits both to one conversation; 0 means every event.
//
// The order makes the hand-over exact. Resume subscribes first and reads the backlog second, so
// an event committed in between is either in the backlog or still to be published to the
// subscription; then the subscription is told to skip everything up to the end of the backlog,
// including events already waiting in its buffer, so nothing arrives twice. The caller sends
// the backlog and then reads sub.C.
//
// Where the backlog may end depends on the store. When it commits ids in id order (SQLite),
// the backlog is everything stored. When it does not (a WriterTracker: PostgreSQL), an id
// above a missing one must not end the backlog, or the missing event, committed later, would be
// skipped by the subscription. There, with a Feed publishing to the Hub, the subscription is
// taken together with the Feed's cursor (the mark: no event at or below it is still to be
// published), and the backlog is the stored events up to the mark, then those above it as far
// as the ids run without a gap. Events further on come through the subscription.
//
// If the subscription falls behind while the backlog is read, Resume subscribes again after
// what it has read and goes on. It returns EUNPROCESSABLE when more than MaxBacklog events are
// waiting, and the store's error if a read fails; in both cases nothing stays subscribed.
func Resume(ctx context.Context, store handoff.Store, hub *Hub, afterID, conversationID int64) (*Subscription, []*handoff.Event, error) {
	var filter func(*handoff.Event) bool
	if conversationID != 0 {
		filter = func(e *handoff.Event) bool { return e.ConversationID == conversationID }
	}
	_, outOfOrder := store.(WriterTracker)
	sub, mark, fed := hub.subscribe(afterID, filter)
	r := backlogReader{store: store, conversationID: conversationID, filter: filter, backlog: []*handoff.Event{}, through: afterID}
	for {
		var err error
		if outOfOrder && fed {
			err = r.readCommitted(ctx, mark)
		} else {
			err = r.readAll(ctx)
		}
		if err != nil {
			sub.Close()
			return nil, nil, err
		}
		if !sub.Lagged() {
			break
		}
		// Everything up to r.through is in the backlog; listen again from there and read once
		// more for what was published while nobody listened.
		sub, mark, fed = hub.subscribe(r.through, filter)
	}
	hub.raise(sub, r.through)
	return sub, r.backlog, nil
}

// backlogReader collects the backlog of one Resume.
type backlogReader struct {
	store          handoff.Store
	conversationID int64
	filter         func(*handoff.Event) bool
	backlog        []*handoff.Event
	through        int64 // every event up to this id that the client wants is in backlog
}

// list reads up to backlogPage events after after, of conversationID when filtered.
func (r *backlogReader) list(ctx context.Context, after int64, filtered bool) ([]*handoff.Event, error) {
	conv := int64(0)
	if filtered {
		conv = r.conversationID
	}
	var page []*handoff.Event
	err := r.store.View(ctx, func(tx handoff.Tx) (err error) {
		page, err = tx.ListEvents(ctx, after, conv, backlogPage)
		return err
	})
	return page, err
}

// add appends events to the backlog, failing when it grows past MaxBacklog.
func (r *backlogReader) add(events ...*handoff.Event) error {
	r.backlog = append(r.backlog, events...)
	if len(r.backlog) > MaxBacklog {
		return handoff.Errorf(handoff.EUNPROCESSABLE, "more than %d events to catch up on: reload instead", MaxBacklog)
	}
	return nil
}

// readAll reads every stored event after r.through, for a store that commits ids in order.
func (r *backlogReader) readAll(ctx context.Context) error {
	for {
		page, err := r.list(ctx, r.through, true)
		if err != nil || len(page) == 0 {
			return err
		}
		r.through = page[len(page)-1].ID
		if err := r.add(page...); err != nil {
			return err
		}
	}
}

// readCommitted reads the events after r.through that can no longer be preceded by an event
// still to be committed: those up to mark, then those above it as far as the ids are
// contiguous, since an id with every lower one visible has nothing missing before it.
func (r *backlogReader) readCommitted(ctx context.Context, mark int64) error {
	for r.through < mark {
		page, err := r.list(ctx, r.through, true)
		if err != nil {
			return err
		}
		full := len(page) == backlogPage
		if i := slices.IndexFunc(page, func(e *handoff.Event) bool { return e.ID > mark }); i >= 0 {
			page, full = page[:i], false
		}
		if err := r.add(page...); err != nil {
			return err
		}
		if !full {
			r.through = mark
			break
		}
		r.through = page[len(page)-1].ID
	}
	for {
		page, err := r.list(ctx, r.through, false)
		if err != nil {
			return err
		}
		n := 0
		for n < len(page) && page[n].ID == r.through+1 {
			r.through = page[n].ID
			if r.filter == nil || r.filter(page[n]) {
				if err := r.add(page[n]); err != nil {
					return err
				}
			}
			n++
		}
		if n < len(page) || len(page) < backlogPage {
			return nil
		}
	}
}
