package meta

import (
	"strings"
	"unicode"
)

// Message length limits of the Send API, in characters.
const (
	MessengerLimit = 2000
	InstagramLimit = 1000
)

// Limit returns the text limit of a channel.
func Limit(channel string) int {
	if channel == "instagram" {
		return InstagramLimit
	}
	return MessengerLimit
}

// Split cuts text into parts of at most limit characters (runes). It breaks at a line break in
// the second half of a part if there is one, else after a sentence in the second half, else at
// the last space; a word longer than the limit is cut hard. Whitespace at the cuts is dropped;
// nothing else is lost.
func Split(text string, limit int) []string {
	text = strings.TrimSpace(text)
	if limit <= 0 || text == "" {
		return nil
	}
	var parts []string
	r := []rune(text)
	for len(r) > limit {
		cut := breakAt(r[:limit+1], limit)
		part := strings.TrimRightFunc(string(r[:cut]), unicode.IsSpace)
		if part != "" {
			parts = append(parts, part)
		}
		r = []rune(strings.TrimLeftFunc(string(r[cut:]), unicode.IsSpace))
	}
	if len(r) > 0 {
		parts = append(parts, string(r))
	}
	return parts
}

// breakAt picks where to cut window (limit+1 runes, so a space right after the limit counts).
func breakAt(window []rune, limit int) int {
	lastSpace, lastNL, lastSentence := -1, -1, -1
	for i, c := range window {
		if c == '\n' {
			lastNL = i
		}
		if unicode.IsSpace(c) {
			lastSpace = i
			if i > 0 && strings.ContainsRune(".!?…", window[i-1]) {
				lastSentence = i
			}
		}
	}
	switch {
	case lastNL >= limit/2 && lastNL > 0:
		return lastNL
	case lastSentence >= limit/2 && lastSentence > 0:
		return lastSentence
	case lastSpace > 0:
		return lastSpace
	}
	return limit
}
