package analyze_test

import (
	"fmt"
	"testing"

	"github.com/handoffhq/handoff"
	"github.com/handoffhq/handoff/internal/analyze"
)

// TestMemoBounded checks that the memo of an Analyzer holds at most two
// generations of texts however long it runs.
func TestMemoBounded(t *testing.T) {
	t.Parallel()
	a := analyze.New(analyze.Config{})
	analyze.SetMemo(a, 50, 1<<20)
	var history []*handoff.Message
	for i := range 1000 {
		msg := customer(fmt.Sprintf("where is my order %d? it was due on day %d", 1000+i, i%28))
		checkSignals(t, a.Analyze(history, msg))
		history = append(history, msg, ai(fmt.Sprintf("Let me check order %d for you.", 1000+i), ptr(0.8)))
		if n := analyze.MemoLen(a); n > 2*50 {
			t.Fatalf("after %d messages the memo holds %d texts, want at most %d", i+1, n, 2*50)
		}
	}
}
