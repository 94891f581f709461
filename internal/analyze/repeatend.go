package analyze

// repeatClosing is the repetition said by a clause that ends on the
// customer having said it already: "I already asked this.", "I asked that
// already", "I've already told you that." Said ahead of something new ("I
// already said that I'm happy with it", "I asked that question last
// week") the words are not such a marker.
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
		if j < 1 || w[j] != "this" && w[j] != "that" && w[j] != "it" {
			continue
		}
		j--
		if j > 0 && (w[j] == "you" || w[j] == "u") {
			j--
		}
		if !saidVerb(w[j]) {
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
		if already && j >= 0 && (w[j] == "i" || w[j] == "we") {
			return repeatExplicit
		}
	}
	return 0
}

// saidVerb reports whether w says something was asked or told.
func saidVerb(w string) bool {
	switch w {
	case "asked", "told", "said", "explained", "mentioned", "answered":
		return true
	}
	return false
}
