package email

import (
	"bytes"
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"mime"
	"mime/quotedprintable"
	"net"
	"net/mail"
	"net/smtp"
	"net/textproto"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/handoffhq/handoff"
	"github.com/handoffhq/handoff/internal/engine"
	"github.com/handoffhq/handoff/internal/notify"
)

// Config configures a Notifier.
type Config struct {
	URL       string // smtp://user:pass@host:port (STARTTLS when offered) or smtps://… (implicit TLS)
	To        string // recipients, comma-separated
	From      string // sender; empty: the SMTP user if it is an address, else handoff@<smtp host>
	PublicURL string // base URL of the service, for the link to the conversation
	Now       handoff.Clock
	// TLSConfig is used for STARTTLS and smtps; nil: the system roots. ServerName defaults to the SMTP host.
	TLSConfig *tls.Config
	// Timeout bounds connecting; the whole delivery is bounded by the caller's context. Zero: 15 s.
	Timeout time.Duration
}

// Notifier delivers outbox items with target "email".
type Notifier struct {
	cfg      Config
	host     string
	addr     string
	implicit bool
	user     string
	pass     string
	from     *mail.Address
	to       []*mail.Address
}

var _ handoff.Notifier = (*Notifier)(nil)

// New parses the SMTP URL and addresses; a bad one is EINVALID.
func New(cfg Config) (*Notifier, error) {
	u, err := url.Parse(cfg.URL)
	if err != nil || (u.Scheme != "smtp" && u.Scheme != "smtps") || u.Hostname() == "" {
		return nil, handoff.Errorf(handoff.EINVALID, "smtp url must be smtp://user:pass@host:port or smtps://…")
	}
	n := &Notifier{cfg: cfg, host: u.Hostname(), implicit: u.Scheme == "smtps"}
	port := u.Port()
	if port == "" {
		port = "587"
		if n.implicit {
			port = "465"
		}
	}
	n.addr = net.JoinHostPort(n.host, port)
	if u.User != nil {
		n.user = u.User.Username()
		n.pass, _ = u.User.Password()
	}
	if strings.TrimSpace(cfg.To) == "" {
		return nil, handoff.Errorf(handoff.EINVALID, "email: no recipient (notify_email)")
	}
	if n.to, err = mail.ParseAddressList(cfg.To); err != nil {
		return nil, handoff.Errorf(handoff.EINVALID, "email: bad recipient list %q: %v", cfg.To, err)
	}
	from := cfg.From
	if from == "" {
		from = "handoff@" + n.host
		if strings.Contains(n.user, "@") {
			from = n.user
		}
	}
	if n.from, err = mail.ParseAddress(from); err != nil {
		return nil, handoff.Errorf(handoff.EINVALID, "email: bad sender %q: %v", from, err)
	}
	if n.from.Name == "" {
		n.from.Name = "handoff"
	}
	if n.cfg.Now == nil {
		n.cfg.Now = time.Now
	}
	if n.cfg.Timeout == 0 {
		n.cfg.Timeout = 15 * time.Second
	}
	return n, nil
}

// Deliver sends one notification email. SMTP 5xx replies are permanent (EINVALID); connection
// failures and 4xx replies are retried. The Message-ID is derived from the outbox item, so a
// repeat after an ambiguous failure can be recognised as the same email.
func (n *Notifier) Deliver(ctx context.Context, item *handoff.OutboxItem) error {
	p, err := notify.Decode(item)
	if err != nil {
		return err
	}
	msg := n.Compose(item, p)
	return classify(n.send(ctx, msg))
}

// Compose renders the email for an outbox item: headers and a quoted-printable plain-text body.
func (n *Notifier) Compose(item *handoff.OutboxItem, p *engine.NotificationPayload) []byte {
	var b bytes.Buffer
	h := func(k, v string) { fmt.Fprintf(&b, "%s: %s\r\n", k, v) }
	to := make([]string, len(n.to))
	for i, a := range n.to {
		to[i] = a.String()
	}
	h("From", n.from.String())
	h("To", strings.Join(to, ", "))
	h("Subject", mime.QEncoding.Encode("utf-8", oneLine(Subject(p))))
	h("Date", n.cfg.Now().Format(time.RFC1123Z))
	h("Message-ID", fmt.Sprintf("<handoff.%d.%d@%s>", item.ID, item.CreatedAt.Unix(), domain(n.from.Address)))
	h("MIME-Version", "1.0")
	h("Content-Type", "text/plain; charset=utf-8")
	h("Content-Transfer-Encoding", "quoted-printable")
	h("Auto-Submitted", "auto-generated")
	h("X-Handoff-Conversation", strconv.FormatInt(p.Conversation.ID, 10))
	b.WriteString("\r\n")
	qp := quotedprintable.NewWriter(&b)
	_, _ = qp.Write([]byte(Body(p, n.cfg.PublicURL)))
	_ = qp.Close()
	return b.Bytes()
}

// Subject is "[handoff] <reason>: conversation <id>", with "reminder" in front of the reason for reminders.
func Subject(p *engine.NotificationPayload) string {
	reason := p.Reason
	if reason == "" {
		reason = "handoff"
	}
	if p.Type == notify.TypeReminder {
		reason = "reminder, " + reason
	}
	return fmt.Sprintf("[handoff] %s: conversation %d", reason, p.Conversation.ID)
}

// Body is the plain-text content: what happened, why, the signals, the last customer message and the link.
func Body(p *engine.NotificationPayload, publicURL string) string {
	c := p.Conversation
	var b strings.Builder
	b.WriteString(notify.Title(p) + "\n\n")
	fmt.Fprintf(&b, "Reason:      %s (%s)\n", notify.ReasonLabel(p.Reason), cmpOr(p.Reason, "handoff"))
	if p.Explanation != "" {
		fmt.Fprintf(&b, "Why:         %s\n", p.Explanation)
	}
	fmt.Fprintf(&b, "Customer:    %s\n", notify.CustomerLine(c))
	if c.Priority != "" {
		fmt.Fprintf(&b, "Priority:    %s\n", c.Priority)
	}
	if s := p.Signals; s != nil {
		human := "no"
		if s.RequestHuman {
			human = fmt.Sprintf("yes (%.2f)", s.RequestHumanConfidence)
		}
		fmt.Fprintf(&b, "Signals:     escalation score %.2f, sentiment %.2f, asked for a person %s, negative tone %.2f\n",
			s.EscalationScore, s.Sentiment, human, s.NegativeTone)
	} else if c.EscalationScore > 0 {
		fmt.Fprintf(&b, "Signals:     escalation score %.2f\n", c.EscalationScore)
	}
	if p.Type == notify.TypeReminder {
		b.WriteString("\nNobody has claimed this conversation yet.\n")
	}
	if p.LastMessage != "" {
		b.WriteString("\nLast customer message:\n")
		for _, l := range strings.Split(p.LastMessage, "\n") {
			b.WriteString("> " + l + "\n")
		}
	}
	fmt.Fprintf(&b, "\nOpen the conversation: %s\n", notify.ConversationURL(publicURL, c.ID))
	return b.String()
}

// send runs one SMTP session.
func (n *Notifier) send(ctx context.Context, msg []byte) error {
	d := net.Dialer{Timeout: n.cfg.Timeout}
	conn, err := d.DialContext(ctx, "tcp", n.addr)
	if err != nil {
		return err
	}
	stop := context.AfterFunc(ctx, func() { conn.Close() })
	defer stop()
	if dl, ok := ctx.Deadline(); ok {
		_ = conn.SetDeadline(dl)
	}
	tlsCfg := n.tlsConfig()
	if n.implicit {
		tc := tls.Client(conn, tlsCfg)
		if err := tc.HandshakeContext(ctx); err != nil {
			conn.Close()
			return fmt.Errorf("tls: %w", err)
		}
		conn = tc
	}
	c, err := smtp.NewClient(conn, n.host)
	if err != nil {
		conn.Close()
		return err
	}
	defer c.Close()
	if err := c.Hello("localhost"); err != nil {
		return err
	}
	encrypted := n.implicit
	if !encrypted {
		if ok, _ := c.Extension("STARTTLS"); ok {
			if err := c.StartTLS(tlsCfg); err != nil {
				return fmt.Errorf("starttls: %w", err)
			}
			encrypted = true
		}
	}
	if n.user != "" {
		if !encrypted && !loopback(n.host) {
			return handoff.Errorf(handoff.EINVALID, "email: %s offers no STARTTLS; refusing to send the SMTP password unencrypted (use smtps:// or a server with STARTTLS)", n.host)
		}
		if ok, _ := c.Extension("AUTH"); ok {
			if err := c.Auth(smtp.PlainAuth("", n.user, n.pass, n.host)); err != nil {
				return fmt.Errorf("auth: %w", err)
			}
		}
	}
	if err := c.Mail(n.from.Address); err != nil {
		return err
	}
	for _, a := range n.to {
		if err := c.Rcpt(a.Address); err != nil {
			return err
		}
	}
	w, err := c.Data()
	if err != nil {
		return err
	}
	if _, err := w.Write(msg); err != nil {
		return err
	}
	if err := w.Close(); err != nil {
		return err
	}
	return c.Quit()
}

func (n *Notifier) tlsConfig() *tls.Config {
	var c *tls.Config
	if n.cfg.TLSConfig != nil {
		c = n.cfg.TLSConfig.Clone()
	} else {
		c = &tls.Config{MinVersion: tls.VersionTLS12}
	}
	if c.ServerName == "" {
		c.ServerName = n.host
	}
	return c
}

// classify makes SMTP 5xx replies permanent; everything else stays retryable.
func classify(err error) error {
	if err == nil || handoff.ErrorCode(err) == handoff.EINVALID {
		return err
	}
	var te *textproto.Error
	if errors.As(err, &te) && te.Code >= 500 {
		return handoff.Errorf(handoff.EINVALID, "email: the SMTP server refused: %d %s", te.Code, te.Msg)
	}
	return fmt.Errorf("email: %w", err)
}

func loopback(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

func oneLine(s string) string {
	return strings.Join(strings.Fields(s), " ")
}

func domain(addr string) string {
	if _, d, ok := strings.Cut(addr, "@"); ok && d != "" {
		return d
	}
	return "localhost"
}

func cmpOr(a, b string) string {
	if a != "" {
		return a
	}
	return b
}
