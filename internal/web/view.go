package web

import (
	"fmt"
	"html/template"
	"math"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/handoffhq/handoff"
	"github.com/handoffhq/handoff/internal/engine"
)

// Chip is one signal shown beside a customer turn.
type Chip struct {
	Label string `json:"label"` // REQUEST_HUMAN, NEGATIVE_TONE, sentiment …
	Value string `json:"value"` // formatted number, "" for flags
	Level string `json:"level"` // hot, warn, good or ""
}

// Chip thresholds: a signal at or past warn is shown, past hot it is highlighted.
const (
	toneWarn, toneHot               = 0.3, 0.6
	uncertaintyWarn, uncertaintyHot = 0.5, 0.7
	complexityWarn, complexityHot   = 0.5, 0.7
	repetitionWarn, repetitionHot   = 0.6, 0.8
	sentimentHot, sentimentGood     = -0.6, 0.3
	escalationWarn, escalationHot   = 0.4, 0.6
	sentimentWarn                   = -0.2
	requestHumanHot                 = 0.5
)

// Chips returns the signal chips of one customer turn, most important first.
func Chips(s *handoff.Signals) []Chip {
	if s == nil {
		return nil
	}
	out := []Chip{}
	level := func(v, warn, hot float64) string {
		switch {
		case v >= hot:
			return "hot"
		case v >= warn:
			return "warn"
		}
		return ""
	}
	if s.RequestHuman {
		lv := "warn"
		if s.RequestHumanConfidence >= requestHumanHot {
			lv = "hot"
		}
		out = append(out, Chip{Label: "REQUEST_HUMAN", Value: Num(s.RequestHumanConfidence), Level: lv})
	}
	if s.NegativeTone >= toneWarn {
		out = append(out, Chip{Label: "NEGATIVE_TONE", Value: Num(s.NegativeTone), Level: level(s.NegativeTone, toneWarn, toneHot)})
	}
	if s.Uncertainty >= uncertaintyWarn {
		out = append(out, Chip{Label: "UNCERTAINTY", Value: Num(s.Uncertainty), Level: level(s.Uncertainty, uncertaintyWarn, uncertaintyHot)})
	}
	if s.Complexity >= complexityWarn {
		out = append(out, Chip{Label: "COMPLEXITY", Value: Num(s.Complexity), Level: level(s.Complexity, complexityWarn, complexityHot)})
	}
	if s.Repetition >= repetitionWarn {
		out = append(out, Chip{Label: "REPETITION", Value: Num(s.Repetition), Level: level(s.Repetition, repetitionWarn, repetitionHot)})
	}
	for _, k := range s.Keywords {
		out = append(out, Chip{Label: "KEYWORD", Value: k, Level: "warn"})
	}
	sl := ""
	switch {
	case s.Sentiment <= sentimentHot:
		sl = "hot"
	case s.Sentiment <= sentimentWarn:
		sl = "warn"
	case s.Sentiment >= sentimentGood:
		sl = "good"
	}
	out = append(out, Chip{Label: "sentiment", Value: Num(s.Sentiment), Level: sl})
	out = append(out, Chip{Label: "escalation", Value: Num(s.EscalationScore), Level: level(s.EscalationScore, escalationWarn, escalationHot)})
	return out
}

// MessageView is one transcript line as the console shows it; the live view gets the same.
type MessageView struct {
	ID       int64     `json:"id"`
	Role     string    `json:"role"`
	Who      string    `json:"who"`   // Customer name, "AI Assistant", the agent's display name, "System"
	Human    bool      `json:"human"` // an agent's message: shown with the HUMAN badge
	Text     string    `json:"text"`
	Source   string    `json:"source,omitempty"`
	At       time.Time `json:"at"`
	Clock    string    `json:"clock"`
	Chips    []Chip    `json:"chips,omitempty"`
	Score    string    `json:"score,omitempty"`      // escalation score of a customer turn
	Confid   string    `json:"confidence,omitempty"` // AI confidence
	External bool      `json:"external,omitempty"`   // a person replied outside handoff
}

// ViewMessage builds the console view of m; customer is the customer's display name.
func ViewMessage(m *handoff.Message, customer string) MessageView {
	v := MessageView{ID: m.ID, Role: string(m.Role), Text: m.Text, Source: m.Source, At: m.CreatedAt, Clock: m.CreatedAt.UTC().Format("15:04")}
	switch m.Role {
	case handoff.RoleCustomer:
		v.Who = customer
		v.Chips = Chips(m.Signals)
	case handoff.RoleAI:
		v.Who = cmpOr(m.Author, engine.AIAuthor)
		if m.Confidence != nil {
			v.Confid = Num(*m.Confidence)
		}
	case handoff.RoleAgent:
		v.Who, v.Human = cmpOr(m.Author, "Agent"), true
		v.External = m.Source == handoff.SourceExternal
	default:
		v.Who = "System"
	}
	return v
}

// ViewTranscript builds the console view of a transcript. A customer turn shows the AI's
// uncertainty only when it answers an AI reply: after a person took over it means nothing.
func ViewTranscript(msgs []*handoff.Message, customer string) []MessageView {
	out := make([]MessageView, 0, len(msgs))
	prev := handoff.Role("")
	for _, m := range msgs {
		v := ViewMessage(m, customer)
		if m.Role == handoff.RoleCustomer && prev != handoff.RoleAI {
			v.Chips = withoutChip(v.Chips, "UNCERTAINTY")
		}
		if m.Role != handoff.RoleSystem {
			prev = m.Role
		}
		out = append(out, v)
	}
	return out
}

func withoutChip(cs []Chip, label string) []Chip {
	out := cs[:0:0]
	for _, c := range cs {
		if c.Label != label {
			out = append(out, c)
		}
	}
	return out
}

// CustomerName is how the console names a conversation's customer.
func CustomerName(c *handoff.Conversation) string {
	switch {
	case c.Customer.Name != "":
		return c.Customer.Name
	case c.Customer.Email != "":
		return c.Customer.Email
	}
	return "Visitor #" + strconv.FormatInt(c.ID, 10)
}

func cmpOr(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

// Num formats a signal value with two decimals and a real minus sign.
func Num(f float64) string {
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return "–"
	}
	s := strconv.FormatFloat(f, 'f', 2, 64)
	if s == "-0.00" {
		s = "0.00"
	}
	return strings.Replace(s, "-", "−", 1)
}

// fmtValue formats a signal value of any kind.
func fmtValue(v any) string {
	switch x := v.(type) {
	case float64:
		if x == math.Trunc(x) && math.Abs(x) < 1e6 && math.Abs(x) >= 1 {
			return strconv.FormatFloat(x, 'f', 0, 64)
		}
		return Num(x)
	case float32:
		return Num(float64(x))
	case int:
		return strconv.Itoa(x)
	case int64:
		return strconv.FormatInt(x, 10)
	case bool:
		return strconv.FormatBool(x)
	case []string:
		return strings.Join(x, ", ")
	case []any:
		parts := make([]string, len(x))
		for i, p := range x {
			parts[i] = fmtValue(p)
		}
		return "[" + strings.Join(parts, ", ") + "]"
	case nil:
		return "–"
	}
	return fmt.Sprint(v)
}

// Duration formats seconds as m:ss (h:mm:ss past an hour).
func Duration(secs float64) string {
	if secs < 0 {
		secs = 0
	}
	s := int64(secs)
	h, m, sec := s/3600, (s%3600)/60, s%60
	if h > 0 {
		return fmt.Sprintf("%d:%02d:%02d", h, m, sec)
	}
	return fmt.Sprintf("%d:%02d", m, sec)
}

// ago formats how long before now t was.
func ago(now, t time.Time) string {
	d := now.Sub(t)
	switch {
	case d < 45*time.Second:
		return "just now"
	case d < 90*time.Minute:
		return fmt.Sprintf("%dm ago", int(math.Max(1, math.Round(d.Minutes()))))
	case d < 36*time.Hour:
		return fmt.Sprintf("%dh ago", int(math.Round(d.Hours())))
	}
	return fmt.Sprintf("%dd ago", int(math.Round(d.Hours()/24)))
}

// StateLabel names a state for people.
func StateLabel(s handoff.State) string {
	switch s {
	case handoff.StateAIActive:
		return "AI active"
	case handoff.StatePaused:
		return "Paused"
	case handoff.StateHumanActive:
		return "Human active"
	case handoff.StateClosed:
		return "Closed"
	}
	return string(s)
}

// stateClass is the CSS modifier of a state.
func stateClass(s handoff.State) string {
	switch s {
	case handoff.StateAIActive:
		return "ai"
	case handoff.StatePaused:
		return "paused"
	case handoff.StateHumanActive:
		return "human"
	}
	return "closed"
}

// sortedKeys returns a map's keys in order, for stable output.
func sortedKeys(m map[string]any) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

var funcs = template.FuncMap{
	"num":        Num,
	"value":      fmtValue,
	"duration":   Duration,
	"stateLabel": StateLabel,
	"stateClass": stateClass,
	"keys":       sortedKeys,
	"pct":        func(f float64) string { return strconv.Itoa(int(math.Round(f*100))) + "%" },
	"clock":      func(t time.Time) string { return t.UTC().Format("15:04") },
	"stamp":      func(t time.Time) string { return t.UTC().Format("2006-01-02 15:04 UTC") },
	"iso":        func(t time.Time) string { return t.UTC().Format(time.RFC3339) },
	"upper":      strings.ToUpper,
	"initial": func(s string) string {
		for _, r := range s {
			return strings.ToUpper(string(r))
		}
		return "?"
	},
	"join": strings.Join,
	"add":  func(a, b int) int { return a + b },
	"title": func(s string) string {
		if s == "" {
			return s
		}
		return strings.ToUpper(s[:1]) + s[1:]
	},
	"priorityClass": func(p string) string {
		switch p {
		case handoff.PriorityUrgent, handoff.PriorityHigh:
			return "hot"
		case handoff.PriorityLow:
			return "low"
		}
		return ""
	},
	"scoreClass": func(f float64) string {
		switch {
		case f >= escalationHot:
			return "hot"
		case f >= escalationWarn:
			return "warn"
		}
		return ""
	},
	"barw": func(f, max float64) string { // a chart bar's width in SVG units, out of 270
		if max <= 0 {
			return "0"
		}
		return strconv.FormatFloat(math.Max(2, math.Min(270, f/max*270)), 'f', 1, 64)
	},
	"dict": func(kv ...any) (map[string]any, error) {
		if len(kv)%2 != 0 {
			return nil, fmt.Errorf("dict needs pairs")
		}
		m := make(map[string]any, len(kv)/2)
		for i := 0; i < len(kv); i += 2 {
			k, ok := kv[i].(string)
			if !ok {
				return nil, fmt.Errorf("dict keys are strings")
			}
			m[k] = kv[i+1]
		}
		return m, nil
	},
}
