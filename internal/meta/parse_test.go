package meta_test

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/handoffhq/handoff"
	"github.com/handoffhq/handoff/internal/meta"
)

func TestParseFixtures(t *testing.T) {
	t.Parallel()
	const page, psid, ig, igsid = "108123456789012", "6543210987654321", "17841400123456789", "1133557799224466"
	tests := []struct {
		file string
		want []meta.Event
	}{
		{"messenger_text.json", []meta.Event{{
			Channel: "messenger", PageID: page, CustomerID: psid, MID: "m_Yl8x2Zr4Q0kq9n0dQbC1aPz5Wm0aH7YV3nX2cK8tFq1JbE6sR9uD4gL0oM3iN5vT",
			Text: "Hi, my order #1042 still hasn't arrived. Where is it?", Timestamp: time.UnixMilli(1764071999876).UTC(),
		}}},
		{"messenger_attachment.json", []meta.Event{{
			Channel: "messenger", PageID: page, CustomerID: psid, MID: "m_Zc3kP9sQ2tL7vB1nX8yW4mH6jD0fG5aR2eU9iO3pK7lY1qT4wZ8xC6bN0mV2sA5d",
			Timestamp:   time.UnixMilli(1764072059876).UTC(),
			Attachments: []handoff.Attachment{{Type: "image", URL: "https://scontent.xx.fbcdn.net/v/t1.15752-9/467209845_parcel.jpg?_nc_cat=1&oh=00_AYDx"}},
		}}},
		{"messenger_quick_reply.json", []meta.Event{{
			Channel: "messenger", PageID: page, CustomerID: psid, MID: "m_Qr5tY8uI1oP4aS7dF0gH3jK6lZ9xC2vB5nM8qW1eR4tY7uI0oP3aS6dF9gH2jK5",
			Text: "Track my order", Timestamp: time.UnixMilli(1764072119876).UTC(),
			Attachments: []handoff.Attachment{{Type: "quick_reply", Name: "TRACK_ORDER"}},
		}}},
		{"messenger_echo_inbox.json", []meta.Event{{
			Channel: "messenger", PageID: page, CustomerID: psid, MID: "m_Ec8hO1nB4xV7cZ0lK3jH6gF9dS2aP5oI8uY1tR4eW7qM0nB3vC6xZ9lK2jH5gF8d",
			Text: "Hi, this is Ana from the shop. I'm checking with the courier now.", Timestamp: time.UnixMilli(1764072179876).UTC(),
			Echo: true, AppID: "263902037430900",
		}}},
		{"messenger_echo_own.json", []meta.Event{{
			Channel: "messenger", PageID: page, CustomerID: psid, MID: "m_Ow2nE4cH7oB0aP3sQ6dR9fT2gU5hV8iW1jX4kY7lZ0mA3nB6oC9pD2qE5rF8sG1t",
			Text: "Your order #1042 left our warehouse on Monday.", Timestamp: time.UnixMilli(1764072239876).UTC(),
			Echo: true, AppID: testAppID, Metadata: "handoff:7",
		}}},
		{"messenger_standby.json", []meta.Event{{
			Channel: "messenger", PageID: page, CustomerID: psid, MID: "m_Sb7yV2xU5wT8sR1qP4oN7mL0kJ3iH6gF9eD2cB5aZ8yX1wV4uT7sR0qP3oN6mL9k",
			Text: "Thanks, I'll wait for Ana.", Timestamp: time.UnixMilli(1764072299876).UTC(), Standby: true,
		}}},
		{"messenger_batch.json", []meta.Event{{
			Channel: "messenger", PageID: page, CustomerID: psid, MID: "m_Pb1aC4eF7hI0kL3nO6qR9tU2wX5zA8cD1fG4iJ7lM0oP3rS6uV9xY2aB5dE8gH1j",
			Text: "Talk to a person", Timestamp: time.UnixMilli(1764072352000).UTC(),
			Attachments: []handoff.Attachment{{Type: "postback", Name: "HUMAN"}},
		}, {
			Channel: "messenger", PageID: page, CustomerID: psid, MID: "m_Lc9kD2fG5hJ8lZ1xC4vB7nM0qW3eR6tY9uI2oP5aS8dF1gH4jK7lZ0xC3vB6nM9q",
			Timestamp:   time.UnixMilli(1764072353000).UTC(),
			Attachments: []handoff.Attachment{{Type: "location", URL: "https://www.openstreetmap.org/?mlat=52.520008&mlon=13.404954"}},
		}}},
		{"instagram_text.json", []meta.Event{{
			Channel: "instagram", PageID: ig, CustomerID: igsid,
			MID:  "aWdfZAG1faXRlbToxOklHTWVzc2FnZAUlEOjE3ODQxNDAwMTIzNDU2Nzg5OjM0MDI4MjM2Njg0MTcxMDMwMTI0NDI1OTQ0NDc5NjY5Mjk3MjYxOjMxNzE2NjY5NjQ0NTA2NTk1NzY2MDY0OTk0NTUzNzU3Mjk2",
			Text: "Do you ship to Austria? 🇦🇹", Timestamp: time.UnixMilli(1764072419876).UTC(),
		}}},
		{"instagram_echo_inbox.json", []meta.Event{{
			Channel: "instagram", PageID: ig, CustomerID: igsid,
			MID:  "aWdfZAG1faXRlbToxOklHTWVzc2FnZAUlEOjE3ODQxNDAwMTIzNDU2Nzg5OjM0MDI4MjM2Njg0MTcxMDMwMTI0NDI1OTQ0NDc5NjY5Mjk3MjYxOjMxNzE2NjY5NjQ0NTA2NTk1NzY2MDY0OTk0NTUzNzU3Mjk3",
			Text: "Yes we do! Shipping to Austria takes 3-5 days. – Ana", Timestamp: time.UnixMilli(1764072479876).UTC(),
			Echo: true, AppID: "124024574287414",
		}}},
		{"instagram_story_reply.json", []meta.Event{{
			Channel: "instagram", PageID: ig, CustomerID: igsid,
			MID:         "aWdfZAG1faXRlbToxOklHTWVzc2FnZAUlEOjE3ODQxNDAwMTIzNDU2Nzg5OjM0MDI4MjM2Njg0MTcxMDMwMTI0NDI1OTQ0NDc5NjY5Mjk3MjYxOjMxNzE2NjY5NjQ0NTA2NTk1NzY2MDY0OTk0NTUzNzU3Mjk4",
			Timestamp:   time.UnixMilli(1764072539876).UTC(),
			Attachments: []handoff.Attachment{{Type: "story_mention", URL: "https://lookaside.fbsbx.com/ig_messaging_cdn/?asset_id=17912345678901234&signature=AbXyZ"}},
		}}},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			t.Parallel()
			body, err := os.ReadFile(filepath.Join("testdata", tt.file))
			if err != nil {
				t.Fatal(err)
			}
			got, err := meta.Parse(body)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Parse(%s)\n got %+v\nwant %+v", tt.file, got, tt.want)
			}
		})
	}
}

func TestParseEdgeCases(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		body    string
		events  int
		wantErr bool
	}{
		{"not json", `{"object":`, 0, true},
		{"wrong shape", `{"object":"page","entry":"nope"}`, 0, true},
		{"other object", `{"object":"whatsapp_business_account","entry":[{"id":"1","changes":[]}]}`, 0, false},
		{"no entries", `{"object":"page","entry":[]}`, 0, false},
		{"numeric ids", `{"object":"page","entry":[{"id":108,"messaging":[{"sender":{"id":654},"recipient":{"id":108},"timestamp":1,"message":{"mid":"m1","text":"hi"}}]}]}`, 1, false},
		{"no mid", `{"object":"page","entry":[{"id":"1","messaging":[{"sender":{"id":"2"},"recipient":{"id":"1"},"message":{"text":"hi"}}]}]}`, 0, false},
		{"deleted", `{"object":"instagram","entry":[{"id":"1","messaging":[{"sender":{"id":"2"},"recipient":{"id":"1"},"message":{"mid":"m","is_deleted":true}}]}]}`, 0, false},
		{"empty text", `{"object":"page","entry":[{"id":"1","messaging":[{"sender":{"id":"2"},"recipient":{"id":"1"},"message":{"mid":"m","text":"  "}}]}]}`, 0, false},
		{"no sender", `{"object":"page","entry":[{"id":"1","messaging":[{"recipient":{"id":"1"},"message":{"mid":"m","text":"hi"}}]}]}`, 0, false},
		{"unsupported", `{"object":"instagram","entry":[{"id":"1","messaging":[{"sender":{"id":"2"},"recipient":{"id":"1"},"message":{"mid":"m","is_unsupported":true}}]}]}`, 1, false},
		{"postback without mid", `{"object":"page","entry":[{"id":"1","messaging":[{"sender":{"id":"2"},"recipient":{"id":"1"},"timestamp":5,"postback":{"title":"Start","payload":"GET_STARTED"}}]}]}`, 1, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, err := meta.Parse([]byte(tt.body))
			if (err != nil) != tt.wantErr || len(got) != tt.events {
				t.Fatalf("Parse = %d events, err %v; want %d events, error %v", len(got), err, tt.events, tt.wantErr)
			}
			if err != nil && handoff.ErrorCode(err) != handoff.EINVALID {
				t.Errorf("error code %s, want invalid", handoff.ErrorCode(err))
			}
		})
	}
}

// FuzzParseMeta checks that no body panics the parser and that every event it returns is usable:
// a known channel, a message id, a customer to answer, and some content.
func FuzzParseMeta(f *testing.F) {
	names, _ := filepath.Glob(filepath.Join("testdata", "*.json"))
	for _, n := range names {
		b, err := os.ReadFile(n)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Add([]byte(`{"object":"page","entry":[{"id":1,"messaging":[{"sender":{"id":2},"message":{"mid":"x","text":"\u0000"}}]}]}`))
	f.Add([]byte(`{"object":"instagram","entry":[{"standby":[{"sender":{"id":"2"},"postback":{"payload":"P"}}]}]}`))
	f.Fuzz(func(t *testing.T, body []byte) {
		events, err := meta.Parse(body)
		if err != nil {
			if handoff.ErrorCode(err) != handoff.EINVALID || len(events) != 0 {
				t.Fatalf("error %v with %d events", err, len(events))
			}
			return
		}
		for _, e := range events {
			if e.Channel != handoff.ChannelMessenger && e.Channel != handoff.ChannelInstagram {
				t.Fatalf("channel %q", e.Channel)
			}
			if e.MID == "" || e.CustomerID == "" {
				t.Fatalf("event without mid or customer: %+v", e)
			}
			if strings.TrimSpace(e.Text) == "" && len(e.Attachments) == 0 {
				t.Fatalf("event without content: %+v", e)
			}
			if !utf8.ValidString(e.Text) {
				t.Fatalf("text is not UTF-8: %q", e.Text)
			}
		}
	})
}
