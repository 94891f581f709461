package analyze

import "strings"

// keyword is one configured keyword: its reported form and the words it must
// match in a row.
type keyword struct {
	name  string
	words []string
}

// compileKeywords normalizes the configured keywords the way messages are
// parsed (case, accents, contractions), drops empty and repeated ones and
// keeps the configured order.
func compileKeywords(list []string) []keyword {
	var out []keyword
	seen := map[string]bool{}
	for _, k := range list {
		name := strings.ToLower(strings.Join(strings.Fields(k), " "))
		if name == "" || seen[name] {
			continue
		}
		var words []string
		for _, w := range parse(k).words {
			if w != boundary {
				words = append(words, w)
			}
		}
		if len(words) == 0 {
			continue
		}
		seen[name] = true
		out = append(out, keyword{name: name, words: words})
	}
	return out
}

// findKeywords returns the names of the keywords found in words as whole
// words or phrases, in configured order. Phrases do not cross a sentence or
// clause boundary.
func findKeywords(ks []keyword, words []string) []string {
	found := []string{}
	for _, k := range ks {
		if containsRun(words, k.words) {
			found = append(found, k.name)
		}
	}
	return found
}

func containsRun(words, run []string) bool {
	for i := 0; i+len(run) <= len(words); i++ {
		if words[i] != run[0] {
			continue
		}
		ok := true
		for j := 1; j < len(run); j++ {
			if words[i+j] != run[j] {
				ok = false
				break
			}
		}
		if ok {
			return true
		}
	}
	return false
}
