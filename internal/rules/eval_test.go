package rules_test

import (
	"fmt"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/handoffhq/handoff"
	"github.com/handoffhq/handoff/internal/rules"
)

var now = time.Date(2026, 3, 10, 14, 0, 0, 0, time.UTC)

// turn builds an Input on channel with the given signals; opts adjust it.
func turn(channel string, s handoff.Signals, opts ...func(*rules.Input)) rules.Input {
	in := rules.Input{
		Signals: s,
		Conversation: &handoff.Conversation{
			ID: 7, Channel: channel, State: handoff.StateAIActive, Priority: handoff.PriorityNormal,
			MessageCount: s.MessageCount, CreatedAt: now.Add(-10 * time.Minute),
		},
		Message: &handoff.Message{Role: handoff.RoleCustomer, Text: "hello"},
		Now:     now,
	}
	for _, o := range opts {
		o(&in)
	}
	return in
}

func text(s string) func(*rules.Input) {
	return func(in *rules.Input) { in.Message.Text = s }
}

func firedAt(id string, ago time.Duration) func(*rules.Input) {
	return func(in *rules.Input) {
		in.Conversation.RuleFiredAt = map[string]time.Time{id: now.Add(-ago)}
	}
}

func firedIDs(ev handoff.Evaluation) []string {
	ids := []string{}
	for _, f := range ev.Fired {
		ids = append(ids, f.Rule)
	}
	return ids
}

func outcome(t *testing.T, ev handoff.Evaluation, id string) handoff.RuleOutcome {
	t.Helper()
	for _, o := range ev.Outcomes {
		if o.Rule == id {
			return o
		}
	}
	t.Fatalf("no outcome for %q", id)
	return handoff.RuleOutcome{}
}

func TestEvaluate_Defaults(t *testing.T) {
	t.Parallel()
	set, err := rules.Compile(rules.Defaults())
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name        string
		in          rules.Input
		fired       []string
		actions     []string // of the first fired rule
		explanation string   // Evaluation.Explanation
		skipped     map[string]string
	}{
		{
			name:        "request_human fires on any channel",
			in:          turn("messenger", handoff.Signals{RequestHuman: true, RequestHumanConfidence: 0.9, MessageCount: 1}),
			fired:       []string{"request_human"},
			actions:     []string{"pause_ai", "notify", "tag:human_requested", "set_priority:high"},
			explanation: "Paused by request_human: request_human is true",
			skipped:     map[string]string{"angry_sentiment": "channel"},
		},
		{
			name:        "request_human does not fire without the request",
			in:          turn("web", handoff.Signals{RequestHumanConfidence: 0.4, MessageCount: 1}),
			fired:       []string{},
			explanation: "No rule fired",
		},
		{
			name:        "angry_sentiment fires",
			in:          turn("web", handoff.Signals{Sentiment: -0.82, MessageCount: 2}),
			fired:       []string{"angry_sentiment"},
			actions:     []string{"pause_ai", "notify", "tag:angry", "set_priority:high"},
			explanation: "Paused by angry_sentiment: sentiment -0.82 ≤ -0.60 and message_count 2 ≥ 2",
		},
		{
			name:        "angry_sentiment needs a second message",
			in:          turn("web", handoff.Signals{Sentiment: -0.9, MessageCount: 1}),
			fired:       []string{},
			explanation: "No rule fired",
		},
		{
			name:        "angry_sentiment does not run on messenger",
			in:          turn("messenger", handoff.Signals{Sentiment: -0.9, MessageCount: 3}),
			fired:       []string{},
			explanation: "No rule fired",
			skipped:     map[string]string{"angry_sentiment": "channel"},
		},
		{
			name:        "complex_issue fires",
			in:          turn("shopify", handoff.Signals{Complexity: 0.75, MessageCount: 1}),
			fired:       []string{"complex_issue"},
			actions:     []string{"pause_ai", "notify", "tag:complex"},
			explanation: "Paused by complex_issue: complexity 0.75 ≥ 0.70",
		},
		{
			name:        "complex_issue comes close",
			in:          turn("shopify", handoff.Signals{Complexity: 0.62, MessageCount: 1}),
			fired:       []string{},
			explanation: "No rule fired; closest: complex_issue (complexity 0.62, needs ≥ 0.70)",
		},
		{
			name:        "ai_uncertain fires on two unsure replies",
			in:          turn("api", handoff.Signals{Uncertainty: 0.8, UncertaintyPrev: 0.75, MessageCount: 3}),
			fired:       []string{"ai_uncertain"},
			actions:     []string{"pause_ai", "notify", "tag:ai_uncertain"},
			explanation: "Paused by ai_uncertain: uncertainty 0.80 ≥ 0.70 and uncertainty_prev 0.75 ≥ 0.70",
			skipped:     map[string]string{"angry_sentiment": "channel"},
		},
		{
			name:        "ai_uncertain needs both",
			in:          turn("api", handoff.Signals{Uncertainty: 0.9, UncertaintyPrev: 0.2, MessageCount: 3}),
			fired:       []string{},
			explanation: "No rule fired",
			skipped:     map[string]string{"angry_sentiment": "channel"},
		},
		{
			name:        "frustration_loop fires",
			in:          turn("instagram", handoff.Signals{Repetition: 0.85, Sentiment: -0.2, MessageCount: 4}),
			fired:       []string{"frustration_loop"},
			actions:     []string{"pause_ai", "notify", "tag:frustrated"},
			explanation: "Paused by frustration_loop: repetition 0.85 ≥ 0.80 and sentiment -0.20 < 0.00",
		},
		{
			name:        "frustration_loop needs a negative sentiment",
			in:          turn("instagram", handoff.Signals{Repetition: 0.95, Sentiment: 0.3, MessageCount: 4}),
			fired:       []string{},
			explanation: "No rule fired; closest: frustration_loop (sentiment 0.30, needs < 0.00)",
		},
		{
			name:        "several rules fire in priority order",
			in:          turn("web", handoff.Signals{Sentiment: -0.7, MessageCount: 3, Complexity: 0.9, Repetition: 0.9}),
			fired:       []string{"angry_sentiment", "complex_issue", "frustration_loop"},
			actions:     []string{"pause_ai", "notify", "tag:angry", "set_priority:high"},
			explanation: "Paused by angry_sentiment: sentiment -0.70 ≤ -0.60 and message_count 3 ≥ 2 (also fired: complex_issue, frustration_loop)",
		},
		{
			name:        "cooldown skips a rule that just fired",
			in:          turn("web", handoff.Signals{Sentiment: -0.82, MessageCount: 3}, firedAt("angry_sentiment", 10*time.Minute)),
			fired:       []string{},
			explanation: "No rule fired",
			skipped:     map[string]string{"angry_sentiment": "cooldown"},
		},
		{
			name:        "cooldown has passed exactly",
			in:          turn("web", handoff.Signals{Sentiment: -0.82, MessageCount: 3}, firedAt("angry_sentiment", 15*time.Minute)),
			fired:       []string{"angry_sentiment"},
			actions:     []string{"pause_ai", "notify", "tag:angry", "set_priority:high"},
			explanation: "Paused by angry_sentiment: sentiment -0.82 ≤ -0.60 and message_count 3 ≥ 2",
		},
		{
			name:        "cooldown of another rule does not matter",
			in:          turn("web", handoff.Signals{Complexity: 0.8, MessageCount: 1}, firedAt("angry_sentiment", time.Minute)),
			fired:       []string{"complex_issue"},
			actions:     []string{"pause_ai", "notify", "tag:complex"},
			explanation: "Paused by complex_issue: complexity 0.80 ≥ 0.70",
			skipped:     map[string]string{"angry_sentiment": "cooldown"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			ev := set.Evaluate(tt.in)
			if got := firedIDs(ev); !reflect.DeepEqual(got, tt.fired) {
				t.Fatalf("fired = %v, want %v", got, tt.fired)
			}
			if len(tt.fired) > 0 && !reflect.DeepEqual(ev.Fired[0].Actions, tt.actions) {
				t.Errorf("actions = %v, want %v", ev.Fired[0].Actions, tt.actions)
			}
			if ev.Explanation != tt.explanation {
				t.Errorf("explanation = %q\n              want %q", ev.Explanation, tt.explanation)
			}
			if len(ev.Outcomes) != 5 {
				t.Fatalf("%d outcomes, want one per rule", len(ev.Outcomes))
			}
			for i, id := range []string{"request_human", "angry_sentiment", "complex_issue", "ai_uncertain", "frustration_loop"} {
				o := ev.Outcomes[i]
				if o.Rule != id {
					t.Fatalf("outcome %d is %s, want %s", i, o.Rule, id)
				}
				if o.Skipped != tt.skipped[id] {
					t.Errorf("%s skipped = %q, want %q", id, o.Skipped, tt.skipped[id])
				}
				if o.Skipped != "" && (o.Matched || len(o.Conditions) != 0) {
					t.Errorf("%s was skipped but evaluated: %+v", id, o)
				}
			}
		})
	}
}

func TestEvaluate_FiredRecord(t *testing.T) {
	t.Parallel()
	set := MustCompile(t, string(rules.DefaultsYAML()))
	ev := set.Evaluate(turn("web", handoff.Signals{Sentiment: -0.82, MessageCount: 2, Keywords: []string{"refund"}}))
	want := handoff.FiredRule{
		Rule:        "angry_sentiment",
		Name:        "Angry customer",
		Actions:     []string{"pause_ai", "notify", "tag:angry", "set_priority:high"},
		Explanation: "Angry customer: sentiment -0.82 ≤ -0.60 and message_count 2 ≥ 2",
		Values:      map[string]any{"sentiment": -0.82, "message_count": 2.0},
	}
	if len(ev.Fired) != 1 || !reflect.DeepEqual(ev.Fired[0], want) {
		t.Fatalf("fired = %#v\nwant %#v", ev.Fired, want)
	}
	o := outcome(t, ev, "angry_sentiment")
	wantConds := []handoff.ConditionResult{
		{Signal: "sentiment", Op: "<=", Want: -0.6, Actual: -0.82, Matched: true},
		{Signal: "message_count", Op: ">=", Want: 2.0, Actual: 2.0, Matched: true},
	}
	if !o.Matched || o.Closeness != 1 || !reflect.DeepEqual(o.Conditions, wantConds) || o.ExprResult != nil {
		t.Fatalf("outcome = %+v", o)
	}
	if !reflect.DeepEqual(ev.Signals.Keywords, []string{"refund"}) {
		t.Fatalf("signals not recorded: %+v", ev.Signals)
	}
}

func TestEvaluate_DisabledAndChannels(t *testing.T) {
	t.Parallel()
	set := MustCompile(t, `
- {id: off, enabled: false, expr: 'true', then: [pause_ai]}
- {id: ig_only, channels: [instagram], expr: 'true', then: [notify]}
- {id: web_or_shop, channels: [web, shopify], expr: 'true', then: [notify]}
- {id: everywhere, expr: 'true', then: [{tag: seen}]}
`)
	tests := []struct {
		channel string
		conv    bool
		fired   []string
	}{
		{"instagram", true, []string{"everywhere", "ig_only"}},
		{"web", true, []string{"everywhere", "web_or_shop"}},
		{"shopify", true, []string{"everywhere", "web_or_shop"}},
		{"messenger", true, []string{"everywhere"}},
		{"", false, []string{"everywhere"}},
	}
	for _, tt := range tests {
		t.Run(tt.channel, func(t *testing.T) {
			t.Parallel()
			in := turn(tt.channel, handoff.Signals{})
			if !tt.conv {
				in.Conversation, in.Message = nil, nil
			}
			ev := set.Evaluate(in)
			if got := firedIDs(ev); !reflect.DeepEqual(got, tt.fired) {
				t.Fatalf("fired = %v, want %v", got, tt.fired)
			}
			if o := outcome(t, ev, "off"); o.Skipped != rules.SkipDisabled {
				t.Fatalf("off: skipped = %q", o.Skipped)
			}
			if ev.Explanation != "Fired everywhere: custom condition holds"+alsoFired(tt.fired[1:]) {
				t.Fatalf("explanation = %q", ev.Explanation)
			}
		})
	}
}

func alsoFired(ids []string) string {
	if len(ids) == 0 {
		return ""
	}
	return " (also fired: " + strings.Join(ids, ", ") + ")"
}

func TestEvaluate_Cooldown(t *testing.T) {
	t.Parallel()
	set := MustCompile(t, `{id: r, cooldown: 1h, expr: 'true', then: [pause_ai]}`)
	nocool := MustCompile(t, `{id: r, expr: 'true', then: [pause_ai]}`)
	tests := []struct {
		name string
		set  *rules.Set
		ago  time.Duration
		skip string
	}{
		{"just fired", set, 0, rules.SkipCooldown},
		{"within", set, 59 * time.Minute, rules.SkipCooldown},
		{"expired exactly", set, time.Hour, ""},
		{"expired", set, 2 * time.Hour, ""},
		{"fired in the future (clock skew)", set, -time.Minute, rules.SkipCooldown},
		{"no cooldown", nocool, 0, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			ev := tt.set.Evaluate(turn("web", handoff.Signals{}, firedAt("r", tt.ago)))
			if o := outcome(t, ev, "r"); o.Skipped != tt.skip || o.Matched == (tt.skip != "") {
				t.Fatalf("outcome = %+v, want skipped %q", o, tt.skip)
			}
		})
	}
}

func TestEvaluate_NestedGroups(t *testing.T) {
	t.Parallel()
	set := MustCompile(t, `
id: money
name: Money trouble
when:
  all:
    - any:
        - { signal: keywords, op: any_of, value: [refund, chargeback] }
        - { signal: text, op: contains, value: "my money back" }
        - all:
            - { signal: complexity, op: ">", value: 0.5 }
            - { signal: text, op: matches, value: "(?i)\\border\\s*#?\\d+" }
    - { signal: negative_tone, op: ">=", value: 0.4 }
then: [{assign: {team: billing}}]
`)
	tests := []struct {
		name    string
		s       handoff.Signals
		text    string
		matched bool
		why     string
	}{
		{"keyword and tone", handoff.Signals{Keywords: []string{"Refund"}, NegativeTone: 0.5}, "hi", true,
			`Money trouble: keywords contain "Refund" and negative_tone 0.50 ≥ 0.40`},
		{"phrase and tone", handoff.Signals{NegativeTone: 0.4}, "I want MY MONEY BACK", true,
			`Money trouble: message contains "my money back" and negative_tone 0.40 ≥ 0.40`},
		{"inner all", handoff.Signals{Complexity: 0.6, NegativeTone: 0.9}, "where is order #1234", true,
			`Money trouble: complexity 0.60 > 0.50 and message matches /(?i)\border\s*#?\d+/ and negative_tone 0.90 ≥ 0.40`},
		{"inner all half true", handoff.Signals{Complexity: 0.4, NegativeTone: 0.9}, "order 1234", false, ""},
		{"any true, tone low", handoff.Signals{Keywords: []string{"chargeback"}, NegativeTone: 0.1}, "", false, ""},
		{"nothing", handoff.Signals{NegativeTone: 0.9}, "thanks", false, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			ev := set.Evaluate(turn("web", tt.s, text(tt.text)))
			o := outcome(t, ev, "money")
			if o.Matched != tt.matched {
				t.Fatalf("matched = %v, want %v (%+v)", o.Matched, tt.matched, o.Conditions)
			}
			if len(o.Conditions) != 5 {
				t.Fatalf("%d condition results, want 5 (one per leaf)", len(o.Conditions))
			}
			if tt.matched {
				if ev.Fired[0].Explanation != tt.why {
					t.Fatalf("explanation = %q\n         want %q", ev.Fired[0].Explanation, tt.why)
				}
				if !reflect.DeepEqual(ev.Fired[0].Actions, []string{"assign"}) {
					t.Fatalf("actions = %v", ev.Fired[0].Actions)
				}
			}
		})
	}
}

func TestEvaluate_Operators(t *testing.T) {
	t.Parallel()
	s := handoff.Signals{
		Sentiment: -0.5, Complexity: 0.7, MessageCount: 3, RequestHuman: true,
		Keywords: []string{"refund", "Order Status"},
	}
	tests := []struct {
		signal, op, value string
		want              bool
	}{
		{"sentiment", "<", "-0.4", true},
		{"sentiment", "<", "-0.5", false},
		{"sentiment", "<=", "-0.5", true},
		{"sentiment", "<=", "-0.6", false},
		{"complexity", ">", "0.6", true},
		{"complexity", ">", "0.7", false},
		{"complexity", ">=", "0.7", true},
		{"complexity", ">=", "0.71", false},
		{"message_count", "==", "3", true},
		{"message_count", "==", "2", false},
		{"message_count", "!=", "2", true},
		{"message_count", "!=", "3", false},
		{"message_count", "in", "[1, 3, 5]", true},
		{"message_count", "in", "[2, 4]", false},
		{"request_human", "==", "true", true},
		{"request_human", "==", "false", false},
		{"request_human", "!=", "false", true},
		{"request_human", "!=", "true", false},
		{"keywords", "contains", "REFUND", true},
		{"keywords", "contains", "order", false},
		{"keywords", "any_of", "[lawyer, order status]", true},
		{"keywords", "any_of", "[lawyer, sue]", false},
		{"keywords", "matches", "'^order'", false},
		{"keywords", "matches", "'(?i)^order'", true},
		{"text", "contains", "PACKAGE", true},
		{"text", "contains", "refund", false},
		{"text", "any_of", "[refund, never arrived]", true},
		{"text", "any_of", "[refund, lawyer]", false},
		{"text", "matches", "'\\bpackage\\b'", true},
		{"text", "matches", "'^Package'", false},
	}
	for _, tt := range tests {
		name := fmt.Sprintf("%s %s %s", tt.signal, tt.op, tt.value)
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			set := MustCompile(t, fmt.Sprintf("{id: op, when: {signal: %s, op: '%s', value: %s}, then: [pause_ai]}", tt.signal, tt.op, tt.value))
			ev := set.Evaluate(turn("web", s, text("My package never arrived")))
			o := outcome(t, ev, "op")
			if o.Matched != tt.want || len(ev.Fired) != map[bool]int{true: 1}[tt.want] {
				t.Fatalf("matched = %v, want %v: %+v", o.Matched, tt.want, o.Conditions)
			}
			if len(o.Conditions) != 1 || o.Conditions[0].Matched != tt.want || o.Conditions[0].Signal != tt.signal || o.Conditions[0].Op != tt.op {
				t.Fatalf("condition result = %+v", o.Conditions)
			}
		})
	}
}

func TestEvaluate_CEL(t *testing.T) {
	t.Parallel()
	in := func(opts ...func(*rules.Input)) rules.Input {
		return turn("instagram", handoff.Signals{
			Sentiment: -0.4, SentimentAvg: -0.45, MessageCount: 4, Keywords: []string{"refund"}, RequestHuman: true,
		}, append([]func(*rules.Input){func(in *rules.Input) {
			in.Conversation.Tags = []string{"vip", "returning"}
			in.Conversation.Customer = handoff.Customer{ID: "c1", Name: "Ana", Email: "ana@example.com", Locale: "de", Metadata: map[string]string{"plan": "gold"}}
			in.Conversation.CreatedAt = now.Add(-45 * time.Minute)
			in.Conversation.TurnCount = 9
			in.Message.Text = "I will talk to my LAWYER"
		}}, opts...)...)
	}
	bigTags := func(in *rules.Input) {
		for i := range 200 {
			in.Conversation.Tags = append(in.Conversation.Tags, fmt.Sprint("t", i))
		}
	}
	tests := []struct {
		expr string
		in   rules.Input
		want *bool
	}{
		{`signals.sentiment_avg < -0.3 && conversation.channel == "instagram"`, in(), ptr(true)},
		{`signals.sentiment_avg < -0.5 && conversation.channel == "instagram"`, in(), ptr(false)},
		{`signals.message_count >= 4`, in(), ptr(true)},
		{`signals.request_human`, in(), ptr(true)},
		{`"refund" in signals.keywords`, in(), ptr(true)},
		{`signals.keywords.exists(k, k.startsWith("ref"))`, in(), ptr(true)},
		{`"vip" in conversation.tags`, in(), ptr(true)},
		{`conversation.customer.locale == "de" && conversation.customer.plan == "gold"`, in(), ptr(true)},
		{`conversation.customer.email.endsWith("@example.com")`, in(), ptr(true)},
		{`conversation.customer.phone == ""`, in(), ptr(true)},
		{`conversation.minutes_open > 30.0`, in(), ptr(true)},
		{`conversation.minutes_open > 60.0`, in(), ptr(false)},
		{`conversation.message_count == 4 && conversation.turn_count == 9`, in(), ptr(true)},
		{`conversation.state == "ai_active" && conversation.priority == "normal"`, in(), ptr(true)},
		{`message.text.lowerAscii().contains("lawyer")`, in(), ptr(true)},
		{`message.text.matches("(?i)lawyer|attorney")`, in(), ptr(true)},
		{`message.role == "customer"`, in(), ptr(true)},
		{`message.role == "customer"`, in(func(in *rules.Input) { in.Message = nil }), ptr(false)},
		{`size(conversation.tags) == 0 && conversation.channel == ""`, in(func(in *rules.Input) { in.Conversation = nil }), ptr(true)},
		{`conversation.customer.missing == "x"`, in(), nil},                                                                 // runtime error: counts as false
		{`conversation.tags.all(a, conversation.tags.all(b, conversation.tags.all(c, a + b + c != "")))`, in(bigTags), nil}, // over the cost limit
	}
	for _, tt := range tests {
		t.Run(tt.expr, func(t *testing.T) {
			t.Parallel()
			set := MustCompile(t, fmt.Sprintf("{id: cel, expr: '%s', then: [pause_ai]}", strings.ReplaceAll(tt.expr, "'", "''")))
			ev := set.Evaluate(tt.in)
			o := outcome(t, ev, "cel")
			wantMatch := tt.want != nil && *tt.want
			if (o.ExprResult == nil) != (tt.want == nil) || (o.ExprResult != nil && *o.ExprResult != *tt.want) {
				t.Fatalf("expr result = %v, want %v", deref(o.ExprResult), deref(tt.want))
			}
			if o.Matched != wantMatch || len(ev.Fired) != map[bool]int{true: 1}[wantMatch] {
				t.Fatalf("matched = %v, want %v", o.Matched, wantMatch)
			}
		})
	}
}

func TestEvaluate_CELWithWhen(t *testing.T) {
	t.Parallel()
	set := MustCompile(t, `
id: ig_angry
name: Angry on Instagram
when: { signal: sentiment, op: "<=", value: -0.3 }
expr: signals.sentiment_avg < -0.3 && conversation.channel == "instagram"
then: [pause_ai]
`)
	ev := set.Evaluate(turn("instagram", handoff.Signals{Sentiment: -0.5, SentimentAvg: -0.4}))
	want := "Angry on Instagram: sentiment -0.50 ≤ -0.30 and custom condition holds (sentiment_avg -0.40)"
	if len(ev.Fired) != 1 || ev.Fired[0].Explanation != want {
		t.Fatalf("fired = %+v\nwant explanation %q", ev.Fired, want)
	}
	if v := ev.Fired[0].Values; v["sentiment"] != -0.5 || v["sentiment_avg"] != -0.4 {
		t.Fatalf("values = %v", v)
	}
	// when holds but expr does not: no match, and not a near miss.
	ev = set.Evaluate(turn("web", handoff.Signals{Sentiment: -0.5, SentimentAvg: -0.4}))
	o := outcome(t, ev, "ig_angry")
	if o.Matched || o.ExprResult == nil || *o.ExprResult || o.Closeness != 0 || len(ev.NearMisses) != 0 {
		t.Fatalf("outcome = %+v near misses %+v", o, ev.NearMisses)
	}
}

func TestEvaluate_NearMiss(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name        string
		rule        string
		s           handoff.Signals
		closeness   float64 // of the outcome
		near        bool
		missed      []handoff.ConditionResult
		explanation string // of the near miss
		summary     string
	}{
		{
			name: "complexity short of its threshold",
			rule: `{id: complex_issue, name: Complex issue, when: {signal: complexity, op: ">=", value: 0.7}, then: [pause_ai]}`,
			s:    handoff.Signals{Complexity: 0.62}, closeness: 0.84, near: true,
			missed:      []handoff.ConditionResult{{Signal: "complexity", Op: ">=", Want: 0.7, Actual: 0.62, Distance: 0.08}},
			explanation: "Complex issue did not fire: complexity 0.62 < 0.70 (0.08 short)",
			summary:     "No rule fired; closest: complex_issue (complexity 0.62, needs ≥ 0.70)",
		},
		{
			name: "too far for a near miss",
			rule: `{id: complex_issue, when: {signal: complexity, op: ">=", value: 0.7}, then: [pause_ai]}`,
			s:    handoff.Signals{Complexity: 0.45}, closeness: 0.5,
			summary: "No rule fired",
		},
		{
			name: "just at the near-miss line",
			rule: `{id: complex_issue, when: {signal: complexity, op: ">=", value: 0.7}, then: [pause_ai]}`,
			s:    handoff.Signals{Complexity: 0.5}, closeness: 0.6, near: true,
			missed:      []handoff.ConditionResult{{Signal: "complexity", Op: ">=", Want: 0.7, Actual: 0.5, Distance: 0.2}},
			explanation: "complex_issue did not fire: complexity 0.50 < 0.70 (0.20 short)",
			summary:     "No rule fired; closest: complex_issue (complexity 0.50, needs ≥ 0.70)",
		},
		{
			name: "sentiment scale is 1",
			rule: `{id: angry, name: Angry customer, when: {all: [{signal: sentiment, op: "<=", value: -0.6}, {signal: message_count, op: ">=", value: 2}]}, then: [pause_ai]}`,
			s:    handoff.Signals{Sentiment: -0.45, MessageCount: 3}, closeness: 0.85, near: true,
			missed:      []handoff.ConditionResult{{Signal: "sentiment", Op: "<=", Want: -0.6, Actual: -0.45, Distance: 0.15}},
			explanation: "Angry customer did not fire: sentiment -0.45 > -0.60 (0.15 short)",
			summary:     "No rule fired; closest: angry (sentiment -0.45, needs ≤ -0.60)",
		},
		{
			name: "the weakest condition decides an all",
			rule: `{id: angry, name: Angry customer, when: {all: [{signal: sentiment, op: "<=", value: -0.6}, {signal: message_count, op: ">=", value: 4}]}, then: [pause_ai]}`,
			s:    handoff.Signals{Sentiment: -0.5, MessageCount: 3}, closeness: 0.75, near: true,
			missed: []handoff.ConditionResult{
				{Signal: "sentiment", Op: "<=", Want: -0.6, Actual: -0.5, Distance: 0.1},
				{Signal: "message_count", Op: ">=", Want: 4.0, Actual: 3.0, Distance: 1},
			},
			explanation: "Angry customer did not fire: sentiment -0.50 > -0.60 (0.10 short) and message_count 3 < 4 (1 short)",
			summary:     "No rule fired; closest: angry (sentiment -0.50, needs ≤ -0.60; message_count 3, needs ≥ 4)",
		},
		{
			name: "the closest alternative decides an any",
			rule: `{id: either, when: {any: [{signal: negative_tone, op: ">", value: 0.8}, {signal: escalation_score, op: ">=", value: 0.9}]}, then: [pause_ai]}`,
			s:    handoff.Signals{NegativeTone: 0.2, EscalationScore: 0.8}, closeness: 0.8, near: true,
			missed:      []handoff.ConditionResult{{Signal: "escalation_score", Op: ">=", Want: 0.9, Actual: 0.8, Distance: 0.1}},
			explanation: "either did not fire: escalation_score 0.80 < 0.90 (0.10 short)",
			summary:     "No rule fired; closest: either (escalation_score 0.80, needs ≥ 0.90)",
		},
		{
			name: "a failed bool leaf is not close",
			rule: `{id: human, when: {all: [{signal: request_human, op: "==", value: true}, {signal: complexity, op: ">", value: 0.1}]}, then: [pause_ai]}`,
			s:    handoff.Signals{Complexity: 0.9}, closeness: 0,
			summary: "No rule fired",
		},
		{
			name: "a rule without numeric leaves is never a near miss",
			rule: `{id: kw, when: {signal: keywords, op: contains, value: refund}, then: [pause_ai]}`,
			s:    handoff.Signals{}, closeness: 0,
			summary: "No rule fired",
		},
		{
			name: "count scale is the threshold",
			rule: `{id: long_chat, when: {signal: turn_count, op: ">", value: 20}, then: [notify]}`,
			s:    handoff.Signals{TurnCount: 16}, closeness: 0.8, near: true,
			missed:      []handoff.ConditionResult{{Signal: "turn_count", Op: ">", Want: 20.0, Actual: 16.0, Distance: 4}},
			explanation: "long_chat did not fire: turn_count 16 ≤ 20 (4 short)",
			summary:     "No rule fired; closest: long_chat (turn_count 16, needs > 20)",
		},
		{
			name: "equality off by a little",
			rule: `{id: third, when: {signal: message_count, op: "==", value: 3}, then: [notify]}`,
			s:    handoff.Signals{MessageCount: 2}, closeness: 0.6667, near: true,
			missed:      []handoff.ConditionResult{{Signal: "message_count", Op: "==", Want: 3.0, Actual: 2.0, Distance: 1}},
			explanation: "third did not fire: message_count 2 ≠ 3 (1 off)",
			summary:     "No rule fired; closest: third (message_count 2, needs = 3)",
		},
		{
			name: "in takes the nearest value",
			rule: `{id: some, when: {signal: message_count, op: in, value: [5, 10]}, then: [notify]}`,
			s:    handoff.Signals{MessageCount: 4}, closeness: 0.8, near: true,
			missed:      []handoff.ConditionResult{{Signal: "message_count", Op: "in", Want: []any{5.0, 10.0}, Actual: 4.0, Distance: 1}},
			explanation: "some did not fire: message_count 4 not in [5, 10] (1 off)",
			summary:     "No rule fired; closest: some (message_count 4, needs one of [5, 10])",
		},
		{
			name: "a failed != is not close",
			rule: `{id: ne, when: {signal: sentiment, op: "!=", value: 0}, then: [notify]}`,
			s:    handoff.Signals{}, closeness: 0,
			summary: "No rule fired",
		},
		{
			name: "strict comparison at the threshold",
			rule: `{id: strict, when: {signal: sentiment, op: "<", value: 0}, then: [notify]}`,
			s:    handoff.Signals{}, closeness: 0.9999, near: true,
			missed:      []handoff.ConditionResult{{Signal: "sentiment", Op: "<", Want: 0.0, Actual: 0.0}},
			explanation: "strict did not fire: sentiment 0.00 ≥ 0.00 (0.00 short)",
			summary:     "No rule fired; closest: strict (sentiment 0.00, needs < 0.00)",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			ev := MustCompile(t, tt.rule).Evaluate(turn("web", tt.s))
			o := ev.Outcomes[0]
			if o.Matched || o.Closeness != tt.closeness {
				t.Fatalf("matched %v closeness %v, want unmatched %v", o.Matched, o.Closeness, tt.closeness)
			}
			if !tt.near {
				if len(ev.NearMisses) != 0 {
					t.Fatalf("near misses = %+v, want none", ev.NearMisses)
				}
			} else {
				if len(ev.NearMisses) != 1 {
					t.Fatalf("near misses = %+v, want one", ev.NearMisses)
				}
				nm := ev.NearMisses[0]
				if nm.Closeness != tt.closeness || !reflect.DeepEqual(nm.Missed, tt.missed) {
					t.Errorf("near miss closeness %v missed %+v\nwant %v %+v", nm.Closeness, nm.Missed, tt.closeness, tt.missed)
				}
				if nm.Explanation != tt.explanation {
					t.Errorf("explanation = %q\n         want %q", nm.Explanation, tt.explanation)
				}
			}
			if ev.Explanation != tt.summary {
				t.Errorf("summary = %q\n     want %q", ev.Explanation, tt.summary)
			}
		})
	}
}

func TestEvaluate_ClosestNearMissWins(t *testing.T) {
	t.Parallel()
	set, err := rules.Compile(rules.Defaults())
	if err != nil {
		t.Fatal(err)
	}
	ev := set.Evaluate(turn("web", handoff.Signals{Complexity: 0.6, Sentiment: -0.55, MessageCount: 2}))
	var ids []string
	for _, n := range ev.NearMisses {
		ids = append(ids, n.Rule)
	}
	if !reflect.DeepEqual(ids, []string{"angry_sentiment", "complex_issue"}) {
		t.Fatalf("near misses = %v", ids)
	}
	if want := "No rule fired; closest: angry_sentiment (sentiment -0.55, needs ≤ -0.60)"; ev.Explanation != want {
		t.Fatalf("summary = %q, want %q", ev.Explanation, want)
	}
}

func TestEvaluate_NotPausingRuleExplanation(t *testing.T) {
	t.Parallel()
	set := MustCompile(t, `
- {id: tagger, priority: 1, when: {signal: keywords, op: contains, value: refund}, then: [{tag: refund}]}
- {id: pauser, priority: 2, when: {signal: negative_tone, op: ">", value: 0.5}, then: [pause_ai]}
`)
	ev := set.Evaluate(turn("web", handoff.Signals{Keywords: []string{"refund"}}))
	if want := `Fired tagger: keywords contain "refund"`; ev.Explanation != want {
		t.Fatalf("summary = %q, want %q", ev.Explanation, want)
	}
	ev = set.Evaluate(turn("web", handoff.Signals{Keywords: []string{"refund"}, NegativeTone: 0.9}))
	if want := `Paused by pauser: negative_tone 0.90 > 0.50 (also fired: tagger)`; ev.Explanation != want {
		t.Fatalf("summary = %q, want %q", ev.Explanation, want)
	}
	if got := firedIDs(ev); !reflect.DeepEqual(got, []string{"tagger", "pauser"}) {
		t.Fatalf("fired = %v", got)
	}
}

func TestEvaluate_EmptyAndNil(t *testing.T) {
	t.Parallel()
	var nilSet *rules.Set
	for _, set := range []*rules.Set{nilSet, MustCompile(t, "[]")} {
		ev := set.Evaluate(rules.Input{})
		if ev.Fired == nil || ev.NearMisses == nil || len(ev.Outcomes) != 0 || ev.Explanation != "No rule fired" {
			t.Fatalf("evaluation = %+v", ev)
		}
	}
}

func TestEvaluate_Concurrent(t *testing.T) {
	t.Parallel()
	set := benchSet(t)
	want := set.Evaluate(turn("web", handoff.Signals{Sentiment: -0.8, MessageCount: 3, Keywords: []string{"refund"}}))
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			for range 50 {
				got := set.Evaluate(turn("web", handoff.Signals{Sentiment: -0.8, MessageCount: 3, Keywords: []string{"refund"}}))
				if !reflect.DeepEqual(got, want) {
					t.Error("concurrent evaluations differ")
					return
				}
			}
		})
	}
	wg.Wait()
}

func ptr[T any](v T) *T { return &v }

func deref(b *bool) string {
	if b == nil {
		return "nil"
	}
	return fmt.Sprint(*b)
}

func TestSetRule(t *testing.T) {
	t.Parallel()
	set, err := rules.Compile([]*handoff.Rule{
		{ID: "b", Name: "B", Priority: 1, Expr: "true", Then: []handoff.Action{{Type: handoff.ActionTag, Value: "vip"}}},
		{ID: "a", Name: "A", Priority: 2, Expr: "true", Then: []handoff.Action{{Type: handoff.ActionPauseAI}}},
	})
	if err != nil {
		t.Fatal(err)
	}
	var none *rules.Set
	for _, tt := range []struct {
		set    *rules.Set
		id     string
		action string // first action's type, "" when no rule is found
	}{
		{set, "a", handoff.ActionPauseAI},
		{set, "b", handoff.ActionTag},
		{set, "c", ""},
		{none, "a", ""},
	} {
		r := tt.set.Rule(tt.id)
		got := ""
		if r != nil {
			if r.ID != tt.id {
				t.Errorf("Rule(%q) returned rule %q", tt.id, r.ID)
			}
			got = r.Then[0].Type
		}
		if got != tt.action {
			t.Errorf("Rule(%q): first action %q, want %q", tt.id, got, tt.action)
		}
	}
}
