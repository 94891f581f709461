package main

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-smtp"

	"github.com/handoffhq/handoff"
	"github.com/handoffhq/handoff/internal/analyze"
	"github.com/handoffhq/handoff/internal/config"
	"github.com/handoffhq/handoff/internal/engine"
	handoffhttp "github.com/handoffhq/handoff/internal/http"
	"github.com/handoffhq/handoff/internal/sqlite"
)

var testWebhookSecret = "whsec_" + base64.StdEncoding.EncodeToString([]byte("bar-secret-0123456789abcdef"))

func TestNewIntegrations(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		cfg      config.Config
		targets  []string
		outbound []string
		orders   bool
		mounts   int
		wantErr  string
	}{
		{name: "nothing configured", cfg: config.Config{}},
		{name: "slack", cfg: config.Config{Slack: config.Slack{WebhookURL: "https://hooks.slack.com/services/T/B/X"}}, targets: []string{"slack"}},
		{name: "all notifications", cfg: config.Config{
			Slack:   config.Slack{WebhookURL: "https://hooks.slack.com/services/T/B/X"},
			Webhook: config.Webhook{URL: "https://example.com/hook", Secret: testWebhookSecret},
			SMTP:    config.SMTP{URL: "smtp://u:p@mail.example.com:587", NotifyEmail: "team@example.com"},
		}, targets: []string{"slack", "webhook", "email"}},
		{name: "meta page token", cfg: config.Config{Meta: config.Meta{PageToken: "pt"}}, outbound: []string{"messenger", "instagram"}, mounts: 1},
		{name: "meta webhooks", cfg: config.Config{Meta: config.Meta{AppSecret: "s", VerifyToken: "v", PageToken: "pt"}}, outbound: []string{"messenger", "instagram"}, mounts: 2},
		{name: "shopify", cfg: config.Config{Shopify: config.Shopify{APISecret: "s", Shop: "bar.myshopify.com", AdminToken: "shpat"}}, orders: true, mounts: 1},
		{name: "shopify webhooks only", cfg: config.Config{Shopify: config.Shopify{APISecret: "s"}}, mounts: 1},
		{name: "bad webhook secret", cfg: config.Config{Webhook: config.Webhook{URL: "https://example.com/hook", Secret: "whsec_%%"}}, wantErr: "webhook"},
		{name: "bad smtp url", cfg: config.Config{SMTP: config.SMTP{URL: "smtp://", NotifyEmail: "team@example.com"}}, wantErr: "smtp"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			in, err := newIntegrations(tt.cfg.WithDefaults(), nil, nil)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("err = %v, want one about %s", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(in.Targets, tt.targets) || !slices.Equal(in.Outbound, tt.outbound) {
				t.Errorf("targets %v outbound %v, want %v %v", in.Targets, in.Outbound, tt.targets, tt.outbound)
			}
			for _, name := range append(slices.Clone(tt.targets), tt.outbound...) {
				if in.Notifiers[name] == nil {
					t.Errorf("no notifier for %s", name)
				}
			}
			if len(in.Notifiers) != len(tt.targets)+len(tt.outbound) {
				t.Errorf("%d notifiers, want %d", len(in.Notifiers), len(tt.targets)+len(tt.outbound))
			}
			if (in.Orders != nil) != tt.orders || len(in.mounts) != tt.mounts {
				t.Errorf("orders %v mounts %d, want %v %d", in.Orders != nil, len(in.mounts), tt.orders, tt.mounts)
			}
		})
	}
}

// outlet is an HTTP endpoint that fails its first request and records all of them.
type outlet struct {
	*httptest.Server
	mu   sync.Mutex
	reqs []recorded
}

type recorded struct {
	header http.Header
	body   []byte
	status int
}

func newOutlet(t *testing.T, failFirst int) *outlet {
	o := &outlet{}
	o.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		o.mu.Lock()
		status := http.StatusOK
		if len(o.reqs) == 0 && failFirst != 0 {
			status = failFirst
		}
		o.reqs = append(o.reqs, recorded{r.Header.Clone(), b, status})
		o.mu.Unlock()
		w.WriteHeader(status)
	}))
	t.Cleanup(o.Close)
	return o
}

func (o *outlet) succeeded() []recorded {
	o.mu.Lock()
	defer o.mu.Unlock()
	var out []recorded
	for _, r := range o.reqs {
		if r.status == http.StatusOK {
			out = append(out, r)
		}
	}
	return out
}

// mailbox is an in-process SMTP server that refuses the first message with a temporary error.
type mailbox struct {
	addr string
	mu   sync.Mutex
	msgs [][]byte
	seen int
}

type mailSession struct{ mb *mailbox }

func (s mailSession) Mail(string, *smtp.MailOptions) error { return nil }
func (s mailSession) Rcpt(string, *smtp.RcptOptions) error { return nil }
func (s mailSession) Reset()                               {}
func (s mailSession) Logout() error                        { return nil }
func (s mailSession) Data(r io.Reader) error {
	b, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	s.mb.mu.Lock()
	defer s.mb.mu.Unlock()
	s.mb.seen++
	if s.mb.seen == 1 {
		return &smtp.SMTPError{Code: 451, EnhancedCode: smtp.EnhancedCode{4, 3, 0}, Message: "try again later"}
	}
	s.mb.msgs = append(s.mb.msgs, b)
	return nil
}

func newMailbox(t *testing.T) *mailbox {
	mb := &mailbox{}
	srv := smtp.NewServer(smtp.BackendFunc(func(*smtp.Conn) (smtp.Session, error) { return mailSession{mb}, nil }))
	srv.Domain = "mail.test"
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	mb.addr = ln.Addr().String()
	go func() { _ = srv.Serve(ln) }()
	t.Cleanup(func() { srv.Close() })
	return mb
}

func (mb *mailbox) messages() []string {
	mb.mu.Lock()
	defer mb.mu.Unlock()
	var out []string
	for _, m := range mb.msgs {
		out = append(out, string(m))
	}
	return out
}

type testClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *testClock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *testClock) Advance(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

// verifyStandardWebhook checks a delivery from the Standard Webhooks specification, independently
// of the sender's code; the timestamp must fall between from and to (the fake clock's span).
func verifyStandardWebhook(t *testing.T, secret string, r recorded, from, to time.Time) {
	t.Helper()
	key, _ := base64.StdEncoding.DecodeString(strings.TrimPrefix(secret, "whsec_"))
	id, ts := r.header.Get("webhook-id"), r.header.Get("webhook-timestamp")
	secs, err := strconv.ParseInt(ts, 10, 64)
	if at := time.Unix(secs, 0); err != nil || at.Before(from) || at.After(to) {
		t.Errorf("webhook-timestamp %q is not between %s and %s", ts, from, to)
	}
	mac := hmac.New(sha256.New, key)
	mac.Write([]byte(id + "." + ts + "." + string(r.body)))
	want := "v1," + base64.StdEncoding.EncodeToString(mac.Sum(nil))
	if !slices.Contains(strings.Fields(r.header.Get("webhook-signature")), want) {
		t.Errorf("webhook-signature %q does not verify", r.header.Get("webhook-signature"))
	}
}

type notifyBundle struct {
	eng    *engine.Engine
	store  handoff.Store
	clock  *testClock
	in     *integrations
	slack  *outlet
	hook   *outlet
	mail   *mailbox
	public string
}

func setupNotify(t *testing.T, reminderAfter time.Duration) *notifyBundle {
	t.Helper()
	ctx := context.Background()
	b := &notifyBundle{clock: &testClock{t: time.Date(2026, 11, 25, 12, 0, 0, 0, time.UTC)},
		slack: newOutlet(t, http.StatusInternalServerError), hook: newOutlet(t, http.StatusServiceUnavailable), mail: newMailbox(t),
		public: "https://support.example.com"}
	db, err := sqlite.Open(ctx, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	b.store = db
	if err := engine.Seed(ctx, db, b.clock.Now); err != nil {
		t.Fatal(err)
	}
	cfg := config.Config{PublicURL: b.public,
		Slack:   config.Slack{WebhookURL: b.slack.URL + "/services/T000/B000/XXX"},
		Webhook: config.Webhook{URL: b.hook.URL + "/hook", Secret: testWebhookSecret},
		SMTP:    config.SMTP{URL: "smtp://" + b.mail.addr, NotifyEmail: "team@example.com"},
	}.WithDefaults()
	if err := cfg.Validate(); err != nil {
		t.Fatal(err)
	}
	b.in, err = newIntegrations(cfg, db, nil)
	if err != nil {
		t.Fatal(err)
	}
	b.eng = engine.New(engine.Config{Store: db, Analyzer: analyze.New(analyze.Config{}), Now: b.clock.Now,
		NotifyTargets: b.in.Targets, OutboundChannels: b.in.Outbound, ReminderAfter: reminderAfter, ReminderLadder: [][]string{{"team"}}})
	b.in.Mount(handoffhttp.NewServer(b.eng, nil), b.eng)
	return b
}

func (b *notifyBundle) runDue(t *testing.T) {
	t.Helper()
	if _, err := b.eng.RunDue(context.Background(), b.in.Notifiers); err != nil {
		t.Fatal(err)
	}
}

func (b *notifyBundle) outbox(t *testing.T) []*handoff.OutboxItem {
	t.Helper()
	var items []*handoff.OutboxItem
	if err := b.store.View(context.Background(), func(tx handoff.Tx) error {
		var err error
		items, err = tx.ListOutbox(context.Background(), handoff.OutboxFilter{})
		return err
	}); err != nil {
		t.Fatal(err)
	}
	return items
}

func (b *notifyBundle) handoff(t *testing.T) *handoff.Conversation {
	t.Helper()
	res, err := b.eng.Ingest(context.Background(), engine.IngestRequest{Channel: "web", Role: handoff.RoleCustomer,
		Text: "I want to talk to a real person right now", ExternalID: "n1", ConversationExternalID: "notify1"})
	if err != nil {
		t.Fatal(err)
	}
	if res.Conversation.State != handoff.StatePaused {
		t.Fatalf("state %s, want paused", res.Conversation.State)
	}
	return res.Conversation
}

// A handoff produces one Slack message, one signed webhook and one email, each exactly once,
// although every outlet fails the first attempt.
func TestHandoffNotifiesEachOutletExactlyOnce(t *testing.T) {
	t.Parallel()
	b := setupNotify(t, 0)
	start := b.clock.Now()
	conv := b.handoff(t)
	b.runDue(t)
	for _, it := range b.outbox(t) {
		if it.Status != handoff.OutboxPending || it.Attempts != 1 || it.LastError == "" {
			t.Fatalf("after the failing attempt: %+v", it)
		}
	}
	for range 5 {
		b.clock.Advance(time.Hour)
		b.runDue(t)
	}
	items := b.outbox(t)
	targets := []string{}
	for _, it := range items {
		targets = append(targets, it.Target)
		if it.Status != handoff.OutboxDelivered || it.Attempts != 2 {
			t.Errorf("%s: status %s after %d attempts, want delivered after 2", it.Target, it.Status, it.Attempts)
		}
	}
	slices.Sort(targets)
	if !slices.Equal(targets, []string{"email", "slack", "webhook"}) {
		t.Fatalf("outbox targets %v", targets)
	}

	slackOK := b.slack.succeeded()
	if len(slackOK) != 1 {
		t.Fatalf("%d Slack messages delivered, want 1", len(slackOK))
	}
	var msg struct {
		Blocks []struct {
			Type     string
			Elements []struct{ URL string }
		}
	}
	if err := json.Unmarshal(slackOK[0].body, &msg); err != nil || len(msg.Blocks) == 0 {
		t.Fatalf("Slack body %s: %v", slackOK[0].body, err)
	}
	link := b.public + "/console/conversations/" + strconv.FormatInt(conv.ID, 10)
	if last := msg.Blocks[len(msg.Blocks)-1]; last.Type != "actions" || last.Elements[0].URL != link {
		t.Errorf("Slack button %+v, want a link to %s", last, link)
	}

	hooks := b.hook.reqs
	if len(hooks) != 2 || len(b.hook.succeeded()) != 1 {
		t.Fatalf("%d webhook requests (%d delivered), want 2 (1)", len(hooks), len(b.hook.succeeded()))
	}
	if hooks[0].header.Get("webhook-id") != hooks[1].header.Get("webhook-id") {
		t.Errorf("the retry changed webhook-id: %s → %s", hooks[0].header.Get("webhook-id"), hooks[1].header.Get("webhook-id"))
	}
	verifyStandardWebhook(t, testWebhookSecret, b.hook.succeeded()[0], start.Add(time.Second), b.clock.Now())
	var body struct {
		Type string
		Data struct {
			Reason       string
			Conversation struct{ ID int64 }
		}
	}
	if err := json.Unmarshal(b.hook.succeeded()[0].body, &body); err != nil || body.Type != "conversation.handoff" ||
		body.Data.Reason != "request_human" || body.Data.Conversation.ID != conv.ID {
		t.Errorf("webhook body %s (%v)", b.hook.succeeded()[0].body, err)
	}

	mails := b.mail.messages()
	if len(mails) != 1 {
		t.Fatalf("%d emails accepted, want 1", len(mails))
	}
	if !strings.Contains(mails[0], "Subject: [handoff] request_human: conversation "+strconv.FormatInt(conv.ID, 10)) || !strings.Contains(mails[0], "console/conversations/") {
		t.Errorf("email:\n%s", mails[0])
	}
}

func TestReminderReachesEveryOutlet(t *testing.T) {
	t.Parallel()
	b := setupNotify(t, 5*time.Minute)
	start := b.clock.Now()
	b.handoff(t)
	b.runDue(t)
	b.clock.Advance(6 * time.Minute)
	b.runDue(t)
	b.clock.Advance(time.Hour)
	b.runDue(t)
	if n := len(b.outbox(t)); n != 6 {
		t.Fatalf("%d outbox items, want 3 handoff + 3 reminder notifications", n)
	}
	slackOK := b.slack.succeeded()
	if len(slackOK) != 2 || !strings.Contains(string(slackOK[1].body), "Reminder") {
		t.Errorf("Slack messages %d, the second must say Reminder", len(slackOK))
	}
	var reminder bool
	for _, r := range b.hook.succeeded() {
		verifyStandardWebhook(t, testWebhookSecret, r, start, b.clock.Now())
		reminder = reminder || bytes.Contains(r.body, []byte(`"type":"conversation.reminder"`))
	}
	if !reminder {
		t.Error("no conversation.reminder webhook")
	}
	if mails := b.mail.messages(); len(mails) != 2 || !strings.Contains(mails[1], "reminder") {
		t.Errorf("%d emails, the second must be a reminder", len(mails))
	}
}

// serve runs the whole service with Meta and Shopify configured and checks the webhook endpoints.
func TestServeMountsWebhookEndpoints(t *testing.T) {
	t.Parallel()
	var graphMu sync.Mutex
	var graphBodies []string
	graph := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		graphMu.Lock()
		graphBodies = append(graphBodies, string(b))
		graphMu.Unlock()
		_, _ = io.WriteString(w, `{"recipient_id":"USER9","message_id":"m_1"}`)
	}))
	t.Cleanup(graph.Close)
	c := config.Config{Addr: "127.0.0.1:0", DataDir: t.TempDir(), APIToken: "e2e-token", SchedulerTick: handoff.Duration(10 * time.Millisecond),
		Meta:    config.Meta{AppSecret: "barsecret", VerifyToken: "barverify", PageToken: "pt", AppID: "111", GraphAPIURL: graph.URL},
		Shopify: config.Shopify{APISecret: "shpss"},
	}.WithDefaults()
	m := &Main{Config: c}
	if err := m.Run(context.Background()); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { m.Close() })
	base := m.Server.URL()

	resp, err := http.Get(base + "/webhooks/meta?hub.mode=subscribe&hub.verify_token=barverify&hub.challenge=8675309")
	if err != nil {
		t.Fatal(err)
	}
	got, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || string(got) != "8675309" {
		t.Fatalf("verify: %d %q", resp.StatusCode, got)
	}

	send := func(path string, body []byte, header, value string) int {
		req, _ := http.NewRequest(http.MethodPost, base+path, bytes.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		if header != "" {
			req.Header.Set(header, value)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	msg := []byte(`{"object":"page","entry":[{"id":"PAGE1","time":1700000000000,"messaging":[{"sender":{"id":"USER9"},"recipient":{"id":"PAGE1"},"timestamp":1700000000000,"message":{"mid":"mid.1","text":"Do you ship to Austria?"}}]}]}`)
	mac := hmac.New(sha256.New, []byte("barsecret"))
	mac.Write(msg)
	if code := send("/webhooks/meta", msg, "X-Hub-Signature-256", "sha256=deadbeef"); code != 401 {
		t.Errorf("forged Meta webhook: %d, want 401", code)
	}
	if code := send("/webhooks/meta", msg, "X-Hub-Signature-256", "sha256="+hex.EncodeToString(mac.Sum(nil))); code != 200 {
		t.Fatalf("signed Meta webhook: %d", code)
	}
	// the AI's answer goes out through the Send API
	for i := 0; ; i++ {
		graphMu.Lock()
		n := 0
		for _, b := range graphBodies {
			if strings.Contains(b, `"messaging_type":"RESPONSE"`) && strings.Contains(b, `"id":"USER9"`) {
				n++
			}
		}
		graphMu.Unlock()
		if n > 0 {
			break
		}
		if i > 500 {
			t.Fatal("the AI reply never reached the Send API")
		}
		time.Sleep(10 * time.Millisecond)
	}

	shop := []byte(`{"shop_id":954889,"shop_domain":"bar-shop.myshopify.com"}`)
	smac := hmac.New(sha256.New, []byte("shpss"))
	smac.Write(shop)
	if code := send("/webhooks/shopify", shop, "", ""); code != 401 {
		t.Errorf("unsigned Shopify webhook: %d, want 401", code)
	}
	req, _ := http.NewRequest(http.MethodPost, base+"/webhooks/shopify", bytes.NewReader(shop))
	req.Header.Set("X-Shopify-Hmac-Sha256", base64.StdEncoding.EncodeToString(smac.Sum(nil)))
	req.Header.Set("X-Shopify-Topic", "shop/redact")
	req.Header.Set("X-Shopify-Webhook-Id", "wh-1")
	if resp, err := http.DefaultClient.Do(req); err != nil || resp.StatusCode != 200 {
		t.Fatalf("signed Shopify webhook: %v %v", resp, err)
	}

	resp, err = http.Get(base + "/webhooks/meta/persona.png")
	if err != nil {
		t.Fatal(err)
	}
	png, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != "image/png" || !bytes.HasPrefix(png, []byte("\x89PNG")) {
		t.Errorf("persona picture: %d %s", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
}
