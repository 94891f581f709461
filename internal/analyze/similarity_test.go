package analyze_test

import (
	"testing"

	"github.com/handoffhq/handoff/internal/analyze"
)

func TestSimilarity(t *testing.T) {
	t.Parallel()
	tests := []struct {
		a, b     string
		min, max float64
	}{
		{"where is my order", "where is my order", 1, 1},
		{"where is my order", "Where is my order??", 0.9, 1},
		{"where's my order", "where is my order", 0.9, 1},
		{"I want a refund for order 1234", "i want a refund for order 1234!!!", 0.9, 1},
		{"my parcel hasn't arrived", "my parcel still hasn't arrived, where is it", 0.5, 1},
		{"I still haven't received my refund", "still no refund received", 0.5, 1},
		{"where is my order", "do you ship to canada", 0, 0.3},
		{"my parcel hasn't arrived", "what are your opening hours on sunday", 0, 0.3},
		{"can I change my password", "the blue jacket in size M please", 0, 0.3},
		{"", "where is my order", 0, 0},
		{"???", "!!!", 0, 0},
	}
	for _, tt := range tests {
		got := analyze.Similarity(tt.a, tt.b)
		if got < tt.min || got > tt.max {
			t.Errorf("Similarity(%q, %q) = %.2f, want in [%.2f, %.2f]", tt.a, tt.b, got, tt.min, tt.max)
		}
		if back := analyze.Similarity(tt.b, tt.a); back != got {
			t.Errorf("Similarity is not symmetric for %q and %q: %.3f vs %.3f", tt.a, tt.b, got, back)
		}
	}
}

// TestRepetitionClosing covers a clause that ends on the customer having
// asked already ("I already asked this.", "I told you that already", "I've
// already asked.") and a
// reply rejected as one the bot keeps giving ("please stop offering me
// credit"); beside them the same words ahead of something new and a calm
// "stop sending me emails".
func TestRepetitionClosing(t *testing.T) {
	t.Parallel()
	tests := []repetitionCase{
		{[]string{"How do I cancel my subscription?"}, "I want to CANCEL it. How do I cancel. I already asked this.", 0.8, 1},
		{[]string{"is it waterproof?"}, "I asked that already.", 0.8, 1},
		{[]string{"which size?"}, "I've already told you that. Medium", 0.8, 1},
		{[]string{"Can I get a refund instead of store credit?"}, "I returned it on day 12. I'm asking for a REFUND, not store credit, please stop offering me credit.", 0.8, 1},
		{[]string{"when will it ship?"}, "please stop telling me to check the tracking page", 0.5, 1},

		{[]string{"How do I cancel my subscription?"}, "I don't want to pause it. How do I CANCEL it. I've already asked.", 0.8, 1},
		{[]string{"where's my refund?"}, "I asked already.", 0.8, 1},

		{[]string{"hi"}, "I already asked this in store and they said to message you", 0, 0.79},
		{[]string{"hi"}, "I've already asked my bank and they said it's you", 0, 0.79},
		{[]string{"hi"}, "have I already asked? sorry", 0, 0.79},
		{[]string{"hi"}, "I already said that I'm happy with the colour", 0, 0.79},
		{[]string{"hi"}, "please stop sending me marketing emails", 0, 0.79},
		{[]string{"hi"}, "can you stop offering free delivery codes by text?", 0, 0.3},
		{[]string{"hi"}, "I asked that question to your colleague last week and she was lovely", 0, 0.79},
	}
	checkRepetition(t, tests)
}
