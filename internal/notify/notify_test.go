package notify_test

import (
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/handoffhq/handoff"
	"github.com/handoffhq/handoff/internal/engine"
	"github.com/handoffhq/handoff/internal/notify"
)

func TestDecode(t *testing.T) {
	t.Parallel()
	good, _ := json.Marshal(engine.NotificationPayload{Reason: "request_human", Conversation: &handoff.Conversation{ID: 7}})
	tests := []struct {
		name     string
		payload  string
		wantErr  bool
		wantType string
	}{
		{"handoff without type", string(good), false, notify.TypeHandoff},
		{"reminder", `{"type":"reminder","conversation":{"id":7}}`, false, notify.TypeReminder},
		{"no conversation", `{"type":"handoff"}`, true, ""},
		{"not json", `{`, true, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			p, err := notify.Decode(&handoff.OutboxItem{ID: 1, Payload: json.RawMessage(tt.payload)})
			if tt.wantErr {
				if handoff.ErrorCode(err) != handoff.EINVALID {
					t.Fatalf("err = %v, want EINVALID", err)
				}
				return
			}
			if err != nil || p.Type != tt.wantType || p.Conversation.ID != 7 {
				t.Fatalf("Decode = %+v, %v", p, err)
			}
		})
	}
}

func TestStatusError(t *testing.T) {
	t.Parallel()
	tests := []struct {
		status    int
		wantNil   bool
		permanent bool
	}{
		{200, true, false}, {204, true, false},
		{400, false, true}, {403, false, true}, {404, false, true}, {410, false, true},
		{408, false, false}, {429, false, false}, {500, false, false}, {502, false, false}, {503, false, false},
		{302, false, false},
	}
	for _, tt := range tests {
		resp := &http.Response{StatusCode: tt.status, Status: http.StatusText(tt.status), Body: io.NopCloser(strings.NewReader("no_service"))}
		err := notify.StatusError("slack", resp)
		if (err == nil) != tt.wantNil {
			t.Errorf("%d: err = %v", tt.status, err)
			continue
		}
		if err != nil && (handoff.ErrorCode(err) == handoff.EINVALID) != tt.permanent {
			t.Errorf("%d: permanent = %v, want %v", tt.status, !tt.permanent, tt.permanent)
		}
		if err != nil && !strings.Contains(err.Error(), "no_service") {
			t.Errorf("%d: %v does not carry the body", tt.status, err)
		}
	}
}

func TestWording(t *testing.T) {
	t.Parallel()
	if got := notify.ConversationURL("https://support.example.com/", 42); got != "https://support.example.com/console/conversations/42" {
		t.Errorf("ConversationURL = %s", got)
	}
	for reason, want := range map[string]string{"request_human": "Customer asked for a person", "vip_customer": "Rule vip_customer", "": "Needs a person"} {
		if got := notify.ReasonLabel(reason); got != want {
			t.Errorf("ReasonLabel(%q) = %q, want %q", reason, got, want)
		}
	}
	c := &handoff.Conversation{ID: 3, Channel: "web", Customer: handoff.Customer{Name: "Ana", Email: "ana@example.com"}}
	if got := notify.CustomerLine(c); got != "Ana <ana@example.com> on web" {
		t.Errorf("CustomerLine = %q", got)
	}
	if got := notify.Title(&engine.NotificationPayload{Type: "reminder", Reason: "angry_sentiment", Conversation: c}); !strings.Contains(got, "Reminder") || !strings.Contains(got, "3") {
		t.Errorf("Title = %q", got)
	}
	if got := notify.Clip("héllo wörld", 5); got != "héll…" {
		t.Errorf("Clip = %q", got)
	}
}
