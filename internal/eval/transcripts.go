package eval

import (
	"bufio"
	"bytes"
	"cmp"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/handoffhq/handoff/internal/simulate"
)

// Outcomes of a labelled conversation.
const (
	OutcomeRight    = "right"    // handed off on the expected turn
	OutcomeNone     = "none"     // no handoff expected and none made
	OutcomeEarly    = "early"    // handed off before the expected turn
	OutcomeLate     = "late"     // handed off after the expected turn
	OutcomeMissed   = "missed"   // a handoff was expected and none was made
	OutcomeUnneeded = "unneeded" // handed off although no handoff was expected
)

// ConversationResult is how one labelled conversation went.
type ConversationResult struct {
	Conversation string `json:"conversation"`
	Category     string `json:"category"`
	Channel      string `json:"channel"`
	Turns        int    `json:"turns"`
	Expected     *int   `json:"expected_turn"` // nil when no handoff is expected
	Got          *int   `json:"handoff_turn"`  // the first handoff, nil when none
	Rule         string `json:"rule,omitempty"`
	Outcome      string `json:"outcome"`
	ExpectedText string `json:"expected_text,omitempty"`
	GotText      string `json:"handoff_text,omitempty"`
}

// Trap is a turn labelled "expect_handoff": false on which a rule fired or
// the AI was paused.
type Trap struct {
	Conversation string   `json:"conversation"`
	Turn         int      `json:"turn"`
	Text         string   `json:"text"`
	Fired        []string `json:"fired"`
}

// TranscriptStats counts outcomes over a set of conversations.
type TranscriptStats struct {
	Conversations int `json:"conversations"`
	WantHandoff   int `json:"want_handoff"` // conversations with an expected handoff
	Right         int `json:"right"`        // on the expected turn, or no handoff when none was expected
	Early         int `json:"early"`
	Late          int `json:"late"`
	LateTurns     int `json:"late_turns"` // turns late, summed over the late conversations
	Missed        int `json:"missed"`
	Unneeded      int `json:"unneeded"`
	// RightRate is Right over all conversations.
	RightRate float64 `json:"right_rate"`
	// FalseRate is the share of all conversations handed off when no person
	// was needed yet: Early plus Unneeded over all conversations.
	FalseRate float64 `json:"false_rate"`
}

// add counts one conversation.
func (s *TranscriptStats) add(r ConversationResult) {
	s.Conversations++
	if r.Expected != nil {
		s.WantHandoff++
	}
	switch r.Outcome {
	case OutcomeRight, OutcomeNone:
		s.Right++
	case OutcomeEarly:
		s.Early++
	case OutcomeLate:
		s.Late++
		s.LateTurns += *r.Got - *r.Expected
	case OutcomeMissed:
		s.Missed++
	case OutcomeUnneeded:
		s.Unneeded++
	}
	s.RightRate = ratio(s.Right, s.Conversations)
	s.FalseRate = ratio(s.Early+s.Unneeded, s.Conversations)
}

// RuleStats counts the first handoffs made by one rule (or by a person's
// reply: "agent_reply", "external_human").
type RuleStats struct {
	Rule     string `json:"rule"`
	Handoffs int    `json:"handoffs"`
	Right    int    `json:"right"`
	Early    int    `json:"early"`
	Late     int    `json:"late"`
	Unneeded int    `json:"unneeded"`
}

// CategoryStats counts the outcomes of one category of conversations.
type CategoryStats struct {
	Category string `json:"category"`
	TranscriptStats
}

// TranscriptReport is how a rule set handed labelled conversations over.
type TranscriptReport struct {
	Name string `json:"name"`
	TranscriptStats
	Traps      int                  `json:"traps"`
	TrapsFired int                  `json:"traps_fired"`
	Rules      []RuleStats          `json:"rules"`      // by first-handoff rule, most handoffs first
	Categories []CategoryStats      `json:"categories"` // in order of first appearance
	Results    []ConversationResult `json:"results"`    // in order of first appearance
	FiredTraps []Trap               `json:"fired_traps"`
}

// Errors returns the conversations whose outcome is neither right nor none.
func (r TranscriptReport) Errors() []ConversationResult {
	var out []ConversationResult
	for _, c := range r.Results {
		if c.Outcome != OutcomeRight && c.Outcome != OutcomeNone {
			out = append(out, c)
		}
	}
	return out
}

// Category is the category of a conversation id "<category>-<nn>": the id
// without its trailing number. A set of conversations may mark its ids with
// one letter before the number ("request-b03" in blind.jsonl); that letter is
// not part of the category either.
func Category(id string) string {
	trimmed := strings.TrimRight(id, "0123456789")
	if trimmed == id || trimmed == "" {
		return id
	}
	if n := len(trimmed); n >= 3 && isLetter(trimmed[n-1]) && isSeparator(trimmed[n-2]) && !isSeparator(trimmed[n-3]) {
		trimmed = trimmed[:n-1]
	}
	return strings.TrimRight(trimmed, "-_ ")
}

func isLetter(c byte) bool { return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' }

func isSeparator(c byte) bool { return c == '-' || c == '_' || c == ' ' }

// labelled is one conversation of a transcript file.
type labelled struct {
	id, channel string
	lines       []simulate.Line
	expected    *int
}

// ReadTranscripts reads labelled conversations: JSON lines as `handoff
// simulate` takes (blank lines and lines starting with # are skipped), with
// "expect_handoff": true on at most one turn per conversation.
func ReadTranscripts(r io.Reader) ([]simulate.Line, error) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64*1024), simulate.MaxLineBytes)
	var lines []simulate.Line
	expected := map[string]int{}
	for n := 1; sc.Scan(); n++ {
		b := bytes.TrimSpace(sc.Bytes())
		if len(b) == 0 || b[0] == '#' {
			continue
		}
		l, err := simulate.ParseLine(b)
		if err != nil {
			return nil, fmt.Errorf("line %d: %v", n, err)
		}
		if l.ExpectHandoff != nil && *l.ExpectHandoff {
			if first, ok := expected[l.Conversation]; ok {
				return nil, fmt.Errorf("line %d: conversation %q already expects its first handoff on line %d", n, l.Conversation, first)
			}
			expected[l.Conversation] = n
		}
		lines = append(lines, l)
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	return lines, nil
}

// Transcripts replays the labelled lines through sim, a fresh simulator,
// and compares each conversation's first handoff with the expected one.
func Transcripts(name string, lines []simulate.Line, sim *simulate.Simulator) TranscriptReport {
	rep := TranscriptReport{Name: name, Rules: []RuleStats{}, Categories: []CategoryStats{},
		Results: []ConversationResult{}, FiredTraps: []Trap{}}
	convs := map[string]*labelled{}
	var order []*labelled
	type trapOut struct {
		conv *labelled
		turn int
		out  simulate.Output
	}
	var traps []trapOut
	for _, l := range lines {
		c := convs[l.Conversation]
		if c == nil {
			c = &labelled{id: l.Conversation, channel: l.Channel}
			convs[l.Conversation] = c
			order = append(order, c)
		}
		turn := len(c.lines)
		c.lines = append(c.lines, l)
		out := sim.Step(l)
		if l.ExpectHandoff != nil {
			if *l.ExpectHandoff {
				if c.expected == nil {
					c.expected = &turn
				}
			} else {
				traps = append(traps, trapOut{c, turn, out})
			}
		}
	}
	summaries := map[string]simulate.Summary{}
	for _, s := range sim.Summaries() {
		summaries[s.Conversation] = s
	}

	rules := map[string]*RuleStats{}
	cats := map[string]int{}
	for _, c := range order {
		s := summaries[c.id]
		res := ConversationResult{Conversation: c.id, Category: Category(c.id), Channel: c.channel, Turns: len(c.lines),
			Expected: c.expected, Got: s.FirstHandoffTurn, Rule: s.Rule}
		if c.expected != nil {
			res.ExpectedText = c.lines[*c.expected].Text
		}
		if g := s.FirstHandoffTurn; g != nil && *g < len(c.lines) {
			res.GotText = c.lines[*g].Text
		}
		res.Outcome = outcome(c.expected, s.FirstHandoffTurn)
		rep.Results = append(rep.Results, res)
		rep.TranscriptStats.add(res)

		i, ok := cats[res.Category]
		if !ok {
			i = len(rep.Categories)
			cats[res.Category] = i
			rep.Categories = append(rep.Categories, CategoryStats{Category: res.Category})
		}
		rep.Categories[i].add(res)

		if res.Got != nil {
			rs := rules[res.Rule]
			if rs == nil {
				rs = &RuleStats{Rule: res.Rule}
				rules[res.Rule] = rs
			}
			rs.Handoffs++
			switch res.Outcome {
			case OutcomeRight:
				rs.Right++
			case OutcomeEarly:
				rs.Early++
			case OutcomeLate:
				rs.Late++
			case OutcomeUnneeded:
				rs.Unneeded++
			}
		}
	}
	for _, rs := range rules {
		rep.Rules = append(rep.Rules, *rs)
	}
	slices.SortFunc(rep.Rules, func(a, b RuleStats) int {
		return cmp.Or(cmp.Compare(b.Handoffs, a.Handoffs), cmp.Compare(a.Rule, b.Rule))
	})

	for _, t := range traps {
		rep.Traps++
		var fired []string
		for _, f := range t.out.Fired {
			fired = append(fired, f.Rule)
		}
		got := summaries[t.conv.id].FirstHandoffTurn
		if len(fired) == 0 && (got == nil || *got != t.turn) {
			continue
		}
		if fired == nil {
			fired = []string{summaries[t.conv.id].Rule}
		}
		rep.TrapsFired++
		rep.FiredTraps = append(rep.FiredTraps, Trap{Conversation: t.conv.id, Turn: t.turn, Text: t.conv.lines[t.turn].Text, Fired: fired})
	}
	return rep
}

// outcome compares the expected and the actual first handoff turn.
func outcome(want, got *int) string {
	switch {
	case want == nil && got == nil:
		return OutcomeNone
	case want == nil:
		return OutcomeUnneeded
	case got == nil:
		return OutcomeMissed
	case *got == *want:
		return OutcomeRight
	case *got < *want:
		return OutcomeEarly
	}
	return OutcomeLate
}
