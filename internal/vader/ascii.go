package vader

import (
	"strings"
	"unsafe"
)

// The classes of byteClass.
const (
	classSpace = 1 << iota // Python white space
	classPunct             // in string.punctuation
	classUpper             // A to Z
	classLower             // a to z
	classApos              // an apostrophe, which "n't" holds
	classHigh              // not ASCII
)

// byteClass classifies the bytes of a text for tokenizeASCII.
var byteClass = func() (c [256]uint8) {
	for b := range 256 {
		switch {
		case b >= 0x80:
			c[b] = classHigh
		case isPySpace(rune(b)):
			c[b] = classSpace
		case isPunct(byte(b)):
			c[b] = classPunct
		case 'A' <= b && b <= 'Z':
			c[b] = classUpper
		case 'a' <= b && b <= 'z':
			c[b] = classLower
		}
	}
	c['\''] |= classApos
	return c
}()

// tokenizeASCII is tokenize for an ASCII text, which contains no emoji, in
// one pass over each token. It reports false, leaving s to be reset, at the
// first byte that is not ASCII.
func (s *scorer) tokenizeASCII(text string) bool {
	s.but = -1
	for i := 0; i < len(text); {
		c := byteClass[text[i]]
		if c&classSpace != 0 {
			i++
			continue
		}
		start := i
		var seen uint8 // the classes of the bytes of the token
		for ; i < len(text); i++ {
			c = byteClass[text[i]]
			if c&(classSpace|classHigh) != 0 {
				break
			}
			seen |= c
		}
		if c&classHigh != 0 {
			return false
		}
		s.addASCII(text[start:i], seen)
	}
	return true
}

// addASCII is add for the ASCII token raw, whose bytes have the classes
// of seen: one byte is one rune, and punctuation is no letter, so the case
// of raw is that of the token stripped of it.
func (s *scorer) addASCII(raw string, seen uint8) {
	w := raw
	if seen&classPunct != 0 {
		i, j := 0, len(raw)
		for i < j && byteClass[raw[i]]&classPunct != 0 {
			i++
		}
		for j > i && byteClass[raw[j-1]]&classPunct != 0 {
			j--
		}
		if j-i > 2 {
			w = raw[i:j]
		}
	}
	upper := seen&classUpper != 0 && seen&classLower == 0
	s.toks = append(s.toks, token{lower: w, upper: upper})
	t := &s.toks[len(s.toks)-1]
	if seen&classUpper != 0 {
		n := len(s.lower)
		for k := 0; k < len(w); k++ {
			b := w[k]
			if byteClass[b]&classUpper != 0 {
				b += 'a' - 'A'
			}
			s.lower = append(s.lower, b)
		}
		b := s.lower[n:]
		// As in add, the bytes stay until every token of this call is gone.
		t.lower = unsafe.String(unsafe.SliceData(b), len(b))
	}
	if info, ok := words.lookup(t.lower); ok {
		t.inLex, t.lex, t.boost, t.neg, t.idiom = info.inLex, info.lex, info.boost, info.neg, info.idiom
	}
	if !t.neg && seen&classApos != 0 {
		t.neg = strings.Contains(t.lower, "n't")
	}
	if s.but < 0 && t.lower == "but" {
		s.but = len(s.toks) - 1
	}
}
