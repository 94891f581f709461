package engine

import (
	"container/list"
	"context"
	"slices"
	"sync"
	"time"

	"github.com/handoffhq/handoff"
)

// historyCacheSize is how many conversations keep their recent messages in memory.
const historyCacheSize = 4096

// historyCacheTTL is how long a conversation's messages stay cached after its last turn, so that
// messages deleted from the store (a privacy request) do not linger in memory.
const historyCacheTTL = 15 * time.Minute

// historyCache keeps the last HistoryWindow messages of recently active conversations, so a
// turn reads from the store only the messages stored since the conversation's previous turn.
// Stored messages never change and their IDs grow with commit order within a conversation
// (every message is written under the conversation's lock), so what is cached stays true.
type historyCache struct {
	mu      sync.Mutex
	size    int
	ttl     time.Duration
	now     func() time.Time
	byID    map[int64]*list.Element
	recency *list.List // of *historyEntry, most recently used first
}

// historyEntry is one conversation's cached messages, oldest first.
type historyEntry struct {
	conversationID int64
	messages       []*handoff.Message
	used           time.Time
}

func newHistoryCache(size int, ttl time.Duration, now func() time.Time) *historyCache {
	return &historyCache{size: size, ttl: ttl, now: now, byID: make(map[int64]*list.Element), recency: list.New()}
}

// get returns the cached messages of a conversation (nil when none); callers must not modify them.
func (h *historyCache) get(conversationID int64) []*handoff.Message {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.expire()
	el, ok := h.byID[conversationID]
	if !ok {
		return nil
	}
	e := el.Value.(*historyEntry)
	e.used = h.now()
	h.recency.MoveToFront(el)
	return e.messages
}

// expire drops the entries not used within the TTL and, past the size, the least recently used.
func (h *historyCache) expire() {
	for el := h.recency.Back(); el != nil; el = h.recency.Back() {
		e := el.Value.(*historyEntry)
		if h.recency.Len() <= h.size && h.now().Sub(e.used) < h.ttl {
			return
		}
		h.recency.Remove(el)
		delete(h.byID, e.conversationID)
	}
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
		e.used = h.now()
		h.recency.MoveToFront(el)
		return
	}
	h.byID[conversationID] = h.recency.PushFront(&historyEntry{conversationID: conversationID, messages: msgs, used: h.now()})
	h.expire()
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
