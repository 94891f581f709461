package engine

import (
	"slices"
	"strings"
	"time"

	"github.com/handoffhq/handoff"
	"github.com/handoffhq/handoff/internal/analyze"
	"github.com/handoffhq/handoff/internal/rules"
	"github.com/handoffhq/handoff/internal/state"
)

// TurnInput is everything one turn needs; Turn mutates Conversation.
type TurnInput struct {
	Conversation *handoff.Conversation
	History      []*handoff.Message // earlier messages, oldest first
	Message      *handoff.Message   // the new message
	Channel      handoff.ChannelConfig
	Rules        *rules.Set
	Analyzer     *analyze.Analyzer
	Now          time.Time
}

// Notice is a team notification a turn asks for.
type Notice struct {
	Rule        string   `json:"rule"`
	Reason      string   `json:"reason"`
	Explanation string   `json:"explanation"`
	Targets     []string `json:"targets"`
}

// TurnResult is what one turn decided.
type TurnResult struct {
	Signals    *handoff.Signals    // nil for agent and system turns
	Evaluation *handoff.Evaluation // nil when no rules ran
	Paused     bool                // this turn paused the AI
	Notices    []*handoff.Message  // system messages for the customer, in order
	Notify     []Notice            // team notifications
	// AIMayReply is true when the conversation is ai_active after this turn's rules ran and the channel is not switched off.
	AIMayReply bool
}

// Turn applies one message to a conversation. It is pure: the same input gives the same result.
func Turn(in TurnInput) TurnResult {
	c, m, now := in.Conversation, in.Message, in.Now
	var res TurnResult
	if c.RuleFiredAt == nil {
		c.RuleFiredAt = map[string]time.Time{}
	}
	c.UpdatedAt = now
	if m.Role != handoff.RoleSystem {
		c.LastMessageAt = &now
		c.TurnCount++
	}
	switch m.Role {
	case handoff.RoleCustomer:
		if c.State == handoff.StateClosed {
			_ = state.Apply(c, state.Reopen, now, "", nil)
		}
		c.MessageCount++
		sig := in.Analyzer.Analyze(in.History, m)
		res.Signals = &sig
		m.Signals = &sig
		c.EscalationScore = sig.EscalationScore
		evaluate(in, &res)
		if c.State == handoff.StateAIActive && in.Channel.KillSwitch {
			pause(in, &res, "channel_paused", "The AI is switched off on "+c.Channel+".", []string{"team"})
		}
	case handoff.RoleAI:
		sig := aiSignals(in)
		res.Signals = &sig
		evaluate(in, &res)
		if c.State == handoff.StateAIActive && c.FirstSignalAt != nil {
			c.AITurnsAtRisk++
		}
	case handoff.RoleAgent:
		c.LastHumanAt = &now
		if c.State == handoff.StateAIActive && (m.Source != handoff.SourceExternal || in.Channel.AutoPause) {
			reason, why := "agent_reply", "A person replied in the conversation."
			if m.Source == handoff.SourceExternal {
				reason, why = "external_human", "A person replied from outside handoff (e.g. the Page inbox)."
			}
			_ = state.Apply(c, state.Pause, now, reason, nil)
			c.HandoffExplanation = why
			res.Paused = true
			res.Notify = append(res.Notify, Notice{Reason: reason, Explanation: why, Targets: []string{"console"}})
		}
		armResume(c, in.Channel, now)
	}
	res.AIMayReply = c.State == handoff.StateAIActive && !in.Channel.KillSwitch
	if res.Evaluation != nil {
		res.Evaluation.StateAfter = c.State
	}
	return res
}

// evaluate runs the rule set and applies the fired rules' actions.
func evaluate(in TurnInput, res *TurnResult) {
	c, now := in.Conversation, in.Now
	if in.Rules == nil {
		return
	}
	ev := in.Rules.Evaluate(rules.Input{Signals: *res.Signals, Conversation: c, Message: in.Message, Now: now})
	ev.StateBefore = c.State
	ev.Signals = *res.Signals
	res.Evaluation = &ev
	if (len(ev.Fired) > 0 || len(ev.NearMisses) > 0) && c.FirstSignalAt == nil {
		c.FirstSignalAt = &now
	}
	for _, f := range ev.Fired {
		r := in.Rules.Rule(f.Rule)
		if r == nil {
			continue
		}
		c.RuleFiredAt[r.ID] = now
		for _, a := range r.Then {
			switch a.Type {
			case handoff.ActionTag:
				if !c.HasTag(a.Value) {
					c.Tags = append(c.Tags, a.Value)
				}
			case handoff.ActionSetPriority:
				c.Priority = a.Value
			case handoff.ActionAssign:
				if a.Team != "" {
					c.AssignedTeam = a.Team
				}
				if a.Agent != "" && c.State != handoff.StateHumanActive {
					c.AssignedAgent = a.Agent
				}
			case handoff.ActionReply:
				res.Notices = append(res.Notices, notice(c, a.Value, now))
			case handoff.ActionNotify:
				targets := a.Targets
				if len(targets) == 0 {
					targets = []string{"team"}
				}
				res.Notify = append(res.Notify, Notice{Rule: r.ID, Reason: r.ID, Explanation: f.Explanation, Targets: targets})
			case handoff.ActionPauseAI:
				if c.State != handoff.StateAIActive || res.Paused {
					continue
				}
				if !in.Channel.AutoPause {
					ev.Explanation += " (safety net disarmed on " + c.Channel + ": the AI was not paused)"
					res.Evaluation.Explanation = ev.Explanation
					continue
				}
				pause(in, res, r.ID, f.Explanation, nil)
			}
		}
	}
}

// pause hands the conversation to a person: state, customer notice, resume timer.
func pause(in TurnInput, res *TurnResult, reason, why string, notify []string) {
	c, now := in.Conversation, in.Now
	if err := state.Apply(c, state.Pause, now, reason, nil); err != nil {
		return
	}
	c.HandoffExplanation = why
	res.Paused = true
	res.Notices = append(res.Notices, notice(c, HandoffMessage(in.Channel, now), now))
	if notify != nil {
		res.Notify = append(res.Notify, Notice{Reason: reason, Explanation: why, Targets: notify})
	}
	armResume(c, in.Channel, now)
}

// armResume (re)starts the safety-net cooldown from now; a zero cooldown stays paused.
func armResume(c *handoff.Conversation, ch handoff.ChannelConfig, now time.Time) {
	if c.State != handoff.StatePaused && c.State != handoff.StateHumanActive {
		return
	}
	if ch.Cooldown <= 0 {
		c.ResumeAt = nil
		return
	}
	at := now.Add(time.Duration(ch.Cooldown))
	c.ResumeAt = &at
}

// ResumeDue gives a conversation back to the AI when its cooldown has passed; it returns the notice to post, or nil.
func ResumeDue(c *handoff.Conversation, ch handoff.ChannelConfig, now time.Time) *handoff.Message {
	if c.ResumeAt == nil || now.Before(*c.ResumeAt) {
		return nil
	}
	if err := state.Apply(c, state.Resume, now, "", nil); err != nil {
		c.ResumeAt = nil
		return nil
	}
	c.HandoffReason, c.HandoffExplanation = "", ""
	return notice(c, ch.ResumeMessage, now)
}

// notice builds a system message for the customer.
func notice(c *handoff.Conversation, text string, now time.Time) *handoff.Message {
	return &handoff.Message{ConversationID: c.ID, Role: handoff.RoleSystem, Text: text, Source: handoff.SourceService, CreatedAt: now}
}

// HandoffMessage renders the channel's handoff template, or its out-of-hours variant when closed.
func HandoffMessage(ch handoff.ChannelConfig, now time.Time) string {
	text := ch.HandoffMessage
	if !IsOpen(ch.Hours, now) && ch.OutOfHoursMessage != "" {
		text = ch.OutOfHoursMessage
	}
	wait := cmpOr(ch.WaitEstimate, "a few minutes")
	return strings.ReplaceAll(text, "{{wait}}", wait)
}

// JoinMessage renders the channel's "agent joined" template.
func JoinMessage(ch handoff.ChannelConfig, agent, team string) string {
	text := cmpOr(ch.JoinMessage, "{{agent}} from {{team}} joined the conversation.")
	if team == "" {
		text = strings.ReplaceAll(text, " from {{team}}", "")
	}
	return strings.NewReplacer("{{agent}}", agent, "{{team}}", team).Replace(text)
}

func cmpOr(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

var weekdays = []string{"sun", "mon", "tue", "wed", "thu", "fri", "sat"}

// IsOpen reports whether now falls inside the business hours; nil hours are always open.
func IsOpen(h *handoff.BusinessHours, now time.Time) bool {
	if h == nil || len(h.Days) == 0 {
		return true
	}
	loc, err := time.LoadLocation(cmpOr(h.TimeZone, "UTC"))
	if err != nil {
		loc = time.UTC
	}
	local := now.In(loc)
	span, ok := h.Days[weekdays[local.Weekday()]]
	if !ok {
		return false
	}
	from, to, ok := strings.Cut(span, "-")
	if !ok {
		return false
	}
	minutes := local.Hour()*60 + local.Minute()
	f, t := clockMinutes(from), clockMinutes(to)
	return f >= 0 && t >= 0 && minutes >= f && minutes < t
}

func clockMinutes(s string) int {
	t, err := time.Parse("15:04", strings.TrimSpace(s))
	if err != nil {
		return -1
	}
	return t.Hour()*60 + t.Minute()
}

// aiSignals are the last customer turn's signals with the uncertainty of this AI message.
func aiSignals(in TurnInput) handoff.Signals {
	var sig handoff.Signals
	for i := len(in.History) - 1; i >= 0; i-- {
		if m := in.History[i]; m.Role == handoff.RoleCustomer && m.Signals != nil {
			sig = *m.Signals
			sig.Keywords = slices.Clone(sig.Keywords)
			break
		}
	}
	withAI := append(slices.Clone(in.History), in.Message)
	sig.Uncertainty, sig.UncertaintyPrev = analyze.Uncertainty(withAI)
	sig.TurnCount = in.Conversation.TurnCount
	sig.EscalationScore = analyze.EscalationScore(sig)
	return sig
}
