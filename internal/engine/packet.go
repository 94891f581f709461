package engine

import (
	"context"
	"regexp"
	"strings"
	"time"

	"github.com/handoffhq/handoff"
)

// Packet is what an agent gets on takeover: why, how urgent, what was said and promised, the whole transcript.
type Packet struct {
	ConversationID  int64              `json:"conversation_id"`
	Reason          string             `json:"reason"`
	Explanation     string             `json:"explanation"`
	FiredValues     map[string]any     `json:"fired_values,omitempty"` // the signal values that fired the rule
	EscalationScore float64            `json:"escalation_score"`
	CustomerWants   []string           `json:"customer_wants"` // the customer's own words on what they need
	AISaid          []string           `json:"ai_said"`        // the AI's last answers
	AIPromised      []string           `json:"ai_promised"`    // sentences where the AI committed to something
	Summary         string             `json:"summary"`
	MessageCount    int                `json:"message_count"` // "context transferred · N msgs"
	Transcript      []*handoff.Message `json:"transcript"`
	Customer        handoff.Customer   `json:"customer"`
	Channel         string             `json:"channel"`
	Tags            []string           `json:"tags"`
	Priority        string             `json:"priority"`
	WaitingSeconds  float64            `json:"waiting_seconds"`
	Orders          any                `json:"orders,omitempty"`       // the customer's recent shop orders, when a shop is connected
	OrdersError     string             `json:"orders_error,omitempty"` // why the orders could not be read
}

// OrdersLookup returns a customer's recent orders from the connected shop.
type OrdersLookup func(ctx context.Context, email string) (any, error)

// Packet loads a conversation and builds its handoff packet, with the customer's recent orders
// when a shop is connected and the customer's email is known.
func (e *Engine) Packet(ctx context.Context, convID int64) (*Packet, error) {
	var p Packet
	err := e.cfg.Store.View(ctx, func(tx handoff.Tx) error {
		c, err := tx.ConversationByID(ctx, convID)
		if err != nil {
			return err
		}
		msgs, err := tx.ListMessages(ctx, convID)
		if err != nil {
			return err
		}
		evals, err := tx.ListEvaluations(ctx, convID)
		if err != nil {
			return err
		}
		p = BuildPacket(c, msgs, evals, e.Now())
		return nil
	})
	if err != nil {
		return nil, err
	}
	if e.cfg.Orders != nil && p.Customer.Email != "" {
		octx, cancel := context.WithTimeout(ctx, 5*time.Second)
		defer cancel()
		if orders, err := e.cfg.Orders(octx, p.Customer.Email); err != nil {
			p.OrdersError = handoff.ErrorMessage(err)
		} else {
			p.Orders = orders
		}
	}
	return &p, nil
}

var promise = regexp.MustCompile(`(?i)\b(i will|i'll|we will|we'll|you will receive|you'll (get|receive)|within \d+|guarantee|refund(ed)? you|promise)\b`)

// BuildPacket assembles the handoff packet from what is stored; nothing is asked of the customer again.
func BuildPacket(c *handoff.Conversation, msgs []*handoff.Message, evals []*handoff.Evaluation, now time.Time) Packet {
	p := Packet{ConversationID: c.ID, Reason: c.HandoffReason, Explanation: c.HandoffExplanation, EscalationScore: c.EscalationScore,
		Transcript: msgs, Customer: c.Customer, Channel: c.Channel, Tags: c.Tags, Priority: c.Priority,
		CustomerWants: []string{}, AISaid: []string{}, AIPromised: []string{}}
	if p.Transcript == nil {
		p.Transcript = []*handoff.Message{}
	}
	for _, m := range msgs {
		if m.Role != handoff.RoleSystem {
			p.MessageCount++
		}
	}
	if c.PausedAt != nil && c.State == handoff.StatePaused {
		p.WaitingSeconds = now.Sub(*c.PausedAt).Seconds()
	}
	for i := len(evals) - 1; i >= 0; i-- {
		if f := evals[i].Fired; len(f) > 0 && (c.HandoffReason == "" || f[0].Rule == c.HandoffReason) {
			p.FiredValues = f[0].Values
			break
		}
	}
	var customer []*handoff.Message
	for _, m := range msgs {
		switch m.Role {
		case handoff.RoleCustomer:
			customer = append(customer, m)
		case handoff.RoleAI:
			for _, s := range sentences(m.Text) {
				if promise.MatchString(s) {
					p.AIPromised = append(p.AIPromised, s)
				}
			}
		}
	}
	p.CustomerWants = customerWants(customer)
	for i := len(msgs) - 1; i >= 0 && len(p.AISaid) < 2; i-- {
		if msgs[i].Role == handoff.RoleAI {
			p.AISaid = append([]string{msgs[i].Text}, p.AISaid...)
		}
	}
	p.Summary = summary(p, c)
	return p
}

// customerWants picks the opening message, the most complex one and the latest one, in order, without repeats.
func customerWants(ms []*handoff.Message) []string {
	out := []string{}
	if len(ms) == 0 {
		return out
	}
	pick := []*handoff.Message{ms[0]}
	best := ms[0]
	for _, m := range ms {
		if m.Signals != nil && best.Signals != nil && m.Signals.Complexity > best.Signals.Complexity {
			best = m
		}
	}
	pick = append(pick, best, ms[len(ms)-1])
	seen := map[int64]bool{}
	for _, m := range pick {
		if seen[m.ID] && m.ID != 0 {
			continue
		}
		seen[m.ID] = true
		out = append(out, m.Text)
	}
	return out
}

func summary(p Packet, c *handoff.Conversation) string {
	var b strings.Builder
	if len(p.CustomerWants) > 0 {
		b.WriteString("Customer: \"" + clip(p.CustomerWants[len(p.CustomerWants)-1], 160) + "\"")
	}
	if p.Explanation != "" {
		b.WriteString(" · Why: " + p.Explanation)
	}
	if len(p.AIPromised) > 0 {
		b.WriteString(" · AI promised: \"" + clip(p.AIPromised[len(p.AIPromised)-1], 120) + "\"")
	}
	if len(c.Tags) > 0 {
		b.WriteString(" · Tags: " + strings.Join(c.Tags, ", "))
	}
	return b.String()
}

var sentenceEnd = regexp.MustCompile(`[.!?]+\s+`)

func sentences(text string) []string {
	var out []string
	for _, s := range sentenceEnd.Split(text, -1) {
		if s = strings.TrimSpace(s); s != "" {
			out = append(out, s)
		}
	}
	return out
}

func clip(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}
