package engine

import (
	"context"
	"maps"
	"slices"
	"time"

	"github.com/handoffhq/handoff"
	"github.com/handoffhq/handoff/internal/rules"
)

// DryRunHit is one turn where a rule would have fired.
type DryRunHit struct {
	MessageID   int64     `json:"message_id"`
	Index       int       `json:"index"` // position of the message in the conversation, from 0
	Rule        string    `json:"rule"`
	Pauses      bool      `json:"pauses"`
	Explanation string    `json:"explanation"`
	Text        string    `json:"text"`
	At          time.Time `json:"at"`
}

// DryRunConversation is what a rule set would have done on one stored conversation.
type DryRunConversation struct {
	ConversationID int64       `json:"conversation_id"`
	Channel        string      `json:"channel"`
	ActualHandoff  string      `json:"actual_handoff,omitempty"` // reason of the real first handoff
	FirstHandoff   *DryRunHit  `json:"first_handoff,omitempty"`  // first pausing hit under the tested rules
	Hits           []DryRunHit `json:"hits"`
}

// DryRunReport sums a dry run over many conversations.
type DryRunReport struct {
	Conversations int                  `json:"conversations"`
	HandedOff     int                  `json:"handed_off"`
	ActualHandoff int                  `json:"actual_handed_off"`
	PerRule       map[string]int       `json:"per_rule"` // conversations each rule would have fired on
	Results       []DryRunConversation `json:"results"`  // only conversations with at least one hit
}

// DryRunOne replays a stored conversation's customer turns (with their stored signals) against set.
func DryRunOne(set *rules.Set, conv *handoff.Conversation, msgs []*handoff.Message) DryRunConversation {
	out := DryRunConversation{ConversationID: conv.ID, Channel: conv.Channel, ActualHandoff: conv.FirstHandoffReason, Hits: []DryRunHit{}}
	sim := &handoff.Conversation{ID: conv.ID, Channel: conv.Channel, Customer: conv.Customer, State: handoff.StateAIActive,
		CreatedAt: conv.CreatedAt, Tags: []string{}, RuleFiredAt: map[string]time.Time{}}
	byID := map[string]*handoff.Rule{}
	for _, r := range set.Rules() {
		byID[r.ID] = r
	}
	for i, m := range msgs {
		if m.Role != handoff.RoleCustomer || m.Signals == nil {
			continue
		}
		sim.MessageCount = m.Signals.MessageCount
		ev := set.Evaluate(rules.Input{Signals: *m.Signals, Conversation: sim, Message: m, Now: m.CreatedAt})
		for _, f := range ev.Fired {
			r := byID[f.Rule]
			sim.RuleFiredAt[f.Rule] = m.CreatedAt
			hit := DryRunHit{MessageID: m.ID, Index: i, Rule: f.Rule, Pauses: r != nil && r.Pauses(), Explanation: f.Explanation, Text: m.Text, At: m.CreatedAt}
			out.Hits = append(out.Hits, hit)
			if hit.Pauses && out.FirstHandoff == nil {
				h := hit
				out.FirstHandoff = &h
			}
			if r != nil {
				for _, a := range r.Then {
					if a.Type == handoff.ActionTag && !sim.HasTag(a.Value) {
						sim.Tags = append(sim.Tags, a.Value)
					}
				}
			}
		}
	}
	return out
}

// DryRun runs rs against stored conversations created since the given time (at most limit of them).
func (e *Engine) DryRun(ctx context.Context, rs []*handoff.Rule, since time.Time, limit int) (*DryRunReport, error) {
	set, err := rules.Compile(rs)
	if err != nil {
		return nil, err
	}
	if limit <= 0 || limit > 500 {
		limit = 500
	}
	rep := &DryRunReport{PerRule: map[string]int{}, Results: []DryRunConversation{}}
	err = e.cfg.Store.View(ctx, func(tx handoff.Tx) error {
		convs, _, err := tx.ListConversations(ctx, handoff.ConversationFilter{Since: since, Limit: limit})
		if err != nil {
			return err
		}
		for _, c := range convs {
			msgs, err := tx.ListMessages(ctx, c.ID)
			if err != nil {
				return err
			}
			r := DryRunOne(set, c, msgs)
			rep.Conversations++
			if c.FirstHandoffAt != nil {
				rep.ActualHandoff++
			}
			if r.FirstHandoff != nil {
				rep.HandedOff++
			}
			fired := map[string]bool{}
			for _, h := range r.Hits {
				fired[h.Rule] = true
			}
			for _, id := range slices.Sorted(maps.Keys(fired)) {
				rep.PerRule[id]++
			}
			if len(r.Hits) > 0 {
				rep.Results = append(rep.Results, r)
			}
		}
		return nil
	})
	return rep, err
}
