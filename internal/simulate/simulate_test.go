package simulate_test

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/handoffhq/handoff/internal/simulate"
)

func TestParseLine(t *testing.T) {
	t.Parallel()
	tests := []struct {
		line string
		want string // error substring; "" means valid
	}{
		{`{"conversation":"c1","channel":"web","role":"customer","text":"hi"}`, ""},
		{`{"conversation":"c1","channel":"web","role":"ai","text":"hello","confidence":0.4,"at":"2026-01-01T10:00:00Z"}`, ""},
		{`{"conversation":"c1","channel":"messenger","role":"agent","text":"Tom here","source":"external"}`, ""},
		{`{"conversation":"c1","channel":"web","role":"customer","text":"hi"`, "invalid JSON"},
		{`{"channel":"web","role":"customer","text":"hi"}`, "conversation is required"},
		{`{"conversation":"c1","role":"customer","text":"hi"}`, "channel is required"},
		{`{"conversation":"c1","channel":"sms","role":"customer","text":"hi"}`, "unknown channel"},
		{`{"conversation":"c1","channel":"web","role":"bot","text":"hi"}`, "role must be"},
		{`{"conversation":"c1","channel":"web","role":"customer","text":" "}`, "text is required"},
		{`{"conversation":"c1","channel":"web","role":"customer","text":"hi","confidence":0.5}`, "only for ai"},
		{`{"conversation":"c1","channel":"web","role":"ai","text":"hi","confidence":2}`, "between 0 and 1"},
		{`{"conversation":"c1","channel":"web","role":"customer","text":"hi","mood":"bad"}`, "unknown field"},
		{`{"conversation":"c1","channel":"web","role":"customer","text":"hi","at":"yesterday"}`, "invalid JSON"},
		{`{"conversation":"c1","channel":"web","role":"customer","text":"hi"} {"x":1}`, "more than one"},
	}
	for _, tt := range tests {
		_, err := simulate.ParseLine([]byte(tt.line))
		if tt.want == "" && err != nil {
			t.Errorf("%s: unexpected error %v", tt.line, err)
		}
		if tt.want != "" && (err == nil || !strings.Contains(err.Error(), tt.want)) {
			t.Errorf("%s: err = %v, want %q", tt.line, err, tt.want)
		}
	}
}

func run(t *testing.T, input string, summary bool) ([]map[string]any, string, int) {
	t.Helper()
	sim, err := simulate.New(nil, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	var out, errw bytes.Buffer
	bad, err := sim.Run(strings.NewReader(input), &out, &errw, summary)
	if err != nil {
		t.Fatal(err)
	}
	var lines []map[string]any
	for _, l := range strings.Split(strings.TrimSpace(out.String()), "\n") {
		if l == "" {
			continue
		}
		var m map[string]any
		if err := json.Unmarshal([]byte(l), &m); err != nil {
			t.Fatal(err)
		}
		lines = append(lines, m)
	}
	return lines, errw.String(), bad
}

func TestSafetyNetAcrossTime(t *testing.T) {
	t.Parallel()
	input := `{"conversation":"ig","channel":"instagram","role":"customer","text":"hi, do you have this in blue?","at":"2026-03-01T10:00:00Z"}
{"conversation":"ig","channel":"instagram","role":"agent","text":"Hey! Yes we do","source":"external","at":"2026-03-01T10:01:00Z"}
{"conversation":"ig","channel":"instagram","role":"customer","text":"great, and in size M?","at":"2026-03-01T10:30:00Z"}
{"conversation":"ig","channel":"instagram","role":"customer","text":"hello?","at":"2026-03-01T11:05:00Z"}
`
	lines, stderr, bad := run(t, input, false)
	if bad != 0 {
		t.Fatalf("bad lines: %s", stderr)
	}
	want := []struct {
		state string
		may   bool
	}{{"ai_active", true}, {"paused", false}, {"paused", false}, {"ai_active", true}}
	for i, w := range want {
		if lines[i]["state"] != w.state || lines[i]["ai_may_reply"] != w.may {
			t.Errorf("turn %d: state %v may %v, want %s %v", i, lines[i]["state"], lines[i]["ai_may_reply"], w.state, w.may)
		}
	}
}

func TestBadLinesReportedGoodLinesProcessed(t *testing.T) {
	t.Parallel()
	input := "{\"conversation\":\"a\",\"channel\":\"web\",\"role\":\"customer\",\"text\":\"hi\"}\nnot json\n\n# a comment\n{\"conversation\":\"a\",\"channel\":\"web\",\"role\":\"customer\",\"text\":\"I want to talk to a human\"}\n"
	lines, stderr, bad := run(t, input, true)
	if bad != 1 || !strings.Contains(stderr, "line 2:") {
		t.Fatalf("bad = %d, stderr %q", bad, stderr)
	}
	if len(lines) != 3 {
		t.Fatalf("lines = %d, want 2 turns + 1 summary", len(lines))
	}
	if lines[1]["index"] != float64(1) || lines[1]["state"] != "paused" {
		t.Fatalf("second turn = %v", lines[1])
	}
	sum := lines[2]
	if sum["summary"] != true || sum["first_handoff_turn"] != float64(1) || sum["rule"] != "request_human" || sum["final_state"] != "paused" {
		t.Fatalf("summary = %v", sum)
	}
}

func TestParseChannels(t *testing.T) {
	t.Parallel()
	chs, err := simulate.ParseChannels([]byte("channels:\n  - channel: web\n    cooldown: 5m\n  - channel: messenger\n    auto_pause: false\n"))
	if err != nil {
		t.Fatal(err)
	}
	if chs[0].Cooldown.String() != "5m" || !chs[0].AutoPause || chs[0].HandoffMessage == "" || chs[1].AutoPause {
		t.Fatalf("parsed = %+v", chs)
	}
	for _, bad := range []string{"- channel: fax\n", "- channel: web\n  cooldown: soon\n", "- channel: web\n  colour: red\n", "just text"} {
		if _, err := simulate.ParseChannels([]byte(bad)); err == nil {
			t.Errorf("%q: accepted", bad)
		}
	}
}

func FuzzParseLine(f *testing.F) {
	for _, s := range []string{
		`{"conversation":"c1","channel":"web","role":"customer","text":"hi"}`,
		`{"conversation":"c1","channel":"web","role":"ai","text":"I'm not sure","confidence":0.2}`,
		`{"conversation":"c1","channel":"messenger","role":"agent","text":"x","source":"external","at":"2026-01-01T00:00:00Z"}`,
		`{}`, `[]`, `null`, `{"text":1}`,
	} {
		f.Add([]byte(s))
	}
	sim, err := simulate.New(nil, nil, nil)
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		l, err := simulate.ParseLine(b)
		if err != nil {
			return
		}
		out := sim.Step(l)
		if out.Conversation != l.Conversation || out.State == "" {
			t.Fatalf("bad output %+v", out)
		}
	})
}
