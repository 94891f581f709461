package vader_test

import (
	"maps"
	"math"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/handoffhq/handoff/internal/vader"
)

// causeOrder lists the nine ways the vader-sentiment 1.1.3 npm port and
// vaderSentiment 3.3.2 differ, in the order reasons name them.
var causeOrder = []string{"lexicon", "emoji", "tokenizer", "case", "no_rule", "negation_details", "boosters", "idioms", "but_index"}

var (
	// dataCauses are where this package follows 3.3.2: its lexicon and its
	// emoji handling. They are the only differences from the npm port.
	dataCauses = causeOrder[:2]
	// algorithmCauses are where this package follows the npm port. They are
	// its differences from 3.3.2.
	algorithmCauses = causeOrder[2:]
)

// causes explains each cause.
var causes = map[string]string{
	"lexicon":          "the npm port bundles an older lexicon: no heart (3.2), hearts (3.3) or flawed (-2.1), and badass is -0.6 instead of 1.4",
	"emoji":            "the npm port predates emoji handling and does not replace emoji by their descriptions",
	"tokenizer":        "the npm port drops one-character tokens (I, a) and strips only one listed punctuation mark next to a word; 3.3.2 keeps every token and strips all surrounding punctuation",
	"case":             "the npm port matches negations, never so/this, idioms and but case-sensitively",
	"no_rule":          "the npm port lacks the rule of 3.3.2 that no negates the lexicon word after it",
	"negation_details": "the npm port lacks the without-doubt exception of 3.3.2 and weights never so/this by 1.5 instead of 1.25",
	"boosters":         "the npm port's booster list lacks boosters of 3.3.2 (total, major, utter, slight, ...)",
	"idioms":           "the npm port's special-case idioms differ from those of 3.3.2 (bus stop, to die for, beating heart, broken heart; cut the mustard, hand to mouth)",
	"but_index":        "the npm port scales each position for but; 3.3.2 scales the first position holding an equal valence (Python list.index)",
}

// emulator scores texts with a plain model of VADER in which each cause
// that is switched on follows the npm port and every other cause follows
// vaderSentiment 3.3.2. It favours plainness over speed.
type emulator struct {
	on       map[string]bool
	lex      map[string]float64
	boosters map[string]float64
	idioms   map[string]float64
}

var (
	// npmPort is the npm port.
	npmPort = newEmulator(causeOrder...)
	// handoffModel is this package: the npm port's algorithm with the
	// lexicon and emoji handling of 3.3.2.
	handoffModel = newEmulator(algorithmCauses...)
	// python332 is vaderSentiment 3.3.2.
	python332 = newEmulator()
)

// newEmulator returns an emulator that follows the npm port on the given
// causes and 3.3.2 on the others.
func newEmulator(on ...string) *emulator {
	e := &emulator{on: make(map[string]bool), lex: lexicon, boosters: pyBoosters, idioms: pyIdioms}
	for _, c := range on {
		if _, ok := causes[c]; !ok {
			panic("unknown cause " + c)
		}
		e.on[c] = true
	}
	if e.on["lexicon"] {
		e.lex = jsLexicon
	}
	if e.on["boosters"] {
		e.boosters = jsBoosters
	}
	if e.on["idioms"] {
		e.idioms = jsIdioms
	}
	return e
}

// handoffWith returns the model of this package with the given causes
// switched to the npm port.
func handoffWith(on ...string) *emulator {
	return newEmulator(append(slices.Clone(algorithmCauses), on...)...)
}

// npmWithout returns the npm port with the given causes switched to 3.3.2.
func npmWithout(off ...string) *emulator {
	var on []string
	for _, c := range causeOrder {
		if !slices.Contains(off, c) {
			on = append(on, c)
		}
	}
	return newEmulator(on...)
}

// without returns e with the given causes switched back to 3.3.2.
func (e *emulator) without(off ...string) *emulator {
	var on []string
	for _, c := range causeOrder {
		if e.on[c] && !slices.Contains(off, c) {
			on = append(on, c)
		}
	}
	return newEmulator(on...)
}

const (
	emuBIncr   = 0.293
	emuBDecr   = -0.293
	emuCIncr   = 0.733
	emuNScalar = -0.74
)

var (
	lexicon = vader.Lexicon()

	// jsLexicon is the lexicon bundled with the npm port.
	jsLexicon = func() map[string]float64 {
		m := maps.Clone(lexicon)
		delete(m, "heart")
		delete(m, "hearts")
		delete(m, "flawed")
		m["badass"] = -0.6
		return m
	}()

	// jsBoosters is the npm port's BOOSTER_DICT.
	jsBoosters = boosterDict(
		"absolutely amazingly awfully completely considerably decidedly deeply effing enormously entirely especially exceptionally extremely fabulously flipping flippin fricking frickin frigging friggin fully fucking greatly hella highly hugely incredibly intensely majorly more most particularly purely quite really remarkably so substantially thoroughly totally tremendously uber unbelievably unusually utterly very",
		"almost barely hardly just_enough kind_of kinda kindof kind-of less little marginally occasionally partly scarcely slightly somewhat sort_of sorta sortof sort-of")

	// pyBoosters is the BOOSTER_DICT of vaderSentiment 3.3.2.
	pyBoosters = boosterDict(
		"absolutely amazingly awfully completely considerable considerably decidedly deeply effing enormous enormously entirely especially exceptional exceptionally extreme extremely fabulously flipping flippin frackin fracking fricking frickin frigging friggin fully fuckin fucking fuggin fugging greatly hella highly hugely incredible incredibly intensely major majorly more most particularly purely quite really remarkably so substantially thoroughly total totally tremendous tremendously uber unbelievably unusually utter utterly very",
		"almost barely hardly just_enough kind_of kinda kindof kind-of less little marginal marginally occasional occasionally partly scarce scarcely slight slightly somewhat sort_of sorta sortof sort-of")

	// jsIdioms is the npm port's SPECIAL_CASE_IDIOMS.
	jsIdioms = map[string]float64{
		"the shit": 3, "the bomb": 3, "bad ass": 1.5, "yeah right": -2,
		"cut the mustard": 2, "kiss of death": -1.5, "hand to mouth": -2,
	}

	// pyIdioms is the SPECIAL_CASES of vaderSentiment 3.3.2.
	pyIdioms = map[string]float64{
		"the shit": 3, "the bomb": 3, "bad ass": 1.5, "badass": 1.5, "bus stop": 0.0,
		"yeah right": -2, "kiss of death": -1.5, "to die for": 3,
		"beating heart": 3.1, "broken heart": -2.9,
	}

	// jsPuncList is the npm port's PUNC_LIST.
	jsPuncList = []string{".", "!", "?", ",", ";", ":", "-", "'", "\"", "!!", "!!!", "??", "???", "?!?", "!?!", "?!?!", "!?!?"}
)

// boosterDict maps the words of incr to the booster increment and those of
// decr to the decrement; "_" stands for a space.
func boosterDict(incr, decr string) map[string]float64 {
	m := make(map[string]float64)
	for w := range strings.FieldsSeq(incr) {
		m[strings.ReplaceAll(w, "_", " ")] = emuBIncr
	}
	for w := range strings.FieldsSeq(decr) {
		m[strings.ReplaceAll(w, "_", " ")] = emuBDecr
	}
	return m
}

// compound returns the unrounded compound score of text.
func (e *emulator) compound(text string) float64 {
	if !e.on["emoji"] {
		text = vader.ReplaceEmoji(text)
	}
	ws := e.tokens(text)
	n := len(ws)
	if n == 0 {
		return 0
	}
	upper := 0
	for _, w := range ws {
		if e.isUpper(w) {
			upper++
		}
	}
	capDiff := upper > 0 && upper < n
	sent := make([]float64, 0, n)
	for i, w := range ws {
		lw := lower(w)
		if _, ok := e.boosters[lw]; ok || (i < n-1 && lw == "kind" && lower(ws[i+1]) == "of") {
			sent = append(sent, 0)
			continue
		}
		sent = append(sent, e.valence(ws, i, capDiff))
	}
	e.but(ws, sent)

	sum := 0.0
	for _, v := range sent {
		sum += v
	}
	ep, qm := strings.Count(text, "!"), strings.Count(text, "?")
	punct := float64(min(ep, 4)) * 0.292
	if qm > 3 {
		punct += 0.96
	} else if qm > 1 {
		punct += float64(qm) * 0.18
	}
	if sum > 0 {
		sum += punct
	} else if sum < 0 {
		sum -= punct
	}
	return max(-1, min(1, sum/math.Sqrt(sum*sum+15)))
}

func (e *emulator) tokens(text string) []string {
	var out []string
	if !e.on["tokenizer"] {
		// Python's str.split and the stripping of all surrounding
		// punctuation, unless that leaves two characters or fewer.
		for _, f := range strings.FieldsFunc(text, isPySpace) {
			s := strings.Trim(f, pyPunctuation)
			if utf8.RuneCountInString(s) <= 2 {
				s = f
			}
			out = append(out, s)
		}
		return out
	}
	// The npm port maps "word" plus or after one PUNC_LIST entry to the
	// word, for the words of the text stripped of all punctuation, and
	// drops tokens of one UTF-16 unit.
	noPunct := string(slices.DeleteFunc([]byte(text), func(b byte) bool {
		return strings.IndexByte(pyPunctuation, b) >= 0
	}))
	words := make(map[string]string)
	for _, w := range strings.FieldsFunc(noPunct, isJSSpace) {
		if jsLen(w) > 1 {
			for _, p := range jsPuncList {
				words[p+w] = w
				words[w+p] = w
			}
		}
	}
	for _, t := range strings.FieldsFunc(text, isJSSpace) {
		if jsLen(t) > 1 {
			if w, ok := words[t]; ok {
				t = w
			}
			out = append(out, t)
		}
	}
	return out
}

// pyPunctuation is Python's string.punctuation, also the npm port's
// punctuation pattern.
const pyPunctuation = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~"

// isPySpace reports whether Python's str.isspace holds for r.
func isPySpace(r rune) bool {
	return unicode.IsSpace(r) || (0x1c <= r && r <= 0x1f)
}

// isJSSpace reports whether r matches \s in a JavaScript regular expression.
func isJSSpace(r rune) bool {
	switch {
	case r == ' ', '\t' <= r && r <= '\r', r == 0xa0, r == 0x1680, 0x2000 <= r && r <= 0x200a,
		r == 0x2028, r == 0x2029, r == 0x202f, r == 0x205f, r == 0x3000, r == 0xfeff:
		return true
	}
	return false
}

// jsLen is the length of s in UTF-16 units, as JavaScript counts it.
func jsLen(s string) int {
	n := 0
	for _, r := range s {
		n++
		if r > 0xffff {
			n++
		}
	}
	return n
}

// lower is str.lower in Python and toLowerCase in JavaScript.
func lower(s string) string {
	return strings.ToLower(strings.ReplaceAll(s, "\u0130", "i\u0307"))
}

func (e *emulator) isUpper(w string) bool {
	if e.on["tokenizer"] {
		// /^[^a-z]*[A-Z]+[^a-z]*$/
		return strings.ContainsAny(w, "ABCDEFGHIJKLMNOPQRSTUVWXYZ") && !strings.ContainsAny(w, "abcdefghijklmnopqrstuvwxyz")
	}
	// Python's str.isupper.
	cased := false
	for _, r := range w {
		switch {
		case unicode.IsLower(r) || unicode.Is(unicode.Other_Lowercase, r) || unicode.IsTitle(r):
			return false
		case unicode.IsUpper(r) || unicode.Is(unicode.Other_Uppercase, r):
			cased = true
		}
	}
	return cased
}

// low is the form of w the case-sensitive rules compare.
func (e *emulator) low(w string) string {
	if e.on["case"] {
		return w
	}
	return lower(w)
}

func (e *emulator) negated(w string) bool {
	w = e.low(w)
	return slices.Contains(vader.NegateWords, w) || strings.Contains(w, "n't")
}

func (e *emulator) inLex(w string) bool {
	_, ok := e.lex[lower(w)]
	return ok
}

func (e *emulator) valence(ws []string, i int, capDiff bool) float64 {
	low := func(k int) string { return lower(ws[k]) }
	item := low(i)
	v, ok := e.lex[item]
	if !ok {
		return 0
	}
	if !e.on["no_rule"] {
		if item == "no" && i != len(ws)-1 && e.inLex(ws[i+1]) {
			v = 0
		}
		if (i > 0 && low(i-1) == "no") || (i > 1 && low(i-2) == "no") ||
			(i > 2 && low(i-3) == "no" && (low(i-1) == "or" || low(i-1) == "nor")) {
			v = e.lex[item] * emuNScalar
		}
	}
	if e.isUpper(ws[i]) && capDiff {
		if v > 0 {
			v += emuCIncr
		} else {
			v -= emuCIncr
		}
	}
	for st := range 3 {
		if i <= st || e.inLex(ws[i-(st+1)]) {
			continue
		}
		s := e.scalar(ws[i-(st+1)], v, capDiff)
		if st == 1 && s != 0 {
			s *= 0.95
		}
		if st == 2 && s != 0 {
			s *= 0.9
		}
		v += s
		v = e.negation(v, ws, st, i)
		if st == 2 {
			v = e.special(v, ws, i)
		}
	}
	if i > 1 && !e.inLex(ws[i-1]) && low(i-1) == "least" {
		if low(i-2) != "at" && low(i-2) != "very" {
			v *= emuNScalar
		}
	} else if i > 0 && !e.inLex(ws[i-1]) && low(i-1) == "least" {
		v *= emuNScalar
	}
	return v
}

func (e *emulator) scalar(w string, v float64, capDiff bool) float64 {
	s, ok := e.boosters[lower(w)]
	if !ok {
		return 0
	}
	if v < 0 {
		s = -s
	}
	if e.isUpper(w) && capDiff {
		if v > 0 {
			s += emuCIncr
		} else {
			s -= emuCIncr
		}
	}
	return s
}

func (e *emulator) negation(v float64, ws []string, st, i int) float64 {
	l := func(k int) string { return e.low(ws[k]) }
	details := e.on["negation_details"]
	switch st {
	case 0:
		if e.negated(ws[i-1]) {
			v *= emuNScalar
		}
	case 1:
		switch {
		case l(i-2) == "never" && (l(i-1) == "so" || l(i-1) == "this"):
			if details {
				v *= 1.5
			} else {
				v *= 1.25
			}
		case !details && l(i-2) == "without" && l(i-1) == "doubt":
		case e.negated(ws[i-2]):
			v *= emuNScalar
		}
	case 2:
		switch {
		case (l(i-3) == "never" && (l(i-2) == "so" || l(i-2) == "this")) || l(i-1) == "so" || l(i-1) == "this":
			v *= 1.25
		case !details && l(i-3) == "without" && (l(i-2) == "doubt" || l(i-1) == "doubt"):
		case e.negated(ws[i-3]):
			v *= emuNScalar
		}
	}
	return v
}

func (e *emulator) special(v float64, ws []string, i int) float64 {
	l := func(k int) string { return e.low(ws[k]) }
	seqs := []string{
		l(i-1) + " " + l(i),
		l(i-2) + " " + l(i-1) + " " + l(i),
		l(i-2) + " " + l(i-1),
		l(i-3) + " " + l(i-2) + " " + l(i-1),
		l(i-3) + " " + l(i-2),
	}
	for _, s := range seqs {
		if x, ok := e.idioms[s]; ok {
			v = x
			break
		}
	}
	if len(ws)-1 > i {
		if x, ok := e.idioms[l(i)+" "+l(i+1)]; ok {
			v = x
		}
	}
	if len(ws)-1 > i+1 {
		if x, ok := e.idioms[l(i)+" "+l(i+1)+" "+l(i+2)]; ok {
			v = x
		}
	}
	if e.on["boosters"] {
		_, a := e.boosters[seqs[4]]
		_, b := e.boosters[seqs[2]]
		if a || b {
			v += emuBDecr
		}
		return v
	}
	for _, s := range []string{seqs[3], seqs[4], seqs[2]} {
		if x, ok := e.boosters[s]; ok {
			v += x
		}
	}
	return v
}

func (e *emulator) but(ws []string, sent []float64) {
	bi := -1
	if e.on["case"] {
		bi = slices.Index(ws, "but")
		if bi < 0 {
			bi = slices.Index(ws, "BUT")
		}
	} else {
		bi = slices.IndexFunc(ws, func(w string) bool { return lower(w) == "but" })
	}
	if bi < 0 {
		return
	}
	factor := func(k int) float64 {
		switch {
		case k < bi:
			return 0.5
		case k > bi:
			return 1.5
		}
		return 1
	}
	for k, v := range sent {
		if e.on["but_index"] {
			sent[k] = v * factor(k)
			continue
		}
		// Python's sentiments.index(v): the first position holding v.
		si := slices.Index(sent, v)
		sent[si] = v * factor(si)
	}
}
