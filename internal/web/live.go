package web

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"strconv"
	"sync"
	"time"

	"github.com/coder/websocket"

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

// liveEvent is what a console receives: the stored event, plus the transcript line for messages.
type liveEvent struct {
	*handoff.Event
	View *MessageView `json:"view,omitempty"`
}

// encodeEvent renders one event for the console.
func encodeEvent(e *handoff.Event) ([]byte, bool) {
	out := liveEvent{Event: e}
	if e.Type == handoff.EventMessage {
		var m handoff.Message
		if json.Unmarshal(e.Data, &m) == nil {
			v := ViewMessage(&m, "")
			out.View = &v
		}
	}
	b, err := json.Marshal(out)
	return b, err == nil
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
	conn, err := websocket.Accept(w, r, ws.AcceptOptions())
	if err != nil {
		sub.Close()
		return
	}
	v := viewerFrom(r.Context())
	typing, stop := c.cfg.Relay.Subscribe(only)
	defer stop()
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
	_ = ws.Serve(c.ctx, conn, sub, backlog, typing, ws.Options{Encode: encodeEvent, OnFrame: onFrame})
}
