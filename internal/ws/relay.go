package ws

import (
	"encoding/json"
	"sync"
	"time"

	"github.com/handoffhq/handoff"
)

// relayBuffer is how many ephemeral events a subscriber may fall behind; later ones are dropped.
const relayBuffer = 16

// Relay fans out ephemeral events (typing indicators) that are never stored. Publish never
// blocks: a subscriber with a full buffer misses the event. It is safe for concurrent use.
type Relay struct {
	mu     sync.Mutex
	byConv map[int64]map[*relaySub]struct{}
	all    map[*relaySub]struct{}
}

type relaySub struct {
	ch   chan *handoff.Event
	conv int64
}

// NewRelay returns an empty Relay.
func NewRelay() *Relay {
	return &Relay{byConv: map[int64]map[*relaySub]struct{}{}, all: map[*relaySub]struct{}{}}
}

// Subscribe returns a channel of the ephemeral events of one conversation (0: every
// conversation) and a function that ends the subscription and closes the channel.
func (r *Relay) Subscribe(conversationID int64) (<-chan *handoff.Event, func()) {
	s := &relaySub{ch: make(chan *handoff.Event, relayBuffer), conv: conversationID}
	r.mu.Lock()
	if conversationID == 0 {
		r.all[s] = struct{}{}
	} else {
		m := r.byConv[conversationID]
		if m == nil {
			m = map[*relaySub]struct{}{}
			r.byConv[conversationID] = m
		}
		m[s] = struct{}{}
	}
	r.mu.Unlock()
	var once sync.Once
	return s.ch, func() {
		once.Do(func() {
			r.mu.Lock()
			defer r.mu.Unlock()
			if s.conv == 0 {
				delete(r.all, s)
			} else if m := r.byConv[s.conv]; m != nil {
				delete(m, s)
				if len(m) == 0 {
					delete(r.byConv, s.conv)
				}
			}
			close(s.ch)
		})
	}
}

// Publish delivers e to the subscribers of its conversation and to those of every conversation.
func (r *Relay) Publish(e *handoff.Event) {
	r.mu.Lock()
	defer r.mu.Unlock()
	send := func(s *relaySub) {
		select {
		case s.ch <- e:
		default:
		}
	}
	for s := range r.byConv[e.ConversationID] {
		send(s)
	}
	for s := range r.all {
		send(s)
	}
}

// Subscribers returns how many subscriptions are open.
func (r *Relay) Subscribers() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	n := len(r.all)
	for _, m := range r.byConv {
		n += len(m)
	}
	return n
}

// TypingData is the payload of a typing event.
type TypingData struct {
	Role   string `json:"role"`           // customer, agent or ai
	Name   string `json:"name,omitempty"` // the agent's display name
	Active bool   `json:"active"`         // false when they stopped (sent, or left)
}

// TypingEvent builds the ephemeral event that says who is typing in a conversation.
func TypingEvent(conversationID int64, role, name string, active bool) *handoff.Event {
	data, _ := json.Marshal(TypingData{Role: role, Name: name, Active: active})
	return &handoff.Event{ConversationID: conversationID, Type: handoff.EventTyping, Data: data, CreatedAt: time.Now().UTC()}
}
