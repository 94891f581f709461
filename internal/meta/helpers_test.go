package meta_test

import (
	"bytes"
	"context"
	"encoding/hex"
	"encoding/json"
	"flag"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/handoffhq/handoff"
	"github.com/handoffhq/handoff/internal/analyze"
	"github.com/handoffhq/handoff/internal/engine"
	"github.com/handoffhq/handoff/internal/kb"
	"github.com/handoffhq/handoff/internal/meta"
	"github.com/handoffhq/handoff/internal/mock"
	"github.com/handoffhq/handoff/internal/sqlite"
)

var update = flag.Bool("update", false, "rewrite the testdata signature files")

// Test credentials; the fixtures' .sig files are signed with testSecret.
const (
	testSecret = "handoff-test-app-secret"
	testVerify = "handoff-test-verify-token"
	testAppID  = "1234567890123456"
)

type bundle struct {
	eng   *engine.Engine
	store handoff.Store
	clock *mock.Clock
	h     *meta.Handler
}

// setup opens a fresh database with the shipped rules and channels, an engine with the
// built-in responder that queues Messenger and Instagram replies, and the webhook handler.
func setup(t *testing.T) *bundle {
	t.Helper()
	ctx := context.Background()
	clock := mock.NewClock(time.Date(2026, 11, 25, 12, 0, 0, 0, time.UTC))
	db, err := sqlite.Open(ctx, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if err := engine.Seed(ctx, db, clock.Now); err != nil {
		t.Fatal(err)
	}
	eng := engine.New(engine.Config{Store: db, Analyzer: analyze.New(analyze.Config{}), Responder: kb.Default(), Now: clock.Now,
		OutboundChannels: []string{handoff.ChannelMessenger, handoff.ChannelInstagram}})
	h := meta.NewHandler(meta.Config{AppSecret: testSecret, VerifyToken: testVerify, AppID: testAppID, Now: clock.Now}, eng)
	return &bundle{eng: eng, store: db, clock: clock, h: h}
}

// fixture returns a testdata body and its stored X-Hub-Signature-256 value.
func fixture(t *testing.T, name string) ([]byte, string) {
	t.Helper()
	body, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	sig, err := os.ReadFile(filepath.Join("testdata", name+".sig"))
	if err != nil {
		t.Fatalf("%s has no signature file; run go test -update", name)
	}
	return body, strings.TrimSpace(string(sig))
}

func sign(secret string, body []byte) string {
	return "sha256=" + hex.EncodeToString(meta.Sign(secret, body))
}

// post delivers a webhook body with the given signature header ("" sends none).
func (b *bundle) post(t *testing.T, body []byte, sig string) *httptest.ResponseRecorder {
	t.Helper()
	req := httptest.NewRequest(http.MethodPost, "/webhooks/meta", bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	if sig != "" {
		req.Header.Set(meta.SignatureHeader, sig)
	}
	rec := httptest.NewRecorder()
	b.h.ServeHTTP(rec, req)
	return rec
}

// deliver posts a fixture with its signature and wants 200 EVENT_RECEIVED.
func (b *bundle) deliver(t *testing.T, name string) {
	t.Helper()
	body, sig := fixture(t, name)
	rec := b.post(t, body, sig)
	if rec.Code != http.StatusOK || rec.Body.String() != "EVENT_RECEIVED" {
		t.Fatalf("%s: %d %q, want 200 EVENT_RECEIVED", name, rec.Code, rec.Body.String())
	}
}

func (b *bundle) conversations(t *testing.T, channel string) []*handoff.Conversation {
	t.Helper()
	var cs []*handoff.Conversation
	if err := b.store.View(context.Background(), func(tx handoff.Tx) error {
		var err error
		cs, _, err = tx.ListConversations(context.Background(), handoff.ConversationFilter{Channel: channel})
		return err
	}); err != nil {
		t.Fatal(err)
	}
	return cs
}

func (b *bundle) conversation(t *testing.T, channel, externalID string) *handoff.Conversation {
	t.Helper()
	var c *handoff.Conversation
	if err := b.store.View(context.Background(), func(tx handoff.Tx) error {
		var err error
		c, err = tx.ConversationByExternalID(context.Background(), channel, externalID)
		return err
	}); err != nil {
		t.Fatalf("conversation %s/%s: %v", channel, externalID, err)
	}
	return c
}

func (b *bundle) messages(t *testing.T, convID int64) []*handoff.Message {
	t.Helper()
	return mock.Messages(t, b.store, convID)
}

func (b *bundle) outbox(t *testing.T, f handoff.OutboxFilter) []*handoff.OutboxItem {
	t.Helper()
	var items []*handoff.OutboxItem
	if err := b.store.View(context.Background(), func(tx handoff.Tx) error {
		var err error
		items, err = tx.ListOutbox(context.Background(), f)
		return err
	}); err != nil {
		t.Fatal(err)
	}
	return items
}

func (b *bundle) runDue(t *testing.T, notifiers map[string]handoff.Notifier) {
	t.Helper()
	if _, err := b.eng.RunDue(context.Background(), notifiers); err != nil {
		t.Fatal(err)
	}
}

func byRole(ms []*handoff.Message, role handoff.Role) []*handoff.Message {
	var out []*handoff.Message
	for _, m := range ms {
		if m.Role == role {
			out = append(out, m)
		}
	}
	return out
}

// graphCall is one request the fake Graph API received.
type graphCall struct {
	Method, Path, Auth string
	Body               map[string]any
}

// graph is a fake Graph API that records requests and answers from a script.
type graph struct {
	*httptest.Server
	mu    sync.Mutex
	calls []graphCall
	// answer picks the status and body for a request; nil answers 200 with a message id.
	answer func(n int, c graphCall) (int, string)
}

func newGraph(t *testing.T) *graph {
	g := &graph{}
	g.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		raw, _ := io.ReadAll(r.Body)
		c := graphCall{Method: r.Method, Path: r.URL.Path, Auth: r.Header.Get("Authorization")}
		_ = json.Unmarshal(raw, &c.Body)
		g.mu.Lock()
		g.calls = append(g.calls, c)
		n, answer := len(g.calls), g.answer
		g.mu.Unlock()
		status, body := http.StatusOK, `{"recipient_id":"6543210987654321","message_id":"m_sent"}`
		if answer != nil {
			status, body = answer(n, c)
		}
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(status)
		_, _ = io.WriteString(w, body)
	}))
	t.Cleanup(g.Close)
	return g
}

func (g *graph) setAnswer(f func(n int, c graphCall) (int, string)) {
	g.mu.Lock()
	g.answer = f
	g.mu.Unlock()
}

// sent returns the message calls (not typing indicators or persona calls), in order.
func (g *graph) sent() []graphCall {
	g.mu.Lock()
	defer g.mu.Unlock()
	var out []graphCall
	for _, c := range g.calls {
		if c.Path == "/me/messages" && c.Body["message"] != nil {
			out = append(out, c)
		}
	}
	return out
}

func (g *graph) count(method, path string) int {
	g.mu.Lock()
	defer g.mu.Unlock()
	n := 0
	for _, c := range g.calls {
		if c.Method == method && c.Path == path {
			n++
		}
	}
	return n
}

func text(c graphCall) string {
	m, _ := c.Body["message"].(map[string]any)
	s, _ := m["text"].(string)
	return s
}
