package widget_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/coder/websocket"

	"github.com/handoffhq/handoff"
	"github.com/handoffhq/handoff/internal/analyze"
	"github.com/handoffhq/handoff/internal/engine"
	handoffhttp "github.com/handoffhq/handoff/internal/http"
	"github.com/handoffhq/handoff/internal/kb"
	"github.com/handoffhq/handoff/internal/live"
	"github.com/handoffhq/handoff/internal/sqlite"
	"github.com/handoffhq/handoff/internal/state"
	"github.com/handoffhq/handoff/internal/widget"
	"github.com/handoffhq/handoff/internal/ws"
)

// bundle is one widget on a fresh database.
type bundle struct {
	store  handoff.Store
	engine *engine.Engine
	relay  *ws.Relay
	srv    *httptest.Server
	now    *atomic.Int64 // the engine clock, unix nanoseconds
}

// setup starts the widget with the shipped rules and the built-in FAQ responder.
func setup(tb testing.TB) *bundle {
	tb.Helper()
	ctx := context.Background()
	store, err := sqlite.Open(ctx, tb.TempDir())
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { store.Close() })
	if err := engine.Seed(ctx, store, time.Now); err != nil {
		tb.Fatal(err)
	}
	hub := live.NewHub(0)
	feed := live.NewFeed(store, hub, nil)
	if err := feed.Start(ctx); err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(feed.Stop)
	now := &atomic.Int64{}
	now.Store(time.Now().UnixNano())
	eng := engine.New(engine.Config{Store: store, Analyzer: analyze.New(analyze.Config{}), Responder: kb.Default(), Publisher: feed,
		Now: func() time.Time { return time.Unix(0, now.Load()) }})
	srv := handoffhttp.NewServer(eng, nil)
	srv.SetRateLimits(handoffhttp.RateLimit{}, handoffhttp.RateLimit{}) // every test client shares one address
	relay := ws.NewRelay()
	w, err := widget.New(widget.Config{Engine: eng, Hub: hub, Relay: relay, Key: []byte("0123456789abcdef0123456789abcdef")})
	if err != nil {
		tb.Fatal(err)
	}
	w.Mount(srv)
	ts := httptest.NewServer(srv)
	tb.Cleanup(ts.Close)
	tb.Cleanup(w.Close)
	return &bundle{store: store, engine: eng, relay: relay, srv: ts, now: now}
}

// call sends a widget API request with a token and decodes the JSON answer.
func (b *bundle) call(tb testing.TB, method, path, token, body string) (int, map[string]any) {
	tb.Helper()
	req, _ := http.NewRequest(method, b.srv.URL+path, strings.NewReader(body))
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Origin", "https://shop.example")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		tb.Fatal(err)
	}
	defer resp.Body.Close()
	var out map[string]any
	_ = json.NewDecoder(resp.Body).Decode(&out)
	return resp.StatusCode, out
}

// session starts a chat on channel and returns its token.
func (b *bundle) session(tb testing.TB, channel string) string {
	tb.Helper()
	status, out := b.call(tb, "POST", "/widget/api/session", "", `{"channel":"`+channel+`"}`)
	if status != http.StatusCreated {
		tb.Fatalf("session: %d %v", status, out)
	}
	return out["token"].(string)
}

// send posts one customer message.
func (b *bundle) send(tb testing.TB, token, clientID, text string) (int, map[string]any) {
	tb.Helper()
	body, _ := json.Marshal(map[string]string{"text": text, "client_id": clientID})
	return b.call(tb, "POST", "/widget/api/messages", token, string(body))
}

func TestScriptAndDemo(t *testing.T) {
	t.Parallel()
	b := setup(t)
	tests := []struct {
		path        string
		contentType string
		want        []string
		not         []string
	}{
		{"/widget.js", "application/javascript", []string{"attachShadow", "textContent", "/widget/ws"}, []string{"innerHTML"}},
		{"/demo", "text/html", []string{`<script src="/widget.js" data-channel="web" defer></script>`}, nil},
		{"/demo?channel=shopify", "text/html", []string{`data-channel="shopify"`}, nil},
		{"/demo?channel=evil", "text/html", []string{`data-channel="web"`}, []string{"evil"}},
		{`/demo?name="><script>alert(1)</script>`, "text/html", []string{`data-customer-name="&#34;&gt;&lt;script&gt;`}, []string{"<script>alert"}},
		{"/widget/static/demo.css", "text/css", []string{".shop"}, nil},
	}
	for _, tt := range tests {
		resp, err := http.Get(b.srv.URL + tt.path)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK || !strings.HasPrefix(resp.Header.Get("Content-Type"), tt.contentType) {
			t.Errorf("GET %s: %d %s", tt.path, resp.StatusCode, resp.Header.Get("Content-Type"))
		}
		for _, w := range tt.want {
			if !strings.Contains(string(body), w) {
				t.Errorf("GET %s lacks %q", tt.path, w)
			}
		}
		for _, w := range tt.not {
			if strings.Contains(string(body), w) {
				t.Errorf("GET %s contains %q", tt.path, w)
			}
		}
	}
	req, _ := http.NewRequest("OPTIONS", b.srv.URL+"/widget/api/messages", nil)
	req.Header.Set("Origin", "https://shop.example")
	req.Header.Set("Access-Control-Request-Method", "POST")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusNoContent || resp.Header.Get("Access-Control-Allow-Origin") != "*" || !strings.Contains(resp.Header.Get("Access-Control-Allow-Headers"), "Authorization") {
		t.Errorf("preflight: %d %v", resp.StatusCode, resp.Header)
	}
}

func TestSend(t *testing.T) {
	t.Parallel()
	b := setup(t)
	token := b.session(t, "web")
	tests := []struct {
		name     string
		token    string
		clientID string
		text     string
		status   int
	}{
		{"first message", token, "c1", "Hi! Where is my order?", http.StatusCreated},
		{"retry of the same message", token, "c1", "Hi! Where is my order?", http.StatusOK},
		{"second message", token, "c2", "It was due Monday.", http.StatusCreated},
		{"no client id", token, "", "x", http.StatusBadRequest},
		{"bad client id", token, "a b", "x", http.StatusBadRequest},
		{"empty text", token, "c3", " ", http.StatusBadRequest},
		{"too long", token, "c4", strings.Repeat("a", engine.MaxTextLength+1), http.StatusBadRequest},
		{"no token", "", "c5", "hello", http.StatusNotFound},
		{"forged token", token[:len(token)-3] + "abc", "c6", "hello", http.StatusNotFound},
		{"token of another service", "eyJjIjoid2ViIiwiayI6IngiLCJ0IjoxfQ.AAAA", "c7", "hello", http.StatusNotFound},
	}
	for _, tt := range tests {
		status, out := b.send(t, tt.token, tt.clientID, tt.text)
		if status != tt.status {
			t.Errorf("%s: %d, want %d: %v", tt.name, status, tt.status, out)
		}
	}
	status, out := b.call(t, "GET", "/widget/api/messages", token, "")
	if status != http.StatusOK {
		t.Fatalf("history: %d", status)
	}
	msgs := out["messages"].([]any)
	var customer, ai int
	for _, m := range msgs {
		mm := m.(map[string]any)
		switch mm["role"] {
		case "customer":
			customer++
			if mm["client_id"] != "c1" && mm["client_id"] != "c2" {
				t.Errorf("customer message without its client id: %v", mm)
			}
		case "ai":
			ai++
			if mm["author"] != "AI Assistant" {
				t.Errorf("AI message labelled %v", mm["author"])
			}
		}
		if _, ok := mm["signals"]; ok {
			t.Error("the widget got signals")
		}
	}
	if customer != 2 || ai != 2 {
		t.Fatalf("history has %d customer and %d AI messages, want 2 and 2", customer, ai)
	}
	if status, _ := b.call(t, "POST", "/widget/api/session", "", `{"channel":"messenger"}`); status != http.StatusBadRequest {
		t.Errorf("a widget session on messenger: %d", status)
	}
}

// TestIsolation: a token reads and writes its own conversation and nothing else.
func TestIsolation(t *testing.T) {
	t.Parallel()
	b := setup(t)
	alice, bob := b.session(t, "web"), b.session(t, "shopify")
	b.send(t, alice, "a1", "Alice's secret order #1111")
	b.send(t, bob, "b1", "Bob asks about returns")
	if alice == bob {
		t.Fatal("two sessions got one token")
	}
	for _, tc := range []struct{ token, mine, other string }{{alice, "#1111", "Bob"}, {bob, "Bob", "#1111"}} {
		_, out := b.call(t, "GET", "/widget/api/messages", tc.token, "")
		text := fmt.Sprint(out["messages"])
		if !strings.Contains(text, tc.mine) || strings.Contains(text, tc.other) {
			t.Errorf("history of one session: %s", text)
		}
	}
	// A tampered token (another conversation's key under the old signature) is unknown.
	payload, mac, _ := strings.Cut(alice, ".")
	other, _, _ := strings.Cut(bob, ".")
	for _, forged := range []string{other + "." + mac, payload + "." + strings.ToUpper(mac), payload, "x.y", strings.Repeat("a", 600)} {
		for _, p := range []string{"/widget/api/session", "/widget/api/messages"} {
			if status, _ := b.call(t, "GET", p, forged, ""); status != http.StatusNotFound {
				t.Errorf("GET %s with a forged token: %d, want 404", p, status)
			}
		}
		if _, resp, err := websocket.Dial(context.Background(), wsURL(b, forged, 0), nil); err == nil || resp == nil || resp.StatusCode != http.StatusNotFound {
			t.Errorf("socket with a forged token: %v", err)
		}
	}
	// A token for a chat with no message yet is valid but has nothing to stream.
	fresh := b.session(t, "web")
	if status, out := b.call(t, "GET", "/widget/api/session", fresh, ""); status != http.StatusOK || out["started"] != false {
		t.Errorf("fresh session: %d %v", status, out)
	}
	if _, resp, err := websocket.Dial(context.Background(), wsURL(b, fresh, 0), nil); err == nil || resp == nil || resp.StatusCode != http.StatusNotFound {
		t.Errorf("socket for a chat with no message: %v", err)
	}
	// Tokens expire.
	b.now.Add(int64(widget.TokenTTL + time.Hour))
	if status, _ := b.call(t, "GET", "/widget/api/session", alice, ""); status != http.StatusNotFound {
		t.Errorf("an expired token: %d, want 404", status)
	}
}

func wsURL(b *bundle, token string, after int64) string {
	return fmt.Sprintf("ws%s/widget/ws?token=%s&after=%d", strings.TrimPrefix(b.srv.URL, "http"), token, after)
}

// wframe is a widget WebSocket message.
type wframe struct {
	Type     string           `json:"type"`
	ID       int64            `json:"id"`
	Messages []widget.Message `json:"messages"`
	State    *widget.State    `json:"state"`
	Typing   *ws.TypingData   `json:"typing"`
	raw      string
}

func read(t *testing.T, c *websocket.Conn) wframe {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	_, data, err := c.Read(ctx)
	if err != nil {
		t.Fatalf("read: %v", err)
	}
	var f wframe
	if err := json.Unmarshal(data, &f); err != nil {
		t.Fatal(err)
	}
	f.raw = string(data)
	return f
}

func backlog(t *testing.T, c *websocket.Conn) []wframe {
	t.Helper()
	var out []wframe
	for {
		f := read(t, c)
		if f.Type == "ready" {
			return out
		}
		out = append(out, f)
	}
}

// TestLive follows a chat over the socket: the handoff, the agent joining with a HUMAN badge,
// typing, and a reconnect that repeats nothing.
func TestLive(t *testing.T) {
	t.Parallel()
	b := setup(t)
	ctx := context.Background()
	token := b.session(t, "web")
	b.send(t, token, "m1", "Where is my order? It is late.")
	conn, _, err := websocket.Dial(ctx, wsURL(b, token, 0), &websocket.DialOptions{HTTPHeader: http.Header{"Origin": {"https://any-shop.example"}}})
	if err != nil {
		t.Fatal(err)
	}
	defer conn.CloseNow()
	var last int64
	for _, f := range backlog(t, conn) {
		if f.ID <= last {
			t.Fatalf("backlog repeats or is out of order at %d", f.ID)
		}
		last = f.ID
		if f.Type == "evaluation" || strings.Contains(f.raw, "signals") || strings.Contains(f.raw, "escalation") || strings.Contains(f.raw, "handoff_reason") {
			t.Fatalf("internal data reached the widget: %s", f.raw)
		}
	}
	// The angry turn: the customer is told a person is coming; no AI reply.
	b.send(t, token, "m2", "This is absolutely horrible, the worst service ever. I am furious!!!")
	turn := read(t, conn)
	if turn.ID <= last {
		t.Fatalf("event %d repeated", turn.ID)
	}
	last = turn.ID
	roles := []string{}
	for _, m := range turn.Messages {
		roles = append(roles, m.Role)
	}
	if turn.Type != "turn" || strings.Join(roles, ",") != "customer,system" || turn.State == nil || turn.State.State != "paused" {
		t.Fatalf("after the angry message the widget got %s, want one turn: the customer's message, the handoff notice, paused", turn.raw)
	}
	// An agent claims and types and replies.
	var convID int64
	_ = b.store.View(ctx, func(tx handoff.Tx) error {
		cs, _, err := tx.ListConversations(ctx, handoff.ConversationFilter{})
		convID = cs[0].ID
		return err
	})
	if _, err := b.engine.Act(ctx, engine.ActionRequest{ConversationID: convID, Action: state.Claim, Agent: &state.Agent{Name: "sara", DisplayName: "Sara", Team: "Support"}}); err != nil {
		t.Fatal(err)
	}
	join := read(t, conn)
	if len(join.Messages) != 1 || join.Messages[0].Text != "Sara from Support joined the conversation." || join.State == nil || join.State.State != "human_active" || join.State.Agent != "Sara" || join.State.Team != "Support" {
		t.Fatalf("claim reached the widget as %s", join.raw)
	}
	last = join.ID
	b.relay.Publish(ws.TypingEvent(convID, "customer", "", true)) // the customer's own typing is not echoed
	b.relay.Publish(ws.TypingEvent(convID, "agent", "Sara", true))
	if f := read(t, conn); f.Type != "typing" || f.Typing.Role != "agent" || f.Typing.Name != "Sara" || f.ID != 0 {
		t.Fatalf("typing frame = %s", f.raw)
	}
	if _, err := b.engine.Ingest(ctx, engine.IngestRequest{Channel: "web", Role: handoff.RoleAgent, ConversationID: convID, Text: "Hi, Sara here.", Source: handoff.SourceConsole, Author: "Sara"}); err != nil {
		t.Fatal(err)
	}
	f := read(t, conn)
	if len(f.Messages) != 1 || f.Messages[0].Role != "agent" || !f.Messages[0].Human || f.Messages[0].Author != "Sara" || f.Messages[0].Text != "Hi, Sara here." {
		t.Fatalf("agent reply reached the widget as %s", f.raw)
	}
	last = f.ID
	// Customer typing goes up the socket to the conversation's other subscribers.
	typing, stop := b.relay.Subscribe(convID)
	defer stop()
	if err := conn.Write(ctx, websocket.MessageText, []byte(`{"type":"typing","active":true}`)); err != nil {
		t.Fatal(err)
	}
	select {
	case e := <-typing:
		if !strings.Contains(string(e.Data), `"role":"customer"`) {
			t.Fatalf("relayed typing = %s", e.Data)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("the customer's typing was not relayed")
	}
	// Reconnect after the last id: nothing again, then what comes next.
	conn.Close(websocket.StatusNormalClosure, "")
	conn2, _, err := websocket.Dial(ctx, wsURL(b, token, last), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer conn2.CloseNow()
	for _, f := range backlog(t, conn2) {
		if f.ID != 0 && f.ID <= last {
			t.Fatalf("reconnect repeated event %d", f.ID)
		}
	}
	b.send(t, token, "m3", "Thank you!")
	if f := read(t, conn2); len(f.Messages) != 1 || f.Messages[0].Text != "Thank you!" || f.Messages[0].ClientID != "m3" || f.ID <= last {
		t.Fatalf("after reconnect: %s", f.raw)
	}
}
