package web

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"strconv"
	"sync"
	"time"

	"github.com/handoffhq/handoff"
	handoffhttp "github.com/handoffhq/handoff/internal/http"
	"github.com/handoffhq/handoff/internal/live"
	"github.com/handoffhq/handoff/internal/ws"
)

// typingEvery is the least time between two typing notices relayed for one connection.
const typingEvery = time.Second

// readAll reads a request body within the API's limit.
func readAll(r *http.Request) ([]byte, error) {
	b, err := io.ReadAll(r.Body)
	if err != nil {
		return nil, handoff.Errorf(handoff.ETOOLARGE, "request body is over the %d byte limit", handoffhttp.MaxBodyBytes)
	}
	return b, nil
}

// authedWS runs h for a logged-in agent; the WebSocket handshake itself refuses other origins.
func (c *Console) authedWS(h http.HandlerFunc) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		v := c.viewer(r)
		if v == nil {
			c.fail(w, r, handoff.Errorf(handoff.EUNAUTHORIZED, "log in first"))
			return
		}
		h(w, r.WithContext(contextWithViewer(r, v)))
	})
}

// encodeEvent renders one event for the console: the stored event's fields, plus "views", the
// transcript lines of a turn's messages. The stored data is already JSON and is copied as it is.
func encodeEvent(e *handoff.Event) ([]byte, bool) {
	b := make([]byte, 0, len(e.Data)+256)
	b = append(b, `{"id":`...)
	b = strconv.AppendInt(b, e.ID, 10)
	b = append(b, `,"conversation_id":`...)
	b = strconv.AppendInt(b, e.ConversationID, 10)
	b = append(b, `,"type":`...)
	b = strconv.AppendQuote(b, e.Type)
	b = append(b, `,"data":`...)
	if len(e.Data) == 0 {
		b = append(b, "null"...)
	} else {
		b = append(b, e.Data...)
	}
	b = append(b, `,"created_at":"`...)
	b = e.CreatedAt.UTC().AppendFormat(b, time.RFC3339Nano)
	b = append(b, '"')
	if e.Type == handoff.EventTurn {
		var turn handoff.TurnData
		if json.Unmarshal(e.Data, &turn) == nil {
			views := make([]any, len(turn.Messages))
			for i, m := range turn.Messages {
				views[i] = ViewMessage(m, "")
			}
			v, err := json.Marshal(views)
			if err == nil {
				b = append(append(b, `,"views":`...), v...)
			}
		}
	}
	return append(b, '}'), true
}

// encodeCacheSize is how many encoded events the console keeps for its other connections.
const encodeCacheSize = 1024

// encodeCache encodes each stored event once for all connected consoles: they all get the same
// events, so the second console on gets the bytes the first one made.
type encodeCache struct {
	mu   sync.Mutex
	byID map[int64][]byte
	ring []int64
	next int
}

func newEncodeCache() *encodeCache {
	return &encodeCache{byID: make(map[int64][]byte, encodeCacheSize), ring: make([]int64, encodeCacheSize)}
}

// encode returns the frame of e, from the cache when another console asked first.
func (ec *encodeCache) encode(e *handoff.Event) ([]byte, bool) {
	if e.ID == 0 {
		return encodeEvent(e)
	}
	ec.mu.Lock()
	b, ok := ec.byID[e.ID]
	ec.mu.Unlock()
	if ok {
		return b, true
	}
	b, ok = encodeEvent(e)
	if !ok {
		return nil, false
	}
	ec.mu.Lock()
	if _, dup := ec.byID[e.ID]; !dup {
		delete(ec.byID, ec.ring[ec.next])
		ec.ring[ec.next] = e.ID
		ec.next = (ec.next + 1) % len(ec.ring)
		ec.byID[e.ID] = b
	}
	ec.mu.Unlock()
	return b, true
}

// clientFrame is what the console sends up the socket.
type clientFrame struct {
	Type           string `json:"type"`
	ConversationID int64  `json:"conversation_id"`
	Active         *bool  `json:"active"`
}

// handleWS streams events to a console: ?after=<last event id> resumes, ?conversation=<id>
// limits the stream to one conversation. The console sends {"type":"typing","conversation_id":N}
// while the agent types; it is relayed to the customer only when the agent holds the conversation.
func (c *Console) handleWS(w http.ResponseWriter, r *http.Request) {
	after, err := ws.ParseAfter(r)
	if err != nil {
		c.fail(w, r, err)
		return
	}
	var only int64
	if s := r.URL.Query().Get("conversation"); s != "" {
		if only, err = strconv.ParseInt(s, 10, 64); err != nil || only <= 0 {
			c.fail(w, r, handoff.Errorf(handoff.EINVALID, "conversation must be a conversation id"))
			return
		}
	}
	sub, backlog, err := live.Resume(r.Context(), c.store, c.cfg.Hub, after, only)
	if err != nil {
		c.fail(w, r, err)
		return
	}
	conn, err := ws.Accept(w, r, ws.AcceptOptions())
	if err != nil {
		sub.Close()
		return
	}
	v := viewerFrom(r.Context())
	typing, stop := c.cfg.Relay.Subscribe(only)
	var mu sync.Mutex
	var lastTyping time.Time
	onFrame := func(ctx context.Context, data []byte) {
		var f clientFrame
		if json.Unmarshal(data, &f) != nil || f.Type != handoff.EventTyping || f.ConversationID <= 0 {
			return
		}
		active := f.Active == nil || *f.Active
		mu.Lock()
		if active && time.Since(lastTyping) < typingEvery {
			mu.Unlock()
			return
		}
		lastTyping = time.Now()
		mu.Unlock()
		cv, err := c.conversation(ctx, f.ConversationID)
		if err != nil || cv.State != handoff.StateHumanActive || cv.AssignedAgent != v.Agent.Name {
			return
		}
		c.cfg.Relay.Publish(ws.TypingEvent(cv.ID, "agent", v.Agent.DisplayName, active))
	}
	// The connection is hijacked: serve it from a goroutine of its own and let this handler return.
	go func() {
		defer stop()
		_ = ws.Serve(c.ctx, conn, sub, backlog, typing, ws.Options{Encode: c.encoded.encode, OnFrame: onFrame})
	}()
}
