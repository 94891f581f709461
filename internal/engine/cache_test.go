package engine_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/handoffhq/handoff"
	"github.com/handoffhq/handoff/internal/analyze"
	"github.com/handoffhq/handoff/internal/engine"
	"github.com/handoffhq/handoff/internal/state"
)

// TestCachedTurnsSeeOtherWriters runs two engines on one store, as two instances share one
// database: each caches the conversations it wrote, and each turn must still see everything the
// other engine, a console action or a deletion changed in between.
func TestCachedTurnsSeeOtherWriters(t *testing.T) {
	t.Parallel()
	type step struct {
		by     int    // engine 0 or 1
		do     string // ingest, claim, release, delete
		text   string
		wantN  int           // message_count signal of the ingested message
		wantSt handoff.State // state after the step
	}
	const calm = "Could you tell me when my parcel ships?"
	const angryLoop = "This is useless, where is my refund for order 5521?"
	for _, tt := range []struct {
		name  string
		steps []step
	}{
		{"turns alternate between engines", []step{
			{0, "ingest", calm, 1, handoff.StateAIActive},
			{1, "ingest", "And do you ship to Norway?", 2, handoff.StateAIActive},
			{0, "ingest", "Thanks, one more: can I pay by invoice?", 3, handoff.StateAIActive},
			{0, "ingest", "Great, that helps.", 4, handoff.StateAIActive},
			{1, "ingest", "Bye!", 5, handoff.StateAIActive},
		}},
		{"a claim on the other engine pauses the AI", []step{
			{0, "ingest", calm, 1, handoff.StateAIActive},
			{1, "claim", "", 0, handoff.StateHumanActive},
			{0, "ingest", "Hello? Anyone there?", 2, handoff.StateHumanActive},
			{1, "handback", "", 0, handoff.StateAIActive},
			{0, "ingest", "Ok thanks", 3, handoff.StateAIActive},
		}},
		{"a claim on the same engine pauses the AI", []step{
			{0, "ingest", calm, 1, handoff.StateAIActive},
			{0, "claim", "", 0, handoff.StateHumanActive},
			{0, "ingest", "Hello? Anyone there?", 2, handoff.StateHumanActive},
		}},
		{"a repeat is seen across engines", []step{
			{0, "ingest", angryLoop, 1, handoff.StateAIActive},
			{1, "ingest", angryLoop, 2, handoff.StatePaused},
		}},
		{"a deleted conversation starts again", []step{
			{0, "ingest", calm, 1, handoff.StateAIActive},
			{0, "ingest", "And do you ship to Norway?", 2, handoff.StateAIActive},
			{1, "delete", "", 0, ""},
			{0, "ingest", "Hi again", 1, handoff.StateAIActive},
		}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			b := setup(t, setupOpts{})
			ctx := context.Background()
			var engines [2]*engine.Engine
			for i := range engines {
				engines[i] = engine.New(engine.Config{Store: b.store, Analyzer: analyze.New(analyze.Config{}), Now: b.clock.Now})
			}
			var convID int64
			for i, s := range tt.steps {
				eng := engines[s.by]
				var got *handoff.Conversation
				switch s.do {
				case "ingest":
					res, err := eng.Ingest(ctx, customer("shared", fmt.Sprintf("m%d", i), s.text))
					if err != nil {
						t.Fatalf("step %d: %v", i, err)
					}
					if res.Signals.MessageCount != s.wantN {
						t.Errorf("step %d: message_count %d, want %d", i, res.Signals.MessageCount, s.wantN)
					}
					got, convID = res.Conversation, res.Conversation.ID
				case "claim", "handback":
					action, agent := state.Handback, (*state.Agent)(nil)
					if s.do == "claim" {
						action, agent = state.Claim, &state.Agent{Name: "sara", DisplayName: "Sara"}
					}
					c, err := eng.Act(ctx, engine.ActionRequest{ConversationID: convID, Action: action, Agent: agent})
					if err != nil {
						t.Fatalf("step %d: %s: %v", i, s.do, err)
					}
					got = c
				case "delete":
					if err := b.store.Write(ctx, func(tx handoff.Tx) error { return tx.DeleteConversation(ctx, convID) }); err != nil {
						t.Fatal(err)
					}
					continue
				}
				if got.State != s.wantSt {
					t.Errorf("step %d (%s by engine %d): state %s, want %s", i, s.do, s.by, got.State, s.wantSt)
				}
				stored := b.conversation(t, convID)
				if stored.State != got.State || stored.MessageCount != got.MessageCount {
					t.Errorf("step %d: returned state %s with %d messages, stored %s with %d", i, got.State, got.MessageCount, stored.State, stored.MessageCount)
				}
			}
		})
	}
}
