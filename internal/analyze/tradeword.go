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

// foreignTrade reports whether the trade at c[n] is one of
// foreignRoleNounList asked for with a verb of talking, at c[k] or after
// it, in its own language, and not the customer's own: "posso parlare con una
// parrucchiera?", "kann ich mit dem Friseur sprechen?", not "mi serve un
// tecnico" (a visit) or "ho parlato con la mia parrucchiera".
func foreignTrade(c []string, ci []*wordInfo, n, k int) bool {
	if !foreignRoles.has(c[n]) {
		return false
	}
	talk := false
	for j := k; j < len(c) && !talk; j++ {
		talk = ci[j] != nil && ci[j].class().has(hForeign) && ci[j].class().has(hTalk)
	}
	if !talk {
		return false
	}
	for j := n - 1; j >= 0 && n-j <= 2; j-- {
		if foreignOwn.has(c[j]) || customerOwn.in(ci[j]) {
			return false
		}
	}
	return true
}

// foreignRoles holds foreignRoleNounList.
var foreignRoles = newStrSet(foreignRoleNounList...)

// foreignOwn are the possessives of the customer and of others in the
// other languages: "mi peluquera", "mon coiffeur", "meine Friseurin".
var foreignOwn = newStrSet("mi", "mis", "mia", "mio", "mie", "miei", "mon", "ma", "mes", "mein", "meine",
	"meinem", "meinen", "meiner", "meu", "minha", "meus", "minhas", "nuestro", "nuestra", "notre", "nos",
	"unser", "unsere", "unserem", "unseren", "nosso", "nossa", "nostro", "nostra", "son", "sa", "ses", "sein",
	"seine", "seinem", "ihr", "ihrem")
