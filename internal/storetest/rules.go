package storetest

import (
	"context"
	"sort"
	"testing"
	"time"

	"github.com/handoffhq/handoff"
)

var ruleTests = []test{
	{"Rules", testRules},
	{"ChannelConfigs", testChannelConfigs},
}

// fullRule returns a rule with nested conditions and every kind of action.
func fullRule() *handoff.Rule {
	return &handoff.Rule{
		ID:          "angry_sentiment",
		Name:        "Angry customer",
		Description: "Pause when the customer is angry twice.",
		Enabled:     true,
		When: &handoff.Condition{All: []handoff.Condition{
			{Signal: "sentiment", Op: "<=", Value: -0.6},
			{Signal: "message_count", Op: ">=", Value: 2.0},
			{Any: []handoff.Condition{
				{Signal: "request_human", Op: "==", Value: true},
				{Signal: "keywords", Op: "any_of", Value: []any{"refund", "charge back"}},
				{All: []handoff.Condition{{Signal: "negative_tone", Op: ">", Value: 0.5}}},
			}},
		}},
		Expr:     `signals.sentiment_avg < -0.3 && conversation.channel == "instagram"`,
		Channels: []string{handoff.ChannelWeb, handoff.ChannelShopify, handoff.ChannelInstagram},
		Cooldown: handoff.Duration(15 * time.Minute),
		Priority: 10,
		Then: []handoff.Action{
			{Type: handoff.ActionPauseAI},
			{Type: handoff.ActionNotify, Targets: []string{"team", "slack"}},
			{Type: handoff.ActionAssign, Team: "billing", Agent: "sara"},
			{Type: handoff.ActionTag, Value: "angry"},
			{Type: handoff.ActionSetPriority, Value: handoff.PriorityHigh},
			{Type: handoff.ActionReply, Value: "Sorry about that, {{customer}}."},
		},
		UpdatedAt: at(time.Hour),
	}
}

func testRules(t *testing.T, s handoff.Store) {
	full := fullRule()
	early := &handoff.Rule{ID: "b_request_human", Name: "Asks for a person", Enabled: true, Priority: 1,
		When: &handoff.Condition{Signal: "request_human", Op: "==", Value: true},
		Then: []handoff.Action{{Type: handoff.ActionPauseAI}, {Type: handoff.ActionNotify}}, Cooldown: handoff.Duration(2 * time.Hour)}
	tie := &handoff.Rule{ID: "a_complex", Name: "Complex", Priority: 10,
		When: &handoff.Condition{Signal: "complexity", Op: ">=", Value: 0.7},
		Then: []handoff.Action{{Type: handoff.ActionAssign, Agent: "ben"}}, UpdatedAt: at(time.Minute)}
	write(t, s, func(ctx context.Context, tx handoff.Tx) error {
		for _, r := range []*handoff.Rule{full, early, tie} {
			if err := tx.PutRule(ctx, r); err != nil {
				return err
			}
		}
		return nil
	})
	if early.UpdatedAt.IsZero() {
		t.Error("zero UpdatedAt not filled in")
	}
	view(t, s, func(ctx context.Context, tx handoff.Tx) error {
		got, err := tx.RuleByID(ctx, full.ID)
		if err != nil {
			return err
		}
		same(t, "RuleByID", full, got)
		if got.When == nil || !got.When.IsGroup() || !got.When.All[2].IsGroup() || got.When.All[0].IsGroup() {
			t.Error("condition groups and leaves not kept apart")
		}
		list, err := tx.ListRules(ctx)
		if err != nil {
			return err
		}
		same(t, "ListRules by priority, then id", []*handoff.Rule{early, tie, full}, list)
		return nil
	})

	// Put replaces; the new priority reorders the list.
	changed := fullRule()
	changed.Enabled = false
	changed.Priority = 0
	changed.When = nil
	changed.Channels = nil
	changed.Then = []handoff.Action{{Type: handoff.ActionTag, Value: "watch"}}
	changed.UpdatedAt = at(2 * time.Hour)
	write(t, s, func(ctx context.Context, tx handoff.Tx) error { return tx.PutRule(ctx, changed) })
	view(t, s, func(ctx context.Context, tx handoff.Tx) error {
		list, err := tx.ListRules(ctx)
		if err != nil {
			return err
		}
		same(t, "ListRules after replace", []*handoff.Rule{changed, early, tie}, list)
		return nil
	})

	write(t, s, func(ctx context.Context, tx handoff.Tx) error { return tx.DeleteRule(ctx, early.ID) })
	err := tryWrite(s, func(ctx context.Context, tx handoff.Tx) error { return tx.DeleteRule(ctx, early.ID) })
	wantCode(t, err, handoff.ENOTFOUND, "DeleteRule twice")
	err = tryView(s, func(ctx context.Context, tx handoff.Tx) error {
		_, err := tx.RuleByID(ctx, early.ID)
		return err
	})
	wantCode(t, err, handoff.ENOTFOUND, "RuleByID of a deleted rule")
	view(t, s, func(ctx context.Context, tx handoff.Tx) error {
		list, err := tx.ListRules(ctx)
		if err != nil {
			return err
		}
		same(t, "ListRules after delete", []*handoff.Rule{changed, tie}, list)
		return nil
	})
}

func testChannelConfigs(t *testing.T, s handoff.Store) {
	view(t, s, func(ctx context.Context, tx handoff.Tx) error {
		list, err := tx.ListChannelConfigs(ctx)
		if err != nil {
			return err
		}
		notNil(t, "ListChannelConfigs when empty", list)
		return nil
	})
	var want []*handoff.ChannelConfig
	for _, c := range handoff.DefaultChannelConfigs() {
		c.UpdatedAt = base
		if c.Channel == handoff.ChannelWeb {
			c.Hours = &handoff.BusinessHours{TimeZone: "Europe/Berlin", Days: map[string]string{
				"mon": "09:00-17:00", "tue": "09:00-17:00", "wed": "09:00-17:00", "thu": "09:00-17:00", "fri": "09:00-15:00",
			}}
		}
		if c.Channel == handoff.ChannelShopify {
			c.KillSwitch = true
			c.AutoPause = false
		}
		want = append(want, &c)
	}
	write(t, s, func(ctx context.Context, tx handoff.Tx) error {
		for _, c := range want {
			if err := tx.PutChannelConfig(ctx, c); err != nil {
				return err
			}
		}
		return nil
	})
	sort.Slice(want, func(i, j int) bool { return want[i].Channel < want[j].Channel })
	view(t, s, func(ctx context.Context, tx handoff.Tx) error {
		list, err := tx.ListChannelConfigs(ctx)
		if err != nil {
			return err
		}
		same(t, "ListChannelConfigs by channel", want, list)
		for _, c := range want {
			got, err := tx.ChannelConfig(ctx, c.Channel)
			if err != nil {
				return err
			}
			same(t, "ChannelConfig "+c.Channel, c, got)
		}
		_, err = tx.ChannelConfig(ctx, "fax")
		wantCode(t, err, handoff.ENOTFOUND, "ChannelConfig of an unknown channel")
		return nil
	})

	web := &handoff.ChannelConfig{Channel: handoff.ChannelWeb, AutoPause: true, Cooldown: handoff.Duration(30 * time.Minute),
		HandoffMessage: "A person will be with you in {{wait}}.", WaitEstimate: "an hour"}
	write(t, s, func(ctx context.Context, tx handoff.Tx) error { return tx.PutChannelConfig(ctx, web) })
	if web.UpdatedAt.IsZero() {
		t.Error("zero UpdatedAt not filled in")
	}
	view(t, s, func(ctx context.Context, tx handoff.Tx) error {
		got, err := tx.ChannelConfig(ctx, handoff.ChannelWeb)
		if err != nil {
			return err
		}
		same(t, "replaced web config", web, got)
		list, err := tx.ListChannelConfigs(ctx)
		if err != nil {
			return err
		}
		if len(list) != len(want) {
			t.Errorf("replace added a row: %d configs, want %d", len(list), len(want))
		}
		return nil
	})
}
