package webhook

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/handoffhq/handoff"
	"github.com/handoffhq/handoff/internal/notify"
)

// Event types sent in the body's "type".
const (
	EventHandoff  = "conversation.handoff"  // the AI stepped back and a person is needed
	EventReminder = "conversation.reminder" // a paused conversation is still unclaimed
)

// SecretPrefix starts every signing secret.
const SecretPrefix = "whsec_"

// Config configures a Notifier.
type Config struct {
	URL    string // the receiving endpoint
	Secret string // whsec_ followed by base64 key bytes
	Now    handoff.Clock
	// HTTPClient sends the requests; nil: a client with a 15 s timeout that does not follow redirects.
	HTTPClient *http.Client
}

// Notifier delivers outbox items with target "webhook".
type Notifier struct {
	cfg Config
	key []byte
}

var _ handoff.Notifier = (*Notifier)(nil)

// New checks the secret and returns a Notifier; a secret that is not whsec_<base64> is EINVALID.
func New(cfg Config) (*Notifier, error) {
	key, err := DecodeSecret(cfg.Secret)
	if err != nil {
		return nil, err
	}
	if u, err := url.Parse(cfg.URL); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, handoff.Errorf(handoff.EINVALID, "webhook url must be an http(s) URL")
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.HTTPClient == nil {
		cfg.HTTPClient = &http.Client{
			Timeout:       15 * time.Second,
			CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
		}
	}
	return &Notifier{cfg: cfg, key: key}, nil
}

// DecodeSecret returns the key bytes of a whsec_ secret.
func DecodeSecret(secret string) ([]byte, error) {
	rest, ok := strings.CutPrefix(strings.TrimSpace(secret), SecretPrefix)
	if !ok {
		return nil, handoff.Errorf(handoff.EINVALID, "webhook secret must start with %s", SecretPrefix)
	}
	key, err := base64.StdEncoding.DecodeString(rest)
	if err != nil || len(key) == 0 {
		return nil, handoff.Errorf(handoff.EINVALID, "webhook secret: the part after %s must be base64", SecretPrefix)
	}
	return key, nil
}

// Sign returns the webhook-signature value for one delivery attempt.
func Sign(key []byte, id string, timestamp int64, body []byte) string {
	mac := hmac.New(sha256.New, key)
	mac.Write([]byte(id + "." + strconv.FormatInt(timestamp, 10) + "."))
	mac.Write(body)
	return "v1," + base64.StdEncoding.EncodeToString(mac.Sum(nil))
}

// MessageID is the webhook-id of an outbox item: "msg_<item id>_<created unix seconds>". It stays
// the same across retries so receivers can drop repeats.
func MessageID(item *handoff.OutboxItem) string {
	return fmt.Sprintf("msg_%d_%d", item.ID, item.CreatedAt.Unix())
}

// Body is the JSON a receiver gets.
type Body struct {
	Type      string          `json:"type"`      // conversation.handoff or conversation.reminder
	Timestamp time.Time       `json:"timestamp"` // when the notification was raised
	Data      json.RawMessage `json:"data"`      // the notification: reason, explanation, conversation, signals, last customer message
}

// Encode builds the request body for an outbox item; it is the same on every attempt.
func Encode(item *handoff.OutboxItem) ([]byte, error) {
	p, err := notify.Decode(item)
	if err != nil {
		return nil, err
	}
	typ := EventHandoff
	if p.Type == notify.TypeReminder {
		typ = EventReminder
	}
	return json.Marshal(Body{Type: typ, Timestamp: item.CreatedAt.UTC(), Data: item.Payload})
}

// Deliver posts one signed notification. Any answer other than 2xx is retried with backoff
// (as Standard Webhooks senders do), except 410 Gone, which is permanent.
func (n *Notifier) Deliver(ctx context.Context, item *handoff.OutboxItem) error {
	body, err := Encode(item)
	if err != nil {
		return err
	}
	id, ts := MessageID(item), n.cfg.Now().Unix()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, n.cfg.URL, bytes.NewReader(body))
	if err != nil {
		return handoff.Errorf(handoff.EINVALID, "webhook: bad url: %v", err)
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("User-Agent", "handoff/"+handoff.Version)
	req.Header.Set("webhook-id", id)
	req.Header.Set("webhook-timestamp", strconv.FormatInt(ts, 10))
	req.Header.Set("webhook-signature", Sign(n.key, id, ts, body))
	resp, err := n.cfg.HTTPClient.Do(req)
	if err != nil {
		var ue *url.Error
		if errors.As(err, &ue) {
			err = ue.Err
		}
		return fmt.Errorf("webhook: %w", err)
	}
	defer resp.Body.Close()
	if resp.StatusCode == http.StatusGone {
		return handoff.Errorf(handoff.EINVALID, "webhook: the endpoint answered 410 Gone")
	}
	if resp.StatusCode >= 200 && resp.StatusCode < 300 {
		return nil
	}
	return errors.New(notify.StatusMessage("webhook endpoint", resp))
}
