package analyze

// SetMemo sets the bounds of the memo of a, per generation; 0 entries
// turns it off.
func SetMemo(a *Analyzer, entries, bytes int) {
	a.memo.mu.Lock()
	defer a.memo.mu.Unlock()
	a.memo.entries, a.memo.bytes = entries, bytes
	a.memo.cur, a.memo.old = generation{}, generation{}
}

// MemoLen returns how many texts the memo of a holds.
func MemoLen(a *Analyzer) int {
	a.memo.mu.Lock()
	defer a.memo.mu.Unlock()
	return len(a.memo.cur.index) + len(a.memo.old.index)
}
