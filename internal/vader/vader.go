package vader

import (
	"math"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"
	"unsafe"
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
	s := scorers.Get().(*scorer)
	c := compound(s.valences(text))
	s.release()
	return c
}

// token is one whitespace-separated word or emoticon of the text.
type token struct {
	lower string  // Python str.lower of the token stripped of surrounding punctuation
	lex   float64 // lexicon valence of lower
	boost float64 // booster value of lower, 0 if lower is no booster
	upper bool    // Python str.isupper of the stripped token
	inLex bool    // lower is in the lexicon
	neg   bool    // lower is a negation word or contains "n't"
	idiom bool    // lower is a word of a multi-word special case or booster
}

// scorer holds the buffers of one scoring call; scorers are pooled so that
// scoring allocates nothing for texts without emoji.
type scorer struct {
	toks  []token
	sent  []float64 // valence of each token
	lower []byte    // storage of the lower-case forms that differ from their word
	but   int       // index of the first "but" token, -1 if none
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

// score is the reference SentimentIntensityAnalyzer.polarity_scores.
func (s *scorer) score(text string) Scores {
	sent, text := s.valences(text)
	if len(sent) == 0 {
		return Scores{}
	}
	return scoreValence(sent, text)
}

// valences returns the valence of each token of text after every rule,
// and text with its emoji replaced by their descriptions.
func (s *scorer) valences(text string) ([]float64, string) {
	if !s.tokenizeASCII(text) {
		clear(s.toks)
		s.toks, s.lower = s.toks[:0], s.lower[:0]
		text = replaceEmoji(text)
		s.tokenize(text)
	}
	toks := s.toks
	n := len(toks)
	if n == 0 {
		return nil, text
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
	butCheck(s.but, sent)
	return sent, text
}

// valence is the reference sentiment_valence: the valence of toks[i] after
// the "no", ALL-CAPS, booster, negation, idiom and "least" rules.
func valence(toks []token, i int, capDiff bool) float64 {
	t := &toks[i]
	if !t.inLex {
		return 0
	}
	n := len(toks)
	v := t.lex

	// "no" negates an adjacent lexicon word instead of counting itself.
	if t.lower == "no" && i != n-1 && toks[i+1].inLex {
		v = 0
	}
	if (i > 0 && toks[i-1].lower == "no") ||
		(i > 1 && toks[i-2].lower == "no") ||
		(i > 2 && toks[i-3].lower == "no" && (toks[i-1].lower == "or" || toks[i-1].lower == "nor")) {
		v = float64(t.lex * nScalar)
	}

	if t.upper && capDiff {
		if v > 0 {
			v += cIncr
		} else {
			v -= cIncr
		}
	}

	// The three preceding words may boost, dampen or negate; the further
	// away, the weaker a booster.
	for start := 0; start < 3; start++ {
		if i <= start || toks[i-(start+1)].inLex {
			continue
		}
		sc := scalarIncDec(&toks[i-(start+1)], v, capDiff)
		if start == 1 && sc != 0 {
			sc = float64(sc * 0.95)
		}
		if start == 2 && sc != 0 {
			sc = float64(sc * 0.9)
		}
		v += sc
		v = negationCheck(v, toks, start, i)
		if start == 2 {
			v = specialIdioms(v, toks, i)
		}
	}
	return leastCheck(v, toks, i)
}

// scalarIncDec is the reference scalar_inc_dec: the intensity a preceding
// booster word p adds to valence v.
func scalarIncDec(p *token, v float64, capDiff bool) float64 {
	if p.boost == 0 {
		return 0
	}
	sc := p.boost
	if v < 0 {
		sc = -sc
	}
	if p.upper && capDiff {
		if v > 0 {
			sc += cIncr
		} else {
			sc -= cIncr
		}
	}
	return sc
}

// negationCheck is the reference _negation_check for the word start+1
// places before toks[i].
func negationCheck(v float64, toks []token, start, i int) float64 {
	switch start {
	case 0:
		if toks[i-1].neg {
			v = float64(v * nScalar)
		}
	case 1:
		w2, w1 := toks[i-2].lower, toks[i-1].lower
		switch {
		case w2 == "never" && (w1 == "so" || w1 == "this"):
			v = float64(v * 1.25)
		case w2 == "without" && w1 == "doubt":
		case toks[i-2].neg:
			v = float64(v * nScalar)
		}
	case 2:
		w3, w2, w1 := toks[i-3].lower, toks[i-2].lower, toks[i-1].lower
		switch {
		case (w3 == "never" && (w2 == "so" || w2 == "this")) || (w1 == "so" || w1 == "this"):
			v = float64(v * 1.25)
		case w3 == "without" && (w2 == "doubt" || w1 == "doubt"):
		case toks[i-3].neg:
			v = float64(v * nScalar)
		}
	}
	return v
}

// specialIdioms is the reference _special_idioms_check for toks[i], i >= 3.
func specialIdioms(v float64, toks []token, i int) float64 {
	t0, t1, t2, t3 := &toks[i], &toks[i-1], &toks[i-2], &toks[i-3]
	if !t0.idiom && !t1.idiom && !t2.idiom {
		return v // every phrase below has one of these words
	}
	for _, p := range [...][3]*token{{t1, t0}, {t2, t1, t0}, {t2, t1}, {t3, t2, t1}, {t3, t2}} {
		if x, ok := phrase(specialCases, p); ok {
			v = x
			break
		}
	}
	n := len(toks)
	if n-1 > i {
		if x, ok := phrase(specialCases, [3]*token{t0, &toks[i+1]}); ok {
			v = x
		}
	}
	if n-1 > i+1 {
		if x, ok := phrase(specialCases, [3]*token{t0, &toks[i+1], &toks[i+2]}); ok {
			v = x
		}
	}
	// Booster n-grams such as "kind of" and "sort of".
	for _, p := range [...][3]*token{{t3, t2, t1}, {t3, t2}, {t2, t1}} {
		if x, ok := phrase(boosters, p); ok {
			v += x
		}
	}
	return v
}

// phrase looks up the space-joined lower-case words of p (two or three; a
// nil third token is absent) in m without allocating. Only tokens that are
// words of some multi-word key can form one.
func phrase(m map[string]float64, p [3]*token) (float64, bool) {
	if !p[0].idiom || !p[1].idiom || (p[2] != nil && !p[2].idiom) {
		return 0, false
	}
	n := len(p[0].lower) + 1 + len(p[1].lower)
	if p[2] != nil {
		n += 1 + len(p[2].lower)
	}
	if n > maxPhraseLen {
		return 0, false
	}
	var buf [phraseBuf]byte
	k := copy(buf[:], p[0].lower)
	buf[k] = ' '
	k++
	k += copy(buf[k:], p[1].lower)
	if p[2] != nil {
		buf[k] = ' '
		k++
		k += copy(buf[k:], p[2].lower)
	}
	x, ok := m[string(buf[:k])]
	return x, ok
}

// phraseBuf is the size of phrase's buffer; init checks that every
// multi-word key fits.
const phraseBuf = 32

// leastCheck is the reference _least_check: "least" before a word negates
// it, except in "at least" and "very least".
func leastCheck(v float64, toks []token, i int) float64 {
	if i > 1 && !toks[i-1].inLex && toks[i-1].lower == "least" {
		if toks[i-2].lower != "at" && toks[i-2].lower != "very" {
			v = float64(v * nScalar)
		}
	} else if i > 0 && !toks[i-1].inLex && toks[i-1].lower == "least" {
		v = float64(v * nScalar)
	}
	return v
}

// naiveButLimit is the text length, in tokens, up to which butCheck scans
// for earlier equal valences directly instead of indexing them.
const naiveButLimit = 256

// butCheck is the reference _but_check: valences before the first "but", at bi
// (-1 if none), are halved and those after it raised by half. The reference locates each
// valence with list.index, that is at the first position holding an equal
// value, so a valence that repeats an earlier one scales that earlier
// position instead of its own; this is reproduced exactly.
func butCheck(bi int, sent []float64) {
	if bi < 0 {
		return
	}
	if len(sent) <= naiveButLimit {
		butScan(sent, bi)
	} else {
		butIndexed(sent, bi)
	}
}

// butFactor is the factor the valence at position si gets from a "but" at bi.
func butFactor(si, bi int) float64 {
	switch {
	case si < bi:
		return 0.5
	case si > bi:
		return 1.5
	}
	return 1
}

// butScan applies the "but" rule with a linear search for each valence.
// Zero valences are skipped: scaling zero leaves it zero.
func butScan(sent []float64, bi int) {
	for k := range sent {
		v := sent[k]
		if v == 0 {
			continue
		}
		si := k
		for j := range k {
			if sent[j] == v {
				si = j
				break
			}
		}
		sent[si] = float64(v * butFactor(si, bi))
	}
}

// butIndexed applies the "but" rule like butScan in O(n log n), keeping for
// each valence the positions already visited that hold it.
func butIndexed(sent []float64, bi int) {
	at := make(map[float64]*minHeap)
	push := func(v float64, i int) {
		h := at[v]
		if h == nil {
			h = new(minHeap)
			at[v] = h
		}
		h.push(i)
	}
	for k := range sent {
		v := sent[k]
		if v == 0 {
			continue
		}
		h := at[v]
		if h == nil || len(*h) == 0 {
			nv := float64(v * butFactor(k, bi))
			sent[k] = nv
			push(nv, k)
			continue
		}
		si := (*h)[0]
		if nv := float64(v * butFactor(si, bi)); nv != v {
			h.pop()
			sent[si] = nv
			push(nv, si)
		}
		push(v, k)
	}
}

// minHeap is a binary min-heap of positions.
type minHeap []int

func (h *minHeap) push(x int) {
	*h = append(*h, x)
	a := *h
	for i := len(a) - 1; i > 0; {
		p := (i - 1) / 2
		if a[p] <= a[i] {
			break
		}
		a[p], a[i] = a[i], a[p]
		i = p
	}
}

func (h *minHeap) pop() {
	a := *h
	last := len(a) - 1
	a[0] = a[last]
	a = a[:last]
	for i := 0; ; {
		l, m := 2*i+1, i
		if l < len(a) && a[l] < a[m] {
			m = l
		}
		if r := l + 1; r < len(a) && a[r] < a[m] {
			m = r
		}
		if m == i {
			break
		}
		a[i], a[m] = a[m], a[i]
		i = m
	}
	*h = a
}

// scoreValence is the reference score_valence: it combines the token
// valences and the punctuation emphasis into the four scores.
func scoreValence(sent []float64, text string) Scores {
	punct := punctuationEmphasis(text)
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
		Neg:      pyRound(math.Abs(neg/total), 3),
		Neu:      pyRound(math.Abs(float64(neu)/total), 3),
		Pos:      pyRound(math.Abs(pos/total), 3),
		Compound: compoundOf(valenceSum(sent), punct),
	}
}

// compound is the Compound field of scoreValence(sent, text); it scans text
// for punctuation only when the valences do not cancel out.
func compound(sent []float64, text string) float64 {
	sum := valenceSum(sent)
	if sum == 0 {
		return 0
	}
	return compoundOf(sum, punctuationEmphasis(text))
}

// compoundOf is the normalised sum of the token valences, moved away from
// zero by the punctuation emphasis punct.
func compoundOf(sum, punct float64) float64 {
	if sum > 0 {
		sum += punct
	} else if sum < 0 {
		sum -= punct
	}
	return pyRound(normalize(sum), 4)
}

// valenceSum adds up the token valences.
func valenceSum(sent []float64) float64 {
	sum := 0.0
	for _, v := range sent {
		sum += v
	}
	return sum
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
	amp := float64(min(ep, 4)) * 0.292
	switch {
	case qm > 3:
		amp += 0.96
	case qm > 1:
		amp += float64(float64(qm) * 0.18)
	}
	return amp
}

// normalize maps a valence sum into [-1,1] with alpha 15, the reference's
// approximation of the largest expected value.
func normalize(score float64) float64 {
	const alpha = 15
	return max(-1, min(1, score/math.Sqrt(float64(score*score)+alpha)))
}

// pyRound rounds x to the given number of decimals as Python's round does:
// half to even on the exact binary value.
func pyRound(x float64, decimals int) float64 {
	p := math.Pow10(decimals)
	y := float64(x * p)
	if f := y - math.Floor(y); math.Abs(f-0.5) > 1e-6 {
		return math.Round(y) / p
	}
	r, _ := strconv.ParseFloat(strconv.FormatFloat(x, 'f', decimals, 64), 64)
	return r
}

// replaceEmoji replaces each emoji code point of text by its description,
// separated from a preceding character other than a space by one space, as
// the reference does. Text without emoji is returned as is.
func replaceEmoji(text string) string {
	i := 0
	for i < len(text) && text[i] < utf8.RuneSelf {
		i++
	}
	if i == len(text) {
		return text // ASCII: every emoji is above U+007F
	}
	found := false
	for _, r := range text[i:] {
		if r >= minEmoji {
			if _, ok := emojis[r]; ok {
				found = true
				break
			}
		}
	}
	if !found {
		return text
	}
	var b strings.Builder
	b.Grow(len(text) + 64)
	prevSpace := true
	for j := 0; j < len(text); {
		r, size := utf8.DecodeRuneInString(text[j:])
		if desc, ok := emojis[r]; ok && size > 1 {
			if !prevSpace {
				b.WriteByte(' ')
			}
			b.WriteString(desc)
			prevSpace = false
		} else {
			b.WriteString(text[j : j+size])
			prevSpace = r == ' '
		}
		j += size
	}
	return b.String()
}

// tokenize splits text at white space as Python's str.split does and
// records each token with its lexicon data.
func (s *scorer) tokenize(text string) {
	s.but = -1
	start := -1
	for i := 0; i < len(text); {
		c, size := rune(text[i]), 1
		if c >= utf8.RuneSelf {
			c, size = utf8.DecodeRuneInString(text[i:])
		}
		// Every ASCII white space character is at most ' '.
		if (c <= ' ' || c >= utf8.RuneSelf) && isPySpace(c) {
			if start >= 0 {
				s.add(text[start:i])
				start = -1
			}
		} else if start < 0 {
			start = i
		}
		i += size
	}
	if start >= 0 {
		s.add(text[start:])
	}
}

// add appends the token raw.
func (s *scorer) add(raw string) {
	w := stripPunct(raw)
	upper, lower := caseOf(w)
	s.toks = append(s.toks, token{lower: w, upper: upper})
	t := &s.toks[len(s.toks)-1]
	if !lower {
		n := len(s.lower)
		s.lower = appendLower(s.lower, w)
		b := s.lower[n:]
		// The bytes are not modified until the next call reuses the
		// buffer, after every token of this call is gone.
		t.lower = unsafe.String(unsafe.SliceData(b), len(b))
	}
	if info, ok := words.lookup(t.lower); ok {
		t.inLex, t.lex, t.boost, t.neg, t.idiom = info.inLex, info.lex, info.boost, info.neg, info.idiom
	}
	if !t.neg {
		t.neg = strings.Contains(t.lower, "n't")
	}
	if s.but < 0 && t.lower == "but" {
		s.but = len(s.toks) - 1
	}
}
