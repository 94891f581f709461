package analyze

import (
	"math"
	"math/bits"
	"slices"
	"strings"
	"sync"
	"unicode/utf8"
)

// repeatMarkers are what customers write when they repeat themselves
// ("3rd time asking", "I've asked this three times", "you keep giving me the
// same answer"). Analyze adds them to the similarity with the earlier
// messages, so a question asked again in other words still counts; a first
// message has nothing to repeat. "again" alone ("try again", "order again"),
// "once again" (said of events) and "one more time" (a polite check) are not
// markers; "Still nothing.", "I asked a simple question", "that's not an
// answer", "we've been over this" and "please stop offering me credit"
// are. repeatScore adds "for the third time", and repeatClosing "I already
// asked this."
var repeatMarkers = compilePhrases([]lexeme{
	{"second|third|fourth|fifth|sixth|2nd|3rd|4th|5th|6th|tenth|10th|nth|umpteenth|hundredth|millionth time asking|requesting|repeating|now;" +
		"second|third|fourth|fifth|sixth|2nd|3rd|4th|5th|6th|tenth|10th|nth|umpteenth|hundredth|millionth time i|we ** ask|asked|asking|told|said|explained|requested|repeated|mentioned|written|wrote|typed|contacted|contacting|messaged|messaging|emailed|emailing|chased|chasing|raised|raising;" +
		"asking|asked|ask|say|saying|said|telling|told|explaining|explained|repeating|requesting for the second|third|fourth|fifth|sixth|2nd|3rd|4th|5th|6th|tenth|10th|nth|umpteenth|hundredth|millionth time;" +
		"not the first time i|we ** ask|asked|asking|told|said|explained|requested", repeatExplicit},
	{"i|we ** asked|told|said|explained|requested|mentioned|written|wrote|typed ** # times;i|we ** asked|told|said|explained|requested|mentioned|written|wrote|typed ** twice;" +
		"asked|told|said|explained ** twice now|already;asked|told|said|explained ** # times now|already;" +
		"keep|keeps|kept giving|sending|saying|telling|repeating|copying|pasting ** same;" +
		"keep|keeps saying|repeating that|this;i keep asking;keep on asking;been asking ** # times|days|hours|since;" +
		"how many times do|must|will|should|have i|we ** ask|say|tell|explain|repeat;" +
		"repeat|repeating myself;same answer|reply|response|message|script again", repeatExplicit},
	// The conversation itself going nowhere ("this is going round in
	// circles", "like a broken record") and an answer demanded to a
	// question asked before ("can anyone actually answer a simple
	// question", "just answer the question").
	{"this|we|it|that|chat|conversation|you ** round|around in circles;this|we|it|that|chat|conversation|you ** round and round;" +
		"back to square one;broken record;over and over again;again and again", repeatExplicit},
	{"actually|just|even|ever|finally|simply|please answer|read ** question|questions;" +
		"answer|answering|answered a|my|the|one|this simple|straight|basic|easy|single question;" +
		"a|one simple|straight|basic|easy question ** answer|answered|answering|nobody|no|not;" +
		"i|we asked|ask|asking you|u? a|one simple|straight|basic|easy|single|clear question;" +
		"this is|s my|the third|fourth|fifth|3rd|4th|5th|umpteenth message|email|chat|attempt|request;" +
		"we|we have|ve been over|through this|that|it already|before;how many more times", repeatExplicit},
	{"getting|going|get nowhere;not getting anywhere;did|does|do|have|has not answer|answered|read my|the question|questions;" +
		"straight answer;for the last time;is|was|s not an|a answer|reply|response;still not answered|answering;yet again;" +
		"told|asked you|u this|that|it? already|before|earlier;said|explained this|that|it already", repeatAgain},
	// The same reply got again, and a question dated to an earlier
	// contact: "asked this yesterday and got the same reply".
	{"got|get|getting|given|received|receiving the same reply|answer|response|message|link|script|email", repeatExplicit},
	{"asked|told|said|explained|mentioned|raised this|that|it yesterday|earlier|before|already;asked|told|said|explained|mentioned|raised this|that|it last week|time|night|month;" +
		"asked|told|said|explained|mentioned|raised you|u this|that|it? yesterday|earlier;asked|told|said|explained|mentioned|raised you|u this|that|it? last week|time|night|month", repeatAgain},
	{"asking|ask again;already asked|told|said|explained|answered;as|like i said|mentioned|explained|asked|wrote;same answer|reply|response|script;copy paste|pasted", repeatAgain},
	// The answer missed what was asked or said just before ("that's not
	// what I asked", "I just told you", "did you even read my message"),
	// and the exchange worn thin ("this is getting old"). "Not what I
	// asked for" is more often said of an item received, and is not one.
	{"not what i|we asked|meant|said|wrote|typed|requested;not what i|we am|are|was|were asking|saying;not my|the question i? asked?;" +
		"i|we literally|really? just|already|literally told|gave|sent|said you|u;as|like i|we just|already said|mentioned|explained|asked|wrote|told;" +
		"you|u asked me|us this|that|it? already|before|earlier|twice;" +
		"did|do you|u even|actually|ever read my|the|what;read what i|we wrote|said|asked|typed;you|u are not|never listening;you|u did|do not read|listen;" +
		"this|that is|was getting|gets a? bit|little|really|very|so|pretty? old|tiresome|tedious|repetitive|ridiculous|silly|boring;" +
		"same thing|answer|reply you|u said|gave|told|sent", repeatAgain},
	// A reply turned down as one the bot keeps giving: "please stop
	// offering me credit", "stop telling me to check the tracking page".
	{"stop offering|suggesting|recommending|telling|giving|quoting|pushing|repeating me|us", repeatAgain},
	// An earlier answer quoted back with its date: "you said 2 working
	// days last Monday".
	{"you|u said|told|promised|quoted ** yesterday|last|before|earlier|previously|already", repeatAgain},
})

// repeatSkip rules out a repeat marker at words [start, end) of d that is
// said of an item received: "that's not what I asked for".
func repeatSkip(d *doc, start, end int) bool {
	w := d.words
	return w[start] == "not" && end < len(w) && w[end] == "for" && w[end-1] == "asked"
}

// repeatScore is the repetition the markers of d say: the repeatMarkers
// scanned as sc, and "for the third time" where it opens a clause ("For the
// third time, where is it?") or a question ("for the third time where is
// it"), but not where it counts a failure or a win ("for the second time
// this month the driver …", "congrats for the 6th time").
func repeatScore(d *doc, sc *phraseScan) float64 {
	q := 1 - sc.score()
	w := d.words
	q *= 1 - repeatOpening(w)
	q *= 1 - repeatClosing(w)
	for i := 0; i+3 < len(w); i++ {
		if w[i] != "for" || w[i+1] != "the" || !repeatOrdinals.in(d.info[i+2]) || w[i+3] != "time" {
			continue
		}
		opens := i == 0 || w[i-1] == boundary
		if opens && (i+4 == len(w) || w[i+4] == boundary) || i+4 < len(w) && repeatAsks.in(d.info[i+4]) {
			q *= 1 - repeatExplicit
			break
		}
	}
	return 1 - q
}

// repeatOpening is the repetition said by a clause that is only a marker,
// ahead of what is repeated: "I TOLD you, …" and "Again: …", "Once more:
// …". "again" inside a clause ("try again") and "one more time:" (a polite
// check) are not such markers.
func repeatOpening(w []string) float64 {
	score := 0.0
	for i := 0; i < len(w); i++ {
		if i > 0 && w[i-1] != boundary {
			continue
		}
		end := func(j int) bool { return j == len(w) || w[j] == boundary }
		switch {
		case i+2 < len(w) && (w[i] == "i" || w[i] == "we") && (w[i+1] == "told" || w[i+1] == "explained") &&
			(w[i+2] == "you" || w[i+2] == "u") && end(i+3),
			i+3 < len(w) && (w[i] == "i" || w[i] == "we") && (w[i+1] == "have" || w[i+1] == "already") &&
				(w[i+2] == "told" || w[i+2] == "explained") && (w[i+3] == "you" || w[i+3] == "u") && end(i+4):
			return repeatExplicit
		case i+1 < len(w) && w[i] == "still" && stillNothing.has(w[i+1]) && (end(i+2) || end(i+3) || end(i+4)):
			// "Still nothing.", "Still no reply."
			score = max(score, repeatAgain)
		case w[i] == "again" && end(i+1) && !end(i+2),
			i+1 < len(w) && w[i] == "once" && w[i+1] == "more" && end(i+2) && !end(i+3):
			score = repeatAgain
		}
	}
	return score
}

// stillNothing after "still" opening a short clause tell that an answer
// or a thing promised has not come: "Still nothing.", "Still no reply".
var stillNothing = newStrSet("nothing", "no", "nada", "waiting", "zilch", "none")

// repeatOrdinals count how often something was asked.
var repeatOrdinals = newWordSet("second", "third", "fourth", "fifth", "sixth", "2nd", "3rd", "4th", "5th", "6th",
	"tenth", "10th", "nth", "umpteenth", "hundredth", "millionth")

// repeatAsks after "for the third time" make it a question asked again:
// "for the third time where is it", "for the third time I am asking".
var repeatAsks = newWordSet("where", "what", "when", "is", "are", "can", "could", "do", "does", "how", "why",
	"please", "will", "has", "have", "i", "who", "which")

// Similarity scores how alike two customer messages are, in [0,1]: an even
// mix of the cosine similarity of their word stems and of their character
// trigrams, ignoring stopwords, case and punctuation. The same words give 1
// ("where is my order" and "Where is my order??"); a sentence repeated inside
// a longer message gives up to 0.9; unrelated messages score below 0.3.
func Similarity(a, b string) float64 {
	da, db := parsePooled(a), parsePooled(b)
	defer da.release()
	defer db.release()
	fa, fb := featuresOf(da), featuresOf(db)
	c := newComparer(&fa)
	defer c.release()
	return c.similarity(&fb)
}

// features are the hashed stems and trigrams of one message, each set
// without duplicates, with the clauses of the message: a clause is a part,
// and every hash carries a bit for each part it occurs in. A message
// without clauses is one part, the whole message.
type features struct {
	key      string // the content words joined, to spot exact repeats
	stems    hashSet
	trigrams hashSet
	clauses  []clause // clauses of repSentenceWords words or more, when there are several
}

// clause is one part of a message: its key and the size of its sets.
type clause struct {
	key             string
	stems, trigrams int
}

// hashSet is a set of hashes in no particular order, with the parts of
// the message each occurs in. A hash is two uint32 in data, low half
// first, or one when narrow: a trigram of runes below 2¹⁰, packed in 30
// bits, which keeps the sets of most messages small. masks[i] has bit p
// set when hash i occurs in part p; masks is nil when there is one part.
// data and masks are pieces of one array, which holds no pointers.
type hashSet struct {
	n      int
	narrow bool
	data   []uint32
	masks  []uint32
}

// at returns hash i.
func (s *hashSet) at(i int) uint64 {
	if s.narrow {
		return widen(s.data[i])
	}
	return uint64(s.data[2*i]) | uint64(s.data[2*i+1])<<32
}

// mask returns the parts hash i occurs in.
func (s *hashSet) mask(i int) uint32 {
	if s.masks == nil {
		return 1
	}
	return s.masks[i]
}

// narrowRune is the bound below which the runes of a trigram pack into a
// narrow hash, 10 bits each.
const narrowRune = 1 << 10

// widen unpacks a narrow trigram into the 63-bit packing of three runes.
func widen(v uint32) uint64 {
	return uint64(v>>20)<<42 | uint64(v>>10&(narrowRune-1))<<21 | uint64(v&(narrowRune-1))
}

// narrowOf packs a trigram of runes below narrowRune into 30 bits.
func narrowOf(x uint64) uint32 {
	return uint32(x>>42)<<20 | uint32(x>>21&(1<<21-1))<<10 | uint32(x&(1<<21-1))
}

// isNarrow reports whether all three runes of trigram x are below narrowRune.
func isNarrow(x uint64) bool {
	const wide = (1<<21 - narrowRune) * (1<<42 | 1<<21 | 1)
	return x&wide == 0
}

// parts is the number of parts of f.
func (f *features) parts() int {
	return max(1, len(f.clauses))
}

// part returns the key and set sizes of part p of f.
func (f *features) part(p int) clause {
	if len(f.clauses) == 0 {
		return clause{f.key, f.stems.n, f.trigrams.n}
	}
	return f.clauses[p]
}

// featuresOf computes the features of d and of its clauses in one pass. A
// clause's content words are a run of the message's, so its key is a piece
// of the message's key, its stems some of the message's and its trigrams
// those of the message centred on that piece.
func featuresOf(d *doc) features {
	c := comparers.Get().(*comparer)
	c.load(d)
	f := c.f
	c.release()
	return f
}

// comparerOf returns a comparer for the features of d; release it when done.
func comparerOf(d *doc) *comparer {
	c := comparers.Get().(*comparer)
	c.load(d)
	return c
}

// load sets c to the features of d, computed with its tables.
func (c *comparer) load(d *doc) {
	sc := &c.scratch
	st, tt, nt := &c.stems, &c.trigrams, &c.narrow
	content, clauses := sc.content[:0], sc.clauses[:0]

	// The content words, and the clauses of repSentenceWords words or more
	// that hold any, at most repMaxClauses of them.
	clauseStart, clauseWords := 0, 0
	endClause := func() {
		// The clause counts if its key, its content words joined, is not
		// empty: one content word may be "" ("n't" is "", "not").
		n := len(content) - clauseStart
		if clauseWords >= repSentenceWords && (n > 1 || n == 1 && content[clauseStart] != "") && len(clauses) < repMaxClauses {
			clauses = append(clauses, span{clauseStart, len(content)})
		}
		clauseStart, clauseWords = len(content), 0
	}
	for i, w := range d.words {
		if w == boundary {
			endClause()
			continue
		}
		clauseWords++
		if !stopwords.in(d.info[i]) {
			content = append(content, w)
		}
	}
	endClause()
	if len(content) == 0 {
		// Only stopwords: the message is its words, and no clause counts.
		clauses = clauses[:0]
		for _, w := range d.words {
			if w != boundary {
				content = append(content, w)
			}
		}
	}
	sc.content, sc.clauses = content, clauses
	if len(content) == 0 {
		c.f = features{}
		st.reset(0)
		tt.reset(0)
		nt.reset(0)
		c.wide = true
		return
	}
	if len(clauses) < 2 {
		clauses = clauses[:0]
	}
	if c.loadASCII(content, clauses) {
		return
	}

	// The key, and where every word starts in it, in bytes and in runes.
	n := len(content) - 1
	for _, w := range content {
		n += len(w)
	}
	key := slices.Grow(sc.key[:0], n)
	at, runeAt := sc.at[:0], sc.runeAt[:0]
	runes := 0
	for i, w := range content {
		if i > 0 {
			key = append(key, ' ')
			runes++
		}
		at, runeAt = append(at, len(key)), append(runeAt, runes)
		key = append(key, w...)
		runes += utf8.RuneCountInString(w)
	}
	sc.at, sc.runeAt, sc.key = at, runeAt, key
	f := features{key: string(key)}

	// The part of every content word and of every rune of the key; 0 for
	// the runes between clauses.
	wordPart, runePart := sc.wordPart[:0], sc.runePart[:0]
	if len(clauses) == 0 {
		for range content {
			wordPart = append(wordPart, 1)
		}
		for range runes {
			runePart = append(runePart, 1)
		}
	} else {
		wordPart = slices.Grow(wordPart, len(content))[:len(content)]
		runePart = slices.Grow(runePart, runes)[:runes]
		clear(wordPart)
		clear(runePart)
		f.clauses = make([]clause, len(clauses))
		for p, c := range clauses {
			for i := c.start; i < c.end; i++ {
				wordPart[i] = 1 << p
			}
			end := runes
			if c.end < len(content) {
				end = runeAt[c.end] - 1
			}
			for r := runeAt[c.start]; r < end; r++ {
				runePart[r] = 1 << p
			}
			last := content[c.end-1]
			f.clauses[p].key = f.key[at[c.start] : at[c.end-1]+len(last)]
		}
	}
	sc.wordPart, sc.runePart = wordPart, runePart

	st.reset(len(content))
	for i, w := range content {
		st.add(stemHash(w), wordPart[i])
	}
	// A trigram of runes (each below 2²¹) packs exactly into 63 bits; it
	// belongs to the part of its middle rune. An ASCII key gives narrow
	// trigrams, which go straight to the narrow table.
	narrow := runes == len(key)
	if narrow {
		nt.reset(runes)
		if len(key) > 0 { // the content words may be empty ("n't" is "", "not")
			x := uint32(' ')<<10 | uint32(key[0])
			for k := 1; k < len(key); k++ {
				x = (x<<10 | uint32(key[k])) & (1<<30 - 1)
				nt.add(x, runePart[k-1])
			}
			nt.add((x<<10|' ')&(1<<30-1), runePart[len(key)-1])
		}
		c.wide = false
	} else {
		tt.reset(runes)
		var r0, r1 rune = ' ', 0
		k := -1
		for _, r := range f.key {
			if k >= 0 {
				tt.add(uint64(r0)<<42|uint64(r1)<<21|uint64(r), runePart[k])
				r0 = r1
			}
			r1 = r
			k++
		}
		tt.add(uint64(r0)<<42|uint64(r1)<<21|' ', runePart[k])
		c.wide = true
		for _, ref := range tt.refs[:tt.n] {
			narrow = narrow && isNarrow(tt.keyAt(ref))
		}
	}

	// One array for both sets and, with clauses, their parts.
	ns, ntr := st.n, nt.n
	if c.wide {
		ntr = tt.n
	}
	size := 2*ns + 2*ntr
	if narrow {
		size = 2*ns + ntr
	}
	if len(clauses) > 0 {
		size += ns + ntr
	}
	block := make([]uint32, size)
	f.stems = hashSet{n: ns, data: block[: 2*ns : 2*ns]}
	for i, ref := range st.refs[:ns] {
		x := st.keyAt(ref)
		f.stems.data[2*i], f.stems.data[2*i+1] = uint32(x), uint32(x>>32)
	}
	block = block[2*ns:]
	f.trigrams = hashSet{n: ntr, narrow: narrow}
	switch {
	case !c.wide:
		f.trigrams.data, block = block[:ntr:ntr], block[ntr:]
		for i, ref := range nt.refs[:ntr] {
			f.trigrams.data[i] = nt.keyAt(ref)
		}
	case narrow:
		f.trigrams.data, block = block[:ntr:ntr], block[ntr:]
		for i, ref := range tt.refs[:ntr] {
			f.trigrams.data[i] = narrowOf(tt.keyAt(ref))
		}
	default:
		f.trigrams.data, block = block[:2*ntr:2*ntr], block[2*ntr:]
		for i, ref := range tt.refs[:ntr] {
			x := tt.keyAt(ref)
			f.trigrams.data[2*i], f.trigrams.data[2*i+1] = uint32(x), uint32(x>>32)
		}
	}
	if len(clauses) > 0 {
		f.stems.masks, f.trigrams.masks = block[:ns:ns], block[ns:]
		st.partMasks(f.stems.masks, f.clauses, true)
		if c.wide {
			tt.partMasks(f.trigrams.masks, f.clauses, false)
		} else {
			nt.partMasks(f.trigrams.masks, f.clauses, false)
		}
	}
	c.f = f
	if c.wide && narrow {
		nt.fillNarrow(&c.f.trigrams)
	}
}

// loadASCII is the rest of load for content words of ASCII letters, digits
// and apostrophes, in one pass over them: a byte is a rune, and every
// trigram is narrow. It reports false, having done nothing, for other words.
func (c *comparer) loadASCII(content []string, clauses []span) bool {
	n := len(content) - 1
	for _, w := range content {
		n += len(w)
		for i := 0; i < len(w); i++ {
			if w[i] >= utf8.RuneSelf {
				return false
			}
		}
	}
	sc, st, nt := &c.scratch, &c.stems, &c.narrow
	key := slices.Grow(sc.key[:0], n)
	st.reset(len(content))
	nt.reset(n)
	var f features
	var clauseAt []int // where each clause starts and ends in key
	if len(clauses) > 0 {
		f.clauses = make([]clause, len(clauses))
		clauseAt = slices.Grow(sc.at[:0], 2*len(clauses))[:2*len(clauses)]
	}
	// A trigram belongs to the part of its middle byte: a word is in the
	// part of its clause, the space between two words in the part of both.
	var x uint32    // the last three bytes of the key, packed as narrowOf does
	var last uint32 // the part of the last byte of the key
	p, prev := 0, uint32(0)
	for i, w := range content {
		part := uint32(1)
		if len(clauses) > 0 {
			for p < len(clauses) && clauses[p].end <= i {
				p++
			}
			part = 0
			if p < len(clauses) && clauses[p].start <= i {
				part = 1 << p
			}
		}
		if i > 0 {
			// The space between two words, the first byte of the key
			// when the words before are empty.
			if len(key) == 0 {
				x = uint32(' ')<<10 | ' '
			} else {
				x = (x<<10 | ' ') & (1<<30 - 1)
				nt.add(x, last)
			}
			key = append(key, ' ')
			last = prev & part
		}
		if part != 0 && len(clauses) > 0 {
			if clauses[p].start == i {
				clauseAt[2*p] = len(key)
			}
			if clauses[p].end == i+1 {
				clauseAt[2*p+1] = len(key) + len(w)
			}
		}
		for k := 0; k < len(w); k++ {
			if len(key) == 0 {
				x = uint32(' ')<<10 | uint32(w[k])
			} else {
				x = (x<<10 | uint32(w[k])) & (1<<30 - 1)
				nt.add(x, last)
			}
			key = append(key, w[k])
			last = part
		}
		st.add(stemHash(w), part)
		prev = part
	}
	if len(key) > 0 { // the content words may be empty ("n't" is "", "not")
		nt.add((x<<10|' ')&(1<<30-1), last)
	}
	sc.key, sc.at = key, clauseAt
	f.key = string(key)
	for p := range f.clauses {
		f.clauses[p].key = f.key[clauseAt[2*p]:clauseAt[2*p+1]]
	}

	ns, ntr := st.n, nt.n
	size := 2*ns + ntr
	if len(clauses) > 0 {
		size += ns + ntr
	}
	block := make([]uint32, size)
	f.stems = hashSet{n: ns, data: block[: 2*ns : 2*ns]}
	for i, ref := range st.refs[:ns] {
		x := st.keyAt(ref)
		f.stems.data[2*i], f.stems.data[2*i+1] = uint32(x), uint32(x>>32)
	}
	f.trigrams = hashSet{n: ntr, narrow: true, data: block[2*ns : 2*ns+ntr : 2*ns+ntr]}
	for i, ref := range nt.refs[:ntr] {
		f.trigrams.data[i] = nt.keyAt(ref)
	}
	if len(clauses) > 0 {
		masks := block[2*ns+ntr:]
		f.stems.masks, f.trigrams.masks = masks[:ns:ns], masks[ns:]
		st.partMasks(f.stems.masks, f.clauses, true)
		nt.partMasks(f.trigrams.masks, f.clauses, false)
	}
	c.f = f
	c.wide = false
	return true
}

// partMasks writes the parts of every hash of t, in order, to masks, and
// counts the hashes of each part in the stems or trigrams of clauses.
func (t *table[K]) partMasks(masks []uint32, clauses []clause, stems bool) {
	var n [repMaxClauses]int
	for i, ref := range t.refs[:t.n] {
		m := t.maskAt(ref) & partBits
		masks[i] = m
		for ; m != 0; m &= m - 1 {
			n[bits.TrailingZeros32(m)]++
		}
	}
	for p := range clauses {
		if stems {
			clauses[p].stems = n[p]
		} else {
			clauses[p].trigrams = n[p]
		}
	}
}

// span is the content words content[start:end] of one clause.
type span struct{ start, end int }

// scratch is the working space of comparer.load.
type scratch struct {
	key                []byte
	content            []string
	clauses            []span
	at, runeAt         []int
	wordPart, runePart []uint32
}

// table is a set of hashes with the parts they occur in, and the order
// they were added in. It has eight slots a hash, so that most hashes have
// a slot of their own, where one load and one comparison find them; the
// others go to extra, and the slot they wanted is marked collided.
type table[K uint32 | uint64] struct {
	keys  []K
	masks []uint32 // 0 for an empty slot, else present, collided perhaps, and the parts
	shift uint     // 64 minus log2 of the number of slots

	extraKeys  []K
	extraMasks []uint32

	// Where each hash is, in the order added: a slot, or -1-i for
	// extra[i]; n of them, with room for as many as reset was told of.
	refs []int32
	n    int
}

// The flags of table.masks.
const (
	present  = 1 << 31 // a hash is there, which may be in no part
	collided = 1 << 30 // another hash wanted the slot and went to extra
	partBits = collided - 1
)

// reset empties t for at most n hashes.
func (t *table[K]) reset(n int) {
	size := 64
	for size < 8*n {
		size *= 2
	}
	if cap(t.keys) < size {
		t.keys, t.masks = make([]K, size), make([]uint32, size)
	} else {
		t.keys, t.masks = t.keys[:size], t.masks[:size]
		clear(t.masks)
	}
	t.shift = uint(64 - bits.TrailingZeros(uint(size)))
	t.extraKeys, t.extraMasks = t.extraKeys[:0], t.extraMasks[:0]
	if cap(t.refs) < n {
		t.refs = make([]int32, n)
	}
	t.refs = t.refs[:cap(t.refs)]
	t.n = 0
}

// slot returns the slot of x.
func (t *table[K]) slot(x K) int {
	return int((uint64(x) * 0x9E3779B97F4A7C15) >> t.shift)
}

// add adds x, in the parts of mask.
func (t *table[K]) add(x K, mask uint32) {
	j := t.slot(x)
	switch m := t.masks[j]; {
	case m == 0:
		t.keys[j], t.masks[j] = x, mask|present
		t.refs[t.n] = int32(j)
		t.n++
	case t.keys[j] == x:
		t.masks[j] = m | mask
	default:
		t.masks[j] = m | collided
		for e, k := range t.extraKeys {
			if k == x {
				t.extraMasks[e] |= mask
				return
			}
		}
		t.extraKeys, t.extraMasks = append(t.extraKeys, x), append(t.extraMasks, mask|present)
		t.refs[t.n] = int32(-len(t.extraKeys))
		t.n++
	}
}

// keyAt and maskAt return the hash at ref and its mask.
func (t *table[K]) keyAt(ref int32) K {
	if ref < 0 {
		return t.extraKeys[-1-ref]
	}
	return t.keys[ref]
}

func (t *table[K]) maskAt(ref int32) uint32 {
	if ref < 0 {
		return t.extraMasks[-1-ref]
	}
	return t.masks[ref] &^ collided
}

// get returns the parts of x and the presence bit; 0 when x is not in t.
func (t *table[K]) get(x K) uint32 {
	j := t.slot(x)
	m := t.masks[j]
	r := m &^ collided & eq(t.keys[j], x)
	if m&collided != 0 {
		r |= t.getExtra(x)
	}
	return r
}

// getExtra returns the mask of x in extra; 0 when x is not there.
func (t *table[K]) getExtra(x K) uint32 {
	for e, k := range t.extraKeys {
		if k == x {
			return t.extraMasks[e]
		}
	}
	return 0
}

// eq is all ones when a == b, else 0.
func eq[K uint32 | uint64](a, b K) uint32 {
	var r uint32
	if a == b {
		r = ^uint32(0)
	}
	return r
}

// fill sets t to the hashes of s.
func (t *table[K]) fill(s *hashSet) {
	t.reset(s.n)
	for i := range s.n {
		t.add(K(s.at(i)), s.mask(i))
	}
}

// fillNarrow sets t to the narrow hashes of s.
func (t *table[K]) fillNarrow(s *hashSet) {
	t.reset(s.n)
	for i, v := range s.data[:s.n] {
		t.add(K(v), s.mask(i))
	}
}

// comparer compares one message's features with others: it holds them in
// hash tables, so that comparing costs one lookup per hash of the other
// message, for the message and all pairs of parts at once.
type comparer struct {
	f        features
	stems    table[uint64]
	trigrams table[uint64] // f's trigrams, once wide is set
	narrow   table[uint32] // f's trigrams, when they are narrow
	wide     bool
	common   [2][repMaxClauses * repMaxClauses]int32
	found    []uint32
	scratch  scratch
}

var comparers = sync.Pool{New: func() any { return new(comparer) }}

// newComparer returns a comparer for f; release it when done.
func newComparer(f *features) *comparer {
	c := comparers.Get().(*comparer)
	c.f = *f
	c.stems.fill(&f.stems)
	c.trigrams.fill(&f.trigrams)
	c.wide = true
	if f.trigrams.narrow {
		c.narrow.fillNarrow(&f.trigrams)
	}
	return c
}

func (c *comparer) release() {
	c.f = features{}
	comparers.Put(c)
}

// similarity is the repetition formula: repStemWeight·cos(stems) +
// repTrigramWeight·cos(trigrams), 1 for the same content words, and at least
// repSentenceWeight times the best match between their clauses.
func (c *comparer) similarity(g *features) float64 {
	f := &c.f
	pairs := len(f.clauses) > 0 || len(g.clauses) > 0
	nf, ng := f.parts(), g.parts()
	cs, ct := c.common[0][:nf*ng], c.common[1][:nf*ng]
	commonStems := c.stems.common(&g.stems, cs, ng, pairs, &c.found)
	var commonTrigrams int
	switch {
	case f.trigrams.narrow && g.trigrams.narrow:
		commonTrigrams = c.narrow.commonNarrow(&g.trigrams, ct, ng, pairs, &c.found)
	case f.trigrams.narrow:
		commonTrigrams = c.narrow.commonWide(&g.trigrams, ct, ng, pairs, &c.found)
	default: // f's trigrams are wide, and in c.trigrams
		commonTrigrams = c.trigrams.common(&g.trigrams, ct, ng, pairs, &c.found)
	}
	best := whole(clause{f.key, f.stems.n, f.trigrams.n}, clause{g.key, g.stems.n, g.trigrams.n}, commonStems, commonTrigrams)
	if pairs {
		for i := range nf {
			a := f.part(i)
			for j := range ng {
				best = max(best, repSentenceWeight*whole(a, g.part(j), int(cs[i*ng+j]), int(ct[i*ng+j])))
			}
		}
	}
	return best
}

// common returns how many hashes of s are in t and, with pairs, counts in
// n[i*parts+j] those in part i of t's message and part j of s's. found is
// scratch space.
func (t *table[K]) common(s *hashSet, n []int32, parts int, pairs bool, found *[]uint32) int {
	f := slices.Grow((*found)[:0], s.n)[:s.n]
	*found = f
	common := 0
	for k := range f {
		m := t.get(K(s.at(k)))
		f[k] = m
		common += int(m>>31) & 1 // present
	}
	if pairs {
		countPairs(f, s, n, parts, common)
	}
	return common
}

// commonNarrow is common for a table of narrow hashes and a set of them.
func (t *table[K]) commonNarrow(s *hashSet, n []int32, parts int, pairs bool, found *[]uint32) int {
	f := slices.Grow((*found)[:0], s.n)[:s.n]
	*found = f
	common := 0
	keys, masks, shift := t.keys, t.masks, t.shift
	for k, v := range s.data[:s.n] {
		x := K(v)
		j := (uint64(x) * 0x9E3779B97F4A7C15) >> shift
		m := masks[j]
		r := m &^ collided & eq(keys[j], x)
		if m&collided != 0 {
			r |= t.getExtra(x)
		}
		f[k] = r
		common += int(r>>31) & 1 // present
	}
	if pairs {
		countPairs(f, s, n, parts, common)
	}
	return common
}

// commonWide is common for a table of narrow hashes and a set of wide
// ones: only the hashes of s that are narrow can be in t.
func (t *table[K]) commonWide(s *hashSet, n []int32, parts int, pairs bool, found *[]uint32) int {
	f := slices.Grow((*found)[:0], s.n)[:s.n]
	*found = f
	common := 0
	for k := range f {
		f[k] = 0
		if x := s.at(k); isNarrow(x) {
			m := t.get(K(narrowOf(x)))
			f[k] = m
			common += int(m>>31) & 1 // present
		}
	}
	if pairs {
		countPairs(f, s, n, parts, common)
	}
	return common
}

// countPairs counts in n[i*parts+j] the hashes of s found in part i of the
// compared message, as found says, and in part j of s's message; common is
// how many were found.
func countPairs(found []uint32, s *hashSet, n []int32, parts, common int) {
	clear(n)
	if common == 0 {
		return
	}
	for k, mi := range found {
		mi &= partBits
		if mi == 0 {
			continue // not found, or in no part
		}
		mj := uint32(1) // s's message is one part
		if s.masks != nil {
			mj = s.masks[k]
		}
		if mi&(mi-1) == 0 && mj&(mj-1) == 0 {
			// Mostly a hash is in one part of each message.
			if mj != 0 {
				n[bits.TrailingZeros32(mi)*parts+bits.TrailingZeros32(mj)]++
			}
			continue
		}
		for ; mi != 0; mi &= mi - 1 {
			row := bits.TrailingZeros32(mi) * parts
			for m := mj; m != 0; m &= m - 1 {
				n[row+bits.TrailingZeros32(m)]++
			}
		}
	}
}

// whole is the similarity of two messages or parts, given how many stems
// and trigrams they have in common.
func whole(a, b clause, commonStems, commonTrigrams int) float64 {
	if a.key == "" || b.key == "" {
		return 0
	}
	if a.key == b.key {
		return 1
	}
	return clamp01(repStemWeight*cosine(commonStems, a.stems, b.stems) + repTrigramWeight*cosine(commonTrigrams, a.trigrams, b.trigrams))
}

// cosine is the cosine similarity of two sets of sizes na and nb with
// common elements in common.
func cosine(common, na, nb int) float64 {
	if na == 0 || nb == 0 {
		return 0
	}
	return float64(common) / math.Sqrt(float64(na)*float64(nb))
}

// FNV-1a, 64 bits.
const (
	fnvOffset = 14695981039346656037
	fnvPrime  = 1099511628211
)

// hashString is 64-bit FNV-1a.
func hashString(s string) uint64 {
	h := uint64(fnvOffset)
	for i := 0; i < len(s); i++ {
		h ^= uint64(s[i])
		h *= fnvPrime
	}
	return h
}

// stemHash is the hashString of the stem of w: common English inflections
// stripped, so that "orders" and "ordered" hash as "order" and "deliveries"
// as "delivery".
func stemHash(w string) uint64 {
	switch {
	case len(w) > 5 && strings.HasSuffix(w, "ies"):
		h := hashString(w[:len(w)-3]) ^ 'y'
		return h * fnvPrime
	case len(w) > 5 && strings.HasSuffix(w, "ing"):
		return hashString(w[:len(w)-3])
	case len(w) > 4 && strings.HasSuffix(w, "ed"):
		return hashString(w[:len(w)-2])
	case len(w) > 4 && strings.HasSuffix(w, "es") && !strings.HasSuffix(w, "ses"):
		return hashString(w[:len(w)-1])
	case len(w) > 3 && strings.HasSuffix(w, "s") && !strings.HasSuffix(w, "ss"):
		return hashString(w[:len(w)-1])
	}
	return hashString(w)
}

// stopwords carry no topic of their own.
var stopwords = newWordSet("a", "an", "the", "and", "or", "but", "if", "so", "of", "to", "in", "on", "at", "by",
	"for", "with", "from", "about", "as", "into", "than", "then", "there", "here", "this", "that", "these",
	"those", "it", "its", "is", "are", "was", "were", "be", "been", "being", "am", "do", "does", "did",
	"have", "has", "had", "i", "me", "my", "mine", "we", "us", "our", "you", "your", "he", "him", "his",
	"she", "her", "they", "them", "their", "what", "which", "who", "whom", "where", "when", "why", "how",
	"can", "could", "would", "should", "will", "shall", "may", "might", "must", "just", "please", "thanks",
	"thank", "hi", "hello", "hey", "ok", "okay", "yes", "no", "not", "any", "some", "all", "also", "too",
	"very", "really", "still", "again", "up", "out", "get", "got", "want", "need", "know", "like", "im",
	"dear", "regards", "pls", "plz", "yet", "now", "one", "s", "t", "d", "ll", "re", "ve", "lol")
