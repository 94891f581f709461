package state_test

import (
	"testing"
	"time"

	"github.com/handoffhq/handoff"
	"github.com/handoffhq/handoff/internal/state"
)

func TestApply(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 11, 25, 12, 0, 0, 0, time.UTC)
	sara := &state.Agent{Name: "sara", DisplayName: "Sara", Team: "Support"}
	all := []handoff.State{handoff.StateAIActive, handoff.StatePaused, handoff.StateHumanActive, handoff.StateClosed}
	legal := map[state.Action]map[handoff.State]handoff.State{
		state.Pause:    {handoff.StateAIActive: handoff.StatePaused},
		state.Resume:   {handoff.StatePaused: handoff.StateAIActive, handoff.StateHumanActive: handoff.StateAIActive},
		state.Claim:    {handoff.StateAIActive: handoff.StateHumanActive, handoff.StatePaused: handoff.StateHumanActive},
		state.Handback: {handoff.StateHumanActive: handoff.StateAIActive},
		state.Close:    {handoff.StateAIActive: handoff.StateClosed, handoff.StatePaused: handoff.StateClosed, handoff.StateHumanActive: handoff.StateClosed},
		state.Reopen:   {handoff.StateClosed: handoff.StateAIActive},
	}
	for action, ok := range legal {
		for _, from := range all {
			t.Run(string(action)+"/"+string(from), func(t *testing.T) {
				c := &handoff.Conversation{ID: 1, State: from}
				if from == handoff.StateHumanActive {
					c.AssignedAgent, c.AgentName = "sara", "Sara"
				}
				err := state.Apply(c, action, now, "angry_sentiment", sara)
				want, legal := ok[from]
				if !legal {
					if handoff.ErrorCode(err) != handoff.ECONFLICT {
						t.Fatalf("err = %v, want conflict", err)
					}
					if handoff.ErrorState(err) != from || c.State != from {
						t.Fatalf("conflict state = %q, conversation %q, want %q unchanged", handoff.ErrorState(err), c.State, from)
					}
					return
				}
				if err != nil {
					t.Fatalf("unexpected error: %v", err)
				}
				if c.State != want {
					t.Fatalf("state = %q, want %q", c.State, want)
				}
			})
		}
	}
}

func TestClaimIsExclusive(t *testing.T) {
	t.Parallel()
	now := time.Now()
	c := &handoff.Conversation{ID: 7, State: handoff.StatePaused}
	if err := state.Apply(c, state.Claim, now, "", &state.Agent{Name: "sara", DisplayName: "Sara", Team: "Support"}); err != nil {
		t.Fatal(err)
	}
	if c.AgentName != "Sara" || c.AssignedTeam != "Support" || c.FirstClaimAt == nil || c.LastHumanAt == nil {
		t.Fatalf("claim did not record the agent: %+v", c)
	}
	err := state.Apply(c, state.Claim, now, "", &state.Agent{Name: "tom", DisplayName: "Tom"})
	if handoff.ErrorCode(err) != handoff.ECONFLICT || c.AgentName != "Sara" {
		t.Fatalf("second agent: err = %v, agent = %q", err, c.AgentName)
	}
	if err := state.Apply(c, state.Claim, now, "", &state.Agent{Name: "sara"}); handoff.ErrorCode(err) != handoff.ECONFLICT {
		t.Fatalf("re-claim by holder: err = %v, want conflict (already human_active)", err)
	}
	if err := state.Apply(&handoff.Conversation{State: handoff.StatePaused}, state.Claim, now, "", nil); handoff.ErrorCode(err) != handoff.EINVALID {
		t.Fatalf("claim without agent: err = %v", err)
	}
}

func TestPauseRecordsHandoff(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	c := &handoff.Conversation{State: handoff.StateAIActive}
	if err := state.Apply(c, state.Pause, now, "request_human", nil); err != nil {
		t.Fatal(err)
	}
	if c.HandoffReason != "request_human" || c.HandoffCount != 1 || !c.FirstHandoffAt.Equal(now) {
		t.Fatalf("pause bookkeeping wrong: %+v", c)
	}
	later := now.Add(time.Minute)
	if err := state.Apply(c, state.Resume, later, "", nil); err != nil {
		t.Fatal(err)
	}
	if err := state.Apply(c, state.Pause, later, "manual", nil); err != nil {
		t.Fatal(err)
	}
	if c.HandoffCount != 2 || !c.FirstHandoffAt.Equal(now) {
		t.Fatalf("second pause: count %d first %v", c.HandoffCount, c.FirstHandoffAt)
	}
}
