package meta

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"strconv"
	"sync"
	"time"

	"github.com/handoffhq/handoff"
	"github.com/handoffhq/handoff/internal/engine"
)

// Meta's messaging windows, counted from the customer's last message.
const (
	// StandardWindow is when any reply may be sent with messaging_type RESPONSE.
	StandardWindow = 24 * time.Hour
	// HumanAgentWindow is how long a person may still answer with the HUMAN_AGENT tag.
	HumanAgentWindow = 7 * 24 * time.Hour
)

// rateLimitCodes are Graph API error codes that mean "slow down", retried like a 5xx;
// 1 and 2 are Meta's "unknown error" and "service temporarily unavailable".
var rateLimitCodes = map[int]bool{1: true, 2: true, 4: true, 17: true, 32: true, 613: true}

// Client is the Send API client; it delivers outbox items with target "messenger" or "instagram".
type Client struct {
	cfg   Config
	store handoff.Store
	log   *slog.Logger

	mu       sync.Mutex
	personas map[string]string // agent display name → persona id
}

var _ handoff.Notifier = (*Client)(nil)

// NewClient returns a Send API client; store is read for the customer's last message and
// records which parts of a split message were already sent.
func NewClient(cfg Config, store handoff.Store) *Client {
	cfg = cfg.withDefaults()
	return &Client{cfg: cfg, store: store, log: cfg.Logger, personas: map[string]string{}}
}

// Deliver sends one message to the customer. Inside 24 hours of the customer's last message it
// goes as RESPONSE; after that only an agent's message is sent, with the HUMAN_AGENT tag, up to
// 7 days. Anything else is not sent and returns EINVALID saying why, so the outbox keeps it as
// dead with the reason. Graph API 5xx, 429 and rate-limit codes are retried; other 4xx are permanent.
func (c *Client) Deliver(ctx context.Context, item *handoff.OutboxItem) error {
	var p engine.CustomerPayload
	if err := json.Unmarshal(item.Payload, &p); err != nil || p.Conversation == nil || p.Message == nil {
		return handoff.Errorf(handoff.EINVALID, "outbox item %d: unreadable message payload", item.ID)
	}
	conv, msg := p.Conversation, p.Message
	channel := item.Target
	if channel != handoff.ChannelMessenger && channel != handoff.ChannelInstagram {
		return handoff.Errorf(handoff.EINVALID, "meta: cannot send to channel %q", channel)
	}
	recipient := conv.Customer.ID
	if recipient == "" {
		recipient = conv.ExternalID
	}
	if recipient == "" {
		return handoff.Errorf(handoff.EINVALID, "meta: conversation %d has no recipient id", conv.ID)
	}
	last, err := c.lastCustomerMessage(ctx, conv.ID)
	if err != nil {
		return err
	}
	base, err := c.envelope(recipient, msg.Role, last)
	if err != nil {
		return err
	}
	if channel == handoff.ChannelMessenger && msg.Role == handoff.RoleAgent && msg.Author != "" {
		if pid := c.persona(ctx, msg.Author); pid != "" {
			base["persona_id"] = pid
		}
	}
	parts := outgoing(msg, channel, item.ID)
	for i, part := range parts {
		key := fmt.Sprintf("%d.%d.%d", item.ID, item.CreatedAt.Unix(), i)
		done, err := c.sentBefore(ctx, key)
		if err != nil {
			return err
		}
		if done {
			continue
		}
		if i == 0 && msg.Role != handoff.RoleSystem {
			c.typing(ctx, recipient)
		}
		body := map[string]any{"message": part}
		for k, v := range base {
			body[k] = v
		}
		if err := c.call(ctx, http.MethodPost, "/me/messages", body, nil); err != nil {
			return err
		}
		if err := c.markSent(ctx, key); err != nil {
			return err
		}
	}
	return nil
}

// envelope picks messaging_type (and tag) from the time since the customer's last message.
func (c *Client) envelope(recipient string, role handoff.Role, last time.Time) (map[string]any, error) {
	base := map[string]any{"recipient": map[string]string{"id": recipient}}
	since := c.cfg.Now().Sub(last)
	switch {
	case !last.IsZero() && since <= StandardWindow:
		base["messaging_type"] = "RESPONSE"
	case role == handoff.RoleAgent && !last.IsZero() && since <= HumanAgentWindow:
		base["messaging_type"], base["tag"] = "MESSAGE_TAG", "HUMAN_AGENT"
	case role == handoff.RoleAgent:
		return nil, handoff.Errorf(handoff.EINVALID, "not sent: outside Meta's 7-day human agent window (the customer last wrote %s ago)", ago(last, since))
	default:
		return nil, handoff.Errorf(handoff.EINVALID, "not sent: outside Meta's 24-hour window (the customer last wrote %s ago); only a person can still answer, within 7 days", ago(last, since))
	}
	return base, nil
}

func ago(last time.Time, since time.Duration) string {
	if last.IsZero() {
		return "never"
	}
	return since.Round(time.Minute).String()
}

// outgoing turns a stored message into Send API message objects: the text split at the
// channel's limit, then one message per attachment with a URL.
func outgoing(m *handoff.Message, channel string, itemID int64) []map[string]any {
	var out []map[string]any
	for _, t := range Split(m.Text, Limit(channel)) {
		part := map[string]any{"text": t}
		if channel == handoff.ChannelMessenger {
			part["metadata"] = EchoMetadata + ":" + strconv.FormatInt(itemID, 10)
		}
		out = append(out, part)
	}
	for _, a := range m.Attachments {
		if a.URL == "" {
			continue
		}
		typ := a.Type
		switch typ {
		case "image", "audio", "video", "file":
		default:
			typ = "file"
		}
		out = append(out, map[string]any{"attachment": map[string]any{"type": typ, "payload": map[string]any{"url": a.URL}}})
	}
	return out
}

// lastCustomerMessage is when the customer last wrote; zero if never.
func (c *Client) lastCustomerMessage(ctx context.Context, convID int64) (time.Time, error) {
	var last time.Time
	err := c.store.View(ctx, func(tx handoff.Tx) error {
		ms, err := tx.ListMessages(ctx, convID)
		if err != nil {
			return err
		}
		for _, m := range ms {
			if m.Role == handoff.RoleCustomer && m.CreatedAt.After(last) {
				last = m.CreatedAt
			}
		}
		return nil
	})
	if handoff.ErrorCode(err) == handoff.ENOTFOUND {
		return time.Time{}, handoff.Errorf(handoff.EINVALID, "meta: conversation %d no longer exists", convID)
	}
	return last, err
}

// errProbe rolls back the transaction that only looked whether a key was recorded.
var errProbe = errors.New("probe")

// sentBefore reports whether a part was already delivered by an earlier attempt.
func (c *Client) sentBefore(ctx context.Context, key string) (bool, error) {
	var seen bool
	err := c.store.Write(ctx, func(tx handoff.Tx) error {
		fresh, err := tx.MarkSeen(ctx, "meta_send", key, c.cfg.Now())
		if err != nil {
			return err
		}
		seen = !fresh
		return errProbe
	})
	if errors.Is(err, errProbe) {
		return seen, nil
	}
	return false, err
}

// markSent records a delivered part so a retry of the same item does not send it twice.
func (c *Client) markSent(ctx context.Context, key string) error {
	return c.store.Write(ctx, func(tx handoff.Tx) error {
		_, err := tx.MarkSeen(ctx, "meta_send", key, c.cfg.Now())
		return err
	})
}

// typing shows the typing indicator; a failure only costs the indicator.
func (c *Client) typing(ctx context.Context, recipient string) {
	body := map[string]any{"recipient": map[string]string{"id": recipient}, "sender_action": "typing_on"}
	if err := c.call(ctx, http.MethodPost, "/me/messages", body, nil); err != nil {
		c.log.Debug("meta: typing indicator", slog.Any("error", err))
	}
}

// persona returns the Messenger persona id for an agent's display name, finding or creating
// it once and caching it; "" when Meta refuses (the message then goes without the name).
func (c *Client) persona(ctx context.Context, name string) string {
	c.mu.Lock()
	pid, ok := c.personas[name]
	c.mu.Unlock()
	if ok {
		return pid
	}
	var list struct {
		Data []struct {
			ID   id     `json:"id"`
			Name string `json:"name"`
		} `json:"data"`
	}
	if err := c.call(ctx, http.MethodGet, "/me/personas", nil, &list); err == nil {
		for _, p := range list.Data {
			if p.Name == name && p.ID != "" {
				pid = string(p.ID)
				break
			}
		}
	}
	if pid == "" {
		body := map[string]any{"name": name}
		if c.cfg.PersonaPictureURL != "" {
			body["profile_picture_url"] = c.cfg.PersonaPictureURL
		}
		var created struct {
			ID id `json:"id"`
		}
		if err := c.call(ctx, http.MethodPost, "/me/personas", body, &created); err != nil {
			c.log.Warn("meta: create persona", slog.String("name", name), slog.Any("error", err))
			return ""
		}
		pid = string(created.ID)
	}
	if pid != "" {
		c.mu.Lock()
		c.personas[name] = pid
		c.mu.Unlock()
	}
	return pid
}

// graphError is the Graph API error envelope.
type graphError struct {
	Error struct {
		Message      string `json:"message"`
		Type         string `json:"type"`
		Code         int    `json:"code"`
		ErrorSubcode int    `json:"error_subcode"`
	} `json:"error"`
}

// call sends one Graph API request with the Page token and decodes a 2xx answer into out.
func (c *Client) call(ctx context.Context, method, path string, body, out any) error {
	var rd io.Reader
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			return handoff.Errorf(handoff.EINVALID, "meta: encode request: %v", err)
		}
		rd = bytes.NewReader(b)
	}
	req, err := http.NewRequestWithContext(ctx, method, c.cfg.GraphAPIURL+path, rd)
	if err != nil {
		return handoff.Errorf(handoff.EINVALID, "meta: bad Graph API URL: %v", err)
	}
	req.Header.Set("Authorization", "Bearer "+c.cfg.PageToken)
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := c.cfg.HTTPClient.Do(req)
	if err != nil {
		var ue *url.Error
		if errors.As(err, &ue) {
			err = ue.Err
		}
		return fmt.Errorf("meta: graph api %s %s: %w", method, path, err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	if resp.StatusCode >= 200 && resp.StatusCode < 300 {
		if out != nil {
			_ = json.Unmarshal(b, out)
		}
		return nil
	}
	return classify(resp.StatusCode, b)
}

// classify maps a failed Graph API answer to a retryable error or a permanent EINVALID.
func classify(status int, body []byte) error {
	var ge graphError
	_ = json.Unmarshal(body, &ge)
	msg := fmt.Sprintf("meta: graph api answered %d", status)
	if ge.Error.Message != "" {
		msg += fmt.Sprintf(": %s (code %d", ge.Error.Message, ge.Error.Code)
		if ge.Error.ErrorSubcode != 0 {
			msg += fmt.Sprintf(", subcode %d", ge.Error.ErrorSubcode)
		}
		msg += ")"
	}
	if status >= 500 || status == http.StatusTooManyRequests || rateLimitCodes[ge.Error.Code] || status < 400 {
		return errors.New(msg)
	}
	return handoff.Errorf(handoff.EINVALID, "%s", msg)
}
