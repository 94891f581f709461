package webhook_test

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/handoffhq/handoff"
	"github.com/handoffhq/handoff/internal/engine"
	"github.com/handoffhq/handoff/internal/notify/webhook"
)

// secret is whsec_ + base64 of the key bytes, as Standard Webhooks secrets are written.
var secret = "whsec_" + base64.StdEncoding.EncodeToString([]byte("bar-secret-0123456789abcdef"))

// verify is an independent Standard Webhooks verifier written from the specification:
// the signed content is "{id}.{timestamp}.{body}", HMAC-SHA256 keyed with the base64-decoded
// secret after "whsec_", sent base64 as "v1,<sig>" among space-separated signatures; the
// timestamp must be within five minutes of now.
func verify(sec string, h http.Header, body []byte, now time.Time) error {
	id, ts, sigs := h.Get("webhook-id"), h.Get("webhook-timestamp"), h.Get("webhook-signature")
	if id == "" || ts == "" || sigs == "" {
		return errors.New("missing headers")
	}
	sec = strings.TrimPrefix(sec, "whsec_")
	key, err := base64.StdEncoding.DecodeString(sec)
	if err != nil {
		return err
	}
	secs, err := strconv.ParseInt(ts, 10, 64)
	if err != nil {
		return errors.New("bad timestamp")
	}
	if d := now.Sub(time.Unix(secs, 0)); d > 5*time.Minute || d < -5*time.Minute {
		return errors.New("timestamp out of tolerance")
	}
	mac := hmac.New(sha256.New, key)
	mac.Write([]byte(id + "." + ts + "." + string(body)))
	want := mac.Sum(nil)
	for _, s := range strings.Fields(sigs) {
		version, sig, ok := strings.Cut(s, ",")
		if !ok || version != "v1" {
			continue
		}
		got, err := base64.StdEncoding.DecodeString(sig)
		if err == nil && hmac.Equal(got, want) {
			return nil
		}
	}
	return errors.New("no matching signature")
}

type delivery struct {
	header http.Header
	body   []byte
}

type receiver struct {
	*httptest.Server
	mu     sync.Mutex
	got    []delivery
	status []int
}

func newReceiver(t *testing.T, status ...int) *receiver {
	r := &receiver{status: status}
	r.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		b, _ := io.ReadAll(req.Body)
		r.mu.Lock()
		r.got = append(r.got, delivery{req.Header.Clone(), b})
		code := 200
		if len(r.status) > 0 {
			code, r.status = r.status[0], r.status[1:]
		}
		r.mu.Unlock()
		w.WriteHeader(code)
	}))
	t.Cleanup(r.Close)
	return r
}

type clock struct{ t time.Time }

func (c *clock) Now() time.Time { return c.t }

func item(typ string) *handoff.OutboxItem {
	p, _ := json.Marshal(engine.NotificationPayload{Type: typ, Reason: "request_human", Rule: "request_human",
		Explanation: "request_human is true", Conversation: &handoff.Conversation{ID: 42, Channel: "web", State: handoff.StatePaused},
		Signals: &handoff.Signals{RequestHuman: true, EscalationScore: 0.8}, LastMessage: "I want to talk to a real person"})
	return &handoff.OutboxItem{ID: 17, Kind: handoff.OutboxNotify, Target: "webhook", Payload: p,
		CreatedAt: time.Date(2026, 11, 25, 12, 0, 0, 0, time.UTC)}
}

func TestSignedDeliveryVerifiesIndependently(t *testing.T) {
	t.Parallel()
	rc := newReceiver(t)
	clk := &clock{t: time.Date(2026, 11, 25, 12, 0, 3, 0, time.UTC)}
	n, err := webhook.New(webhook.Config{URL: rc.URL + "/hook", Secret: secret, Now: clk.Now})
	if err != nil {
		t.Fatal(err)
	}
	for _, typ := range []string{"handoff", "reminder"} {
		if err := n.Deliver(context.Background(), item(typ)); err != nil {
			t.Fatal(err)
		}
	}
	if len(rc.got) != 2 {
		t.Fatalf("%d deliveries, want 2", len(rc.got))
	}
	for i, want := range []string{"conversation.handoff", "conversation.reminder"} {
		d := rc.got[i]
		if err := verify(secret, d.header, d.body, clk.t); err != nil {
			t.Errorf("delivery %d: %v", i, err)
		}
		if d.header.Get("webhook-timestamp") != strconv.FormatInt(clk.t.Unix(), 10) {
			t.Errorf("webhook-timestamp %s, want the attempt time", d.header.Get("webhook-timestamp"))
		}
		var body struct {
			Type      string
			Timestamp time.Time
			Data      engine.NotificationPayload
		}
		if err := json.Unmarshal(d.body, &body); err != nil {
			t.Fatal(err)
		}
		if body.Type != want || body.Data.Conversation.ID != 42 || body.Data.Reason != "request_human" || !body.Timestamp.Equal(item("").CreatedAt) {
			t.Errorf("body %+v", body)
		}
		if err := verify("whsec_"+base64.StdEncoding.EncodeToString([]byte("another key")), d.header, d.body, clk.t); err == nil {
			t.Error("verifies with the wrong secret")
		}
		tampered := []byte(strings.Replace(string(d.body), "42", "43", 1))
		if err := verify(secret, d.header, tampered, clk.t); err == nil {
			t.Error("verifies a tampered body")
		}
	}
}

func TestRetriesKeepTheIDAndResign(t *testing.T) {
	t.Parallel()
	rc := newReceiver(t, 500, 400, 200)
	clk := &clock{t: time.Date(2026, 11, 25, 12, 0, 0, 0, time.UTC)}
	n, err := webhook.New(webhook.Config{URL: rc.URL, Secret: secret, Now: func() time.Time { return clk.t }})
	if err != nil {
		t.Fatal(err)
	}
	it := item("handoff")
	for i, wantErr := range []bool{true, true, false} {
		err := n.Deliver(context.Background(), it)
		if (err != nil) != wantErr {
			t.Fatalf("attempt %d: %v", i+1, err)
		}
		if err != nil && handoff.ErrorCode(err) == handoff.EINVALID {
			t.Fatalf("attempt %d: %v is permanent, want a retry", i+1, err)
		}
		clk.t = clk.t.Add(5 * time.Minute)
	}
	ids := map[string]bool{}
	stamps := map[string]bool{}
	for _, d := range rc.got {
		ids[d.header.Get("webhook-id")] = true
		stamps[d.header.Get("webhook-timestamp")] = true
	}
	if len(ids) != 1 || len(stamps) != 3 {
		t.Errorf("ids %v timestamps %v: want one id and a fresh timestamp per attempt", ids, stamps)
	}
	if id := rc.got[0].header.Get("webhook-id"); id != webhook.MessageID(it) || !strings.HasPrefix(id, "msg_") {
		t.Errorf("webhook-id %q", id)
	}
}

func TestGoneIsPermanent(t *testing.T) {
	t.Parallel()
	rc := newReceiver(t, http.StatusGone)
	n, _ := webhook.New(webhook.Config{URL: rc.URL, Secret: secret})
	if err := n.Deliver(context.Background(), item("handoff")); handoff.ErrorCode(err) != handoff.EINVALID {
		t.Fatalf("410: %v, want permanent", err)
	}
}

func TestRedirectIsNotFollowed(t *testing.T) {
	t.Parallel()
	target := newReceiver(t)
	redirect := httptest.NewServer(http.RedirectHandler(target.URL, http.StatusFound))
	t.Cleanup(redirect.Close)
	n, _ := webhook.New(webhook.Config{URL: redirect.URL, Secret: secret})
	if err := n.Deliver(context.Background(), item("handoff")); err == nil {
		t.Fatal("a redirect counted as delivered")
	}
	if len(target.got) != 0 {
		t.Error("the redirect was followed")
	}
}

func TestNewChecksConfig(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, url, secret string
		ok                bool
	}{
		{"good", "https://hooks.example.com/handoff", secret, true},
		{"no prefix", "https://hooks.example.com", "c2VjcmV0", false},
		{"not base64", "https://hooks.example.com", "whsec_%%%", false},
		{"empty key", "https://hooks.example.com", "whsec_", false},
		{"bad url", "ftp://hooks.example.com", secret, false},
		{"no host", "https://", secret, false},
	}
	for _, tt := range tests {
		_, err := webhook.New(webhook.Config{URL: tt.url, Secret: tt.secret})
		if (err == nil) != tt.ok {
			t.Errorf("%s: err = %v", tt.name, err)
		}
	}
}

func TestSignMatchesSpecExample(t *testing.T) {
	t.Parallel()
	// the example from the Standard Webhooks specification
	key, err := webhook.DecodeSecret("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")
	if err != nil {
		t.Fatal(err)
	}
	got := webhook.Sign(key, "msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330, []byte(`{"test": 2432232314}`))
	if got != "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=" {
		t.Errorf("Sign = %s", got)
	}
}
