package analyze_test

import (
	"math"
	"testing"

	"github.com/handoffhq/handoff"
	"github.com/handoffhq/handoff/internal/analyze"
)

func TestHedging(t *testing.T) {
	t.Parallel()
	tests := []scoreCase{
		{"Your order ships in 2 days.", 0, 0},
		{"Sure! You can return items within 30 days.", 0, 0.1},
		{"It might arrive on Friday.", 0.05, 0.3},
		{"I'm not sure, but I think it ships in 3 days.", 0.7, 1},
		{"I can't help with that.", 0.7, 1},
		{"I don't have access to your account details.", 0.7, 1},
		{"I'm unable to change your booking.", 0.7, 1},
		{"I don't know.", 0.7, 1},
		{"You may want to contact our support team.", 0.5, 1},
		{"I'm sorry, I didn't understand that. Could you rephrase?", 0.5, 1},
	}
	checkScores(t, "Hedging", analyze.Hedging, tests)
}

func TestMessageUncertainty(t *testing.T) {
	t.Parallel()
	tests := []struct {
		text string
		conf *float64
		want float64
	}{
		{"Your order ships in 2 days.", ptr(0.9), 0.1},
		{"Your order ships in 2 days.", ptr(0.2), 0.8},
		{"Your order ships in 2 days.", nil, 0},
		{"I don't know.", nil, analyze.Hedging("I don't know.")},
		{"I don't know.", ptr(0.9), 1 - 0.9*(1-analyze.Hedging("I don't know."))},
		{"Your order ships in 2 days.", ptr(1.7), 0},
	}
	for _, tt := range tests {
		m := &handoff.Message{Role: handoff.RoleAI, Text: tt.text, Confidence: tt.conf}
		if got := analyze.MessageUncertainty(m); math.Abs(got-tt.want) > 1e-9 {
			t.Errorf("MessageUncertainty(%q, %v) = %.3f, want %.3f", tt.text, deref(tt.conf), got, tt.want)
		}
	}
}

func TestUncertainty(t *testing.T) {
	t.Parallel()
	history := []*handoff.Message{
		{Role: handoff.RoleCustomer, Text: "where is my order"},
		{Role: handoff.RoleAI, Text: "It ships tomorrow.", Confidence: ptr(0.7)},
		{Role: handoff.RoleCustomer, Text: "it said that yesterday"},
		{Role: handoff.RoleAI, Text: "It ships tomorrow.", Confidence: ptr(0.4)},
		{Role: handoff.RoleAgent, Text: "Hi, Sara here, let me check."},
		nil,
	}
	last, prev := analyze.Uncertainty(history)
	if math.Abs(last-0.6) > 1e-9 || math.Abs(prev-0.3) > 1e-9 {
		t.Errorf("Uncertainty = %.3f, %.3f; want 0.6 (last AI reply), 0.3 (the one before)", last, prev)
	}
	if last, prev := analyze.Uncertainty(history[:1]); last != 0 || prev != 0 {
		t.Errorf("Uncertainty without AI replies = %.3f, %.3f; want 0, 0", last, prev)
	}
}

func ptr(f float64) *float64 { return &f }

func deref(f *float64) any {
	if f == nil {
		return nil
	}
	return *f
}
