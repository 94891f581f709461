package state

import (
	"time"

	"github.com/handoffhq/handoff"
)

// Action names a requested transition.
type Action string

// Transitions a caller can ask for.
const (
	Pause    Action = "pause"
	Resume   Action = "resume"
	Claim    Action = "claim"
	Handback Action = "handback"
	Close    Action = "close"
	Reopen   Action = "reopen"
)

// Actions lists the transitions exposed on the API.
var Actions = []Action{Pause, Resume, Claim, Handback, Close}

// table maps each action to the states it may start from and the state it leads to.
var table = map[Action]struct {
	from []handoff.State
	to   handoff.State
}{
	Pause:    {[]handoff.State{handoff.StateAIActive}, handoff.StatePaused},
	Resume:   {[]handoff.State{handoff.StatePaused, handoff.StateHumanActive}, handoff.StateAIActive},
	Claim:    {[]handoff.State{handoff.StateAIActive, handoff.StatePaused}, handoff.StateHumanActive},
	Handback: {[]handoff.State{handoff.StateHumanActive}, handoff.StateAIActive},
	Close:    {[]handoff.State{handoff.StateAIActive, handoff.StatePaused, handoff.StateHumanActive}, handoff.StateClosed},
	Reopen:   {[]handoff.State{handoff.StateClosed}, handoff.StateAIActive},
}

// Can reports whether action is legal from the conversation's current state.
func Can(c *handoff.Conversation, action Action) bool {
	t, ok := table[action]
	if !ok {
		return false
	}
	for _, s := range t.from {
		if s == c.State {
			return true
		}
	}
	return false
}

// Agent identifies who performs a claim.
type Agent struct {
	Name        string // login, unique
	DisplayName string // shown to the customer
	Team        string
}

// Apply performs action on c at now, or returns ECONFLICT with the current state.
// reason is recorded as the handoff reason on Pause; agent is required for Claim.
func Apply(c *handoff.Conversation, action Action, now time.Time, reason string, agent *Agent) error {
	if _, ok := table[action]; !ok {
		return handoff.Errorf(handoff.EINVALID, "unknown action %q", action)
	}
	if action == Claim && c.State == handoff.StateHumanActive && agent != nil && c.AssignedAgent != agent.Name {
		return handoff.Conflictf(c.State, "conversation %d is already claimed by %s", c.ID, c.AgentName)
	}
	if !Can(c, action) {
		return handoff.Conflictf(c.State, "cannot %s a conversation that is %s", action, c.State)
	}
	if action == Claim && (agent == nil || agent.Name == "") {
		return handoff.Errorf(handoff.EINVALID, "claim needs an agent")
	}
	c.State = table[action].to
	c.UpdatedAt = now
	switch action {
	case Pause:
		c.PausedAt = &now
		c.HandoffReason = reason
		c.HandoffCount++
		if c.FirstHandoffAt == nil {
			c.FirstHandoffAt, c.FirstHandoffReason = &now, reason
		}
	case Claim:
		if c.PausedAt == nil {
			c.PausedAt = &now
			c.HandoffCount++
			if c.HandoffReason == "" {
				c.HandoffReason = "manual"
			}
		}
		if c.FirstHandoffAt == nil {
			c.FirstHandoffAt, c.FirstHandoffReason = &now, c.HandoffReason
		}
		if c.FirstClaimAt == nil {
			c.FirstClaimAt = &now
		}
		c.ClaimedAt = &now
		c.AssignedAgent, c.AgentName = agent.Name, agent.DisplayName
		if agent.Team != "" {
			c.AssignedTeam = agent.Team
		}
		c.LastHumanAt = &now
		c.ResumeAt = nil
	case Resume, Handback:
		c.ResumeAt = nil
		c.AssignedAgent, c.AgentName = "", ""
		c.PausedAt, c.ClaimedAt = nil, nil
	case Close:
		c.ClosedAt = &now
		c.ResumeAt = nil
	case Reopen:
		c.ClosedAt, c.PausedAt, c.ClaimedAt, c.ResumeAt = nil, nil, nil, nil
		c.AssignedAgent, c.AgentName = "", ""
	}
	return nil
}
