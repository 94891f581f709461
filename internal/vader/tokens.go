package vader

import (
	"strings"
	"unicode"
	"unicode/utf8"
	"unsafe"
)

// The npm port is JavaScript: these helpers reproduce how it splits a text
// into tokens and the JavaScript string semantics it relies on.

// token is one word or emoticon of the text.
type token struct {
	word  string  // the token as the npm port reads it, see npmWord
	lower string  // word in lower case
	upper bool    // word has an ASCII capital and no ASCII small letter
	inLex bool    // lower is in the lexicon
	lex   float64 // lexicon valence of lower
	boost float64 // booster value of lower, 0 if lower is no booster
	neg   bool    // word is a negation word or contains "n't"
}

// tokenize splits text at each white space character of a JavaScript
// regular expression (\s) and records each token with its lexicon data.
func (s *scorer) tokenize(text string) {
	start := -1
	for i := 0; i < len(text); {
		c, size := rune(text[i]), 1
		if c >= utf8.RuneSelf {
			c, size = utf8.DecodeRuneInString(text[i:])
		}
		if isJSSpace(c) {
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

// add appends the token raw unless it is a single character.
func (s *scorer) add(raw string) {
	if oneUnit(raw) {
		return
	}
	w := npmWord(raw)
	t := token{word: w, upper: isUpper(w), lower: w}
	if !isLowerASCII(w) {
		n := len(s.lower)
		s.lower = appendLower(s.lower, w)
		b := s.lower[n:]
		// The bytes are not modified until the next call reuses the
		// buffer, after every token of this call is gone.
		t.lower = unsafe.String(unsafe.SliceData(b), len(b))
	}
	if info, ok := words[t.lower]; ok {
		t.inLex, t.lex, t.boost = info.inLex, info.lex, info.boost
		t.neg = info.neg && t.lower == w
	}
	if !t.neg {
		t.neg = strings.Contains(w, "n't")
	}
	s.toks = append(s.toks, t)
}

// isJSSpace reports whether r matches \s in a JavaScript regular
// expression.
func isJSSpace(r rune) bool {
	if r < utf8.RuneSelf {
		return r == ' ' || ('\t' <= r && r <= '\r')
	}
	switch {
	case r == 0xa0, r == 0x1680, 0x2000 <= r && r <= 0x200a, r == 0x2028, r == 0x2029,
		r == 0x202f, r == 0x205f, r == 0x3000, r == 0xfeff:
		return true
	}
	return false
}

// oneUnit reports whether s is at most one UTF-16 code unit long, as
// JavaScript counts length: empty, one byte, or one code point below
// U+10000. Each byte of invalid UTF-8 counts as one unit.
func oneUnit(s string) bool {
	if len(s) <= 1 {
		return true
	}
	if len(s) > 3 {
		return false
	}
	_, size := utf8.DecodeRuneInString(s)
	return size == len(s)
}

// isPunct reports whether b is ASCII punctuation (Python's
// string.punctuation, the npm port's punctuation pattern).
func isPunct(b byte) bool {
	return ('!' <= b && b <= '/') || (':' <= b && b <= '@') || ('[' <= b && b <= '`') || ('{' <= b && b <= '~')
}

// npmWord returns token t as the npm port reads it. The port maps a word
// preceded or followed by one entry of its punctuation list (".", "!!",
// "?!?" ...) to the bare word, provided the word has no punctuation and is
// longer than one character; every other token, "(good)" or "good..." for
// instance, stays as written.
func npmWord(t string) string {
	i, j := 0, len(t)
	for i < j && isPunct(t[i]) {
		i++
	}
	for j > i && isPunct(t[j-1]) {
		j--
	}
	if (i == 0) == (j == len(t)) {
		return t // no punctuation on either side, or some on both
	}
	w, p := t[i:j], t[:i]
	if i == 0 {
		p = t[j:]
	}
	if !listedPunct(p) || oneUnit(w) || hasPunct(w) {
		return t
	}
	return w
}

// hasPunct reports whether s has ASCII punctuation.
func hasPunct(s string) bool {
	for i := 0; i < len(s); i++ {
		if isPunct(s[i]) {
			return true
		}
	}
	return false
}

// listedPunct reports whether p is in the npm port's PUNC_LIST.
func listedPunct(p string) bool {
	switch p {
	case ".", "!", "?", ",", ";", ":", "-", "'", "\"", "!!", "!!!", "??", "???", "?!?", "!?!", "?!?!", "!?!?":
		return true
	}
	return false
}

// isUpper reports whether s has an ASCII capital and no ASCII small
// letter, the npm port's /^[^a-z]*[A-Z]+[^a-z]*$/.
func isUpper(s string) bool {
	upper := false
	for i := 0; i < len(s); i++ {
		c := s[i]
		if 'a' <= c && c <= 'z' {
			return false
		}
		upper = upper || ('A' <= c && c <= 'Z')
	}
	return upper
}

// isLowerASCII reports whether s is ASCII without capitals, in which case
// s is its own lower-case form.
func isLowerASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= utf8.RuneSelf || ('A' <= c && c <= 'Z') {
			return false
		}
	}
	return true
}

// appendLower appends the lower-case form of s to b as JavaScript's
// toLowerCase computes it. It differs from strings.ToLower only where
// JavaScript uses a full case mapping: U+0130 LATIN CAPITAL LETTER I WITH
// DOT ABOVE lowers to "i" plus U+0307. (The final-sigma rule is not
// reproduced; no lexicon or rule word is Greek.) Invalid UTF-8 is kept.
func appendLower(b []byte, s string) []byte {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < utf8.RuneSelf {
			if 'A' <= c && c <= 'Z' {
				c += 'a' - 'A'
			}
			b = append(b, c)
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			b = append(b, c)
		case r == '\u0130':
			b = append(b, "i\u0307"...)
		default:
			b = utf8.AppendRune(b, unicode.ToLower(r))
		}
		i += size - 1
	}
	return b
}
