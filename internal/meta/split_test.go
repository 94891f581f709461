package meta_test

import (
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/handoffhq/handoff/internal/meta"
)

func TestSplit(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		text  string
		limit int
		want  []string
	}{
		{"short", "Hello there", 20, []string{"Hello there"}},
		{"exact", "abcde", 5, []string{"abcde"}},
		{"empty", "   ", 5, nil},
		{"on a space", "one two three four", 9, []string{"one two", "three", "four"}},
		{"space right after the limit", "abcd efgh", 4, []string{"abcd", "efgh"}},
		{"prefers a line break", "first line\nsecond part here", 20, []string{"first line", "second part here"}},
		{"then a sentence end", "One two three. Four five six", 20, []string{"One two three.", "Four five six"}},
		{"not a sentence end early on", "Hi. Three four five six seven", 20, []string{"Hi. Three four five", "six seven"}},
		{"long word cut hard", "abcdefghij", 4, []string{"abcd", "efgh", "ij"}},
		{"counts runes, not bytes", "ääää öööö üüüü", 9, []string{"ääää öööö", "üüüü"}},
		{"emoji", "🙂🙂🙂 🙂🙂", 4, []string{"🙂🙂🙂", "🙂🙂"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got := meta.Split(tt.text, tt.limit)
			if strings.Join(got, "|") != strings.Join(tt.want, "|") || len(got) != len(tt.want) {
				t.Errorf("Split(%q, %d) = %q, want %q", tt.text, tt.limit, got, tt.want)
			}
		})
	}
}

func TestSplitAtChannelLimits(t *testing.T) {
	t.Parallel()
	word := "parcel "
	text := strings.Repeat(word, 700) // 4,900 characters
	for _, tt := range []struct {
		channel string
		limit   int
		parts   int
	}{{"messenger", 2000, 3}, {"instagram", 1000, 5}} {
		if meta.Limit(tt.channel) != tt.limit {
			t.Fatalf("Limit(%s) = %d, want %d", tt.channel, meta.Limit(tt.channel), tt.limit)
		}
		parts := meta.Split(text, tt.limit)
		if len(parts) != tt.parts {
			t.Errorf("%s: %d parts, want %d", tt.channel, len(parts), tt.parts)
		}
		for i, p := range parts {
			if n := utf8.RuneCountInString(p); n > tt.limit || strings.HasSuffix(p, "parce") {
				t.Errorf("%s part %d: %d characters, ends %q", tt.channel, i, n, p[len(p)-8:])
			}
		}
	}
}

func FuzzSplit(f *testing.F) {
	f.Add("Hello, this is a longer message that needs splitting into parts.", 10)
	f.Add("no-spaces-at-all-in-this-one", 7)
	f.Add("line one\nline two\n\nline three", 12)
	f.Add("ümlaut äöü 🙂 emoji", 3)
	f.Fuzz(func(t *testing.T, text string, limit int) {
		if limit <= 0 || limit > 5000 || !utf8.ValidString(text) {
			return
		}
		parts := meta.Split(text, limit)
		for _, p := range parts {
			if p == "" || utf8.RuneCountInString(p) > limit {
				t.Fatalf("part %q: empty or over %d characters", p, limit)
			}
		}
		strip := func(s string) string {
			return strings.Map(func(r rune) rune {
				if unicode.IsSpace(r) {
					return -1
				}
				return r
			}, s)
		}
		if strip(strings.Join(parts, "")) != strip(text) {
			t.Fatalf("Split lost text: %q → %q", text, parts)
		}
	})
}
