package vader

import (
	"unicode"
	"unicode/utf8"
)

// The reference implementation is Python; these helpers reproduce the Python
// string semantics it relies on (str.split, str.strip, str.lower,
// str.isupper), with fast paths for ASCII.

// isPySpace reports whether Python's str.isspace holds for r: Unicode white
// space plus the ASCII information separators U+001C..U+001F.
func isPySpace(r rune) bool {
	if r < utf8.RuneSelf {
		return r == ' ' || ('\t' <= r && r <= '\r') || (0x1c <= r && r <= 0x1f)
	}
	return unicode.IsSpace(r)
}

// isPunct reports whether b is in Python's string.punctuation.
func isPunct(b byte) bool {
	return ('!' <= b && b <= '/') || (':' <= b && b <= '@') || ('[' <= b && b <= '`') || ('{' <= b && b <= '~')
}

// stripPunct returns token with leading and trailing ASCII punctuation
// removed, unless that leaves two characters or fewer (an emoticon such as
// ":)" or ":-("), in which case token is returned unchanged.
func stripPunct(token string) string {
	i, j := 0, len(token)
	for i < j && isPunct(token[i]) {
		i++
	}
	for j > i && isPunct(token[j-1]) {
		j--
	}
	s := token[i:j]
	if len(s) <= 2 || utf8.RuneCountInString(s) <= 2 {
		return token
	}
	return s
}

// isUpper reports whether Python's str.isupper holds for s: s has at least
// one cased character and no lower-case or title-case one.
func isUpper(s string) bool {
	cased := false
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= utf8.RuneSelf {
			return isUpperUnicode(s[i:], cased)
		}
		if 'a' <= c && c <= 'z' {
			return false
		}
		if 'A' <= c && c <= 'Z' {
			cased = true
		}
	}
	return cased
}

func isUpperUnicode(s string, cased bool) bool {
	for _, r := range s {
		switch {
		case unicode.IsLower(r) || unicode.Is(unicode.Other_Lowercase, r) || unicode.IsTitle(r):
			return false
		case unicode.IsUpper(r) || unicode.Is(unicode.Other_Uppercase, r):
			cased = true
		}
	}
	return cased
}

// caseOf returns isUpper(s) and whether s is ASCII without upper-case
// letters, in which case s is its own lower-case form; one pass for ASCII s.
func caseOf(s string) (upper, lowerASCII bool) {
	hasUpper, hasLower := false, false
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= utf8.RuneSelf {
			return isUpper(s), false
		}
		hasUpper = hasUpper || ('A' <= c && c <= 'Z')
		hasLower = hasLower || ('a' <= c && c <= 'z')
	}
	return hasUpper && !hasLower, !hasUpper
}

// appendLower appends Python's str.lower of s to b. It differs from
// strings.ToLower only where Python uses a full case mapping: U+0130 LATIN
// CAPITAL LETTER I WITH DOT ABOVE lowers to "i" plus U+0307. (Python's
// final-sigma rule is not reproduced; no lexicon or rule word is Greek.)
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
