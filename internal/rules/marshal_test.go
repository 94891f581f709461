package rules_test

import (
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/handoffhq/handoff"
	"github.com/handoffhq/handoff/internal/rules"
)

func TestMarshalYAML_RoundTrip(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		rules []*handoff.Rule
	}{
		{"defaults", rules.Defaults()},
		{"empty", []*handoff.Rule{}},
		{"every feature", MustParse(t, `
- id: everything
  name: "yes"
  description: "Line one\nline two: with a colon, and 'quotes' \"too\"  "
  enabled: false
  when:
    any:
      - all:
          - { signal: sentiment_trend, op: "<", value: -0.25 }
          - { signal: message_count, op: in, value: [3, 5, 8] }
          - { signal: request_human, op: "!=", value: true }
      - { signal: keywords, op: any_of, value: ["true", "null", "123", "a: b"] }
      - { signal: keywords, op: matches, value: "^#\\d+$" }
      - { signal: text, op: contains, value: "- dash" }
      - { signal: escalation_score, op: "==", value: 1e-7 }
  expr: |
    signals.sentiment_avg < -0.3 &&
      conversation.channel == 'instagram' &&
      !("vip" in conversation.tags)
  channels: [instagram, messenger, api]
  cooldown: 1h0m30s
  priority: -3
  then:
    - pause_ai
    - notify
    - { notify: { targets: [team, slack, webhook, email, console] } }
    - { assign: { team: billing, agent: sara } }
    - { assign: sam }
    - { tag: "007" }
    - { set_priority: urgent }
    - { reply: "Thanks, {{agent}} will help: one moment." }
  updated_at: 2026-01-02T03:04:05.123456789+02:00
- id: "123"
  name: ""
  expr: 'true'
  cooldown: 10s
  then: [pause_ai]
`)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			out, err := rules.MarshalYAML(tt.rules)
			if err != nil {
				t.Fatal(err)
			}
			back, err := rules.Parse(out)
			if err != nil {
				t.Fatalf("Parse(MarshalYAML(x)): %v\n%s", err, out)
			}
			if len(back) != len(tt.rules) {
				t.Fatalf("%d rules back, want %d", len(back), len(tt.rules))
			}
			for i := range back {
				want := tt.rules[i]
				if !want.UpdatedAt.IsZero() {
					if !back[i].UpdatedAt.Equal(want.UpdatedAt) {
						t.Fatalf("updated_at %v, want %v", back[i].UpdatedAt, want.UpdatedAt)
					}
					w := *want
					w.UpdatedAt = back[i].UpdatedAt
					want = &w
				}
				if !reflect.DeepEqual(back[i], want) {
					t.Fatalf("rule %d changed:\n got %#v\nwant %#v\nyaml:\n%s", i, back[i], want, out)
				}
			}
		})
	}
}

func TestMarshalYAML_Shape(t *testing.T) {
	t.Parallel()
	out, err := rules.MarshalYAML([]*handoff.Rule{defaultRule(t, "angry_sentiment")})
	if err != nil {
		t.Fatal(err)
	}
	want := `- id: angry_sentiment
  name: Angry customer
  enabled: true
  when:
    all:
      - {signal: sentiment, op: "<=", value: -0.6}
      - {signal: message_count, op: ">=", value: 2}
  channels: [web, shopify, instagram]
  cooldown: 15m
  priority: 10
  then:
    - pause_ai
    - notify: {targets: [team]}
    - tag: angry
    - set_priority: high
`
	if string(out) != want {
		t.Fatalf("MarshalYAML =\n%s\nwant\n%s", out, want)
	}
}

func TestMarshalYAML_Go(t *testing.T) {
	t.Parallel()
	r := &handoff.Rule{
		ID: "go_built", Enabled: true, Priority: 2, Cooldown: handoff.Duration(90 * time.Second),
		When: &handoff.Condition{Signal: "message_count", Op: ">=", Value: 3},
		Then: []handoff.Action{{Type: "reply", Value: "true"}},
	}
	out, err := rules.MarshalYAML([]*handoff.Rule{r})
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`cooldown: 1m30s`, `value: 3}`, `reply: "true"`} {
		if !strings.Contains(string(out), want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	back := MustParse(t, string(out))
	if back[0].When.Value != 3.0 || back[0].Cooldown != r.Cooldown || back[0].Then[0].Value != "true" {
		t.Fatalf("read back %#v", back[0])
	}
	if _, err := rules.MarshalYAML([]*handoff.Rule{nil}); err == nil {
		t.Fatal("MarshalYAML accepted a nil rule")
	}
}
