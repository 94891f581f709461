package vader

import "math/bits"

// wordTable maps lower-case words to their wordInfo. It is an
// open-addressing table with linear probing, keyed by a hash of the word's
// bytes, which looks up the short words of a text faster than a map.
type wordTable struct {
	slots   []slot // by hash position; idx 0 marks an empty slot
	entries []entry
	shift   uint // 64 minus log2 of len(slots)
	// bloom has bit h%bloomBits set for the hash h of every word, so that
	// most words not in the table are ruled out by a small array.
	bloom *[bloomBits / 64]uint64
}

// bloomBits is the size of wordTable.bloom in bits.
const bloomBits = 1 << 16

// slot is one position of a wordTable: the entry's hash tag and its index
// plus one in entries.
type slot struct {
	tag uint32
	idx uint32
}

// entry is one word of a wordTable with its info.
type entry struct {
	word string
	info wordInfo
}

// newWordTable returns a table holding m.
func newWordTable(m map[string]wordInfo) *wordTable {
	size := 1 << bits.Len(uint(2*len(m)))
	t := &wordTable{
		slots:   make([]slot, size),
		entries: make([]entry, 0, len(m)),
		shift:   uint(64 - bits.TrailingZeros(uint(size))),
		bloom:   new([bloomBits / 64]uint64),
	}
	for w, info := range m {
		t.entries = append(t.entries, entry{w, info})
		h := hashWord(w)
		t.bloom[h%bloomBits/64] |= 1 << (h % 64)
		for p := h >> t.shift; ; p = (p + 1) & uint64(size-1) {
			if t.slots[p].idx == 0 {
				t.slots[p] = slot{tag: uint32(h), idx: uint32(len(t.entries))}
				break
			}
		}
	}
	return t
}

// lookup returns the info of w and whether w is in the table.
func (t *wordTable) lookup(w string) (wordInfo, bool) {
	h := hashWord(w)
	if t.bloom[h%bloomBits/64]&(1<<(h%64)) == 0 {
		return wordInfo{}, false
	}
	mask := uint64(len(t.slots) - 1)
	for p := h >> t.shift; ; p = (p + 1) & mask {
		s := t.slots[p]
		if s.idx == 0 {
			return wordInfo{}, false
		}
		if s.tag == uint32(h) {
			if e := &t.entries[s.idx-1]; e.word == w {
				return e.info, true
			}
		}
	}
}

// hashWord hashes w eight bytes at a time, mixed so that both its high bits
// (the position) and its low bits (the tag) depend on every byte.
func hashWord(w string) uint64 {
	const m = 0x9e3779b97f4a7c15
	h := uint64(len(w)) * m
	for ; len(w) >= 8; w = w[8:] {
		x := uint64(w[0]) | uint64(w[1])<<8 | uint64(w[2])<<16 | uint64(w[3])<<24 |
			uint64(w[4])<<32 | uint64(w[5])<<40 | uint64(w[6])<<48 | uint64(w[7])<<56
		h = (h ^ x) * m
		h ^= h >> 32
	}
	var x uint64
	for i := 0; i < len(w); i++ {
		x |= uint64(w[i]) << (8 * i)
	}
	h = (h ^ x) * m
	h ^= h >> 29
	return h * m
}
