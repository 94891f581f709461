// Package score computes the post-conversation evaluation (DESIGN §5): a number in [0,1]
// with its parts, so a team can see which rules and channels hand off well. It is pure.
package score

import (
	"time"

	"github.com/handoffhq/handoff"
)

// Weights of the parts in the total; they add up to 1.
const (
	WeightRecovery    = 0.30 // how far the customer's mood came back from its worst
	WeightResolved    = 0.25 // whether the issue was resolved
	WeightTimeToHuman = 0.20 // how fast a person joined after the AI stepped back
	WeightLate        = 0.15 // AI turns sent after the first warning signal (late handoff)
	WeightNeeded      = 0.10 // the handoff was needed (not closed by one reply the AI could have given)
)

// TimeToHumanTarget is the wait that still scores full marks; the part falls to 0 at 10× this.
const TimeToHumanTarget = 2 * time.Minute

// Compute scores a closed conversation from its messages.
func Compute(c *handoff.Conversation, msgs []*handoff.Message, resolved bool, now time.Time) handoff.Score {
	s := handoff.Score{ConversationID: c.ID, Channel: c.Channel, CreatedAt: now}
	p := &s.Parts
	p.Handoff = c.FirstHandoffAt != nil
	if p.Handoff {
		s.Rule = firstReason(c)
	}

	worst, last, seen := 0.0, 0.0, false
	for _, m := range msgs {
		if m.Role == handoff.RoleCustomer && m.Signals != nil {
			if !seen || m.Signals.Sentiment < worst {
				worst = m.Signals.Sentiment
			}
			last, seen = m.Signals.Sentiment, true
		}
	}
	switch {
	case !seen || worst >= 0:
		p.SentimentRecovery = 1
	default:
		// 0 when the last message is as bad as the worst, 1 when it is back to neutral or better
		p.SentimentRecovery = clamp((last - worst) / -worst)
	}

	if resolved {
		p.Resolved = 1
	}

	p.TimeToHuman = 1
	if p.Handoff {
		if c.FirstClaimAt == nil {
			p.TimeToHuman = 0
		} else {
			wait := c.FirstClaimAt.Sub(*c.FirstHandoffAt)
			p.TimeToHumanSecs = wait.Seconds()
			if wait > TimeToHumanTarget {
				p.TimeToHuman = clamp(1 - float64(wait-TimeToHumanTarget)/float64(9*TimeToHumanTarget))
			}
		}
	}

	p.AITurnsLate = c.AITurnsAtRisk
	p.LateHandoff = clamp(1 - float64(c.AITurnsAtRisk)/3)

	p.NeededHandoff = 1
	if p.Handoff {
		agentReplies := 0
		for _, m := range msgs {
			if m.Role == handoff.RoleAgent {
				agentReplies++
			}
		}
		if agentReplies <= 1 && resolved && !c.HasTag("human_requested") {
			p.NeededHandoff, p.FalseHandoff = 0, true
		}
	}

	s.Total = clamp(WeightRecovery*p.SentimentRecovery + WeightResolved*p.Resolved + WeightTimeToHuman*p.TimeToHuman +
		WeightLate*p.LateHandoff + WeightNeeded*p.NeededHandoff)
	return s
}

func firstReason(c *handoff.Conversation) string {
	if c.FirstHandoffReason != "" {
		return c.FirstHandoffReason
	}
	var first string
	var at time.Time
	for rule, t := range c.RuleFiredAt {
		if first == "" || t.Before(at) {
			first, at = rule, t
		}
	}
	return first
}

func clamp(x float64) float64 {
	if x < 0 || x != x {
		return 0
	}
	if x > 1 {
		return 1
	}
	return x
}
