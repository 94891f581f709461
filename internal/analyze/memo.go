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
// What was not used for a whole generation is dropped with old. Entries are
// values in an array per generation, copied in and out under the lock, so
// the memo allocates nothing per text but the map's own growth.
type memo struct {
	mu       sync.Mutex
	cur, old generation
	entries  int // per generation
	bytes    int // per generation
}

// generation is one generation of a memo.
type generation struct {
	index map[string]int32 // where each text's entry is in infos
	infos []textInfo
	bytes int
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
		if k, ok := m.cur.index[l.text]; ok {
			l.info = m.cur.infos[k]
			continue
		}
		if k, ok := m.old.index[l.text]; ok {
			l.info = m.old.infos[k]
			m.add(l.text, &l.info)
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
		if k, ok := m.cur.index[l.text]; ok {
			// There may be more since lookup.
			v := &m.cur.infos[k]
			m.cur.bytes -= v.size(l.text)
			v.merge(&l.info)
			m.cur.bytes += v.size(l.text)
			continue
		}
		m.add(l.text, &l.info)
	}
}

// add adds an entry for text, which is not in cur, starting a new
// generation first when cur is full.
func (m *memo) add(text string, v *textInfo) {
	if m.cur.index == nil || len(m.cur.infos) >= m.entries || m.cur.bytes >= m.bytes {
		// The array of the generation dropped serves the new one.
		clear(m.old.infos)
		infos := m.old.infos[:0]
		m.old = m.cur
		m.cur = generation{index: make(map[string]int32, len(m.old.infos)), infos: infos}
	}
	m.cur.index[text] = int32(len(m.cur.infos))
	m.cur.infos = append(m.cur.infos, *v)
	m.cur.bytes += v.size(text)
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
