package kb

import (
	"bytes"
	"fmt"
	"os"
	"strings"
	"unicode/utf8"

	"github.com/handoffhq/handoff"
)

// Entry is one question of the FAQ with its answer.
type Entry struct {
	Section      string   `json:"section,omitempty"`      // the "# Title" the entry sits under
	Question     string   `json:"question"`               // the heading text
	Alternatives []string `json:"alternatives,omitempty"` // other phrasings from "Also:" lines
	Answer       string   `json:"answer"`                 // the Markdown text under the heading
	Line         int      `json:"line"`                   // 1-based line of the heading
}

// Load reads and parses the FAQ file at path.
func Load(path string) (*Base, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("kb: %w", err)
	}
	b, err := Parse(data)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return b, nil
}

// Parse reads a Markdown FAQ (see the package documentation for the format).
// It returns EINVALID for an empty file, a file without questions, or a question without an answer.
func Parse(markdown []byte) (*Base, error) {
	if !utf8.Valid(markdown) {
		return nil, handoff.Errorf(handoff.EINVALID, "faq: the file is not valid UTF-8 text")
	}
	text := string(bytes.TrimPrefix(markdown, []byte("\uFEFF")))
	text = strings.ReplaceAll(text, "\r\n", "\n")
	if strings.TrimSpace(text) == "" {
		return nil, handoff.Errorf(handoff.EINVALID, "faq: the file is empty")
	}

	var (
		entries []Entry
		section string
		cur     *Entry
		body    []string
		inAlso  bool   // still right under a question heading, where Also: lines belong
		fence   string // the opening marker of the code block we are in, if any
	)
	finish := func() error {
		if cur == nil {
			return nil
		}
		cur.Answer = joinParagraphs(body)
		if cur.Answer == "" {
			return handoff.Errorf(handoff.EINVALID, "faq: line %d: question %q has no answer", cur.Line, cur.Question)
		}
		entries = append(entries, *cur)
		cur, body = nil, nil
		return nil
	}

	for i, line := range strings.Split(text, "\n") {
		lineNo := i + 1
		trimmed := strings.TrimSpace(line)
		if fence != "" {
			if strings.HasPrefix(trimmed, fence) {
				fence = ""
			}
			if cur != nil {
				body = append(body, line)
			}
			continue
		}
		if strings.HasPrefix(trimmed, "```") || strings.HasPrefix(trimmed, "~~~") {
			fence = trimmed[:3]
			inAlso = false
			if cur != nil {
				body = append(body, line)
			}
			continue
		}
		if level, title, ok := heading(line); ok && level <= 3 {
			if err := finish(); err != nil {
				return nil, err
			}
			if title == "" {
				return nil, handoff.Errorf(handoff.EINVALID, "faq: line %d: empty heading", lineNo)
			}
			if level == 1 {
				section, inAlso = title, false
				continue
			}
			cur = &Entry{Section: section, Question: title, Line: lineNo}
			inAlso = true
			continue
		}
		if cur == nil {
			continue // text before the first question, or a section introduction
		}
		if inAlso {
			if trimmed == "" {
				continue
			}
			if alt, ok := cutPrefixFold(trimmed, "also:"); ok {
				if alt = strings.TrimSpace(alt); alt != "" {
					cur.Alternatives = append(cur.Alternatives, alt)
				}
				continue
			}
			inAlso = false
		}
		body = append(body, line)
	}
	if err := finish(); err != nil {
		return nil, err
	}
	if len(entries) == 0 {
		return nil, handoff.Errorf(handoff.EINVALID, `faq: no questions found: start each question with a "## " heading followed by its answer`)
	}
	return newBase(entries), nil
}

// heading recognises an ATX heading ("## Title ##") with at most three spaces of indent.
func heading(line string) (level int, title string, ok bool) {
	s := line
	for n := 0; n < 3 && strings.HasPrefix(s, " "); n++ {
		s = s[1:]
	}
	for level < len(s) && s[level] == '#' {
		level++
	}
	if level == 0 || level > 6 {
		return 0, "", false
	}
	rest := s[level:]
	if rest != "" && rest[0] != ' ' && rest[0] != '\t' {
		return 0, "", false // "#hashtag" is not a heading
	}
	title = strings.TrimSpace(rest)
	if t := strings.TrimRight(title, "#"); t != title && (t == "" || strings.HasSuffix(t, " ")) {
		title = strings.TrimSpace(t)
	}
	return level, title, true
}

// cutPrefixFold is strings.CutPrefix ignoring ASCII case.
func cutPrefixFold(s, prefix string) (string, bool) {
	if len(s) >= len(prefix) && strings.EqualFold(s[:len(prefix)], prefix) {
		return s[len(prefix):], true
	}
	return s, false
}

// joinParagraphs turns answer lines into text for a chat bubble: blank lines
// at either end and repeated blank lines go, and the soft line breaks of a
// wrapped paragraph become spaces, as Markdown renders them. List items, table
// rows, quotes, hard breaks and fenced code keep their own lines.
func joinParagraphs(lines []string) string {
	var out []string
	blank, inFence, joinable := false, false, false
	for _, l := range lines {
		trimmed := strings.TrimSpace(l)
		if inFence {
			out = append(out, l)
			if strings.HasPrefix(trimmed, "```") || strings.HasPrefix(trimmed, "~~~") {
				inFence = false
			}
			continue
		}
		if trimmed == "" {
			blank, joinable = len(out) > 0, false
			continue
		}
		if blank {
			out = append(out, "")
			blank = false
		}
		fenceStart := strings.HasPrefix(trimmed, "```") || strings.HasPrefix(trimmed, "~~~")
		if joinable && !fenceStart && !blockStart(trimmed) {
			last := out[len(out)-1]
			out[len(out)-1] = last + " " + trimmed
		} else {
			out = append(out, l)
		}
		inFence = fenceStart
		_, _, isHeading := heading(trimmed)
		hardBreak := strings.HasSuffix(l, "  ") || strings.HasSuffix(trimmed, "\\")
		joinable = !fenceStart && !hardBreak && !isHeading && !strings.HasPrefix(trimmed, "|")
	}
	for i := range out {
		out[i] = strings.TrimRight(out[i], " \t")
	}
	return strings.Join(out, "\n")
}

// blockStart reports whether a trimmed line starts its own Markdown block (a list item, quote, table row or heading).
func blockStart(s string) bool {
	switch {
	case strings.HasPrefix(s, "- "), strings.HasPrefix(s, "* "), strings.HasPrefix(s, "+ "),
		strings.HasPrefix(s, ">"), strings.HasPrefix(s, "|"):
		return true
	}
	if _, _, ok := heading(s); ok {
		return true
	}
	digits := 0
	for digits < len(s) && s[digits] >= '0' && s[digits] <= '9' {
		digits++
	}
	return digits > 0 && digits < len(s)-1 && (s[digits] == '.' || s[digits] == ')') && s[digits+1] == ' '
}
