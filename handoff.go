// Package handoff holds the domain types and interfaces of the handoff service:
// conversations, messages, signals, rules, channel settings and the store,
// responder and notifier contracts that the internal packages implement.
package handoff

import (
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"
)

// Version is the release of this build; set with -ldflags "-X github.com/handoffhq/handoff.Version=…".
var Version = "dev"

// Clock returns the current time; tests inject a fake one so nothing sleeps.
type Clock func() time.Time

// Role says who wrote a message.
type Role string

// Message roles.
const (
	RoleCustomer Role = "customer" // the person being helped
	RoleAI       Role = "ai"       // the AI assistant or external bot
	RoleAgent    Role = "agent"    // a person on the support team
	RoleSystem   Role = "system"   // a notice from the service itself ("Sara joined")
)

// Valid reports whether r is a known role.
func (r Role) Valid() bool {
	switch r {
	case RoleCustomer, RoleAI, RoleAgent, RoleSystem:
		return true
	}
	return false
}

// State is a conversation's mode; only the state machine changes it.
type State string

// Conversation states.
const (
	StateAIActive    State = "ai_active"    // the AI answers
	StatePaused      State = "paused"       // the AI is silent, waiting for a person
	StateHumanActive State = "human_active" // an agent has claimed it
	StateClosed      State = "closed"       // finished
)

// Channels the service speaks on.
const (
	ChannelWeb       = "web"
	ChannelShopify   = "shopify"
	ChannelInstagram = "instagram"
	ChannelMessenger = "messenger"
	ChannelAPI       = "api"
)

// Channels lists every known channel name.
var Channels = []string{ChannelWeb, ChannelShopify, ChannelInstagram, ChannelMessenger, ChannelAPI}

// ValidChannel reports whether name is a known channel.
func ValidChannel(name string) bool {
	for _, c := range Channels {
		if c == name {
			return true
		}
	}
	return false
}

// Message sources beyond the default.
const (
	SourceExternal = "external" // a human reply seen outside this service (Page inbox echo, another tool)
	SourceConsole  = "console"  // typed by an agent in the console
	SourceWidget   = "widget"   // sent by a customer from the website widget
	SourceService  = "service"  // written by the service itself
)

// Priorities a rule or an agent can set.
const (
	PriorityLow    = "low"
	PriorityNormal = "normal"
	PriorityHigh   = "high"
	PriorityUrgent = "urgent"
)

// PriorityRank orders priorities for sorting (higher is more urgent).
func PriorityRank(p string) int {
	switch p {
	case PriorityUrgent:
		return 3
	case PriorityHigh:
		return 2
	case PriorityLow:
		return 0
	}
	return 1
}

// Customer is who the conversation is with, as far as the channel tells.
type Customer struct {
	ID       string            `json:"id,omitempty"`
	Name     string            `json:"name,omitempty"`
	Email    string            `json:"email,omitempty"`
	Phone    string            `json:"phone,omitempty"`
	Locale   string            `json:"locale,omitempty"`
	Metadata map[string]string `json:"metadata,omitempty"`
}

// Conversation is one thread with one customer on one channel.
type Conversation struct {
	ID         int64    `json:"id"`
	ExternalID string   `json:"external_id,omitempty"`
	Channel    string   `json:"channel"`
	State      State    `json:"state"`
	Priority   string   `json:"priority"`
	Tags       []string `json:"tags"`
	Customer   Customer `json:"customer"`

	AssignedTeam  string `json:"assigned_team,omitempty"`
	AssignedAgent string `json:"assigned_agent,omitempty"` // login name of the agent who holds it
	AgentName     string `json:"agent_name,omitempty"`     // display name shown to the customer

	// HandoffReason is why the AI last stepped back: a rule id, "manual", "external_human" or "ai_error".
	HandoffReason      string `json:"handoff_reason,omitempty"`
	HandoffExplanation string `json:"handoff_explanation,omitempty"`
	// FirstHandoffReason is the reason of the conversation's first handoff, kept after it is resumed.
	FirstHandoffReason string  `json:"first_handoff_reason,omitempty"`
	EscalationScore    float64 `json:"escalation_score"`
	MessageCount       int     `json:"message_count"` // customer messages
	TurnCount          int     `json:"turn_count"`    // all messages but system notices

	// RuleFiredAt remembers when each rule last fired here, for cooldowns.
	RuleFiredAt map[string]time.Time `json:"rule_fired_at,omitempty"`

	CreatedAt      time.Time  `json:"created_at"`
	UpdatedAt      time.Time  `json:"updated_at"`
	LastMessageAt  *time.Time `json:"last_message_at,omitempty"`
	FirstSignalAt  *time.Time `json:"first_signal_at,omitempty"`  // first turn any rule fired or came close
	FirstHandoffAt *time.Time `json:"first_handoff_at,omitempty"` // first time the AI stepped back
	FirstClaimAt   *time.Time `json:"first_claim_at,omitempty"`   // first time a person joined
	PausedAt       *time.Time `json:"paused_at,omitempty"`
	ClaimedAt      *time.Time `json:"claimed_at,omitempty"`
	ClosedAt       *time.Time `json:"closed_at,omitempty"`
	LastHumanAt    *time.Time `json:"last_human_at,omitempty"`
	ResumeAt       *time.Time `json:"resume_at,omitempty"` // when the safety net gives it back to the AI
	HandoffCount   int        `json:"handoff_count"`
	AITurnsAtRisk  int        `json:"ai_turns_at_risk"` // AI replies sent after the first warning signal

	// Version counts the stored updates; the store refuses an update made from an older version.
	Version int64 `json:"-"`
}

// Clone returns a copy of c that shares no slice or map with it.
func (c *Conversation) Clone() *Conversation {
	d := *c
	d.Tags = slices.Clone(c.Tags)
	d.Customer.Metadata = maps.Clone(c.Customer.Metadata)
	d.RuleFiredAt = maps.Clone(c.RuleFiredAt)
	return &d
}

// HasTag reports whether the conversation carries tag.
func (c *Conversation) HasTag(tag string) bool {
	for _, t := range c.Tags {
		if strings.EqualFold(t, tag) {
			return true
		}
	}
	return false
}

// Attachment is a file, image or other non-text part of a message.
type Attachment struct {
	Type string `json:"type"` // image, video, audio, file, location, sticker, fallback
	URL  string `json:"url,omitempty"`
	Name string `json:"name,omitempty"`
}

// Message is one turn in a conversation.
type Message struct {
	ID             int64        `json:"id"`
	ConversationID int64        `json:"conversation_id"`
	Role           Role         `json:"role"`
	Text           string       `json:"text"`
	ExternalID     string       `json:"external_id,omitempty"`
	Source         string       `json:"source,omitempty"`
	Author         string       `json:"author,omitempty"`     // agent display name or "AI Assistant"
	Confidence     *float64     `json:"confidence,omitempty"` // AI replies only, in [0,1]
	Attachments    []Attachment `json:"attachments,omitempty"`
	Signals        *Signals     `json:"signals,omitempty"` // customer messages only
	CreatedAt      time.Time    `json:"created_at"`
}

// Evaluation records one run of the rule set on one turn: what fired, what nearly did, and why.
// It is stored with the message of its turn; an AI draft that was withheld has no message, and
// its evaluation is stored on its own with MessageID 0.
type Evaluation struct {
	ID             int64         `json:"id"` // the message's id, or the evaluation's own for a withheld draft
	ConversationID int64         `json:"conversation_id"`
	MessageID      int64         `json:"message_id"`
	Signals        Signals       `json:"signals"`
	Fired          []FiredRule   `json:"fired"`
	NearMisses     []NearMiss    `json:"near_misses"`
	Outcomes       []RuleOutcome `json:"outcomes"` // one per rule in the set, in evaluation order
	Explanation    string        `json:"explanation"`
	StateBefore    State         `json:"state_before"`
	StateAfter     State         `json:"state_after"`
	CreatedAt      time.Time     `json:"created_at"`
}

// EvaluationRecord is the part of an Evaluation that a store keeps in its message's row, as one
// JSON value; the ids and time are the message's, and Signals are left out when the message
// carries them.
type EvaluationRecord struct {
	Signals     *Signals      `json:"signals,omitempty"`
	Fired       []FiredRule   `json:"fired"`
	NearMisses  []NearMiss    `json:"near_misses"`
	Outcomes    []RuleOutcome `json:"outcomes"`
	Explanation string        `json:"explanation"`
	StateBefore State         `json:"state_before"`
	StateAfter  State         `json:"state_after"`
}

// Record returns what a store keeps of e in the row of message m.
func (e *Evaluation) Record(m *Message) EvaluationRecord {
	r := EvaluationRecord{Fired: e.Fired, NearMisses: e.NearMisses, Outcomes: e.Outcomes,
		Explanation: e.Explanation, StateBefore: e.StateBefore, StateAfter: e.StateAfter}
	r.fillEmpty()
	if m.Signals == nil {
		r.Signals = &e.Signals
	}
	return r
}

// fillEmpty makes the lists empty rather than nil, so they encode as [].
func (r *EvaluationRecord) fillEmpty() {
	if r.Fired == nil {
		r.Fired = []FiredRule{}
	}
	if r.NearMisses == nil {
		r.NearMisses = []NearMiss{}
	}
	if r.Outcomes == nil {
		r.Outcomes = []RuleOutcome{}
	}
}

// StoredWith sets e's ids and time from m, once m is stored with it.
func (e *Evaluation) StoredWith(m *Message) {
	e.ID, e.ConversationID, e.MessageID, e.CreatedAt = m.ID, m.ConversationID, m.ID, m.CreatedAt
}

// EvaluationOf rebuilds the evaluation stored with message m from its record's JSON.
func EvaluationOf(m *Message, record []byte) (*Evaluation, error) {
	var r EvaluationRecord
	if err := json.Unmarshal(record, &r); err != nil {
		return nil, fmt.Errorf("bad stored evaluation of message %d: %w", m.ID, err)
	}
	r.fillEmpty()
	e := &Evaluation{ID: m.ID, ConversationID: m.ConversationID, MessageID: m.ID, Fired: r.Fired, NearMisses: r.NearMisses,
		Outcomes: r.Outcomes, Explanation: r.Explanation, StateBefore: r.StateBefore, StateAfter: r.StateAfter, CreatedAt: m.CreatedAt}
	switch {
	case r.Signals != nil:
		e.Signals = *r.Signals
	case m.Signals != nil:
		e.Signals = *m.Signals
	}
	return e, nil
}

// MergeEvaluations orders the evaluations stored with messages and those stored on their own by
// time, the former first on a tie; each list is already in order.
func MergeEvaluations(withMessages, alone []*Evaluation) []*Evaluation {
	all := append(withMessages, alone...)
	if all == nil {
		return []*Evaluation{}
	}
	slices.SortStableFunc(all, func(a, b *Evaluation) int { return a.CreatedAt.Compare(b.CreatedAt) })
	return all
}

// FiredRule is a rule that matched, with the actions it asked for and why.
type FiredRule struct {
	Rule        string         `json:"rule"`
	Name        string         `json:"name,omitempty"`
	Actions     []string       `json:"actions"`
	Explanation string         `json:"explanation"`
	Values      map[string]any `json:"values,omitempty"` // the signal values that fired it
}

// NearMiss is a rule that did not match but came close on its numeric conditions.
type NearMiss struct {
	Rule        string            `json:"rule"`
	Name        string            `json:"name,omitempty"`
	Closeness   float64           `json:"closeness"` // 1 = matched, 0 = far away
	Missed      []ConditionResult `json:"missed"`
	Explanation string            `json:"explanation"`
}

// RuleOutcome is the result of one rule on one turn.
type RuleOutcome struct {
	Rule       string            `json:"rule"`
	Matched    bool              `json:"matched"`
	Skipped    string            `json:"skipped,omitempty"` // disabled, channel, cooldown
	Closeness  float64           `json:"closeness"`
	Conditions []ConditionResult `json:"conditions,omitempty"`
	ExprResult *bool             `json:"expr_result,omitempty"`
}

// ConditionResult is one leaf condition checked against the signals.
type ConditionResult struct {
	Signal   string  `json:"signal"`
	Op       string  `json:"op"`
	Want     any     `json:"want"`
	Actual   any     `json:"actual"`
	Matched  bool    `json:"matched"`
	Distance float64 `json:"distance,omitempty"` // for numeric conditions: how far actual is from the threshold
}

// Score is the post-conversation evaluation computed on close (DESIGN §5).
type Score struct {
	ConversationID int64      `json:"conversation_id"`
	Channel        string     `json:"channel"`
	Rule           string     `json:"rule,omitempty"` // the rule behind the first handoff, if any
	Total          float64    `json:"total"`
	Parts          ScoreParts `json:"parts"`
	CreatedAt      time.Time  `json:"created_at"`
}

// ScoreParts are the components of a Score, each in [0,1] where 1 is good.
type ScoreParts struct {
	SentimentRecovery float64 `json:"sentiment_recovery"` // last customer sentiment against the worst
	Resolved          float64 `json:"resolved"`           // 1 if closed as resolved
	TimeToHuman       float64 `json:"time_to_human"`      // 1 if a person joined at once after a trigger
	TimeToHumanSecs   float64 `json:"time_to_human_seconds"`
	LateHandoff       float64 `json:"late_handoff"`   // 1 if no AI turns were sent after the first warning
	AITurnsLate       int     `json:"ai_turns_late"`  // AI replies after the first warning signal
	NeededHandoff     float64 `json:"needed_handoff"` // 0 if a person closed it in one reply the AI could have given
	Handoff           bool    `json:"handoff"`        // whether the AI stepped back at all
	FalseHandoff      bool    `json:"false_handoff"`  // the handoff looks unnecessary
}

// Agent is a person on the support team who can log in to the console.
type Agent struct {
	ID           int64     `json:"id"`
	Name         string    `json:"name"`         // login
	DisplayName  string    `json:"display_name"` // shown to customers, e.g. "Sara"
	Team         string    `json:"team"`         // e.g. "Support"
	Role         string    `json:"role"`         // admin or agent
	PasswordHash string    `json:"-"`
	CreatedAt    time.Time `json:"created_at"`
}

// Agent roles.
const (
	AgentRoleAdmin = "admin"
	AgentRoleAgent = "agent"
)

// Token is an API bearer token, stored hashed.
type Token struct {
	ID        int64     `json:"id"`
	Name      string    `json:"name"`
	Hash      string    `json:"-"`
	Role      string    `json:"role"`
	CreatedAt time.Time `json:"created_at"`
}

// Event is a change pushed live to consoles and widgets; IDs grow so a client can resume after the last it saw.
type Event struct {
	ID             int64           `json:"id"`
	ConversationID int64           `json:"conversation_id"`
	Type           string          `json:"type"` // turn, state, reminder, typing
	Data           json.RawMessage `json:"data"`
	CreatedAt      time.Time       `json:"created_at"`
}

// Event types.
const (
	// EventTurn carries TurnData: messages stored together and the conversation as they left it.
	EventTurn = "turn"
	// EventState carries the conversation after a change that stored no message.
	EventState  = "state"
	EventTyping = "typing"
)

// TurnData is the data of an EventTurn: one event per change, however many messages it stored.
type TurnData struct {
	Messages     []*Message    `json:"messages"`
	Conversation *Conversation `json:"conversation,omitempty"`
}

// Duration is a time.Duration written as "15m" in YAML and JSON; "" is zero.
type Duration time.Duration

// ParseDuration accepts Go durations ("15m", "1h30m") plus "d" for days; "" is zero.
func ParseDuration(s string) (Duration, error) {
	s = strings.TrimSpace(s)
	if s == "" || s == "0" {
		return 0, nil
	}
	if strings.HasSuffix(s, "d") {
		var n float64
		if _, err := fmt.Sscanf(s, "%gd", &n); err == nil && n >= 0 {
			return Duration(n * float64(24*time.Hour)), nil
		}
	}
	d, err := time.ParseDuration(s)
	if err != nil || d < 0 {
		return 0, Errorf(EINVALID, "bad duration %q: want e.g. 30s, 15m, 2h", s)
	}
	return Duration(d), nil
}

// String renders the duration compactly ("15m", "1h30m", "" for zero).
func (d Duration) String() string {
	if d == 0 {
		return ""
	}
	s := time.Duration(d).String()
	if strings.HasSuffix(s, "m0s") {
		s = strings.TrimSuffix(s, "0s")
	}
	if strings.HasSuffix(s, "h0m") {
		s = strings.TrimSuffix(s, "0m")
	}
	return s
}

// MarshalJSON writes the duration as a string.
func (d Duration) MarshalJSON() ([]byte, error) { return json.Marshal(d.String()) }

// UnmarshalJSON reads "15m" or a number of seconds.
func (d *Duration) UnmarshalJSON(b []byte) error {
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		var secs float64
		if err2 := json.Unmarshal(b, &secs); err2 != nil || secs < 0 {
			return Errorf(EINVALID, "bad duration %s: want a string like \"15m\"", b)
		}
		*d = Duration(secs * float64(time.Second))
		return nil
	}
	v, err := ParseDuration(s)
	if err != nil {
		return err
	}
	*d = v
	return nil
}

// MarshalText writes the duration as "15m" (YAML and flags).
func (d Duration) MarshalText() ([]byte, error) { return []byte(d.String()), nil }

// UnmarshalText reads "15m" (YAML and flags).
func (d *Duration) UnmarshalText(b []byte) error {
	v, err := ParseDuration(string(b))
	if err != nil {
		return err
	}
	*d = v
	return nil
}
