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
				if err := tx.CreateMessage(ctx, m, nil); err != nil {
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

func TestHistoryCacheSnapshot(t *testing.T) {
	t.Parallel()
	conv := func(version int64) *handoff.Conversation {
		return &handoff.Conversation{ID: 1, Channel: "web", ExternalID: "c1", Version: version, Tags: []string{"vip"}}
	}
	for _, tt := range []struct {
		name        string
		do          func(h *historyCache)
		wantVersion int64 // 0: no snapshot
		wantIDs     []int64
	}{
		{"a kept turn is a snapshot", func(h *historyCache) { h.keep(conv(3), msgsWithIDs(1, 2)) }, 3, []int64{1, 2}},
		{"an older turn does not replace a newer one", func(h *historyCache) {
			h.keep(conv(4), msgsWithIDs(1, 2, 3))
			h.keep(conv(3), msgsWithIDs(1, 2))
		}, 4, []int64{1, 2, 3}},
		{"a newer turn replaces an older one", func(h *historyCache) {
			h.keep(conv(3), msgsWithIDs(1, 2))
			h.keep(conv(4), msgsWithIDs(1, 2, 3))
		}, 4, []int64{1, 2, 3}},
		{"messages read from the store alone are no snapshot", func(h *historyCache) { h.put(1, msgsWithIDs(1, 2)) }, 0, nil},
		{"newer messages read from the store end the snapshot", func(h *historyCache) {
			h.keep(conv(3), msgsWithIDs(1, 2))
			h.put(1, msgsWithIDs(1, 2, 5))
		}, 0, nil},
		{"the same messages read again keep the snapshot", func(h *historyCache) {
			h.keep(conv(3), msgsWithIDs(1, 2))
			h.put(1, msgsWithIDs(1, 2))
		}, 3, []int64{1, 2}},
		{"a stale conversation is no snapshot", func(h *historyCache) {
			h.keep(conv(3), msgsWithIDs(1, 2))
			h.stale(1)
		}, 0, nil},
		{"a turn after messages read from the store is a snapshot", func(h *historyCache) {
			h.put(1, msgsWithIDs(1, 2))
			h.keep(conv(2), msgsWithIDs(1, 2, 3))
		}, 2, []int64{1, 2, 3}},
		{"a turn older than messages read from the store is not", func(h *historyCache) {
			h.put(1, msgsWithIDs(1, 2, 3))
			h.keep(conv(2), msgsWithIDs(1, 2))
		}, 0, nil},
	} {
		t.Run(tt.name, func(t *testing.T) {
			h := newHistoryCache(4, time.Hour, time.Now)
			tt.do(h)
			for _, by := range []struct {
				id  int64
				ext string
			}{{1, ""}, {0, "c1"}} {
				c, msgs := h.snapshot("web", by.id, by.ext)
				switch {
				case tt.wantVersion == 0 && c != nil:
					t.Errorf("snapshot by %v: version %d, want none", by, c.Version)
				case tt.wantVersion != 0 && (c == nil || c.Version != tt.wantVersion || !slices.Equal(idsOf(msgs), tt.wantIDs)):
					t.Errorf("snapshot by %v: %+v %v, want version %d with %v", by, c, idsOf(msgs), tt.wantVersion, tt.wantIDs)
				}
			}
			if c, _ := h.snapshot("instagram", 0, "c1"); c != nil {
				t.Errorf("found on another channel: %+v", c)
			}
		})
	}
}

func TestHistoryCacheSnapshotIsACopy(t *testing.T) {
	t.Parallel()
	h := newHistoryCache(4, time.Hour, time.Now)
	kept := &handoff.Conversation{ID: 1, Channel: "web", ExternalID: "c1", Version: 1, Tags: []string{"vip"},
		RuleFiredAt: map[string]time.Time{"r": {}}, Customer: handoff.Customer{Metadata: map[string]string{"k": "v"}}}
	h.keep(kept, msgsWithIDs(1))
	kept.Tags[0], kept.State = "changed after commit", handoff.StateClosed
	c, _ := h.snapshot("web", 1, "")
	c.Tags[0], c.RuleFiredAt["x"], c.Customer.Metadata["k"] = "changed by a turn", time.Time{}, "w"
	again, _ := h.snapshot("web", 1, "")
	if again.Tags[0] != "vip" || again.State != "" || len(again.RuleFiredAt) != 1 || again.Customer.Metadata["k"] != "v" {
		t.Errorf("the cached conversation changed with a copy: %+v", again)
	}
}

func TestHistoryCacheExpiryForgetsExternalIDs(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 11, 25, 12, 0, 0, 0, time.UTC)
	h := newHistoryCache(1, 15*time.Minute, func() time.Time { return now })
	h.keep(&handoff.Conversation{ID: 1, Channel: "web", ExternalID: "c1", Version: 1}, msgsWithIDs(1))
	h.keep(&handoff.Conversation{ID: 2, Channel: "web", ExternalID: "c2", Version: 1}, msgsWithIDs(2))
	if c, _ := h.snapshot("web", 0, "c1"); c != nil || len(h.byKey) != 1 {
		t.Errorf("past the size: snapshot %+v, %d external ids indexed, want none and 1", c, len(h.byKey))
	}
	now = now.Add(time.Hour)
	if c, _ := h.snapshot("web", 0, "c2"); c != nil || len(h.byKey) != 0 {
		t.Errorf("past the TTL: snapshot %+v, %d external ids indexed, want none", c, len(h.byKey))
	}
}
