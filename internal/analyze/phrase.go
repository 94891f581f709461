package analyze

import (
	"strings"
)

// A phrase is a small word pattern matched against doc.words. The source
// syntax is words separated by spaces, where each element is
//
//	word        that word
//	a|b|c       any of the words
//	x?          the element is optional (also "a|b?")
//	*           any one word
//	**          up to three words (never crossing a clause boundary)
//	#           a number, written in digits or as a word ("3", "three")
//
// A lexeme may list whole alternative phrases separated by ";" ("fed up;
// sick of"); they count once, however many of them occur. The first element
// of every phrase must be a word, alternatives or "#", so a phrase set can be
// indexed by its first word.
type phrase struct {
	src    string
	elems  []elem
	weight float64
	group  int // index of the lexeme the phrase came from
}

type elem struct {
	alts map[string]bool // nil for wildcards
	opt  bool
	any  int  // *: 1, **: 3
	num  bool // #
}

// phraseSet is a list of phrases indexed by first word.
type phraseSet struct {
	phrases []phrase
	groups  int
	byFirst map[string][]int
}

// numberWords are numbers people spell out.
var numberWords = set("one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
	"eleven", "twelve", "fifteen", "twenty", "thirty", "forty", "fifty", "several", "many", "few",
	"couple", "multiple", "a", "an", "dozen", "48", "24")

// lexeme is one source phrase with its weight.
type lexeme struct {
	src    string
	weight float64
}

// compilePhrases builds a phraseSet; it panics on a malformed phrase, which
// only a change to the lexicons in this package can cause.
func compilePhrases(lex []lexeme) *phraseSet {
	ps := &phraseSet{byFirst: map[string][]int{}, groups: len(lex)}
	for g, l := range lex {
		for _, src := range strings.Split(l.src, ";") {
			p := phrase{src: strings.TrimSpace(src), weight: l.weight, group: g}
			for _, f := range strings.Fields(src) {
				var e elem
				switch {
				case f == "*":
					e.any = 1
				case f == "**":
					e.any = 3
				case f == "#":
					e.num = true
				default:
					if s, ok := strings.CutSuffix(f, "?"); ok && len(s) > 0 {
						e.opt, f = true, s
					}
					e.alts = set(strings.Split(f, "|")...)
				}
				p.elems = append(p.elems, e)
			}
			if len(p.elems) == 0 || p.elems[0].opt || p.elems[0].any > 0 {
				panic("analyze: phrase must start with a word or a number: " + l.src)
			}
			if p.elems[0].num {
				ps.byFirst["#"] = append(ps.byFirst["#"], len(ps.phrases))
			}
			for w := range p.elems[0].alts {
				ps.byFirst[w] = append(ps.byFirst[w], len(ps.phrases))
			}
			ps.phrases = append(ps.phrases, p)
		}
	}
	return ps
}

// match is one phrase found in a doc: words[start:end].
type match struct {
	phrase     int
	start, end int
}

// find calls fn for occurrences of the lexemes (groups of alternative
// phrases) in words, until fn accepts one occurrence per lexeme.
func (ps *phraseSet) find(words []string, fn func(p *phrase, m match) bool) {
	var seen []bool
	nums := ps.byFirst["#"]
	for i, w := range words {
		cands := ps.byFirst[w]
		if len(nums) > 0 && (isNumber(w) || numberWords[w]) {
			cands = append(cands[:len(cands):len(cands)], nums...)
		}
		for _, pi := range cands {
			p := &ps.phrases[pi]
			if seen != nil && seen[p.group] {
				continue
			}
			if end, ok := matchElems(p.elems[1:], words, i+1); ok && fn(p, match{phrase: pi, start: i, end: end}) {
				if seen == nil {
					seen = make([]bool, ps.groups)
				}
				seen[p.group] = true
			}
		}
	}
}

// matchElems matches es against words from position i and returns the end.
func matchElems(es []elem, words []string, i int) (int, bool) {
	if len(es) == 0 {
		return i, true
	}
	e := es[0]
	switch {
	case e.any > 0:
		for k := 0; k <= e.any; k++ {
			if k > 0 && (i+k-1 >= len(words) || words[i+k-1] == boundary) {
				break
			}
			if e.any == 1 && k == 0 {
				continue
			}
			if end, ok := matchElems(es[1:], words, i+k); ok {
				return end, true
			}
		}
		return 0, false
	case e.num:
		if i < len(words) && (isNumber(words[i]) || numberWords[words[i]]) {
			if end, ok := matchElems(es[1:], words, i+1); ok {
				return end, true
			}
		}
	default:
		if i < len(words) && e.alts[words[i]] {
			if end, ok := matchElems(es[1:], words, i+1); ok {
				return end, true
			}
		}
	}
	if e.opt {
		return matchElems(es[1:], words, i)
	}
	return 0, false
}

// negatedAt reports whether the words just before position i negate what
// starts there ("not", "never", "no", "won't" within three words, without a
// clause boundary in between).
func negatedAt(words []string, i int) bool {
	for k := i - 1; k >= 0 && k >= i-3; k-- {
		switch words[k] {
		case boundary:
			return false
		case "not", "never", "no", "nothing", "without", "nobody":
			return true
		}
	}
	return false
}

// lexiconScore is the noisy-or of the strengths of the phrases of ps found in
// words; with negatable, a phrase right after "not", "never" or "no" does not
// count ("I'm not angry").
func lexiconScore(ps *phraseSet, words []string, negatable bool) float64 {
	q := 1.0
	ps.find(words, func(p *phrase, m match) bool {
		if negatable && negatedAt(words, m.start) {
			return false
		}
		q *= 1 - p.weight
		return true
	})
	return 1 - q
}
