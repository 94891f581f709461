package live_test

import (
	"fmt"

	"github.com/handoffhq/handoff"
	"github.com/handoffhq/handoff/internal/live"
)

func ExampleHub() {
	hub := live.NewHub(0)
	// A console watching conversation 7, resuming after event 1.
	sub := hub.Subscribe(1, func(e *handoff.Event) bool { return e.ConversationID == 7 })
	defer sub.Close()

	hub.Publish([]*handoff.Event{
		{ID: 1, ConversationID: 7, Type: handoff.EventTurn},
		{ID: 2, ConversationID: 7, Type: handoff.EventTurn},
		{ID: 3, ConversationID: 8, Type: handoff.EventTurn},
		{ID: 4, ConversationID: 7, Type: handoff.EventState},
	})
	hub.Publish([]*handoff.Event{{ID: 4, ConversationID: 7, Type: handoff.EventState}}) // a repeat

	for range 2 {
		e := <-sub.C
		fmt.Println(e.ID, e.Type)
	}
	// Output:
	// 2 turn
	// 4 state
}
