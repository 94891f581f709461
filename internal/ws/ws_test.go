package ws_test

import (
	"context"
	"encoding/json"
	"errors"
	"net"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/coder/websocket"

	"github.com/handoffhq/handoff"
	"github.com/handoffhq/handoff/internal/live"
	"github.com/handoffhq/handoff/internal/ws"
)

func ev(id, conv int64) *handoff.Event {
	return &handoff.Event{ID: id, ConversationID: conv, Type: handoff.EventTurn, Data: json.RawMessage(`{}`)}
}

func TestRelay(t *testing.T) {
	t.Parallel()
	r := ws.NewRelay()
	one, stopOne := r.Subscribe(1)
	all, stopAll := r.Subscribe(0)
	two, stopTwo := r.Subscribe(2)
	defer stopTwo()
	r.Publish(ws.TypingEvent(1, "agent", "Sara", true))
	r.Publish(ws.TypingEvent(2, "customer", "", false))
	tests := []struct {
		name string
		ch   <-chan *handoff.Event
		want []int64 // conversations, in order
	}{
		{"conversation 1", one, []int64{1}},
		{"every conversation", all, []int64{1, 2}},
		{"conversation 2", two, []int64{2}},
	}
	for _, tt := range tests {
		for _, want := range tt.want {
			select {
			case e := <-tt.ch:
				if e.ConversationID != want || e.ID != 0 || e.Type != handoff.EventTyping {
					t.Fatalf("%s: got %+v, want typing in %d", tt.name, e, want)
				}
			default:
				t.Fatalf("%s: nothing for conversation %d", tt.name, want)
			}
		}
		select {
		case e := <-tt.ch:
			t.Fatalf("%s: unexpected %+v", tt.name, e)
		default:
		}
	}
	var d ws.TypingData
	if err := json.Unmarshal(ws.TypingEvent(1, "agent", "Sara", true).Data, &d); err != nil || d != (ws.TypingData{Role: "agent", Name: "Sara", Active: true}) {
		t.Fatalf("typing data = %+v %v", d, err)
	}
	stopOne()
	stopOne() // twice is harmless
	if _, ok := <-one; ok {
		t.Fatal("a stopped subscription stays open")
	}
	for i := 0; i < 100; i++ { // a slow subscriber misses events instead of blocking Publish
		r.Publish(ws.TypingEvent(3, "agent", "Sara", true))
	}
	stopAll()
	if n := r.Subscribers(); n != 1 {
		t.Fatalf("%d subscribers left, want 1", n)
	}
}

// server streams hub events with a fixed backlog to each WebSocket client.
func server(t *testing.T, hub *live.Hub, backlog []*handoff.Event, ephemeral chan *handoff.Event, o ws.Options) *httptest.Server {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		after, err := ws.ParseAfter(r)
		if err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		sub := hub.Subscribe(after, nil)
		c, err := ws.Accept(w, r, ws.AcceptOptions())
		if err != nil {
			sub.Close()
			return
		}
		_ = ws.Serve(r.Context(), c, sub, backlog, ephemeral, o)
	}))
	t.Cleanup(srv.Close)
	return srv
}

func dial(t *testing.T, srv *httptest.Server, after string) *websocket.Conn {
	t.Helper()
	c, _, err := websocket.Dial(context.Background(), "ws"+strings.TrimPrefix(srv.URL, "http")+"/?after="+after, nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.CloseNow() })
	return c
}

type frame struct {
	ID   int64  `json:"id"`
	Type string `json:"type"`
}

func next(t *testing.T, c *websocket.Conn) frame {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	_, b, err := c.Read(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var f frame
	if err := json.Unmarshal(b, &f); err != nil {
		t.Fatal(err)
	}
	return f
}

// TestServeOnceInOrder: the backlog and live events overlap; each id arrives once, in order,
// with the ready frame between backlog and live, and ephemeral events pass through.
func TestServeOnceInOrder(t *testing.T) {
	t.Parallel()
	hub := live.NewHub(0)
	eph := make(chan *handoff.Event, 4)
	srv := server(t, hub, []*handoff.Event{ev(1, 7), ev(2, 7), ev(3, 7)}, eph, ws.Options{})
	c := dial(t, srv, "0")
	for _, want := range []frame{{1, "turn"}, {2, "turn"}, {3, "turn"}, {0, "ready"}} {
		if got := next(t, c); got != want {
			t.Fatalf("got %+v, want %+v", got, want)
		}
	}
	hub.Publish([]*handoff.Event{ev(2, 7), ev(3, 7), ev(4, 7)}) // 2 and 3 were in the backlog
	eph <- ws.TypingEvent(7, "customer", "", true)
	hub.Publish([]*handoff.Event{ev(5, 7)})
	// Stored events come once and in order; the typing event, sent as it comes, may fall anywhere.
	var stored []int64
	typing := 0
	for i := 0; i < 3; i++ {
		switch f := next(t, c); f.Type {
		case "typing":
			typing++
		default:
			stored = append(stored, f.ID)
		}
	}
	if typing != 1 || len(stored) != 2 || stored[0] != 4 || stored[1] != 5 {
		t.Fatalf("live: stored %v, typing %d; want [4 5] and one typing", stored, typing)
	}
}

func TestServeSkipsAndEncodes(t *testing.T) {
	t.Parallel()
	hub := live.NewHub(0)
	o := ws.Options{Encode: func(e *handoff.Event) ([]byte, bool) {
		if e.ID%2 == 0 {
			return nil, false
		}
		return []byte(`{"type":"odd","id":` + strconv.FormatInt(e.ID, 10) + `}`), true
	}}
	srv := server(t, hub, []*handoff.Event{ev(1, 1), ev(2, 1), ev(3, 1)}, nil, o)
	c := dial(t, srv, "0")
	for _, want := range []frame{{1, "odd"}, {3, "odd"}, {0, "ready"}} {
		if got := next(t, c); got != want {
			t.Fatalf("got %+v, want %+v", got, want)
		}
	}
}

// TestServeLagged: a client that falls behind is told to reconnect with status 4000.
func TestServeLagged(t *testing.T) {
	t.Parallel()
	hub := live.NewHub(1)
	srv := server(t, hub, nil, nil, ws.Options{})
	c := dial(t, srv, "0")
	if f := next(t, c); f.Type != "ready" {
		t.Fatalf("first frame %+v", f)
	}
	// The subscription was made before the handshake, so the hub has it now.
	hub.Publish([]*handoff.Event{ev(1, 1), ev(2, 1), ev(3, 1), ev(4, 1)})
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	for {
		_, _, err := c.Read(ctx)
		if err == nil {
			continue
		}
		var ce websocket.CloseError
		if !errors.As(err, &ce) || ce.Code != ws.StatusResync {
			t.Fatalf("close = %v, want status %d", err, ws.StatusResync)
		}
		return
	}
}

// TestAcceptKeepsEarlyFrames: a frame the client sends right behind its handshake, which the
// HTTP server may already have buffered, still reaches the handler.
func TestAcceptKeepsEarlyFrames(t *testing.T) {
	t.Parallel()
	got := make(chan string, 1)
	hub := live.NewHub(0)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		sub := hub.Subscribe(0, nil)
		c, err := ws.Accept(w, r, ws.AcceptOptions())
		if err != nil {
			sub.Close()
			return
		}
		_ = ws.Serve(r.Context(), c, sub, nil, nil, ws.Options{OnFrame: func(_ context.Context, b []byte) { got <- string(b) }})
	}))
	defer srv.Close()
	conn, err := net.Dial("tcp", strings.TrimPrefix(srv.URL, "http://"))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	payload := []byte(`{"type":"typing"}`)
	mask := [4]byte{1, 2, 3, 4}
	frame := []byte{0x81, 0x80 | byte(len(payload)), mask[0], mask[1], mask[2], mask[3]}
	for i, c := range payload {
		frame = append(frame, c^mask[i%4])
	}
	req := "GET / HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n"
	if _, err := conn.Write(append([]byte(req), frame...)); err != nil {
		t.Fatal(err)
	}
	select {
	case s := <-got:
		if s != string(payload) {
			t.Fatalf("handler got %q", s)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("the frame sent with the handshake was lost")
	}
}

func TestParseAfter(t *testing.T) {
	t.Parallel()
	tests := []struct {
		query string
		want  int64
		ok    bool
	}{{"", 0, true}, {"after=42", 42, true}, {"after=-1", 0, false}, {"after=x", 0, false}}
	for _, tt := range tests {
		r := httptest.NewRequest("GET", "/?"+tt.query, nil)
		got, err := ws.ParseAfter(r)
		if got != tt.want || (err == nil) != tt.ok {
			t.Errorf("ParseAfter(%q) = %d, %v", tt.query, got, err)
		}
	}
}
