package vader

import (
	_ "embed"
	"strconv"
	"strings"
	"unicode/utf8"
)

//go:embed emoji_utf8_lexicon.txt
var emojiFile string

// emojis maps each emoji code point to its textual description; minEmoji
// is its smallest key.
var emojis, minEmoji = parseEmoji(emojiFile)

// parseEmoji reads emoji_utf8_lexicon.txt, "emoji<TAB>description" a line,
// and returns the table with its smallest key.
func parseEmoji(data string) (map[rune]string, rune) {
	m := make(map[rune]string, 1300)
	least := utf8.MaxRune
	for line := range strings.SplitSeq(strings.TrimRight(data, "\n"), "\n") {
		e, desc, ok := strings.Cut(line, "\t")
		r, size := utf8.DecodeRuneInString(e)
		if !ok || size != len(e) || r == utf8.RuneError {
			panic("vader: malformed emoji line " + strconv.Quote(line))
		}
		m[r] = desc
		least = min(least, r)
	}
	return m, least
}

// replaceEmoji replaces each emoji code point of text by its description,
// separated from a preceding character other than a space by one space, as
// vaderSentiment 3.3.2 does. Text without emoji is returned as is.
func replaceEmoji(text string) string {
	i := 0
	for i < len(text) && text[i] < utf8.RuneSelf {
		i++
	}
	if i == len(text) {
		return text // ASCII: every emoji is above U+007F
	}
	found := false
	for _, r := range text[i:] {
		if r >= minEmoji {
			if _, ok := emojis[r]; ok {
				found = true
				break
			}
		}
	}
	if !found {
		return text
	}
	var b strings.Builder
	b.Grow(len(text) + 64)
	prevSpace := true
	for j := 0; j < len(text); {
		r, size := utf8.DecodeRuneInString(text[j:])
		if desc, ok := emojis[r]; ok && size > 1 {
			if !prevSpace {
				b.WriteByte(' ')
			}
			b.WriteString(desc)
			prevSpace = false
		} else {
			b.WriteString(text[j : j+size])
			prevSpace = r == ' '
		}
		j += size
	}
	return b.String()
}
