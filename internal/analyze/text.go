package analyze

import (
	"strings"
	"unicode"
)

// boundary is the token that separates clauses in doc.words: sentence and
// clause punctuation and line breaks all become one boundary.
const boundary = "."

// doc is a message split into normalized words, parsed once and shared by
// every signal.
type doc struct {
	// words are lower-cased, accent-folded words with English contractions
	// expanded ("don't" → "do", "not") and clause boundaries as ".".
	words []string
	// letters is the number of words that contain a letter.
	letters int
	// capsWords counts shouted words: three or more letters, all upper case,
	// not a known acronym.
	capsWords int
	// questions counts runs of punctuation holding a '?'; punctRun is the
	// longest run of '!' and '?' ("?!?" is 3).
	questions int
	punctRun  int
	// refs counts order, ticket and invoice references ("#1234", "order 88213").
	refs int
	// angryEmoji counts emoji that show anger or contempt.
	angryEmoji int
	// bullets counts enumerated items: "1." or "2)" after a space or at the
	// start of a line, "- " and "* " at the start of a line.
	bullets int
}

// acronyms are upper-case words that are not shouting.
var acronyms = set("ETA", "USA", "UK", "EU", "PIN", "VAT", "PDF", "ID", "OK", "DHL", "UPS", "USPS", "FEDEX",
	"TNT", "GPS", "ATM", "API", "FAQ", "CEO", "BBB", "GDPR", "SMS", "SIM", "IBAN", "CVV", "URL", "APP", "TV",
	"PC", "USB", "HDMI", "DVD", "AM", "PM", "ASAP", "FYI", "BTW", "LOL", "XL", "XXL", "XS", "UTC", "GMT",
	"EST", "PST", "NYC", "LA", "SF", "AI", "IT", "HR", "VIP", "MR", "MRS", "MS", "DR", "ST", "RD", "ND", "TH",
	"NHS", "IRS", "DMV", "IKEA", "BMW", "AWS", "SSN", "PPI", "QR", "UPI", "EUR", "USD", "GBP", "CAD", "AUD",
	"SKU", "RMA", "IMEI", "WIFI", "LTE", "DM", "DMS", "PS", "NB", "AKA", "ETD", "OTP", "PTO", "CC", "BCC")

// angryEmoji are emoji that show anger, contempt or exasperation.
var angryEmojiSet = map[rune]bool{
	'😡': true, '🤬': true, '😠': true, '😤': true, '💢': true, '🙄': true, '😒': true, '👎': true,
	'🖕': true, '🤡': true, '😾': true, '😑': true,
}

// expansions rewrites contractions, chat spellings and elisions into the
// words the grammars are written in.
var expansions = map[string][]string{
	"dont": {"do", "not"}, "doesnt": {"does", "not"}, "didnt": {"did", "not"},
	"cant": {"can", "not"}, "cannot": {"can", "not"}, "wont": {"will", "not"},
	"isnt": {"is", "not"}, "arent": {"are", "not"}, "wasnt": {"was", "not"}, "werent": {"were", "not"},
	"hasnt": {"has", "not"}, "havent": {"have", "not"}, "hadnt": {"had", "not"},
	"couldnt": {"could", "not"}, "shouldnt": {"should", "not"}, "wouldnt": {"would", "not"},
	"aint": {"is", "not"}, "neednt": {"need", "not"}, "mustnt": {"must", "not"},
	"im": {"i", "am"}, "ive": {"i", "have"}, "youre": {"you", "are"}, "youve": {"you", "have"},
	"theyre": {"they", "are"}, "weve": {"we", "have"}, "thats": {"that", "is"},
	"whats": {"what", "is"}, "wheres": {"where", "is"}, "theres": {"there", "is"},
	"wanna": {"want", "to"}, "gonna": {"going", "to"}, "gotta": {"got", "to"}, "hafta": {"have", "to"},
	"lemme": {"let", "me"}, "gimme": {"give", "me"}, "dunno": {"do", "not", "know"},
	"u": {"you"}, "ya": {"you"}, "ur": {"your"}, "r": {"are"}, "pls": {"please"}, "plz": {"please"},
	"thx": {"thanks"}, "ty": {"thank", "you"}, "tho": {"though"}, "cuz": {"because"}, "coz": {"because"},
}

// apostropheExpansions handles contractions that are only unambiguous with
// their apostrophe ("i'd", "i'll", "we're").
var apostropheExpansions = map[string][]string{
	"i'd": {"i", "would"}, "i'll": {"i", "will"}, "we're": {"we", "are"}, "we'll": {"we", "will"},
	"you'd": {"you", "would"}, "you'll": {"you", "will"}, "it's": {"it", "is"}, "he's": {"he", "is"},
	"she's": {"she", "is"}, "let's": {"let", "us"}, "who's": {"who", "is"}, "we'd": {"we", "would"},
	"they'll": {"they", "will"}, "they'd": {"they", "would"}, "y'all": {"you", "all"},
	"quelqu'un": {"quelquun"}, "aujourd'hui": {"aujourdhui"},
}

// elisions are French and Italian prefixes cut off by an apostrophe
// ("l'agent", "d'un", "n'ai", "un'operatrice").
var elisions = set("l", "d", "j", "n", "m", "t", "s", "c", "qu", "un", "dell", "all", "nell", "sull", "dall", "quell", "po")

// fold lower-cases r and strips the accents of Latin letters so that
// "möchte", "à" and "não" compare as "mochte", "a" and "nao".
func fold(r rune) rune {
	r = unicode.ToLower(r)
	if r < 0xC0 {
		return r
	}
	switch r {
	case 'à', 'á', 'â', 'ã', 'ä', 'å', 'ā':
		return 'a'
	case 'ç', 'ć', 'č':
		return 'c'
	case 'è', 'é', 'ê', 'ë', 'ē', 'ę', 'ě':
		return 'e'
	case 'ì', 'í', 'î', 'ï':
		return 'i'
	case 'ñ', 'ń':
		return 'n'
	case 'ò', 'ó', 'ô', 'õ', 'ö', 'ø', 'ō':
		return 'o'
	case 'ù', 'ú', 'û', 'ü', 'ū':
		return 'u'
	case 'ý', 'ÿ':
		return 'y'
	case 'ś', 'š':
		return 's'
	case 'ź', 'ż', 'ž':
		return 'z'
	case 'ł':
		return 'l'
	}
	return r
}

// isApostrophe reports whether r is one of the characters people type as an apostrophe.
func isApostrophe(r rune) bool {
	return r == '\'' || r == '’' || r == '‘' || r == '`' || r == 'ʼ'
}

// isClausePunct reports whether r ends a clause.
func isClausePunct(r rune) bool {
	switch r {
	case '.', '!', '?', ';', ':', ',', '\n', '\r', '…', '¿', '¡', '(', ')', '"', '“', '”', '|':
		return true
	}
	return false
}

// parse splits text into a doc.
func parse(text string) *doc {
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
		prevRef, afterTag = refNouns[w], false
		d.addWord(w)
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
				d.addBoundary()
			}
		}
	}
	flush(len(text))
	flushRun()
	return d
}

// refNouns are words after which a number is an order, ticket or invoice reference.
var refNouns = set("order", "ticket", "case", "invoice", "booking", "reference", "ref", "purchase",
	"tracking", "parcel", "package", "shipment", "claim", "reservation", "confirmation", "account",
	"pedido", "commande", "bestellung", "ordine", "encomenda", "no", "nr", "number")

// bulletAt reports whether s starts with an enumeration marker such as "1." or "2)".
func bulletAt(s string) bool {
	i := 0
	for i < len(s) && i < 3 && s[i] >= '0' && s[i] <= '9' {
		i++
	}
	return i > 0 && i < len(s) && (s[i] == '.' || s[i] == ')') && (i+1 == len(s) || s[i+1] == ' ')
}

// betweenDigits reports whether text[i] stands between two digits ("12,000", "9.99").
func betweenDigits(text string, i int) bool {
	return i+1 < len(text) && text[i+1] >= '0' && text[i+1] <= '9' && i > 0 && text[i-1] >= '0' && text[i-1] <= '9'
}

// isNumber reports whether w is all digits.
func isNumber(w string) bool {
	if w == "" {
		return false
	}
	for i := 0; i < len(w); i++ {
		if w[i] < '0' || w[i] > '9' {
			return false
		}
	}
	return true
}

// addBoundary ends the current clause.
func (d *doc) addBoundary() {
	if n := len(d.words); n == 0 || d.words[n-1] == boundary {
		return
	}
	d.words = append(d.words, boundary)
}

// addWord appends w, expanding contractions and elisions.
func (d *doc) addWord(w string) {
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

// set builds a string set.
func set(words ...string) map[string]bool {
	m := make(map[string]bool, len(words))
	for _, w := range words {
		m[w] = true
	}
	return m
}

// clamp01 limits x to [0,1]; NaN becomes 0.
func clamp01(x float64) float64 {
	switch {
	case x > 1:
		return 1
	case x >= 0:
		return x
	}
	return 0
}

// noisyOr combines independent pieces of evidence in [0,1]: 1 − Π(1 − p).
func noisyOr(ps ...float64) float64 {
	q := 1.0
	for _, p := range ps {
		q *= 1 - clamp01(p)
	}
	return 1 - q
}
