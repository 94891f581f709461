package live

import (
	"context"

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
// an event committed in between is either in the backlog (committed before the read) or still
// to be published (so it reaches the subscription); nothing falls into the gap. Then the
// subscription is told to skip everything up to the last backlog id, including events already
// waiting in its buffer, so nothing arrives twice. The caller sends the backlog and then reads
// sub.C. This relies on the store handing out event ids in commit order, which both stores do.
//
// If the subscription falls behind while the backlog is read, Resume subscribes again after
// what it has read and goes on. It returns EUNPROCESSABLE when more than MaxBacklog events are
// waiting, and the store's error if a read fails; in both cases nothing stays subscribed.
func Resume(ctx context.Context, store handoff.Store, hub *Hub, afterID, conversationID int64) (*Subscription, []*handoff.Event, error) {
	var filter func(*handoff.Event) bool
	if conversationID != 0 {
		filter = func(e *handoff.Event) bool { return e.ConversationID == conversationID }
	}
	sub := hub.Subscribe(afterID, filter)
	backlog := []*handoff.Event{}
	cursor := afterID
	for {
		var page []*handoff.Event
		err := store.View(ctx, func(tx handoff.Tx) (err error) {
			page, err = tx.ListEvents(ctx, cursor, conversationID, backlogPage)
			return err
		})
		if err != nil {
			sub.Close()
			return nil, nil, err
		}
		if len(page) == 0 {
			if !sub.Lagged() {
				break
			}
			// Everything up to cursor is in the backlog; listen again from there and
			// read once more for what was published while nobody listened.
			sub = hub.Subscribe(cursor, filter)
			continue
		}
		backlog = append(backlog, page...)
		cursor = page[len(page)-1].ID
		if len(backlog) > MaxBacklog {
			sub.Close()
			return nil, nil, handoff.Errorf(handoff.EUNPROCESSABLE, "more than %d events to catch up on: reload instead", MaxBacklog)
		}
	}
	hub.raise(sub, cursor)
	return sub, backlog, nil
}
