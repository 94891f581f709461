package analyze

import (
	"bytes"
	"slices"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"
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
	// cardEmoji counts 💳: "charged twice 💳💳" shows two payments.
	cardEmoji int
	// bullets counts enumerated items: "1." or "2)" after a space or at the
	// start of a line, "- " and "* " at the start of a line.
	bullets int

	// info[i] is what the package knows about words[i]; nil for a word no
	// list names, and for boundaries.
	info []*wordInfo

	// buf and unknown are parse's scratch space: the folded bytes of the
	// words no list names, and where each lies in buf.
	buf     []byte
	unknown []unknownWord

	// starts are the words where a phrase may start, and present the
	// wordBloom of the words of the doc, once startsDone.
	starts     []startWord
	present    wordBloom
	startsDone bool
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

// angryEmojiMin is the lowest rune in angryEmojiSet.
var angryEmojiMin = func() rune {
	lo := rune(utf8.MaxRune)
	for r := range angryEmojiSet {
		lo = min(lo, r)
	}
	return lo
}()

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
	"neva": {"never"}, "nvr": {"never"}, "nevr": {"never"},
	"sum1": {"someone"}, "some1": {"someone"}, "sumone": {"someone"}, "any1": {"anyone"}, "ne1": {"anyone"},
	"thx": {"thanks"}, "ty": {"thank", "you"}, "tho": {"though"}, "cuz": {"because"}, "coz": {"because"},
	// Chat spellings of the request grammar's words, which are too short
	// for typo correction: "cn i tlk 2 sum1".
	"tlk": {"talk"}, "tlking": {"talking"}, "spk": {"speak"}, "cn": {"can"}, "cud": {"could"},
	"cld": {"could"}, "wud": {"would"}, "abt": {"about"}, "ppl": {"people"}, "prsn": {"person"},
	"hmn": {"human"}, "sm1": {"someone"}, "som1": {"someone"}, "sumbody": {"somebody"},
	"smbdy": {"somebody"}, "smone": {"someone"},
	"chk": {"check"}, "hooman": {"human"}, "hoomans": {"humans"}, "hoomin": {"human"}, "evry1": {"everyone"},
	"every1": {"everyone"}, "mngr": {"manager"}, "mgr": {"manager"}, "smbody": {"somebody"}, "thru": {"through"},
	// "call me bk", "sm1 frm ur team".
	"bk": {"back"}, "bck": {"back"}, "frm": {"from"},
}

// internExpansions adds the expansions to the vocabulary.
func internExpansions() {
	for w, exp := range expansions {
		wi := intern(w)
		for _, e := range exp {
			wi.expand = append(wi.expand, intern(e))
		}
	}
}

// internContractions adds the common contractions to the vocabulary with
// what addWord makes of them ("don't": "do", "not"), so that parse need not
// work them out each time: the forms of apostropheExpansions and of every
// key of expansions with an apostrophe in it ("dont": "d'ont", "do'nt",
// "don't").
func internContractions() {
	var forms []string
	for w := range apostropheExpansions {
		forms = append(forms, w)
	}
	for w := range expansions {
		for i := 1; i < len(w); i++ {
			forms = append(forms, w[:i]+"'"+w[i:])
		}
	}
	var d doc
	for _, w := range forms {
		d.words, d.info = d.words[:0], d.info[:0]
		d.addWord(w)
		if len(d.words) == 0 || slices.Contains(d.info, nil) {
			continue
		}
		intern(w).expand = slices.Clone(d.info)
	}
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

// parse splits text into a new doc.
func parse(text string) *doc {
	d := new(doc)
	d.parse(text)
	return d
}

// docs recycles docs and their buffers between analyses.
var docs = sync.Pool{New: func() any { return new(doc) }}

// parsePooled is parse into a recycled doc; give it back with release once
// nothing refers to its words any more.
func parsePooled(text string) *doc {
	d := docs.Get().(*doc)
	d.parse(text)
	return d
}

// maxPooledWords bounds the buffers a recycled doc keeps.
const maxPooledWords = 1 << 12

// release returns d to the pool.
func (d *doc) release() {
	if cap(d.words) > maxPooledWords || cap(d.buf) > 8*maxPooledWords {
		return
	}
	clear(d.words)
	clear(d.info)
	docs.Put(d)
}

// unknownWord is doc.words[i], a word no list names, which lies in
// doc.buf[start:end] until parse makes it a string.
type unknownWord struct{ i, start, end int }

// parse splits text into d, reusing its buffers. Known words are the
// vocabulary's strings; a lower-case word is a piece of text; the folded
// bytes of other words go to d.buf and become one string at the end, which
// they share.
func (d *doc) parse(text string) {
	words, info, buf, unknown, starts := d.words[:0], d.info[:0], d.buf[:0], d.unknown[:0], d.starts[:0]
	*d = doc{words: words, info: info, buf: buf, unknown: unknown, starts: starts}
	if n := len(text)/4 + 2; cap(d.words) < n {
		d.words = make([]string, 0, n)
		d.info = make([]*wordInfo, 0, n)
	}
	p := parser{d: d, text: text, rawStart: -1, lineHead: true}
	for i := 0; i < len(text); {
		c := text[i]
		if c >= utf8.RuneSelf {
			r, size := utf8.DecodeRuneInString(text[i:])
			if unicode.IsLetter(r) || unicode.IsDigit(r) {
				p.wordRune(i, r)
			} else {
				p.other(i, r)
			}
			i += size
			continue
		}
		if asciiClass[c] == 0 {
			if c == ' ' && p.rawStart < 0 {
				// Between words a space only ends a run of '!' and '?'.
				p.flushRun()
			} else {
				p.other(i, rune(c))
			}
			i++
			continue
		}
		if p.rawStart < 0 {
			// A word of ASCII letters and digits that ends before an ASCII
			// character other than an apostrophe is handled in one go:
			// counted, folded and packed as it is scanned.
			var w asciiScan
			j := i
			for ; j < len(text); j++ {
				k := asciiClass[text[j]]
				if k == 0 {
					break
				}
				w.lower += int(k & classLower)
				w.upper += int(k & classUpper >> 1)
				w.digits += int(k & classDigit >> 2)
				if j-i < 8 {
					w.key |= uint64(text[j]|k&classUpper<<4) << (8 * (j - i))
				}
			}
			if j == len(text) || text[j] < utf8.RuneSelf && !isApostrophe(rune(text[j])) {
				p.asciiWord(i, j, &w)
				i = j
				continue
			}
		}
		p.wordRune(i, rune(c))
		i++
	}
	p.flush(len(text))
	p.flushRun()
	if len(d.unknown) > 0 {
		all := string(d.buf)
		for _, u := range d.unknown {
			d.words[u.i] = all[u.start:u.end]
		}
	}
}

// parser is the state of parse.
type parser struct {
	d        *doc
	text     string
	start    int  // where the current word starts in d.buf
	upper    int  // upper-case letters in the current word
	lower    int  // lower-case letters in the current word
	rawStart int  // byte offset where the current word starts; -1 between words
	lineHead bool // only spaces seen since the last line break
	prevRef  bool // previous word was a reference noun ("order", "ticket")
	afterTag bool // the current word follows a '#'
	runLen   int  // length of the current run of '!' and '?'
	runQ     bool // the current run holds a '?'
}

func (p *parser) flushRun() {
	if p.runLen > 0 {
		if p.runQ {
			p.d.questions++
		}
		if p.runLen > p.d.punctRun {
			p.d.punctRun = p.runLen
		}
	}
	p.runLen, p.runQ = 0, false
}

// startWord starts a word with r at text[i].
func (p *parser) startWord(i int, r rune) {
	p.rawStart, p.start = i, len(p.d.buf)
	if (p.lineHead || i > 0 && p.text[i-1] == ' ') && isDigit(r) && bulletAt(p.text[i:]) {
		p.d.bullets++
	}
}

// wordRune adds r, a letter or digit at text[i], to the current word.
func (p *parser) wordRune(i int, r rune) {
	d := p.d
	if p.rawStart < 0 {
		p.startWord(i, r)
	}
	switch {
	case r < utf8.RuneSelf:
		if 'A' <= r && r <= 'Z' {
			p.upper++
			r += 'a' - 'A'
		} else if 'a' <= r && r <= 'z' {
			p.lower++
		}
		d.buf = append(d.buf, byte(r))
	default:
		if unicode.IsUpper(r) {
			p.upper++
		} else if unicode.IsLower(r) {
			p.lower++
		}
		if r == 'ß' {
			d.buf = append(d.buf, 's', 's')
		} else {
			d.buf = utf8.AppendRune(d.buf, fold(r))
		}
	}
	p.lineHead = false
	p.flushRun()
}

// asciiScan is what parse learns of an ASCII word as it scans it.
type asciiScan struct {
	lower, upper, digits int
	key                  uint64 // the first eight folded bytes, packed as pack does
}

// The classes of asciiClass.
const (
	classLower = 1 << iota
	classUpper
	classDigit
)

// asciiClass classifies the ASCII letters and digits; 0 for other bytes.
var asciiClass = func() (c [256]uint8) {
	for b := 'a'; b <= 'z'; b++ {
		c[b] = classLower
	}
	for b := 'A'; b <= 'Z'; b++ {
		c[b] = classUpper
	}
	for b := '0'; b <= '9'; b++ {
		c[b] = classDigit
	}
	return c
}()

// asciiWord adds the word text[i:j] of ASCII letters and digits, scanned as w.
func (p *parser) asciiWord(i, j int, w *asciiScan) {
	d, raw := p.d, p.text[i:j]
	p.startWord(i, rune(raw[0]))
	p.lineHead = false
	p.flushRun()
	p.upper, p.lower = w.upper, w.lower
	p.count(raw, w.digits == len(raw), j)
	var wi *wordInfo
	folded := raw
	if w.upper > 0 {
		for k := 0; k < len(raw); k++ {
			d.buf = append(d.buf, raw[k]|asciiClass[raw[k]]&classUpper<<4)
		}
		folded = ""
	}
	switch {
	case len(raw) <= 8 && shortWords.slots != nil:
		wi = shortWords.lookup(w.key)
	case folded == "":
		wi = lookupWord(string(d.buf[p.start:]))
	default:
		wi = lookupWord(folded)
	}
	p.prevRef, p.afterTag = refNouns.in(wi), false
	switch {
	case folded == "":
		d.addWordAt(p.start, wi)
	case wi == nil:
		d.words = append(d.words, folded)
		d.info = append(d.info, nil)
	case wi.expand != nil:
		for _, e := range wi.expand {
			d.words = append(d.words, e.text)
			d.info = append(d.info, e)
		}
	default:
		d.words = append(d.words, wi.text)
		d.info = append(d.info, wi)
	}
	p.upper, p.lower, p.rawStart = 0, 0, -1
}

// count counts the current word, folded as w and ending at text[end], in
// letters, capsWords and refs; number says whether w is all digits.
func (p *parser) count(w string, number bool, end int) {
	d := p.d
	if p.upper+p.lower > 0 {
		d.letters++
		if p.upper >= 3 && p.lower == 0 && !acronyms[strings.Trim(strings.ToUpper(p.text[p.rawStart:end]), "'’")] {
			d.capsWords++
		}
	}
	// "#1234", "order 88213", or any number of six digits or more
	if number && (p.afterTag || p.prevRef && len(w) >= 3 || len(w) >= 6) {
		d.refs++
	}
}

// flush ends the current word, if any, at text[end].
func (p *parser) flush(end int) {
	if p.rawStart < 0 {
		return
	}
	d := p.d
	w := d.buf[p.start:]
	p.count(string(w), isNumber(string(w)), end)
	wi := lookupWord(string(w))
	p.prevRef, p.afterTag = refNouns.in(wi), false
	d.addWordAt(p.start, wi)
	p.upper, p.lower, p.rawStart = 0, 0, -1
}

// other handles r at text[i], which is not a letter or a digit.
func (p *parser) other(i int, r rune) {
	d := p.d
	switch {
	case isApostrophe(r) && p.rawStart >= 0:
		d.buf = append(d.buf, '\'')
	case r == '#':
		p.flush(i)
		p.flushRun()
		p.afterTag = true
	default:
		p.flush(i)
		if r == '\n' {
			p.lineHead = true
		} else if p.lineHead && (r == '-' || r == '*' || r == '•') {
			d.bullets++
			p.lineHead = false
		} else if !unicode.IsSpace(r) {
			p.lineHead = false
		}
		if r >= angryEmojiMin && angryEmojiSet[r] {
			d.angryEmoji++
		} else if r == '💳' {
			d.cardEmoji++
		}
		if r == '!' || r == '?' {
			p.runLen++
			p.runQ = p.runQ || r == '?'
		} else {
			p.flushRun()
		}
		if isClausePunct(r) && !((r == '.' || r == ',') && betweenDigits(p.text, i)) {
			d.addBoundary()
		}
	}
}

// isDigit is unicode.IsDigit.
func isDigit(r rune) bool {
	if r < utf8.RuneSelf {
		return '0' <= r && r <= '9'
	}
	return unicode.IsDigit(r)
}

// refNouns are words after which a number is an order, ticket or invoice reference.
var refNouns = newWordSet("order", "ticket", "case", "invoice", "booking", "reference", "ref", "purchase",
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
	d.info = append(d.info, nil)
}

// push appends the words ws.
func (d *doc) push(ws ...string) {
	for _, w := range ws {
		d.words = append(d.words, w)
		d.info = append(d.info, lookupWord(w))
	}
}

// addWordAt appends the word in d.buf[start:], whose wordInfo is wi,
// expanding contractions and elisions; only a word no list names stays in
// d.buf.
func (d *doc) addWordAt(start int, wi *wordInfo) {
	w := d.buf[start:]
	if bytes.IndexByte(w, '\'') >= 0 {
		d.buf = d.buf[:start]
		if wi != nil && wi.expand != nil {
			// A common contraction, worked out by internContractions.
			for _, e := range wi.expand {
				d.words = append(d.words, e.text)
				d.info = append(d.info, e)
			}
			return
		}
		d.addWord(string(w))
		return
	}
	switch {
	case wi == nil:
		d.unknown = append(d.unknown, unknownWord{len(d.words), start, len(d.buf)})
		d.words = append(d.words, "")
		d.info = append(d.info, nil)
		return
	case wi.expand != nil:
		for _, e := range wi.expand {
			d.words = append(d.words, e.text)
			d.info = append(d.info, e)
		}
	default:
		d.words = append(d.words, wi.text)
		d.info = append(d.info, wi)
	}
	d.buf = d.buf[:start]
}

// addWord appends w, expanding contractions and elisions.
func (d *doc) addWord(w string) {
	if strings.IndexByte(w, '\'') >= 0 {
		w = strings.Trim(w, "'")
		if exp, ok := apostropheExpansions[w]; ok {
			d.push(exp...)
			return
		}
		if exp, ok := expansions[strings.ReplaceAll(w, "'", "")]; ok && len(exp) > 1 {
			d.push(exp...)
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
			d.push(base, "not")
			return
		}
		if pre, rest, ok := strings.Cut(w, "'"); ok && elisions[pre] && len(rest) >= 2 {
			d.push(pre)
			w = rest
		}
		w = strings.TrimSuffix(w, "'s")
		w = strings.ReplaceAll(w, "'", "")
		if w == "" {
			return
		}
	}
	if exp, ok := expansions[w]; ok {
		d.push(exp...)
		return
	}
	d.push(w)
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
