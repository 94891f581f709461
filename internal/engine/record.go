package engine

import (
	"context"
	"time"

	"github.com/handoffhq/handoff"
)

// txRecorder writes one turn's consequences inside a transaction and collects what the engine
// does once it commits: the live events to publish and the conversation to cache.
type txRecorder struct {
	ctx     context.Context
	tx      handoff.Tx
	now     time.Time
	engine  *Engine
	events  []*handoff.Event
	flushed int // events[:flushed] are stored
	told    int // stored[:told] are announced

	conv    *handoff.Conversation // as saved, or nil
	stored  []*handoff.Message    // messages stored, in order
	history []*handoff.Message    // the conversation's messages before stored, when historyKnown
	// historyKnown says history holds the last messages stored before this transaction's, read
	// with the conversation at the version it updates.
	historyKnown bool
}

// event appends a live event in the transaction.
func (r *txRecorder) event(convID int64, typ string, data any) {
	r.events = append(r.events, &handoff.Event{ConversationID: convID, Type: typ, Data: mustJSON(data), CreatedAt: r.now})
}

// flushEvents stores the events collected since the last flush; a store may set their ids only
// when the transaction commits.
func (r *txRecorder) flushEvents() error {
	for ; r.flushed < len(r.events); r.flushed++ {
		if err := r.tx.AppendEvent(r.ctx, r.events[r.flushed]); err != nil {
			return err
		}
	}
	return nil
}

// message stores m with the evaluation of its turn (nil: none), and queues delivery when the
// channel needs it; the turn's event announces it.
func (r *txRecorder) message(m *handoff.Message, ev *handoff.Evaluation, conv *handoff.Conversation) error {
	m.ConversationID = conv.ID
	if err := r.tx.CreateMessage(r.ctx, m, ev); err != nil {
		return err
	}
	r.stored = append(r.stored, m)
	if m.Role != handoff.RoleCustomer && m.Source != handoff.SourceExternal && r.engine.outbound[conv.Channel] {
		return r.tx.CreateOutbox(r.ctx, &handoff.OutboxItem{
			ConversationID: conv.ID, Kind: handoff.OutboxCustomer, Target: conv.Channel,
			Payload: mustJSON(CustomerPayload{Conversation: conv, Message: m}), Status: handoff.OutboxPending, NextAttemptAt: r.now, CreatedAt: r.now,
		})
	}
	return nil
}

// CustomerPayload is what an outbox item for the customer's channel carries.
type CustomerPayload struct {
	Conversation *handoff.Conversation `json:"conversation"`
	Message      *handoff.Message      `json:"message"`
}

// NotificationPayload is what team notifications carry.
type NotificationPayload struct {
	Type         string                `json:"type"` // handoff, reminder
	Reason       string                `json:"reason"`
	Rule         string                `json:"rule,omitempty"`
	Explanation  string                `json:"explanation"`
	Level        int                   `json:"level,omitempty"`
	Conversation *handoff.Conversation `json:"conversation"`
	Signals      *handoff.Signals      `json:"signals,omitempty"`
	LastMessage  string                `json:"last_customer_message,omitempty"`
}

// notify queues team notifications for every configured target the notice names.
func (r *txRecorder) notify(conv *handoff.Conversation, n Notice, sig *handoff.Signals, last string, typ string, level int) error {
	payload := mustJSON(NotificationPayload{Type: typ, Reason: n.Reason, Rule: n.Rule, Explanation: n.Explanation, Level: level,
		Conversation: conv, Signals: sig, LastMessage: last})
	seen := map[string]bool{}
	for _, t := range n.Targets {
		targets := []string{t}
		if t == "team" {
			targets = r.engine.cfg.NotifyTargets
		}
		for _, target := range targets {
			if seen[target] || target == "console" || !r.engine.hasTarget(target) {
				continue
			}
			seen[target] = true
			if err := r.tx.CreateOutbox(r.ctx, &handoff.OutboxItem{
				ConversationID: conv.ID, Kind: handoff.OutboxNotify, Target: target, Payload: payload,
				Status: handoff.OutboxPending, NextAttemptAt: r.now, CreatedAt: r.now,
			}); err != nil {
				return err
			}
		}
	}
	return nil
}

// apply stores the turn's notices, notifications, timers and the updated conversation.
func (r *txRecorder) apply(conv, before *handoff.Conversation, msg *handoff.Message, turn TurnResult) error {
	for _, n := range turn.Notices {
		if err := r.message(n, nil, conv); err != nil {
			return err
		}
	}
	var last string
	if msg != nil && msg.Role == handoff.RoleCustomer {
		last = msg.Text
	}
	for _, n := range turn.Notify {
		if err := r.notify(conv, n, turn.Signals, last, "handoff", 0); err != nil {
			return err
		}
	}
	if turn.Paused && r.engine.cfg.ReminderAfter > 0 {
		if err := r.tx.PutTimer(r.ctx, &handoff.Timer{ConversationID: conv.ID, Kind: handoff.TimerReminder,
			DueAt: r.now.Add(r.engine.cfg.ReminderAfter), Level: 1, CreatedAt: r.now}); err != nil {
			return err
		}
	}
	return r.saveConversation(conv, before)
}

// saveConversation updates the conversation, keeps its timers in step and announces the change:
// one turn event with the messages stored since the last announcement, or a state event.
func (r *txRecorder) saveConversation(conv, before *handoff.Conversation) error {
	if err := r.tx.UpdateConversation(r.ctx, conv); err != nil {
		return err
	}
	r.conv = conv
	if conv.ResumeAt != nil {
		if err := r.tx.PutTimer(r.ctx, &handoff.Timer{ConversationID: conv.ID, Kind: handoff.TimerAutoResume, DueAt: *conv.ResumeAt, CreatedAt: r.now}); err != nil {
			return err
		}
	} else if before.ResumeAt != nil {
		if err := r.tx.DeleteTimers(r.ctx, conv.ID, handoff.TimerAutoResume); err != nil {
			return err
		}
	}
	if conv.State != handoff.StatePaused && before.State == handoff.StatePaused {
		if err := r.tx.DeleteTimers(r.ctx, conv.ID, handoff.TimerReminder); err != nil {
			return err
		}
	}
	if r.told < len(r.stored) {
		r.event(conv.ID, handoff.EventTurn, handoff.TurnData{Messages: r.stored[r.told:], Conversation: conv})
		r.told = len(r.stored)
	} else {
		r.event(conv.ID, handoff.EventState, conv)
	}
	return r.flushEvents()
}

// hasTarget reports whether a notification target is configured.
func (e *Engine) hasTarget(t string) bool {
	for _, x := range e.cfg.NotifyTargets {
		if x == t {
			return true
		}
	}
	return false
}
