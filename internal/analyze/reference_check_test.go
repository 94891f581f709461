package analyze

import (
	"bufio"
	"encoding/csv"
	"encoding/json"
	"math"
	"os"
	"reflect"
	"slices"
	"strings"
	"testing"
)

// referenceTexts are the texts of the golden conversations and the labelled
// tone set.
func referenceTexts(tb testing.TB) []string {
	tb.Helper()
	var texts []string
	f, err := os.Open("testdata/golden_signals.jsonl")
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<24)
	for sc.Scan() {
		var c struct{ Messages []*struct{ Text string } }
		if err := json.Unmarshal(sc.Bytes(), &c); err != nil {
			tb.Fatal(err)
		}
		for _, m := range c.Messages {
			if m != nil {
				texts = append(texts, m.Text)
			}
		}
	}
	if err := sc.Err(); err != nil {
		tb.Fatal(err)
	}
	g, err := os.Open("testdata/tone.csv")
	if err != nil {
		tb.Fatal(err)
	}
	defer g.Close()
	rows, err := csv.NewReader(g).ReadAll()
	if err != nil {
		tb.Fatal(err)
	}
	for _, r := range rows {
		texts = append(texts, r[0])
	}
	slices.Sort(texts)
	return slices.Compact(texts)
}

// sameDoc reports whether d holds the words and counts of want, and the
// wordInfo of every word.
func sameDoc(d, want *doc) bool {
	if len(d.info) != len(d.words) {
		return false
	}
	for i, w := range d.words {
		if d.info[i] != lookupWord(w) {
			return false
		}
	}
	return slices.Equal(d.words, want.words) && d.letters == want.letters && d.capsWords == want.capsWords &&
		d.questions == want.questions && d.punctRun == want.punctRun && d.refs == want.refs &&
		d.angryEmoji == want.angryEmoji && d.bullets == want.bullets
}

// sorted returns the hashes of s in the parts of mask, or all of them for
// a zero mask, sorted.
func sorted(s hashSet, mask uint32) []uint64 {
	var out []uint64
	for i := range s.n {
		if mask == 0 || s.mask(i)&mask != 0 {
			out = append(out, s.at(i))
		}
	}
	slices.Sort(out)
	return out
}

// normal makes every empty set of f nil, so that sets compare by content.
func normal(f refFeatures) refFeatures {
	if len(f.stems) == 0 {
		f.stems = nil
	}
	if len(f.trigrams) == 0 {
		f.trigrams = nil
	}
	if len(f.clauses) == 0 {
		f.clauses = nil
	}
	cs := make([]refFeatures, len(f.clauses))
	for i, c := range f.clauses {
		cs[i] = normal(c)
	}
	if f.clauses != nil {
		f.clauses = cs
	}
	return f
}

// asRef converts f to refFeatures.
func asRef(f features) refFeatures {
	r := refFeatures{key: f.key, stems: sorted(f.stems, 0), trigrams: sorted(f.trigrams, 0)}
	for p, c := range f.clauses {
		r.clauses = append(r.clauses, refFeatures{key: c.key, stems: sorted(f.stems, 1<<p), trigrams: sorted(f.trigrams, 1<<p)})
	}
	return r
}

// checkReference checks parse and featuresOf of text against refParse and
// refFeaturesOf, and returns both features.
func checkReference(t *testing.T, text string) (features, refFeatures) {
	t.Helper()
	want := refParse(text)
	d := parsePooled(text)
	defer d.release()
	if !sameDoc(d, want) {
		t.Fatalf("parse(%q) =\n%+v\nwant\n%+v", text, *d, *want)
	}
	got, wantF := featuresOf(d), refFeaturesOf(want)
	r := asRef(got)
	if !reflect.DeepEqual(normal(r), normal(wantF)) {
		t.Fatalf("featuresOf(%q) =\n%+v\nwant\n%+v", text, r, wantF)
	}
	for p, c := range got.clauses {
		if c.stems != len(r.clauses[p].stems) || c.trigrams != len(r.clauses[p].trigrams) {
			t.Fatalf("featuresOf(%q): clause %d counts %d stems and %d trigrams, holds %d and %d",
				text, p, c.stems, c.trigrams, len(r.clauses[p].stems), len(r.clauses[p].trigrams))
		}
	}
	return got, wantF
}

// checkSimilarity compares a comparer for f with refSimilarity.
func checkSimilarity(t *testing.T, f features, rf refFeatures, gs []features, rgs []refFeatures) {
	t.Helper()
	c := newComparer(&f)
	defer c.release()
	for i := range gs {
		got, want := c.similarity(&gs[i]), rf.refSimilarity(rgs[i])
		if math.Float64bits(got) != math.Float64bits(want) {
			t.Fatalf("similarity(%q, %q) = %v, want %v", f.key, gs[i].key, got, want)
		}
	}
}

// TestParseReference checks parse and featuresOf against their
// straightforward implementations on every text of the golden conversations.
func TestParseReference(t *testing.T) {
	t.Parallel()
	texts := referenceTexts(t)
	var fs []features
	var rfs []refFeatures
	for _, text := range texts {
		f, rf := checkReference(t, text)
		fs, rfs = append(fs, f), append(rfs, rf)
	}
	// Pairs of texts make walls of clauses.
	for i := 0; i+1 < len(texts); i += 7 {
		f, rf := checkReference(t, texts[i]+". "+texts[i+1]+"\n"+strings.Repeat(texts[i], i%30))
		fs, rfs = append(fs, f), append(rfs, rf)
	}
	// Every text against its neighbours in a shuffled order, and against itself.
	for i := range fs {
		var gs []features
		var rgs []refFeatures
		for k := range 12 {
			j := (i*7919 + k*104729) % len(fs)
			gs, rgs = append(gs, fs[j]), append(rgs, rfs[j])
		}
		gs, rgs = append(gs, fs[i]), append(rgs, rfs[i])
		checkSimilarity(t, fs[i], rfs[i], gs, rgs)
	}
}

func FuzzParseReference(f *testing.F) {
	for _, s := range []string{"", "Don't   WORRY!!? order #4411", "l'agent n'a pas répondu", "\xff\xfe ß ÄÖÜ 😡",
		"1. a\n2) b\n- c", "9.99, 12,000", "y'all ‘quoted’ `tick`", "a b c. d e f. g h i"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		fa, ra := checkReference(t, text)
		// The text against itself, against its halves and with a clause added.
		var gs []features
		var rgs []refFeatures
		for _, other := range []string{text, text[:len(text)/2], text[len(text)/2:], text + ". where is my order now"} {
			g, rg := checkReference(t, other)
			gs, rgs = append(gs, g), append(rgs, rg)
		}
		checkSimilarity(t, fa, ra, gs, rgs)
	})
}

// TestLookupWord checks that lookupWord finds every word of the vocabulary
// and no other.
func TestLookupWord(t *testing.T) {
	t.Parallel()
	for w, wi := range vocab {
		if got := lookupWord(w); got != wi {
			t.Errorf("lookupWord(%q) = %p, want %p", w, got, wi)
		}
	}
	for _, w := range []string{"", "x\x00", "zzzzzzzz", "qwertyuiop", "ordersx", "a\x00b"} {
		if got := lookupWord(w); got != vocab[w] {
			t.Errorf("lookupWord(%q) = %p, want %p", w, got, vocab[w])
		}
	}
}

// TestInternTypos checks what the vocabulary records of typo.
func TestInternTypos(t *testing.T) {
	t.Parallel()
	for w, wi := range vocab {
		if knownWords.in(wi) || len(w) < 4 || isNumber(w) {
			continue
		}
		if repl, prefix := typo(w); wi.typo != repl || wi.typoPrefix != prefix {
			t.Errorf("vocabulary has typo(%q) = %q, %q; want %q, %q", w, wi.typo, wi.typoPrefix, repl, prefix)
		}
	}
}
