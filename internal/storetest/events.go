package storetest

import (
	"context"
	"testing"
	"time"

	"github.com/handoffhq/handoff"
)

var eventTests = []test{
	{"Events", testEvents},
}

func listEvents(t *testing.T, s handoff.Store, after, conversationID int64, limit int) []*handoff.Event {
	t.Helper()
	var list []*handoff.Event
	view(t, s, func(ctx context.Context, tx handoff.Tx) (err error) {
		list, err = tx.ListEvents(ctx, after, conversationID, limit)
		return err
	})
	notNil(t, "ListEvents", list)
	return list
}

func testEvents(t *testing.T, s handoff.Store) {
	a := createConversation(t, s, handoff.ChannelWeb, "a")
	b := createConversation(t, s, handoff.ChannelWeb, "b")
	mk := func(c int64, typ, data string) *handoff.Event {
		return &handoff.Event{ConversationID: c, Type: typ, Data: []byte(data), CreatedAt: base}
	}
	e1 := mk(a.ID, handoff.EventTurn, `{"id": 1, "text": "hi <there>"}`)
	e2 := mk(b.ID, handoff.EventState, `{"state":"paused"}`)
	e3 := mk(a.ID, handoff.EventTyping, `{"role":"customer","active":true}`)
	e4 := mk(0, handoff.EventState, `{"channel":"web","kill_switch":true}`) // not about one conversation
	e5 := &handoff.Event{ConversationID: a.ID, Type: handoff.EventTyping}
	var events []*handoff.Event
	for _, batch := range [][]*handoff.Event{{e1}, {e2, e3}, {e4, e5}} {
		write(t, s, func(ctx context.Context, tx handoff.Tx) error {
			for _, e := range batch {
				if err := tx.AppendEvent(ctx, e); err != nil {
					return err
				}
			}
			return nil
		})
		events = append(events, batch...)
	}
	for i, e := range events {
		if e.ID <= 0 || (i > 0 && e.ID <= events[i-1].ID) {
			t.Fatalf("event %d: ID %d does not grow", i, e.ID)
		}
	}
	if e5.CreatedAt.IsZero() {
		t.Error("zero CreatedAt not filled in")
	}
	same(t, "all", events, listEvents(t, s, 0, 0, 0))
	same(t, "after e2", []*handoff.Event{e3, e4, e5}, listEvents(t, s, e2.ID, 0, 0))
	same(t, "after the last", []*handoff.Event{}, listEvents(t, s, e5.ID, 0, 0))
	same(t, "limit", []*handoff.Event{e1, e2}, listEvents(t, s, 0, 0, 2))
	same(t, "resume after a page", []*handoff.Event{e3, e4}, listEvents(t, s, e2.ID, 0, 2))
	same(t, "one conversation", []*handoff.Event{e1, e3, e5}, listEvents(t, s, 0, a.ID, 0))
	same(t, "one conversation after e1", []*handoff.Event{e3, e5}, listEvents(t, s, e1.ID, a.ID, 0))
	same(t, "one conversation, limited", []*handoff.Event{e3}, listEvents(t, s, e1.ID, a.ID, 1))
	same(t, "other conversation", []*handoff.Event{e2}, listEvents(t, s, 0, b.ID, 0))

	// IDs keep growing after the newest events are deleted and across a rolled back append.
	last := &handoff.Event{ConversationID: b.ID, Type: handoff.EventTurn, Data: []byte(`{}`)}
	write(t, s, func(ctx context.Context, tx handoff.Tx) error { return tx.AppendEvent(ctx, last) })
	write(t, s, func(ctx context.Context, tx handoff.Tx) error { return tx.DeleteConversation(ctx, b.ID) })
	next := &handoff.Event{ConversationID: a.ID, Type: handoff.EventTurn, Data: []byte(`{}`), CreatedAt: at(time.Second)}
	write(t, s, func(ctx context.Context, tx handoff.Tx) error { return tx.AppendEvent(ctx, next) })
	if next.ID <= last.ID {
		t.Errorf("event ID %d reused or went back (last was %d)", next.ID, last.ID)
	}
	same(t, "after deleting b", []*handoff.Event{e1, e3, e4, e5, next}, listEvents(t, s, 0, 0, 0))
}
