package storetest

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/handoffhq/handoff"
)

var conversationTests = []test{
	{"ConversationRoundTrip", testConversationRoundTrip},
	{"ConversationDefaults", testConversationDefaults},
	{"ConversationUpdate", testConversationUpdate},
	{"ConversationNotFound", testConversationNotFound},
	{"ConversationConflict", testConversationConflict},
	{"ListConversations", testListConversations},
	{"ListConversationsLimit", testListConversationsLimit},
	{"DeleteConversation", testDeleteConversation},
}

// fullConversation returns a conversation with every field set.
func fullConversation() *handoff.Conversation {
	return &handoff.Conversation{
		ExternalID: "psid-1234567890",
		Channel:    handoff.ChannelMessenger,
		State:      handoff.StateHumanActive,
		Priority:   handoff.PriorityHigh,
		Tags:       []string{"angry", "refund", "vip"},
		Customer: handoff.Customer{
			ID:       "cust_42",
			Name:     "Jordan Müller",
			Email:    "jordan@example.com",
			Phone:    "+49 30 1234567",
			Locale:   "de-DE",
			Metadata: map[string]string{"plan": "pro", "order": "#1042"},
		},
		AssignedTeam:       "Support",
		AssignedAgent:      "sara",
		AgentName:          "Sara",
		HandoffReason:      "angry_sentiment",
		HandoffExplanation: "sentiment -0.72 <= -0.6 and message_count 3 >= 2",
		EscalationScore:    0.8612,
		MessageCount:       3,
		TurnCount:          6,
		RuleFiredAt: map[string]time.Time{
			"angry_sentiment": at(3 * time.Minute),
			"request_human":   at(4 * time.Minute).UTC(),
		},
		CreatedAt:     base,
		UpdatedAt:     at(5 * time.Minute),
		LastMessageAt: ptr(at(4 * time.Minute)),
		FirstSignalAt: ptr(at(2 * time.Minute)),
		PausedAt:      ptr(at(3 * time.Minute)),
		ClaimedAt:     ptr(at(4*time.Minute + 500*time.Millisecond)),
		ClosedAt:      ptr(at(time.Hour)),
		LastHumanAt:   ptr(at(4*time.Minute + 30*time.Second)),
		ResumeAt:      ptr(at(4*time.Minute + time.Hour)),
		HandoffCount:  2,
		AITurnsAtRisk: 1,

		FirstHandoffAt:     ptr(at(3 * time.Minute)),
		FirstClaimAt:       ptr(at(4*time.Minute + 500*time.Millisecond)),
		FirstHandoffReason: "request_human",
	}
}

func testConversationRoundTrip(t *testing.T, s handoff.Store) {
	c := fullConversation()
	write(t, s, func(ctx context.Context, tx handoff.Tx) error { return tx.CreateConversation(ctx, c) })
	if c.ID <= 0 {
		t.Fatalf("CreateConversation set ID %d, want > 0", c.ID)
	}
	view(t, s, func(ctx context.Context, tx handoff.Tx) error {
		got, err := tx.ConversationByID(ctx, c.ID)
		if err != nil {
			return err
		}
		same(t, "ConversationByID", c, got)
		got, err = tx.ConversationByExternalID(ctx, c.Channel, c.ExternalID)
		if err != nil {
			return err
		}
		same(t, "ConversationByExternalID", c, got)
		return nil
	})
	// Reading in a write transaction gives the same result.
	write(t, s, func(ctx context.Context, tx handoff.Tx) error {
		got, err := tx.ConversationByID(ctx, c.ID)
		if err != nil {
			return err
		}
		same(t, "ConversationByID in Write", c, got)
		return nil
	})
}

func testConversationDefaults(t *testing.T, s handoff.Store) {
	c := &handoff.Conversation{Channel: handoff.ChannelWeb, State: handoff.StateAIActive}
	write(t, s, func(ctx context.Context, tx handoff.Tx) error { return tx.CreateConversation(ctx, c) })
	if c.CreatedAt.IsZero() || c.UpdatedAt.IsZero() {
		t.Fatalf("zero CreatedAt/UpdatedAt not filled in: %v %v", c.CreatedAt, c.UpdatedAt)
	}
	view(t, s, func(ctx context.Context, tx handoff.Tx) error {
		got, err := tx.ConversationByID(ctx, c.ID)
		if err != nil {
			return err
		}
		same(t, "defaults", c, got)
		if got.Tags == nil {
			t.Error("Tags: want empty, got nil")
		}
		if got.RuleFiredAt == nil {
			t.Error("RuleFiredAt: want empty map, got nil")
		}
		for name, p := range map[string]*time.Time{
			"LastMessageAt": got.LastMessageAt, "FirstSignalAt": got.FirstSignalAt, "PausedAt": got.PausedAt,
			"ClaimedAt": got.ClaimedAt, "ClosedAt": got.ClosedAt, "LastHumanAt": got.LastHumanAt, "ResumeAt": got.ResumeAt,
			"FirstHandoffAt": got.FirstHandoffAt, "FirstClaimAt": got.FirstClaimAt,
		} {
			if p != nil {
				t.Errorf("%s: want nil, got %v", name, *p)
			}
		}
		return nil
	})
	// A zero UpdatedAt on update is filled in too.
	c.UpdatedAt = time.Time{}
	write(t, s, func(ctx context.Context, tx handoff.Tx) error { return tx.UpdateConversation(ctx, c) })
	if c.UpdatedAt.IsZero() {
		t.Fatal("UpdateConversation left UpdatedAt zero")
	}
	view(t, s, func(ctx context.Context, tx handoff.Tx) error {
		got, err := tx.ConversationByID(ctx, c.ID)
		if err != nil {
			return err
		}
		same(t, "after update", c, got)
		return nil
	})
}

func testConversationUpdate(t *testing.T, s handoff.Store) {
	c := fullConversation()
	other := createConversation(t, s, handoff.ChannelWeb, "other")
	write(t, s, func(ctx context.Context, tx handoff.Tx) error { return tx.CreateConversation(ctx, c) })

	write(t, s, func(ctx context.Context, tx handoff.Tx) error {
		got, err := tx.ConversationByID(ctx, c.ID)
		if err != nil {
			return err
		}
		got.State = handoff.StateClosed
		got.Priority = handoff.PriorityUrgent
		got.Tags = []string{"resolved"}
		got.Customer.Name = "Jordan M."
		got.Customer.Metadata = nil
		got.AssignedAgent, got.AgentName = "", ""
		got.EscalationScore = 0.1
		got.MessageCount, got.TurnCount = 4, 8
		got.RuleFiredAt["complex_issue"] = at(10 * time.Minute)
		got.UpdatedAt = at(2 * time.Hour)
		got.ClosedAt = ptr(at(2 * time.Hour))
		got.ResumeAt = nil
		got.PausedAt = nil
		got.HandoffCount = 3
		got.AITurnsAtRisk = 0
		if err := tx.UpdateConversation(ctx, got); err != nil {
			return err
		}
		if got.Version != 1 {
			t.Errorf("Version after one update = %d, want 1", got.Version)
		}
		*c = *got
		return nil
	})
	// An update made from the version read before that one is refused and changes nothing.
	stale := *c
	stale.Version = 0
	stale.State = handoff.StateAIActive
	err := tryWrite(s, func(ctx context.Context, tx handoff.Tx) error { return tx.UpdateConversation(ctx, &stale) })
	wantCode(t, err, handoff.ECONFLICT, "UpdateConversation from an older version")
	view(t, s, func(ctx context.Context, tx handoff.Tx) error {
		got, err := tx.ConversationByID(ctx, c.ID)
		if err != nil {
			return err
		}
		same(t, "updated", c, got)
		untouched, err := tx.ConversationByID(ctx, other.ID)
		if err != nil {
			return err
		}
		same(t, "other conversation", other, untouched)
		return nil
	})
}

func testConversationNotFound(t *testing.T, s handoff.Store) {
	c := createConversation(t, s, handoff.ChannelWeb, "known")
	var err error
	err = tryView(s, func(ctx context.Context, tx handoff.Tx) error {
		_, err := tx.ConversationByID(ctx, c.ID+1000)
		return err
	})
	wantCode(t, err, handoff.ENOTFOUND, "ConversationByID")
	err = tryView(s, func(ctx context.Context, tx handoff.Tx) error {
		_, err := tx.ConversationByExternalID(ctx, handoff.ChannelWeb, "unknown")
		return err
	})
	wantCode(t, err, handoff.ENOTFOUND, "ConversationByExternalID")
	err = tryView(s, func(ctx context.Context, tx handoff.Tx) error {
		_, err := tx.ConversationByExternalID(ctx, handoff.ChannelInstagram, "known")
		return err
	})
	wantCode(t, err, handoff.ENOTFOUND, "ConversationByExternalID on another channel")
	createConversation(t, s, handoff.ChannelWeb, "")
	err = tryView(s, func(ctx context.Context, tx handoff.Tx) error {
		_, err := tx.ConversationByExternalID(ctx, handoff.ChannelWeb, "")
		return err
	})
	wantCode(t, err, handoff.ENOTFOUND, "ConversationByExternalID with an empty id")
	err = tryWrite(s, func(ctx context.Context, tx handoff.Tx) error {
		missing := conversation(handoff.ChannelWeb, "missing")
		missing.ID = c.ID + 1000
		return tx.UpdateConversation(ctx, missing)
	})
	wantCode(t, err, handoff.ENOTFOUND, "UpdateConversation")
	err = tryWrite(s, func(ctx context.Context, tx handoff.Tx) error { return tx.DeleteConversation(ctx, c.ID+1000) })
	wantCode(t, err, handoff.ENOTFOUND, "DeleteConversation")
}

func testConversationConflict(t *testing.T, s handoff.Store) {
	a := createConversation(t, s, handoff.ChannelWeb, "visitor-1")
	err := tryWrite(s, func(ctx context.Context, tx handoff.Tx) error {
		return tx.CreateConversation(ctx, conversation(handoff.ChannelWeb, "visitor-1"))
	})
	wantCode(t, err, handoff.ECONFLICT, "duplicate (channel, external_id)")

	// The same external id on another channel, and any number of empty ones, are fine.
	b := createConversation(t, s, handoff.ChannelShopify, "visitor-1")
	createConversation(t, s, handoff.ChannelWeb, "")
	createConversation(t, s, handoff.ChannelWeb, "")
	view(t, s, func(ctx context.Context, tx handoff.Tx) error {
		for _, want := range []*handoff.Conversation{a, b} {
			got, err := tx.ConversationByExternalID(ctx, want.Channel, want.ExternalID)
			if err != nil {
				return err
			}
			same(t, "by external id on "+want.Channel, want, got)
		}
		_, total, err := tx.ListConversations(ctx, handoff.ConversationFilter{})
		if err != nil {
			return err
		}
		if total != 4 {
			t.Errorf("total: want 4 conversations, got %d", total)
		}
		return nil
	})

	// Moving a conversation onto a taken external id conflicts too.
	c := createConversation(t, s, handoff.ChannelWeb, "visitor-2")
	err = tryWrite(s, func(ctx context.Context, tx handoff.Tx) error {
		c.ExternalID = "visitor-1"
		return tx.UpdateConversation(ctx, c)
	})
	wantCode(t, err, handoff.ECONFLICT, "update onto a taken external id")
	view(t, s, func(ctx context.Context, tx handoff.Tx) error {
		got, err := tx.ConversationByID(ctx, c.ID)
		if err != nil {
			return err
		}
		if got.ExternalID != "visitor-2" {
			t.Errorf("failed update changed external id to %q", got.ExternalID)
		}
		return nil
	})
}

func testListConversations(t *testing.T, s handoff.Store) {
	mk := func(ch string, st handoff.State, tags []string, created, updated time.Duration) *handoff.Conversation {
		c := conversation(ch, "")
		c.State, c.Tags, c.CreatedAt, c.UpdatedAt = st, tags, at(created), at(updated)
		return c
	}
	// c3 was updated on a whole second just before c1, to catch times that sort wrongly as text.
	c1 := mk(handoff.ChannelWeb, handoff.StateAIActive, []string{"vip"}, 0, time.Hour)
	c2 := mk(handoff.ChannelWeb, handoff.StatePaused, []string{"angry", "VIP"}, time.Minute, 3*time.Hour)
	c3 := mk(handoff.ChannelInstagram, handoff.StatePaused, nil, 2*time.Minute, time.Hour-time.Duration(base.Nanosecond()))
	c4 := mk(handoff.ChannelInstagram, handoff.StateClosed, []string{"angry"}, 3*time.Minute, 5*time.Hour)
	c5 := mk(handoff.ChannelShopify, handoff.StateHumanActive, []string{"angry-ish"}, 4*time.Minute, 4*time.Hour)
	write(t, s, func(ctx context.Context, tx handoff.Tx) error {
		for _, c := range []*handoff.Conversation{c1, c2, c3, c4, c5} {
			if err := tx.CreateConversation(ctx, c); err != nil {
				return err
			}
		}
		return nil
	})
	for _, tc := range []struct {
		name  string
		f     handoff.ConversationFilter
		want  []*handoff.Conversation
		total int
	}{
		{"all", handoff.ConversationFilter{}, []*handoff.Conversation{c4, c5, c2, c1, c3}, 5},
		{"state", handoff.ConversationFilter{State: handoff.StatePaused}, []*handoff.Conversation{c2, c3}, 2},
		{"channel", handoff.ConversationFilter{Channel: handoff.ChannelInstagram}, []*handoff.Conversation{c4, c3}, 2},
		{"tag", handoff.ConversationFilter{Tag: "angry"}, []*handoff.Conversation{c4, c2}, 2},
		{"tag any case", handoff.ConversationFilter{Tag: "Vip"}, []*handoff.Conversation{c2, c1}, 2},
		{"tag is a whole element", handoff.ConversationFilter{Tag: "ang"}, []*handoff.Conversation{}, 0},
		{"since", handoff.ConversationFilter{Since: at(2 * time.Minute)}, []*handoff.Conversation{c4, c5, c3}, 3},
		{"state and tag", handoff.ConversationFilter{State: handoff.StatePaused, Tag: "angry"}, []*handoff.Conversation{c2}, 1},
		{"channel and since", handoff.ConversationFilter{Channel: handoff.ChannelWeb, Since: at(time.Minute)}, []*handoff.Conversation{c2}, 1},
		{"no match", handoff.ConversationFilter{Channel: handoff.ChannelAPI}, []*handoff.Conversation{}, 0},
		{"limit", handoff.ConversationFilter{Limit: 2}, []*handoff.Conversation{c4, c5}, 5},
		{"offset", handoff.ConversationFilter{Offset: 2, Limit: 2}, []*handoff.Conversation{c2, c1}, 5},
		{"offset past the end", handoff.ConversationFilter{Offset: 10}, []*handoff.Conversation{}, 5},
		{"filtered page", handoff.ConversationFilter{Tag: "angry", Limit: 1, Offset: 1}, []*handoff.Conversation{c2}, 2},
	} {
		view(t, s, func(ctx context.Context, tx handoff.Tx) error {
			got, total, err := tx.ListConversations(ctx, tc.f)
			if err != nil {
				return fmt.Errorf("%s: %w", tc.name, err)
			}
			notNil(t, tc.name, got)
			same(t, tc.name, tc.want, got)
			if total != tc.total {
				t.Errorf("%s: total: want %d, got %d", tc.name, tc.total, total)
			}
			return nil
		})
	}
}

func testListConversationsLimit(t *testing.T, s handoff.Store) {
	const n = 505
	write(t, s, func(ctx context.Context, tx handoff.Tx) error {
		for i := range n {
			c := conversation(handoff.ChannelWeb, fmt.Sprintf("v%d", i))
			c.UpdatedAt = at(time.Duration(i) * time.Second)
			if err := tx.CreateConversation(ctx, c); err != nil {
				return err
			}
		}
		return nil
	})
	view(t, s, func(ctx context.Context, tx handoff.Tx) error {
		for _, tc := range []struct{ limit, want int }{{0, 50}, {-1, 50}, {10, 10}, {500, 500}, {1000, 500}} {
			got, total, err := tx.ListConversations(ctx, handoff.ConversationFilter{Limit: tc.limit})
			if err != nil {
				return err
			}
			if len(got) != tc.want || total != n {
				t.Errorf("Limit %d: want %d of %d, got %d of %d", tc.limit, tc.want, n, len(got), total)
			}
			if len(got) > 0 && got[0].ExternalID != fmt.Sprintf("v%d", n-1) {
				t.Errorf("Limit %d: first is %q, want the most recently updated", tc.limit, got[0].ExternalID)
			}
		}
		return nil
	})
}

func testDeleteConversation(t *testing.T, s handoff.Store) {
	fill := func(externalID string) *handoff.Conversation {
		c := conversation(handoff.ChannelInstagram, externalID)
		write(t, s, func(ctx context.Context, tx handoff.Tx) error {
			if err := tx.CreateConversation(ctx, c); err != nil {
				return err
			}
			m := message(c.ID, "mid."+externalID, 1)
			if err := tx.CreateMessage(ctx, m, &handoff.Evaluation{Signals: *m.Signals}); err != nil {
				return err
			}
			if err := tx.CreateEvaluation(ctx, &handoff.Evaluation{ConversationID: c.ID}); err != nil {
				return err
			}
			for _, kind := range []string{handoff.TimerAutoResume, handoff.TimerReminder} {
				if err := tx.PutTimer(ctx, &handoff.Timer{ConversationID: c.ID, Kind: kind, DueAt: base}); err != nil {
					return err
				}
			}
			for range 2 {
				if err := tx.CreateOutbox(ctx, &handoff.OutboxItem{ConversationID: c.ID, Kind: handoff.OutboxNotify, Target: "slack", Payload: []byte(`{}`), NextAttemptAt: base}); err != nil {
					return err
				}
				if err := tx.AppendEvent(ctx, &handoff.Event{ConversationID: c.ID, Type: handoff.EventTurn, Data: []byte(`{}`)}); err != nil {
					return err
				}
			}
			return tx.PutScore(ctx, &handoff.Score{ConversationID: c.ID, Channel: c.Channel, Total: 0.5})
		})
		return c
	}
	gone, kept := fill("a"), fill("b")
	write(t, s, func(ctx context.Context, tx handoff.Tx) error { return tx.DeleteConversation(ctx, gone.ID) })

	counts := func(ctx context.Context, tx handoff.Tx, id int64) (map[string]int, error) {
		n := map[string]int{}
		msgs, err := tx.ListMessages(ctx, id)
		if err != nil {
			return nil, err
		}
		evals, err := tx.ListEvaluations(ctx, id)
		if err != nil {
			return nil, err
		}
		timers, err := tx.ListTimers(ctx, id)
		if err != nil {
			return nil, err
		}
		outbox, err := tx.ListOutbox(ctx, handoff.OutboxFilter{ConversationID: id})
		if err != nil {
			return nil, err
		}
		events, err := tx.ListEvents(ctx, 0, id, 0)
		if err != nil {
			return nil, err
		}
		n["messages"], n["evaluations"], n["timers"], n["outbox"], n["events"] = len(msgs), len(evals), len(timers), len(outbox), len(events)
		if _, err := tx.ScoreByConversation(ctx, id); err == nil {
			n["score"] = 1
		} else if handoff.ErrorCode(err) != handoff.ENOTFOUND {
			return nil, err
		}
		return n, nil
	}
	view(t, s, func(ctx context.Context, tx handoff.Tx) error {
		_, err := tx.ConversationByID(ctx, gone.ID)
		wantCode(t, err, handoff.ENOTFOUND, "deleted conversation")
		_, err = tx.MessageByExternalID(ctx, handoff.ChannelInstagram, "mid.a")
		wantCode(t, err, handoff.ENOTFOUND, "message of deleted conversation")
		n, err := counts(ctx, tx, gone.ID)
		if err != nil {
			return err
		}
		same(t, "rows left of the deleted conversation", map[string]int{"messages": 0, "evaluations": 0, "timers": 0, "outbox": 0, "events": 0}, n)
		n, err = counts(ctx, tx, kept.ID)
		if err != nil {
			return err
		}
		same(t, "rows of the other conversation", map[string]int{"messages": 1, "evaluations": 2, "timers": 2, "outbox": 2, "events": 2, "score": 1}, n)
		all, err := tx.ListEvents(ctx, 0, 0, 0)
		if err != nil {
			return err
		}
		if len(all) != 2 {
			t.Errorf("events left: want 2, got %d", len(all))
		}
		return nil
	})
	claimed := 0
	write(t, s, func(ctx context.Context, tx handoff.Tx) error {
		timers, err := tx.ClaimDueTimers(ctx, at(time.Hour), time.Minute, 100)
		claimed = len(timers)
		return err
	})
	if claimed != 2 {
		t.Errorf("claimable timers after delete: want 2, got %d", claimed)
	}
	// The deleted conversation's external ids are free again.
	again := fill("a")
	if again.ID == gone.ID {
		t.Errorf("conversation id %d reused", gone.ID)
	}
	err := tryWrite(s, func(ctx context.Context, tx handoff.Tx) error { return tx.DeleteConversation(ctx, gone.ID) })
	wantCode(t, err, handoff.ENOTFOUND, "deleting twice")
}
