package analyze

// repeatClosing is the repetition said by a clause that ends on the
// customer having said it already: "I already asked this.", "I asked that
// already", "I've already told you that.", and with nothing after the
// verb, "I've already asked." Said ahead of something new ("I already
// said that I'm happy with it", "I've already asked my bank", "I asked
// that question last week") or asked ("have I already asked?") the words
// are not such a marker.
func repeatClosing(w []string) float64 {
	for e := 1; e <= len(w); e++ {
		if e < len(w) && w[e] != boundary {
			continue
		}
		j := e - 1
		already := w[j] == "already"
		if already {
			j--
		}
		if j >= 1 && (w[j] == "this" || w[j] == "that" || w[j] == "it") {
			j--
		}
		if j > 0 && (w[j] == "you" || w[j] == "u") {
			j--
		}
		if j < 1 || !saidVerb(w[j]) {
			continue
		}
		j--
		if !already && j >= 0 && w[j] == "already" {
			already = true
			j--
		}
		if j >= 0 && w[j] == "have" {
			j--
		}
		if already && j >= 0 && (w[j] == "i" || w[j] == "we") && (j == 0 || !askedBack(w[j-1])) {
			return repeatExplicit
		}
	}
	return 0
}

// askedBack reports whether w, before "I", makes the clause a question:
// "have I already asked?", "did we already say that?".
func askedBack(w string) bool {
	switch w {
	case "have", "had", "did", "do":
		return true
	}
	return false
}

// saidVerb reports whether w says something was asked or told.
func saidVerb(w string) bool {
	switch w {
	case "asked", "told", "said", "explained", "mentioned", "answered":
		return true
	}
	return false
}
