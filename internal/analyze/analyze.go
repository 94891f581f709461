package analyze

import (
	"github.com/handoffhq/handoff"
	"github.com/handoffhq/handoff/internal/vader"
)

// Config tunes the analyzer; the zero value uses the shipped defaults.
type Config struct {
	Keywords []string // configured keywords/phrases (case-insensitive, word-boundary, multi-word)
}

// Analyzer computes signals. It is safe for concurrent use.
type Analyzer struct {
	keywords []keyword
}

// New returns an Analyzer for cfg.
func New(cfg Config) *Analyzer {
	return &Analyzer{keywords: compileKeywords(cfg.Keywords)}
}

// Keywords returns the configured keywords as they are reported: lower-cased,
// with single spaces, without empty or repeated entries, in configured order.
func (a *Analyzer) Keywords() []string {
	out := make([]string, len(a.keywords))
	for i, k := range a.keywords {
		out[i] = k.name
	}
	return out
}

// Analyze returns the signals for msg (a customer message) given the conversation so far
// (history: earlier messages of all roles, oldest first, not including msg).
func (a *Analyzer) Analyze(history []*handoff.Message, msg *handoff.Message) handoff.Signals {
	text := ""
	if msg != nil {
		text = msg.Text
	}
	d := parse(text)
	var s handoff.Signals
	s.Sentiment = vader.Compound(text)

	// Earlier customer messages, newest first, as many as any signal needs.
	var earlier []*handoff.Message
	for i := len(history) - 1; i >= 0; i-- {
		m := history[i]
		if m == nil || m.Role == handoff.RoleSystem {
			continue
		}
		s.TurnCount++
		if m.Role == handoff.RoleCustomer {
			s.MessageCount++
			if len(earlier) < repWindow {
				earlier = append(earlier, m)
			}
		}
	}
	s.TurnCount++
	s.MessageCount++

	sentiments := make([]float64, 0, sentimentWindow)
	for i := min(len(earlier), sentimentWindow-1) - 1; i >= 0; i-- {
		sentiments = append(sentiments, vader.Compound(earlier[i].Text))
	}
	sentiments = append(sentiments, s.Sentiment)
	s.SentimentAvg = mean(sentiments)
	s.SentimentTrend = slope(sentiments)

	s.RequestHuman, s.RequestHumanConfidence = requestHuman(d)
	s.NegativeTone = negativeTone(d, s.Sentiment)

	if len(earlier) > 0 {
		f := featuresOf(d)
		for _, m := range earlier {
			s.Repetition = max(s.Repetition, f.similarity(featuresOf(parse(m.Text))))
		}
	}
	s.Complexity = complexity(d, s.Repetition)
	s.Uncertainty, s.UncertaintyPrev = Uncertainty(history)
	s.Keywords = findKeywords(a.keywords, d.words)
	s.EscalationScore = EscalationScore(s)
	return s
}

func mean(xs []float64) float64 {
	if len(xs) == 0 {
		return 0
	}
	sum := 0.0
	for _, x := range xs {
		sum += x
	}
	return sum / float64(len(xs))
}

// slope is the least-squares slope of xs against 0, 1, 2, …; 0 for fewer
// than two values.
func slope(xs []float64) float64 {
	n := float64(len(xs))
	if n < 2 {
		return 0
	}
	mx, my := (n-1)/2, mean(xs)
	var num, den float64
	for i, y := range xs {
		dx := float64(i) - mx
		num += dx * (y - my)
		den += dx * dx
	}
	return num / den
}
