package vader_test

import (
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
// the mean human rating on each gold file. The floors sit just below what
// the reference implementation reaches (tweets 0.8722, movie reviews 0.4276,
// Amazon reviews 0.5896, NYT editorials 0.5029).
func TestGoldCorrelation(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		file  string
		floor float64
	}{
		{"tweets_GroundTruth.txt", 0.870},
		{"movieReviewSnippets_GroundTruth.txt", 0.425},
		{"amazonReviewSnippets_GroundTruth.txt", 0.585},
		{"nytEditorialSnippets_GroundTruth.txt", 0.500},
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
			t.Logf("%s: n=%d r=%.4f", tt.file, len(got), r)
			if r < tt.floor {
				t.Errorf("%s: r = %.4f, want >= %.3f", tt.file, r, tt.floor)
			}
		})
	}
}
