package analyze_test

import (
	"bufio"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/handoffhq/handoff"
	"github.com/handoffhq/handoff/internal/analyze"
)

// BenchmarkAnalyzeChatTexts analyses the 500 chat messages that bench/vader-js times the
// JavaScript VADER port on (internal/vader/testdata/bench_texts.txt), each as the newest
// customer message after a 10-turn history, computing every signal; compare its msgs/s with
// the port's sentiment-only msgs/s (bench/run prints both). The Analyzer is renewed after every
// pass over the texts so that no message is served from its memo.
func BenchmarkAnalyzeChatTexts(b *testing.B) {
	f, err := os.Open(filepath.Join("..", "vader", "testdata", "bench_texts.txt"))
	if err != nil {
		b.Fatal(err)
	}
	defer f.Close()
	var texts []string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if t := sc.Text(); t != "" && t[0] != '#' {
			texts = append(texts, sc.Text())
		}
	}
	conf := 0.8
	a := analyze.New(analyze.Config{Keywords: benchKeywords})
	history := make([]*handoff.Message, 0, 10)
	for i := 0; i < 10; i++ {
		m := &handoff.Message{Role: handoff.RoleCustomer, Text: texts[i]}
		if i%2 == 1 {
			m = &handoff.Message{Role: handoff.RoleAI, Text: "Thanks! Your order ships within 2 working days.", Confidence: &conf}
		}
		history = append(history, m)
	}
	n := 0
	start := time.Now()
	for b.Loop() {
		if n%len(texts) == 0 {
			a = analyze.New(analyze.Config{Keywords: benchKeywords}) // no text is ever analysed twice by one Analyzer
		}
		msg := &handoff.Message{Role: handoff.RoleCustomer, Text: texts[n%len(texts)]}
		_ = a.Analyze(history, msg)
		n++
	}
	b.ReportMetric(float64(n)/time.Since(start).Seconds(), "msgs/s")
}
