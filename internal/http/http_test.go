package http_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/handoffhq/handoff"
	"github.com/handoffhq/handoff/internal/analyze"
	"github.com/handoffhq/handoff/internal/engine"
	handoffhttp "github.com/handoffhq/handoff/internal/http"
	"github.com/handoffhq/handoff/internal/kb"
	"github.com/handoffhq/handoff/internal/sqlite"
)

const token = "test-admin-token"

func setup(t testing.TB) *handoffhttp.Server {
	t.Helper()
	ctx := context.Background()
	db, err := sqlite.Open(ctx, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	now := func() time.Time { return time.Date(2026, 11, 25, 12, 0, 0, 0, time.UTC) }
	if err := engine.Seed(ctx, db, now); err != nil {
		t.Fatal(err)
	}
	if err := db.Write(ctx, func(tx handoff.Tx) error {
		if err := tx.CreateToken(ctx, &handoff.Token{Name: "admin", Hash: handoffhttp.HashToken(token), Role: "admin", CreatedAt: now()}); err != nil {
			return err
		}
		return tx.CreateToken(ctx, &handoff.Token{Name: "agent", Hash: handoffhttp.HashToken("agent-token"), Role: "agent", CreatedAt: now()})
	}); err != nil {
		t.Fatal(err)
	}
	eng := engine.New(engine.Config{Store: db, Analyzer: analyze.New(analyze.Config{}), Responder: kb.Default(), Now: now})
	return handoffhttp.NewServer(eng, nil)
}

type call struct {
	method, path, body, token string
}

func (c call) do(t *testing.T, s http.Handler) (int, map[string]any, string) {
	t.Helper()
	req := httptest.NewRequest(c.method, c.path, strings.NewReader(c.body))
	if c.token != "" {
		req.Header.Set("Authorization", "Bearer "+c.token)
	}
	req.Header.Set("Content-Type", "application/json")
	rec := httptest.NewRecorder()
	s.ServeHTTP(rec, req)
	raw, _ := io.ReadAll(rec.Body)
	var m map[string]any
	_ = json.Unmarshal(raw, &m)
	return rec.Code, m, string(raw)
}

func TestAPIScenarios(t *testing.T) {
	t.Parallel()
	msg := func(ext, text string) string {
		b, _ := json.Marshal(map[string]any{"channel": "web", "role": "customer", "text": text, "external_id": ext, "conversation_external_id": "cnv"})
		return string(b)
	}
	tests := []struct {
		name     string
		calls    []call // setup calls, then the last is checked
		status   int
		wantCode string // error code, if an error
		contains string
	}{
		{"no token", []call{{"POST", "/api/v1/messages", "{}", ""}}, 401, "unauthorized", ""},
		{"bad token", []call{{"GET", "/api/v1/conversations", "", "nope"}}, 401, "unauthorized", ""},
		{"invalid JSON", []call{{"POST", "/api/v1/messages", `{"channel":"web","role":"customer","text":`, token}}, 400, "invalid", "invalid JSON"},
		{"unknown field", []call{{"POST", "/api/v1/messages", `{"channel":"web","role":"customer","text":"hi","conversation":"x"}`, token}}, 400, "invalid", "conversation"},
		{"missing text", []call{{"POST", "/api/v1/messages", `{"channel":"web","role":"customer"}`, token}}, 400, "invalid", "text is required"},
		{"too large", []call{{"POST", "/api/v1/messages", `{"text":"` + strings.Repeat("a", handoffhttp.MaxBodyBytes) + `"}`, token}}, 413, "too_large", ""},
		{"created", []call{{"POST", "/api/v1/messages", msg("m1", "Where is my order? It is late."), token}}, 201, "", `"state":"ai_active"`},
		{"duplicate", []call{{"POST", "/api/v1/messages", msg("m1", "hello"), token}, {"POST", "/api/v1/messages", msg("m1", "hello"), token}}, 200, "", `"duplicate":true`},
		{"angry pauses", []call{
			{"POST", "/api/v1/messages", msg("m1", "Where is my order? It is late."), token},
			{"POST", "/api/v1/messages", msg("m2", "This is absolutely horrible, the worst service ever. I am furious!!!"), token},
		}, 201, "", `"rule":"angry_sentiment"`},
		{"unknown conversation", []call{{"GET", "/api/v1/conversations/999", "", token}}, 404, "not_found", ""},
		{"bad conversation id", []call{{"GET", "/api/v1/conversations/abc", "", token}}, 400, "invalid", ""},
		{"illegal transition", []call{
			{"POST", "/api/v1/messages", msg("m1", "hello"), token},
			{"POST", "/api/v1/conversations/1/resume", "", token},
		}, 409, "conflict", `"state":"ai_active"`},
		{"unknown action", []call{{"POST", "/api/v1/conversations/1/explode", "", token}}, 404, "not_found", ""},
		{"claim needs agent", []call{
			{"POST", "/api/v1/messages", msg("m1", "talk to a human please"), token},
			{"POST", "/api/v1/conversations/1/claim", "{}", token},
		}, 400, "invalid", "agent"},
		{"claim", []call{
			{"POST", "/api/v1/messages", msg("m1", "talk to a human please"), token},
			{"POST", "/api/v1/conversations/1/claim", `{"agent":"sara","display_name":"Sara","team":"Support"}`, token},
		}, 200, "", `"state":"human_active"`},
		{"list filter", []call{{"GET", "/api/v1/conversations?state=bogus", "", token}}, 400, "invalid", "unknown state"},
		{"rules list", []call{{"GET", "/api/v1/rules", "", token}}, 200, "", `"id":"angry_sentiment"`},
		{"bad rule rejected whole", []call{{"POST", "/api/v1/rules", `[{"id":"a","when":{"all":[{"signal":"sentiment","op":"=>","value":1}]},"then":["pause_ai"]}]`, token}}, 400, "invalid", "op"},
		{"bad CEL names column", []call{{"POST", "/api/v1/rules", "id: b\nexpr: 'signals.sentiment <'\nthen: [pause_ai]\n", token}}, 400, "invalid", "expr"},
		{"rules need admin", []call{{"POST", "/api/v1/rules", "id: c\nexpr: 'true'\nthen: [pause_ai]\n", "agent-token"}}, 403, "forbidden", ""},
		{"rule created", []call{{"POST", "/api/v1/rules", "id: vip\nname: VIP\nenabled: true\nwhen: {all: [{signal: message_count, op: '>=', value: 1}]}\nexpr: 'conversation.channel == \"web\"'\nthen: [{tag: vip}]\n", token}}, 201, "", `"id":"vip"`},
		{"rule duplicate id", []call{{"POST", "/api/v1/rules", "id: angry_sentiment\nexpr: 'true'\nthen: [pause_ai]\n", token}}, 409, "conflict", ""},
		{"rules export", []call{{"GET", "/api/v1/rules/export", "", token}}, 200, "", "angry_sentiment"},
		{"channels", []call{{"GET", "/api/v1/channels", "", token}}, 200, "", `"cooldown":"1h"`},
		{"channel put", []call{{"PUT", "/api/v1/channels/web", `{"cooldown":"20m","kill_switch":true}`, token}}, 200, "", `"cooldown":"20m"`},
		{"channel bad cooldown", []call{{"PUT", "/api/v1/channels/web", `{"cooldown":"soon"}`, token}}, 400, "invalid", "duration"},
		{"channel unknown", []call{{"GET", "/api/v1/channels/fax", "", token}}, 404, "not_found", ""},
		{"guard", []call{{"POST", "/api/v1/guard", `{"channel":"web","text":"I want a human now","conversation_external_id":"g","draft":"Sure","draft_confidence":0.9}`, token}}, 200, "", `"allow":false`},
		{"dry run", []call{
			{"POST", "/api/v1/messages", msg("m1", "I need to talk to a real person"), token},
			{"POST", "/api/v1/rules/dry-run", `{}`, token},
		}, 200, "", `"request_human":1`},
		{"openapi", []call{{"GET", "/api/v1/openapi.json", "", ""}}, 200, "", `"openapi":"3.1.0"`},
		{"healthz", []call{{"GET", "/healthz", "", ""}}, 200, "", "ok"},
		{"readyz", []call{{"GET", "/readyz", "", ""}}, 200, "", "ready"},
		{"unknown endpoint", []call{{"GET", "/api/v1/nope", "", token}}, 404, "not_found", ""},
		{"evaluations", []call{{"GET", "/api/v1/evaluations", "", token}}, 200, "", `"scores":[]`},
		{"dead letters", []call{{"GET", "/api/v1/outbox?status=dead", "", token}}, 200, "", `"outbox":[]`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			s := setup(t)
			var status int
			var body map[string]any
			var raw string
			for _, c := range tt.calls {
				status, body, raw = c.do(t, s)
			}
			if status != tt.status {
				t.Fatalf("status = %d, want %d: %s", status, tt.status, raw)
			}
			if tt.wantCode != "" {
				e, _ := body["error"].(map[string]any)
				if e == nil || e["code"] != tt.wantCode || e["message"] == "" {
					t.Fatalf("error body = %s, want code %s", raw, tt.wantCode)
				}
			}
			if tt.contains != "" && !strings.Contains(strings.ReplaceAll(raw, " ", ""), strings.ReplaceAll(tt.contains, " ", "")) {
				t.Fatalf("body lacks %s: %s", tt.contains, raw)
			}
		})
	}
}

func TestMetricsCountIngest(t *testing.T) {
	t.Parallel()
	s := setup(t)
	call{"POST", "/api/v1/messages", `{"channel":"web","role":"customer","text":"I want to talk to a person","external_id":"1"}`, token}.do(t, s)
	_, _, raw := call{"GET", "/metrics", "", ""}.do(t, s)
	for _, want := range []string{`handoff_messages_total{channel="web",role="customer"} 1`, `handoff_handoffs_total{channel="web",reason="request_human"} 1`, `handoff_rules_fired_total{rule="request_human"} 1`} {
		if !strings.Contains(raw, want) {
			t.Errorf("metrics lack %s", want)
		}
	}
}
