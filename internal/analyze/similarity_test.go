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
