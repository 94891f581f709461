package analyze

import "math/bits"

// wordInfo is what the word lists, phrase lexicons and grammars of this
// package say about one normalized word. parse attaches it to every word it
// produces (doc.info), so the signals test a word against dozens of lists
// without hashing it again for each.
//
// Every word that appears in a list is in vocab, with one wordInfo that
// stays put while the lists are built; after package initialization the
// vocabulary is read-only.
type wordInfo struct {
	// What the signals test most comes first, in one cache line.
	sets      uint64 // the wordSets that hold the word, one bit each
	startSets uint64 // the bits of the phraseSets in starts
	human     hclass // its roles in the request-for-a-person grammar (humanWords)
	id        uint32 // the number of words interned before it
	noun      int    // its strength as a person noun (personNouns), when isNoun
	isNoun    bool

	text   string
	expand []*wordInfo   // the words parse expands it to ("dont": "do", "not"), if any
	starts [][]candidate // the phrases that start with it, per phraseSet in startSets

	// typo and typoPrefix are what typo makes of the word, for the words
	// canonicalize reads as possible typos.
	typo, typoPrefix string
}

// vocab maps every word the package knows to its wordInfo.
var vocab = map[string]*wordInfo{}

// init completes the vocabulary, once the word lists and lexicons, which
// are package variables, have added their words to it.
func init() {
	buildHumanGrammar()
	internExpansions()
	internContractions()
	internTypos()
	buildShortWords()
}

// intern returns the wordInfo of w, adding w to the vocabulary. Only
// package initialization calls it.
func intern(w string) *wordInfo {
	wi := vocab[w]
	if wi == nil {
		wi = &wordInfo{text: w, id: uint32(len(vocab))}
		vocab[w] = wi
	}
	return wi
}

// lookupWord returns the wordInfo of w, nil for a word no list names.
func lookupWord(w string) *wordInfo {
	if k, ok := pack(w); ok && shortWords.slots != nil {
		return shortWords.lookup(k)
	}
	return vocab[w]
}

// shortTable holds the words of the vocabulary of one to eight bytes,
// packed into a uint64, in a compact open-addressing table: looking a word
// up mostly touches one cache line.
type shortTable struct {
	slots []shortSlot
	shift uint
}

// shortSlot is a word of a shortTable: key 0 for an empty slot.
type shortSlot struct {
	key  uint64
	info *wordInfo
}

var shortWords shortTable

// pack packs a word of one to eight bytes, none of them zero, into a
// uint64; ok is false for other words.
func pack(w string) (k uint64, ok bool) {
	if len(w) == 0 || len(w) > 8 {
		return 0, false
	}
	for i := len(w) - 1; i >= 0; i-- {
		if w[i] == 0 {
			return 0, false
		}
		k = k<<8 | uint64(w[i])
	}
	return k, true
}

// buildShortWords fills shortWords from vocab, once it is complete.
func buildShortWords() {
	n := 0
	for w := range vocab {
		if _, ok := pack(w); ok {
			n++
		}
	}
	size := 16
	for size < 2*n {
		size *= 2
	}
	t := shortTable{slots: make([]shortSlot, size)}
	t.shift = uint(64 - bits.TrailingZeros(uint(size)))
	for w, wi := range vocab {
		k, ok := pack(w)
		if !ok {
			continue
		}
		i := int((k * 0x9E3779B97F4A7C15) >> t.shift)
		for t.slots[i].key != 0 {
			i = (i + 1) & (size - 1)
		}
		t.slots[i] = shortSlot{k, wi}
	}
	shortWords = t
}

// lookup returns the wordInfo of the packed word k.
func (t *shortTable) lookup(k uint64) *wordInfo {
	mask := len(t.slots) - 1
	for i := int((k * 0x9E3779B97F4A7C15) >> t.shift); ; i = (i + 1) & mask {
		switch s := &t.slots[i]; s.key {
		case k:
			return s.info
		case 0:
			return nil
		}
	}
}

// phrases returns the phrases of ps that start with the word.
func (wi *wordInfo) phrases(ps *phraseSet) []candidate {
	if wi == nil || wi.startSets&ps.bit == 0 {
		return nil
	}
	// starts is in the order the phraseSets were compiled, which is the
	// order of their bits.
	return wi.starts[bits.OnesCount64(wi.startSets&(ps.bit-1))]
}

// class is the grammar class of the word; 0 for nil.
func (wi *wordInfo) class() hclass {
	if wi == nil {
		return 0
	}
	return wi.human
}

// person returns the strength of the word as a person noun and whether it
// is one.
func (wi *wordInfo) person() (int, bool) {
	if wi == nil {
		return 0, false
	}
	return wi.noun, wi.isNoun
}

// A wordSet is a list of words, one bit in wordInfo.sets.
type wordSet uint64

// nextWordSet is the bit of the next wordSet.
var nextWordSet wordSet = 1

// newWordSet returns a new set of words.
func newWordSet(words ...string) wordSet {
	s := nextWordSet
	if s == 0 {
		panic("analyze: more than 64 word sets")
	}
	nextWordSet <<= 1
	for _, w := range words {
		intern(w).sets |= uint64(s)
	}
	return s
}

// in reports whether the word of wi is in s; a nil wi is in no set.
func (s wordSet) in(wi *wordInfo) bool {
	return wi != nil && wi.sets&uint64(s) != 0
}
