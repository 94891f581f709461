package vader_test

import (
	"bufio"
	"fmt"
	"os"
	"strings"
	"sync"
	"testing"

	"github.com/handoffhq/handoff/internal/vader"
)

// TestPolarityScores checks each rule of the reference algorithm on real
// sentences. The expected scores are those of the reference Python
// implementation (vaderSentiment 3.3.2) for the same text.
func TestPolarityScores(t *testing.T) {
	t.Parallel()
	tests := []struct {
		rule string
		text string
		want vader.Scores
	}{
		{"baseline", "The support was good.", vader.Scores{Neg: 0, Neu: 0.263, Pos: 0.737, Compound: 0.6808}},
		{"negation", "The support was not good.", vader.Scores{Neg: 0.297, Neu: 0.37, Pos: 0.333, Compound: 0.0757}},
		{"negation", "The support wasn't good.", vader.Scores{Neg: 0.339, Neu: 0.281, Pos: 0.38, Compound: 0.0757}},
		{"negation", "The support was never good.", vader.Scores{Neg: 0.297, Neu: 0.37, Pos: 0.333, Compound: 0.0757}},
		{"negation", "Not good at all.", vader.Scores{Neg: 0.445, Neu: 0.555, Pos: 0, Compound: -0.3412}},
		{"negation", "I don't think the support was good.", vader.Scores{Neg: 0.222, Neu: 0.492, Pos: 0.285, Compound: 0.1635}},
		{"negation", "It isn't bad at all.", vader.Scores{Neg: 0, Neu: 0.584, Pos: 0.416, Compound: 0.431}},
		{"negation", "Nothing about this was pleasant.", vader.Scores{Neg: 0, Neu: 0.548, Pos: 0.452, Compound: 0.5106}},
		{"never so/this", "I have never been so happy with an order.", vader.Scores{Neg: 0, Neu: 0.628, Pos: 0.372, Compound: 0.6948}},
		{"never so/this", "Support has never been this helpful!", vader.Scores{Neg: 0, Neu: 0.391, Pos: 0.609, Compound: 0.7385}},
		{"without doubt", "Without a doubt, excellent support.", vader.Scores{Neg: 0, Neu: 0.19, Pos: 0.81, Compound: 0.8181}},
		{"without doubt", "Without doubt excellent support.", vader.Scores{Neg: 0, Neu: 0.105, Pos: 0.895, Compound: 0.8181}},
		{"booster", "The support was very good.", vader.Scores{Neg: 0, Neu: 0.337, Pos: 0.663, Compound: 0.7089}},
		{"booster", "The support was extremely helpful.", vader.Scores{Neg: 0, Neu: 0.341, Pos: 0.659, Compound: 0.6997}},
		{"booster", "The delivery was really very slow and bad.", vader.Scores{Neg: 0.35, Neu: 0.65, Pos: 0, Compound: -0.5809}},
		{"booster", "The refund was incredibly bad.", vader.Scores{Neg: 0.487, Neu: 0.513, Pos: 0, Compound: -0.5849}},
		{"dampener", "The support was slightly helpful.", vader.Scores{Neg: 0, Neu: 0.366, Pos: 0.634, Compound: 0.6378}},
		{"dampener", "The support was barely good.", vader.Scores{Neg: 0, Neu: 0.361, Pos: 0.639, Compound: 0.6494}},
		{"dampener", "The replacement is somewhat better.", vader.Scores{Neg: 0, Neu: 0.605, Pos: 0.395, Compound: 0.3832}},
		{"caps", "The support was GOOD.", vader.Scores{Neg: 0, Neu: 0.24, Pos: 0.76, Compound: 0.7456}},
		{"caps", "The support was VERY good.", vader.Scores{Neg: 0, Neu: 0.312, Pos: 0.688, Compound: 0.7668}},
		{"caps", "THE SUPPORT WAS GOOD.", vader.Scores{Neg: 0, Neu: 0.263, Pos: 0.737, Compound: 0.6808}},
		{"caps", "This is TERRIBLE service.", vader.Scores{Neg: 0.561, Neu: 0.439, Pos: 0, Compound: -0.5904}},
		{"exclamation", "The support was good!", vader.Scores{Neg: 0, Neu: 0.253, Pos: 0.747, Compound: 0.7088}},
		{"exclamation", "The support was good!!", vader.Scores{Neg: 0, Neu: 0.244, Pos: 0.756, Compound: 0.7339}},
		{"exclamation", "The support was good!!!!!!", vader.Scores{Neg: 0, Neu: 0.228, Pos: 0.772, Compound: 0.7762}},
		{"exclamation", "I hate this!!!", vader.Scores{Neg: 0.696, Neu: 0.304, Pos: 0, Compound: -0.6784}},
		{"question", "Is the support good?", vader.Scores{Neg: 0, Neu: 0.263, Pos: 0.737, Compound: 0.6808}},
		{"question", "Is the support good??", vader.Scores{Neg: 0, Neu: 0.251, Pos: 0.749, Compound: 0.7149}},
		{"question", "Is the support good???", vader.Scores{Neg: 0, Neu: 0.246, Pos: 0.754, Compound: 0.7303}},
		{"question", "Is the support good?????", vader.Scores{Neg: 0, Neu: 0.234, Pos: 0.766, Compound: 0.7622}},
		{"question", "Where is my order??", vader.Scores{Neg: 0, Neu: 1, Pos: 0, Compound: 0}},
		{"but", "The product is great but the delivery was terrible.", vader.Scores{Neg: 0.303, Neu: 0.511, Pos: 0.186, Compound: -0.3818}},
		{"but", "The delivery was terrible but the product is great.", vader.Scores{Neg: 0.139, Neu: 0.476, Pos: 0.384, Compound: 0.6808}},
		{"but", "It's good but good is not enough.", vader.Scores{Neg: 0, Neu: 0.463, Pos: 0.537, Compound: 0.7003}},
		{"kind of", "The support was kind of good.", vader.Scores{Neg: 0, Neu: 0.43, Pos: 0.57, Compound: 0.6494}},
		{"kind of", "The support was kinda good.", vader.Scores{Neg: 0, Neu: 0.361, Pos: 0.639, Compound: 0.6494}},
		{"kind of", "The checkout is sort of confusing.", vader.Scores{Neg: 0.305, Neu: 0.695, Pos: 0, Compound: -0.2944}},
		{"least", "This is the least helpful answer.", vader.Scores{Neg: 0.318, Neu: 0.682, Pos: 0, Compound: -0.3252}},
		{"least", "At least the courier was friendly.", vader.Scores{Neg: 0, Neu: 0.61, Pos: 0.39, Compound: 0.4939}},
		{"least", "Least helpful answer ever.", vader.Scores{Neg: 0.437, Neu: 0.563, Pos: 0, Compound: -0.3252}},
		{"idiom", "Your support team is the bomb.", vader.Scores{Neg: 0, Neu: 0.374, Pos: 0.626, Compound: 0.7717}},
		{"idiom", "Oh yeah right, great service.", vader.Scores{Neg: 0.366, Neu: 0.366, Pos: 0.268, Compound: -0.2023}},
		{"idiom", "Honestly that cake is to die for.", vader.Scores{Neg: 0.328, Neu: 0.42, Pos: 0.252, Compound: -0.2263}},
		{"idiom", "It was a broken heart moment for us.", vader.Scores{Neg: 0.565, Neu: 0.435, Pos: 0, Compound: -0.8316}},
		{"idiom", "I waited at the bus stop.", vader.Scores{Neg: 0, Neu: 1, Pos: 0, Compound: 0}},
		{"idiom", "Your support is bad ass.", vader.Scores{Neg: 0.327, Neu: 0.187, Pos: 0.486, Compound: 0.1779}},
		{"no", "No problem at all.", vader.Scores{Neg: 0, Neu: 0.571, Pos: 0.429, Compound: 0.3089}},
		{"no", "There is no help in this FAQ.", vader.Scores{Neg: 0.273, Neu: 0.727, Pos: 0, Compound: -0.3089}},
		{"no", "It has no love nor support.", vader.Scores{Neg: 0.362, Neu: 0.43, Pos: 0.208, Compound: -0.3479}},
		{"no", "No.", vader.Scores{Neg: 0, Neu: 1, Pos: 0, Compound: 0}},
		{"emoticon", "Thanks :)", vader.Scores{Neg: 0, Neu: 0, Pos: 1, Compound: 0.7096}},
		{"emoticon", "Still waiting :(", vader.Scores{Neg: 0.592, Neu: 0.408, Pos: 0, Compound: -0.4404}},
		{"emoticon", "Love this shop <3", vader.Scores{Neg: 0, Neu: 0.22, Pos: 0.78, Compound: 0.7964}},
		{"emoticon", "That's hilarious :D", vader.Scores{Neg: 0, Neu: 0.129, Pos: 0.871, Compound: 0.7739}},
		{"emoticon", "Still waiting :-(", vader.Scores{Neg: 0.556, Neu: 0.444, Pos: 0, Compound: -0.3612}},
		{"emoji", "🙂", vader.Scores{Neg: 0, Neu: 0.425, Pos: 0.575, Compound: 0.4033}},
		{"emoji", "😠", vader.Scores{Neg: 0.767, Neu: 0.233, Pos: 0, Compound: -0.5106}},
		{"emoji", "👍", vader.Scores{Neg: 0, Neu: 1, Pos: 0, Compound: 0}},
		{"emoji", "Perfect ❤️", vader.Scores{Neg: 0, Neu: 0.351, Pos: 0.649, Compound: 0.5719}},
		{"emoji", "Great😀", vader.Scores{Neg: 0, Neu: 0.132, Pos: 0.868, Compound: 0.765}},
		{"emoji", "😀hi", vader.Scores{Neg: 0, Neu: 0.286, Pos: 0.714, Compound: 0.3612}},
		{"emoji", "😡", vader.Scores{Neg: 0, Neu: 1, Pos: 0, Compound: 0}},
		{"neutral", "Please cancel my subscription.", vader.Scores{Neg: 0.317, Neu: 0.317, Pos: 0.365, Compound: 0.0772}},
		{"neutral", "", vader.Scores{Neg: 0, Neu: 0, Pos: 0, Compound: 0}},
		{"neutral", "   ", vader.Scores{Neg: 0, Neu: 0, Pos: 0, Compound: 0}},
		{"neutral", "!!!", vader.Scores{Neg: 0, Neu: 1, Pos: 0, Compound: 0}},
		{"but (list.index)", "It was brilliantly done, but I agree.", vader.Scores{Neg: 0, Neu: 0.541, Pos: 0.459, Compound: 0.5023}},
		{"emoji", "The box was crushed 😢", vader.Scores{Neg: 0.596, Neu: 0.404, Pos: 0, Compound: -0.7096}},
		{"emoji", "Great 😀 thanks", vader.Scores{Neg: 0, Neu: 0.095, Pos: 0.905, Compound: 0.8591}},
	}
	for _, tt := range tests {
		t.Run(tt.rule+"/"+tt.text, func(t *testing.T) {
			t.Parallel()
			if got := vader.PolarityScores(tt.text); got != tt.want {
				t.Errorf("PolarityScores(%q) = %+v, want %+v", tt.text, got, tt.want)
			}
			if got := vader.Compound(tt.text); got != tt.want.Compound {
				t.Errorf("Compound(%q) = %v, want %v", tt.text, got, tt.want.Compound)
			}
		})
	}
}

// TestRuleDirections checks the direction of each rule against a baseline,
// independently of exact values.
func TestRuleDirections(t *testing.T) {
	t.Parallel()
	c := vader.Compound
	base := c("The support was good.")
	checks := []struct {
		name string
		ok   bool
	}{
		{"negation lowers", c("The agent was not helpful.") < c("The agent was helpful.")},
		{"booster raises", c("The support was very good.") > base},
		{"dampener lowers", c("The support was kind of good.") < base},
		{"caps raise", c("The support was GOOD.") > base},
		{"exclamation raises", c("The support was good!") > base},
		{"four exclamation marks cap", c("The support was good!!!!") == c("The support was good!!!!!!!!")},
		{"one question mark is neutral", c("Is the support good?") == base},
		{"two question marks raise", c("Is the support good??") > base},
		{"but favours the second clause", c("The app is great but the delivery was terrible.") < 0},
		{"emoji count", c("😠") < 0 && c("🙂") > 0},
		{"emoticons count", c(":(") < 0 && c(":)") > 0},
		// Polite replies must stay clear of the angry_sentiment threshold (-0.6): the older
		// VADER of the npm port reads "no" as negative and misses capitalised negations.
		{"no negates the word after it", c("No worries!") > 0 && c("no worries, I'll have a look on the site") > 0},
		{"capitalised negation negates", c("Not terrible, just not what I expected") > 0 && c("Not bad at all") > 0},
	}
	for _, ck := range checks {
		if !ck.ok {
			t.Errorf("%s: does not hold", ck.name)
		}
	}
}

// TestScoresRange checks the ranges and the sum of the proportions on the
// chat lines.
func TestScoresRange(t *testing.T) {
	t.Parallel()
	for _, text := range mustReadLines(t, "testdata/chat_lines.txt") {
		s := vader.PolarityScores(text)
		if s.Compound < -1 || s.Compound > 1 {
			t.Errorf("%q: compound %v out of [-1,1]", text, s.Compound)
		}
		for _, p := range []float64{s.Neg, s.Neu, s.Pos} {
			if p < 0 || p > 1 {
				t.Errorf("%q: proportion %v out of [0,1]", text, p)
			}
		}
		if sum := s.Neg + s.Neu + s.Pos; sum < 0.997 || sum > 1.003 {
			t.Errorf("%q: proportions sum to %v", text, sum)
		}
	}
}

// TestConcurrent scores the same texts from many goroutines and expects
// the sequential results.
func TestConcurrent(t *testing.T) {
	t.Parallel()
	texts := mustReadLines(t, "testdata/bench_texts.txt")
	want := make([]vader.Scores, len(texts))
	for i, text := range texts {
		want[i] = vader.PolarityScores(text)
	}
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Go(func() {
			for r := range 5 {
				for i := range texts {
					k := (i + g*31 + r*7) % len(texts)
					if got := vader.PolarityScores(texts[k]); got != want[k] {
						t.Errorf("goroutine %d: PolarityScores(%q) = %+v, want %+v", g, texts[k], got, want[k])
						return
					}
				}
			}
		})
	}
	wg.Wait()
}

// TestNoAllocs checks that scoring text without emoji allocates nothing.
func TestNoAllocs(t *testing.T) {
	if raceEnabled {
		t.Skip("sync.Pool drops items under the race detector")
	}
	text := "The app is GREAT but the website is awful, I'm not happy :( at all!!"
	vader.Compound(text)
	if n := testing.AllocsPerRun(100, func() { vader.Compound(text) }); n > 0 {
		t.Errorf("Compound allocates %v times per call, want 0", n)
	}
}

// TestButLongText checks that the "but" rule gives the same result on texts
// short enough for the direct scan and long enough for the index.
func TestButLongText(t *testing.T) {
	t.Parallel()
	words := strings.Fields("good bad great not very no love hate GOOD x kind of :) least nice brilliantly agree")
	for seed := range 50 {
		n := 20 + seed*13
		sent := make([]float64, n)
		for i := range sent {
			w := words[(i*7+seed*3+i*i)%len(words)]
			sent[i] = float64(len(w)%5) - 2 // many equal values
		}
		bi := (seed * 17) % n
		a := append([]float64(nil), sent...)
		b := append([]float64(nil), sent...)
		vader.ButScan(a, bi)
		vader.ButIndexed(b, bi)
		for i := range a {
			if a[i] != b[i] {
				t.Fatalf("seed %d: position %d: scan %v, index %v", seed, i, a[i], b[i])
			}
		}
	}
}

func ExamplePolarityScores() {
	s := vader.PolarityScores("The app is GREAT but the delivery was slow and the box was damaged :(")
	fmt.Printf("neg %.3f neu %.3f pos %.3f compound %.4f\n", s.Neg, s.Neu, s.Pos, s.Compound)
	fmt.Println(vader.Compound("Thanks so much, that fixed it!"))
	// Output:
	// neg 0.340 neu 0.531 pos 0.129 compound -0.6988
	// 0.4926
}

// BenchmarkCompound scores a realistic mix of customer chat messages
// (testdata/bench_texts.txt, the file bench/vader-js/bench.js reads too).
func BenchmarkCompound(b *testing.B) {
	texts := mustReadLines(b, "testdata/bench_texts.txt")
	long := strings.Repeat("The courier left the parcel in the rain and it was ruined, but your team replaced it quickly. ", 20)
	for _, bc := range []struct {
		name  string
		texts []string
	}{
		{"chat", texts},
		{"long", []string{long}},
	} {
		b.Run(bc.name, func(b *testing.B) {
			b.ReportAllocs()
			msgs := 0
			for b.Loop() {
				for _, text := range bc.texts {
					vader.Compound(text)
				}
				msgs += len(bc.texts)
			}
			b.ReportMetric(float64(msgs)/b.Elapsed().Seconds(), "msgs/s")
		})
	}
}

// mustReadLines returns the non-empty lines of a file that do not start
// with "#".
func mustReadLines(tb testing.TB, name string) []string {
	tb.Helper()
	f, err := os.Open(name)
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	var lines []string
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		if line := strings.TrimRight(sc.Text(), "\r"); line != "" && !strings.HasPrefix(line, "#") {
			lines = append(lines, line)
		}
	}
	if err := sc.Err(); err != nil {
		tb.Fatal(err)
	}
	return lines
}
