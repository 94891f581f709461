package engine

import (
	"context"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/handoffhq/handoff"
	"github.com/handoffhq/handoff/internal/analyze"
	"github.com/handoffhq/handoff/internal/sqlite"
)

func msgsWithIDs(ids ...int64) []*handoff.Message {
	out := make([]*handoff.Message, len(ids))
	for i, id := range ids {
		out[i] = &handoff.Message{ID: id}
	}
	return out
}

func idsOf(msgs []*handoff.Message) []int64 {
	out := make([]int64, len(msgs))
	for i, m := range msgs {
		out[i] = m.ID
	}
	return out
}

func TestHistoryCache(t *testing.T) {
	t.Parallel()
	type put struct {
		conv int64
		ids  []int64
	}
	for _, tt := range []struct {
		name string
		size int
		puts []put
		want map[int64][]int64 // conversation → cached ids; nil means not cached
	}{
		{"newest history wins", 4, []put{{1, []int64{1, 2}}, {1, []int64{1, 2, 3}}, {1, []int64{1, 2}}}, map[int64][]int64{1: {1, 2, 3}}},
		{"empty history is not cached", 4, []put{{1, nil}}, map[int64][]int64{1: nil}},
		{"least recently used goes first", 2, []put{{1, []int64{1}}, {2, []int64{2}}, {1, []int64{1, 3}}, {3, []int64{4}}},
			map[int64][]int64{1: {1, 3}, 2: nil, 3: {4}}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			h := newHistoryCache(tt.size, time.Hour, time.Now)
			for _, p := range tt.puts {
				h.put(p.conv, msgsWithIDs(p.ids...))
			}
			for conv, want := range tt.want {
				got := h.get(conv)
				if want == nil && got != nil {
					t.Errorf("conversation %d: cached %v, want nothing", conv, idsOf(got))
				} else if !slices.Equal(idsOf(got), want) {
					t.Errorf("conversation %d: cached %v, want %v", conv, idsOf(got), want)
				}
			}
		})
	}
}

func TestHistoryCacheExpires(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 11, 25, 12, 0, 0, 0, time.UTC)
	h := newHistoryCache(10, 15*time.Minute, func() time.Time { return now })
	h.put(1, msgsWithIDs(1, 2))
	h.put(2, msgsWithIDs(3))
	now = now.Add(10 * time.Minute)
	if got := idsOf(h.get(1)); !slices.Equal(got, []int64{1, 2}) {
		t.Fatalf("after 10 minutes: cached %v, want [1 2]", got)
	}
	now = now.Add(10 * time.Minute)
	if got := h.get(2); got != nil {
		t.Errorf("20 minutes after its last turn: cached %v, want nothing", idsOf(got))
	}
	if got := idsOf(h.get(1)); !slices.Equal(got, []int64{1, 2}) {
		t.Errorf("10 minutes after its last use: cached %v, want [1 2]", got)
	}
	now = now.Add(time.Hour)
	if got := h.get(1); got != nil || h.recency.Len() != 0 || len(h.byID) != 0 {
		t.Errorf("an hour later: cached %v, %d entries left, want none", idsOf(got), h.recency.Len())
	}
}

// TestHistoryMatchesTheStore checks that the cached history with what was stored after it is
// always what the store returns for the last HistoryWindow messages.
func TestHistoryMatchesTheStore(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db, err := sqlite.Open(ctx, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	e := New(Config{Store: db, Analyzer: analyze.New(analyze.Config{})})
	conv := &handoff.Conversation{Channel: handoff.ChannelWeb, State: handoff.StateAIActive, ExternalID: "c"}
	if err := db.Write(ctx, func(tx handoff.Tx) error { return tx.CreateConversation(ctx, conv) }); err != nil {
		t.Fatal(err)
	}
	n := 0
	// batches of new messages between two turns, crossing the window more than once
	for _, batch := range []int{1, 1, 5, 0, HistoryWindow - 3, 2, HistoryWindow + 7, 1} {
		if err := db.Write(ctx, func(tx handoff.Tx) error {
			for range batch {
				n++
				m := &handoff.Message{ConversationID: conv.ID, Role: handoff.RoleCustomer, Text: fmt.Sprintf("message %d", n), CreatedAt: time.Now()}
				if err := tx.CreateMessage(ctx, m); err != nil {
					return err
				}
			}
			return nil
		}); err != nil {
			t.Fatal(err)
		}
		if err := db.View(ctx, func(tx handoff.Tx) error {
			got, err := e.history(ctx, tx, conv.ID, true)
			if err != nil {
				return err
			}
			want, err := tx.RecentMessages(ctx, conv.ID, 0, HistoryWindow)
			if err != nil {
				return err
			}
			if !slices.Equal(idsOf(got), idsOf(want)) {
				t.Errorf("after %d messages: history %v, want %v", n, idsOf(got), idsOf(want))
			}
			if cap(got) != len(got) {
				t.Errorf("after %d messages: history has spare capacity %d, so an append would write into the cache", n, cap(got)-len(got))
			}
			return nil
		}); err != nil {
			t.Fatal(err)
		}
	}
}
