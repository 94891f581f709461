package rules_test

import (
	"fmt"
	"time"

	"github.com/handoffhq/handoff"
	"github.com/handoffhq/handoff/internal/rules"
)

func Example() {
	set, err := rules.Compile(rules.Defaults())
	if err != nil {
		panic(err)
	}
	conv := &handoff.Conversation{Channel: handoff.ChannelWeb, MessageCount: 2}
	msg := &handoff.Message{Role: handoff.RoleCustomer, Text: "This is the WORST service ever!!"}
	now := time.Date(2026, 3, 10, 14, 0, 0, 0, time.UTC)

	ev := set.Evaluate(rules.Input{
		Signals:      handoff.Signals{Sentiment: -0.82, MessageCount: 2},
		Conversation: conv,
		Message:      msg,
		Now:          now,
	})
	fmt.Println(ev.Explanation)
	fmt.Println(ev.Fired[0].Actions)

	ev = set.Evaluate(rules.Input{
		Signals:      handoff.Signals{Complexity: 0.62, MessageCount: 1},
		Conversation: conv,
		Message:      msg,
		Now:          now,
	})
	fmt.Println(ev.Explanation)
	fmt.Println(ev.NearMisses[0].Explanation)
	// Output:
	// Paused by angry_sentiment: sentiment -0.82 ≤ -0.60 and message_count 2 ≥ 2
	// [pause_ai notify tag:angry set_priority:high]
	// No rule fired; closest: complex_issue (complexity 0.62, needs ≥ 0.70)
	// Complex issue did not fire: complexity 0.62 < 0.70 (0.08 short)
}

func ExampleParse() {
	_, err := rules.Parse([]byte(`
id: angry_sentiment
when:
  all:
    - { signal: sentiment, op: "<=", value: -0.6 }
    - { signal: message_count, op: "=>", value: 2 }
then: [pause_ai]
`))
	fmt.Println(err)
	fmt.Println(handoff.ErrorCode(err))
	// Output:
	// rule "angry_sentiment": when.all[1].op: unknown operator "=>" (want one of < <= > >= == != contains matches in any_of)
	// invalid
}

func ExampleMarshalYAML() {
	rs, err := rules.Parse([]byte(`{"id": "vip", "expr": "\"vip\" in conversation.tags", "then": [{"set_priority": "urgent"}]}`))
	if err != nil {
		panic(err)
	}
	out, err := rules.MarshalYAML(rs)
	if err != nil {
		panic(err)
	}
	fmt.Print(string(out))
	// Output:
	// - id: vip
	//   name: ""
	//   enabled: true
	//   expr: '"vip" in conversation.tags'
	//   priority: 0
	//   then:
	//     - set_priority: urgent
}
