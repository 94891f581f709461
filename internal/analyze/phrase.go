package analyze

import (
	"math/bits"
	"slices"
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
	// needs holds, for every element after the first that must be one of
	// some words, the wordBloom bits of those words: the phrase can only
	// occur in a doc whose words set a bit of each.
	needs []wordBloom
}

// wordBloom has bit wordInfo.id%256 set for each of some words.
type wordBloom [4]uint64

// add sets the bit of wi.
func (b *wordBloom) add(wi *wordInfo) {
	b[wi.id/64%4] |= 1 << (wi.id % 64)
}

// meets reports whether b and o share a bit.
func (b *wordBloom) meets(o *wordBloom) bool {
	return b[0]&o[0]|b[1]&o[1]|b[2]&o[2]|b[3]&o[3] != 0
}

// possible reports whether every word p needs may be among the words of
// present.
func (p *phrase) possible(present *wordBloom) bool {
	for i := range p.needs {
		if !p.needs[i].meets(present) {
			return false
		}
	}
	return true
}

type elem struct {
	alts []*wordInfo // nil for wildcards
	opt  bool
	any  int  // *: 1, **: 3
	num  bool // #
}

// has reports whether the word of wi is one of e's alternatives.
func (e *elem) has(wi *wordInfo) bool {
	if wi == nil {
		return false
	}
	for _, a := range e.alts {
		if a == wi {
			return true
		}
	}
	return false
}

// phraseSet is a list of phrases indexed by first word: the phrases that
// start with a word are in its wordInfo, those that start with a number in
// numbers.
type phraseSet struct {
	phrases []phrase
	groups  int
	numbers []candidate // the phrases that start with a number
	bit     uint64      // in wordInfo.startSets of the words that start phrases
}

// candidate is a phrase that may start at a word.
type candidate struct {
	phrase int32
	group  int32
	// next has bit wordInfo.id%64 set for every word the second element of
	// the phrase allows, when it must be one of some words; 0 otherwise.
	next uint64
}

// candidateOf returns the candidate for phrase pi of ps.
func (ps *phraseSet) candidateOf(pi int) candidate {
	p := &ps.phrases[pi]
	c := candidate{phrase: int32(pi), group: int32(p.group)}
	if len(p.elems) > 1 {
		if e := &p.elems[1]; e.alts != nil && !e.opt {
			for _, wi := range e.alts {
				c.next |= 1 << (wi.id % 64)
			}
		}
	}
	return c
}

// nextPhraseSet is the bit of the next phraseSet.
var nextPhraseSet uint64 = 1

// maxGroups is the most lexemes a phraseSet may have.
const maxGroups = 256

// numberWords are numbers people spell out.
var numberWords = newWordSet("one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
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
	if len(lex) > maxGroups {
		panic("analyze: too many lexemes in a phrase set")
	}
	if nextPhraseSet == 0 {
		panic("analyze: more than 64 phrase sets")
	}
	ps := &phraseSet{groups: len(lex), bit: nextPhraseSet}
	nextPhraseSet <<= 1
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
					for _, w := range strings.Split(f, "|") {
						if wi := intern(w); !slices.Contains(e.alts, wi) {
							e.alts = append(e.alts, wi)
						}
					}
				}
				p.elems = append(p.elems, e)
				if len(p.elems) > 1 && e.alts != nil && !e.opt {
					var b wordBloom
					for _, wi := range e.alts {
						b.add(wi)
					}
					p.needs = append(p.needs, b)
				}
			}
			if len(p.elems) == 0 || p.elems[0].opt || p.elems[0].any > 0 {
				panic("analyze: phrase must start with a word or a number: " + l.src)
			}
			ps.phrases = append(ps.phrases, p)
			c := ps.candidateOf(len(ps.phrases) - 1)
			if p.elems[0].num {
				ps.numbers = append(ps.numbers, c)
			}
			for _, wi := range p.elems[0].alts {
				ps.addStart(wi, c)
			}
		}
	}
	return ps
}

// addStart records that the phrase of c starts with the word of wi.
func (ps *phraseSet) addStart(wi *wordInfo, c candidate) {
	if wi.startSets&ps.bit != 0 {
		wi.starts[len(wi.starts)-1] = append(wi.starts[len(wi.starts)-1], c)
		return
	}
	if wi.startSets >= ps.bit {
		panic("analyze: phrase sets compiled out of order")
	}
	wi.startSets |= ps.bit
	wi.starts = append(wi.starts, []candidate{c})
}

// isNumberWord reports whether a word is a number, in digits or as a word.
func isNumberWord(w string, wi *wordInfo) bool {
	return isNumber(w) || numberWords.in(wi)
}

// phraseScan looks for the lexemes (groups of alternative phrases) of one
// phraseSet in a doc; each lexeme counts once.
type phraseScan struct {
	ps        *phraseSet
	negatable bool // a phrase right after "not", "never" or "no" does not count
	// skip, when set, rules out a phrase found at words [start, end)
	skip  func(d *doc, start, end int) bool
	q     float64 // Π(1 − strength) of the lexemes found
	found int     // how many lexemes were found
	seen  [maxGroups / 64]uint64
}

// score is the noisy-or of the strengths of the lexemes found.
func (sc *phraseScan) score() float64 {
	return 1 - sc.q
}

// scan runs every scan over d, in one pass over its words. The scans must
// be of different phraseSets.
func scan(d *doc, scans []phraseScan) {
	var (
		of      [64]int8 // the scan of each phraseSet bit
		sets    uint64   // the bits of the phraseSets of scans
		numbers []int8   // the scans with phrases that start with a number
		buf     [16]int8
	)
	numbers = buf[:0]
	for k := range scans {
		sc := &scans[k]
		sc.q = 1
		if sets&sc.ps.bit != 0 {
			panic("analyze: two scans of one phrase set")
		}
		sets |= sc.ps.bit
		of[bits.TrailingZeros64(sc.ps.bit)] = int8(k)
		if len(sc.ps.numbers) > 0 {
			numbers = append(numbers, int8(k))
		}
	}
	for _, s := range d.phraseStarts() {
		i := int(s.i)
		for m := s.sets & sets; m != 0; m &= m - 1 {
			b := bits.TrailingZeros64(m)
			// The phrases of the set of bit b that start with the word,
			// as wordInfo.phrases finds them.
			scans[of[b]].try(d, i, d.info[i].starts[bits.OnesCount64(s.sets&(1<<b-1))])
		}
		if s.number {
			for _, k := range numbers {
				scans[k].try(d, i, scans[k].ps.numbers)
			}
		}
	}
}

// startWord is a word of a doc where a phrase may start: it starts
// phrases of the phraseSets of sets, or it is a number.
type startWord struct {
	i      int32
	number bool
	sets   uint64
}

// phraseStarts returns the words of d where a phrase may start, in order,
// and sets d.present.
func (d *doc) phraseStarts() []startWord {
	if !d.startsDone {
		d.starts = d.starts[:0]
		for i, w := range d.words {
			wi := d.info[i]
			var sets uint64
			if wi != nil {
				sets = wi.startSets
				d.present.add(wi)
			}
			if num := isNumberWord(w, wi); sets != 0 || num {
				d.starts = append(d.starts, startWord{int32(i), num, sets})
			}
		}
		d.startsDone = true
	}
	return d.starts
}

// try matches the phrases cands at d.words[i].
func (sc *phraseScan) try(d *doc, i int, cands []candidate) {
	if len(cands) == 0 {
		return
	}
	var next uint64 // the bit of the next word, 0 when no list names it
	if i+1 < len(d.info) && d.info[i+1] != nil {
		next = 1 << (d.info[i+1].id % 64)
	}
	for _, c := range cands {
		if sc.seen[c.group/64]&(1<<(c.group%64)) != 0 || c.next != 0 && c.next&next == 0 {
			continue
		}
		p := &sc.ps.phrases[c.phrase]
		if !p.possible(&d.present) {
			continue
		}
		end, ok := matchElems(p.elems[1:], d, i+1)
		if !ok || sc.negatable && negatedAt(d.words, i) || sc.skip != nil && sc.skip(d, i, end) {
			continue
		}
		sc.q *= 1 - p.weight
		sc.found++
		sc.seen[c.group/64] |= 1 << (c.group % 64)
	}
}

// matchElems matches es against d.words from position i and returns the end.
func matchElems(es []elem, d *doc, i int) (int, bool) {
	if len(es) == 0 {
		return i, true
	}
	words := d.words
	e := &es[0]
	switch {
	case e.any > 0:
		for k := 0; k <= e.any; k++ {
			if k > 0 && (i+k-1 >= len(words) || words[i+k-1] == boundary) {
				break
			}
			if e.any == 1 && k == 0 {
				continue
			}
			if end, ok := matchElems(es[1:], d, i+k); ok {
				return end, true
			}
		}
		return 0, false
	case e.num:
		if i < len(words) && isNumberWord(words[i], d.info[i]) {
			if end, ok := matchElems(es[1:], d, i+1); ok {
				return end, true
			}
		}
	default:
		if i < len(words) && e.has(d.info[i]) {
			if end, ok := matchElems(es[1:], d, i+1); ok {
				return end, true
			}
		}
	}
	if e.opt {
		return matchElems(es[1:], d, i)
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
// d; with negatable, a phrase right after "not", "never" or "no" does not
// count ("I'm not angry").
func lexiconScore(ps *phraseSet, d *doc, negatable bool) float64 {
	sc := [1]phraseScan{{ps: ps, negatable: negatable}}
	scan(d, sc[:])
	return sc[0].score()
}
