package engine_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/handoffhq/handoff"
	"github.com/handoffhq/handoff/internal/analyze"
	"github.com/handoffhq/handoff/internal/engine"
	"github.com/handoffhq/handoff/internal/kb"
	"github.com/handoffhq/handoff/internal/mock"
	"github.com/handoffhq/handoff/internal/sqlite"
	"github.com/handoffhq/handoff/internal/state"
)

type bundle struct {
	eng   *engine.Engine
	store handoff.Store
	clock *mock.Clock
}

type setupOpts struct {
	responder handoff.Responder
	targets   []string
}

func setup(t *testing.T, opts setupOpts) *bundle {
	t.Helper()
	ctx := context.Background()
	// a Wednesday at noon UTC, inside any business hours used below
	clock := mock.NewClock(time.Date(2026, 11, 25, 12, 0, 0, 0, time.UTC))
	db, err := sqlite.Open(ctx, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if err := engine.Seed(ctx, db, clock.Now); err != nil {
		t.Fatal(err)
	}
	if opts.responder == nil {
		opts.responder = kb.Default()
	}
	eng := engine.New(engine.Config{Store: db, Analyzer: analyze.New(analyze.Config{}), Responder: opts.responder, Now: clock.Now,
		NotifyTargets: opts.targets, ReminderAfter: 5 * time.Minute})
	return &bundle{eng: eng, store: db, clock: clock}
}

func (b *bundle) ingest(t *testing.T, req engine.IngestRequest) *engine.IngestResult {
	t.Helper()
	res, err := b.eng.Ingest(context.Background(), req)
	if err != nil {
		t.Fatalf("ingest %q: %v", req.Text, err)
	}
	return res
}

func (b *bundle) messages(t *testing.T, convID int64) []*handoff.Message {
	t.Helper()
	return mock.Messages(t, b.store, convID)
}

func customer(conv, ext, text string) engine.IngestRequest {
	return engine.IngestRequest{Channel: "web", Role: handoff.RoleCustomer, Text: text, ExternalID: ext, ConversationExternalID: conv}
}

func TestAngryCustomerPausesViaSeedRule(t *testing.T) {
	t.Parallel()
	b := setup(t, setupOpts{})
	r1 := b.ingest(t, customer("c1", "m1", "Where is my order? It is late."))
	if r1.Conversation.State != handoff.StateAIActive || r1.AIReply == nil {
		t.Fatalf("first message: state %s, ai reply %v", r1.Conversation.State, r1.AIReply)
	}
	r2 := b.ingest(t, customer("c1", "m2", "This is absolutely horrible, the worst service ever. I am furious!!!"))
	if r2.Conversation.State != handoff.StatePaused {
		t.Fatalf("state = %s, want paused", r2.Conversation.State)
	}
	if len(r2.Fired) == 0 || r2.Fired[0].Rule != "angry_sentiment" {
		t.Fatalf("fired = %+v, want angry_sentiment first", r2.Fired)
	}
	if r2.Signals == nil || r2.Signals.Sentiment > -0.6 || r2.Signals.MessageCount != 2 {
		t.Fatalf("signals = %+v", r2.Signals)
	}
	if !strings.Contains(r2.Explanation, "sentiment") || r2.AIReply != nil || r2.AIMayReply || !r2.HandedOff {
		t.Fatalf("explanation %q, ai reply %v, may reply %v, handed off %v", r2.Explanation, r2.AIReply, r2.AIMayReply, r2.HandedOff)
	}
	c := r2.Conversation
	if c.HandoffReason != "angry_sentiment" || !c.HasTag("angry") || c.Priority != handoff.PriorityHigh {
		t.Fatalf("conversation = %+v", c)
	}
	if c.ResumeAt == nil || !c.ResumeAt.Equal(b.clock.Now().Add(15*time.Minute)) {
		t.Fatalf("resume at = %v, want now+15m (web cooldown)", c.ResumeAt)
	}
	ms := b.messages(t, c.ID)
	last := ms[len(ms)-1]
	if last.Role != handoff.RoleSystem || !strings.Contains(last.Text, "member of our team") {
		t.Fatalf("last message = %+v, want the handoff notice", last)
	}
}

func TestDuplicateDeliveryIsStoredOnce(t *testing.T) {
	t.Parallel()
	b := setup(t, setupOpts{})
	first := b.ingest(t, customer("c1", "m1", "What are your opening hours?"))
	again := b.ingest(t, customer("c1", "m1", "What are your opening hours?"))
	if first.Duplicate || !again.Duplicate || again.Message.ID != first.Message.ID {
		t.Fatalf("first dup %v, again dup %v, ids %d/%d", first.Duplicate, again.Duplicate, first.Message.ID, again.Message.ID)
	}
	n := 0
	for _, m := range b.messages(t, first.Conversation.ID) {
		if m.Role == handoff.RoleCustomer {
			n++
		}
	}
	if n != 1 {
		t.Fatalf("customer messages = %d, want 1", n)
	}
}

func TestConcurrentDuplicatesStoredOnce(t *testing.T) {
	t.Parallel()
	b := setup(t, setupOpts{})
	var wg sync.WaitGroup
	for i := 0; i < 8; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if _, err := b.eng.Ingest(context.Background(), customer("race", "same-id", "hello there")); err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	var convs []*handoff.Conversation
	_ = b.store.View(context.Background(), func(tx handoff.Tx) error {
		var err error
		convs, _, err = tx.ListConversations(context.Background(), handoff.ConversationFilter{})
		return err
	})
	if len(convs) != 1 {
		t.Fatalf("conversations = %d, want 1", len(convs))
	}
	if convs[0].MessageCount != 1 {
		t.Fatalf("message count = %d, want 1", convs[0].MessageCount)
	}
}

func TestRoutineMessagesKeepTheAI(t *testing.T) {
	t.Parallel()
	b := setup(t, setupOpts{})
	for i, text := range []string{
		"Hi! How long does shipping take to Germany?",
		"No need for a human, thanks, I just want to know the return window.",
		"I'm not angry, just asking: can I pay with PayPal?",
		"Thanks, that's not bad at all!",
	} {
		res := b.ingest(t, customer("polite", string(rune('a'+i)), text))
		if res.Conversation.State != handoff.StateAIActive || len(res.Fired) != 0 {
			t.Fatalf("%q: state %s fired %+v", text, res.Conversation.State, res.Fired)
		}
		if res.AIReply == nil || res.AIReply.Confidence == nil || res.AIReply.Role != handoff.RoleAI {
			t.Fatalf("%q: ai reply = %+v", text, res.AIReply)
		}
	}
}

func TestExternalHumanReplyArmsSafetyNet(t *testing.T) {
	t.Parallel()
	tests := []struct {
		channel    string
		cooldown   time.Duration // 0: stays paused
		wantResume bool
	}{
		{"web", 15 * time.Minute, true},
		{"shopify", 30 * time.Minute, true},
		{"instagram", 60 * time.Minute, true},
		{"messenger", 0, false},
	}
	for _, tt := range tests {
		t.Run(tt.channel, func(t *testing.T) {
			t.Parallel()
			b := setup(t, setupOpts{})
			ctx := context.Background()
			r := b.ingest(t, engine.IngestRequest{Channel: tt.channel, Role: handoff.RoleCustomer, Text: "hello", ConversationExternalID: "x", ExternalID: "1"})
			a := b.ingest(t, engine.IngestRequest{Channel: tt.channel, Role: handoff.RoleAgent, Text: "Hi, Tom here from the shop.", Source: handoff.SourceExternal,
				ConversationID: r.Conversation.ID, ExternalID: "2"})
			if a.Conversation.State != handoff.StatePaused || a.Conversation.HandoffReason != "external_human" {
				t.Fatalf("after echo: %s (%s)", a.Conversation.State, a.Conversation.HandoffReason)
			}
			// the customer writes while paused: the AI stays silent
			c := b.ingest(t, engine.IngestRequest{Channel: tt.channel, Role: handoff.RoleCustomer, Text: "ok thanks", ConversationID: r.Conversation.ID, ExternalID: "3"})
			if c.AIReply != nil || c.AIMayReply {
				t.Fatalf("AI replied while paused")
			}
			b.clock.Advance(tt.cooldown - time.Second)
			if tt.cooldown == 0 {
				b.clock.Advance(24 * time.Hour)
			}
			if _, err := b.eng.RunDue(ctx, nil); err != nil {
				t.Fatal(err)
			}
			if got := b.conversation(t, r.Conversation.ID).State; got != handoff.StatePaused {
				t.Fatalf("before cooldown: %s", got)
			}
			b.clock.Advance(2 * time.Second)
			if _, err := b.eng.RunDue(ctx, nil); err != nil {
				t.Fatal(err)
			}
			got := b.conversation(t, r.Conversation.ID)
			if tt.wantResume != (got.State == handoff.StateAIActive) {
				t.Fatalf("after cooldown: state %s, want resume %v", got.State, tt.wantResume)
			}
			if tt.wantResume {
				ms := b.messages(t, got.ID)
				if last := ms[len(ms)-1]; last.Role != handoff.RoleSystem || !strings.Contains(last.Text, "AI assistant again") {
					t.Fatalf("no resume notice: %+v", last)
				}
			}
		})
	}
}

func TestHumanActivityExtendsCooldown(t *testing.T) {
	t.Parallel()
	b := setup(t, setupOpts{})
	ctx := context.Background()
	r := b.ingest(t, customer("c", "1", "hello"))
	b.ingest(t, engine.IngestRequest{Channel: "web", Role: handoff.RoleAgent, Text: "Hi!", Source: handoff.SourceExternal, ConversationID: r.Conversation.ID, ExternalID: "2"})
	b.clock.Advance(10 * time.Minute)
	b.ingest(t, engine.IngestRequest{Channel: "web", Role: handoff.RoleAgent, Text: "Still here.", Source: handoff.SourceExternal, ConversationID: r.Conversation.ID, ExternalID: "3"})
	b.clock.Advance(10 * time.Minute)
	if _, err := b.eng.RunDue(ctx, nil); err != nil {
		t.Fatal(err)
	}
	if s := b.conversation(t, r.Conversation.ID).State; s != handoff.StatePaused {
		t.Fatalf("20 min after first, 10 after last human reply: %s, want paused", s)
	}
	b.clock.Advance(6 * time.Minute)
	if _, err := b.eng.RunDue(ctx, nil); err != nil {
		t.Fatal(err)
	}
	if s := b.conversation(t, r.Conversation.ID).State; s != handoff.StateAIActive {
		t.Fatalf("16 min after last human reply: %s, want ai_active", s)
	}
}

func (b *bundle) conversation(t *testing.T, id int64) *handoff.Conversation {
	t.Helper()
	var c *handoff.Conversation
	if err := b.store.View(context.Background(), func(tx handoff.Tx) error {
		var err error
		c, err = tx.ConversationByID(context.Background(), id)
		return err
	}); err != nil {
		t.Fatal(err)
	}
	return c
}

func TestManualActions(t *testing.T) {
	t.Parallel()
	b := setup(t, setupOpts{})
	ctx := context.Background()
	r := b.ingest(t, customer("c", "1", "I want to talk to a human please"))
	id := r.Conversation.ID
	if r.Conversation.State != handoff.StatePaused || r.Conversation.HandoffReason != "request_human" {
		t.Fatalf("request_human: %s %s", r.Conversation.State, r.Conversation.HandoffReason)
	}
	sara := &state.Agent{Name: "sara", DisplayName: "Sara", Team: "Support"}
	steps := []struct {
		action state.Action
		agent  *state.Agent
		want   handoff.State
		code   string
	}{
		{state.Pause, nil, "", handoff.ECONFLICT},
		{state.Handback, nil, "", handoff.ECONFLICT},
		{state.Claim, sara, handoff.StateHumanActive, ""},
		{state.Claim, &state.Agent{Name: "tom", DisplayName: "Tom"}, "", handoff.ECONFLICT},
		{state.Handback, sara, handoff.StateAIActive, ""},
		{state.Resume, nil, "", handoff.ECONFLICT},
		{state.Pause, sara, handoff.StatePaused, ""},
		{state.Resume, sara, handoff.StateAIActive, ""},
		{state.Close, sara, handoff.StateClosed, ""},
		{state.Close, sara, "", handoff.ECONFLICT},
	}
	for i, s := range steps {
		c, err := b.eng.Act(ctx, engine.ActionRequest{ConversationID: id, Action: s.action, Agent: s.agent})
		if s.code != "" {
			if handoff.ErrorCode(err) != s.code || handoff.ErrorState(err) == "" {
				t.Fatalf("step %d %s: err = %v, want %s with state", i, s.action, err, s.code)
			}
			continue
		}
		if err != nil || c.State != s.want {
			t.Fatalf("step %d %s: %v, state %v", i, s.action, err, c)
		}
	}
	var joined bool
	for _, m := range b.messages(t, id) {
		joined = joined || m.Text == "Sara from Support joined the conversation."
	}
	if !joined {
		t.Fatal("no join notice naming the agent")
	}
	var sc *handoff.Score
	_ = b.store.View(ctx, func(tx handoff.Tx) error {
		var err error
		sc, err = tx.ScoreByConversation(ctx, id)
		return err
	})
	if sc == nil || sc.Total <= 0 || sc.Total > 1 || sc.Rule != "request_human" {
		t.Fatalf("score on close = %+v", sc)
	}
	if _, err := b.eng.Act(ctx, engine.ActionRequest{ConversationID: 999, Action: state.Pause}); handoff.ErrorCode(err) != handoff.ENOTFOUND {
		t.Fatalf("unknown conversation: %v", err)
	}
}

func TestIngestValidation(t *testing.T) {
	t.Parallel()
	b := setup(t, setupOpts{})
	conf := 1.5
	long := strings.Repeat("a", engine.MaxTextLength+1)
	tests := []struct {
		name string
		req  engine.IngestRequest
		want string
	}{
		{"no channel", engine.IngestRequest{Role: "customer", Text: "hi"}, "channel is required"},
		{"bad channel", engine.IngestRequest{Channel: "fax", Role: "customer", Text: "hi"}, "unknown channel"},
		{"bad role", engine.IngestRequest{Channel: "web", Role: "bot", Text: "hi"}, "unknown role"},
		{"empty text", engine.IngestRequest{Channel: "web", Role: "customer", Text: "  "}, "text is required"},
		{"too long", engine.IngestRequest{Channel: "web", Role: "customer", Text: long}, "limit"},
		{"confidence on customer", engine.IngestRequest{Channel: "web", Role: "customer", Text: "hi", Confidence: &conf}, "only for ai"},
		{"confidence range", engine.IngestRequest{Channel: "web", Role: "ai", Text: "hi", Confidence: &conf}, "between 0 and 1"},
		{"external customer", engine.IngestRequest{Channel: "web", Role: "customer", Text: "hi", Source: "external"}, "agent messages"},
		{"bad utf8", engine.IngestRequest{Channel: "web", Role: "customer", Text: "hi \xff"}, "UTF-8"},
		{"NUL", engine.IngestRequest{Channel: "web", Role: "customer", Text: "hi \x00 there"}, "NUL"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := b.eng.Ingest(context.Background(), tt.req)
			if handoff.ErrorCode(err) != handoff.EINVALID || !strings.Contains(handoff.ErrorMessage(err), tt.want) {
				t.Fatalf("err = %v, want invalid containing %q", err, tt.want)
			}
		})
	}
	if _, err := b.eng.Ingest(context.Background(), engine.IngestRequest{Channel: "web", Role: "customer", Text: "hi", ConversationID: 42}); handoff.ErrorCode(err) != handoff.ENOTFOUND {
		t.Fatalf("unknown conversation id: %v", err)
	}
	var n int
	_ = b.store.View(context.Background(), func(tx handoff.Tx) error {
		_, n, _ = tx.ListConversations(context.Background(), handoff.ConversationFilter{})
		return nil
	})
	if n != 0 {
		t.Fatalf("bad input left %d conversations behind", n)
	}
}

func TestAIMessageWhilePausedIsConflict(t *testing.T) {
	t.Parallel()
	b := setup(t, setupOpts{})
	r := b.ingest(t, customer("c", "1", "let me talk to a real person"))
	_, err := b.eng.Ingest(context.Background(), engine.IngestRequest{Channel: "web", Role: "ai", Text: "Sure!", ConversationID: r.Conversation.ID})
	if handoff.ErrorCode(err) != handoff.ECONFLICT || handoff.ErrorState(err) != handoff.StatePaused {
		t.Fatalf("err = %v", err)
	}
}

type failingResponder struct{}

func (failingResponder) Reply(context.Context, *handoff.Conversation, []*handoff.Message) (*handoff.Reply, error) {
	return nil, handoff.Errorf(handoff.EUNAVAILABLE, "model down: %v", errors.New("connection refused"))
}

func TestResponderErrorHandsToAPerson(t *testing.T) {
	t.Parallel()
	b := setup(t, setupOpts{responder: failingResponder{}})
	r := b.ingest(t, customer("c", "1", "How long does shipping take?"))
	if r.Conversation.State != handoff.StatePaused || r.Conversation.HandoffReason != "ai_error" || r.AIReply != nil {
		t.Fatalf("state %s reason %s reply %v", r.Conversation.State, r.Conversation.HandoffReason, r.AIReply)
	}
}

type unsureResponder struct{}

func (unsureResponder) Reply(context.Context, *handoff.Conversation, []*handoff.Message) (*handoff.Reply, error) {
	return &handoff.Reply{Text: "I'm not sure I can help with that one.", Confidence: 0.1}, nil
}

func TestUnsureAITwiceHandsOffAndWithholdsTheDraft(t *testing.T) {
	t.Parallel()
	b := setup(t, setupOpts{responder: unsureResponder{}})
	r1 := b.ingest(t, customer("c", "1", "Can you recalibrate my espresso grinder's burrs?"))
	if r1.AIReply == nil || r1.Conversation.State != handoff.StateAIActive {
		t.Fatalf("first unsure reply should go out: %+v", r1.Conversation.State)
	}
	r2 := b.ingest(t, customer("c", "2", "Ok so how do I adjust the burr alignment?"))
	if r2.AIReply != nil || r2.Conversation.State != handoff.StatePaused || r2.Conversation.HandoffReason != "ai_uncertain" {
		t.Fatalf("second unsure draft: reply %v state %s reason %s", r2.AIReply, r2.Conversation.State, r2.Conversation.HandoffReason)
	}
	ai := 0
	for _, m := range b.messages(t, r2.Conversation.ID) {
		if m.Role == handoff.RoleAI {
			ai++
		}
	}
	if ai != 1 {
		t.Fatalf("AI messages in transcript = %d, want 1 (the withheld draft is not stored)", ai)
	}
}

func TestGuard(t *testing.T) {
	t.Parallel()
	b := setup(t, setupOpts{})
	ctx := context.Background()
	hi := 0.9
	g, err := b.eng.Guard(ctx, engine.GuardRequest{IngestRequest: customer("bot", "1", "When do you open?"), Draft: "We open at 9.", DraftConfidence: &hi})
	if err != nil || !g.Allow || g.State != handoff.StateAIActive || g.Message == nil {
		t.Fatalf("routine draft: %+v %v", g, err)
	}
	g, err = b.eng.Guard(ctx, engine.GuardRequest{IngestRequest: customer("bot", "2", "Get me a real person NOW, this is ridiculous"), Draft: "I can help!", DraftConfidence: &hi})
	if err != nil || g.Allow || g.State != handoff.StatePaused || len(g.Fired) == 0 || g.Signals == nil || !g.Signals.RequestHuman {
		t.Fatalf("request for a person: %+v %v", g, err)
	}
	ai := 0
	for _, m := range b.messages(t, g.Conversation.ID) {
		if m.Role == handoff.RoleAI {
			ai++
		}
	}
	if ai != 1 {
		t.Fatalf("AI messages = %d, want 1 (the refused draft is not stored)", ai)
	}
}

func TestKillSwitchPausesTheChannel(t *testing.T) {
	t.Parallel()
	b := setup(t, setupOpts{})
	ctx := context.Background()
	if err := b.store.Write(ctx, func(tx handoff.Tx) error {
		c, err := tx.ChannelConfig(ctx, "web")
		if err != nil {
			return err
		}
		c.KillSwitch = true
		return tx.PutChannelConfig(ctx, c)
	}); err != nil {
		t.Fatal(err)
	}
	r := b.ingest(t, customer("k", "1", "What are your opening hours?"))
	if r.Conversation.State != handoff.StatePaused || r.Conversation.HandoffReason != "channel_paused" || r.AIReply != nil {
		t.Fatalf("state %s reason %s", r.Conversation.State, r.Conversation.HandoffReason)
	}
}

func TestOutOfHoursHandoffMessage(t *testing.T) {
	t.Parallel()
	open := handoff.ChannelConfig{HandoffMessage: "A person replies within {{wait}}.", OutOfHoursMessage: "We're closed.", WaitEstimate: "5 minutes",
		Hours: &handoff.BusinessHours{TimeZone: "Europe/Berlin", Days: map[string]string{"wed": "09:00-17:00"}}}
	tests := []struct {
		at   time.Time
		want string
	}{
		{time.Date(2026, 11, 25, 10, 0, 0, 0, time.UTC), "A person replies within 5 minutes."}, // 11:00 Berlin, Wednesday
		{time.Date(2026, 11, 25, 17, 0, 0, 0, time.UTC), "We're closed."},                      // 18:00 Berlin
		{time.Date(2026, 11, 26, 10, 0, 0, 0, time.UTC), "We're closed."},                      // Thursday: no hours
	}
	for _, tt := range tests {
		if got := engine.HandoffMessage(open, tt.at); got != tt.want {
			t.Errorf("%v: %q, want %q", tt.at, got, tt.want)
		}
	}
}

func TestReminderWhenUnclaimed(t *testing.T) {
	t.Parallel()
	b := setup(t, setupOpts{targets: []string{"webhook"}})
	ctx := context.Background()
	r := b.ingest(t, customer("r", "1", "I need to speak to a manager"))
	b.clock.Advance(6 * time.Minute)
	if _, err := b.eng.RunDue(ctx, nil); err != nil {
		t.Fatal(err)
	}
	var items []*handoff.OutboxItem
	_ = b.store.View(ctx, func(tx handoff.Tx) error {
		var err error
		items, err = tx.ListOutbox(ctx, handoff.OutboxFilter{ConversationID: r.Conversation.ID})
		return err
	})
	kinds := map[string]int{}
	for _, it := range items {
		if strings.Contains(string(it.Payload), `"type":"reminder"`) {
			kinds["reminder"]++
		} else {
			kinds["handoff"]++
		}
	}
	if kinds["handoff"] != 1 || kinds["reminder"] != 1 {
		t.Fatalf("outbox = %v, want one handoff and one reminder", kinds)
	}
}

func TestTimersSurviveRestart(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	dir := t.TempDir()
	clock := mock.NewClock(time.Date(2026, 11, 25, 12, 0, 0, 0, time.UTC))
	open := func() (*engine.Engine, handoff.Store) {
		db, err := sqlite.Open(ctx, dir)
		if err != nil {
			t.Fatal(err)
		}
		if err := engine.Seed(ctx, db, clock.Now); err != nil {
			t.Fatal(err)
		}
		return engine.New(engine.Config{Store: db, Analyzer: analyze.New(analyze.Config{}), Now: clock.Now}), db
	}
	eng, db := open()
	res, err := eng.Ingest(ctx, engine.IngestRequest{Channel: "shopify", Role: "agent", Source: "external", Text: "Hi, Tom from the shop here", ConversationExternalID: "s"})
	if err != nil || res.Conversation.State != handoff.StatePaused {
		t.Fatalf("pause: %v %v", err, res)
	}
	db.Close()
	clock.Advance(31 * time.Minute)
	eng, db = open()
	defer db.Close()
	if n, err := eng.RunDue(ctx, nil); err != nil || n != 1 {
		t.Fatalf("RunDue after restart: n=%d err=%v", n, err)
	}
	var c *handoff.Conversation
	_ = db.View(ctx, func(tx handoff.Tx) error {
		c, err = tx.ConversationByID(ctx, res.Conversation.ID)
		return err
	})
	if c.State != handoff.StateAIActive || c.ResumeAt != nil {
		t.Fatalf("after restart and cooldown: %s resume %v", c.State, c.ResumeAt)
	}
}

func TestPacketCarriesContextAndOrders(t *testing.T) {
	t.Parallel()
	b := setup(t, setupOpts{})
	ctx := context.Background()
	var asked string
	eng := engine.New(engine.Config{Store: b.store, Analyzer: analyze.New(analyze.Config{}), Responder: kb.Default(), Now: b.clock.Now,
		Orders: func(_ context.Context, email string) (any, error) {
			asked = email
			return []map[string]string{{"name": "#1001", "fulfillment_status": "UNFULFILLED"}}, nil
		}})
	req := customer("p", "1", "My order #1001 never arrived and I was charged twice")
	req.Customer = &handoff.Customer{Name: "Ann", Email: "ann@example.com"}
	if _, err := eng.Ingest(ctx, req); err != nil {
		t.Fatal(err)
	}
	r, err := eng.Ingest(ctx, customer("p", "2", "I want to speak to a person now"))
	if err != nil {
		t.Fatal(err)
	}
	p, err := eng.Packet(ctx, r.Conversation.ID)
	if err != nil {
		t.Fatal(err)
	}
	if asked != "ann@example.com" || p.Orders == nil {
		t.Fatalf("orders not looked up: asked %q, orders %v", asked, p.Orders)
	}
	if p.Reason != "complex_issue" || p.MessageCount != 2 || p.FiredValues["complexity"] == nil || len(p.CustomerWants) == 0 || p.Customer.Name != "Ann" || len(p.Transcript) == 0 {
		t.Fatalf("packet = %+v", p)
	}
	if !strings.Contains(p.Summary, "I want to speak to a person now") {
		t.Fatalf("summary = %q", p.Summary)
	}
	if _, err := eng.Packet(ctx, 9999); handoff.ErrorCode(err) != handoff.ENOTFOUND {
		t.Fatalf("unknown conversation: %v", err)
	}
}

func TestConcurrentMessagesOnOneConversationAllCount(t *testing.T) {
	t.Parallel()
	b := setup(t, setupOpts{responder: silentResponder{}})
	b.ingest(t, customer("busy", "first", "hello"))
	var wg sync.WaitGroup
	for i := 0; i < 20; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if _, err := b.eng.Ingest(context.Background(), customer("busy", fmt.Sprintf("m%d", i), fmt.Sprintf("question number %d about shipping", i))); err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	var c *handoff.Conversation
	_ = b.store.View(context.Background(), func(tx handoff.Tx) error {
		var err error
		c, err = tx.ConversationByExternalID(context.Background(), "web", "busy")
		return err
	})
	if c.MessageCount != 21 || c.TurnCount != 21 {
		t.Fatalf("message_count %d turn_count %d, want 21 and 21: a prepared turn was stored over a newer state", c.MessageCount, c.TurnCount)
	}
	seen := map[int]bool{}
	for _, m := range b.messages(t, c.ID) {
		if m.Signals != nil {
			if seen[m.Signals.MessageCount] {
				t.Fatalf("two messages carry message_count %d", m.Signals.MessageCount)
			}
			seen[m.Signals.MessageCount] = true
		}
	}
}

// silentResponder drafts nothing (which hands the conversation to a person), so only customer turns are stored.
type silentResponder struct{}

func (silentResponder) Reply(context.Context, *handoff.Conversation, []*handoff.Message) (*handoff.Reply, error) {
	return &handoff.Reply{}, nil
}

func TestReminderLadderClimbs(t *testing.T) {
	t.Parallel()
	b := setup(t, setupOpts{targets: []string{"slack", "email"}})
	ctx := context.Background()
	eng := engine.New(engine.Config{Store: b.store, Analyzer: analyze.New(analyze.Config{}), Now: b.clock.Now,
		NotifyTargets: []string{"slack", "email"}, ReminderAfter: 5 * time.Minute, ReminderLadder: [][]string{{"slack"}, {"slack", "email"}}})
	r, err := eng.Ingest(ctx, customer("ladder", "1", "I need to speak to a manager"))
	if err != nil {
		t.Fatal(err)
	}
	count := func() map[string]int {
		var items []*handoff.OutboxItem
		_ = b.store.View(ctx, func(tx handoff.Tx) error {
			var err error
			items, err = tx.ListOutbox(ctx, handoff.OutboxFilter{ConversationID: r.Conversation.ID})
			return err
		})
		out := map[string]int{}
		for _, it := range items {
			if strings.Contains(string(it.Payload), `"type":"reminder"`) {
				out[it.Target]++
			}
		}
		return out
	}
	for i, want := range []map[string]int{{"slack": 1}, {"slack": 2, "email": 1}, {"slack": 2, "email": 1}} {
		b.clock.Advance(6 * time.Minute)
		if _, err := eng.RunDue(ctx, nil); err != nil {
			t.Fatal(err)
		}
		got := count()
		if got["slack"] != want["slack"] || got["email"] != want["email"] {
			t.Fatalf("after reminder %d: %v, want %v", i+1, got, want)
		}
	}
}

// TestEachTurnIsOneEventWithItsEvaluation: a turn that hands off is announced by one turn event
// (the customer's message, the handoff notice, the paused conversation) and its evaluation is
// stored with the customer's message; a withheld AI draft's evaluation is kept on its own.
func TestEachTurnIsOneEventWithItsEvaluation(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	b := setup(t, setupOpts{responder: unsureResponder{}})
	r1 := b.ingest(t, customer("c", "1", "Can you recalibrate my espresso grinder's burrs?"))
	r2 := b.ingest(t, customer("c", "2", "Ok so how do I adjust the burr alignment?"))
	r3 := b.ingest(t, customer("c", "3", "Can I talk to a real person please?"))
	id := r3.Conversation.ID
	var events []*handoff.Event
	var evals []*handoff.Evaluation
	if err := b.store.View(ctx, func(tx handoff.Tx) (err error) {
		if events, err = tx.ListEvents(ctx, 0, id, 0); err != nil {
			return err
		}
		evals, err = tx.ListEvaluations(ctx, id)
		return err
	}); err != nil {
		t.Fatal(err)
	}
	// turn 1: customer message, then the AI reply; turn 2: customer message, then the withheld
	// draft pauses (handoff notice); turn 3: customer message while paused.
	var got []string
	for _, e := range events {
		if e.Type != handoff.EventTurn {
			got = append(got, e.Type)
			continue
		}
		var d handoff.TurnData
		if err := json.Unmarshal(e.Data, &d); err != nil || d.Conversation == nil {
			t.Fatalf("turn event %s: %v", e.Data, err)
		}
		s := "turn:"
		for _, m := range d.Messages {
			s += string(m.Role) + ","
		}
		got = append(got, s+string(d.Conversation.State))
	}
	want := []string{"turn:customer,ai_active", "turn:ai,ai_active", "turn:customer,ai_active", "turn:system,paused", "turn:customer,paused"}
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Fatalf("events = %v, want %v", got, want)
	}
	byMessage := map[int64]*handoff.Evaluation{}
	var withheld *handoff.Evaluation
	for _, e := range evals {
		if e.MessageID == 0 {
			withheld = e
		} else {
			byMessage[e.MessageID] = e
		}
	}
	for _, r := range []*engine.IngestResult{r1, r2, r3} {
		e := byMessage[r.Message.ID]
		if e == nil || e.ID != r.Message.ID || e.Signals.MessageCount != r.Signals.MessageCount {
			t.Errorf("evaluation of message %d = %+v", r.Message.ID, e)
		}
	}
	if withheld == nil || len(withheld.Fired) == 0 || withheld.Fired[0].Rule != "ai_uncertain" || withheld.StateAfter != handoff.StatePaused {
		t.Errorf("evaluation of the withheld draft = %+v", withheld)
	}
}
