package engine

import (
	"container/list"
	"context"
	"slices"
	"sync"

	"github.com/handoffhq/handoff"
)

// historyCacheSize is how many conversations keep their recent messages in memory.
const historyCacheSize = 4096

// historyCache keeps the last HistoryWindow messages of recently active conversations, so a
// turn reads from the store only the messages stored since the conversation's previous turn.
// Stored messages never change and their IDs grow with commit order within a conversation
// (every message is written under the conversation's lock), so what is cached stays true.
type historyCache struct {
	mu      sync.Mutex
	size    int
	byID    map[int64]*list.Element
	recency *list.List // of *historyEntry, most recently used first
}

// historyEntry is one conversation's cached messages, oldest first.
type historyEntry struct {
	conversationID int64
	messages       []*handoff.Message
}

func newHistoryCache(size int) *historyCache {
	return &historyCache{size: size, byID: make(map[int64]*list.Element), recency: list.New()}
}

// get returns the cached messages of a conversation (nil when none); callers must not modify them.
func (h *historyCache) get(conversationID int64) []*handoff.Message {
	h.mu.Lock()
	defer h.mu.Unlock()
	el, ok := h.byID[conversationID]
	if !ok {
		return nil
	}
	h.recency.MoveToFront(el)
	return el.Value.(*historyEntry).messages
}

// put caches msgs for a conversation unless a newer history is already cached.
func (h *historyCache) put(conversationID int64, msgs []*handoff.Message) {
	if len(msgs) == 0 {
		return
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	if el, ok := h.byID[conversationID]; ok {
		e := el.Value.(*historyEntry)
		if lastID(e.messages) < lastID(msgs) {
			e.messages = msgs
		}
		h.recency.MoveToFront(el)
		return
	}
	h.byID[conversationID] = h.recency.PushFront(&historyEntry{conversationID: conversationID, messages: msgs})
	for h.recency.Len() > h.size {
		oldest := h.recency.Back()
		h.recency.Remove(oldest)
		delete(h.byID, oldest.Value.(*historyEntry).conversationID)
	}
}

func lastID(msgs []*handoff.Message) int64 {
	if len(msgs) == 0 {
		return 0
	}
	return msgs[len(msgs)-1].ID
}

// history returns the conversation's last HistoryWindow messages, oldest first: the cached ones
// and those stored after them. Only reads of committed data (remember true, from a read
// transaction) update the cache; a write transaction may still roll back what it reads.
func (e *Engine) history(ctx context.Context, tx handoff.Tx, conversationID int64, remember bool) ([]*handoff.Message, error) {
	cached := e.historyCache.get(conversationID)
	newer, err := tx.RecentMessages(ctx, conversationID, lastID(cached), HistoryWindow)
	if err != nil {
		return nil, err
	}
	if len(newer) == 0 {
		return slices.Clip(cached), nil
	}
	keep := max(0, len(cached)+len(newer)-HistoryWindow)
	msgs := make([]*handoff.Message, 0, HistoryWindow)
	if keep < len(cached) {
		msgs = append(msgs, cached[keep:]...)
	}
	msgs = slices.Clip(append(msgs, newer[max(0, len(newer)-HistoryWindow):]...))
	if remember {
		e.historyCache.put(conversationID, msgs)
	}
	return msgs, nil
}
