package rules_test

import (
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/handoffhq/handoff"
	"github.com/handoffhq/handoff/internal/rules"
)

// designYAML is the rule shown in DESIGN §3, comments and all.
const designYAML = `
id: angry_sentiment
name: Angry customer
enabled: true
when:                      # all: every condition; any: at least one
  all:
    - { signal: sentiment, op: "<=", value: -0.6 }
    - { signal: message_count, op: ">=", value: 2 }
expr: ""                   # optional custom condition in CEL, e.g.
                           # signals.sentiment_avg < -0.3 && conversation.channel == "instagram"
channels: [web, shopify, instagram]   # empty = all channels
cooldown: 15m              # not again for the same conversation within this
priority: 10               # order of evaluation; first pause wins
then:
  - pause_ai
  - notify: { targets: [team] }
  - tag: angry
  - set_priority: high
`

// MustParse parses src or fails the test.
func MustParse(tb testing.TB, src string) []*handoff.Rule {
	tb.Helper()
	rs, err := rules.Parse([]byte(src))
	if err != nil {
		tb.Fatalf("Parse: %v", err)
	}
	return rs
}

// MustCompile parses and compiles src or fails the test.
func MustCompile(tb testing.TB, src string) *rules.Set {
	tb.Helper()
	set, err := rules.Compile(MustParse(tb, src))
	if err != nil {
		tb.Fatalf("Compile: %v", err)
	}
	return set
}

func defaultRule(tb testing.TB, id string) *handoff.Rule {
	tb.Helper()
	for _, r := range rules.Defaults() {
		if r.ID == id {
			return r
		}
	}
	tb.Fatalf("no default rule %q", id)
	return nil
}

func TestDefaults_AngrySentimentIsTheDesignRule(t *testing.T) {
	t.Parallel()
	design := MustParse(t, designYAML)
	if len(design) != 1 {
		t.Fatalf("design YAML parsed to %d rules, want 1", len(design))
	}
	got := defaultRule(t, "angry_sentiment")
	if !reflect.DeepEqual(got, design[0]) {
		t.Fatalf("default angry_sentiment differs from DESIGN §3:\n got %#v\nwant %#v", got, design[0])
	}
	want := &handoff.Rule{
		ID: "angry_sentiment", Name: "Angry customer", Enabled: true,
		When: &handoff.Condition{All: []handoff.Condition{
			{Signal: "sentiment", Op: "<=", Value: -0.6},
			{Signal: "message_count", Op: ">=", Value: 2.0},
		}},
		Channels: []string{"web", "shopify", "instagram"},
		Cooldown: handoff.Duration(15 * time.Minute),
		Priority: 10,
		Then: []handoff.Action{
			{Type: "pause_ai"},
			{Type: "notify", Targets: []string{"team"}},
			{Type: "tag", Value: "angry"},
			{Type: "set_priority", Value: "high"},
		},
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("angry_sentiment:\n got %#v\nwant %#v", got, want)
	}
}

func TestDefaults(t *testing.T) {
	t.Parallel()
	ds := rules.Defaults()
	var ids []string
	for _, r := range ds {
		ids = append(ids, r.ID)
		if err := rules.Validate(r); err != nil {
			t.Errorf("Validate(%s): %v", r.ID, err)
		}
		if !r.Enabled || !r.Pauses() {
			t.Errorf("%s: enabled=%v pauses=%v, want both", r.ID, r.Enabled, r.Pauses())
		}
	}
	want := []string{"request_human", "angry_sentiment", "complex_issue", "ai_uncertain", "frustration_loop"}
	if !reflect.DeepEqual(ids, want) {
		t.Fatalf("ids = %v, want %v", ids, want)
	}
	ds[0].Then[0].Type = "changed"
	if rules.Defaults()[0].Then[0].Type != "pause_ai" {
		t.Fatal("Defaults returned shared rules: a change leaked into the next call")
	}
	again := MustParse(t, string(rules.DefaultsYAML()))
	if !reflect.DeepEqual(again, rules.Defaults()) {
		t.Fatal("DefaultsYAML does not parse to Defaults")
	}
	rh := defaultRule(t, "request_human")
	if rh.Priority != 1 || rh.Cooldown != handoff.Duration(5*time.Minute) || len(rh.Channels) != 0 {
		t.Errorf("request_human: priority %d cooldown %s channels %v", rh.Priority, rh.Cooldown, rh.Channels)
	}
}

func TestParse_Forms(t *testing.T) {
	t.Parallel()
	leaf := `{signal: complexity, op: ">=", value: 0.7}`
	tests := []struct {
		name    string
		src     string
		wantIDs []string
	}{
		{"single rule", "id: a\nwhen: " + leaf + "\nthen: [pause_ai]\n", []string{"a"}},
		{"list", "- id: a\n  when: " + leaf + "\n  then: [pause_ai]\n- id: b\n  expr: 'true'\n  then: [notify]\n", []string{"a", "b"}},
		{"rules key", "rules:\n  - id: b\n    expr: 'true'\n    then: [notify]\n  - id: a\n    expr: 'true'\n    then: [notify]\n", []string{"b", "a"}},
		{"empty list", "[]", nil},
		{"empty rules key", "rules: []", nil},
		{"json single", `{"id":"a","expr":"true","then":["pause_ai"]}`, []string{"a"}},
		{"json list with tabs", "[\n\t{\n\t\t\"id\": \"a\",\n\t\t\"when\": {\"signal\": \"sentiment\", \"op\": \"<\", \"value\": -0.5},\n\t\t\"then\": [\"pause_ai\", {\"tag\": \"x\"}]\n\t}\n]", []string{"a"}},
		{"json rules key", `{"rules":[{"id":"a","expr":"true","then":[{"notify":{"targets":["team","slack"]}}]}]}`, []string{"a"}},
		{"byte order mark", "\ufeffid: a\nexpr: 'true'\nthen: [pause_ai]\n", []string{"a"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			rs := MustParse(t, tt.src)
			var ids []string
			for _, r := range rs {
				ids = append(ids, r.ID)
			}
			if !reflect.DeepEqual(ids, tt.wantIDs) {
				t.Fatalf("ids = %v, want %v", ids, tt.wantIDs)
			}
		})
	}
}

func TestParse_YAMLAndJSONAgree(t *testing.T) {
	t.Parallel()
	y := MustParse(t, `
id: vip
name: VIP on Instagram
enabled: false
when:
  any:
    - { signal: keywords, op: any_of, value: [refund, chargeback] }
    - all:
        - { signal: message_count, op: in, value: [3, 4] }
        - { signal: text, op: matches, value: "(?i)lawyer" }
expr: conversation.channel == "instagram"
channels: [instagram]
cooldown: 1h30m
priority: -5
then:
  - { assign: { team: billing } }
  - { reply: { text: "A colleague is on the way." } }
  - { notify: slack }
`)
	j := MustParse(t, `{"id":"vip","name":"VIP on Instagram","enabled":false,
"when":{"any":[{"signal":"keywords","op":"any_of","value":["refund","chargeback"]},
  {"all":[{"signal":"message_count","op":"in","value":[3,4]},{"signal":"text","op":"matches","value":"(?i)lawyer"}]}]},
"expr":"conversation.channel == \"instagram\"","channels":["instagram"],"cooldown":"90m","priority":-5,
"then":[{"assign":{"team":"billing"}},{"reply":"A colleague is on the way."},{"notify":{"targets":["slack"]}}]}`)
	if !reflect.DeepEqual(y, j) {
		t.Fatalf("YAML and JSON differ:\n yaml %#v\n json %#v", y[0], j[0])
	}
	if y[0].Enabled {
		t.Fatal("enabled: false was lost")
	}
}

func TestParse_EnabledDefaultsToTrue(t *testing.T) {
	t.Parallel()
	rs := MustParse(t, "id: a\nexpr: 'true'\nthen: [pause_ai]\n")
	if !rs[0].Enabled {
		t.Fatal("a rule without enabled should be enabled")
	}
}

func TestParse_Invalid(t *testing.T) {
	t.Parallel()
	const then = "\nthen: [pause_ai]\n"
	leaf := func(signal, op, value string) string {
		return "id: r1\nwhen:\n  all:\n    - { signal: sentiment, op: '<', value: 0 }\n    - { signal: " + signal + ", op: '" + op + "', value: " + value + " }" + then
	}
	tests := []struct {
		name   string
		src    string
		prefix string // the start of Error(): rule and field
		reason string // part of the reason
		line   int
		column int
	}{
		{"bad CEL syntax", "id: c1\nexpr: 'signals.sentiment < '" + then,
			`rule "c1": expr (line 1, column 21)`, "Syntax error", 1, 21},
		{"CEL unknown variable", "id: c2\nexpr: 'signals.sentiment < 0 && signals.angry'" + then,
			`rule "c2": expr (line 1, column 26)`, `unknown signal "angry" (want one of complexity escalation_score keywords`, 1, 26},
		{"CEL error on line 2", "id: c3\nexpr: |\n  signals.sentiment < 0 &&\n    conversation.chanel == 'web'" + then,
			`rule "c3": expr (line 2, column 3)`, "unknown field conversation.chanel (want one of channel customer", 2, 3},
		{"CEL bare namespace", "id: c7\nexpr: 'size(signals) > 0'" + then,
			`rule "c7": expr (line 1, column 6)`, "signals is a namespace: write signals.<name>", 1, 6},
		{"CEL wrong operand type", "id: c4\nexpr: 'conversation.customer.locale == 1'" + then,
			`rule "c4": expr (line 1, column 30)`, "found no matching overload for '_==_' applied to '(string, int)'", 1, 30},
		{"CEL has on a signal", "id: c8\nexpr: 'has(signals.sentiment)'" + then,
			`rule "c8": expr (line 1, column 5)`, "has() does not apply: signals.sentiment is always present", 1, 5},
		{"CEL bad regexp", "id: c9\nexpr: 'message.text.matches(\"[a-\")'" + then,
			`rule "c9": expr: `, "bad regular expression: ", 0, 0},
		{"CEL not bool", "id: c5\nexpr: 'signals.sentiment + 1.0'" + then,
			`rule "c5": expr`, "must evaluate to bool, got double", 1, 1},
		{"CEL string not bool", "id: c6\nexpr: 'message.text'" + then,
			`rule "c6": expr`, "must evaluate to bool, got string", 1, 1},
		{"unknown signal", leaf("anger", ">", "1"),
			`rule "r1": when.all[1].signal: `, `unknown signal "anger"`, 0, 0},
		{"bad operator", leaf("sentiment", "=>", "1"),
			`rule "r1": when.all[1].op: `, `unknown operator "=>" (want one of < <= > >= == != contains matches in any_of)`, 0, 0},
		{"missing operator", "id: r1\nwhen: {signal: sentiment, value: 1}" + then,
			`rule "r1": when.op: `, "required", 0, 0},
		{"number signal with contains", leaf("sentiment", "contains", "x"),
			`rule "r1": when.all[1].op: `, `operator "contains" does not apply to number signal "sentiment"`, 0, 0},
		{"bool signal with <", leaf("request_human", "<", "1"),
			`rule "r1": when.all[1].op: `, `does not apply to bool signal "request_human" (want one of == !=)`, 0, 0},
		{"keywords with >=", leaf("keywords", ">=", "1"),
			`rule "r1": when.all[1].op: `, `does not apply to list signal "keywords"`, 0, 0},
		{"text with ==", leaf("text", "==", "hi"),
			`rule "r1": when.all[1].op: `, `does not apply to text signal "text"`, 0, 0},
		{"number value is a string", leaf("complexity", ">=", "high"),
			`rule "r1": when.all[1].value: `, `must be a number for ">=", got string "high"`, 0, 0},
		{"bool value is a string", leaf("request_human", "==", "yes"),
			`rule "r1": when.all[1].value: `, `must be true or false`, 0, 0},
		{"in value not a list", leaf("message_count", "in", "3"),
			`rule "r1": when.all[1].value: `, `must be a non-empty list of numbers`, 0, 0},
		{"in list item not a number", leaf("message_count", "in", "[3, x]"),
			`rule "r1": when.all[1].value[1]: `, `must be a number`, 0, 0},
		{"any_of value not a list", leaf("keywords", "any_of", "refund"),
			`rule "r1": when.all[1].value: `, `must be a non-empty list of strings`, 0, 0},
		{"contains empty", leaf("text", "contains", "''"),
			`rule "r1": when.all[1].value: `, `must not be empty`, 0, 0},
		{"missing value", "id: r1\nwhen: {signal: sentiment, op: '<'}" + then,
			`rule "r1": when.value: `, `required`, 0, 0},
		{"bad regex", leaf("text", "matches", "'([a-z'"),
			`rule "r1": when.all[1].value: `, "bad regular expression: missing closing ]: `[a-z`", 0, 0},
		{"bad duration words", "id: d1\nexpr: 'true'\ncooldown: 15 minutes" + then,
			`rule "d1": cooldown: `, `bad duration "15 minutes"`, 0, 0},
		{"negative duration", "id: d2\nexpr: 'true'\ncooldown: -5m" + then,
			`rule "d2": cooldown: `, `bad duration "-5m"`, 0, 0},
		{"duration too long", "id: d3\nexpr: 'true'\ncooldown: 400d" + then,
			`rule "d3": cooldown: `, `longer than`, 0, 0},
		{"unknown channel", "id: ch\nexpr: 'true'\nchannels: [web, tiktok]" + then,
			`rule "ch": channels[1]: `, `unknown channel "tiktok" (want one of web shopify instagram messenger api)`, 0, 0},
		{"channel twice", "id: ch\nexpr: 'true'\nchannels: [web, web]" + then,
			`rule "ch": channels[1]: `, `listed twice`, 0, 0},
		{"unknown action", "id: a1\nexpr: 'true'\nthen: [pause_ai, pause]\n",
			`rule "a1": then[1]: `, `unknown action "pause" (want one of pause_ai notify assign tag set_priority reply)`, 0, 0},
		{"tag without value", "id: a2\nexpr: 'true'\nthen: [tag]\n",
			`rule "a2": then[0]: `, `tag needs a value`, 0, 0},
		{"bad priority value", "id: a3\nexpr: 'true'\nthen: [{set_priority: critical}]\n",
			`rule "a3": then[0]: `, `set_priority needs one of low normal high urgent, got "critical"`, 0, 0},
		{"bad notify target", "id: a4\nexpr: 'true'\nthen: [{notify: {targets: [team, sms]}}]\n",
			`rule "a4": then[0]: `, `unknown notify target "sms"`, 0, 0},
		{"assign nobody", "id: a5\nexpr: 'true'\nthen: [assign]\n",
			`rule "a5": then[0]: `, `assign needs a team or an agent`, 0, 0},
		{"reply without text", "id: a6\nexpr: 'true'\nthen: [{reply: '  '}]\n",
			`rule "a6": then[0]: `, `reply needs text`, 0, 0},
		{"action with two keys", "id: a7\nexpr: 'true'\nthen: [{tag: x, reply: y}]\n",
			`rule "a7": then[0]: `, `exactly one key`, 0, 0},
		{"action with unknown body field", "id: a8\nexpr: 'true'\nthen: [{notify: {target: team}}]\n",
			`rule "a8": then[0]: `, `unknown field "target"`, 0, 0},
		{"action field of another type", "id: a9\nexpr: 'true'\nthen: [{tag: {value: x, targets: [team]}}]\n",
			`rule "a9": then[0]: `, `tag does not take targets`, 0, 0},
		{"no actions", "id: a10\nexpr: 'true'\nthen: []\n",
			`rule "a10": then: `, `at least one action`, 0, 0},
		{"missing id", "name: x\nexpr: 'true'" + then,
			`rule #1: id: `, `required`, 0, 0},
		{"bad id", "id: Angry Customer\nexpr: 'true'" + then,
			`rule "Angry Customer": id: `, `must be 1 to 64 characters`, 0, 0},
		{"duplicate id", "- {id: same, expr: 'true', then: [pause_ai]}\n- {id: same, expr: 'false', then: [notify]}\n",
			`rule "same": id: `, `duplicate id: rule #1 has it too`, 0, 0},
		{"unknown field", "id: u1\nwhenn: {signal: sentiment, op: '<', value: 0}" + then,
			`rule "u1": whenn: `, `unknown field "whenn"`, 0, 0},
		{"unknown field in a condition", "id: u2\nwhen: {all: [{sig: sentiment, op: '<', value: 0}]}" + then,
			`rule "u2": when.all[0].sig: `, `unknown field "sig"`, 0, 0},
		{"field with a wrong type", "id: u3\nexpr: 'true'\npriority: high" + then,
			`rule "u3": priority: `, `must be a whole number, got string`, 0, 0},
		{"enabled not a bool", "id: e1\nexpr: 'true'\nenabled: 'yes'" + then,
			`rule "e1": enabled: `, `must be true or false, got string`, 0, 0},
		{"channels not a list", "id: e2\nexpr: 'true'\nchannels: web" + then,
			`rule "e2": channels: `, `must be a list, got string`, 0, 0},
		{"then not a list", "id: e3\nexpr: 'true'\nthen: pause_ai\n",
			`rule "e3": then: `, `must be a list, got string`, 0, 0},
		{"name not a string", "id: e4\nname: 42\nexpr: 'true'" + then,
			`rule "e4": name: `, `must be a string, got number`, 0, 0},
		{"when not a mapping", "id: u4\nwhen: [1]" + then,
			`rule "u4": when: `, `must be a mapping`, 0, 0},
		{"signal not a string", "id: u5\nwhen: {all: [{signal: 3, op: '<', value: 0}]}" + then,
			`rule "u5": when.all[0].signal: `, `must be a string`, 0, 0},
		{"neither when nor expr", "id: n1" + then,
			`rule "n1": when: `, `needs a when condition, an expr or both`, 0, 0},
		{"all and any together", "id: g1\nwhen: {all: [{signal: sentiment, op: '<', value: 0}], any: [{signal: sentiment, op: '<', value: 0}]}" + then,
			`rule "g1": when: `, `both all and any`, 0, 0},
		{"empty group", "id: g2\nwhen: {all: []}" + then,
			`rule "g2": when.all: `, `at least one condition`, 0, 0},
		{"group with a signal", "id: g3\nwhen: {signal: sentiment, all: [{signal: sentiment, op: '<', value: 0}]}" + then,
			`rule "g3": when: `, `cannot also have signal`, 0, 0},
		{"rule not a mapping", "- just a string\n",
			`rule #1: `, `a rule must be a mapping`, 0, 0},
		{"YAML syntax error", "id: a\nexpr: 'true'\nthen: [pause_ai]\n  - notify\n",
			`rules (line 3): `, `bad YAML: did not find expected key`, 3, 0},
		{"two YAML documents", "id: a\nexpr: 'true'\nthen: [pause_ai]\n---\nid: b\n",
			`rules (line 4): `, `more than one YAML document`, 4, 0},
		{"duplicate key", "id: a\nid: b\nexpr: 'true'\nthen: [pause_ai]\n",
			`rules (line 2): `, `key "id" appears twice`, 2, 0},
		{"not finite", "id: a\nwhen: {signal: sentiment, op: '<', value: .nan}" + then,
			`rules (line 2): `, `not finite`, 2, 0},
		{"empty document", "  \n", `rules: `, `no rules found`, 0, 0},
		{"scalar document", "hello", `rules: `, `want a list of rules`, 0, 0},
		{"field next to rules", "rules: []\nversion: 2\n", `rules: version: `, `unknown field next to "rules"`, 0, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			rs, err := rules.Parse([]byte(tt.src))
			if err == nil {
				t.Fatalf("Parse accepted it: %#v", rs)
			}
			if rs != nil {
				t.Errorf("Parse returned rules with an error: %v", rs)
			}
			msg := err.Error()
			if !strings.HasPrefix(msg, tt.prefix) {
				t.Errorf("error %q\nwant prefix %q", msg, tt.prefix)
			}
			if !strings.Contains(msg, tt.reason) {
				t.Errorf("error %q\nwant it to contain %q", msg, tt.reason)
			}
			if code := handoff.ErrorCode(err); code != handoff.EINVALID {
				t.Errorf("ErrorCode = %q, want %q", code, handoff.EINVALID)
			}
			if got := handoff.ErrorMessage(err); got != msg {
				t.Errorf("ErrorMessage = %q, want the error text %q", got, msg)
			}
			var ve *rules.ValidationError
			if !errors.As(err, &ve) {
				t.Fatalf("error %T is not a *ValidationError", err)
			}
			if ve.Line != tt.line || ve.Column != tt.column {
				t.Errorf("line, column = %d, %d; want %d, %d", ve.Line, ve.Column, tt.line, tt.column)
			}
		})
	}
}

func TestParse_OneBadRuleRejectsTheSet(t *testing.T) {
	t.Parallel()
	src := `
- id: good_one
  when: { signal: complexity, op: ">=", value: 0.7 }
  then: [pause_ai]
- id: bad_operator
  when: { signal: sentiment, op: "=>", value: -0.5 }
  then: [pause_ai]
- id: good_two
  expr: signals.request_human
  then: [notify]
- id: bad_expr
  expr: signals.nope > 1
  then: [pause_ai]
`
	rs, err := rules.Parse([]byte(src))
	if err == nil || rs != nil {
		t.Fatalf("Parse = %v, %v; want nothing and an error", rs, err)
	}
	var ves rules.ValidationErrors
	if !errors.As(err, &ves) {
		t.Fatalf("error %T is not ValidationErrors", err)
	}
	if len(ves) != 2 || ves[0].Rule != "bad_operator" || ves[0].Index != 2 || ves[1].Rule != "bad_expr" || ves[1].Index != 4 {
		t.Fatalf("problems = %v", ves)
	}
	if handoff.ErrorCode(err) != handoff.EINVALID {
		t.Fatalf("ErrorCode = %q", handoff.ErrorCode(err))
	}
	msg := handoff.ErrorMessage(err)
	for _, want := range []string{"2 problems", `rule "bad_operator": when.op: unknown operator "=>"`, `rule "bad_expr": expr (line 1, column 1): unknown signal "nope"`} {
		if !strings.Contains(msg, want) {
			t.Errorf("message %q does not contain %q", msg, want)
		}
	}
	var first *rules.ValidationError
	if !errors.As(err, &first) || first.Rule != "bad_operator" {
		t.Errorf("errors.As found %v, want the first problem", first)
	}
}

func TestValidate(t *testing.T) {
	t.Parallel()
	ok := func() *handoff.Rule {
		return &handoff.Rule{ID: "r", Enabled: true, Expr: "true", Then: []handoff.Action{{Type: "pause_ai"}}}
	}
	tests := []struct {
		name   string
		edit   func(r *handoff.Rule)
		field  string // "" means valid
		reason string
	}{
		{"valid", func(r *handoff.Rule) {}, "", ""},
		{"string list from Go", func(r *handoff.Rule) {
			r.When = &handoff.Condition{Signal: "keywords", Op: "any_of", Value: []string{"refund"}}
		}, "", ""},
		{"int value from Go", func(r *handoff.Rule) {
			r.When = &handoff.Condition{Signal: "message_count", Op: ">=", Value: 3}
		}, "", ""},
		{"negative cooldown", func(r *handoff.Rule) { r.Cooldown = handoff.Duration(-time.Minute) }, "cooldown", "must not be negative"},
		{"infinite threshold", func(r *handoff.Rule) {
			r.When = &handoff.Condition{Signal: "sentiment", Op: "<", Value: mathInf()}
		}, "when.value", "must be a finite number"},
		{"too deep", func(r *handoff.Rule) {
			c := handoff.Condition{Signal: "sentiment", Op: "<", Value: 0.0}
			for range rules.MaxDepth {
				c = handoff.Condition{All: []handoff.Condition{c}}
			}
			r.When = &c
		}, "when" + strings.Repeat(".all[0]", rules.MaxDepth), "nested deeper"},
		{"too many conditions", func(r *handoff.Rule) {
			var kids []handoff.Condition
			for range rules.MaxConditions {
				kids = append(kids, handoff.Condition{Signal: "sentiment", Op: "<", Value: 0.0})
			}
			r.When = &handoff.Condition{Any: kids}
		}, "when.any[63]", "more than 64 conditions"},
		{"empty action type", func(r *handoff.Rule) { r.Then = []handoff.Action{{}} }, "then[0]", "action type required"},
		{"tag with spaces", func(r *handoff.Rule) { r.Then = []handoff.Action{{Type: "tag", Value: " x "}} }, "then[0]", "bad tag"},
		{"blank expr and no when", func(r *handoff.Rule) { r.Expr = "   " }, "when", "needs a when condition"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			r := ok()
			tt.edit(r)
			err := rules.Validate(r)
			if tt.field == "" {
				if err != nil {
					t.Fatalf("Validate: %v", err)
				}
				return
			}
			var ve *rules.ValidationError
			if !errors.As(err, &ve) {
				t.Fatalf("Validate = %v, want a *ValidationError", err)
			}
			if ve.Rule != "r" || ve.Field != tt.field || !strings.Contains(ve.Reason, tt.reason) {
				t.Fatalf("got rule %q field %q reason %q; want field %q reason containing %q", ve.Rule, ve.Field, ve.Reason, tt.field, tt.reason)
			}
		})
	}
}

func TestCompile(t *testing.T) {
	t.Parallel()
	in := MustParse(t, `
- {id: zed, priority: 5, expr: 'true', then: [pause_ai]}
- {id: alpha, priority: 5, expr: 'true', then: [pause_ai]}
- {id: first, priority: -1, expr: 'true', then: [pause_ai]}
- {id: last, expr: 'true', priority: 100, then: [pause_ai]}
`)
	set, err := rules.Compile(in)
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, r := range set.Rules() {
		ids = append(ids, r.ID)
	}
	if want := []string{"first", "alpha", "zed", "last"}; !reflect.DeepEqual(ids, want) {
		t.Fatalf("order = %v, want %v", ids, want)
	}
	in[0].Expr = "false"
	set.Rules()[0].Expr = "false"
	if got := set.Rules()[2].Expr; got != "true" {
		t.Fatalf("the set shares rules with its callers: expr became %q", got)
	}
	if set.Len() != 4 {
		t.Fatalf("Len = %d", set.Len())
	}

	_, err = rules.Compile([]*handoff.Rule{in[1], in[1], {ID: "bad"}})
	var ves rules.ValidationErrors
	if !errors.As(err, &ves) || len(ves) != 2 {
		t.Fatalf("Compile = %v, want two problems", err)
	}
	if ves[0].Field != "when" || ves[0].Index != 3 || ves[1].Field != "id" || ves[1].Index != 2 {
		t.Fatalf("problems = %v", ves)
	}
}

func mathInf() float64 { return 1 / zero }

var zero = 0.0
