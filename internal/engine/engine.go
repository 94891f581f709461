package engine

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/handoffhq/handoff"
	"github.com/handoffhq/handoff/internal/analyze"
	"github.com/handoffhq/handoff/internal/rules"
)

// HistoryWindow is how many earlier messages a turn is analysed against; older ones no longer
// change the signals (averages and trends use the last 3 customer messages, repetition the recent ones).
const HistoryWindow = 60

// MaxTextLength is the longest message text accepted, in characters.
const MaxTextLength = 10000

// AIAuthor is the name shown on AI replies.
const AIAuthor = "AI Assistant"

// Publisher pushes committed events to live subscribers (consoles, widgets, other instances).
type Publisher interface {
	Publish(events []*handoff.Event)
}

// Config wires an Engine.
type Config struct {
	Store     handoff.Store
	Analyzer  *analyze.Analyzer
	Responder handoff.Responder // nil: no AI replies (external bot mode)
	Publisher Publisher         // nil: no live updates
	Now       handoff.Clock
	Logger    *slog.Logger
	// NotifyTargets are the configured team notification outlets (slack, webhook, email); "team" fans out to all of them.
	NotifyTargets []string
	// OutboundChannels are channels whose customer-facing messages are delivered through the outbox (messenger, instagram).
	OutboundChannels []string
	// ReminderAfter is when an unclaimed paused conversation is notified again; zero disables reminders.
	ReminderAfter time.Duration
	// ReminderLadder lists, per reminder, the targets it goes to: the first reminder to
	// ReminderLadder[0], the next ReminderAfter later to ReminderLadder[1], and so on.
	// Empty means two reminders to the whole team.
	ReminderLadder [][]string
	// Orders reads the customer's recent orders for the handoff packet; nil when no shop is connected.
	Orders OrdersLookup
	// Lease is how long a claimed timer or outbox row is held; zero means DefaultLease.
	Lease time.Duration
	// ResponderTimeout bounds one AI reply; on timeout the conversation goes to a person with reason ai_error.
	ResponderTimeout time.Duration
}

// Engine is the service behind the API, the channels and the scheduler. It is safe for concurrent use.
type Engine struct {
	cfg Config
	log *slog.Logger

	mu         sync.Mutex
	ruleKey    string
	ruleSet    *rules.Set
	ruleLoaded time.Time
	channels   map[string]cachedChannel
	outbound   map[string]bool

	historyCache *historyCache
}

// New returns an Engine; Store and Analyzer are required.
func New(cfg Config) *Engine {
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	if cfg.Lease <= 0 {
		cfg.Lease = DefaultLease
	}
	if cfg.ResponderTimeout == 0 {
		cfg.ResponderTimeout = 20 * time.Second
	}
	if len(cfg.ReminderLadder) == 0 {
		cfg.ReminderLadder = [][]string{{"team"}, {"team"}}
	}
	out := map[string]bool{}
	for _, ch := range cfg.OutboundChannels {
		out[ch] = true
	}
	return &Engine{cfg: cfg, log: cfg.Logger, outbound: out, channels: map[string]cachedChannel{}, historyCache: newHistoryCache(historyCacheSize, historyCacheTTL, time.Now)}
}

// Store returns the engine's store.
func (e *Engine) Store() handoff.Store { return e.cfg.Store }

// Now returns the engine clock's time in UTC.
func (e *Engine) Now() time.Time { return e.cfg.Now().UTC() }

// IngestRequest is one inbound message from any channel.
type IngestRequest struct {
	Channel                string               `json:"channel"`
	Role                   handoff.Role         `json:"role"`
	Text                   string               `json:"text"`
	ExternalID             string               `json:"external_id"`
	ConversationID         int64                `json:"conversation_id"`
	ConversationExternalID string               `json:"conversation_external_id"`
	Customer               *handoff.Customer    `json:"customer"`
	Confidence             *float64             `json:"confidence"`
	Source                 string               `json:"source"`
	Author                 string               `json:"author"`
	Attachments            []handoff.Attachment `json:"attachments"`
	// NoAIReply skips the AI responder for this message (the caller answers itself, e.g. an external bot).
	NoAIReply bool `json:"-"`
}

// IngestResult is what happened to one inbound message.
type IngestResult struct {
	Conversation    *handoff.Conversation `json:"conversation"`
	Message         *handoff.Message      `json:"message"`
	Signals         *handoff.Signals      `json:"signals"`
	EscalationScore float64               `json:"escalation_score"`
	Fired           []handoff.FiredRule   `json:"fired"`
	Explanation     string                `json:"explanation,omitempty"`
	AIMayReply      bool                  `json:"ai_may_reply"`
	HandedOff       bool                  `json:"handed_off"` // this message made the AI step back
	AIReply         *handoff.Message      `json:"ai_reply"`
	Duplicate       bool                  `json:"duplicate"`
}

// Validate checks a request before anything is stored.
func (r *IngestRequest) Validate() error {
	r.Channel = strings.TrimSpace(r.Channel)
	if r.Channel == "" {
		return handoff.Errorf(handoff.EINVALID, "channel is required (one of %s)", strings.Join(handoff.Channels, ", "))
	}
	if !handoff.ValidChannel(r.Channel) {
		return handoff.Errorf(handoff.EINVALID, "unknown channel %q (want one of %s)", r.Channel, strings.Join(handoff.Channels, ", "))
	}
	switch r.Role {
	case handoff.RoleCustomer, handoff.RoleAI, handoff.RoleAgent:
	case "":
		return handoff.Errorf(handoff.EINVALID, "role is required (customer, ai or agent)")
	default:
		return handoff.Errorf(handoff.EINVALID, "unknown role %q (want customer, ai or agent)", r.Role)
	}
	if strings.TrimSpace(r.Text) == "" && len(r.Attachments) == 0 {
		return handoff.Errorf(handoff.EINVALID, "text is required")
	}
	if !utf8.ValidString(r.Text) {
		return handoff.Errorf(handoff.EINVALID, "text is not valid UTF-8")
	}
	if strings.ContainsRune(r.Text+r.ExternalID+r.ConversationExternalID+r.Author, 0) {
		return handoff.Errorf(handoff.EINVALID, "text and ids must not contain NUL characters")
	}
	if n := utf8.RuneCountInString(r.Text); n > MaxTextLength {
		return handoff.Errorf(handoff.EINVALID, "text is %d characters, the limit is %d", n, MaxTextLength)
	}
	if len(r.ExternalID) > 255 || len(r.ConversationExternalID) > 255 {
		return handoff.Errorf(handoff.EINVALID, "external ids are limited to 255 bytes")
	}
	if r.Confidence != nil {
		if r.Role != handoff.RoleAI {
			return handoff.Errorf(handoff.EINVALID, "confidence is only for ai messages")
		}
		if c := *r.Confidence; c < 0 || c > 1 || c != c {
			return handoff.Errorf(handoff.EINVALID, "confidence must be between 0 and 1")
		}
	}
	switch r.Source {
	case "", handoff.SourceExternal, handoff.SourceConsole, handoff.SourceWidget, "api":
	default:
		return handoff.Errorf(handoff.EINVALID, "unknown source %q (want external, console, widget or api)", r.Source)
	}
	if r.Source == handoff.SourceExternal && r.Role != handoff.RoleAgent {
		return handoff.Errorf(handoff.EINVALID, "source external is for agent messages (a human reply seen outside handoff)")
	}
	return nil
}

// Ingest stores one message idempotently with its signals, evaluation, state change and effects in one
// transaction, then asks the responder for a reply when the AI may answer. A repeat of
// (channel, external_id) returns the stored result with Duplicate set.
func (e *Engine) Ingest(ctx context.Context, req IngestRequest) (*IngestResult, error) {
	if err := req.Validate(); err != nil {
		return nil, err
	}
	var res *IngestResult
	var tr *txRecorder
	var err error
	pre := e.prepare(ctx, req)
	if pre != nil {
		err = e.cfg.Store.Write(ctx, func(tx handoff.Tx) error {
			var err error
			res, tr, err = e.storePrepared(ctx, tx, req, pre)
			return err
		})
	}
	if code := handoff.ErrorCode(err); pre == nil || code == handoff.ECONFLICT || code == handoff.ENOTFOUND {
		// a new conversation, a repeated message, or a conversation changed or deleted since it
		// was read: the write transaction computes the turn itself
		err = e.write(ctx, func(tx handoff.Tx) error {
			var err error
			res, tr, err = e.ingestTx(ctx, tx, req)
			return err
		})
	}
	if err != nil {
		return nil, err
	}
	e.committed(tr)
	if res.Duplicate || req.Role != handoff.RoleCustomer || !res.AIMayReply || req.NoAIReply || e.cfg.Responder == nil {
		return res, nil
	}
	reply, conv, err := e.respond(ctx, res.Conversation.ID)
	if err != nil {
		e.log.Error("ai reply", slog.Int64("conversation_id", res.Conversation.ID), slog.Any("error", err))
		return res, nil
	}
	res.AIReply = reply
	if conv != nil {
		res.Conversation = conv
		res.AIMayReply = conv.State == handoff.StateAIActive
	}
	return res, nil
}

// write runs fn in a write transaction, retrying once on a conflict from a concurrent first message.
func (e *Engine) write(ctx context.Context, fn func(handoff.Tx) error) error {
	err := e.cfg.Store.Write(ctx, fn)
	if handoff.ErrorCode(err) == handoff.ECONFLICT && handoff.ErrorState(err) == "" {
		err = e.cfg.Store.Write(ctx, fn)
	}
	return err
}

// prepared is a turn computed outside the write transaction from the conversation as read.
type prepared struct {
	before  handoff.Conversation
	conv    *handoff.Conversation // the conversation after the turn; its Version is the one read
	history []*handoff.Message    // the messages before the turn's, read with the conversation
	msg     *handoff.Message
	turn    TurnResult
	now     time.Time
}

// prepare computes the turn outside the write transaction, so that analysis and rules run in
// parallel with other writes and the write transaction only stores the result: from the
// conversation this engine cached after its last turn when it can, else from a read
// transaction. It returns nil when there is nothing to prepare (a new conversation) or anything
// goes wrong; the write then computes the turn itself.
func (e *Engine) prepare(ctx context.Context, req IngestRequest) *prepared {
	if req.ConversationID == 0 && req.ConversationExternalID == "" {
		return nil
	}
	if p := e.prepareCached(req); p != nil {
		return p
	}
	var p *prepared
	_ = e.cfg.Store.View(ctx, func(tx handoff.Tx) error {
		var conv *handoff.Conversation
		var err error
		if req.ConversationID != 0 {
			conv, err = tx.ConversationByID(ctx, req.ConversationID)
		} else {
			conv, err = tx.ConversationByExternalID(ctx, req.Channel, req.ConversationExternalID)
		}
		if err != nil || conv.Channel != req.Channel {
			return err
		}
		history, ch, set, err := e.turnContext(ctx, tx, conv, true)
		if err != nil {
			return err
		}
		p = e.prepared(req, conv, history, ch, set)
		return nil
	})
	return p
}

// turnContext reads what a turn on conv needs besides the conversation: its last messages, its
// channel's settings and the rules. Only a read transaction (remember) caches the history it reads;
// a write transaction may still roll back.
func (e *Engine) turnContext(ctx context.Context, tx handoff.Tx, conv *handoff.Conversation, remember bool) ([]*handoff.Message, handoff.ChannelConfig, *rules.Set, error) {
	history, err := e.history(ctx, tx, conv.ID, remember)
	if err != nil {
		return nil, handoff.ChannelConfig{}, nil, err
	}
	ch, err := e.channelConfig(ctx, tx, conv.Channel)
	if err != nil {
		return nil, handoff.ChannelConfig{}, nil, err
	}
	set, err := e.rules(ctx, tx)
	if err != nil {
		return nil, handoff.ChannelConfig{}, nil, err
	}
	return history, ch, set, nil
}

// prepareCached computes the turn from the cached conversation, without reading the store; nil
// when the conversation, its channel's settings or the rules are not cached.
func (e *Engine) prepareCached(req IngestRequest) *prepared {
	conv, history := e.historyCache.snapshot(req.Channel, req.ConversationID, req.ConversationExternalID)
	if conv == nil {
		return nil
	}
	ch, ok := e.cachedChannel(conv.Channel)
	if !ok {
		return nil
	}
	set := e.cachedRules()
	if set == nil {
		return nil
	}
	return e.prepared(req, conv, history, ch, set)
}

// prepared computes req's turn on conv, read with its history.
func (e *Engine) prepared(req IngestRequest, conv *handoff.Conversation, history []*handoff.Message, ch handoff.ChannelConfig, set *rules.Set) *prepared {
	if req.ConversationID == 0 {
		fillCustomer(conv, req)
	}
	in := e.turnInput(conv, req, history, ch, set, e.Now())
	return &prepared{before: *conv, conv: conv, history: history, msg: in.Message, now: in.Now, turn: Turn(in)}
}

// turnInput gathers what Turn needs for req on conv.
func (e *Engine) turnInput(conv *handoff.Conversation, req IngestRequest, history []*handoff.Message, ch handoff.ChannelConfig, set *rules.Set, now time.Time) TurnInput {
	msg := &handoff.Message{
		ConversationID: conv.ID, Role: req.Role, Text: req.Text, ExternalID: req.ExternalID,
		Source: req.Source, Author: req.Author, Confidence: req.Confidence, Attachments: req.Attachments, CreatedAt: now,
	}
	if msg.Role == handoff.RoleAI && msg.Author == "" {
		msg.Author = AIAuthor
	}
	if msg.Role == handoff.RoleAgent && msg.Author == "" {
		msg.Author = cmpOr(conv.AgentName, "Support team")
	}
	return TurnInput{Conversation: conv, History: history, Message: msg, Channel: ch, Rules: set, Analyzer: e.cfg.Analyzer, Now: now}
}

// storePrepared stores a turn prepared outside the transaction. It returns ECONFLICT when the
// message is already stored or the conversation was updated since it was read (the store checks
// its Version), ENOTFOUND when it was deleted, and the caller then runs ingestTx instead.
func (e *Engine) storePrepared(ctx context.Context, tx handoff.Tx, req IngestRequest, p *prepared) (*IngestResult, *txRecorder, error) {
	if req.Role == handoff.RoleAI && p.before.State != handoff.StateAIActive {
		return nil, nil, handoff.Conflictf(p.before.State, "the AI may not reply: conversation %d is %s", p.before.ID, p.before.State)
	}
	return e.record(ctx, tx, p.conv, &p.before, p.history, p.msg, p.turn, p.now)
}

// ingestTx reads the conversation, computes the turn and stores it, all in the write transaction.
func (e *Engine) ingestTx(ctx context.Context, tx handoff.Tx, req IngestRequest) (*IngestResult, *txRecorder, error) {
	now := e.Now()
	if req.ExternalID != "" {
		if m, err := tx.MessageByExternalID(ctx, req.Channel, req.ExternalID); err == nil {
			res, err := e.storedResult(ctx, tx, m)
			return res, nil, err
		} else if handoff.ErrorCode(err) != handoff.ENOTFOUND {
			return nil, nil, err
		}
	}
	conv, err := e.findOrCreateConversation(ctx, tx, req, now)
	if err != nil {
		return nil, nil, err
	}
	if req.Role == handoff.RoleAI && conv.State != handoff.StateAIActive {
		return nil, nil, handoff.Conflictf(conv.State, "the AI may not reply: conversation %d is %s", conv.ID, conv.State)
	}
	history, ch, set, err := e.turnContext(ctx, tx, conv, false)
	if err != nil {
		return nil, nil, err
	}
	in := e.turnInput(conv, req, history, ch, set, now)
	before := *conv
	return e.record(ctx, tx, conv, &before, history, in.Message, Turn(in), now)
}

// record stores a computed turn on conv, read with history: the message, its evaluation, and
// the turn's consequences.
func (e *Engine) record(ctx context.Context, tx handoff.Tx, conv, before *handoff.Conversation, history []*handoff.Message, msg *handoff.Message, turn TurnResult, now time.Time) (*IngestResult, *txRecorder, error) {
	tr := &txRecorder{tx: tx, ctx: ctx, now: now, engine: e, history: history, historyKnown: true}
	if err := tr.message(msg, turn.Evaluation, conv); err != nil {
		return nil, nil, err
	}
	if err := tr.apply(conv, before, msg, turn); err != nil {
		return nil, nil, err
	}
	res := &IngestResult{Conversation: conv, Message: msg, Signals: turn.Signals, AIMayReply: turn.AIMayReply, HandedOff: turn.Paused, Fired: []handoff.FiredRule{}}
	if turn.Signals != nil {
		res.EscalationScore = turn.Signals.EscalationScore
	}
	if turn.Evaluation != nil {
		res.Fired, res.Explanation = turn.Evaluation.Fired, turn.Evaluation.Explanation
	}
	return res, tr, nil
}

// storedResult rebuilds the result of an already stored message for a duplicate delivery.
func (e *Engine) storedResult(ctx context.Context, tx handoff.Tx, m *handoff.Message) (*IngestResult, error) {
	conv, err := tx.ConversationByID(ctx, m.ConversationID)
	if err != nil {
		return nil, err
	}
	res := &IngestResult{Conversation: conv, Message: m, Signals: m.Signals, Duplicate: true, Fired: []handoff.FiredRule{},
		AIMayReply: conv.State == handoff.StateAIActive}
	if m.Signals != nil {
		res.EscalationScore = m.Signals.EscalationScore
	}
	evs, err := tx.ListEvaluations(ctx, conv.ID)
	if err != nil {
		return nil, err
	}
	for _, ev := range evs {
		if ev.MessageID == m.ID {
			res.Fired, res.Explanation = ev.Fired, ev.Explanation
		}
	}
	return res, nil
}

func (e *Engine) findOrCreateConversation(ctx context.Context, tx handoff.Tx, req IngestRequest, now time.Time) (*handoff.Conversation, error) {
	if req.ConversationID != 0 {
		c, err := tx.ConversationByID(ctx, req.ConversationID)
		if err != nil {
			return nil, err
		}
		if c.Channel != req.Channel {
			return nil, handoff.Errorf(handoff.EINVALID, "conversation %d is on channel %s, not %s", c.ID, c.Channel, req.Channel)
		}
		return c, nil
	}
	if req.ConversationExternalID != "" {
		c, err := tx.ConversationByExternalID(ctx, req.Channel, req.ConversationExternalID)
		if err == nil {
			fillCustomer(c, req)
			return c, nil
		} else if handoff.ErrorCode(err) != handoff.ENOTFOUND {
			return nil, err
		}
	}
	c := &handoff.Conversation{
		ExternalID: req.ConversationExternalID, Channel: req.Channel, State: handoff.StateAIActive,
		Priority: handoff.PriorityNormal, Tags: []string{}, CreatedAt: now, UpdatedAt: now,
		RuleFiredAt: map[string]time.Time{},
	}
	if req.Customer != nil {
		c.Customer = *req.Customer
	}
	if err := tx.CreateConversation(ctx, c); err != nil {
		return nil, err
	}
	return c, nil
}

// fillCustomer sets the customer of a conversation found by its external id from the request,
// unless the conversation already knows who the customer is.
func fillCustomer(c *handoff.Conversation, req IngestRequest) {
	if req.Customer != nil && c.Customer.Name == "" && c.Customer.Email == "" {
		c.Customer = *req.Customer
	}
}

// channelConfig returns the stored settings for a channel, or the shipped defaults; like the rule
// set, a loaded value is reused for RulesTTL unless InvalidateChannels is called.
func (e *Engine) channelConfig(ctx context.Context, tx handoff.Tx, channel string) (handoff.ChannelConfig, error) {
	if cfg, ok := e.cachedChannel(channel); ok {
		return cfg, nil
	}
	now := time.Now()
	var cfg handoff.ChannelConfig
	c, err := tx.ChannelConfig(ctx, channel)
	switch {
	case err == nil:
		cfg = *c
	case handoff.ErrorCode(err) != handoff.ENOTFOUND:
		return handoff.ChannelConfig{}, err
	default:
		cfg = handoff.ChannelConfig{Channel: channel, AutoPause: true}
		for _, d := range handoff.DefaultChannelConfigs() {
			if d.Channel == channel {
				cfg = d
			}
		}
	}
	e.mu.Lock()
	e.channels[channel] = cachedChannel{cfg: cfg, loaded: now}
	e.mu.Unlock()
	return cfg, nil
}

// InvalidateChannels makes the next message reload channel settings from the store.
func (e *Engine) InvalidateChannels() {
	e.mu.Lock()
	clear(e.channels)
	e.mu.Unlock()
}

type cachedChannel struct {
	cfg    handoff.ChannelConfig
	loaded time.Time
}

// cachedChannel returns a channel's settings loaded within RulesTTL, if any.
func (e *Engine) cachedChannel(channel string) (handoff.ChannelConfig, bool) {
	e.mu.Lock()
	defer e.mu.Unlock()
	c, ok := e.channels[channel]
	if !ok || time.Since(c.loaded) >= RulesTTL {
		return handoff.ChannelConfig{}, false
	}
	return c.cfg, true
}

// cachedRules returns the rule set loaded within RulesTTL, or nil.
func (e *Engine) cachedRules() *rules.Set {
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.ruleSet == nil || time.Since(e.ruleLoaded) >= RulesTTL {
		return nil
	}
	return e.ruleSet
}

// RulesTTL is how long a loaded rule set is reused before the store is asked again; rule
// changes made through this instance apply at once (InvalidateRules), others within this time.
const RulesTTL = time.Second

// rules returns the compiled stored rule set, recompiling only when it changed.
func (e *Engine) rules(ctx context.Context, tx handoff.Tx) (*rules.Set, error) {
	if set := e.cachedRules(); set != nil {
		return set, nil
	}
	now := time.Now()
	rs, err := tx.ListRules(ctx)
	if err != nil {
		return nil, err
	}
	var key strings.Builder
	for _, r := range rs {
		fmt.Fprintf(&key, "%s@%d;", r.ID, r.UpdatedAt.UnixNano())
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	e.ruleLoaded = now
	if e.ruleSet != nil && e.ruleKey == key.String() {
		return e.ruleSet, nil
	}
	set, err := rules.Compile(rs)
	if err != nil {
		return nil, fmt.Errorf("compile stored rules: %w", err)
	}
	e.ruleSet, e.ruleKey = set, key.String()
	return set, nil
}

// InvalidateRules makes the next message reload the rule set from the store.
func (e *Engine) InvalidateRules() {
	e.mu.Lock()
	e.ruleLoaded = time.Time{}
	e.mu.Unlock()
}

// committed publishes the live events of a committed transaction and caches the conversation as
// it left it; tr may be nil (nothing was written).
func (e *Engine) committed(tr *txRecorder) {
	if tr == nil {
		return
	}
	if e.cfg.Publisher != nil && len(tr.events) > 0 {
		e.cfg.Publisher.Publish(tr.events)
	}
	switch {
	case tr.conv == nil:
	case tr.historyKnown:
		e.historyCache.keep(tr.conv, window(tr.history, tr.stored))
	default:
		e.historyCache.stale(tr.conv.ID)
	}
}

// mustJSON encodes v; the domain types always encode.
func mustJSON(v any) json.RawMessage {
	b, err := json.Marshal(v)
	if err != nil {
		panic(fmt.Sprintf("encode %T: %v", v, err))
	}
	return b
}
