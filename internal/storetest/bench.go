package storetest

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/handoffhq/handoff"
)

// benchConversations is how many conversations the ingest benchmarks spread messages over.
const benchConversations = 100

// Bench measures a store under an ingest-like load. newStore must return a fresh, empty,
// migrated store for each call and close it with b.Cleanup. Sub-benchmarks:
//   - ingest: one write transaction per customer message (conversation lookup, message insert,
//     evaluation insert, conversation update, event append), reporting msgs/s and p99 latency;
//   - ingest-parallel: the same from GOMAXPROCS goroutines at once;
//   - list-messages-50: ListMessages of a 50-message conversation in a read transaction.
func Bench(b *testing.B, newStore func(b *testing.B) handoff.Store) {
	b.Run("ingest", func(b *testing.B) {
		s := newStore(b)
		seedConversations(b, s)
		var lat []time.Duration
		n := 0
		start := time.Now()
		for b.Loop() {
			t0 := time.Now()
			if err := ingest(s, n); err != nil {
				b.Fatal(err)
			}
			lat = append(lat, time.Since(t0))
			n++
		}
		reportIngest(b, n, time.Since(start), lat)
	})

	b.Run("ingest-parallel", func(b *testing.B) {
		s := newStore(b)
		seedConversations(b, s)
		var (
			next atomic.Int64
			mu   sync.Mutex
			lat  []time.Duration
		)
		b.ResetTimer()
		start := time.Now()
		b.RunParallel(func(pb *testing.PB) {
			var mine []time.Duration
			for pb.Next() {
				t0 := time.Now()
				if err := ingest(s, int(next.Add(1))); err != nil {
					b.Error(err)
					return
				}
				mine = append(mine, time.Since(t0))
			}
			mu.Lock()
			lat = append(lat, mine...)
			mu.Unlock()
		})
		reportIngest(b, len(lat), time.Since(start), lat)
	})

	b.Run("list-messages-50", func(b *testing.B) {
		s := newStore(b)
		c := conversation(handoff.ChannelWeb, "bench")
		write(b, s, func(ctx context.Context, tx handoff.Tx) error {
			if err := tx.CreateConversation(ctx, c); err != nil {
				return err
			}
			for i := range 50 {
				m := message(c.ID, fmt.Sprintf("m%d", i), i)
				if i%2 == 1 {
					m.Role, m.Signals, m.Confidence = handoff.RoleAI, nil, ptr(0.8)
				}
				if err := tx.CreateMessage(ctx, m, nil); err != nil {
					return err
				}
			}
			return nil
		})
		ctx := context.Background()
		n := 0
		start := time.Now()
		for b.Loop() {
			err := s.View(ctx, func(tx handoff.Tx) error {
				msgs, err := tx.ListMessages(ctx, c.ID)
				if err == nil && len(msgs) != 50 {
					err = fmt.Errorf("got %d messages, want 50", len(msgs))
				}
				return err
			})
			if err != nil {
				b.Fatal(err)
			}
			n++
		}
		b.ReportMetric(float64(50*n)/time.Since(start).Seconds(), "msgs/s")
	})
}

// seedConversations creates the conversations ingest writes to.
func seedConversations(b *testing.B, s handoff.Store) {
	b.Helper()
	write(b, s, func(ctx context.Context, tx handoff.Tx) error {
		for i := range benchConversations {
			if err := tx.CreateConversation(ctx, conversation(handoff.ChannelWeb, fmt.Sprintf("bench-%d", i))); err != nil {
				return err
			}
		}
		return nil
	})
}

// ingest stores customer message n the way the ingest path does, in one write transaction.
func ingest(s handoff.Store, n int) error {
	ctx := context.Background()
	now := time.Now()
	return s.Write(ctx, func(tx handoff.Tx) error {
		c, err := tx.ConversationByExternalID(ctx, handoff.ChannelWeb, fmt.Sprintf("bench-%d", n%benchConversations))
		if err != nil {
			return err
		}
		m := message(c.ID, fmt.Sprintf("mid-%d", n), c.MessageCount+1)
		m.CreatedAt = now
		if err := tx.CreateMessage(ctx, m, fullEvaluation(c.ID, 0)); err != nil {
			return err
		}
		c.MessageCount++
		c.TurnCount++
		c.EscalationScore = m.Signals.EscalationScore
		c.LastMessageAt = &now
		c.UpdatedAt = now
		if err := tx.UpdateConversation(ctx, c); err != nil {
			return err
		}
		data, err := json.Marshal(handoff.TurnData{Messages: []*handoff.Message{m}, Conversation: c})
		if err != nil {
			return err
		}
		return tx.AppendEvent(ctx, &handoff.Event{ConversationID: c.ID, Type: handoff.EventTurn, Data: data, CreatedAt: now})
	})
}

// reportIngest reports throughput and the 99th percentile latency of n transactions.
func reportIngest(b *testing.B, n int, elapsed time.Duration, lat []time.Duration) {
	if n == 0 || elapsed <= 0 {
		return
	}
	b.ReportMetric(float64(n)/elapsed.Seconds(), "msgs/s")
	slices.Sort(lat)
	p99 := lat[min(len(lat)-1, len(lat)*99/100)]
	b.ReportMetric(float64(p99.Microseconds())/1000, "p99-ms")
}
