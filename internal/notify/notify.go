package notify

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/handoffhq/handoff"
	"github.com/handoffhq/handoff/internal/engine"
)

// Notification types carried in NotificationPayload.Type.
const (
	TypeHandoff  = "handoff"
	TypeReminder = "reminder"
)

// Decode reads the team notification an outbox item carries.
// A payload that cannot be read is EINVALID: retrying would not help.
func Decode(item *handoff.OutboxItem) (*engine.NotificationPayload, error) {
	var p engine.NotificationPayload
	if err := json.Unmarshal(item.Payload, &p); err != nil {
		return nil, handoff.Errorf(handoff.EINVALID, "outbox item %d: unreadable notification payload: %v", item.ID, err)
	}
	if p.Conversation == nil {
		return nil, handoff.Errorf(handoff.EINVALID, "outbox item %d: notification payload has no conversation", item.ID)
	}
	if p.Type == "" {
		p.Type = TypeHandoff
	}
	return &p, nil
}

// ConversationURL is the console page of a conversation under the service's public URL.
func ConversationURL(publicURL string, id int64) string {
	return strings.TrimRight(publicURL, "/") + "/console/conversations/" + strconv.FormatInt(id, 10)
}

var reasonLabels = map[string]string{
	"request_human":    "Customer asked for a person",
	"angry_sentiment":  "Angry customer",
	"complex_issue":    "Complex issue",
	"ai_uncertain":     "The AI is unsure",
	"frustration_loop": "Customer is going round in circles",
	"ai_error":         "The AI could not answer",
	"external_human":   "A person replied outside handoff",
	"agent_reply":      "A person replied",
	"manual":           "Paused by hand",
	"channel_paused":   "The AI is switched off on the channel",
}

// ReasonLabel turns a handoff reason (a rule id or a built-in reason) into words for people.
func ReasonLabel(reason string) string {
	if l, ok := reasonLabels[reason]; ok {
		return l
	}
	if reason == "" {
		return "Needs a person"
	}
	return "Rule " + reason
}

// Title is the one-line headline of a notification.
func Title(p *engine.NotificationPayload) string {
	id := int64(0)
	if p.Conversation != nil {
		id = p.Conversation.ID
	}
	if p.Type == TypeReminder {
		return fmt.Sprintf("Reminder: conversation %d is still waiting for a person (%s)", id, ReasonLabel(p.Reason))
	}
	return fmt.Sprintf("Handoff: %s (conversation %d)", ReasonLabel(p.Reason), id)
}

// CustomerLine describes who the conversation is with and where, e.g. "Ana <ana@example.com> on messenger".
func CustomerLine(c *handoff.Conversation) string {
	who := c.Customer.Name
	if c.Customer.Email != "" {
		if who != "" {
			who += " <" + c.Customer.Email + ">"
		} else {
			who = c.Customer.Email
		}
	}
	if who == "" {
		who = "A customer"
	}
	return who + " on " + c.Channel
}

// Clip shortens s to at most n characters, ending with "…" when cut.
func Clip(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return string(r[:n-1]) + "…"
}

// StatusError turns a non-2xx HTTP response into an error: EINVALID (permanent) for a 4xx other
// than 408 and 429, a retryable error otherwise. It returns nil for 2xx and reads at most
// 512 bytes of the body into the message.
func StatusError(service string, resp *http.Response) error {
	if resp.StatusCode >= 200 && resp.StatusCode < 300 {
		return nil
	}
	msg := StatusMessage(service, resp)
	if Permanent(resp.StatusCode) {
		return handoff.Errorf(handoff.EINVALID, "%s", msg)
	}
	return fmt.Errorf("%s", msg)
}

// StatusMessage describes an HTTP answer for the outbox's last error, with up to 200 characters of its body.
func StatusMessage(service string, resp *http.Response) string {
	b, _ := io.ReadAll(io.LimitReader(resp.Body, 512))
	msg := fmt.Sprintf("%s answered %s", service, resp.Status)
	if detail := strings.TrimSpace(string(b)); detail != "" && utf8.ValidString(detail) {
		msg += ": " + Clip(detail, 200)
	}
	return msg
}

// Permanent reports whether an HTTP status means that retrying the same request cannot succeed.
func Permanent(status int) bool {
	return status >= 400 && status < 500 && status != http.StatusRequestTimeout && status != http.StatusTooManyRequests
}
