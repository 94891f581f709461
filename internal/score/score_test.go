package score_test

import (
	"math"
	"testing"
	"time"

	"github.com/handoffhq/handoff"
	"github.com/handoffhq/handoff/internal/score"
)

func TestCompute(t *testing.T) {
	t.Parallel()
	t0 := time.Date(2026, 11, 25, 12, 0, 0, 0, time.UTC)
	at := func(d time.Duration) *time.Time { x := t0.Add(d); return &x }
	cust := func(s float64) *handoff.Message {
		return &handoff.Message{Role: handoff.RoleCustomer, Signals: &handoff.Signals{Sentiment: s}}
	}
	agent := &handoff.Message{Role: handoff.RoleAgent}
	tests := []struct {
		name     string
		conv     handoff.Conversation
		msgs     []*handoff.Message
		resolved bool
		check    func(t *testing.T, s handoff.Score)
	}{
		{"routine, no handoff", handoff.Conversation{}, []*handoff.Message{cust(0.4), cust(0.6)}, true, func(t *testing.T, s handoff.Score) {
			if s.Total != 1 || s.Parts.Handoff {
				t.Fatalf("%+v", s)
			}
		}},
		{"fast claim, mood recovered", handoff.Conversation{FirstHandoffAt: at(0), FirstClaimAt: at(time.Minute), FirstHandoffReason: "angry_sentiment", Tags: []string{"angry"}},
			[]*handoff.Message{cust(-0.8), agent, cust(-0.2), agent, cust(0.5)}, true, func(t *testing.T, s handoff.Score) {
				if s.Rule != "angry_sentiment" || s.Parts.SentimentRecovery != 1 || s.Parts.TimeToHuman != 1 || s.Parts.FalseHandoff || s.Parts.TimeToHumanSecs != 60 {
					t.Fatalf("%+v", s)
				}
			}},
		{"nobody came", handoff.Conversation{FirstHandoffAt: at(0), FirstHandoffReason: "complex_issue"}, []*handoff.Message{cust(-0.5), cust(-0.5)}, false, func(t *testing.T, s handoff.Score) {
			if s.Parts.TimeToHuman != 0 || s.Parts.SentimentRecovery != 0 || s.Parts.Resolved != 0 || s.Total > 0.3 {
				t.Fatalf("%+v", s)
			}
		}},
		{"late handoff", handoff.Conversation{FirstHandoffAt: at(0), FirstClaimAt: at(30 * time.Second), AITurnsAtRisk: 3, FirstHandoffReason: "frustration_loop"},
			[]*handoff.Message{cust(-0.3), agent, agent}, true, func(t *testing.T, s handoff.Score) {
				if s.Parts.LateHandoff != 0 || s.Parts.AITurnsLate != 3 {
					t.Fatalf("%+v", s)
				}
			}},
		{"unneeded handoff", handoff.Conversation{FirstHandoffAt: at(0), FirstClaimAt: at(time.Minute), FirstHandoffReason: "complex_issue"},
			[]*handoff.Message{cust(0.1), agent}, true, func(t *testing.T, s handoff.Score) {
				if !s.Parts.FalseHandoff || s.Parts.NeededHandoff != 0 {
					t.Fatalf("%+v", s)
				}
			}},
		{"slow claim decays", handoff.Conversation{FirstHandoffAt: at(0), FirstClaimAt: at(11 * time.Minute), Tags: []string{"human_requested"}},
			[]*handoff.Message{cust(0)}, true, func(t *testing.T, s handoff.Score) {
				if math.Abs(s.Parts.TimeToHuman-0.5) > 0.01 {
					t.Fatalf("time to human = %v, want 0.5 at 11 min", s.Parts.TimeToHuman)
				}
			}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := score.Compute(&tt.conv, tt.msgs, tt.resolved, t0.Add(time.Hour))
			if s.Total < 0 || s.Total > 1 {
				t.Fatalf("total %v out of range", s.Total)
			}
			tt.check(t, s)
		})
	}
}
