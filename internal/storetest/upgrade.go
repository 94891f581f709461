package storetest

import (
	"context"
	"encoding/json"
	"testing"

	"github.com/handoffhq/handoff"
)

// UpgradeRows are the rows an upgrade test writes at schema version 2 (plain SQL both backends
// take), for Upgraded to check.
var UpgradeRows = []string{
	`INSERT INTO conversations (id, channel, state, created_at, updated_at) VALUES (1, 'web', 'paused', '` + upgradeAt + `', '` + upgradeAt + `')`,
	`INSERT INTO messages (id, conversation_id, channel, role, text, signals, created_at)
		VALUES (7, 1, 'web', 'customer', 'a person please', '{"request_human":true,"message_count":1}', '` + upgradeAt + `')`,
	`INSERT INTO evaluations (conversation_id, message_id, signals, fired, explanation, state_before, state_after, created_at)
		VALUES (1, 7, '{"request_human":true,"message_count":1}', '[{"rule":"request_human","actions":["pause_ai"],"explanation":"asked"}]',
		'request_human paused the AI', 'ai_active', 'paused', '` + upgradeAt + `')`,
	`INSERT INTO evaluations (conversation_id, message_id, signals, explanation, state_before, state_after, created_at)
		VALUES (1, 0, '{"uncertainty":0.9}', 'withheld', 'ai_active', 'paused', '2026-01-02T03:04:06.000000000Z')`,
	`INSERT INTO events (conversation_id, type, data, created_at) VALUES (1, 'message', '{"id":7,"text":"a person please"}', '` + upgradeAt + `')`,
	`INSERT INTO events (conversation_id, type, data, created_at) VALUES (1, 'state', '{"state":"paused"}', '` + upgradeAt + `')`,
}

const upgradeAt = "2026-01-02T03:04:05.000000000Z"

// Upgraded checks a store opened on UpgradeRows, written at schema version 2: conversation 1; customer message 7 with signals
// {"request_human":true,"message_count":1}; an evaluation of message 7 (the same signals,
// fired [{"rule":"request_human"}], explanation "request_human paused the AI", ai_active to
// paused); an evaluation without a message (message_id 0, signals {"uncertainty":0.9},
// explanation "withheld", a second later); a "message" event with data
// {"id":7,"text":"a person please"}, then a "state" event. The upgrade must move the first
// evaluation into message 7's row, keep the second on its own, and turn the message event into
// a turn event.
func Upgraded(t *testing.T, s handoff.Store) {
	t.Helper()
	view(t, s, func(ctx context.Context, tx handoff.Tx) error {
		evals, err := tx.ListEvaluations(ctx, 1)
		if err != nil {
			return err
		}
		if len(evals) != 2 {
			t.Fatalf("evaluations after upgrade: %d, want 2", len(evals))
		}
		moved, alone := evals[0], evals[1]
		if moved.ID != 7 || moved.MessageID != 7 || !moved.Signals.RequestHuman || len(moved.Fired) != 1 || moved.Fired[0].Rule != "request_human" ||
			moved.Explanation != "request_human paused the AI" || moved.StateAfter != handoff.StatePaused || moved.Outcomes == nil || len(moved.Outcomes) != 0 {
			t.Errorf("evaluation moved into its message: %+v", moved)
		}
		if alone.MessageID != 0 || alone.Explanation != "withheld" || alone.Signals.Uncertainty != 0.9 {
			t.Errorf("evaluation without a message: %+v", alone)
		}
		events, err := tx.ListEvents(ctx, 0, 1, 0)
		if err != nil {
			return err
		}
		if len(events) != 2 || events[0].Type != handoff.EventTurn || events[1].Type != handoff.EventState {
			t.Fatalf("events after upgrade: %+v", events)
		}
		var turn handoff.TurnData
		if err := json.Unmarshal(events[0].Data, &turn); err != nil || len(turn.Messages) != 1 || turn.Messages[0].Text != "a person please" || turn.Conversation != nil {
			t.Errorf("message event upgraded to %s (%v)", events[0].Data, err)
		}
		return nil
	})
}
