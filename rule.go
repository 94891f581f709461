package handoff

import (
	"bytes"
	"encoding/json"
	"fmt"
	"sort"
	"time"
)

// Rule is a trigger rule (DESIGN §3): data that is stored, edited in the console and imported as YAML or JSON.
type Rule struct {
	ID          string     `json:"id"`
	Name        string     `json:"name"`
	Description string     `json:"description,omitempty"`
	Enabled     bool       `json:"enabled"`
	When        *Condition `json:"when,omitempty"`
	Expr        string     `json:"expr,omitempty"`     // optional CEL over signals, conversation and message
	Channels    []string   `json:"channels,omitempty"` // empty means every channel
	Cooldown    Duration   `json:"cooldown,omitempty"` // not again for the same conversation within this
	Priority    int        `json:"priority"`           // lower runs first; the first pause wins
	Then        []Action   `json:"then"`
	UpdatedAt   time.Time  `json:"updated_at,omitzero"`
}

// Pauses reports whether the rule pauses the AI.
func (r *Rule) Pauses() bool {
	for _, a := range r.Then {
		if a.Type == ActionPauseAI {
			return true
		}
	}
	return false
}

// Condition is either a group (All or Any) or a leaf comparing one signal.
type Condition struct {
	All    []Condition `json:"all,omitempty"`
	Any    []Condition `json:"any,omitempty"`
	Signal string      `json:"signal,omitempty"`
	Op     string      `json:"op,omitempty"`
	Value  any         `json:"value,omitempty"`
}

// IsGroup reports whether c combines other conditions.
func (c *Condition) IsGroup() bool { return c.All != nil || c.Any != nil }

// Condition operators.
var Operators = []string{"<", "<=", ">", ">=", "==", "!=", "contains", "matches", "in", "any_of"}

// Action types.
const (
	ActionPauseAI     = "pause_ai"
	ActionNotify      = "notify"
	ActionAssign      = "assign"
	ActionTag         = "tag"
	ActionSetPriority = "set_priority"
	ActionReply       = "reply"
)

// ActionTypes lists every action a rule may take.
var ActionTypes = []string{ActionPauseAI, ActionNotify, ActionAssign, ActionTag, ActionSetPriority, ActionReply}

// Action is one step a rule takes. In YAML and JSON it is a bare name ("pause_ai")
// or a one-key map: {notify: {targets: [team]}}, {tag: angry}, {set_priority: high},
// {assign: {team: billing}} or {assign: sara}, {reply: "text"} or {reply: {text: "…"}}.
type Action struct {
	Type    string   `json:"type"`
	Value   string   `json:"value,omitempty"`   // tag, priority, reply text
	Targets []string `json:"targets,omitempty"` // notify: team, slack, webhook, email, console
	Team    string   `json:"team,omitempty"`    // assign
	Agent   string   `json:"agent,omitempty"`   // assign
}

// MarshalJSON writes the compact form the rule format uses.
func (a Action) MarshalJSON() ([]byte, error) {
	switch a.Type {
	case ActionPauseAI:
		return json.Marshal(a.Type)
	case ActionNotify:
		if len(a.Targets) == 0 {
			return json.Marshal(a.Type)
		}
		return json.Marshal(map[string]any{a.Type: map[string]any{"targets": a.Targets}})
	case ActionAssign:
		m := map[string]string{}
		if a.Team != "" {
			m["team"] = a.Team
		}
		if a.Agent != "" {
			m["agent"] = a.Agent
		}
		return json.Marshal(map[string]any{a.Type: m})
	default:
		return json.Marshal(map[string]string{a.Type: a.Value})
	}
}

// UnmarshalJSON reads a bare name or a one-key map.
func (a *Action) UnmarshalJSON(b []byte) error {
	*a = Action{}
	b = bytes.TrimSpace(b)
	if len(b) > 0 && b[0] == '"' {
		return json.Unmarshal(b, &a.Type)
	}
	var m map[string]json.RawMessage
	if err := json.Unmarshal(b, &m); err != nil {
		return fmt.Errorf("action must be a name or a one-key map: %w", err)
	}
	if len(m) != 1 {
		keys := make([]string, 0, len(m))
		for k := range m {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		return fmt.Errorf("action must have exactly one key, got %v", keys)
	}
	for k, raw := range m {
		a.Type = k
		raw = bytes.TrimSpace(raw)
		if bytes.Equal(raw, []byte("null")) {
			return nil
		}
		if len(raw) > 0 && raw[0] == '"' {
			var s string
			if err := json.Unmarshal(raw, &s); err != nil {
				return err
			}
			if k == ActionAssign {
				a.Agent = s
			} else if k == ActionNotify {
				a.Targets = []string{s}
			} else {
				a.Value = s
			}
			return nil
		}
		var body struct {
			Targets []string `json:"targets"`
			Team    string   `json:"team"`
			Agent   string   `json:"agent"`
			Text    string   `json:"text"`
			Value   string   `json:"value"`
		}
		dec := json.NewDecoder(bytes.NewReader(raw))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&body); err != nil {
			return fmt.Errorf("action %q: %w", k, err)
		}
		a.Targets, a.Team, a.Agent = body.Targets, body.Team, body.Agent
		a.Value = body.Value
		if body.Text != "" {
			a.Value = body.Text
		}
	}
	return nil
}

// String names the action for evaluations ("pause_ai", "notify", "tag:angry").
func (a Action) String() string {
	switch a.Type {
	case ActionTag, ActionSetPriority:
		return a.Type + ":" + a.Value
	}
	return a.Type
}
