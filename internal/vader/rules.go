package vader

// The rules of the npm port (vader-sentiment 1.1.3) that give each token
// its valence. Negation words, "never so/this", idioms and "but" are
// matched as written, case-sensitively; lexicon, booster, "kind of" and
// "least" lookups ignore case.

// valence is the npm port's sentiment_valence: the valence of toks[i]
// after the ALL-CAPS, booster, negation, idiom and "least" rules.
func valence(toks []token, i int, capDiff bool) float64 {
	t := &toks[i]
	if !t.inLex {
		return 0
	}
	v := t.lex
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
		} else if start == 2 && sc != 0 {
			sc = float64(sc * 0.9)
		}
		v += sc
		v = neverCheck(v, toks, start, i)
		if start == 2 {
			v = idiomsCheck(v, toks, i)
		}
	}
	return leastCheck(v, toks, i)
}

// scalarIncDec is the intensity a preceding booster word p adds to
// valence v.
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

// neverCheck is the npm port's never_check for the word start+1 places
// before toks[i]: negation, and "never so/this" weighted 1.5 two words
// before and 1.25 three words before.
func neverCheck(v float64, toks []token, start, i int) float64 {
	switch start {
	case 0:
		if toks[i-1].neg {
			v = float64(v * nScalar)
		}
	case 1:
		w2, w1 := toks[i-2].word, toks[i-1].word
		switch {
		case w2 == "never" && (w1 == "so" || w1 == "this"):
			v = float64(v * 1.5)
		case toks[i-2].neg:
			v = float64(v * nScalar)
		}
	case 2:
		w3, w2, w1 := toks[i-3].word, toks[i-2].word, toks[i-1].word
		switch {
		case (w3 == "never" && (w2 == "so" || w2 == "this")) || w1 == "so" || w1 == "this":
			v = float64(v * 1.25)
		case toks[i-3].neg:
			v = float64(v * nScalar)
		}
	}
	return v
}

// idiomsCheck is the npm port's idioms_check for toks[i], i >= 3: an idiom
// around the word replaces its valence, and a two-word dampener ("kind of",
// "sort of", "just enough") before it lowers it.
func idiomsCheck(v float64, toks []token, i int) float64 {
	w0, w1, w2, w3 := toks[i].word, toks[i-1].word, toks[i-2].word, toks[i-3].word
	for _, p := range [...][3]string{{w1, w0}, {w2, w1, w0}, {w2, w1}, {w3, w2, w1}, {w3, w2}} {
		if x, ok := phrase(idioms, p); ok {
			v = x
			break
		}
	}
	n := len(toks)
	if n-1 > i {
		if x, ok := phrase(idioms, [3]string{w0, toks[i+1].word}); ok {
			v = x
		}
	}
	if n-1 > i+1 {
		if x, ok := phrase(idioms, [3]string{w0, toks[i+1].word, toks[i+2].word}); ok {
			v = x
		}
	}
	_, ok32 := phrase(boosters, [3]string{w3, w2})
	_, ok21 := phrase(boosters, [3]string{w2, w1})
	if ok32 || ok21 {
		v += bDecr
	}
	return v
}

// phrase looks up the space-joined words of p (two or three; an empty third
// word is absent) in m without allocating.
func phrase(m map[string]float64, p [3]string) (float64, bool) {
	n := len(p[0]) + 1 + len(p[1])
	if p[2] != "" {
		n += 1 + len(p[2])
	}
	if n > maxPhraseLen {
		return 0, false
	}
	var buf [phraseBuf]byte
	k := copy(buf[:], p[0])
	buf[k] = ' '
	k++
	k += copy(buf[k:], p[1])
	if p[2] != "" {
		buf[k] = ' '
		k++
		k += copy(buf[k:], p[2])
	}
	x, ok := m[string(buf[:k])]
	return x, ok
}

// phraseBuf is the size of phrase's buffer; init checks that every
// multi-word key fits.
const phraseBuf = 32

// leastCheck is the npm port's least_check: "least" before a word negates
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

// butCheck is the npm port's but_check: valences before the first "but"
// (or, if there is none, the first "BUT") are halved and those after it
// raised by half.
func butCheck(toks []token, sent []float64) {
	bi, upper := -1, -1
	for k := range toks {
		if w := toks[k].word; w == "but" {
			bi = k
			break
		} else if w == "BUT" && upper < 0 {
			upper = k
		}
	}
	if bi < 0 {
		bi = upper
	}
	if bi < 0 {
		return
	}
	for k := range sent {
		switch {
		case k < bi:
			sent[k] = float64(sent[k] * 0.5)
		case k > bi:
			sent[k] = float64(sent[k] * 1.5)
		}
	}
}
