package analyze

import "strings"

// tradeWord returns the role noun ("expert" or "experts") that stands for
// w when w names a person by a trade the grammar does not list, by its
// ending: "-ologist" (audiologist, dermatologist), "-ician" (beautician,
// physician), "-iatrist", "-apist", "-ontist", "-metrist", "-ographer".
// "-ist" alone also names beliefs ("the nonconformist in us all") and
// is not read as a trade. A trade is
// a person to talk to only after a verb of talking, as the listed trades
// are ("can I speak with one of your audiologists", not "I need an
// audiologist"). It returns "" for other words.
func tradeWord(w string) string {
	// Most words end in neither "t" nor "n" nor "r" nor "s": the cheap test
	// first.
	switch w[len(w)-1] {
	case 't', 'n', 'r', 's':
	default:
		return ""
	}
	stem, plural := strings.CutSuffix(w, "s")
	for _, suf := range tradeSuffixes {
		if strings.HasSuffix(stem, suf) && len(stem) > len(suf)+2 {
			return tradeNoun(plural)
		}
	}
	return ""
}

// tradeSuffixes end the names of trades.
var tradeSuffixes = []string{"ologist", "ician", "iatrist", "apist", "ontist", "metrist", "ographer"}

// tradeNoun is the listed role noun a trade is read as.
func tradeNoun(plural bool) string {
	if plural {
		return "experts"
	}
	return "expert"
}
