// Package simulate replays transcripts through the same engine core the server uses
// (engine.Turn), one JSON line in, one JSON line out, for rule backtesting (DESIGN §6).
package simulate

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/handoffhq/handoff"
	"github.com/handoffhq/handoff/internal/analyze"
	"github.com/handoffhq/handoff/internal/engine"
	"github.com/handoffhq/handoff/internal/rules"
)

// MaxLineBytes is the longest input line accepted.
const MaxLineBytes = 1 << 20

// Line is one input turn.
type Line struct {
	Conversation string       `json:"conversation"`
	Channel      string       `json:"channel"`
	Role         handoff.Role `json:"role"`
	Text         string       `json:"text"`
	At           *time.Time   `json:"at,omitempty"`
	Confidence   *float64     `json:"confidence,omitempty"`
	Source       string       `json:"source,omitempty"` // "external" for a human reply seen outside handoff
	// ExpectHandoff labels the turn where a person should take over (for `handoff eval transcripts`); ignored here.
	ExpectHandoff *bool `json:"expect_handoff,omitempty"`
}

// Fired is a rule that fired on a turn.
type Fired struct {
	Rule    string   `json:"rule"`
	Actions []string `json:"actions"`
}

// Output is one output line.
type Output struct {
	Conversation    string           `json:"conversation"`
	Index           int              `json:"index"`
	Role            handoff.Role     `json:"role"`
	Signals         *handoff.Signals `json:"signals"`
	EscalationScore float64          `json:"escalation_score"`
	Fired           []Fired          `json:"fired"`
	Explanation     string           `json:"explanation,omitempty"`
	State           handoff.State    `json:"state"`
	AIMayReply      bool             `json:"ai_may_reply"`
}

// Summary is the last line per conversation with --summary.
type Summary struct {
	Conversation     string        `json:"conversation"`
	Summary          bool          `json:"summary"`
	Turns            int           `json:"turns"`
	FirstHandoffTurn *int          `json:"first_handoff_turn"` // index of the turn that paused the AI, null if none
	Rule             string        `json:"rule,omitempty"`
	FinalState       handoff.State `json:"final_state"`
}

// ParseLine decodes and validates one input line.
func ParseLine(b []byte) (Line, error) {
	var l Line
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&l); err != nil {
		return l, fmt.Errorf("invalid JSON: %s", strings.TrimPrefix(err.Error(), "json: "))
	}
	if dec.More() {
		return l, fmt.Errorf("invalid JSON: more than one object on the line")
	}
	switch {
	case l.Conversation == "":
		return l, fmt.Errorf("conversation is required")
	case l.Channel == "":
		return l, fmt.Errorf("channel is required")
	case !handoff.ValidChannel(l.Channel):
		return l, fmt.Errorf("unknown channel %q (want one of %s)", l.Channel, strings.Join(handoff.Channels, ", "))
	case l.Role != handoff.RoleCustomer && l.Role != handoff.RoleAI && l.Role != handoff.RoleAgent:
		return l, fmt.Errorf("role must be customer, ai or agent, got %q", l.Role)
	case strings.TrimSpace(l.Text) == "":
		return l, fmt.Errorf("text is required")
	case l.Confidence != nil && l.Role != handoff.RoleAI:
		return l, fmt.Errorf("confidence is only for ai turns")
	case l.Confidence != nil && (*l.Confidence < 0 || *l.Confidence > 1):
		return l, fmt.Errorf("confidence must be between 0 and 1")
	case l.Source != "" && l.Source != handoff.SourceExternal:
		return l, fmt.Errorf("source must be empty or \"external\"")
	}
	return l, nil
}

// Simulator holds per-conversation state across lines.
type Simulator struct {
	Rules    *rules.Set
	Channels map[string]handoff.ChannelConfig
	Analyzer *analyze.Analyzer

	convs map[string]*conv
	order []string
	start time.Time
}

type conv struct {
	c            *handoff.Conversation
	history      []*handoff.Message
	last         time.Time
	firstHandoff *int
	rule         string
}

// New returns a Simulator; nil rules mean the shipped defaults, nil channels the shipped safety net.
func New(set *rules.Set, channels []handoff.ChannelConfig, a *analyze.Analyzer) (*Simulator, error) {
	if set == nil {
		var err error
		if set, err = rules.Compile(rules.Defaults()); err != nil {
			return nil, err
		}
	}
	if a == nil {
		a = analyze.New(analyze.Config{})
	}
	chs := map[string]handoff.ChannelConfig{}
	for _, c := range handoff.DefaultChannelConfigs() {
		chs[c.Channel] = c
	}
	for _, c := range channels {
		chs[c.Channel] = c
	}
	return &Simulator{Rules: set, Channels: chs, Analyzer: a, convs: map[string]*conv{},
		start: time.Date(2026, 1, 1, 9, 0, 0, 0, time.UTC)}, nil
}

// Step applies one line and returns its output.
func (s *Simulator) Step(l Line) Output {
	cv := s.convs[l.Conversation]
	if cv == nil {
		cv = &conv{c: &handoff.Conversation{ID: int64(len(s.convs) + 1), ExternalID: l.Conversation, Channel: l.Channel,
			State: handoff.StateAIActive, Priority: handoff.PriorityNormal, Tags: []string{}, CreatedAt: s.start}, last: s.start}
		s.convs[l.Conversation] = cv
		s.order = append(s.order, l.Conversation)
	}
	now := cv.last.Add(30 * time.Second)
	if l.At != nil {
		now = l.At.UTC()
		if len(cv.history) == 0 {
			cv.c.CreatedAt = now
		}
	}
	cv.last = now
	ch := s.Channels[cv.c.Channel]
	if n := engine.ResumeDue(cv.c, ch, now); n != nil {
		cv.history = append(cv.history, n)
	}
	msg := &handoff.Message{ID: int64(len(cv.history) + 1), ConversationID: cv.c.ID, Role: l.Role, Text: l.Text,
		Confidence: l.Confidence, Source: l.Source, CreatedAt: now}
	index := 0
	for _, m := range cv.history {
		if m.Role != handoff.RoleSystem {
			index++
		}
	}
	turn := engine.Turn(engine.TurnInput{Conversation: cv.c, History: cv.history, Message: msg, Channel: ch, Rules: s.Rules, Analyzer: s.Analyzer, Now: now})
	cv.history = append(cv.history, msg)
	cv.history = append(cv.history, turn.Notices...)
	out := Output{Conversation: l.Conversation, Index: index, Role: l.Role, Signals: turn.Signals, Fired: []Fired{},
		State: cv.c.State, AIMayReply: turn.AIMayReply}
	if turn.Signals != nil {
		out.EscalationScore = turn.Signals.EscalationScore
	}
	if ev := turn.Evaluation; ev != nil {
		out.Explanation = ev.Explanation
		for _, f := range ev.Fired {
			out.Fired = append(out.Fired, Fired{Rule: f.Rule, Actions: f.Actions})
		}
	}
	if turn.Paused && cv.firstHandoff == nil {
		i := index
		cv.firstHandoff, cv.rule = &i, cv.c.HandoffReason
	}
	return out
}

// Summaries returns one summary per conversation, in first-seen order.
func (s *Simulator) Summaries() []Summary {
	out := make([]Summary, 0, len(s.order))
	for _, id := range s.order {
		cv := s.convs[id]
		out = append(out, Summary{Conversation: id, Summary: true, Turns: cv.c.TurnCount, FirstHandoffTurn: cv.firstHandoff,
			Rule: cv.rule, FinalState: cv.c.State})
	}
	return out
}

// Run reads JSONL from r and writes one output line per good input line to w; each bad line is
// reported on errw with its line number. It returns the number of bad lines.
func (s *Simulator) Run(r io.Reader, w, errw io.Writer, summary bool) (int, error) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64*1024), MaxLineBytes)
	enc := json.NewEncoder(w)
	bad, n := 0, 0
	for {
		ok := sc.Scan()
		if !ok {
			if err := sc.Err(); err != nil {
				n++
				bad++
				fmt.Fprintf(errw, "line %d: %v (the rest of the input was not read)\n", n, err)
			}
			break
		}
		n++
		b := bytes.TrimSpace(sc.Bytes())
		if len(b) == 0 || b[0] == '#' {
			continue
		}
		l, err := ParseLine(b)
		if err != nil {
			bad++
			fmt.Fprintf(errw, "line %d: %v\n", n, err)
			continue
		}
		if err := enc.Encode(s.Step(l)); err != nil {
			return bad, fmt.Errorf("write output: %w", err)
		}
	}
	if summary {
		for _, sm := range s.Summaries() {
			if err := enc.Encode(sm); err != nil {
				return bad, fmt.Errorf("write output: %w", err)
			}
		}
	}
	return bad, nil
}
