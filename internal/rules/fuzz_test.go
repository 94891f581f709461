package rules_test

import (
	"reflect"
	"testing"

	"github.com/handoffhq/handoff"
	"github.com/handoffhq/handoff/internal/rules"
)

// FuzzParse checks that Parse never panics, that every error is EINVALID, and that whatever
// it accepts validates, compiles, evaluates, and survives MarshalYAML and Parse unchanged.
func FuzzParse(f *testing.F) {
	f.Add(rules.DefaultsYAML())
	f.Add([]byte(designYAML))
	f.Add([]byte(`{"rules":[{"id":"a","when":{"any":[{"signal":"text","op":"matches","value":"(?i)x"}]},"expr":"signals.sentiment < 0.0","then":["pause_ai",{"reply":"hi"}]}]}`))
	f.Add([]byte("- {id: b, when: {signal: message_count, op: in, value: [1, 2]}, cooldown: 10s, then: [{assign: {team: t}}]}\n"))
	f.Add([]byte("id: c\nexpr: 'conversation.customer.locale == \"de\"'\nthen: [tag]\n"))
	in := turn("web", handoff.Signals{Sentiment: -0.7, MessageCount: 2, Keywords: []string{"refund"}}, text("hello there"))
	f.Fuzz(func(t *testing.T, data []byte) {
		rs, err := rules.Parse(data)
		if err != nil {
			if rs != nil {
				t.Fatalf("Parse returned rules and an error: %v", err)
			}
			if code := handoff.ErrorCode(err); code != handoff.EINVALID {
				t.Fatalf("error code %q for %v", code, err)
			}
			return
		}
		for _, r := range rs {
			if err := rules.Validate(r); err != nil {
				t.Fatalf("Parse accepted a rule Validate rejects: %v", err)
			}
		}
		set, err := rules.Compile(rs)
		if err != nil {
			t.Fatalf("Parse accepted a set Compile rejects: %v", err)
		}
		ev := set.Evaluate(in)
		if len(ev.Outcomes) != len(rs) {
			t.Fatalf("%d outcomes for %d rules", len(ev.Outcomes), len(rs))
		}
		out, err := rules.MarshalYAML(rs)
		if err != nil {
			t.Fatalf("MarshalYAML: %v", err)
		}
		back, err := rules.Parse(out)
		if err != nil {
			t.Fatalf("Parse(MarshalYAML(x)): %v\n%s", err, out)
		}
		if len(back) != len(rs) {
			t.Fatalf("%d rules back, want %d", len(back), len(rs))
		}
		for i := range rs {
			if !rs[i].UpdatedAt.Equal(back[i].UpdatedAt) {
				t.Fatalf("updated_at changed: %v → %v", rs[i].UpdatedAt, back[i].UpdatedAt)
			}
			back[i].UpdatedAt = rs[i].UpdatedAt
			if !reflect.DeepEqual(back[i], rs[i]) {
				t.Fatalf("round trip changed rule %d:\n got %#v\nwant %#v\nyaml:\n%s", i, back[i], rs[i], out)
			}
		}
	})
}
