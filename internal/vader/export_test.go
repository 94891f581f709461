package vader

// IsEmoji reports whether r is replaced by a description before scoring.
func IsEmoji(r rune) bool {
	_, ok := emojis[r]
	return ok
}

// Internals used by the tests of package vader_test.
var (
	ReplaceEmoji = replaceEmoji
	NegateWords  = negateWords
	JSRound      = jsRound
)

// Lexicon returns a copy of the lexicon.
func Lexicon() map[string]float64 {
	m := make(map[string]float64)
	for w, info := range words {
		if info.inLex {
			m[w] = info.lex
		}
	}
	return m
}

// Tokens returns the words of text as the rules read them.
func Tokens(text string) []string {
	s := new(scorer)
	s.tokenize(text)
	out := make([]string, len(s.toks))
	for i, t := range s.toks {
		out[i] = t.word
	}
	return out
}
