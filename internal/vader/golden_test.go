package vader_test

import (
	"bufio"
	"bytes"
	"encoding/json"
	"flag"
	"math"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/handoffhq/handoff/internal/vader"
)

var update = flag.Bool("update", false, "rewrite testdata/golden_differences.jsonl from the emulation")

const (
	goldenJSPath    = "testdata/golden_js.jsonl"
	differencesPath = "testdata/golden_differences.jsonl"
	referencePath   = "testdata/reference_scores.jsonl"
)

// golden is one line of golden_js.jsonl: a text and the npm port's score.
type golden struct {
	Text     string
	Compound float64
}

// difference is one line of golden_differences.jsonl.
type difference struct {
	Text   string  `json:"text"`
	JS     float64 `json:"js"`
	Go     float64 `json:"go"`
	Reason string  `json:"reason"`
}

// jsLexiconWords are the lexicon entries on which the npm port's bundled
// lexicon differs from vader_lexicon.txt.
var jsLexiconWords = []string{"heart", "hearts", "flawed", "badass"}

// sameScore reports whether an unrounded emulated score rounds to want.
func sameScore(emulated, want float64) bool {
	return math.Abs(vader.JSRound(emulated, 4)-want) <= 1e-4+1e-9
}

// TestEmulator checks that the emulation of this package gives the score
// of Compound on every text of the test data, so that what the emulation
// shows of the causes holds for this package.
func TestEmulator(t *testing.T) {
	t.Parallel()
	var texts []string
	for _, g := range mustReadJSONL[golden](t, goldenJSPath) {
		texts = append(texts, g.Text)
	}
	for _, r := range mustReadJSONL[golden](t, referencePath) {
		texts = append(texts, r.Text)
	}
	texts = append(texts, mustReadLines(t, "testdata/chat_lines.txt")...)
	bad := 0
	for _, text := range texts {
		if got, want := handoffModel.compound(text), vader.Compound(text); !sameScore(got, want) {
			if bad++; bad <= 20 {
				t.Errorf("emulation scores %v, Compound %v: %q", got, want, text)
			}
		}
	}
	if bad > 0 {
		t.Errorf("%d of %d texts differ", bad, len(texts))
	}
}

// TestGoldenJS compares Compound with the vader-sentiment npm port on the
// texts of testdata/golden_js.jsonl. At least 99% of the texts must agree
// within 0.01, and every text that does not must be listed in
// golden_differences.jsonl with its causes: only the npm port's older
// lexicon and its lack of emoji handling may remain. The causes are proved
// with the emulation: with every cause switched on it reproduces each npm
// score, switching on exactly the listed causes in the model of this
// package reproduces the npm score of the text, and each listed cause is
// one that, switched back alone, changes the emulated npm score (or, where
// no single one does, part of a pair that does).
//
// go test -run TestGoldenJS -update rewrites golden_differences.jsonl.
func TestGoldenJS(t *testing.T) {
	texts := mustReadJSONL[golden](t, goldenJSPath)
	if len(texts) < 4000 {
		t.Fatalf("golden_js.jsonl has %d texts, want at least 4000", len(texts))
	}
	if *update {
		writeDifferences(t, texts)
	}
	diffs := mustReadJSONL[difference](t, differencesPath)

	// The emulation with every cause on is the npm port.
	for _, g := range texts {
		if got := npmPort.compound(g.Text); !sameScore(got, g.Compound) {
			t.Errorf("emulated npm port scores %v, npm port %v: %q", got, g.Compound, g.Text)
		}
	}

	listed := make(map[string]difference, len(diffs))
	for _, d := range diffs {
		listed[d.Text] = d
		names, _, ok := strings.Cut(d.Reason, ": ")
		if !ok {
			t.Errorf("difference %q: reason %q does not start with its causes", d.Text, d.Reason)
			continue
		}
		listedCauses := strings.Split(names, ", ")
		for _, c := range listedCauses {
			switch c {
			case "lexicon":
				if !containsAnyWord(d.Text, jsLexiconWords) {
					t.Errorf("difference %q: cause lexicon, but none of %v is in the text", d.Text, jsLexiconWords)
				}
			case "emoji":
				if !containsEmoji(d.Text) {
					t.Errorf("difference %q: cause emoji, but the text has no emoji", d.Text)
				}
			default:
				t.Errorf("difference %q: cause %q, want only %v", d.Text, c, dataCauses)
			}
		}
		if got := handoffWith(listedCauses...).compound(d.Text); !sameScore(got, d.JS) {
			t.Errorf("difference %q: switching %s to the npm port scores %v, npm port %v", d.Text, names, got, d.JS)
		}
		if want := strings.Join(causesOf(d.Text), ", "); names != want {
			t.Errorf("difference %q: listed causes %q, emulation finds %q", d.Text, names, want)
		}
	}

	agree := 0
	for _, g := range texts {
		got := vader.Compound(g.Text)
		d, isListed := listed[g.Text]
		switch {
		case math.Abs(got-g.Compound) <= 0.01+1e-9:
			agree++
			if isListed {
				t.Errorf("%q is listed as a difference but agrees: go %v, js %v", g.Text, got, g.Compound)
			}
		case !isListed:
			t.Errorf("unlisted difference: go %v, js %v: %q", got, g.Compound, g.Text)
		case d.JS != g.Compound || d.Go != got:
			t.Errorf("difference %q: listed go %v js %v, now go %v js %v", g.Text, d.Go, d.JS, got, g.Compound)
		}
	}
	if len(listed) != len(texts)-agree {
		t.Errorf("golden_differences.jsonl lists %d texts, %d of the golden texts differ", len(listed), len(texts)-agree)
	}
	share := float64(agree) / float64(len(texts))
	if share < 0.99 {
		t.Errorf("agreement within 0.01: %.2f%%, want at least 99%%", 100*share)
	}
	t.Logf("agreement within 0.01: %d of %d texts (%.2f%%); %d listed differences", agree, len(texts), 100*share, len(listed))
}

// causesOf returns the data causes that, switched back alone to this
// package's behaviour, change the emulated npm score of text; if none does,
// those of the pairs that do.
func causesOf(text string) []string {
	base := npmPort.compound(text)
	changes := func(cs ...string) bool {
		return math.Abs(npmWithout(cs...).compound(text)-base) > 1e-9
	}
	var out []string
	for _, c := range dataCauses {
		if changes(c) {
			out = append(out, c)
		}
	}
	if len(out) > 0 {
		return out
	}
	found := make(map[string]bool)
	for i, a := range dataCauses {
		for _, b := range dataCauses[i+1:] {
			if changes(a, b) {
				found[a], found[b] = true, true
			}
		}
	}
	for _, c := range dataCauses {
		if found[c] {
			out = append(out, c)
		}
	}
	return out
}

// writeDifferences rewrites golden_differences.jsonl: every golden text on
// which Compound and the npm port differ by more than 0.01, with the causes
// the emulation finds.
func writeDifferences(t *testing.T, texts []golden) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	for _, g := range texts {
		got := vader.Compound(g.Text)
		if math.Abs(got-g.Compound) <= 0.01+1e-9 {
			continue
		}
		cs := causesOf(g.Text)
		var why []string
		for _, c := range cs {
			why = append(why, causes[c])
		}
		d := difference{Text: g.Text, JS: g.Compound, Go: got, Reason: strings.Join(cs, ", ") + ": " + strings.Join(why, "; ")}
		if err := enc.Encode(d); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.WriteFile(differencesPath, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
}

// containsAnyWord reports whether text has one of words as a token, ignoring
// case and surrounding punctuation.
func containsAnyWord(text string, words []string) bool {
	for _, f := range strings.Fields(strings.ToLower(text)) {
		if slices.Contains(words, strings.Trim(f, pyPunctuation)) {
			return true
		}
	}
	return false
}

// containsEmoji reports whether text has a code point that is replaced by
// its description.
func containsEmoji(text string) bool {
	for _, r := range text {
		if vader.IsEmoji(r) {
			return true
		}
	}
	return false
}

// mustReadJSONL decodes a file of JSON lines.
func mustReadJSONL[T any](tb testing.TB, name string) []T {
	tb.Helper()
	f, err := os.Open(name)
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	var out []T
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<20)
	for n := 1; sc.Scan(); n++ {
		var v T
		if err := json.Unmarshal(sc.Bytes(), &v); err != nil {
			tb.Fatalf("%s:%d: %v", name, n, err)
		}
		out = append(out, v)
	}
	if err := sc.Err(); err != nil {
		tb.Fatal(err)
	}
	return out
}
