package kb

import (
	"strings"
	"unicode"
)

// stopwords are dropped before indexing and searching: function words and the
// filler customers wrap questions in. Apostrophes are removed first, so "I'm" is "im".
var stopwords = setOf(
	"a", "an", "the", "and", "or", "but", "if", "of", "to", "in", "on", "at", "for",
	"with", "by", "from", "about", "as", "into", "than", "then", "so", "too", "very",
	"is", "are", "was", "were", "be", "been", "being", "am", "do", "does", "did", "done",
	"have", "has", "had", "having", "will", "would", "shall", "should", "can", "could",
	"may", "might", "must", "i", "me", "my", "mine", "myself", "we", "us", "our", "ours",
	"you", "your", "yours", "it", "its", "this", "that", "these", "those", "there",
	"here", "what", "which", "who", "whom", "how", "why", "im", "ive", "id", "ill",
	"youre", "dont", "doesnt", "didnt", "cant", "cannot", "wont", "isnt", "arent",
	"wasnt", "not", "no", "yes", "please", "pls", "just", "any", "some", "also", "really",
	"they", "them", "their", "he", "she", "him", "her", "his", "hi", "hello", "hey",
	"thanks", "thank", "want", "wanted", "wondering", "know", "tell", "question",
	"help", "ok", "okay", "get", "got", "like", "one", "whats", "wheres", "hows", "theres",
	"thats", "lets", "havent", "hasnt", "hadnt", "still", "ago", "yet", "already", "ever", "even",
)

func setOf(words ...string) map[string]bool {
	m := make(map[string]bool, len(words))
	for _, w := range words {
		m[w] = true
	}
	return m
}

// words splits text into lowercase words of letters and digits; apostrophes inside a word are dropped ("don't" → "dont").
func words(text string) []string {
	var out []string
	var b strings.Builder
	flush := func() {
		if b.Len() > 0 {
			out = append(out, b.String())
			b.Reset()
		}
	}
	for _, r := range text {
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			b.WriteRune(unicode.ToLower(r))
		case (r == '\'' || r == '’') && b.Len() > 0:
			// joined: "I'm" → "im"
		default:
			flush()
		}
	}
	flush()
	return out
}

// terms returns the indexable terms of text: words minus stopwords, stemmed.
func terms(text string) []string {
	ws := words(text)
	out := ws[:0]
	for _, w := range ws {
		if stopwords[w] {
			continue
		}
		out = append(out, stem(w))
	}
	return out
}

// stem strips plural -s/-es/-ies, then -ing or -ed, then a final -e, and
// undoubles a final consonant, so "shipping", "shipped" and "ships" all become
// "ship", and "change", "changes", "changed" and "changing" all become "chang".
// It only needs to be consistent, not linguistically right.
func stem(w string) string {
	if !isASCIIWord(w) || len(w) <= 3 {
		return w
	}
	switch {
	case strings.HasSuffix(w, "ies") && len(w) > 4:
		w = w[:len(w)-3] + "y"
	case strings.HasSuffix(w, "sses"), strings.HasSuffix(w, "xes"), strings.HasSuffix(w, "zes"),
		strings.HasSuffix(w, "ches"), strings.HasSuffix(w, "shes"):
		w = w[:len(w)-2]
	case strings.HasSuffix(w, "s") && !strings.HasSuffix(w, "ss") && !strings.HasSuffix(w, "us") && !strings.HasSuffix(w, "is"):
		w = w[:len(w)-1]
	}
	switch {
	case strings.HasSuffix(w, "ing") && len(w) >= 6:
		w = w[:len(w)-3]
	case strings.HasSuffix(w, "ed") && !strings.HasSuffix(w, "eed") && len(w) >= 5:
		w = w[:len(w)-2]
	}
	if strings.HasSuffix(w, "e") && len(w) >= 4 {
		w = w[:len(w)-1]
	}
	if n := len(w); n >= 4 && w[n-1] == w[n-2] && !isVowel(w[n-1]) {
		w = w[:n-1]
	}
	return w
}

func isVowel(c byte) bool { return strings.IndexByte("aeiouy", c) >= 0 }

// isASCIIWord reports whether w is made of a–z only; numbers and other scripts are left as they are.
func isASCIIWord(w string) bool {
	for i := 0; i < len(w); i++ {
		if w[i] < 'a' || w[i] > 'z' {
			return false
		}
	}
	return true
}
