package rules_test

import (
	"fmt"
	"testing"

	"github.com/handoffhq/handoff"
	"github.com/handoffhq/handoff/internal/rules"
)

// benchSet is the shipped defaults plus 20 rules of every shape, 8 of them with CEL.
func benchSet(tb testing.TB) *rules.Set {
	tb.Helper()
	rs := rules.Defaults()
	extra := []string{
		`{when: {signal: negative_tone, op: ">=", value: 0.8}, then: [notify]}`,
		`{when: {signal: escalation_score, op: ">", value: 0.85}, then: [pause_ai]}`,
		`{when: {signal: keywords, op: any_of, value: [lawyer, sue, chargeback]}, then: [{tag: legal}]}`,
		`{when: {signal: text, op: matches, value: "(?i)\\b(cancel|close) (my )?account\\b"}, then: [{assign: {team: retention}}]}`,
		`{when: {signal: text, op: any_of, value: [never arrived, broken, damaged]}, then: [{tag: delivery}]}`,
		`{when: {all: [{signal: sentiment_trend, op: "<", value: -0.3}, {signal: message_count, op: ">=", value: 3}]}, then: [notify]}`,
		`{when: {any: [{signal: repetition, op: ">", value: 0.9}, {signal: turn_count, op: ">", value: 30}]}, then: [notify]}`,
		`{when: {signal: message_count, op: in, value: [10, 20, 30]}, then: [{tag: long}]}`,
		`{when: {signal: request_human_confidence, op: ">=", value: 0.5}, channels: [messenger], then: [notify]}`,
		`{when: {all: [{signal: uncertainty, op: ">=", value: 0.9}, {any: [{signal: complexity, op: ">", value: 0.5}, {signal: keywords, op: contains, value: refund}]}]}, then: [pause_ai]}`,
		`{when: {signal: sentiment_avg, op: "<", value: -0.5}, cooldown: 1h, then: [{set_priority: urgent}]}`,
		`{when: {signal: complexity, op: ">=", value: 0.5}, expr: 'conversation.customer.locale == "de"', then: [{assign: {team: dach}}]}`,
		`{expr: 'signals.sentiment_avg < -0.3 && conversation.channel == "instagram"', then: [pause_ai]}`,
		`{expr: '"vip" in conversation.tags && signals.sentiment < 0.0', then: [{set_priority: urgent}]}`,
		`{expr: 'conversation.minutes_open > 120.0 && conversation.state == "ai_active"', then: [notify]}`,
		`{expr: 'message.text.lowerAscii().contains("manager")', then: [{tag: manager}]}`,
		`{expr: 'signals.keywords.exists(k, k.startsWith("order"))', then: [{tag: order}]}`,
		`{expr: 'conversation.message_count > 5 && signals.escalation_score > 0.6', then: [notify]}`,
		`{expr: 'message.text.matches("(?i)(refund|money back)") && signals.negative_tone > 0.3', then: [{tag: refund}]}`,
		`{expr: 'size(message.text) > 400', then: [{tag: long_message}]}`,
	}
	for i, src := range extra {
		r := MustParse(tb, fmt.Sprintf("{id: extra_%02d, priority: %d, %s", i, 50+i, src[1:]))
		rs = append(rs, r...)
	}
	set, err := rules.Compile(rs)
	if err != nil {
		tb.Fatal(err)
	}
	if set.Len() != 25 {
		tb.Fatalf("set has %d rules, want 25", set.Len())
	}
	return set
}

func BenchmarkEvaluate(b *testing.B) {
	set := benchSet(b)
	in := turn("instagram", handoff.Signals{
		Sentiment: -0.55, SentimentAvg: -0.4, SentimentTrend: -0.2, NegativeTone: 0.6,
		Complexity: 0.62, Uncertainty: 0.5, UncertaintyPrev: 0.8, Repetition: 0.3,
		MessageCount: 3, TurnCount: 6, Keywords: []string{"refund", "order status"}, EscalationScore: 0.7,
	}, text("I want my money back, this is the third time I ask. Let me talk to a manager."))
	in.Conversation.Tags = []string{"vip"}
	in.Conversation.Customer = handoff.Customer{Locale: "de"}
	b.ReportAllocs()
	for b.Loop() {
		set.Evaluate(in)
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "evals/s")
}
