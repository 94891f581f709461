package analyze

import (
	"maps"
	"math/bits"
	"slices"
	"strings"
)

// Typo correction: words one edit away from a grammar word are read as it.

// fuzzyTarget is a grammar word that a typo may stand for.
type fuzzyTarget struct {
	word string
	mask uint32
}

var (
	// knownWords are the words the package knows, which are never read as
	// a typo: the grammar's words, person nouns, fuzzyDeny and stopwords.
	knownWords   = newWordSet()
	fuzzyTargets [][]fuzzyTarget // by length
	// fuzzyEnds[l] indexes the targets of length l by their first and by
	// their last byte: bit i of first[endIndex(c)] is set when
	// fuzzyTargets[l][i] starts with c. A word one edit away from a
	// target of four bytes or more shares its first or its last byte, so
	// typo only tries those targets, in the same order.
	fuzzyEnds []struct{ first, last [27]uint64 }
)

// endIndex is the index of c in fuzzyEnds: a letter, or 26 for the rest.
func endIndex(c byte) int {
	if 'a' <= c && c <= 'z' {
		return int(c - 'a')
	}
	return 26
}

// buildFuzzy collects the grammar words typos are matched against and every
// word the package knows, which is never read as a typo.
func buildFuzzy() {
	for w := range humanWords {
		intern(w).sets |= uint64(knownWords)
	}
	for w := range personNouns {
		intern(w).sets |= uint64(knownWords)
	}
	for _, wi := range vocab {
		if fuzzyDeny.in(wi) || stopwords.in(wi) {
			wi.sets |= uint64(knownWords)
		}
	}
	add := func(w string) {
		if len(w) >= 4 {
			for len(fuzzyTargets) <= len(w) {
				fuzzyTargets = append(fuzzyTargets, nil)
			}
			fuzzyTargets[len(w)] = append(fuzzyTargets[len(w)], fuzzyTarget{w, letterMask(w)})
		}
	}
	// sorted, so that a typo one letter from two grammar words always maps to the same one
	for _, w := range slices.Sorted(maps.Keys(humanWords)) {
		if c := humanWords[w]; c.has(hTalk|hReach|hMove) && !c.has(hForeign) && !strings.HasSuffix(w, "ed") {
			add(w)
		}
	}
	for _, w := range slices.Sorted(maps.Keys(personNouns)) {
		// Trades are never guessed from a typo: "chief" is not "chef",
		// "owned" is not "owner".
		if s := personNouns[w]; s >= nounWeak && w != "ones" && w != "being" && w != "beings" && !roleNouns.in(intern(w)) {
			add(w)
		}
	}
	fuzzyEnds = make([]struct{ first, last [27]uint64 }, len(fuzzyTargets))
	for l, ts := range fuzzyTargets {
		if len(ts) > 64 {
			panic("analyze: more than 64 typo targets of one length")
		}
		for i, t := range ts {
			fuzzyEnds[l].first[endIndex(t.word[0])] |= 1 << i
			fuzzyEnds[l].last[endIndex(t.word[len(t.word)-1])] |= 1 << i
		}
	}
}

// internTypos records in the vocabulary what typo makes of each word of it
// that canonicalize would look at, so that only unknown words are worked
// out for every message.
func internTypos() {
	for w, wi := range vocab {
		if wi.sets&uint64(knownWords) != 0 || len(w) < 4 || isNumber(w) {
			continue
		}
		wi.typo, wi.typoPrefix = typo(w)
	}
}

// splitPrefixes are short words people run into the next one ("tosomebody", "udirect").
var splitPrefixes = []string{"to", "u", "a", "an", "ya"}

// canonicalize maps typos of grammar words in d to the words ("somone" →
// "someone", "tosomebody" → "to somebody"), and trades the grammar does not
// list to one it does ("audiologists" → "experts", see tradeWord), and
// reports which words were guessed; without either it returns d's words
// and a nil fuzzy.
func canonicalize(d *doc) (words []string, info []*wordInfo, fuzzy []bool) {
	var out []string
	var outInfo []*wordInfo
	for i, w := range d.words {
		if w == boundary || knownWords.in(d.info[i]) || len(w) < 4 || isNumber(w) {
			if out != nil {
				out = append(out, w)
				outInfo = append(outInfo, d.info[i])
				fuzzy = append(fuzzy, false)
			}
			continue
		}
		var repl, split string
		if wi := d.info[i]; wi != nil {
			repl, split = wi.typo, wi.typoPrefix
		} else {
			repl, split = typo(w)
		}
		guessed := true
		if repl == "" {
			repl, guessed = tradeWord(w), false
		}
		if repl == "" {
			if out != nil {
				out = append(out, w)
				outInfo = append(outInfo, d.info[i])
				fuzzy = append(fuzzy, false)
			}
			continue
		}
		if out == nil {
			out = append(make([]string, 0, len(d.words)+2), d.words[:i]...)
			outInfo = append(make([]*wordInfo, 0, len(d.words)+2), d.info[:i]...)
			fuzzy = make([]bool, i, len(d.words)+2)
		}
		if split != "" {
			out = append(out, split)
			outInfo = append(outInfo, lookupWord(split))
			fuzzy = append(fuzzy, false)
		}
		out = append(out, repl)
		outInfo = append(outInfo, lookupWord(repl))
		fuzzy = append(fuzzy, guessed)
	}
	if out == nil {
		return d.words, d.info, nil
	}
	return out, outInfo, fuzzy
}

// typo returns the grammar word w is a typo of, and a prefix that was run
// into it ("to" for "tosomebody").
func typo(w string) (word, prefix string) {
	for _, p := range splitPrefixes {
		if w[0] != p[0] {
			continue
		}
		if rest, ok := strings.CutPrefix(w, p); ok && len(rest) >= 3 {
			ri := lookupWord(rest)
			if _, noun := ri.person(); noun || ri.class().has(hTalk|hReach|hMove) {
				return rest, p
			}
		}
	}
	m := letterMask(w)
	first, last := endIndex(w[0]), endIndex(w[len(w)-1])
	for l := len(w) - 1; l <= len(w)+1 && l < len(fuzzyTargets); l++ {
		for cands := fuzzyEnds[l].first[first] | fuzzyEnds[l].last[last]; cands != 0; cands &= cands - 1 {
			t := &fuzzyTargets[l][bits.TrailingZeros64(cands)]
			if bits.OnesCount32(m^t.mask) <= 2 && withinOneEdit(w, t.word) {
				return t.word, ""
			}
		}
	}
	return "", ""
}

// letterMask is the set of letters in w, as bits.
func letterMask(w string) uint32 {
	var m uint32
	for i := 0; i < len(w); i++ {
		if c := w[i]; c >= 'a' && c <= 'z' {
			m |= 1 << (c - 'a')
		}
	}
	return m
}

// withinOneEdit reports whether a and b differ by at most one insertion,
// deletion, substitution or swap of adjacent letters.
func withinOneEdit(a, b string) bool {
	if len(a) > len(b) {
		a, b = b, a
	}
	switch len(b) - len(a) {
	case 0:
		diff := -1
		for i := 0; i < len(a); i++ {
			if a[i] != b[i] {
				if diff >= 0 {
					// a second difference: only a swap of neighbours is allowed
					return i == diff+1 && a[diff] == b[i] && a[i] == b[diff] && a[i+1:] == b[i+1:]
				}
				diff = i
			}
		}
		return true
	case 1:
		i := 0
		for i < len(a) && a[i] == b[i] {
			i++
		}
		return a[i:] == b[i+1:]
	}
	return false
}
