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
//
// An Analyzer remembers, for the texts it analysed last, what it derived
// from each text alone, so that the earlier messages of a conversation are
// not analysed again on every new one. The signals are the same with or
// without it.
type Analyzer struct {
	keywords []keyword
	memo     memo
}

// New returns an Analyzer for cfg.
func New(cfg Config) *Analyzer {
	return &Analyzer{
		keywords: compileKeywords(cfg.Keywords),
		memo:     memo{entries: memoEntries, bytes: memoBytes},
	}
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
	var s handoff.Signals

	// Earlier customer messages and AI replies, newest first, as many as any
	// signal needs.
	var (
		earlier [repWindow]*handoff.Message
		replies [2]*handoff.Message
		ne, nr  int
	)
	for i := len(history) - 1; i >= 0; i-- {
		m := history[i]
		if m == nil || m.Role == handoff.RoleSystem {
			continue
		}
		s.TurnCount++
		switch m.Role {
		case handoff.RoleCustomer:
			s.MessageCount++
			if ne < len(earlier) {
				earlier[ne] = m
				ne++
			}
		case handoff.RoleAI:
			if nr < len(replies) {
				replies[nr] = m
				nr++
			}
		}
	}
	s.TurnCount++
	s.MessageCount++

	// What each text gives on its own: from the memo, or computed now.
	var (
		buf       [1 + repWindow + 2]lookup
		earlierAt [repWindow]int
		repliesAt [2]int
	)
	ls := buf[:0]
	need := func(text string, what uint8) int {
		for i := range ls {
			if ls[i].text == text {
				ls[i].need |= what
				return i
			}
		}
		ls = append(ls, lookup{text: text, need: what})
		return len(ls) - 1
	}
	if ne > 0 {
		need(text, haveSentiment|haveFeatures)
	} else {
		need(text, haveSentiment)
	}
	for i, m := range earlier[:ne] {
		what := haveFeatures
		if i < sentimentWindow-1 {
			what |= haveSentiment
		}
		earlierAt[i] = need(m.Text, what)
	}
	for i, m := range replies[:nr] {
		repliesAt[i] = need(m.Text, haveHedging)
	}
	// The new message is always analysed afresh.
	a.memo.lookup(ls[1:])
	d := parsePooled(text)
	defer d.release()
	// The new message's features stay in a comparer for the repetition.
	var c *comparer
	if ls[0].need&haveFeatures != 0 {
		c = comparerOf(d)
		defer c.release()
		ls[0].info.features = c.f
	}
	for i := range ls {
		l := &ls[i]
		missing := l.need &^ l.info.have
		if missing == 0 {
			continue
		}
		if missing&haveSentiment != 0 {
			l.info.sentiment = vader.Compound(l.text)
		}
		if i > 0 && missing&(haveFeatures|haveHedging) != 0 {
			ld := parsePooled(l.text)
			if missing&haveFeatures != 0 {
				l.info.features = featuresOf(ld)
			}
			if missing&haveHedging != 0 {
				l.info.hedging = hedging(ld)
			}
			ld.release()
		}
		l.info.have |= missing
		l.computed = missing
	}
	a.memo.store(ls)

	s.Sentiment = ls[0].info.sentiment
	var window [sentimentWindow]float64
	sentiments := window[:0]
	for i := min(ne, sentimentWindow-1) - 1; i >= 0; i-- {
		sentiments = append(sentiments, ls[earlierAt[i]].info.sentiment)
	}
	sentiments = append(sentiments, s.Sentiment)
	s.SentimentAvg = mean(sentiments)
	s.SentimentTrend = slope(sentiments)

	s.RequestHuman, s.RequestHumanConfidence = requestHuman(d)
	// The lexicons of tone, complexity and repetition, in one pass over the
	// message.
	var lex [9]phraseScan
	tone, cx := (*[5]phraseScan)(lex[:5]), (*[3]phraseScan)(lex[5:8])
	*tone, *cx = toneLexicons(), complexityLexicons()
	lex[8] = phraseScan{ps: repeatMarkers, skip: repeatSkip}
	scan(d, lex[:])
	s.NegativeTone = toneOf(d, s.Sentiment, tone)

	if ne > 0 {
		for _, at := range earlierAt[:ne] {
			s.Repetition = max(s.Repetition, c.similarity(&ls[at].info.features))
		}
		// Asking again calmly ("Sorry, just to double check, …") is not a
		// loop, however alike the words.
		if s.NegativeTone < repCalmTone && calmRepeat(d) {
			s.Repetition *= repCalmDamp
		}
		// A customer who says they are repeating themselves is, however
		// they word it this time.
		s.Repetition = noisyOr(s.Repetition, repeatScore(d, &lex[8]))
	}
	s.Complexity = complexityOf(d, s.Repetition, cx)
	if nr > 0 {
		s.Uncertainty = messageUncertainty(replies[0], ls[repliesAt[0]].info.hedging)
	}
	if nr > 1 {
		s.UncertaintyPrev = messageUncertainty(replies[1], ls[repliesAt[1]].info.hedging)
	}
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
