package analyze

import (
	"sync"
	"unsafe"
)

// Bounds of an Analyzer's memo, per generation: it holds up to twice as
// many texts, and about twice as many bytes.
const (
	// memoEntries is enough for the recent messages of about 300
	// conversations that each add a customer message and an AI reply
	// between two turns of any one of them.
	memoEntries = 4096
	// memoBytes bounds the memory of one generation: texts, keys and hashes.
	memoBytes = 8 << 20
)

// memo keeps what Analyze derives from a text alone (its repetition
// features, VADER compound and hedging) for the texts it saw last, so that
// the history of a conversation is not analysed again on every message.
// Every value is a pure function of its text: the memo only saves work and
// never changes a result.
//
// It is a two-generation cache: texts go into cur; when cur is full it
// becomes old and a new cur starts; a text found in old moves back to cur.
// What was not used for a whole generation is dropped with old.
type memo struct {
	mu       sync.Mutex
	cur, old map[string]*textInfo // entries are never modified, only replaced
	curBytes int
	entries  int // per generation
	bytes    int // per generation
}

// textInfo is what is known about one text; have says which fields are set.
type textInfo struct {
	have      uint8
	features  features
	sentiment float64 // vader.Compound
	hedging   float64 // Hedging
}

// The fields of textInfo.
const (
	haveFeatures uint8 = 1 << iota
	haveSentiment
	haveHedging
)

// lookup fills in every lookup from the memo, under one lock.
func (m *memo) lookup(ls []lookup) {
	if m.entries <= 0 {
		return
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	for i := range ls {
		l := &ls[i]
		if v := m.cur[l.text]; v != nil {
			l.info = *v
			continue
		}
		if v := m.old[l.text]; v != nil {
			l.info = *v
			m.put(l.text, v)
		}
	}
}

// store adds what the lookups computed, under one lock.
func (m *memo) store(ls []lookup) {
	if m.entries <= 0 {
		return
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	for i := range ls {
		l := &ls[i]
		if l.computed == 0 {
			continue
		}
		v := new(textInfo)
		prev := m.cur[l.text] // there may be more since lookup
		if prev != nil {
			*v = *prev
		}
		v.merge(&l.info)
		m.set(l.text, v, prev)
	}
}

// put sets the entry for text in cur.
func (m *memo) put(text string, v *textInfo) {
	m.set(text, v, m.cur[text])
}

// set sets the entry for text in cur, which is prev, starting a new
// generation first when cur is full.
func (m *memo) set(text string, v, prev *textInfo) {
	switch {
	case prev != nil:
		m.curBytes -= prev.size(text)
	case m.cur == nil || len(m.cur) >= m.entries || m.curBytes >= m.bytes:
		m.old, m.cur, m.curBytes = m.cur, make(map[string]*textInfo, len(m.cur)), 0
	}
	m.curBytes += v.size(text)
	m.cur[text] = v
}

// merge adds the fields of o that v lacks.
func (v *textInfo) merge(o *textInfo) {
	if o.have&haveFeatures != 0 && v.have&haveFeatures == 0 {
		v.features = o.features
	}
	if o.have&haveSentiment != 0 && v.have&haveSentiment == 0 {
		v.sentiment = o.sentiment
	}
	if o.have&haveHedging != 0 && v.have&haveHedging == 0 {
		v.hedging = o.hedging
	}
	v.have |= o.have
}

// size is about how many bytes the entry for text holds on to.
func (v *textInfo) size(text string) int {
	n := len(text) + int(unsafe.Sizeof(*v))
	if v.have&haveFeatures != 0 {
		f := &v.features
		n += len(f.key) + 4*(cap(f.stems.data)+cap(f.trigrams.data)+cap(f.stems.masks)+cap(f.trigrams.masks))
		n += len(f.clauses) * int(unsafe.Sizeof(clause{}))
	}
	return n
}

// lookup is one text Analyze needs something about: what it needs, what it
// got from the memo and what it computed.
type lookup struct {
	text     string
	need     uint8
	info     textInfo
	computed uint8
}
