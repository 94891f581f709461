package llm_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/handoffhq/handoff"
	"github.com/handoffhq/handoff/internal/llm"
)

const testKey = "sk-test-0123456789abcdef"

// recorded is one request the fake API received.
type recorded struct {
	Method string
	Path   string
	Header http.Header
	Body   struct {
		Model    string `json:"model"`
		Messages []struct {
			Role    string `json:"role"`
			Content string `json:"content"`
		} `json:"messages"`
		Temperature *float64 `json:"temperature"`
		Logprobs    *bool    `json:"logprobs"`
	}
}

// fakeAPI is an httptest chat-completions server that records requests and answers with a fixed status and body.
type fakeAPI struct {
	*httptest.Server
	mu       sync.Mutex
	requests []recorded
}

func newFakeAPI(tb testing.TB, status int, body string) *fakeAPI {
	tb.Helper()
	f := &fakeAPI{}
	f.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var rec recorded
		rec.Method, rec.Path, rec.Header = r.Method, r.URL.Path, r.Header.Clone()
		raw, _ := io.ReadAll(r.Body)
		if err := json.Unmarshal(raw, &rec.Body); err != nil {
			tb.Errorf("request body is not JSON: %v: %s", err, raw)
		}
		f.mu.Lock()
		f.requests = append(f.requests, rec)
		f.mu.Unlock()
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(status)
		io.WriteString(w, body)
	}))
	tb.Cleanup(f.Close)
	return f
}

func (f *fakeAPI) last(tb testing.TB) recorded {
	tb.Helper()
	f.mu.Lock()
	defer f.mu.Unlock()
	if len(f.requests) == 0 {
		tb.Fatal("the API received no request")
	}
	return f.requests[len(f.requests)-1]
}

// completion builds a chat-completions response body with one choice.
func completion(text string, logprobs ...float64) string {
	choice := map[string]any{
		"index":         0,
		"message":       map[string]any{"role": "assistant", "content": text},
		"finish_reason": "stop",
	}
	if logprobs != nil {
		toks := make([]map[string]any, len(logprobs))
		for i, lp := range logprobs {
			toks[i] = map[string]any{"token": fmt.Sprintf("t%d", i), "logprob": lp, "bytes": []int{116}, "top_logprobs": []any{}}
		}
		choice["logprobs"] = map[string]any{"content": toks}
	} else {
		choice["logprobs"] = nil
	}
	b, _ := json.Marshal(map[string]any{"id": "chatcmpl-1", "object": "chat.completion", "model": "test-model", "choices": []any{choice}})
	return string(b)
}

func msg(role handoff.Role, author, text string) *handoff.Message {
	return &handoff.Message{Role: role, Author: author, Text: text}
}

func conv() *handoff.Conversation {
	return &handoff.Conversation{ID: 7, Channel: handoff.ChannelWeb, AgentName: "Sara"}
}

func TestReply_request(t *testing.T) {
	t.Parallel()
	type wantMsg struct{ role, content string }
	history := []*handoff.Message{
		msg(handoff.RoleCustomer, "", "Where is my order #1001?"),
		msg(handoff.RoleAI, "AI Assistant", "It shipped yesterday."),
		msg(handoff.RoleSystem, "", "Sara from Support joined"),
		msg(handoff.RoleAgent, "Sara", "Hi, I'm checking with the carrier."),
		msg(handoff.RoleAgent, "", "It should arrive Friday."),
		{Role: handoff.RoleCustomer, Attachments: []handoff.Attachment{{Type: "image"}}},
		msg(handoff.RoleCustomer, "", "  Can I change the address?  "),
		msg(handoff.RoleAI, "AI Assistant", "a draft after the question"),
	}
	tests := []struct {
		name       string
		cfg        llm.Config
		wantPrompt string
		wantAuth   string
		want       []wantMsg
	}{
		{
			name:       "full history with key",
			cfg:        llm.Config{Model: "gpt-test", APIKey: testKey},
			wantPrompt: llm.DefaultSystemPrompt,
			wantAuth:   "Bearer " + testKey,
			want: []wantMsg{
				{"user", "Where is my order #1001?"},
				{"assistant", "It shipped yesterday."},
				{"assistant", "Sara (support team): Hi, I'm checking with the carrier."},
				{"assistant", "Sara (support team): It should arrive Friday."},
				{"user", "[sent an attachment: image]"},
				{"user", "Can I change the address?"},
			},
		},
		{
			name:       "no key, own prompt, short history",
			cfg:        llm.Config{Model: "local-model", SystemPrompt: "Be brief.", MaxHistory: 2},
			wantPrompt: "Be brief.",
			wantAuth:   "",
			want: []wantMsg{
				{"user", "[sent an attachment: image]"},
				{"user", "Can I change the address?"},
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			api := newFakeAPI(t, http.StatusOK, completion("Sure, I can help with that."))
			tt.cfg.BaseURL = api.URL + "/v1/"
			r, err := llm.New(tt.cfg).Reply(context.Background(), conv(), history)
			if err != nil {
				t.Fatalf("Reply: %v", err)
			}
			if r.Text != "Sure, I can help with that." {
				t.Fatalf("text = %q", r.Text)
			}
			req := api.last(t)
			if req.Method != http.MethodPost || req.Path != "/v1/chat/completions" {
				t.Fatalf("request = %s %s, want POST /v1/chat/completions", req.Method, req.Path)
			}
			if got := req.Header.Get("Authorization"); got != tt.wantAuth {
				t.Fatalf("Authorization = %q, want %q", got, tt.wantAuth)
			}
			if _, ok := req.Header["Authorization"]; tt.wantAuth == "" && ok {
				t.Fatal("Authorization header sent without a key")
			}
			if ct := req.Header.Get("Content-Type"); ct != "application/json" {
				t.Fatalf("Content-Type = %q", ct)
			}
			b := req.Body
			if b.Model != tt.cfg.Model {
				t.Fatalf("model = %q, want %q", b.Model, tt.cfg.Model)
			}
			if b.Temperature == nil || *b.Temperature != 0.2 {
				t.Fatalf("temperature = %v, want 0.2", b.Temperature)
			}
			if b.Logprobs == nil || !*b.Logprobs {
				t.Fatalf("logprobs = %v, want true", b.Logprobs)
			}
			if len(b.Messages) == 0 || b.Messages[0].Role != "system" || b.Messages[0].Content != tt.wantPrompt {
				t.Fatalf("first message = %+v, want the system prompt %q", b.Messages, tt.wantPrompt)
			}
			var got []wantMsg
			for _, m := range b.Messages[1:] {
				got = append(got, wantMsg{m.Role, m.Content})
			}
			if fmt.Sprint(got) != fmt.Sprint(tt.want) {
				t.Fatalf("messages:\n got %q\nwant %q", got, tt.want)
			}
		})
	}
}

func TestReply_confidence(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		body string
		want float64
	}{
		{"from logprobs", completion("Standard delivery takes 3–5 working days.", -0.1, -0.2, -0.3), math.Exp(-0.2)},
		{"certain tokens", completion("Yes.", 0, 0), 1},
		{"unlikely tokens", completion("Maybe.", -3, -5), math.Exp(-4)},
		{"logprobs win over hedging", completion("I'm not sure.", -0.01), math.Exp(-0.01)},
		{"no logprobs", completion("Standard delivery takes 3–5 working days."), llm.FallbackConfidence},
		{"empty logprobs", `{"choices":[{"message":{"role":"assistant","content":"Yes, we ship to Canada."},"logprobs":{"content":[]}}]}`, llm.FallbackConfidence},
		{"hedge: not sure", completion("I'm not sure about that, sorry."), llm.HedgeConfidence},
		{"hedge: curly apostrophe", completion("I don’t know where your parcel is."), llm.HedgeConfidence},
		{"hedge: can't help", completion("I can't help with billing disputes."), llm.HedgeConfidence},
		{"hedge: no access", completion("I don't have access to your order details."), llm.HedgeConfidence},
		{"hedge: unable to", completion("I'm unable to change that order."), llm.HedgeConfidence},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			api := newFakeAPI(t, http.StatusOK, tt.body)
			r, err := llm.New(llm.Config{BaseURL: api.URL, Model: "m"}).Reply(context.Background(), conv(), []*handoff.Message{msg(handoff.RoleCustomer, "", "Do you ship to Canada?")})
			if err != nil {
				t.Fatalf("Reply: %v", err)
			}
			if math.Abs(r.Confidence-tt.want) > 1e-9 {
				t.Fatalf("confidence = %v, want %v", r.Confidence, tt.want)
			}
		})
	}
}

func TestConfidence(t *testing.T) {
	t.Parallel()
	tests := []struct {
		text     string
		logprobs []float64
		want     float64
	}{
		{"ok", []float64{0.5}, 1}, // clamped
		{"ok", []float64{-1, -1}, math.Exp(-1)},
		{"ok", []float64{math.Inf(-1)}, 0},
		{"ok", nil, llm.FallbackConfidence},
		{"I AM NOT SURE", nil, llm.HedgeConfidence},
	}
	for _, tt := range tests {
		if got := llm.Confidence(tt.text, tt.logprobs); math.Abs(got-tt.want) > 1e-12 {
			t.Errorf("Confidence(%q, %v) = %v, want %v", tt.text, tt.logprobs, got, tt.want)
		}
	}
}

func TestReply_errors(t *testing.T) {
	t.Parallel()
	customer := []*handoff.Message{msg(handoff.RoleCustomer, "", "hello")}
	tests := []struct {
		name     string
		status   int
		body     string
		history  []*handoff.Message
		cfg      func(*llm.Config)
		code     string
		contains string
		is       error
	}{
		{name: "server error", status: 500, body: `{"error":{"message":"The server had an error"}}`, code: handoff.EUNAVAILABLE, contains: "500"},
		{name: "overloaded", status: 503, body: `upstream overloaded`, code: handoff.EUNAVAILABLE, contains: "503"},
		{name: "rate limited", status: 429, body: `{"error":{"message":"Rate limit reached"}}`, code: handoff.EUNAVAILABLE, contains: "Rate limit reached"},
		{name: "bad key", status: 401, body: `{"error":{"message":"Incorrect API key provided: ` + testKey + `"}}`, code: handoff.EINVALID, contains: "401"},
		{name: "unknown model", status: 404, body: `{"error":{"message":"The model does not exist ` + testKey + `"}}`, code: handoff.EINVALID, contains: "does not exist [redacted]"},
		{name: "bad request", status: 400, body: `{"error":{"message":"Invalid value for temperature"}}`, code: handoff.EINVALID, contains: "Invalid value for temperature"},
		{name: "no choices", status: 200, body: `{"choices":[]}`, code: handoff.EUNAVAILABLE, contains: "no choices"},
		{name: "empty reply", status: 200, body: completion("  "), code: handoff.EUNAVAILABLE, contains: "empty"},
		{name: "malformed body", status: 200, body: `<html>gateway</html>`, code: handoff.EUNAVAILABLE, contains: "malformed"},
		{name: "no customer message", status: 200, body: completion("hi"), history: []*handoff.Message{msg(handoff.RoleAI, "", "Hello!")}, code: handoff.EINVALID, contains: "no customer message"},
		{name: "no model", status: 200, body: completion("hi"), cfg: func(c *llm.Config) { c.Model = "" }, code: handoff.EINVALID, contains: "model is required"},
		{name: "bad base URL", status: 200, body: completion("hi"), cfg: func(c *llm.Config) { c.BaseURL = "api.example.com/v1" }, code: handoff.EINVALID, contains: "base URL"},
		{name: "connection refused", status: 200, body: completion("hi"), cfg: func(c *llm.Config) { c.BaseURL = closedURL(t) }, code: handoff.EUNAVAILABLE, contains: "could not be reached"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			api := newFakeAPI(t, tt.status, tt.body)
			cfg := llm.Config{BaseURL: api.URL, Model: "m", APIKey: testKey}
			if tt.cfg != nil {
				tt.cfg(&cfg)
			}
			history := customer
			if tt.history != nil {
				history = tt.history
			}
			r, err := llm.New(cfg).Reply(context.Background(), conv(), history)
			if err == nil {
				t.Fatalf("Reply = %+v, want an error", r)
			}
			if got := handoff.ErrorCode(err); got != tt.code {
				t.Fatalf("code = %q, want %q (%v)", got, tt.code, err)
			}
			if !strings.Contains(err.Error(), tt.contains) {
				t.Fatalf("error %q does not contain %q", err, tt.contains)
			}
			if strings.Contains(err.Error(), testKey) {
				t.Fatalf("error leaks the API key: %v", err)
			}
		})
	}
}

// closedURL returns the address of a server that is no longer listening.
func closedURL(tb testing.TB) string {
	tb.Helper()
	srv := httptest.NewServer(http.NotFoundHandler())
	u := srv.URL
	srv.Close()
	return u
}

func TestReply_timeout(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		timeout time.Duration // Config.Timeout
		ctx     time.Duration // the caller's deadline, 0 for none
	}{
		{"configured timeout", 50 * time.Millisecond, 0},
		{"caller deadline", time.Minute, 50 * time.Millisecond},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			released := make(chan struct{})
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				io.Copy(io.Discard, r.Body) // lets the server notice the client hanging up
				select {
				case <-r.Context().Done():
					close(released)
				case <-time.After(5 * time.Second):
				}
			}))
			t.Cleanup(srv.Close)

			ctx := context.Background()
			if tt.ctx > 0 {
				var cancel context.CancelFunc
				ctx, cancel = context.WithTimeout(ctx, tt.ctx)
				defer cancel()
			}
			start := time.Now()
			r, err := llm.New(llm.Config{BaseURL: srv.URL, Model: "m", Timeout: tt.timeout}).
				Reply(ctx, conv(), []*handoff.Message{msg(handoff.RoleCustomer, "", "hello?")})
			if err == nil {
				t.Fatalf("Reply = %+v, want an error", r)
			}
			if elapsed := time.Since(start); elapsed > 2*time.Second {
				t.Fatalf("Reply took %s", elapsed)
			}
			if got := handoff.ErrorCode(err); got != handoff.EUNAVAILABLE {
				t.Fatalf("code = %q, want %q (%v)", got, handoff.EUNAVAILABLE, err)
			}
			if !errors.Is(err, context.DeadlineExceeded) {
				t.Fatalf("error %v does not wrap context.DeadlineExceeded", err)
			}
			select {
			case <-released:
			case <-time.After(2 * time.Second):
				t.Fatal("the server never saw the request cancelled")
			}
		})
	}
}

func TestConfig_masksKey(t *testing.T) {
	t.Parallel()
	cfg := llm.Config{BaseURL: "https://api.example.com/v1", Model: "m", APIKey: testKey}.WithDefaults()
	var logged bytes.Buffer
	slog.New(slog.NewJSONHandler(&logged, nil)).Info("responder", "llm", cfg)
	for name, out := range map[string]string{
		"String":  cfg.String(),
		"%v":      fmt.Sprintf("%v", cfg),
		"%+v":     fmt.Sprintf("%+v", cfg),
		"slog":    logged.String(),
		"pointer": fmt.Sprint(&cfg),
	} {
		if strings.Contains(out, testKey) {
			t.Errorf("%s leaks the API key: %s", name, out)
		}
		if !strings.Contains(out, "api.example.com") {
			t.Errorf("%s does not describe the config: %s", name, out)
		}
	}
}

func TestConfig_defaults(t *testing.T) {
	t.Parallel()
	cfg := llm.Config{Model: "m"}.WithDefaults()
	if cfg.BaseURL != llm.DefaultBaseURL || cfg.Timeout != 20*time.Second || cfg.MaxHistory != 20 ||
		cfg.SystemPrompt != llm.DefaultSystemPrompt || cfg.HTTPClient == nil {
		t.Fatalf("defaults = %+v", cfg)
	}
	for _, phrase := range []string{"not sure", "Never promise refunds", "exceptions"} {
		if !strings.Contains(llm.DefaultSystemPrompt, phrase) {
			t.Errorf("default system prompt lacks %q", phrase)
		}
	}
	if err := cfg.Validate(); err != nil {
		t.Fatalf("Validate: %v", err)
	}
}
