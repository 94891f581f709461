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

// historyCacheTTL is how long a conversation stays cached after its last turn, so that
// messages and customer details deleted from the store (a privacy request) do not linger in memory.
const historyCacheTTL = 15 * time.Minute

// historyCache keeps recently active conversations in memory: their last HistoryWindow messages
// and, after a turn this engine committed, the conversation as that turn left it. With both, the
// next turn is computed without reading the store, and the write's version check proves that
// nothing changed in between (every message is stored together with an update of its
// conversation). With messages only, a turn reads just the conversation and the messages stored
// since. Stored messages never change and their IDs grow with commit order within a conversation
// (every message is written under the conversation's lock), so what is cached stays true.
type historyCache struct {
	mu      sync.Mutex
	size    int
	ttl     time.Duration
	now     func() time.Time
	byID    map[int64]*list.Element
	byKey   map[conversationKey]int64
	recency *list.List // of *historyEntry, most recently used first
}

// conversationKey finds a conversation by its channel's id for it.
type conversationKey struct{ channel, externalID string }

// historyEntry is one conversation's cached state.
type historyEntry struct {
	conversationID int64
	// conv is the conversation as the last committed turn left it, or nil when unknown;
	// messages are then exactly the last ones stored up to its Version.
	conv     *handoff.Conversation
	messages []*handoff.Message // oldest first
	used     time.Time
}

func newHistoryCache(size int, ttl time.Duration, now func() time.Time) *historyCache {
	return &historyCache{size: size, ttl: ttl, now: now, byID: make(map[int64]*list.Element),
		byKey: make(map[conversationKey]int64), recency: list.New()}
}

// entry returns a conversation's entry, marked as used, or nil.
func (h *historyCache) entry(conversationID int64) *historyEntry {
	h.expire()
	el, ok := h.byID[conversationID]
	if !ok {
		return nil
	}
	e := el.Value.(*historyEntry)
	e.used = h.now()
	h.recency.MoveToFront(el)
	return e
}

// get returns the cached messages of a conversation (nil when none); callers must not modify them.
func (h *historyCache) get(conversationID int64) []*handoff.Message {
	h.mu.Lock()
	defer h.mu.Unlock()
	if e := h.entry(conversationID); e != nil {
		return e.messages
	}
	return nil
}

// snapshot returns a copy of the conversation as this engine's last committed turn left it, found
// by id or else by channel and external id, with its last messages; nil when not cached or on
// another channel than a channel given.
// Callers may modify the conversation, not the messages.
func (h *historyCache) snapshot(channel string, id int64, externalID string) (*handoff.Conversation, []*handoff.Message) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if id == 0 {
		id = h.byKey[conversationKey{channel, externalID}]
	}
	e := h.entry(id)
	if e == nil || e.conv == nil || channel != "" && e.conv.Channel != channel {
		return nil, nil
	}
	return e.conv.Clone(), e.messages
}

// expire drops the entries not used within the TTL and, past the size, the least recently used.
func (h *historyCache) expire() {
	for el := h.recency.Back(); el != nil; el = h.recency.Back() {
		e := el.Value.(*historyEntry)
		if h.recency.Len() <= h.size && h.now().Sub(e.used) < h.ttl {
			return
		}
		h.remove(el)
	}
}

// remove drops one entry.
func (h *historyCache) remove(el *list.Element) {
	e := h.recency.Remove(el).(*historyEntry)
	delete(h.byID, e.conversationID)
	if e.conv != nil && h.byKey[conversationKey{e.conv.Channel, e.conv.ExternalID}] == e.conversationID {
		delete(h.byKey, conversationKey{e.conv.Channel, e.conv.ExternalID})
	}
}

// put caches msgs, read from the store, for a conversation unless a newer history is already
// cached. Newer messages than the cached conversation's make that conversation unknown.
func (h *historyCache) put(conversationID int64, msgs []*handoff.Message) {
	if len(msgs) == 0 {
		return
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	if e := h.entry(conversationID); e != nil {
		if lastID(e.messages) < lastID(msgs) {
			h.setConversation(e, nil)
			e.messages = msgs
		}
		return
	}
	h.add(&historyEntry{conversationID: conversationID, messages: msgs})
}

// keep caches the conversation as a committed turn left it, with the messages stored up to it,
// unless a later turn is already cached.
func (h *historyCache) keep(conv *handoff.Conversation, msgs []*handoff.Message) {
	h.mu.Lock()
	defer h.mu.Unlock()
	e := h.entry(conv.ID)
	if e == nil {
		e = &historyEntry{conversationID: conv.ID}
		h.add(e)
	} else if e.conv != nil && e.conv.Version >= conv.Version || e.conv == nil && lastID(e.messages) > lastID(msgs) {
		return
	}
	h.setConversation(e, conv.Clone())
	e.messages = msgs
}

// stale marks the cached conversation as unknown after a change whose history was not read; its
// messages stay, and the next turn reads the conversation and the messages stored since.
func (h *historyCache) stale(conversationID int64) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if el, ok := h.byID[conversationID]; ok {
		h.setConversation(el.Value.(*historyEntry), nil)
	}
}

// add inserts a new entry as the most recently used.
func (h *historyCache) add(e *historyEntry) {
	e.used = h.now()
	h.byID[e.conversationID] = h.recency.PushFront(e)
	h.expire()
}

// setConversation replaces an entry's conversation and its external-id index.
func (h *historyCache) setConversation(e *historyEntry, conv *handoff.Conversation) {
	if old := e.conv; old != nil && h.byKey[conversationKey{old.Channel, old.ExternalID}] == e.conversationID {
		delete(h.byKey, conversationKey{old.Channel, old.ExternalID})
	}
	if e.conv = conv; conv != nil && conv.ExternalID != "" {
		h.byKey[conversationKey{conv.Channel, conv.ExternalID}] = e.conversationID
	}
}

func lastID(msgs []*handoff.Message) int64 {
	if len(msgs) == 0 {
		return 0
	}
	return msgs[len(msgs)-1].ID
}

// window returns the last HistoryWindow messages of older followed by newer, in a new slice
// without spare capacity, so an append never writes into a cached history.
func window(older, newer []*handoff.Message) []*handoff.Message {
	keep := max(0, len(older)+len(newer)-HistoryWindow)
	msgs := make([]*handoff.Message, 0, HistoryWindow)
	if keep < len(older) {
		msgs = append(msgs, older[keep:]...)
	}
	return slices.Clip(append(msgs, newer[max(0, len(newer)-HistoryWindow):]...))
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
	msgs := window(cached, newer)
	if remember {
		e.historyCache.put(conversationID, msgs)
	}
	return msgs, nil
}
