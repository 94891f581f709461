package eval_test

import (
	"math"
	"testing"

	"github.com/handoffhq/handoff/internal/eval"
)

func TestPearson(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		x, y []float64
		want float64 // NaN for undefined
	}{
		{"perfect", []float64{1, 2, 3, 4}, []float64{2, 4, 6, 8}, 1},
		{"inverse", []float64{1, 2, 3, 4}, []float64{8, 6, 4, 2}, -1},
		{"scale and shift do not matter", []float64{-1, 0, 0.5, 1}, []float64{-4, 0, 2, 4}, 1},
		{"by hand", []float64{1, 2, 3}, []float64{1, 3, 2}, 0.5},
		{"uncorrelated", []float64{1, 2, 3, 4}, []float64{1, -1, -1, 1}, 0},
		{"constant", []float64{1, 1, 1}, []float64{1, 2, 3}, math.NaN()},
		{"one value", []float64{1}, []float64{2}, math.NaN()},
		{"lengths differ", []float64{1, 2, 3}, []float64{1, 2}, math.NaN()},
	}
	for _, tt := range tests {
		got := eval.Pearson(tt.x, tt.y)
		if math.IsNaN(tt.want) != math.IsNaN(got) || !math.IsNaN(got) && math.Abs(got-tt.want) > 1e-12 {
			t.Errorf("%s: Pearson = %v, want %v", tt.name, got, tt.want)
		}
	}
}

func TestMAE(t *testing.T) {
	t.Parallel()
	tests := []struct {
		x, y []float64
		want float64
	}{
		{[]float64{0, 0}, []float64{0, 0}, 0},
		{[]float64{1, -1}, []float64{0, 0}, 1},
		{[]float64{0.5, -0.25, 1}, []float64{0, 0.25, 1}, 1.0 / 3},
		{nil, nil, math.NaN()},
		{[]float64{1}, []float64{1, 2}, math.NaN()},
	}
	for _, tt := range tests {
		got := eval.MAE(tt.x, tt.y)
		if math.IsNaN(tt.want) != math.IsNaN(got) || !math.IsNaN(got) && math.Abs(got-tt.want) > 1e-12 {
			t.Errorf("MAE(%v, %v) = %v, want %v", tt.x, tt.y, got, tt.want)
		}
	}
}

func TestPolarity(t *testing.T) {
	t.Parallel()
	tests := []struct {
		v    float64
		want int
	}{{0.05, 1}, {0.0499, 0}, {0, 0}, {-0.0499, 0}, {-0.05, -1}, {1, 1}, {-1, -1}}
	for _, tt := range tests {
		if got := eval.Polarity(tt.v); got != tt.want {
			t.Errorf("Polarity(%v) = %d, want %d", tt.v, got, tt.want)
		}
	}
}

func TestConfusion(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name                                    string
		decisions                               [][2]bool // want, got
		precision, recall, f1, fpRate, accuracy float64
	}{
		{"empty", nil, 0, 0, 0, 0, 0},
		{"perfect", [][2]bool{{true, true}, {false, false}}, 1, 1, 1, 0, 1},
		{"one of each", [][2]bool{{true, true}, {false, true}, {true, false}, {false, false}}, 0.5, 0.5, 0.5, 0.5, 0.5},
		{"all predicted positive", [][2]bool{{true, true}, {false, true}, {false, true}, {false, true}}, 0.25, 1, 0.4, 1, 0.25},
		{"nothing predicted", [][2]bool{{true, false}, {false, false}}, 0, 0, 0, 0, 0.5},
	}
	for _, tt := range tests {
		var c eval.Confusion
		for _, d := range tt.decisions {
			c.Add(d[0], d[1])
		}
		if c.N() != len(tt.decisions) {
			t.Errorf("%s: N = %d, want %d", tt.name, c.N(), len(tt.decisions))
		}
		for _, m := range []struct {
			metric    string
			got, want float64
		}{
			{"precision", c.Precision(), tt.precision},
			{"recall", c.Recall(), tt.recall},
			{"F1", c.F1(), tt.f1},
			{"false positive rate", c.FalsePositiveRate(), tt.fpRate},
			{"accuracy", c.Accuracy(), tt.accuracy},
		} {
			if math.Abs(m.got-m.want) > 1e-12 {
				t.Errorf("%s: %s = %v, want %v (%+v)", tt.name, m.metric, m.got, m.want, c)
			}
		}
	}
}
