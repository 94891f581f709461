package eval_test

import (
	"reflect"
	"strings"
	"testing"

	"github.com/handoffhq/handoff/internal/eval"
	"github.com/handoffhq/handoff/internal/simulate"
)

// transcriptFixture has one conversation per outcome. "I want to talk to a
// human" hands over at once; the other customer messages never do.
const transcriptFixture = `# one conversation per outcome
{"conversation":"right-1","channel":"web","role":"customer","text":"what are your opening hours?"}
{"conversation":"right-1","channel":"web","role":"ai","text":"9 to 5.","confidence":0.9}
{"conversation":"right-1","channel":"web","role":"customer","text":"I want to talk to a human","expect_handoff":true}
{"conversation":"none-1","channel":"shopify","role":"customer","text":"no need for a human, thanks","expect_handoff":false}
{"conversation":"none-1","channel":"shopify","role":"ai","text":"Have a nice day!","confidence":0.9}

{"conversation":"early-1","channel":"instagram","role":"customer","text":"I want to talk to a human"}
{"conversation":"early-1","channel":"instagram","role":"ai","text":"Sure.","confidence":0.9}
{"conversation":"early-1","channel":"instagram","role":"customer","text":"my order is late","expect_handoff":true}
{"conversation":"late-1","channel":"messenger","role":"customer","text":"my order is late","expect_handoff":true}
{"conversation":"late-1","channel":"messenger","role":"ai","text":"Sorry!","confidence":0.9}
{"conversation":"late-1","channel":"messenger","role":"ai","text":"Anything else?","confidence":0.9}
{"conversation":"late-1","channel":"messenger","role":"customer","text":"I want to talk to a human"}
{"conversation":"missed-1","channel":"web","role":"customer","text":"what are your opening hours?","expect_handoff":true}
{"conversation":"unneeded-1","channel":"web","role":"customer","text":"hello"}
{"conversation":"unneeded-1","channel":"web","role":"customer","text":"I want to talk to a human"}
{"conversation":"trap-1","channel":"web","role":"customer","text":"I want to talk to a human","expect_handoff":false}
{"conversation":"external-2","channel":"messenger","role":"customer","text":"do you have it in blue?"}
{"conversation":"external-2","channel":"messenger","role":"agent","source":"external","text":"Hi, Ana here: yes!","expect_handoff":true}
`

func TestTranscripts(t *testing.T) {
	t.Parallel()
	lines, err := eval.ReadTranscripts(strings.NewReader(transcriptFixture))
	if err != nil {
		t.Fatal(err)
	}
	sim, err := simulate.New(nil, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	rep := eval.Transcripts("fixture", lines, sim)

	wantOutcomes := map[string]string{
		"right-1": eval.OutcomeRight, "none-1": eval.OutcomeNone, "early-1": eval.OutcomeEarly,
		"late-1": eval.OutcomeLate, "missed-1": eval.OutcomeMissed, "unneeded-1": eval.OutcomeUnneeded,
		"trap-1": eval.OutcomeUnneeded, "external-2": eval.OutcomeRight,
	}
	got := map[string]string{}
	for _, r := range rep.Results {
		got[r.Conversation] = r.Outcome
	}
	if !reflect.DeepEqual(got, wantOutcomes) {
		t.Errorf("outcomes %v, want %v", got, wantOutcomes)
	}

	want := eval.TranscriptStats{Conversations: 8, WantHandoff: 5, Right: 3, Early: 1, Late: 1, LateTurns: 3, Missed: 1,
		Unneeded: 2, RightRate: 3.0 / 8, FalseRate: 3.0 / 8}
	if rep.TranscriptStats != want {
		t.Errorf("stats %+v\nwant  %+v", rep.TranscriptStats, want)
	}
	if rep.Traps != 2 || rep.TrapsFired != 1 || len(rep.FiredTraps) != 1 ||
		!reflect.DeepEqual(rep.FiredTraps[0], eval.Trap{Conversation: "trap-1", Turn: 0, Text: "I want to talk to a human", Fired: []string{"request_human"}}) {
		t.Errorf("traps %d fired %d: %+v", rep.Traps, rep.TrapsFired, rep.FiredTraps)
	}

	wantRules := []eval.RuleStats{
		{Rule: "request_human", Handoffs: 5, Right: 1, Early: 1, Late: 1, Unneeded: 2},
		{Rule: "external_human", Handoffs: 1, Right: 1},
	}
	if !reflect.DeepEqual(rep.Rules, wantRules) {
		t.Errorf("rules %+v\nwant  %+v", rep.Rules, wantRules)
	}

	var cats []string
	for _, c := range rep.Categories {
		cats = append(cats, c.Category)
	}
	if strings.Join(cats, " ") != "right none early late missed unneeded trap external" {
		t.Errorf("categories %v", cats)
	}

	var errs []string
	for _, c := range rep.Errors() {
		errs = append(errs, c.Conversation)
	}
	if strings.Join(errs, " ") != "early-1 late-1 missed-1 unneeded-1 trap-1" {
		t.Errorf("errors %v", errs)
	}
	late := rep.Results[3]
	if late.Conversation != "late-1" || *late.Expected != 0 || *late.Got != 3 || late.ExpectedText != "my order is late" ||
		late.GotText != "I want to talk to a human" || late.Rule != "request_human" {
		t.Errorf("late result %+v", late)
	}
}

func TestReadTranscriptsErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, in, wantErr string
	}{
		{"bad JSON", "{\"conversation\":\"a\",\"channel\":\"web\",\"role\":\"customer\",\"text\":\"hi\"}\n{\n", "line 2: invalid JSON"},
		{"unknown field", `{"conversation":"a","channel":"web","role":"customer","text":"hi","expect":true}`, "line 1: invalid JSON"},
		{"bad channel", `{"conversation":"a","channel":"fax","role":"customer","text":"hi"}`, "line 1: unknown channel"},
		{"two expected turns", `{"conversation":"a","channel":"web","role":"customer","text":"hi","expect_handoff":true}

{"conversation":"a","channel":"web","role":"customer","text":"hi","expect_handoff":true}`, "line 3: conversation \"a\" already expects its first handoff on line 1"},
	}
	for _, tt := range tests {
		_, err := eval.ReadTranscripts(strings.NewReader(tt.in))
		if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
			t.Errorf("%s: err = %v, want %q", tt.name, err, tt.wantErr)
		}
	}
}

func TestCategory(t *testing.T) {
	t.Parallel()
	tests := []struct{ id, want string }{
		{"request-01", "request"},
		{"request-intl-12", "request-intl"},
		{"ai_unsure_3", "ai_unsure"},
		{"request-b03", "request"},
		{"request-c03", "request"},
		{"request-intl-b07", "request-intl"},
		{"ai_unsure_b3", "ai_unsure"},
		{"polite-long-B12", "polite-long"},
		{"c1", "c"},
		{"x-1", "x"},
		{"b-c1", "b"},
		{"request-bb03", "request-bb"},
		{"conversation", "conversation"},
		{"42", "42"},
	}
	for _, tt := range tests {
		if got := eval.Category(tt.id); got != tt.want {
			t.Errorf("Category(%q) = %q, want %q", tt.id, got, tt.want)
		}
	}
}

func TestTriggerRate(t *testing.T) {
	t.Parallel()
	sim, err := simulate.New(nil, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	texts := []string{
		"I want to talk to a human",
		"what are your opening hours?",
		"I've filed a chargeback with my bank, my lawyer will call you, someone hacked my account",
		"representative please",
	}
	rep := eval.TriggerRate("toy", texts, "web", sim)
	if rep.N != 4 || rep.Triggered != 3 || rep.Rate != 0.75 || rep.Channel != "web" {
		t.Errorf("report %+v, want 3 of 4 on web", rep)
	}
	want := []eval.RuleCount{{Rule: "request_human", Count: 2}, {Rule: "complex_issue", Count: 1}}
	if !reflect.DeepEqual(rep.Rules, want) {
		t.Errorf("rules %+v, want %+v", rep.Rules, want)
	}
	if len(rep.Texts) != 3 || rep.Texts[1] != texts[2] {
		t.Errorf("triggered texts %q", rep.Texts)
	}
}
