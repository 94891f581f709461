package storetest

import (
	"context"
	"testing"
	"time"

	"github.com/handoffhq/handoff"
)

var messageTests = []test{
	{"MessageRoundTrip", testMessageRoundTrip},
	{"MessageConflict", testMessageConflict},
	{"MessageUnknownConversation", testMessageUnknownConversation},
	{"EvaluationRoundTrip", testEvaluationRoundTrip},
}

func testMessageRoundTrip(t *testing.T, s handoff.Store) {
	c := createConversation(t, s, handoff.ChannelWeb, "visitor")
	customer := message(c.ID, "client-1", 1)
	customer.Attachments = []handoff.Attachment{
		{Type: "image", URL: "https://cdn.example.com/a.png", Name: "a.png"},
		{Type: "location"},
	}
	customer.Author = "Jordan"
	ai := &handoff.Message{
		ConversationID: c.ID,
		Role:           handoff.RoleAI,
		Text:           "I'm not sure, let me check.",
		Source:         handoff.SourceService,
		Author:         "AI Assistant",
		Confidence:     ptr(0.42),
		CreatedAt:      at(2 * time.Second),
	}
	unsure := &handoff.Message{ConversationID: c.ID, Role: handoff.RoleAI, Text: "…", Confidence: ptr(0.0), CreatedAt: at(3 * time.Second)}
	agent := &handoff.Message{
		ConversationID: c.ID,
		Role:           handoff.RoleAgent,
		Text:           "Hi, Sara here — <b>sorry</b> about that!",
		Source:         handoff.SourceConsole,
		Author:         "Sara",
		CreatedAt:      at(time.Minute),
	}
	system := &handoff.Message{ConversationID: c.ID, Role: handoff.RoleSystem, Text: "Sara from Support joined"}
	second := message(c.ID, "client-2", 2)
	second.Signals = &handoff.Signals{} // zero signals are still signals, not nil
	all := []*handoff.Message{customer, ai, unsure, agent, system, second}
	write(t, s, func(ctx context.Context, tx handoff.Tx) error {
		for _, m := range all {
			if err := tx.CreateMessage(ctx, m, nil); err != nil {
				return err
			}
		}
		return nil
	})
	for i, m := range all {
		if m.ID <= 0 || (i > 0 && m.ID <= all[i-1].ID) {
			t.Fatalf("message %d: ID %d does not grow", i, m.ID)
		}
	}
	if system.CreatedAt.IsZero() {
		t.Error("zero CreatedAt not filled in")
	}
	view(t, s, func(ctx context.Context, tx handoff.Tx) error {
		got, err := tx.ListMessages(ctx, c.ID)
		if err != nil {
			return err
		}
		same(t, "ListMessages", all, got)
		recent, err := tx.RecentMessages(ctx, c.ID, 0, 2)
		if err != nil {
			return err
		}
		same(t, "RecentMessages", all[len(all)-2:], recent)
		if everything, err := tx.RecentMessages(ctx, c.ID, 0, 1000); err != nil || len(everything) != len(all) {
			t.Errorf("RecentMessages beyond the length: %d messages, err %v", len(everything), err)
		}
		after, err := tx.RecentMessages(ctx, c.ID, all[len(all)-3].ID, 1000)
		if err != nil {
			return err
		}
		same(t, "RecentMessages after an id", all[len(all)-2:], after)
		if none, err := tx.RecentMessages(ctx, c.ID, all[len(all)-1].ID, 1000); err != nil || len(none) != 0 {
			t.Errorf("RecentMessages after the last id: %d messages, err %v", len(none), err)
		}
		if len(got) == len(all) {
			if got[1].Signals != nil || got[3].Confidence != nil {
				t.Error("nil Signals or Confidence came back non-nil")
			}
			if got[2].Confidence == nil || got[5].Signals == nil {
				t.Error("zero Confidence or Signals came back nil")
			}
		}
		one, err := tx.MessageByExternalID(ctx, handoff.ChannelWeb, "client-1")
		if err != nil {
			return err
		}
		same(t, "MessageByExternalID", customer, one)
		none, err := tx.ListMessages(ctx, c.ID+1000)
		if err != nil {
			return err
		}
		notNil(t, "ListMessages of an unknown conversation", none)
		if len(none) != 0 {
			t.Errorf("ListMessages of an unknown conversation: got %d", len(none))
		}
		return nil
	})
}

func testMessageConflict(t *testing.T, s handoff.Store) {
	a := createConversation(t, s, handoff.ChannelMessenger, "psid-a")
	b := createConversation(t, s, handoff.ChannelMessenger, "psid-b")
	ig := createConversation(t, s, handoff.ChannelInstagram, "igsid")
	first := message(a.ID, "mid.1", 1)
	write(t, s, func(ctx context.Context, tx handoff.Tx) error { return tx.CreateMessage(ctx, first, nil) })

	err := tryWrite(s, func(ctx context.Context, tx handoff.Tx) error {
		return tx.CreateMessage(ctx, message(a.ID, "mid.1", 2), nil)
	})
	wantCode(t, err, handoff.ECONFLICT, "duplicate message in the same conversation")
	err = tryWrite(s, func(ctx context.Context, tx handoff.Tx) error {
		return tx.CreateMessage(ctx, message(b.ID, "mid.1", 2), nil)
	})
	wantCode(t, err, handoff.ECONFLICT, "duplicate message in another conversation on the same channel")

	other := message(ig.ID, "mid.1", 1)
	write(t, s, func(ctx context.Context, tx handoff.Tx) error {
		if err := tx.CreateMessage(ctx, other, nil); err != nil {
			return err
		}
		// Messages without an external id never conflict.
		for range 2 {
			if err := tx.CreateMessage(ctx, &handoff.Message{ConversationID: a.ID, Role: handoff.RoleAI, Text: "ok"}, nil); err != nil {
				return err
			}
		}
		return nil
	})
	view(t, s, func(ctx context.Context, tx handoff.Tx) error {
		got, err := tx.MessageByExternalID(ctx, handoff.ChannelMessenger, "mid.1")
		if err != nil {
			return err
		}
		same(t, "messenger mid.1", first, got)
		got, err = tx.MessageByExternalID(ctx, handoff.ChannelInstagram, "mid.1")
		if err != nil {
			return err
		}
		same(t, "instagram mid.1", other, got)
		_, err = tx.MessageByExternalID(ctx, handoff.ChannelWeb, "mid.1")
		wantCode(t, err, handoff.ENOTFOUND, "MessageByExternalID on a channel without it")
		_, err = tx.MessageByExternalID(ctx, handoff.ChannelMessenger, "")
		wantCode(t, err, handoff.ENOTFOUND, "MessageByExternalID with an empty id")
		msgs, err := tx.ListMessages(ctx, b.ID)
		if err != nil {
			return err
		}
		if len(msgs) != 0 {
			t.Errorf("a conflicting insert left %d messages behind", len(msgs))
		}
		return nil
	})
}

func testMessageUnknownConversation(t *testing.T, s handoff.Store) {
	c := createConversation(t, s, handoff.ChannelWeb, "x")
	err := tryWrite(s, func(ctx context.Context, tx handoff.Tx) error {
		return tx.CreateMessage(ctx, message(c.ID+1000, "m", 1), fullEvaluation(0, 0))
	})
	wantCode(t, err, handoff.ENOTFOUND, "CreateMessage for an unknown conversation")
	err = tryWrite(s, func(ctx context.Context, tx handoff.Tx) error {
		return tx.CreateEvaluation(ctx, &handoff.Evaluation{ConversationID: c.ID + 1000})
	})
	wantCode(t, err, handoff.ENOTFOUND, "CreateEvaluation for an unknown conversation")
}

// fullEvaluation returns an evaluation with every field set.
func fullEvaluation(conversationID, messageID int64) *handoff.Evaluation {
	return &handoff.Evaluation{
		ConversationID: conversationID,
		MessageID:      messageID,
		Signals:        *fullSignals(3),
		Fired: []handoff.FiredRule{{
			Rule:        "angry_sentiment",
			Name:        "Angry customer",
			Actions:     []string{"pause_ai", "notify", "tag:angry", "set_priority:high"},
			Explanation: "sentiment -0.62 <= -0.6 and message_count 3 >= 2",
			Values:      map[string]any{"sentiment": -0.6249, "message_count": 3.0, "request_human": true, "keywords": []any{"refund"}},
		}},
		NearMisses: []handoff.NearMiss{{
			Rule:      "complex_issue",
			Name:      "Complex issue",
			Closeness: 0.71,
			Missed: []handoff.ConditionResult{{
				Signal: "complexity", Op: ">=", Want: 0.7, Actual: 0.5, Matched: false, Distance: 0.2,
			}},
			Explanation: "complexity 0.50 is 0.20 below 0.7",
		}},
		Outcomes: []handoff.RuleOutcome{
			{Rule: "request_human", Matched: false, Closeness: 0, Conditions: []handoff.ConditionResult{
				{Signal: "request_human", Op: "==", Want: true, Actual: false},
			}},
			{Rule: "angry_sentiment", Matched: true, Closeness: 1, ExprResult: ptr(true), Conditions: []handoff.ConditionResult{
				{Signal: "sentiment", Op: "<=", Want: -0.6, Actual: -0.6249, Matched: true},
				{Signal: "keywords", Op: "any_of", Want: []any{"refund", "chargeback"}, Actual: []any{"refund"}, Matched: true},
			}},
			{Rule: "frustration_loop", Skipped: "cooldown", ExprResult: ptr(false)},
		},
		Explanation: "angry_sentiment paused the AI",
		StateBefore: handoff.StateAIActive,
		StateAfter:  handoff.StatePaused,
		CreatedAt:   at(time.Minute),
	}
}

func testEvaluationRoundTrip(t *testing.T, s handoff.Store) {
	c := createConversation(t, s, handoff.ChannelWeb, "v")
	customer := message(c.ID, "m1", 1)
	full := fullEvaluation(0, 0)
	full.Signals = *customer.Signals
	ai := &handoff.Message{ConversationID: c.ID, Role: handoff.RoleAI, Text: "Maybe?", Confidence: ptr(0.3), CreatedAt: at(3 * time.Second)}
	quiet := &handoff.Evaluation{Signals: handoff.Signals{Uncertainty: 0.7, UncertaintyPrev: 0.2, Keywords: []string{}},
		StateBefore: handoff.StateAIActive, StateAfter: handoff.StateAIActive}
	plain := message(c.ID, "m3", 5)
	withheld := fullEvaluation(c.ID, 0)
	withheld.CreatedAt = at(2 * time.Second)
	write(t, s, func(ctx context.Context, tx handoff.Tx) error {
		if err := tx.CreateMessage(ctx, customer, full); err != nil {
			return err
		}
		if err := tx.CreateMessage(ctx, ai, quiet); err != nil {
			return err
		}
		if err := tx.CreateMessage(ctx, plain, nil); err != nil {
			return err
		}
		return tx.CreateEvaluation(ctx, withheld)
	})
	for _, e := range []struct {
		name string
		ev   *handoff.Evaluation
		m    *handoff.Message
	}{{"customer", full, customer}, {"ai", quiet, ai}} {
		if e.ev.ID != e.m.ID || e.ev.MessageID != e.m.ID || e.ev.ConversationID != c.ID || !e.ev.CreatedAt.Equal(e.m.CreatedAt) {
			t.Errorf("%s evaluation ids %d/%d/%d at %v, want the message's %d/%d at %v", e.name,
				e.ev.ID, e.ev.MessageID, e.ev.ConversationID, e.ev.CreatedAt, e.m.ID, c.ID, e.m.CreatedAt)
		}
	}
	if withheld.ID <= 0 {
		t.Errorf("evaluation without a message got ID %d", withheld.ID)
	}
	view(t, s, func(ctx context.Context, tx handoff.Tx) error {
		got, err := tx.ListEvaluations(ctx, c.ID)
		if err != nil {
			return err
		}
		same(t, "ListEvaluations", []*handoff.Evaluation{full, withheld, quiet}, got)
		if len(got) == 3 {
			notNil(t, "Fired", got[2].Fired)
			notNil(t, "NearMisses", got[2].NearMisses)
			notNil(t, "Outcomes", got[2].Outcomes)
		}
		msgs, err := tx.ListMessages(ctx, c.ID)
		if err != nil {
			return err
		}
		same(t, "ListMessages beside evaluations", []*handoff.Message{customer, ai, plain}, msgs)
		none, err := tx.ListEvaluations(ctx, c.ID+1000)
		if err != nil {
			return err
		}
		notNil(t, "ListEvaluations of an unknown conversation", none)
		return nil
	})
}
