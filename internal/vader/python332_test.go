package vader_test

import (
	"math"
	"testing"

	"github.com/handoffhq/handoff/internal/vader"
)

// TestPython332 documents how this package differs from the reference
// Python implementation, vaderSentiment 3.3.2: the emulation with the seven
// algorithm causes switched back to 3.3.2 reproduces every compound score
// of testdata/reference_scores.jsonl, the output of 3.3.2, and each of the
// seven, switched back alone, changes the score of some text there.
func TestPython332(t *testing.T) {
	t.Parallel()
	rows := mustReadJSONL[golden](t, referencePath)
	if len(rows) < 6000 {
		t.Fatalf("reference_scores.jsonl has %d rows, want at least 6000", len(rows))
	}
	bad, agree := 0, 0
	changed := make(map[string]int)
	for _, r := range rows {
		if got := python332.compound(r.Text); !sameScore(got, r.Compound) {
			if bad++; bad <= 20 {
				t.Errorf("emulated 3.3.2 scores %v, 3.3.2 %v: %q", got, r.Compound, r.Text)
			}
		}
		ours := handoffModel.compound(r.Text)
		if math.Abs(vader.Compound(r.Text)-r.Compound) <= 0.01+1e-9 {
			agree++
		}
		for _, c := range algorithmCauses {
			if math.Abs(handoffModel.without(c).compound(r.Text)-ours) > 1e-9 {
				changed[c]++
			}
		}
	}
	if bad > 0 {
		t.Errorf("%d of %d texts differ from 3.3.2", bad, len(rows))
	}
	for _, c := range algorithmCauses {
		if changed[c] == 0 {
			t.Errorf("cause %s changes no score: %s", c, causes[c])
		}
	}
	t.Logf("Compound within 0.01 of 3.3.2 on %d of %d texts (%.1f%%); texts changed by each cause switched back: %v",
		agree, len(rows), 100*float64(agree)/float64(len(rows)), changed)
}
