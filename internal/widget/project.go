package widget

import (
	"encoding/json"
	"strings"
	"time"

	"github.com/handoffhq/handoff"
	"github.com/handoffhq/handoff/internal/engine"
	"github.com/handoffhq/handoff/internal/ws"
)

// Message is a transcript line as the customer sees it.
type Message struct {
	ID       int64     `json:"id"`
	Role     string    `json:"role"`             // customer, ai, agent or system
	Text     string    `json:"text"`             // shown as text, never as HTML
	Author   string    `json:"author,omitempty"` // "AI Assistant" or the agent's display name
	Human    bool      `json:"human,omitempty"`  // an agent wrote it: show the HUMAN badge
	ClientID string    `json:"client_id,omitempty"`
	At       time.Time `json:"at"`
}

// State is the conversation's mode as the customer sees it.
type State struct {
	State string `json:"state"`
	Agent string `json:"agent,omitempty"` // display name of the agent who joined
	Team  string `json:"team,omitempty"`
}

// Frame is one WebSocket message to the widget.
type Frame struct {
	Type     string         `json:"type"` // turn, state, typing
	ID       int64          `json:"id,omitempty"`
	Messages []Message      `json:"messages,omitempty"`
	State    *State         `json:"state,omitempty"`
	Typing   *ws.TypingData `json:"typing,omitempty"`
}

// project turns a stored message into what the customer may see.
func project(s session, m *handoff.Message) Message {
	out := Message{ID: m.ID, Role: string(m.Role), Text: m.Text, At: m.CreatedAt}
	switch m.Role {
	case handoff.RoleAI:
		out.Author = engine.AIAuthor
	case handoff.RoleAgent:
		out.Author, out.Human = cmpOr(m.Author, "Support team"), true
	case handoff.RoleCustomer:
		out.ClientID = strings.TrimPrefix(m.ExternalID, s.externalID()+":")
		if out.ClientID == m.ExternalID {
			out.ClientID = ""
		}
	}
	return out
}

// projectState tells the customer who is answering.
func projectState(c *handoff.Conversation) State {
	st := State{State: string(c.State)}
	if c.State == handoff.StateHumanActive {
		st.Agent, st.Team = cmpOr(c.AgentName, "Support team"), c.AssignedTeam
	}
	return st
}

// encode renders one event for the widget; evaluations, signals and the customer's own typing are left out.
func encode(s session, e *handoff.Event) ([]byte, bool) {
	f := Frame{Type: e.Type, ID: e.ID}
	switch e.Type {
	case handoff.EventTurn:
		var turn handoff.TurnData
		if json.Unmarshal(e.Data, &turn) != nil {
			return nil, false
		}
		f.Messages = make([]Message, len(turn.Messages))
		for i, m := range turn.Messages {
			f.Messages[i] = project(s, m)
		}
		if turn.Conversation != nil {
			st := projectState(turn.Conversation)
			f.State = &st
		}
	case handoff.EventState:
		var c handoff.Conversation
		if json.Unmarshal(e.Data, &c) != nil {
			return nil, false
		}
		st := projectState(&c)
		f.State = &st
	case handoff.EventTyping:
		var t ws.TypingData
		if json.Unmarshal(e.Data, &t) != nil || t.Role == "customer" {
			return nil, false
		}
		f.Typing = &t
	default:
		return nil, false
	}
	b, err := json.Marshal(f)
	return b, err == nil
}

func cmpOr(a, b string) string {
	if a != "" {
		return a
	}
	return b
}
