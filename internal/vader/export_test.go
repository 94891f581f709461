package vader

import "fmt"

// Unexported functions used by the tests of package vader_test.
var (
	ButScan    = butScan
	ButIndexed = butIndexed
)

// IsEmoji reports whether r is replaced by a description before scoring.
func IsEmoji(r rune) bool {
	_, ok := emojis[r]
	return ok
}

// Tables and helpers of the reference algorithm, for the emulation of the
// npm port in jsport_test.go.
var (
	Boosters     = boosters
	SpecialCases = specialCases
	NegateWords  = negateWords
	IsUpper      = isUpper
	StripPunct   = stripPunct
	ReplaceEmoji = replaceEmoji
	IsPySpace    = isPySpace
)

// Lexicon returns a copy of the lexicon.
func Lexicon() map[string]float64 {
	m := make(map[string]float64)
	for _, e := range words.entries {
		if e.info.inLex {
			m[e.word] = e.info.lex
		}
	}
	return m
}

// Lower is Python's str.lower.
func Lower(s string) string { return string(appendLower(nil, s)) }

// ScoreValence combines token valences into scores as the reference does.
func ScoreValence(sent []float64, text string) Scores { return scoreValence(sent, text) }

// RawCompound is the compound score of token valences before rounding.
func RawCompound(sent []float64, text string) float64 {
	sum := 0.0
	for _, v := range sent {
		sum += v
	}
	p := punctuationEmphasis(text)
	if sum > 0 {
		sum += p
	} else if sum < 0 {
		sum -= p
	}
	return normalize(sum)
}

// Tokens returns the tokens of an ASCII text as tokenize and as
// tokenizeASCII make them, and whether tokenizeASCII took the text.
func Tokens(text string) (general, ascii []string, ok bool) {
	show := func(s *scorer) []string {
		var out []string
		for _, t := range s.toks {
			out = append(out, fmt.Sprintf("%q %v %v %v %v %v %v but=%d", t.lower, t.lex, t.boost, t.upper, t.inLex, t.neg, t.idiom, s.but))
		}
		return out
	}
	var g, a scorer
	g.tokenize(text)
	ok = a.tokenizeASCII(text)
	return show(&g), show(&a), ok
}
