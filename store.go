package handoff

import (
	"context"
	"encoding/json"
	"time"
)

// Timer kinds.
const (
	TimerAutoResume = "auto_resume" // give the conversation back to the AI after the channel cooldown
	TimerReminder   = "reminder"    // remind the team that a paused conversation is unclaimed
)

// Timer is a stored deadline fired by the scheduler loop; rows survive restarts.
type Timer struct {
	ID             int64     `json:"id"`
	ConversationID int64     `json:"conversation_id"`
	Kind           string    `json:"kind"`
	DueAt          time.Time `json:"due_at"`
	Level          int       `json:"level"` // reminder ladder step
	LockedUntil    time.Time `json:"locked_until,omitzero"`
	CreatedAt      time.Time `json:"created_at"`
}

// Outbox statuses.
const (
	OutboxPending   = "pending"
	OutboxDelivered = "delivered"
	OutboxDead      = "dead" // gave up after the last retry
)

// Outbox kinds.
const (
	OutboxCustomer = "customer" // deliver a message to the customer's channel
	OutboxNotify   = "notify"   // tell the team (slack, webhook, email)
)

// OutboxItem is an effect written in the same transaction as the change that caused it, delivered with retries.
type OutboxItem struct {
	ID             int64           `json:"id"`
	ConversationID int64           `json:"conversation_id"`
	Kind           string          `json:"kind"`
	Target         string          `json:"target"` // channel name, or slack, webhook, email
	Payload        json.RawMessage `json:"payload"`
	Status         string          `json:"status"`
	Attempts       int             `json:"attempts"`
	NextAttemptAt  time.Time       `json:"next_attempt_at"`
	LastError      string          `json:"last_error,omitempty"`
	LockedUntil    time.Time       `json:"locked_until,omitzero"`
	CreatedAt      time.Time       `json:"created_at"`
	DeliveredAt    *time.Time      `json:"delivered_at,omitempty"`
}

// ConversationFilter selects conversations for listing.
type ConversationFilter struct {
	State   State
	Channel string
	Tag     string
	Since   time.Time // created at or after
	Offset  int
	Limit   int // 0 means 50
}

// OutboxFilter selects outbox rows for listing.
type OutboxFilter struct {
	Status         string
	ConversationID int64
	Limit          int
}

// Store persists everything. Write runs fn in one read-write transaction, View in a read-only one;
// an error from fn rolls back. Implementations: internal/sqlite and internal/postgres.
type Store interface {
	Write(ctx context.Context, fn func(Tx) error) error
	View(ctx context.Context, fn func(Tx) error) error
	// Ping reports whether the database answers (readiness).
	Ping(ctx context.Context) error
	Close() error
}

// Tx is the set of queries available inside a transaction.
// Lookups return ENOTFOUND when nothing matches; inserts return ECONFLICT on a duplicate key.
// In a Write transaction, ConversationByID locks the row until commit.
type Tx interface {
	CreateConversation(ctx context.Context, c *Conversation) error
	ConversationByID(ctx context.Context, id int64) (*Conversation, error)
	ConversationByExternalID(ctx context.Context, channel, externalID string) (*Conversation, error)
	UpdateConversation(ctx context.Context, c *Conversation) error
	ListConversations(ctx context.Context, f ConversationFilter) ([]*Conversation, int, error)
	// DeleteConversation removes a conversation and everything that belongs to it.
	DeleteConversation(ctx context.Context, id int64) error

	// CreateMessage stores m, and ev (nil: none) as the evaluation of its turn in the same row:
	// ev's IDs and CreatedAt are set from m, and ev.Signals are not stored again when m has
	// signals (they are the same; reading fills them in from m).
	CreateMessage(ctx context.Context, m *Message, ev *Evaluation) error
	// MessageByExternalID finds a message by its channel's own id, for idempotent ingest.
	MessageByExternalID(ctx context.Context, channel, externalID string) (*Message, error)
	ListMessages(ctx context.Context, conversationID int64) ([]*Message, error)
	// RecentMessages returns the conversation's last limit messages with an ID above afterID
	// (0: any), oldest first.
	RecentMessages(ctx context.Context, conversationID, afterID int64, limit int) ([]*Message, error)

	// CreateEvaluation stores an evaluation that has no message (a withheld AI draft).
	CreateEvaluation(ctx context.Context, e *Evaluation) error
	// ListEvaluations returns the evaluations stored with the conversation's messages and on
	// their own, oldest first.
	ListEvaluations(ctx context.Context, conversationID int64) ([]*Evaluation, error)

	ListRules(ctx context.Context) ([]*Rule, error)
	RuleByID(ctx context.Context, id string) (*Rule, error)
	PutRule(ctx context.Context, r *Rule) error
	DeleteRule(ctx context.Context, id string) error

	ChannelConfig(ctx context.Context, channel string) (*ChannelConfig, error)
	ListChannelConfigs(ctx context.Context) ([]*ChannelConfig, error)
	PutChannelConfig(ctx context.Context, c *ChannelConfig) error

	// PutTimer creates or replaces the one timer of t.Kind for t.ConversationID.
	PutTimer(ctx context.Context, t *Timer) error
	DeleteTimers(ctx context.Context, conversationID int64, kind string) error
	// ClaimDueTimers leases up to limit timers due at now that nobody holds, until now+lease.
	ClaimDueTimers(ctx context.Context, now time.Time, lease time.Duration, limit int) ([]*Timer, error)
	DeleteTimer(ctx context.Context, id int64) error
	ListTimers(ctx context.Context, conversationID int64) ([]*Timer, error)

	CreateOutbox(ctx context.Context, o *OutboxItem) error
	// ClaimOutbox leases up to limit pending items due at now that nobody holds, until now+lease.
	ClaimOutbox(ctx context.Context, now time.Time, lease time.Duration, limit int) ([]*OutboxItem, error)
	UpdateOutbox(ctx context.Context, o *OutboxItem) error
	ListOutbox(ctx context.Context, f OutboxFilter) ([]*OutboxItem, error)

	// AppendEvent stores a live event and sets its growing ID.
	AppendEvent(ctx context.Context, e *Event) error
	// ListEvents returns events after afterID, oldest first; conversationID 0 means all.
	ListEvents(ctx context.Context, afterID, conversationID int64, limit int) ([]*Event, error)

	PutScore(ctx context.Context, s *Score) error
	ScoreByConversation(ctx context.Context, conversationID int64) (*Score, error)
	ListScores(ctx context.Context, since time.Time) ([]*Score, error)

	CreateAgent(ctx context.Context, a *Agent) error
	AgentByName(ctx context.Context, name string) (*Agent, error)
	ListAgents(ctx context.Context) ([]*Agent, error)

	CreateToken(ctx context.Context, t *Token) error
	TokenByHash(ctx context.Context, hash string) (*Token, error)
	CountTokens(ctx context.Context) (int, error)

	// MarkSeen records a delivery key (e.g. a webhook id) and reports whether it was new.
	MarkSeen(ctx context.Context, source, key string, at time.Time) (bool, error)
}

// Reply is what a responder drafts for the customer.
type Reply struct {
	Text       string   `json:"text"`
	Confidence float64  `json:"confidence"` // [0,1]
	Sources    []string `json:"sources,omitempty"`
}

// Responder drafts the AI's answer to the last customer message.
// It returns EUNAVAILABLE when the model cannot be reached.
type Responder interface {
	Reply(ctx context.Context, conv *Conversation, history []*Message) (*Reply, error)
}

// Notifier delivers one outbox item to its target (a channel, Slack, a webhook, email).
// A returned error is retried with backoff unless it wraps EINVALID (permanent).
type Notifier interface {
	Deliver(ctx context.Context, item *OutboxItem) error
}
