package meta

import (
	"bytes"
	"encoding/json"
	"strconv"
	"strings"
	"time"

	"github.com/handoffhq/handoff"
)

// Event is one message from a Meta webhook delivery, normalised for both channels.
type Event struct {
	Channel     string               // messenger or instagram
	PageID      string               // the Page or Instagram account the entry is for
	MID         string               // Meta's message id, used for deduplication
	CustomerID  string               // the customer's page-scoped id: the sender, or the recipient of an echo
	Timestamp   time.Time            // when Meta says the message was sent
	Text        string               // the text, or a postback's button title
	Attachments []handoff.Attachment // files, locations, stickers, quick-reply and postback payloads
	Echo        bool                 // sent by the Page or Instagram account, not by the customer
	AppID       string               // for echoes: the app that sent the message
	Metadata    string               // for echoes: the metadata string the sending app attached
	Standby     bool                 // delivered on the standby channel: another app holds the thread
}

// id is a Graph id that Meta sends as a string or a number.
type id string

// UnmarshalJSON accepts a JSON string or number.
func (v *id) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	if bytes.Equal(b, []byte("null")) {
		return nil
	}
	if len(b) > 0 && b[0] == '"' {
		var s string
		if err := json.Unmarshal(b, &s); err != nil {
			return err
		}
		*v = id(s)
		return nil
	}
	var n json.Number
	if err := json.Unmarshal(b, &n); err != nil {
		return err
	}
	*v = id(n.String())
	return nil
}

type party struct {
	ID id `json:"id"`
}

type attachment struct {
	Type    string `json:"type"`
	Payload *struct {
		URL         string `json:"url"`
		Title       string `json:"title"`
		StickerID   id     `json:"sticker_id"`
		Coordinates *struct {
			Lat  float64 `json:"lat"`
			Long float64 `json:"long"`
		} `json:"coordinates"`
	} `json:"payload"`
	Title string `json:"title"`
	URL   string `json:"url"`
}

type messaging struct {
	Sender    party `json:"sender"`
	Recipient party `json:"recipient"`
	Timestamp int64 `json:"timestamp"`
	Message   *struct {
		MID           string       `json:"mid"`
		Text          string       `json:"text"`
		IsEcho        bool         `json:"is_echo"`
		AppID         id           `json:"app_id"`
		Metadata      string       `json:"metadata"`
		IsDeleted     bool         `json:"is_deleted"`
		IsUnsupported bool         `json:"is_unsupported"`
		Attachments   []attachment `json:"attachments"`
		QuickReply    *struct {
			Payload string `json:"payload"`
		} `json:"quick_reply"`
	} `json:"message"`
	Postback *struct {
		MID     string `json:"mid"`
		Title   string `json:"title"`
		Payload string `json:"payload"`
	} `json:"postback"`
}

type delivery struct {
	Object string `json:"object"`
	Entry  []struct {
		ID        id          `json:"id"`
		Messaging []messaging `json:"messaging"`
		Standby   []messaging `json:"standby"`
	} `json:"entry"`
}

// Parse reads a webhook body into message events, in delivery order. Deliveries for other
// objects and events that carry no message (reads, deliveries, reactions, deletions) yield
// nothing; a body that is not JSON of the expected shape is EINVALID.
func Parse(body []byte) ([]Event, error) {
	var d delivery
	if err := json.Unmarshal(body, &d); err != nil {
		return nil, handoff.Errorf(handoff.EINVALID, "meta webhook: %v", err)
	}
	var channel string
	switch d.Object {
	case "page":
		channel = handoff.ChannelMessenger
	case "instagram":
		channel = handoff.ChannelInstagram
	default:
		return nil, nil
	}
	var out []Event
	for _, e := range d.Entry {
		for _, list := range []struct {
			items   []messaging
			standby bool
		}{{e.Messaging, false}, {e.Standby, true}} {
			for _, m := range list.items {
				if ev, ok := event(m); ok {
					ev.Channel, ev.PageID, ev.Standby = channel, string(e.ID), list.standby
					out = append(out, ev)
				}
			}
		}
	}
	return out, nil
}

// event turns one messaging item into an Event; ok is false for items that are not messages.
func event(m messaging) (Event, bool) {
	ev := Event{CustomerID: string(m.Sender.ID)}
	if m.Timestamp > 0 {
		ev.Timestamp = time.UnixMilli(m.Timestamp).UTC()
	}
	switch {
	case m.Message != nil:
		msg := m.Message
		if msg.MID == "" || msg.IsDeleted {
			return Event{}, false
		}
		ev.MID, ev.Text = msg.MID, msg.Text
		if msg.IsEcho {
			ev.Echo, ev.AppID, ev.Metadata = true, string(msg.AppID), msg.Metadata
			ev.CustomerID = string(m.Recipient.ID)
		}
		for _, a := range msg.Attachments {
			ev.Attachments = append(ev.Attachments, convert(a))
		}
		if msg.QuickReply != nil {
			ev.Attachments = append(ev.Attachments, handoff.Attachment{Type: "quick_reply", Name: msg.QuickReply.Payload})
		}
		if msg.IsUnsupported && ev.Text == "" && len(ev.Attachments) == 0 {
			ev.Attachments = append(ev.Attachments, handoff.Attachment{Type: "unsupported", Name: "a message type this service cannot show"})
		}
	case m.Postback != nil:
		pb := m.Postback
		ev.MID = pb.MID
		if ev.MID == "" {
			ev.MID = "postback." + string(m.Sender.ID) + "." + strconv.FormatInt(m.Timestamp, 10)
		}
		ev.Text = pb.Title
		ev.Attachments = []handoff.Attachment{{Type: "postback", Name: pb.Payload}}
	default:
		return Event{}, false
	}
	if ev.CustomerID == "" || (strings.TrimSpace(ev.Text) == "" && len(ev.Attachments) == 0) {
		return Event{}, false
	}
	return ev, true
}

func convert(a attachment) handoff.Attachment {
	out := handoff.Attachment{Type: a.Type, URL: a.URL, Name: a.Title}
	if out.Type == "" {
		out.Type = "file"
	}
	if p := a.Payload; p != nil {
		if p.URL != "" {
			out.URL = p.URL
		}
		if p.Title != "" {
			out.Name = p.Title
		}
		if p.StickerID != "" && out.Name == "" {
			out.Name = "sticker " + string(p.StickerID)
		}
		if c := p.Coordinates; c != nil {
			out.Type = "location"
			out.URL = "https://www.openstreetmap.org/?mlat=" + strconv.FormatFloat(c.Lat, 'f', -1, 64) +
				"&mlon=" + strconv.FormatFloat(c.Long, 'f', -1, 64)
		}
	}
	return out
}
