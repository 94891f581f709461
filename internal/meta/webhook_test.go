package meta_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/handoffhq/handoff"
	"github.com/handoffhq/handoff/internal/engine"
	"github.com/handoffhq/handoff/internal/meta"
)

func TestVerifyChallenge(t *testing.T) {
	t.Parallel()
	b := setup(t)
	tests := []struct {
		name, query string
		status      int
		body        string
	}{
		{"match", "hub.mode=subscribe&hub.verify_token=" + testVerify + "&hub.challenge=8675309", 200, "8675309"},
		{"wrong token", "hub.mode=subscribe&hub.verify_token=wrong&hub.challenge=1", 403, ""},
		{"wrong mode", "hub.mode=unsubscribe&hub.verify_token=" + testVerify + "&hub.challenge=1", 403, ""},
		{"no token", "hub.mode=subscribe&hub.challenge=1", 403, ""},
		{"nothing", "", 403, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := httptest.NewRecorder()
			b.h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/webhooks/meta?"+tt.query, nil))
			if rec.Code != tt.status {
				t.Fatalf("status %d, want %d", rec.Code, tt.status)
			}
			if tt.status == 200 && (rec.Body.String() != tt.body || !strings.HasPrefix(rec.Header().Get("Content-Type"), "text/plain")) {
				t.Errorf("body %q (%s), want %q as text/plain", rec.Body.String(), rec.Header().Get("Content-Type"), tt.body)
			}
		})
	}
	t.Run("no verify token configured", func(t *testing.T) {
		h := meta.NewHandler(meta.Config{AppSecret: testSecret}, nil)
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/webhooks/meta?hub.mode=subscribe&hub.verify_token=&hub.challenge=1", nil))
		if rec.Code != 403 {
			t.Fatalf("status %d, want 403", rec.Code)
		}
	})
}

func TestRejectsBadSignaturesAndStoresNothing(t *testing.T) {
	t.Parallel()
	body, good := fixture(t, "instagram_text.json")
	_, olderSig := fixture(t, "messenger_text.json")
	tampered := bytes.Replace(body, []byte("Austria"), []byte("Germany"), 1)
	tests := []struct {
		name string
		body []byte
		sig  string
	}{
		{"missing", body, ""},
		{"forged", body, "sha256=" + strings.Repeat("ab", 32)},
		{"not hex", body, "sha256=zz"},
		{"sha1 scheme", body, "sha1=" + strings.Repeat("ab", 20)},
		{"stale: another body's signature", body, olderSig},
		{"tampered body", tampered, good},
		{"rotated secret", body, sign("old-app-secret", body)},
		{"bare hex", body, strings.TrimPrefix(good, "sha256=")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			b := setup(t)
			rec := b.post(t, tt.body, tt.sig)
			if rec.Code != http.StatusUnauthorized {
				t.Fatalf("status %d, want 401", rec.Code)
			}
			var e struct {
				Error struct{ Code, Message string }
			}
			if err := json.Unmarshal(rec.Body.Bytes(), &e); err != nil || e.Error.Code != handoff.EUNAUTHORIZED {
				t.Errorf("body %s, want the JSON error envelope with code unauthorized", rec.Body.String())
			}
			if n := len(b.conversations(t, "")); n != 0 {
				t.Errorf("%d conversations stored, want none", n)
			}
		})
	}
}

func TestBodyLimitsAndBadJSON(t *testing.T) {
	t.Parallel()
	b := setup(t)
	big := append([]byte(`{"object":"page","entry":[],"pad":"`), bytes.Repeat([]byte("x"), meta.MaxBody)...)
	big = append(big, '"', '}')
	if rec := b.post(t, big, sign(testSecret, big)); rec.Code != http.StatusRequestEntityTooLarge {
		t.Errorf("oversized body: %d, want 413", rec.Code)
	}
	bad := []byte(`{"object":"page","entry":[{`)
	if rec := b.post(t, bad, sign(testSecret, bad)); rec.Code != http.StatusBadRequest {
		t.Errorf("invalid JSON: %d, want 400", rec.Code)
	}
	other := []byte(`{"object":"whatsapp_business_account","entry":[]}`)
	if rec := b.post(t, other, sign(testSecret, other)); rec.Code != http.StatusOK {
		t.Errorf("other object: %d, want 200", rec.Code)
	}
	rec := httptest.NewRecorder()
	b.h.ServeHTTP(rec, httptest.NewRequest(http.MethodPut, "/webhooks/meta", nil))
	if rec.Code != http.StatusMethodNotAllowed {
		t.Errorf("PUT: %d, want 405", rec.Code)
	}
	if n := len(b.conversations(t, "")); n != 0 {
		t.Errorf("%d conversations stored, want none", n)
	}
}

func TestCustomerMessagesAreStored(t *testing.T) {
	t.Parallel()
	tests := []struct {
		file, channel, customer string
		wantText                string
		wantAttachment          string // type of the first attachment, "" for none
		wantAIReply             bool
	}{
		{"messenger_text.json", "messenger", "6543210987654321", "Hi, my order #1042 still hasn't arrived. Where is it?", "", true},
		{"messenger_attachment.json", "messenger", "6543210987654321", "", "image", true},
		{"messenger_quick_reply.json", "messenger", "6543210987654321", "Track my order", "quick_reply", true},
		{"messenger_standby.json", "messenger", "6543210987654321", "Thanks, I'll wait for Ana.", "", false},
		{"instagram_text.json", "instagram", "1133557799224466", "Do you ship to Austria? 🇦🇹", "", true},
		{"instagram_story_reply.json", "instagram", "1133557799224466", "", "story_mention", true},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			t.Parallel()
			b := setup(t)
			b.deliver(t, tt.file)
			c := b.conversation(t, tt.channel, tt.customer)
			if c.Customer.ID != tt.customer {
				t.Errorf("customer id %q, want %q", c.Customer.ID, tt.customer)
			}
			ms := b.messages(t, c.ID)
			cust := byRole(ms, handoff.RoleCustomer)
			if len(cust) != 1 || cust[0].Text != tt.wantText || cust[0].ExternalID == "" {
				t.Fatalf("customer messages %+v, want one with text %q and the mid", cust, tt.wantText)
			}
			if tt.wantAttachment != "" && (len(cust[0].Attachments) == 0 || cust[0].Attachments[0].Type != tt.wantAttachment) {
				t.Errorf("attachments %+v, want %s first", cust[0].Attachments, tt.wantAttachment)
			}
			ai := byRole(ms, handoff.RoleAI)
			if got := len(ai) > 0; got != tt.wantAIReply {
				t.Errorf("AI replied: %v, want %v", got, tt.wantAIReply)
			}
			if tt.wantAIReply {
				out := b.outbox(t, handoff.OutboxFilter{ConversationID: c.ID})
				if len(out) == 0 || out[0].Target != tt.channel || out[0].Kind != handoff.OutboxCustomer {
					t.Errorf("outbox %+v, want the AI reply queued for %s", out, tt.channel)
				}
			}
		})
	}
}

func TestDuplicateDeliveryIsStoredOnce(t *testing.T) {
	t.Parallel()
	b := setup(t)
	for range 3 {
		b.deliver(t, "messenger_text.json")
	}
	cs := b.conversations(t, handoff.ChannelMessenger)
	if len(cs) != 1 {
		t.Fatalf("%d conversations, want 1", len(cs))
	}
	ms := b.messages(t, cs[0].ID)
	if n := len(byRole(ms, handoff.RoleCustomer)); n != 1 {
		t.Errorf("%d customer messages, want 1", n)
	}
	if n := len(byRole(ms, handoff.RoleAI)); n != 1 {
		t.Errorf("%d AI replies, want 1 (a repeat must not be answered again)", n)
	}
}

func TestEchoFromOwnAppIsIgnored(t *testing.T) {
	t.Parallel()
	b := setup(t)
	b.deliver(t, "messenger_text.json")
	b.deliver(t, "messenger_echo_own.json")
	c := b.conversation(t, handoff.ChannelMessenger, "6543210987654321")
	if c.State != handoff.StateAIActive {
		t.Errorf("state %s, want ai_active: our own echo is not a human reply", c.State)
	}
	if n := len(byRole(b.messages(t, c.ID), handoff.RoleAgent)); n != 0 {
		t.Errorf("%d agent messages, want 0", n)
	}
}

func TestOwnEchoRecognisedByMetadataWithoutAppID(t *testing.T) {
	t.Parallel()
	h := meta.NewHandler(meta.Config{AppSecret: testSecret}, nil)
	tests := []struct {
		ev   meta.Event
		want bool
	}{
		{meta.Event{Echo: true, AppID: testAppID, Metadata: "handoff:12"}, true},
		{meta.Event{Echo: true, AppID: "263902037430900"}, false},
		{meta.Event{Echo: true}, false},
	}
	for _, tt := range tests {
		if got := h.Own(tt.ev); got != tt.want {
			t.Errorf("Own(%+v) = %v, want %v", tt.ev, got, tt.want)
		}
	}
}

// A reply from the Page inbox pauses the AI and, on Messenger (no cooldown by default), it stays paused.
func TestMessengerInboxEchoPausesAndStaysPaused(t *testing.T) {
	t.Parallel()
	b := setup(t)
	b.deliver(t, "messenger_text.json")
	b.deliver(t, "messenger_echo_inbox.json")
	c := b.conversation(t, handoff.ChannelMessenger, "6543210987654321")
	if c.State != handoff.StatePaused || c.HandoffReason != "external_human" || c.ResumeAt != nil {
		t.Fatalf("state %s reason %q resume %v, want paused by external_human with no resume time", c.State, c.HandoffReason, c.ResumeAt)
	}
	agent := byRole(b.messages(t, c.ID), handoff.RoleAgent)
	if len(agent) != 1 || agent[0].Source != handoff.SourceExternal || !strings.Contains(agent[0].Text, "Ana") {
		t.Fatalf("agent messages %+v, want the inbox reply with source external", agent)
	}
	// the human reply is not sent back out: it is already in the customer's thread
	for _, it := range b.outbox(t, handoff.OutboxFilter{ConversationID: c.ID}) {
		var p engine.CustomerPayload
		_ = json.Unmarshal(it.Payload, &p)
		if p.Message != nil && p.Message.Role == handoff.RoleAgent {
			t.Errorf("the external agent reply was queued for sending: %+v", it)
		}
	}
	b.clock.Advance(48 * time.Hour)
	b.runDue(t, map[string]handoff.Notifier{})
	if c := b.conversation(t, handoff.ChannelMessenger, "6543210987654321"); c.State != handoff.StatePaused {
		t.Errorf("after 48h: %s, want still paused (messenger stays paused until a person resumes)", c.State)
	}
	b.deliver(t, "messenger_quick_reply.json")
	c = b.conversation(t, handoff.ChannelMessenger, "6543210987654321")
	if n := len(byRole(b.messages(t, c.ID), handoff.RoleAI)); n != 1 {
		t.Errorf("%d AI replies, want only the one before the pause", n)
	}
}

// On Instagram (60m cooldown) the AI resumes once the cooldown has passed with no human activity.
func TestInstagramInboxEchoPausesThenResumesAfterCooldown(t *testing.T) {
	t.Parallel()
	b := setup(t)
	rec := &recorder{}
	notifiers := map[string]handoff.Notifier{handoff.ChannelInstagram: rec}
	b.deliver(t, "instagram_text.json")
	b.deliver(t, "instagram_echo_inbox.json")
	c := b.conversation(t, handoff.ChannelInstagram, "1133557799224466")
	if c.State != handoff.StatePaused || c.ResumeAt == nil || !c.ResumeAt.Equal(b.clock.Now().Add(time.Hour)) {
		t.Fatalf("state %s resume %v, want paused until now+60m", c.State, c.ResumeAt)
	}
	b.clock.Advance(59 * time.Minute)
	b.runDue(t, notifiers)
	if c := b.conversation(t, handoff.ChannelInstagram, "1133557799224466"); c.State != handoff.StatePaused {
		t.Fatalf("after 59m: %s, want paused", c.State)
	}
	b.clock.Advance(2 * time.Minute)
	b.runDue(t, notifiers)
	c = b.conversation(t, handoff.ChannelInstagram, "1133557799224466")
	if c.State != handoff.StateAIActive {
		t.Fatalf("after 61m: %s, want ai_active", c.State)
	}
	ms := b.messages(t, c.ID)
	if last := ms[len(ms)-1]; last.Role != handoff.RoleSystem || !strings.Contains(last.Text, "AI assistant") {
		t.Errorf("last message %+v, want the resume notice", last)
	}
	b.runDue(t, notifiers)
	if got := rec.texts(); len(got) < 2 || !strings.Contains(got[len(got)-1], "AI assistant") {
		t.Errorf("delivered %q, want the AI reply and then the resume notice sent to Instagram", got)
	}
}

// recorder is a Notifier that keeps what it was asked to deliver.
type recorder struct {
	mu    sync.Mutex
	items []*handoff.OutboxItem
}

func (r *recorder) Deliver(_ context.Context, it *handoff.OutboxItem) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.items = append(r.items, it)
	return nil
}

func (r *recorder) texts() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	var out []string
	for _, it := range r.items {
		var p engine.CustomerPayload
		_ = json.Unmarshal(it.Payload, &p)
		if p.Message != nil {
			out = append(out, p.Message.Text)
		}
	}
	return out
}

// stubIngester fails the way it is told to.
type stubIngester struct {
	err   error
	calls int
}

func (s *stubIngester) Ingest(context.Context, engine.IngestRequest) (*engine.IngestResult, error) {
	s.calls++
	return &engine.IngestResult{}, s.err
}

func TestStoreFailuresAndRejectedInput(t *testing.T) {
	t.Parallel()
	body, sig := fixture(t, "messenger_batch.json")
	tests := []struct {
		name   string
		err    error
		status int
		calls  int
	}{
		{"committed", nil, 200, 2},
		{"database down: Meta must retry", errors.New("database is locked"), 500, 1},
		{"unavailable", handoff.Errorf(handoff.EUNAVAILABLE, "down"), 500, 1},
		{"invalid input is skipped", handoff.Errorf(handoff.EINVALID, "text too long"), 200, 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			ing := &stubIngester{err: tt.err}
			h := meta.NewHandler(meta.Config{AppSecret: testSecret, AppID: testAppID}, ing)
			req := httptest.NewRequest(http.MethodPost, "/webhooks/meta", bytes.NewReader(body))
			req.Header.Set(meta.SignatureHeader, sig)
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, req)
			if rec.Code != tt.status || ing.calls != tt.calls {
				t.Fatalf("status %d after %d ingests, want %d after %d", rec.Code, ing.calls, tt.status, tt.calls)
			}
			if tt.status == 500 && strings.Contains(rec.Body.String(), "locked") {
				t.Errorf("internal detail leaked: %s", rec.Body.String())
			}
		})
	}
}
