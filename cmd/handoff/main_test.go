package main

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/handoffhq/handoff/internal/config"
)

func startMain(t *testing.T, dir string) *Main {
	t.Helper()
	c := config.Config{Addr: "127.0.0.1:0", DataDir: dir, APIToken: "e2e-token"}.WithDefaults()
	m := &Main{Config: c}
	if err := m.Run(context.Background()); err != nil {
		t.Fatal(err)
	}
	return m
}

func post(t *testing.T, m *Main, path, body string) (int, map[string]any) {
	t.Helper()
	req, _ := http.NewRequest("POST", m.Server.URL()+path, strings.NewReader(body))
	req.Header.Set("Authorization", "Bearer e2e-token")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var out map[string]any
	_ = json.NewDecoder(resp.Body).Decode(&out)
	return resp.StatusCode, out
}

func TestServeKeepsStateAcrossRestart(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	m := startMain(t, dir)
	post(t, m, "/api/v1/messages", `{"channel":"web","role":"customer","text":"Where is my order? It is late.","external_id":"m1","conversation_external_id":"c"}`)
	status, out := post(t, m, "/api/v1/messages", `{"channel":"web","role":"customer","text":"This is absolutely horrible, the worst service ever. I am furious!!!","external_id":"m2","conversation_external_id":"c"}`)
	conv := out["conversation"].(map[string]any)
	if status != 201 || conv["state"] != "paused" {
		t.Fatalf("status %d state %v", status, conv["state"])
	}
	if err := m.Close(); err != nil {
		t.Fatal(err)
	}
	m = startMain(t, dir)
	defer m.Close()
	req, _ := http.NewRequest("GET", m.Server.URL()+"/api/v1/conversations/1", nil)
	req.Header.Set("Authorization", "Bearer e2e-token")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var d struct {
		Conversation struct{ State string }
		Messages     []struct{ Role string }
	}
	if err := json.NewDecoder(resp.Body).Decode(&d); err != nil {
		t.Fatal(err)
	}
	customers := 0
	for _, msg := range d.Messages {
		if msg.Role == "customer" {
			customers++
		}
	}
	if d.Conversation.State != "paused" || customers != 2 {
		t.Fatalf("after restart: state %s, customer messages %d", d.Conversation.State, customers)
	}
}

func TestFirstStartPrintsToken(t *testing.T) {
	t.Parallel()
	var out bytes.Buffer
	c := config.Config{Addr: "127.0.0.1:0", DataDir: t.TempDir()}.WithDefaults()
	m := &Main{Config: c, Stdout: &out}
	if err := m.Run(context.Background()); err != nil {
		t.Fatal(err)
	}
	defer m.Close()
	if !strings.Contains(out.String(), "hnd_") {
		t.Fatalf("no token printed: %q", out.String())
	}
}

func TestSimulate(t *testing.T) {
	t.Parallel()
	in, err := os.Open(filepath.Join("testdata", "mixed.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	defer in.Close()
	var stdout, stderr bytes.Buffer
	code := run(context.Background(), []string{"simulate", "--summary"}, in, &stdout, &stderr, func(string) string { return "" })
	if code != 1 {
		t.Fatalf("exit code = %d, want 1 for bad lines", code)
	}
	for _, want := range []string{"line 10: invalid JSON", "line 11: unknown channel"} {
		if !strings.Contains(stderr.String(), want) {
			t.Errorf("stderr lacks %q: %s", want, stderr.String())
		}
	}
	type line struct {
		Conversation     string
		Index            int
		Role             string
		Fired            []struct{ Rule string }
		State            string
		AIMayReply       bool `json:"ai_may_reply"`
		Summary          bool
		FirstHandoffTurn *int `json:"first_handoff_turn"`
		Rule             string
		Signals          map[string]any
	}
	var lines []line
	for _, raw := range strings.Split(strings.TrimSpace(stdout.String()), "\n") {
		var l line
		if err := json.Unmarshal([]byte(raw), &l); err != nil {
			t.Fatalf("output line %q: %v", raw, err)
		}
		lines = append(lines, l)
	}
	if len(lines) != 9+4 {
		t.Fatalf("got %d output lines, want 9 turns + 4 summaries", len(lines))
	}
	want := map[string]struct {
		turn *int
		rule string
	}{
		"routine": {nil, ""},
		"angry":   {ptr(2), "angry_sentiment"},
		"negated": {nil, ""},
		"human":   {ptr(0), "request_human"},
	}
	for _, l := range lines {
		if !l.Summary {
			if l.Role == "customer" && (l.Signals == nil || l.Signals["escalation_score"] == nil) {
				t.Errorf("%s/%d: signals missing", l.Conversation, l.Index)
			}
			continue
		}
		w := want[l.Conversation]
		if (w.turn == nil) != (l.FirstHandoffTurn == nil) || (w.turn != nil && *w.turn != *l.FirstHandoffTurn) || w.rule != l.Rule {
			t.Errorf("%s: first handoff %v rule %q, want %v %q", l.Conversation, l.FirstHandoffTurn, l.Rule, w.turn, w.rule)
		}
	}
}

func ptr(i int) *int { return &i }

func TestRulesCheck(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	good := filepath.Join(dir, "good.yaml")
	bad := filepath.Join(dir, "bad.yaml")
	os.WriteFile(good, []byte("- id: vip\n  name: VIP\n  enabled: true\n  expr: 'conversation.channel == \"web\"'\n  then: [{tag: vip}]\n"), 0o600)
	os.WriteFile(bad, []byte("- id: broken\n  expr: 'signals.sentiment <'\n  then: [pause_ai]\n"), 0o600)
	tests := []struct {
		file     string
		code     int
		contains string
	}{
		{good, 0, "1 rule(s) OK"},
		{bad, 1, "broken"},
	}
	for _, tt := range tests {
		var stdout, stderr bytes.Buffer
		code := run(context.Background(), []string{"rules", "check", tt.file}, nil, &stdout, &stderr, func(string) string { return "" })
		if code != tt.code || !strings.Contains(stdout.String()+stderr.String(), tt.contains) {
			t.Errorf("%s: code %d, out %q %q", tt.file, code, stdout.String(), stderr.String())
		}
	}
}

func TestHelpAndVersion(t *testing.T) {
	t.Parallel()
	for _, args := range [][]string{{"version"}, {"--help"}, {"serve", "--help"}, {"simulate", "--help"}, {"migrate", "--help"}, {"rules", "check", "--help"}} {
		var stdout, stderr bytes.Buffer
		if code := run(context.Background(), args, strings.NewReader(""), &stdout, &stderr, func(string) string { return "" }); code != 0 {
			t.Errorf("%v: exit %d: %s", args, code, stderr.String())
		}
	}
	var stdout, stderr bytes.Buffer
	if code := run(context.Background(), []string{"explode"}, nil, &stdout, &stderr, func(string) string { return "" }); code != 2 {
		t.Errorf("unknown command exit = %d, want 2", code)
	}
}
