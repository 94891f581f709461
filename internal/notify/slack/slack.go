package slack

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/handoffhq/handoff"
	"github.com/handoffhq/handoff/internal/engine"
	"github.com/handoffhq/handoff/internal/notify"
)

// Config configures a Notifier.
type Config struct {
	WebhookURL string       // the incoming webhook, https://hooks.slack.com/services/…
	PublicURL  string       // base URL of the service, for the button to the conversation
	HTTPClient *http.Client // nil: a client with a 15 s timeout
}

// Notifier delivers outbox items with target "slack".
type Notifier struct {
	cfg Config
}

var _ handoff.Notifier = (*Notifier)(nil)

// New returns a Notifier for cfg.
func New(cfg Config) *Notifier {
	if cfg.HTTPClient == nil {
		cfg.HTTPClient = &http.Client{Timeout: 15 * time.Second}
	}
	return &Notifier{cfg: cfg}
}

// Deliver posts one notification. A 4xx answer other than 408 and 429 is permanent (EINVALID);
// network failures, 408, 429 and 5xx are retried.
func (n *Notifier) Deliver(ctx context.Context, item *handoff.OutboxItem) error {
	p, err := notify.Decode(item)
	if err != nil {
		return err
	}
	body, err := json.Marshal(Build(p, n.cfg.PublicURL))
	if err != nil {
		return handoff.Errorf(handoff.EINVALID, "slack: encode message: %v", err)
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, n.cfg.WebhookURL, bytes.NewReader(body))
	if err != nil {
		return handoff.Errorf(handoff.EINVALID, "slack: bad webhook URL")
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := n.cfg.HTTPClient.Do(req)
	if err != nil {
		return fmt.Errorf("slack: %w", redact(err))
	}
	defer resp.Body.Close()
	return notify.StatusError("slack", resp)
}

// redact drops the request URL from a transport error: a Slack webhook URL is a secret.
func redact(err error) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		return fmt.Errorf("%s webhook: %w", ue.Op, ue.Err)
	}
	return err
}

// Message is a Slack incoming-webhook message.
type Message struct {
	Text   string  `json:"text"` // fallback for notifications and clients without blocks
	Blocks []Block `json:"blocks"`
}

// Block is one Block Kit layout block.
type Block struct {
	Type     string    `json:"type"`
	Text     *Text     `json:"text,omitempty"`
	Fields   []Text    `json:"fields,omitempty"`
	Elements []Element `json:"elements,omitempty"`
}

// Text is a Block Kit text object.
type Text struct {
	Type  string `json:"type"` // plain_text or mrkdwn
	Text  string `json:"text"`
	Emoji bool   `json:"emoji,omitempty"`
}

// Element is a Block Kit interactive element; only link buttons are used.
type Element struct {
	Type     string `json:"type"`
	Text     Text   `json:"text"`
	URL      string `json:"url"`
	Style    string `json:"style,omitempty"`
	ActionID string `json:"action_id"`
}

// Build renders a notification as a Slack message.
func Build(p *engine.NotificationPayload, publicURL string) Message {
	c := p.Conversation
	link := notify.ConversationURL(publicURL, c.ID)
	title := notify.Title(p)
	header := "🙋 " + notify.ReasonLabel(p.Reason)
	if p.Type == notify.TypeReminder {
		header = fmt.Sprintf("⏰ Reminder %d: still waiting for a person", max(p.Level, 1))
	}
	var why strings.Builder
	fmt.Fprintf(&why, "*%s* · conversation %d · %s", escape(notify.ReasonLabel(p.Reason)), c.ID, escape(notify.CustomerLine(c)))
	if p.Rule != "" {
		fmt.Fprintf(&why, " · rule `%s`", escape(p.Rule))
	}
	if p.Explanation != "" {
		why.WriteString("\n" + escape(notify.Clip(p.Explanation, 1500)))
	}
	if p.Type == notify.TypeReminder {
		why.WriteString("\nNobody has claimed this conversation yet.")
	}
	blocks := []Block{
		{Type: "header", Text: &Text{Type: "plain_text", Text: notify.Clip(header, 150), Emoji: true}},
		{Type: "section", Text: &Text{Type: "mrkdwn", Text: why.String()}},
	}
	if f := fields(p); len(f) > 0 {
		blocks = append(blocks, Block{Type: "section", Fields: f})
	}
	if p.LastMessage != "" {
		blocks = append(blocks, Block{Type: "section", Text: &Text{Type: "mrkdwn", Text: "*Last customer message*\n" + quote(notify.Clip(p.LastMessage, 2000))}})
	}
	blocks = append(blocks, Block{Type: "actions", Elements: []Element{{
		Type: "button", Text: Text{Type: "plain_text", Text: "Open conversation"}, URL: link, Style: "primary", ActionID: "open_conversation",
	}}})
	return Message{Text: title + " " + link, Blocks: blocks}
}

// fields are the key signals, or the escalation score alone when the turn's signals are not known.
func fields(p *engine.NotificationPayload) []Text {
	f := func(name, value string) Text { return Text{Type: "mrkdwn", Text: "*" + name + "*\n" + value} }
	s := p.Signals
	if s == nil {
		if p.Conversation.EscalationScore == 0 {
			return nil
		}
		return []Text{f("Escalation score", fmt.Sprintf("%.2f", p.Conversation.EscalationScore))}
	}
	human := "no"
	if s.RequestHuman {
		human = fmt.Sprintf("yes (%.2f)", s.RequestHumanConfidence)
	}
	return []Text{
		f("Sentiment", fmt.Sprintf("%.2f", s.Sentiment)),
		f("Asked for a person", human),
		f("Negative tone", fmt.Sprintf("%.2f", s.NegativeTone)),
		f("Escalation score", fmt.Sprintf("%.2f", s.EscalationScore)),
	}
}

// escape makes user text safe in mrkdwn: &, < and > are control characters.
func escape(s string) string {
	return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;").Replace(s)
}

// quote renders text as a mrkdwn block quote, line by line.
func quote(s string) string {
	lines := strings.Split(escape(s), "\n")
	for i, l := range lines {
		lines[i] = "> " + l
	}
	return strings.Join(lines, "\n")
}
