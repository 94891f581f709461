package analyze

import (
	"math"
	"slices"
	"strings"
	"unicode"
)

// The straightforward implementations of parse and featuresOf, kept to check
// that the fast ones give exactly the same docs and features.

// refParse is the straightforward parse: a []rune per word and a string per word.
func refParse(text string) *doc {
	d := &doc{words: make([]string, 0, len(text)/4+2)}
	var (
		word     []rune // folded
		upper    int    // upper-case letters in the current word
		lower    int    // lower-case letters in the current word
		rawStart = -1   // byte offset where the current word starts
		lineHead = true // only spaces seen since the last line break
		prevRef  bool   // previous word was a reference noun ("order", "ticket")
		afterTag bool   // the current word follows a '#'
		runLen   int    // length of the current run of '!' and '?'
		runQ     bool   // the current run holds a '?'
	)
	flushRun := func() {
		if runLen > 0 {
			if runQ {
				d.questions++
			}
			if runLen > d.punctRun {
				d.punctRun = runLen
			}
		}
		runLen, runQ = 0, false
	}
	flush := func(end int) {
		if len(word) == 0 {
			return
		}
		raw := text[rawStart:end]
		w := string(word)
		hasLetter := upper+lower > 0
		if hasLetter {
			d.letters++
			if upper >= 3 && lower == 0 && !acronyms[strings.Trim(strings.ToUpper(raw), "'’")] {
				d.capsWords++
			}
		}
		// "#1234", "order 88213", or any number of six digits or more
		if isNumber(w) && (afterTag || prevRef && len(w) >= 3 || len(w) >= 6) {
			d.refs++
		}
		prevRef, afterTag = refNouns.has(w), false
		refAddWord(d, w)
		word, upper, lower, rawStart = word[:0], 0, 0, -1
	}
	for i, r := range text {
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			if rawStart < 0 {
				rawStart = i
				if (lineHead || i > 0 && text[i-1] == ' ') && unicode.IsDigit(r) && bulletAt(text[i:]) {
					d.bullets++
				}
			}
			if unicode.IsUpper(r) {
				upper++
			} else if unicode.IsLower(r) {
				lower++
			}
			if r == 'ß' {
				word = append(word, 's', 's')
			} else {
				word = append(word, fold(r))
			}
			lineHead = false
			flushRun()
		case isApostrophe(r) && len(word) > 0:
			word = append(word, '\'')
		case r == '#':
			flush(i)
			flushRun()
			afterTag = true
		default:
			flush(i)
			if r == '\n' {
				lineHead = true
			} else if lineHead && (r == '-' || r == '*' || r == '•') {
				d.bullets++
				lineHead = false
			} else if !unicode.IsSpace(r) {
				lineHead = false
			}
			if angryEmojiSet[r] {
				d.angryEmoji++
			}
			if r == '!' || r == '?' {
				runLen++
				runQ = runQ || r == '?'
			} else {
				flushRun()
			}
			if isClausePunct(r) && !((r == '.' || r == ',') && betweenDigits(text, i)) {
				refAddBoundary(d)
			}
		}
	}
	flush(len(text))
	flushRun()
	return d
}

// refAddWord is the straightforward doc.addWord.
func refAddWord(d *doc, w string) {
	if strings.IndexByte(w, '\'') >= 0 {
		w = strings.Trim(w, "'")
		if exp, ok := apostropheExpansions[w]; ok {
			d.words = append(d.words, exp...)
			return
		}
		if exp, ok := expansions[strings.ReplaceAll(w, "'", "")]; ok && len(exp) > 1 {
			d.words = append(d.words, exp...)
			return
		}
		if base, ok := strings.CutSuffix(w, "n't"); ok {
			switch base {
			case "can", "ca":
				base = "can"
			case "won", "wo":
				base = "will"
			case "ain":
				base = "is"
			case "shan":
				base = "shall"
			}
			d.words = append(d.words, base, "not")
			return
		}
		if pre, rest, ok := strings.Cut(w, "'"); ok && elisions[pre] && len(rest) >= 2 {
			d.words = append(d.words, pre)
			w = rest
		}
		w = strings.TrimSuffix(w, "'s")
		w = strings.ReplaceAll(w, "'", "")
		if w == "" {
			return
		}
	}
	if exp, ok := expansions[w]; ok {
		d.words = append(d.words, exp...)
		return
	}
	d.words = append(d.words, w)
}

// refFeatures are the hashed stems and trigrams of one message or clause,
// sorted and without duplicates, with those of its clauses.
type refFeatures struct {
	key      string
	stems    []uint64
	trigrams []uint64
	clauses  []refFeatures
}

// refFeaturesOf computes the features of every clause from scratch.
func refFeaturesOf(d *doc) refFeatures {
	f := refFeaturesOfWords(d.words)
	var parts []refFeatures
	d.clauses(func(c []string) {
		if len(c) >= repSentenceWords && len(parts) < repMaxClauses {
			if p := refFeaturesOfWords(c); p.key != "" && !p.allStop {
				parts = append(parts, p.refFeatures)
			}
		}
	})
	if len(parts) > 1 {
		f.clauses = parts
	}
	return f.refFeatures
}

func refFeaturesOfWords(words []string) refWordFeatures {
	content := make([]string, 0, len(words))
	for _, w := range words {
		if w != boundary && !stopwords.has(w) {
			content = append(content, w)
		}
	}
	allStop := false
	if len(content) == 0 {
		allStop = true
		for _, w := range words {
			if w != boundary {
				content = append(content, w)
			}
		}
	}
	if len(content) == 0 {
		return refWordFeatures{}
	}
	f := refFeatures{key: strings.Join(content, " ")}
	f.stems = make([]uint64, 0, len(content))
	for _, w := range content {
		f.stems = append(f.stems, hashString(refStem(w)))
	}
	// A trigram of runes (each below 2²¹) packs exactly into 63 bits.
	f.trigrams = make([]uint64, 0, len(f.key)+2)
	var r0, r1 rune = ' ', 0
	first := true
	for _, r := range f.key + " " {
		if first {
			r1, first = r, false
			continue
		}
		f.trigrams = append(f.trigrams, uint64(r0)<<42|uint64(r1)<<21|uint64(r))
		r0, r1 = r1, r
	}
	f.stems = refSortUnique(f.stems)
	f.trigrams = refSortUnique(f.trigrams)
	return refWordFeatures{f, allStop}
}

// refStem strips common English inflections: "orders" and "ordered" become "order".
func refStem(w string) string {
	switch {
	case len(w) > 5 && strings.HasSuffix(w, "ies"):
		return w[:len(w)-3] + "y"
	case len(w) > 5 && strings.HasSuffix(w, "ing"):
		return w[:len(w)-3]
	case len(w) > 4 && strings.HasSuffix(w, "ed"):
		return w[:len(w)-2]
	case len(w) > 4 && strings.HasSuffix(w, "es") && !strings.HasSuffix(w, "ses"):
		return w[:len(w)-1]
	case len(w) > 3 && strings.HasSuffix(w, "s") && !strings.HasSuffix(w, "ss"):
		return w[:len(w)-1]
	}
	return w
}

func refAddBoundary(d *doc) {
	if n := len(d.words); n == 0 || d.words[n-1] == boundary {
		return
	}
	d.words = append(d.words, boundary)
}

type refWordFeatures struct {
	refFeatures
	allStop bool
}

// refSimilarity compares every pair of clauses by merging sorted hashes.
func (f refFeatures) refSimilarity(g refFeatures) float64 {
	best := f.whole(g)
	if len(f.clauses) > 0 || len(g.clauses) > 0 {
		fs, gs := f.clauses, g.clauses
		if len(fs) == 0 {
			fs = []refFeatures{f}
		}
		if len(gs) == 0 {
			gs = []refFeatures{g}
		}
		for _, a := range fs {
			for _, b := range gs {
				best = max(best, repSentenceWeight*a.whole(b))
			}
		}
	}
	return best
}

func (f refFeatures) whole(g refFeatures) float64 {
	if f.key == "" || g.key == "" {
		return 0
	}
	if f.key == g.key {
		return 1
	}
	return clamp01(repStemWeight*refCosine(f.stems, g.stems) + repTrigramWeight*refCosine(f.trigrams, g.trigrams))
}

func refCosine(a, b []uint64) float64 {
	if len(a) == 0 || len(b) == 0 {
		return 0
	}
	common, i, j := 0, 0, 0
	for i < len(a) && j < len(b) {
		switch {
		case a[i] == b[j]:
			common++
			i++
			j++
		case a[i] < b[j]:
			i++
		default:
			j++
		}
	}
	return float64(common) / math.Sqrt(float64(len(a))*float64(len(b)))
}

func refSortUnique(xs []uint64) []uint64 {
	slices.Sort(xs)
	return slices.Compact(xs)
}

// clauses calls fn for every clause of d (words between boundaries).
func (d *doc) clauses(fn func(clause []string)) {
	start := 0
	for i, w := range d.words {
		if w == boundary {
			if i > start {
				fn(d.words[start:i])
			}
			start = i + 1
		}
	}
	if start < len(d.words) {
		fn(d.words[start:])
	}
}

// has reports whether w is in s.
func (s wordSet) has(w string) bool {
	return s.in(lookupWord(w))
}
