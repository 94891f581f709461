package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/handoffhq/handoff"
	handoffhttp "github.com/handoffhq/handoff/internal/http"
)

// TestSecurityMatrix checks every API endpoint against every kind of caller: no credentials,
// an agent token, an admin token and a customer's widget session (which must never reach the
// API nor another customer's conversation).
func TestSecurityMatrix(t *testing.T) {
	t.Parallel()
	m := startMain(t, t.TempDir())
	defer m.Close()
	ctx := context.Background()
	if err := m.Store.Write(ctx, func(tx handoff.Tx) error {
		return tx.CreateToken(ctx, &handoff.Token{Name: "agent", Hash: handoffhttp.HashToken("agent-token"), Role: handoff.AgentRoleAgent})
	}); err != nil {
		t.Fatal(err)
	}
	base := m.Server.URL()
	do := func(method, path, auth, body string) (int, string) {
		req, _ := http.NewRequest(method, base+path, strings.NewReader(body))
		if auth != "" {
			req.Header.Set("Authorization", "Bearer "+auth)
		}
		req.Header.Set("Content-Type", "application/json")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b)
	}
	widgetSession := func(text string) (token string) {
		_, body := do("POST", "/widget/api/session", "", `{"channel":"web"}`)
		var s struct{ Token string }
		if err := json.Unmarshal([]byte(body), &s); err != nil || s.Token == "" {
			t.Fatalf("widget session: %s", body)
		}
		if code, body := do("POST", "/widget/api/messages", s.Token, fmt.Sprintf(`{"text":%q,"client_id":"x1"}`, text)); code/100 != 2 {
			t.Fatalf("widget send: %d %s", code, body)
		}
		return s.Token
	}
	alice := widgetSession("Hi, this is Alice, where is my parcel?")
	bob := widgetSession("Bob here: my secret order number is QX-SECRET")

	_, body := do("GET", "/api/v1/conversations", "e2e-token", "")
	var list struct{ Conversations []struct{ ID int64 } }
	_ = json.Unmarshal([]byte(body), &list)
	if len(list.Conversations) != 2 {
		t.Fatalf("want 2 conversations: %s", body)
	}
	id := list.Conversations[0].ID

	const none, agent, admin = "", "agent-token", "e2e-token"
	rule := `{"id":"vip","name":"VIP","when":{"all":[{"signal":"message_count","op":">=","value":1}]},"then":[{"tag":"vip"}]}`
	tests := []struct {
		method, path, body string
		want               map[string]int // caller → status
	}{
		{"GET", "/api/v1/conversations", "", map[string]int{none: 401, agent: 200, admin: 200, alice: 401}},
		{"GET", fmt.Sprintf("/api/v1/conversations/%d", id), "", map[string]int{none: 401, agent: 200, admin: 200, alice: 401}},
		{"GET", fmt.Sprintf("/api/v1/conversations/%d/packet", id), "", map[string]int{none: 401, agent: 200, admin: 200, alice: 401}},
		{"POST", "/api/v1/messages", `{"channel":"web","role":"customer","text":"hi"}`, map[string]int{none: 401, agent: 201, admin: 201, alice: 401}},
		{"POST", fmt.Sprintf("/api/v1/conversations/%d/close", id), "", map[string]int{none: 401, alice: 401}},
		{"GET", "/api/v1/rules", "", map[string]int{none: 401, agent: 200, admin: 200, alice: 401}},
		{"POST", "/api/v1/rules", rule, map[string]int{none: 401, agent: 403, alice: 401, admin: 201}},
		{"DELETE", "/api/v1/rules/vip", "", map[string]int{none: 401, agent: 403, alice: 401, admin: 204}},
		{"PUT", "/api/v1/channels/web", `{"cooldown":"20m"}`, map[string]int{none: 401, agent: 403, alice: 401, admin: 200}},
		{"GET", "/api/v1/channels", "", map[string]int{none: 401, agent: 200, admin: 200, alice: 401}},
		{"POST", "/api/v1/guard", `{"channel":"web","text":"hello","conversation_external_id":"g"}`, map[string]int{none: 401, agent: 200, admin: 200, alice: 401}},
		{"GET", "/api/v1/evaluations", "", map[string]int{none: 401, agent: 200, admin: 200, alice: 401}},
		{"GET", "/api/v1/outbox", "", map[string]int{none: 401, agent: 200, admin: 200, alice: 401}},
		{"GET", "/api/v1/openapi.json", "", map[string]int{none: 200}},
		{"GET", "/metrics", "", map[string]int{none: 200}},
		{"GET", "/widget/api/messages", "", map[string]int{none: 404, admin: 404, alice: 200, bob: 200}},
		{"GET", "/widget/api/messages", "forged.token.value", map[string]int{}},
	}
	names := map[string]string{none: "none", agent: "agent", admin: "admin", alice: "alice", bob: "bob"}
	for _, tt := range tests {
		for caller, want := range tt.want {
			code, body := do(tt.method, tt.path, caller, tt.body)
			if code != want {
				t.Errorf("%s %s as %s: %d, want %d: %s", tt.method, tt.path, names[caller], code, want, body)
			}
			if code >= 400 && code != 404 && !strings.Contains(body, `"error"`) {
				t.Errorf("%s %s as %s: error body without error object: %s", tt.method, tt.path, names[caller], body)
			}
		}
	}
	if code, _ := do("GET", "/widget/api/messages", "forged.token.value", ""); code != 404 {
		t.Errorf("forged widget token: %d, want 404", code)
	}
	// a widget session sees only its own conversation
	_, a := do("GET", "/widget/api/messages", alice, "")
	_, b := do("GET", "/widget/api/messages", bob, "")
	if !strings.Contains(a, "Alice") || strings.Contains(a, "QX-SECRET") || !strings.Contains(b, "QX-SECRET") || strings.Contains(b, "Alice") {
		t.Fatalf("widget sessions leak across conversations:\nalice: %s\nbob: %s", a, b)
	}
}
