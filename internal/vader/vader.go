package vader

import (
	"math"
	"sync"
)

// Scores are VADER's polarity scores of one text.
type Scores struct {
	Neg      float64 // proportion of the text that is negative, in [0,1], 3 decimals
	Neu      float64 // proportion of the text that is neutral, in [0,1], 3 decimals
	Pos      float64 // proportion of the text that is positive, in [0,1], 3 decimals
	Compound float64 // normalised sum of the word valences, in [-1,1], 4 decimals
}

// PolarityScores returns VADER's scores for text.
func PolarityScores(text string) Scores {
	s := scorers.Get().(*scorer)
	sc := s.score(text)
	s.release()
	return sc
}

// Compound returns VADER's compound score of text in [-1,1].
func Compound(text string) float64 {
	return PolarityScores(text).Compound
}

// scorer holds the buffers of one scoring call; scorers are pooled so that
// scoring allocates nothing for texts without emoji.
type scorer struct {
	toks  []token
	sent  []float64 // valence of each token
	lower []byte    // storage of the lower-case forms that differ from their word
}

var scorers = sync.Pool{New: func() any { return new(scorer) }}

// maxPooledTokens bounds the buffers kept in the pool after a very long text.
const maxPooledTokens = 4096

// release clears the references to the scored text and returns s to the pool.
func (s *scorer) release() {
	clear(s.toks)
	if cap(s.toks) > maxPooledTokens {
		return
	}
	s.toks, s.sent, s.lower = s.toks[:0], s.sent[:0], s.lower[:0]
	scorers.Put(s)
}

// score is the npm port's polarity_scores, on text whose emoji are
// replaced by their descriptions.
func (s *scorer) score(text string) Scores {
	text = replaceEmoji(text)
	s.tokenize(text)
	toks := s.toks
	n := len(toks)
	if n == 0 {
		return Scores{}
	}

	// ALL-CAPS emphasis only counts when some, but not all, tokens are
	// upper case.
	upper := 0
	for i := range toks {
		if toks[i].upper {
			upper++
		}
	}
	capDiff := upper > 0 && upper < n

	sent := s.sent[:0]
	for i := range toks {
		t := &toks[i]
		if t.boost != 0 || (i < n-1 && t.lower == "kind" && toks[i+1].lower == "of") {
			// Modifiers carry no valence of their own.
			sent = append(sent, 0)
			continue
		}
		sent = append(sent, valence(toks, i, capDiff))
	}
	s.sent = sent
	butCheck(toks, sent)
	return scoreValence(sent, text)
}

// scoreValence combines the token valences and the punctuation emphasis
// into the four scores.
func scoreValence(sent []float64, text string) Scores {
	sum := 0.0
	for _, v := range sent {
		sum += v
	}
	punct := punctuationEmphasis(text)
	if sum > 0 {
		sum += punct
	} else if sum < 0 {
		sum -= punct
	}
	compound := normalize(sum)

	pos, neg, neu := 0.0, 0.0, 0
	for _, v := range sent {
		switch {
		case v > 0:
			pos += v + 1 // compensates for neutral words counted as 1
		case v < 0:
			neg += v - 1
		default:
			neu++
		}
	}
	if pos > math.Abs(neg) {
		pos += punct
	} else if pos < math.Abs(neg) {
		neg -= punct
	}
	total := pos + math.Abs(neg) + float64(neu)
	return Scores{
		Neg:      jsRound(math.Abs(neg/total), 3),
		Neu:      jsRound(math.Abs(float64(neu)/total), 3),
		Pos:      jsRound(math.Abs(pos/total), 3),
		Compound: jsRound(compound, 4),
	}
}

// punctuationEmphasis is the intensity added by "!" (up to four, 0.292
// each) and by two or more "?" (0.18 each, 0.96 from four on).
func punctuationEmphasis(text string) float64 {
	ep, qm := 0, 0
	for i := 0; i < len(text); i++ {
		switch text[i] {
		case '!':
			ep++
		case '?':
			qm++
		}
	}
	amp := float64(float64(min(ep, 4)) * 0.292)
	switch {
	case qm > 3:
		amp += 0.96
	case qm > 1:
		amp += float64(float64(qm) * 0.18)
	}
	return amp
}

// normalize maps a valence sum into [-1,1] with alpha 15, VADER's
// approximation of the largest expected value.
func normalize(score float64) float64 {
	const alpha = 15
	return max(-1, min(1, score/math.Sqrt(float64(score*score)+alpha)))
}

// jsRound rounds x to the given number of decimals as JavaScript's
// parseFloat(x.toFixed(decimals)) does: to the nearest multiple of
// 10^-decimals of the exact binary value of x, halves away from zero.
func jsRound(x float64, decimals int) float64 {
	p := math.Pow10(decimals)
	y := float64(x * p)
	fl := math.Floor(y)
	if math.Abs(y-fl-0.5) > 1e-6 {
		return math.Round(y) / p
	}
	// y is the rounded product and lies next to a half: decide on the
	// exact product, y plus the rounding error of x*p.
	d := (y - fl - 0.5) + math.FMA(x, p, -y)
	if d > 0 || (d == 0 && x > 0) {
		fl++
	}
	return fl / p
}
