package vader

import "math/bits"

// wordTable maps lower-case words to their wordInfo. It is an
// open-addressing table with linear probing, keyed by a hash of the word's
// bytes, which looks up the short words of a text faster than a map.
type wordTable struct {
	slots []slot // by hash position; idx 0 marks an empty slot
	keys  []string
	infos []wordInfo
	shift uint // 64 minus log2 of len(slots)
}

// slot is one position of a wordTable: the entry's hash tag and its index
// plus one in keys and infos.
type slot struct {
	tag uint32
	idx uint32
}

// newWordTable returns a table holding m.
func newWordTable(m map[string]wordInfo) *wordTable {
	size := 1 << bits.Len(uint(2*len(m)))
	t := &wordTable{
		slots: make([]slot, size),
		keys:  make([]string, 0, len(m)),
		infos: make([]wordInfo, 0, len(m)),
		shift: uint(64 - bits.TrailingZeros(uint(size))),
	}
	for w, info := range m {
		t.keys = append(t.keys, w)
		t.infos = append(t.infos, info)
		h := hashWord(w)
		for p := h >> t.shift; ; p = (p + 1) & uint64(size-1) {
			if t.slots[p].idx == 0 {
				t.slots[p] = slot{tag: uint32(h), idx: uint32(len(t.keys))}
				break
			}
		}
	}
	return t
}

// lookup returns the info of w and whether w is in the table.
func (t *wordTable) lookup(w string) (wordInfo, bool) {
	h := hashWord(w)
	mask := uint64(len(t.slots) - 1)
	for p := h >> t.shift; ; p = (p + 1) & mask {
		s := t.slots[p]
		if s.idx == 0 {
			return wordInfo{}, false
		}
		if s.tag == uint32(h) && t.keys[s.idx-1] == w {
			return t.infos[s.idx-1], true
		}
	}
}

// hashWord is FNV-1a over the bytes of w, mixed so that both its high bits
// (the position) and its low bits (the tag) depend on every byte.
func hashWord(w string) uint64 {
	h := uint64(14695981039346656037)
	for i := 0; i < len(w); i++ {
		h = (h ^ uint64(w[i])) * 1099511628211
	}
	h ^= h >> 29
	return h * 0x9e3779b97f4a7c15
}
