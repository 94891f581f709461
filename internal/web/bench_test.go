package web_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"sort"
	"testing"
	"time"

	"github.com/handoffhq/handoff"
	"github.com/handoffhq/handoff/internal/engine"
	"github.com/handoffhq/handoff/internal/live"
)

// BenchmarkTriggerToConsole measures how long a handoff takes to reach every connected console:
// 100 console WebSockets are open, a customer's angry message pauses a conversation, and the
// latency is from the start of ingest to each console reading the turn event that pauses the conversation.
// It reports the median, p99 and worst latency over all consoles and iterations.
func BenchmarkTriggerToConsole(b *testing.B) {
	const consoles = 100
	bd := setup(b)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	sara := bd.client(b).login("sara")
	cursor, err := live.LastEventID(ctx, bd.store)
	if err != nil {
		b.Fatal(err)
	}
	type arrival struct {
		conv int64
		at   time.Time
	}
	arrivals := make(chan arrival, consoles*8)
	for i := 0; i < consoles; i++ {
		conn, _, err := sara.dial(ctx, fmt.Sprintf("after=%d", cursor), bd.srv.URL)
		if err != nil {
			b.Fatal(err)
		}
		defer conn.CloseNow()
		go func() {
			for {
				_, data, err := conn.Read(ctx)
				if err != nil {
					return
				}
				// Only the turn that pauses matters; skip the rest without decoding it.
				if !bytes.Contains(data, []byte(`"type":"turn"`)) || !bytes.Contains(data, []byte(`"state":"paused"`)) {
					continue
				}
				at := time.Now()
				var f struct {
					ConversationID int64 `json:"conversation_id"`
				}
				if json.Unmarshal(data, &f) == nil {
					arrivals <- arrival{f.ConversationID, at}
				}
			}
		}()
	}
	ingest := func(conv, text string) int64 {
		res, err := bd.engine.Ingest(ctx, engine.IngestRequest{Channel: "web", Role: handoff.RoleCustomer, Text: text, ConversationExternalID: conv})
		if err != nil {
			b.Fatal(err)
		}
		return res.Conversation.ID
	}
	var lat, commit []time.Duration
	n := 0
	for b.Loop() {
		conv := fmt.Sprintf("bench-%d", n)
		n++
		ingest(conv, "Where is my order? It is late.")
		start := time.Now()
		id := ingest(conv, "This is absolutely horrible, the worst service ever. I am furious!!!")
		committed := time.Now()
		commit = append(commit, committed.Sub(start))
		for got := 0; got < consoles; {
			select {
			case a := <-arrivals:
				if a.conv == id {
					lat = append(lat, a.at.Sub(start))
					got++
				}
			case <-time.After(10 * time.Second):
				b.Fatalf("only %d of %d consoles saw the handoff", got, consoles)
			}
		}
	}
	sort.Slice(lat, func(i, j int) bool { return lat[i] < lat[j] })
	ms := func(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }
	b.ReportMetric(ms(lat[len(lat)/2]), "p50-ms")
	b.ReportMetric(ms(lat[len(lat)*99/100]), "p99-ms")
	b.ReportMetric(ms(lat[len(lat)-1]), "max-ms")
	b.ReportMetric(consoles, "consoles")
	sort.Slice(commit, func(i, j int) bool { return commit[i] < commit[j] })
	b.ReportMetric(ms(commit[len(commit)/2]), "ingest-p50-ms")
}
