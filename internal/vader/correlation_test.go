package vader_test

import (
	"math"
	"strconv"
	"strings"
	"testing"

	"github.com/handoffhq/handoff/internal/eval"
	"github.com/handoffhq/handoff/internal/vader"
)

// goldDir holds the human-rated texts of Hutto & Gilbert (2014), shared with
// the handoff eval command.
const goldDir = "../../testdata/vader-gold/"

// TestGoldCorrelation checks the Pearson correlation between Compound and
// the mean human rating on each gold file: within 0.005 of the r of the
// vader-sentiment 1.1.3 npm port (docs/quality.md), and at least 0.875 on
// the tweets.
func TestGoldCorrelation(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		file  string
		js    float64 // r of the npm port
		floor float64
	}{
		{"tweets_GroundTruth.txt", 0.8793, 0.875},
		{"movieReviewSnippets_GroundTruth.txt", 0.4175, 0},
		{"amazonReviewSnippets_GroundTruth.txt", 0.5717, 0},
		{"nytEditorialSnippets_GroundTruth.txt", 0.4923, 0},
	} {
		t.Run(tt.file, func(t *testing.T) {
			t.Parallel()
			var got, want []float64
			for _, line := range mustReadLines(t, goldDir+tt.file) {
				fields := strings.SplitN(line, "\t", 3)
				if len(fields) != 3 {
					t.Fatalf("malformed line %q", line)
				}
				rating, err := strconv.ParseFloat(fields[1], 64)
				if err != nil {
					t.Fatalf("line %q: %v", line, err)
				}
				want = append(want, rating)
				got = append(got, vader.Compound(fields[2]))
			}
			r := eval.Pearson(got, want)
			t.Logf("%s: n=%d r=%.4f, npm port %.4f", tt.file, len(got), r, tt.js)
			if math.Abs(r-tt.js) > 0.005 || r < tt.floor {
				t.Errorf("%s: r = %.4f, want within 0.005 of the npm port's %.4f and at least %.3f", tt.file, r, tt.js, tt.floor)
			}
		})
	}
}
