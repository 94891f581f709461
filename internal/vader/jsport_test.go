package vader_test

import (
	"maps"
	"slices"
	"strings"

	"github.com/handoffhq/handoff/internal/vader"
)

// jsCauseOrder lists the causes of jsCauses in the order reasons name them.
var jsCauseOrder = []string{"lexicon", "emoji", "tokenizer", "case", "no_rule", "negation_details", "boosters", "idioms", "but_index"}

// jsEmulator scores texts with the reference algorithm in which each cause
// that is switched on is replaced by the behaviour of the vader-sentiment
// 1.1.3 npm port. With every cause on it reproduces the npm port, with none
// the reference. It favours plainness over speed.
type jsEmulator struct {
	on       map[string]bool
	lex      map[string]float64
	boosters map[string]float64
	idioms   map[string]float64
}

const (
	emuBIncr   = 0.293
	emuBDecr   = -0.293
	emuCIncr   = 0.733
	emuNScalar = -0.74
)

var (
	refLexicon = vader.Lexicon()

	// jsLexicon is the lexicon bundled with the npm port.
	jsLexicon = func() map[string]float64 {
		m := maps.Clone(refLexicon)
		delete(m, "heart")
		delete(m, "hearts")
		delete(m, "flawed")
		m["badass"] = -0.6
		return m
	}()

	// jsBoosters is the npm port's BOOSTER_DICT.
	jsBoosters = func() map[string]float64 {
		m := make(map[string]float64)
		for w := range strings.FieldsSeq("absolutely amazingly awfully completely considerably decidedly deeply effing enormously entirely especially exceptionally extremely fabulously flipping flippin fricking frickin frigging friggin fully fucking greatly hella highly hugely incredibly intensely majorly more most particularly purely quite really remarkably so substantially thoroughly totally tremendously uber unbelievably unusually utterly very") {
			m[w] = emuBIncr
		}
		for _, w := range []string{"almost", "barely", "hardly", "just enough", "kind of", "kinda", "kindof", "kind-of", "less", "little", "marginally", "occasionally", "partly", "scarcely", "slightly", "somewhat", "sort of", "sorta", "sortof", "sort-of"} {
			m[w] = emuBDecr
		}
		return m
	}()

	// jsIdioms is the npm port's SPECIAL_CASE_IDIOMS.
	jsIdioms = map[string]float64{
		"the shit": 3, "the bomb": 3, "bad ass": 1.5, "yeah right": -2,
		"cut the mustard": 2, "kiss of death": -1.5, "hand to mouth": -2,
	}

	// jsPuncList is the npm port's PUNC_LIST.
	jsPuncList = []string{".", "!", "?", ",", ";", ":", "-", "'", "\"", "!!", "!!!", "??", "???", "?!?", "!?!", "?!?!", "!?!?"}
)

func newJSEmulator(causes ...string) *jsEmulator {
	e := &jsEmulator{on: make(map[string]bool), lex: refLexicon, boosters: vader.Boosters, idioms: vader.SpecialCases}
	for _, c := range causes {
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

// without returns an emulator with every cause on except those given.
func jsWithout(causes ...string) *jsEmulator {
	var on []string
	for _, c := range jsCauseOrder {
		if !slices.Contains(causes, c) {
			on = append(on, c)
		}
	}
	return newJSEmulator(on...)
}

// compound returns the unrounded compound score of text.
func (e *jsEmulator) compound(text string) float64 {
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
		lw := vader.Lower(w)
		if _, ok := e.boosters[lw]; ok || (i < n-1 && lw == "kind" && vader.Lower(ws[i+1]) == "of") {
			sent = append(sent, 0)
			continue
		}
		sent = append(sent, e.valence(ws, i, capDiff))
	}
	e.but(ws, sent)
	return vader.RawCompound(sent, text)
}

func (e *jsEmulator) tokens(text string) []string {
	var out []string
	if !e.on["tokenizer"] {
		for _, f := range strings.FieldsFunc(text, vader.IsPySpace) {
			out = append(out, vader.StripPunct(f))
		}
		return out
	}
	// The npm port maps "word" plus or after one PUNC_LIST entry to the
	// word, for the words of the text stripped of all punctuation, and
	// drops tokens of one UTF-16 unit.
	noPunct := strings.Map(func(r rune) rune {
		if r < 0x80 && strings.ContainsRune("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~", r) {
			return -1
		}
		return r
	}, text)
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

func (e *jsEmulator) isUpper(w string) bool {
	if !e.on["tokenizer"] {
		return vader.IsUpper(w)
	}
	// /^[^a-z]*[A-Z]+[^a-z]*$/
	return strings.ContainsAny(w, "ABCDEFGHIJKLMNOPQRSTUVWXYZ") && !strings.ContainsAny(w, "abcdefghijklmnopqrstuvwxyz")
}

// low is the form of w the case-sensitive rules compare.
func (e *jsEmulator) low(w string) string {
	if e.on["case"] {
		return w
	}
	return vader.Lower(w)
}

func (e *jsEmulator) negated(w string) bool {
	w = e.low(w)
	return slices.Contains(vader.NegateWords, w) || strings.Contains(w, "n't")
}

func (e *jsEmulator) inLex(w string) bool {
	_, ok := e.lex[vader.Lower(w)]
	return ok
}

func (e *jsEmulator) valence(ws []string, i int, capDiff bool) float64 {
	lower := func(k int) string { return vader.Lower(ws[k]) }
	item := lower(i)
	v, ok := e.lex[item]
	if !ok {
		return 0
	}
	if !e.on["no_rule"] {
		if item == "no" && i != len(ws)-1 && e.inLex(ws[i+1]) {
			v = 0
		}
		if (i > 0 && lower(i-1) == "no") || (i > 1 && lower(i-2) == "no") ||
			(i > 2 && lower(i-3) == "no" && (lower(i-1) == "or" || lower(i-1) == "nor")) {
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
	if i > 1 && !e.inLex(ws[i-1]) && lower(i-1) == "least" {
		if lower(i-2) != "at" && lower(i-2) != "very" {
			v *= emuNScalar
		}
	} else if i > 0 && !e.inLex(ws[i-1]) && lower(i-1) == "least" {
		v *= emuNScalar
	}
	return v
}

func (e *jsEmulator) scalar(w string, v float64, capDiff bool) float64 {
	s, ok := e.boosters[vader.Lower(w)]
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

func (e *jsEmulator) negation(v float64, ws []string, st, i int) float64 {
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

func (e *jsEmulator) special(v float64, ws []string, i int) float64 {
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

func (e *jsEmulator) but(ws []string, sent []float64) {
	bi := -1
	if e.on["case"] {
		bi = slices.Index(ws, "but")
		if bi < 0 {
			bi = slices.Index(ws, "BUT")
		}
	} else {
		bi = slices.IndexFunc(ws, func(w string) bool { return vader.Lower(w) == "but" })
	}
	if bi < 0 {
		return
	}
	if !e.on["but_index"] {
		vader.ButScan(sent, bi)
		return
	}
	for k := range sent {
		switch {
		case k < bi:
			sent[k] *= 0.5
		case k > bi:
			sent[k] *= 1.5
		}
	}
}
