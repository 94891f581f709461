package slack_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/handoffhq/handoff"
	"github.com/handoffhq/handoff/internal/engine"
	"github.com/handoffhq/handoff/internal/notify/slack"
)

func handoffItem(typ string) *handoff.OutboxItem {
	p, _ := json.Marshal(engine.NotificationPayload{
		Type: typ, Reason: "angry_sentiment", Rule: "angry_sentiment", Level: 1,
		Explanation:  "sentiment -0.84 <= -0.6 and message_count 2 >= 2",
		Conversation: &handoff.Conversation{ID: 42, Channel: "web", Customer: handoff.Customer{Name: "Ana <script>", Email: "ana@example.com"}, EscalationScore: 0.91},
		Signals:      &handoff.Signals{Sentiment: -0.84, RequestHuman: true, RequestHumanConfidence: 0.9, NegativeTone: 0.77, EscalationScore: 0.91},
		LastMessage:  "This is the WORST service ever!!!\nI want my money back & now",
	})
	return &handoff.OutboxItem{ID: 5, Kind: handoff.OutboxNotify, Target: "slack", Payload: p}
}

type hook struct {
	*httptest.Server
	mu     sync.Mutex
	bodies [][]byte
	status []int // answers in order; 200 after they run out
}

func newHook(t *testing.T, status ...int) *hook {
	h := &hook{status: status}
	h.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		h.mu.Lock()
		h.bodies = append(h.bodies, b)
		code := 200
		if len(h.status) > 0 {
			code, h.status = h.status[0], h.status[1:]
		}
		h.mu.Unlock()
		if r.Header.Get("Content-Type") != "application/json" {
			code = 415
		}
		w.WriteHeader(code)
		_, _ = io.WriteString(w, map[int]string{200: "ok", 404: "no_service", 400: "invalid_blocks"}[code])
	}))
	t.Cleanup(h.Close)
	return h
}

func TestDeliverPostsBlocks(t *testing.T) {
	t.Parallel()
	h := newHook(t)
	n := slack.New(slack.Config{WebhookURL: h.URL + "/services/T000/B000/XXXX", PublicURL: "https://support.example.com"})
	if err := n.Deliver(context.Background(), handoffItem("handoff")); err != nil {
		t.Fatal(err)
	}
	if len(h.bodies) != 1 {
		t.Fatalf("%d posts, want 1", len(h.bodies))
	}
	var m slack.Message
	if err := json.Unmarshal(h.bodies[0], &m); err != nil {
		t.Fatal(err)
	}
	types := []string{}
	for _, b := range m.Blocks {
		types = append(types, b.Type)
	}
	if strings.Join(types, ",") != "header,section,section,section,actions" {
		t.Fatalf("blocks %v, want header, reason, signals, last message, actions", types)
	}
	var all []string
	for _, b := range m.Blocks {
		if b.Text != nil {
			all = append(all, b.Text.Text)
		}
		for _, f := range b.Fields {
			all = append(all, f.Text)
		}
	}
	raw := strings.Join(all, "\n")
	for _, want := range []string{"Angry customer", "sentiment -0.84 &lt;= -0.6", "*Sentiment*\n-0.84", "*Asked for a person*\nyes (0.90)",
		"*Negative tone*\n0.77", "*Escalation score*\n0.91", "> This is the WORST service ever!!!\n> I want my money back &amp; now",
		"Ana &lt;script&gt;"} {
		if !strings.Contains(raw, want) {
			t.Errorf("message lacks %q:\n%s", want, raw)
		}
	}
	btn := m.Blocks[len(m.Blocks)-1].Elements[0]
	if btn.Type != "button" || btn.URL != "https://support.example.com/console/conversations/42" {
		t.Errorf("button %+v", btn)
	}
	if !strings.Contains(m.Text, "conversation 42") {
		t.Errorf("fallback text %q", m.Text)
	}
}

func TestReminderSaysSo(t *testing.T) {
	t.Parallel()
	m := slack.Build(mustDecode(t, handoffItem("reminder")), "https://support.example.com")
	if h := m.Blocks[0].Text.Text; !strings.Contains(h, "Reminder") {
		t.Errorf("header %q, want a reminder", h)
	}
	if !strings.Contains(m.Blocks[1].Text.Text, "Nobody has claimed") || !strings.Contains(m.Text, "Reminder") {
		t.Errorf("reminder wording missing: %+v", m)
	}
}

func TestStatusHandling(t *testing.T) {
	t.Parallel()
	tests := []struct {
		status    int
		permanent bool
	}{{404, true}, {400, true}, {403, true}, {429, false}, {500, false}, {503, false}}
	for _, tt := range tests {
		h := newHook(t, tt.status)
		n := slack.New(slack.Config{WebhookURL: h.URL, PublicURL: "http://x"})
		err := n.Deliver(context.Background(), handoffItem("handoff"))
		if err == nil {
			t.Errorf("%d: no error", tt.status)
			continue
		}
		if (handoff.ErrorCode(err) == handoff.EINVALID) != tt.permanent {
			t.Errorf("%d: %v, want permanent %v", tt.status, err, tt.permanent)
		}
	}
	n := slack.New(slack.Config{WebhookURL: "http://127.0.0.1:1/services/SECRET", PublicURL: "http://x"})
	err := n.Deliver(context.Background(), handoffItem("handoff"))
	if err == nil || handoff.ErrorCode(err) == handoff.EINVALID || strings.Contains(err.Error(), "SECRET") {
		t.Errorf("unreachable Slack: %v, want a retryable error without the webhook URL", err)
	}
}

func mustDecode(t *testing.T, it *handoff.OutboxItem) *engine.NotificationPayload {
	t.Helper()
	var p engine.NotificationPayload
	if err := json.Unmarshal(it.Payload, &p); err != nil {
		t.Fatal(err)
	}
	return &p
}
