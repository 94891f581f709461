package analyze

import (
	"math"
	"slices"
	"strings"
)

// Similarity scores how alike two customer messages are, in [0,1]: an even
// mix of the cosine similarity of their word stems and of their character
// trigrams, ignoring stopwords, case and punctuation. The same words give 1
// ("where is my order" and "Where is my order??"); a sentence repeated inside
// a longer message gives up to 0.9; unrelated messages score below 0.3.
func Similarity(a, b string) float64 {
	return featuresOf(parse(a)).similarity(featuresOf(parse(b)))
}

// features are the hashed stems and trigrams of one message or clause,
// sorted and without duplicates, with those of its clauses.
type features struct {
	key      string // the content words joined, to spot exact repeats
	stems    []uint64
	trigrams []uint64
	clauses  []features // clauses of repSentenceWords words or more, when there are several
}

func featuresOf(d *doc) features {
	f := featuresOfWords(d.words)
	var parts []features
	d.clauses(func(c []string) {
		if len(c) >= repSentenceWords && len(parts) < repMaxClauses {
			if p := featuresOfWords(c); p.key != "" && !p.allStop {
				parts = append(parts, p.features)
			}
		}
	})
	if len(parts) > 1 {
		f.clauses = parts
	}
	return f.features
}

// wordFeatures are features and whether they had to fall back to stopwords.
type wordFeatures struct {
	features
	allStop bool
}

func featuresOfWords(words []string) wordFeatures {
	content := make([]string, 0, len(words))
	for _, w := range words {
		if w != boundary && !stopwords[w] {
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
		return wordFeatures{}
	}
	f := features{key: strings.Join(content, " ")}
	f.stems = make([]uint64, 0, len(content))
	for _, w := range content {
		f.stems = append(f.stems, hashString(stem(w)))
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
	f.stems = sortUnique(f.stems)
	f.trigrams = sortUnique(f.trigrams)
	return wordFeatures{f, allStop}
}

// similarity is the repetition formula: repStemWeight·cos(stems) +
// repTrigramWeight·cos(trigrams), 1 for the same content words, and at least
// repSentenceWeight times the best match between their clauses.
func (f features) similarity(g features) float64 {
	best := f.whole(g)
	if len(f.clauses) > 0 || len(g.clauses) > 0 {
		fs, gs := f.clauses, g.clauses
		if len(fs) == 0 {
			fs = []features{f}
		}
		if len(gs) == 0 {
			gs = []features{g}
		}
		for _, a := range fs {
			for _, b := range gs {
				best = max(best, repSentenceWeight*a.whole(b))
			}
		}
	}
	return best
}

func (f features) whole(g features) float64 {
	if f.key == "" || g.key == "" {
		return 0
	}
	if f.key == g.key {
		return 1
	}
	return clamp01(repStemWeight*cosine(f.stems, g.stems) + repTrigramWeight*cosine(f.trigrams, g.trigrams))
}

// cosine is the cosine similarity of two sets given as sorted hashes.
func cosine(a, b []uint64) float64 {
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

func sortUnique(xs []uint64) []uint64 {
	slices.Sort(xs)
	return slices.Compact(xs)
}

// hashString is 64-bit FNV-1a.
func hashString(s string) uint64 {
	h := uint64(14695981039346656037)
	for i := 0; i < len(s); i++ {
		h ^= uint64(s[i])
		h *= 1099511628211
	}
	return h
}

// stem strips common English inflections: "orders" and "ordered" become "order".
func stem(w string) string {
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

// stopwords carry no topic of their own.
var stopwords = set("a", "an", "the", "and", "or", "but", "if", "so", "of", "to", "in", "on", "at", "by",
	"for", "with", "from", "about", "as", "into", "than", "then", "there", "here", "this", "that", "these",
	"those", "it", "its", "is", "are", "was", "were", "be", "been", "being", "am", "do", "does", "did",
	"have", "has", "had", "i", "me", "my", "mine", "we", "us", "our", "you", "your", "he", "him", "his",
	"she", "her", "they", "them", "their", "what", "which", "who", "whom", "where", "when", "why", "how",
	"can", "could", "would", "should", "will", "shall", "may", "might", "must", "just", "please", "thanks",
	"thank", "hi", "hello", "hey", "ok", "okay", "yes", "no", "not", "any", "some", "all", "also", "too",
	"very", "really", "still", "again", "up", "out", "get", "got", "want", "need", "know", "like", "im",
	"dear", "regards", "pls", "plz", "yet", "now", "one", "s", "t", "d", "ll", "re", "ve", "lol")
