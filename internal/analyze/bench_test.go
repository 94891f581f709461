package analyze_test

import (
	"fmt"
	"path/filepath"
	"testing"

	"github.com/handoffhq/handoff"
	"github.com/handoffhq/handoff/internal/analyze"
)

// benchHistory is the number of earlier messages, customer and AI
// alternating, that every benchmarked message is analysed against.
const benchHistory = 10

// benchPool is how many distinct customer messages and AI replies the
// benchmarks draw from; a text comes back only benchPool turns later.
const benchPool = 1 << 15

var benchKeywords = []string{"refund", "charge back", "lawyer"}

// benchMessages returns n distinct customer messages, each two rows of the
// labelled tone set, and n distinct AI replies, each naming its own order.
func benchMessages(tb testing.TB, n int) (customers, ais []*handoff.Message) {
	tb.Helper()
	rows := readCSV(tb, filepath.Join("testdata", "tone.csv"))
	if n > len(rows)*(len(rows)-1) {
		tb.Fatalf("only %d distinct pairs of rows", len(rows)*(len(rows)-1))
	}
	replies := []string{
		"I'm sorry to hear that. Let me check the status of order %d for you.",
		"The courier shows order %d as in transit. It should arrive within 2 working days.",
		"I'm not sure why order %d is delayed. I don't have access to the courier's depot records.",
		"You may want to contact our delivery team about order %d, they can arrange a new slot.",
		"I understand your frustration. I have raised ticket %d for you.",
		"Thanks for waiting! Refund %d has been approved and should reach your card in 3-5 days.",
		"I can't change the address on order %d, but I can pass this to a colleague.",
		"Could you confirm the email address on booking %d?",
	}
	confs := []float64{0.9, 0.8, 0.5, 0.4, 0.6, 0.95, 0.3, 0.7}
	for k := range n {
		a := k % len(rows)
		b := (a + 1 + k/len(rows)) % len(rows)
		customers = append(customers, &handoff.Message{Role: handoff.RoleCustomer, Text: rows[a][0] + " " + rows[b][0]})
		ais = append(ais, &handoff.Message{Role: handoff.RoleAI, Text: fmt.Sprintf(replies[k%len(replies)], 5512030+k),
			Confidence: &confs[k%len(confs)]})
	}
	return customers, ais
}

// BenchmarkAnalyze runs a stream of customer messages through one Analyzer,
// as a server does: benchConversations conversations take turns, every turn
// analyses a new customer message against the last benchHistory messages of
// its conversation and then adds it and a new AI reply to that history. Every
// analysed message is new; every AI reply enters the history new.
func BenchmarkAnalyze(b *testing.B) {
	const benchConversations = 256
	customers, ais := benchMessages(b, benchPool)
	a := analyze.New(analyze.Config{Keywords: benchKeywords})
	convs := make([][benchHistory]*handoff.Message, benchConversations)
	next := 0
	turn := func(c *[benchHistory]*handoff.Message, analyse bool) {
		msg, reply := customers[next%benchPool], ais[next%benchPool]
		next++
		if analyse {
			a.Analyze(c[:], msg)
		}
		copy(c[:], c[2:])
		c[benchHistory-2], c[benchHistory-1] = msg, reply
	}
	// Fill every history, as if the conversations had been going on.
	for range benchHistory / 2 {
		for i := range convs {
			turn(&convs[i], true)
		}
	}
	b.ReportAllocs()
	n := 0
	for b.Loop() {
		turn(&convs[n%benchConversations], true)
		n++
	}
	b.ReportMetric(float64(n)/b.Elapsed().Seconds(), "msgs/s")
}

// BenchmarkAnalyzeCold analyses one new message against a history of new
// messages with a fresh Analyzer every time, so nothing earlier helps.
func BenchmarkAnalyzeCold(b *testing.B) {
	customers, ais := benchMessages(b, benchPool)
	histories := make([][]*handoff.Message, benchPool/(benchHistory/2+1))
	for i := range histories {
		h := make([]*handoff.Message, 0, benchHistory+1)
		for j := range benchHistory/2 + 1 {
			k := i*(benchHistory/2+1) + j
			h = append(h, customers[k], ais[k])
		}
		histories[i] = h[:benchHistory+1] // the last customer message is analysed
	}
	b.ReportAllocs()
	n := 0
	for b.Loop() {
		h := histories[n%len(histories)]
		analyze.New(analyze.Config{Keywords: benchKeywords}).Analyze(h[:benchHistory], h[benchHistory])
		n++
	}
	b.ReportMetric(float64(n)/b.Elapsed().Seconds(), "msgs/s")
}
