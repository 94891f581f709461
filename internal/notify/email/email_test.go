package email_test

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/json"
	"io"
	"math/big"
	"mime"
	"mime/quotedprintable"
	"net"
	"net/mail"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-sasl"
	"github.com/emersion/go-smtp"

	"github.com/handoffhq/handoff"
	"github.com/handoffhq/handoff/internal/engine"
	"github.com/handoffhq/handoff/internal/notify/email"
)

// received is one message the in-process SMTP server accepted.
type received struct {
	From, User, Pass string
	To               []string
	Data             []byte
	TLS              bool
}

// server is an in-process SMTP server (github.com/emersion/go-smtp) that records what it accepts.
type server struct {
	addr string
	mu   sync.Mutex
	got  []received
	// fail answers DATA with these errors in order before accepting.
	fail []error
	// rcptErr rejects every recipient.
	rcptErr error
}

type session struct {
	srv  *server
	conn *smtp.Conn
	msg  received
}

func (s *session) AuthMechanisms() []string { return []string{sasl.Plain} }
func (s *session) Auth(string) (sasl.Server, error) {
	return sasl.NewPlainServer(func(_, user, pass string) error {
		if user != "handoff" || pass != "s3cret" {
			return &smtp.SMTPError{Code: 535, EnhancedCode: smtp.EnhancedCode{5, 7, 8}, Message: "Authentication credentials invalid"}
		}
		s.msg.User, s.msg.Pass = user, pass
		return nil
	}), nil
}
func (s *session) Mail(from string, _ *smtp.MailOptions) error { s.msg.From = from; return nil }
func (s *session) Rcpt(to string, _ *smtp.RcptOptions) error {
	if s.srv.rcptErr != nil {
		return s.srv.rcptErr
	}
	s.msg.To = append(s.msg.To, to)
	return nil
}
func (s *session) Data(r io.Reader) error {
	b, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	s.srv.mu.Lock()
	defer s.srv.mu.Unlock()
	if len(s.srv.fail) > 0 {
		err := s.srv.fail[0]
		s.srv.fail = s.srv.fail[1:]
		return err
	}
	_, s.msg.TLS = s.conn.TLSConnectionState()
	s.msg.Data = b
	s.srv.got = append(s.srv.got, s.msg)
	return nil
}
func (s *session) Reset()        { s.msg = received{User: s.msg.User, Pass: s.msg.Pass} }
func (s *session) Logout() error { return nil }

type mode int

const (
	plain    mode = iota // no TLS at all
	starttls             // STARTTLS offered
	implicit             // TLS from the first byte (smtps)
)

func startServer(t *testing.T, m mode, cert tls.Certificate) *server {
	t.Helper()
	srv := &server{}
	s := smtp.NewServer(smtp.BackendFunc(func(c *smtp.Conn) (smtp.Session, error) { return &session{srv: srv, conn: c}, nil }))
	s.Domain = "mail.test"
	s.AllowInsecureAuth = m == plain
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	tlsCfg := &tls.Config{Certificates: []tls.Certificate{cert}}
	switch m {
	case starttls:
		s.TLSConfig = tlsCfg
	case implicit:
		ln = tls.NewListener(ln, tlsCfg)
	}
	srv.addr = ln.Addr().String()
	go func() { _ = s.Serve(ln) }()
	t.Cleanup(func() { s.Close() })
	return srv
}

// selfSigned makes a certificate for 127.0.0.1 and a client config that trusts it.
func selfSigned(t *testing.T) (tls.Certificate, *tls.Config) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "127.0.0.1"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour),
		IPAddresses: []net.IP{net.ParseIP("127.0.0.1")}, KeyUsage: x509.KeyUsageDigitalSignature, ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth}}
	der, err := x509.CreateCertificate(rand.Reader, tpl, tpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	leaf, _ := x509.ParseCertificate(der)
	pool := x509.NewCertPool()
	pool.AddCert(leaf)
	return tls.Certificate{Certificate: [][]byte{der}, PrivateKey: key, Leaf: leaf}, &tls.Config{RootCAs: pool}
}

func notification(typ string) *handoff.OutboxItem {
	p, _ := json.Marshal(engine.NotificationPayload{Type: typ, Reason: "angry_sentiment", Rule: "angry_sentiment", Level: 1,
		Explanation:  "sentiment -0.84 <= -0.6 and message_count 2 >= 2",
		Conversation: &handoff.Conversation{ID: 42, Channel: "shopify", Priority: "high", Customer: handoff.Customer{Name: "Jürgen", Email: "j@example.com"}},
		Signals:      &handoff.Signals{Sentiment: -0.84, NegativeTone: 0.7, EscalationScore: 0.88},
		LastMessage:  "Das ist eine Frechheit! Where is my refund?\n. a line with a dot",
	})
	return &handoff.OutboxItem{ID: 9, Kind: handoff.OutboxNotify, Target: "email", Payload: p, CreatedAt: time.Unix(1764072000, 0)}
}

func TestSendsOverEveryTransport(t *testing.T) {
	t.Parallel()
	cert, clientTLS := selfSigned(t)
	tests := []struct {
		name    string
		mode    mode
		scheme  string
		auth    bool
		wantTLS bool
	}{
		{"plain, no auth", plain, "smtp", false, false},
		{"plain with auth on loopback", plain, "smtp", true, false},
		{"starttls with auth", starttls, "smtp", true, true},
		{"implicit tls", implicit, "smtps", true, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			srv := startServer(t, tt.mode, cert)
			u := tt.scheme + "://"
			if tt.auth {
				u += "handoff:s3cret@"
			}
			n, err := email.New(email.Config{URL: u + srv.addr, To: "support@example.com, Lead <lead@example.com>",
				From: "handoff@shop.example.com", PublicURL: "https://support.example.com", TLSConfig: clientTLS,
				Now: func() time.Time { return time.Date(2026, 11, 25, 12, 0, 0, 0, time.UTC) }})
			if err != nil {
				t.Fatal(err)
			}
			if err := n.Deliver(context.Background(), notification("handoff")); err != nil {
				t.Fatal(err)
			}
			if len(srv.got) != 1 {
				t.Fatalf("%d messages, want 1", len(srv.got))
			}
			got := srv.got[0]
			if got.TLS != tt.wantTLS || (tt.auth && got.User != "handoff") || (!tt.auth && got.User != "") {
				t.Errorf("tls %v user %q, want tls %v and auth %v", got.TLS, got.User, tt.wantTLS, tt.auth)
			}
			if got.From != "handoff@shop.example.com" || strings.Join(got.To, ",") != "support@example.com,lead@example.com" {
				t.Errorf("envelope from %s to %v", got.From, got.To)
			}
			checkMessage(t, got.Data)
		})
	}
}

func checkMessage(t *testing.T, data []byte) {
	t.Helper()
	msg, err := mail.ReadMessage(strings.NewReader(string(data)))
	if err != nil {
		t.Fatal(err)
	}
	subject, err := new(mime.WordDecoder).DecodeHeader(msg.Header.Get("Subject"))
	if err != nil || subject != "[handoff] angry_sentiment: conversation 42" {
		t.Errorf("subject %q (%v)", subject, err)
	}
	if msg.Header.Get("Message-Id") != "<handoff.9.1764072000@shop.example.com>" || msg.Header.Get("Date") == "" {
		t.Errorf("Message-ID %q Date %q", msg.Header.Get("Message-Id"), msg.Header.Get("Date"))
	}
	body, err := io.ReadAll(quotedprintable.NewReader(msg.Body))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"Angry customer", "sentiment -0.84 <= -0.6", "Jürgen <j@example.com> on shopify",
		"> Das ist eine Frechheit! Where is my refund?", "> . a line with a dot", "escalation score 0.88",
		"https://support.example.com/console/conversations/42"} {
		if !strings.Contains(string(body), want) {
			t.Errorf("body lacks %q:\n%s", want, body)
		}
	}
}

func TestReminderSubject(t *testing.T) {
	t.Parallel()
	var p engine.NotificationPayload
	_ = json.Unmarshal(notification("reminder").Payload, &p)
	if got := email.Subject(&p); got != "[handoff] reminder, angry_sentiment: conversation 42" {
		t.Errorf("Subject = %q", got)
	}
	if !strings.Contains(email.Body(&p, "http://x"), "Nobody has claimed") {
		t.Error("the reminder body does not say nobody claimed it")
	}
}

func TestFailures(t *testing.T) {
	t.Parallel()
	cert, clientTLS := selfSigned(t)
	tests := []struct {
		name      string
		setup     func(*server)
		url       func(*server) string
		permanent bool
	}{
		{"temporary 451", func(s *server) { s.fail = []error{&smtp.SMTPError{Code: 451, Message: "try again later"}} },
			func(s *server) string { return "smtp://" + s.addr }, false},
		{"mailbox refused 550", func(s *server) { s.rcptErr = &smtp.SMTPError{Code: 550, Message: "no such user"} },
			func(s *server) string { return "smtp://" + s.addr }, true},
		{"wrong password", func(*server) {}, func(s *server) string { return "smtp://handoff:wrong@" + s.addr }, true},
		{"nobody listening", func(*server) {}, func(*server) string { return "smtp://127.0.0.1:1" }, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			srv := startServer(t, starttls, cert)
			tt.setup(srv)
			n, err := email.New(email.Config{URL: tt.url(srv), To: "support@example.com", TLSConfig: clientTLS})
			if err != nil {
				t.Fatal(err)
			}
			err = n.Deliver(context.Background(), notification("handoff"))
			if err == nil {
				t.Fatal("no error")
			}
			if (handoff.ErrorCode(err) == handoff.EINVALID) != tt.permanent {
				t.Errorf("%v: permanent %v, want %v", err, !tt.permanent, tt.permanent)
			}
		})
	}
}

// A retry after a temporary failure sends the same email once more, with the same Message-ID.
func TestRetryAfterTemporaryFailure(t *testing.T) {
	t.Parallel()
	cert, clientTLS := selfSigned(t)
	srv := startServer(t, starttls, cert)
	srv.fail = []error{&smtp.SMTPError{Code: 421, Message: "busy"}}
	n, err := email.New(email.Config{URL: "smtp://" + srv.addr, To: "support@example.com", TLSConfig: clientTLS})
	if err != nil {
		t.Fatal(err)
	}
	it := notification("handoff")
	if err := n.Deliver(context.Background(), it); err == nil {
		t.Fatal("first attempt succeeded")
	}
	if err := n.Deliver(context.Background(), it); err != nil {
		t.Fatal(err)
	}
	if len(srv.got) != 1 {
		t.Fatalf("%d messages accepted, want 1", len(srv.got))
	}
}

func TestNewChecksConfig(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, url, to, from string
		ok                  bool
	}{
		{"good", "smtp://u:p@mail.example.com:587", "a@example.com", "", true},
		{"default port", "smtps://mail.example.com", "a@example.com, b@example.com", "", true},
		{"http scheme", "http://mail.example.com", "a@example.com", "", false},
		{"no host", "smtp://", "a@example.com", "", false},
		{"no recipient", "smtp://mail.example.com", "", "", false},
		{"bad recipient", "smtp://mail.example.com", "not an address", "", false},
		{"bad sender", "smtp://mail.example.com", "a@example.com", "@@", false},
	}
	for _, tt := range tests {
		_, err := email.New(email.Config{URL: tt.url, To: tt.to, From: tt.from})
		if (err == nil) != tt.ok {
			t.Errorf("%s: err = %v", tt.name, err)
		}
	}
}

func TestContextCancelStopsAHangingServer(t *testing.T) {
	t.Parallel()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ln.Close() })
	go func() {
		c, err := ln.Accept()
		if err == nil {
			defer c.Close()
			_, _ = io.Copy(io.Discard, c) // never greets
		}
	}()
	n, err := email.New(email.Config{URL: "smtp://" + ln.Addr().String(), To: "a@example.com"})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	if err := n.Deliver(ctx, notification("handoff")); err == nil || handoff.ErrorCode(err) == handoff.EINVALID {
		t.Fatalf("err = %v, want a retryable error", err)
	}
}
