package meta_test

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/handoffhq/handoff"
	"github.com/handoffhq/handoff/internal/engine"
	"github.com/handoffhq/handoff/internal/meta"
)

const psid = "6543210987654321"

func (b *bundle) client(g *graph) *meta.Client {
	return meta.NewClient(meta.Config{PageToken: "page-token", GraphAPIURL: g.URL, Now: b.clock.Now,
		PersonaPictureURL: "https://handoff.example.com/webhooks/meta/persona.png"}, b.store)
}

// customerSays stores a customer message without an AI reply and returns its conversation.
func (b *bundle) customerSays(t *testing.T, channel, mid, text string) *handoff.Conversation {
	t.Helper()
	res, err := b.eng.Ingest(context.Background(), engine.IngestRequest{Channel: channel, Role: handoff.RoleCustomer, Text: text,
		ExternalID: mid, ConversationExternalID: psid, Customer: &handoff.Customer{ID: psid}, NoAIReply: true})
	if err != nil {
		t.Fatal(err)
	}
	return res.Conversation
}

func item(id int64, channel string, conv *handoff.Conversation, m *handoff.Message) *handoff.OutboxItem {
	p, _ := json.Marshal(engine.CustomerPayload{Conversation: conv, Message: m})
	return &handoff.OutboxItem{ID: id, ConversationID: conv.ID, Kind: handoff.OutboxCustomer, Target: channel, Payload: p}
}

func TestMessagingWindow(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		channel string
		role    handoff.Role
		after   time.Duration
		want    string // messaging_type, or the error text for messages that must not be sent
		tag     string
	}{
		{"ai right away", "messenger", handoff.RoleAI, time.Minute, "RESPONSE", ""},
		{"ai just inside 24h", "messenger", handoff.RoleAI, 24*time.Hour - time.Second, "RESPONSE", ""},
		{"agent inside 24h", "instagram", handoff.RoleAgent, 3 * time.Hour, "RESPONSE", ""},
		{"system inside 24h", "messenger", handoff.RoleSystem, 23 * time.Hour, "RESPONSE", ""},
		{"agent after 24h", "messenger", handoff.RoleAgent, 25 * time.Hour, "MESSAGE_TAG", "HUMAN_AGENT"},
		{"agent on instagram after 24h", "instagram", handoff.RoleAgent, 6 * 24 * time.Hour, "MESSAGE_TAG", "HUMAN_AGENT"},
		{"ai after 24h", "messenger", handoff.RoleAI, 25 * time.Hour, "outside Meta's 24-hour window", ""},
		{"system after 24h", "instagram", handoff.RoleSystem, 30 * time.Hour, "outside Meta's 24-hour window", ""},
		{"agent after 7 days", "messenger", handoff.RoleAgent, 7*24*time.Hour + time.Minute, "outside Meta's 7-day human agent window", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			b := setup(t)
			g := newGraph(t)
			conv := b.customerSays(t, tt.channel, "mid.1", "Where is my parcel?")
			b.clock.Advance(tt.after)
			err := b.client(g).Deliver(context.Background(), item(1, tt.channel, conv, &handoff.Message{Role: tt.role, Text: "Your parcel is on its way."}))
			sent := g.sent()
			if strings.HasPrefix(tt.want, "outside") {
				if handoff.ErrorCode(err) != handoff.EINVALID || !strings.Contains(err.Error(), tt.want) {
					t.Fatalf("err = %v, want a permanent error about %q", err, tt.want)
				}
				if len(g.calls) != 0 {
					t.Errorf("%d Graph API calls, want none", len(g.calls))
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if len(sent) != 1 {
				t.Fatalf("%d messages sent, want 1", len(sent))
			}
			c := sent[0]
			if c.Body["messaging_type"] != tt.want || (tt.tag != "" && c.Body["tag"] != tt.tag) || (tt.tag == "" && c.Body["tag"] != nil) {
				t.Errorf("messaging_type %v tag %v, want %s %s", c.Body["messaging_type"], c.Body["tag"], tt.want, tt.tag)
			}
			if r, _ := c.Body["recipient"].(map[string]any); r["id"] != psid {
				t.Errorf("recipient %v, want %s", c.Body["recipient"], psid)
			}
			if c.Auth != "Bearer page-token" {
				t.Errorf("Authorization %q", c.Auth)
			}
		})
	}
}

func TestSendShapeAndTyping(t *testing.T) {
	t.Parallel()
	b := setup(t)
	g := newGraph(t)
	conv := b.customerSays(t, "messenger", "mid.1", "Hello")
	if err := b.client(g).Deliver(context.Background(), item(9, "messenger", conv, &handoff.Message{Role: handoff.RoleAI, Text: "Hi! How can I help?",
		Attachments: []handoff.Attachment{{Type: "image", URL: "https://shop.example.com/size-chart.png"}}})); err != nil {
		t.Fatal(err)
	}
	g.mu.Lock()
	calls := append([]graphCall(nil), g.calls...)
	g.mu.Unlock()
	if len(calls) != 3 || calls[0].Body["sender_action"] != "typing_on" {
		t.Fatalf("calls %+v, want typing_on, the text, the image", calls)
	}
	msg, _ := calls[1].Body["message"].(map[string]any)
	if msg["text"] != "Hi! How can I help?" || msg["metadata"] != "handoff:9" {
		t.Errorf("message %v, want the text with metadata handoff:9", msg)
	}
	att, _ := calls[2].Body["message"].(map[string]any)["attachment"].(map[string]any)
	if att["type"] != "image" || att["payload"].(map[string]any)["url"] != "https://shop.example.com/size-chart.png" {
		t.Errorf("attachment %v", att)
	}
}

func TestLongMessagesAreSplitAtTheChannelLimit(t *testing.T) {
	t.Parallel()
	long := strings.Repeat("Your refund for order 1042 is being processed. ", 95) // 4,465 characters
	for _, tt := range []struct {
		channel string
		limit   int
		parts   int
	}{{"messenger", 2000, 3}, {"instagram", 1000, 5}} {
		t.Run(tt.channel, func(t *testing.T) {
			t.Parallel()
			b := setup(t)
			g := newGraph(t)
			conv := b.customerSays(t, tt.channel, "mid.1", "Refund?")
			if err := b.client(g).Deliver(context.Background(), item(1, tt.channel, conv, &handoff.Message{Role: handoff.RoleAI, Text: long})); err != nil {
				t.Fatal(err)
			}
			sent := g.sent()
			if len(sent) != tt.parts {
				t.Fatalf("%d parts, want %d", len(sent), tt.parts)
			}
			var joined []string
			for _, c := range sent {
				txt := text(c)
				if n := utf8.RuneCountInString(txt); n > tt.limit || !strings.HasSuffix(txt, ".") {
					t.Errorf("part of %d characters ending %q: over the limit or cut inside a word", n, txt[max(0, len(txt)-10):])
				}
				joined = append(joined, txt)
			}
			if strings.Join(joined, " ") != strings.TrimSpace(long) {
				t.Error("the parts do not add up to the message")
			}
		})
	}
}

func TestRetryDoesNotResendDeliveredParts(t *testing.T) {
	t.Parallel()
	b := setup(t)
	g := newGraph(t)
	conv := b.customerSays(t, "messenger", "mid.1", "Refund?")
	var words []string
	for i := range 600 {
		words = append(words, fmt.Sprintf("word%d", i))
	}
	long := strings.Join(words, " ") // about 4,500 characters: 3 parts on Messenger
	failed := false
	g.setAnswer(func(n int, c graphCall) (int, string) {
		// calls: 1 typing, 2 part one, 3 part two
		if c.Body["message"] != nil && !failed && n == 3 {
			failed = true
			return 502, `{"error":{"message":"Bad gateway","code":2}}`
		}
		return 200, `{"message_id":"m"}`
	})
	cl := b.client(g)
	it := item(5, "messenger", conv, &handoff.Message{Role: handoff.RoleAI, Text: long})
	err := cl.Deliver(context.Background(), it)
	if err == nil || handoff.ErrorCode(err) == handoff.EINVALID {
		t.Fatalf("first attempt: %v, want a retryable error", err)
	}
	if err := cl.Deliver(context.Background(), it); err != nil {
		t.Fatalf("retry: %v", err)
	}
	sent := g.sent()
	if len(sent) != 4 {
		t.Fatalf("%d message calls, want 4 (part 1, part 2 failed, part 2, part 3)", len(sent))
	}
	if text(sent[1]) != text(sent[2]) || text(sent[0]) == text(sent[2]) {
		t.Errorf("the retry did not continue with the failed part")
	}
}

func TestPersonaCreatedOncePerAgent(t *testing.T) {
	t.Parallel()
	b := setup(t)
	g := newGraph(t)
	g.setAnswer(func(n int, c graphCall) (int, string) {
		switch {
		case c.Method == "GET" && c.Path == "/me/personas":
			return 200, `{"data":[]}`
		case c.Method == "POST" && c.Path == "/me/personas":
			if c.Body["name"] != "Sara" || c.Body["profile_picture_url"] == nil {
				return 400, `{"error":{"message":"bad persona","code":100}}`
			}
			return 200, `{"id":"persona-1"}`
		}
		return 200, `{"message_id":"m"}`
	})
	cl := b.client(g)
	conv := b.customerSays(t, "messenger", "mid.1", "Hello")
	for i := range 2 {
		if err := cl.Deliver(context.Background(), item(int64(i+1), "messenger", conv, &handoff.Message{Role: handoff.RoleAgent, Author: "Sara", Text: "Hi, Sara here."})); err != nil {
			t.Fatal(err)
		}
	}
	if get, post := g.count("GET", "/me/personas"), g.count("POST", "/me/personas"); get != 1 || post != 1 {
		t.Errorf("persona lookups %d, creations %d; want 1 and 1", get, post)
	}
	for _, c := range g.sent() {
		if c.Body["persona_id"] != "persona-1" {
			t.Errorf("persona_id %v, want persona-1", c.Body["persona_id"])
		}
	}

	// after a restart the persona is found again, not created twice
	g2 := newGraph(t)
	g2.setAnswer(func(n int, c graphCall) (int, string) {
		if c.Path == "/me/personas" && c.Method == "GET" {
			return 200, `{"data":[{"name":"Tom","id":"persona-7"},{"name":"Sara","id":"persona-1"}]}`
		}
		return 200, `{"message_id":"m"}`
	})
	if err := b.client(g2).Deliver(context.Background(), item(3, "messenger", conv, &handoff.Message{Role: handoff.RoleAgent, Author: "Sara", Text: "Back again."})); err != nil {
		t.Fatal(err)
	}
	if post := g2.count("POST", "/me/personas"); post != 0 || g2.sent()[0].Body["persona_id"] != "persona-1" {
		t.Errorf("after restart: %d creations, persona %v", post, g2.sent()[0].Body["persona_id"])
	}

	// Instagram has no personas
	g3 := newGraph(t)
	igConv := b.customerSays(t, "instagram", "mid.ig", "Hello")
	if err := b.client(g3).Deliver(context.Background(), item(4, "instagram", igConv, &handoff.Message{Role: handoff.RoleAgent, Author: "Sara", Text: "Hi"})); err != nil {
		t.Fatal(err)
	}
	if g3.count("GET", "/me/personas")+g3.count("POST", "/me/personas") != 0 || g3.sent()[0].Body["persona_id"] != nil {
		t.Error("persona used on Instagram")
	}
}

func TestGraphErrorsRetryOrFail(t *testing.T) {
	t.Parallel()
	tests := []struct {
		status    int
		body      string
		permanent bool
	}{
		{500, `{"error":{"message":"An unexpected error has occurred.","code":2}}`, false},
		{503, ``, false},
		{429, `{"error":{"message":"Too many calls","code":613}}`, false},
		{400, `{"error":{"message":"Calls to this api have exceeded the rate limit.","code":613}}`, false},
		{400, `{"error":{"message":"Application request limit reached","code":4}}`, false},
		{403, `{"error":{"message":"User request limit reached","code":17}}`, false},
		{400, `{"error":{"message":"Page request limit reached","code":32}}`, false},
		{400, `{"error":{"message":"(#100) No matching user found","code":100,"error_subcode":2018001}}`, true},
		{400, `{"error":{"message":"(#10) This message is sent outside of allowed window.","code":10,"error_subcode":2018278}}`, true},
		{401, `{"error":{"message":"Error validating access token","code":190}}`, true},
		{404, `not json`, true},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("%d %s", tt.status, tt.body), func(t *testing.T) {
			t.Parallel()
			b := setup(t)
			g := newGraph(t)
			g.setAnswer(func(n int, c graphCall) (int, string) {
				if c.Body["message"] == nil {
					return 200, `{}`
				}
				return tt.status, tt.body
			})
			conv := b.customerSays(t, "messenger", "mid.1", "Hello")
			err := b.client(g).Deliver(context.Background(), item(1, "messenger", conv, &handoff.Message{Role: handoff.RoleAI, Text: "Hi"}))
			if err == nil {
				t.Fatal("no error")
			}
			if got := handoff.ErrorCode(err) == handoff.EINVALID; got != tt.permanent {
				t.Errorf("permanent = %v, want %v (%v)", got, tt.permanent, err)
			}
			if strings.Contains(err.Error(), "page-token") {
				t.Errorf("error leaks the token: %v", err)
			}
		})
	}
}

// A failing Send API is retried on the engine's schedule and ends as dead with the last error.
func TestRetriesThenDeadLetter(t *testing.T) {
	t.Parallel()
	b := setup(t)
	g := newGraph(t)
	g.setAnswer(func(int, graphCall) (int, string) {
		return 500, `{"error":{"message":"Service temporarily unavailable","code":2}}`
	})
	notifiers := map[string]handoff.Notifier{"messenger": b.client(g)}
	conv := b.customerSays(t, "messenger", "mid.1", "Hello?")
	if _, err := b.eng.Ingest(context.Background(), engine.IngestRequest{Channel: "messenger", Role: handoff.RoleAgent, Source: handoff.SourceConsole,
		Text: "Hi, Sara here. Let me look.", ConversationID: conv.ID}); err != nil {
		t.Fatal(err)
	}
	for i := 0; i <= len(engine.RetrySchedule); i++ {
		b.runDue(t, notifiers)
		items := b.outbox(t, handoff.OutboxFilter{ConversationID: conv.ID})
		if len(items) != 1 || items[0].Attempts != i+1 {
			t.Fatalf("attempt %d: outbox %+v", i+1, items)
		}
		if i < len(engine.RetrySchedule) {
			if items[0].Status != handoff.OutboxPending {
				t.Fatalf("after attempt %d: %s, want pending", i+1, items[0].Status)
			}
			b.clock.Advance(engine.RetrySchedule[i]*11/10 + time.Second)
		}
	}
	dead := b.outbox(t, handoff.OutboxFilter{Status: handoff.OutboxDead})
	if len(dead) != 1 || !strings.Contains(dead[0].LastError, "500") {
		t.Fatalf("dead letters %+v, want the message with the last 500", dead)
	}
	if n := len(g.sent()); n != len(engine.RetrySchedule)+1 {
		t.Errorf("%d send attempts, want %d", n, len(engine.RetrySchedule)+1)
	}
	b.clock.Advance(24 * time.Hour)
	b.runDue(t, notifiers)
	if n := len(g.sent()); n != len(engine.RetrySchedule)+1 {
		t.Errorf("a dead letter was sent again")
	}
}

// An AI reply that could not go out within 24 hours is dead at once, with the reason visible.
func TestAIReplyOutsideWindowIsDeadWithReason(t *testing.T) {
	t.Parallel()
	b := setup(t)
	g := newGraph(t)
	b.deliver(t, "messenger_text.json")
	b.clock.Advance(25 * time.Hour)
	b.runDue(t, map[string]handoff.Notifier{"messenger": b.client(g), "instagram": b.client(g)})
	dead := b.outbox(t, handoff.OutboxFilter{Status: handoff.OutboxDead})
	if len(dead) != 1 || dead[0].Attempts != 1 || !strings.Contains(dead[0].LastError, "outside Meta's 24-hour window") {
		t.Fatalf("dead %+v, want the AI reply dead after one attempt with the window reason", dead)
	}
	if len(g.calls) != 0 {
		t.Errorf("%d Graph API calls, want none", len(g.calls))
	}
}
