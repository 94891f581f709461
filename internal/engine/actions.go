package engine

import (
	"context"
	"time"

	"github.com/handoffhq/handoff"
	"github.com/handoffhq/handoff/internal/score"
	"github.com/handoffhq/handoff/internal/state"
)

// ActionRequest is a manual state change from the console, the API or the CLI.
type ActionRequest struct {
	ConversationID int64
	Action         state.Action
	Agent          *state.Agent // who acts; required for claim
	Reason         string       // optional note, e.g. why it was paused
	Resolved       *bool        // close only: whether the issue was resolved (default true)
}

// Act performs a manual transition; an illegal one is ECONFLICT with the current state.
func (e *Engine) Act(ctx context.Context, req ActionRequest) (*handoff.Conversation, error) {
	var conv *handoff.Conversation
	var tr *txRecorder
	err := e.write(ctx, func(tx handoff.Tx) error {
		tr = nil
		now := e.Now()
		c, err := tx.ConversationByID(ctx, req.ConversationID)
		if err != nil {
			return err
		}
		before := *c
		ch, err := e.channelConfig(ctx, tx, c.Channel)
		if err != nil {
			return err
		}
		reason := req.Reason
		if reason == "" {
			reason = "manual"
		}
		if err := state.Apply(c, req.Action, now, reason, req.Agent); err != nil {
			return err
		}
		tr = &txRecorder{tx: tx, ctx: ctx, now: now, engine: e}
		switch req.Action {
		case state.Pause:
			c.HandoffExplanation = "Paused by hand."
			if req.Agent != nil && req.Agent.DisplayName != "" {
				c.HandoffExplanation = "Paused by " + req.Agent.DisplayName + "."
			}
			c.LastHumanAt = &now
			armResume(c, ch, now)
		case state.Claim:
			armResume(c, ch, now)
			if err := tr.message(notice(c, JoinMessage(ch, c.AgentName, c.AssignedTeam), now), nil, c); err != nil {
				return err
			}
		case state.Resume, state.Handback:
			c.HandoffReason, c.HandoffExplanation = "", ""
			if ch.ResumeMessage != "" {
				if err := tr.message(notice(c, ch.ResumeMessage, now), nil, c); err != nil {
					return err
				}
			}
		case state.Close:
			if err := e.scoreOnClose(ctx, tx, c, req.Resolved, now); err != nil {
				return err
			}
			if err := tx.DeleteTimers(ctx, c.ID, handoff.TimerReminder); err != nil {
				return err
			}
		}
		if err := tr.saveConversation(c, &before); err != nil {
			return err
		}
		conv = c
		return nil
	})
	if err != nil {
		return nil, err
	}
	e.committed(tr)
	return conv, nil
}

// scoreOnClose computes and stores the post-conversation evaluation.
func (e *Engine) scoreOnClose(ctx context.Context, tx handoff.Tx, c *handoff.Conversation, resolved *bool, now time.Time) error {
	msgs, err := tx.ListMessages(ctx, c.ID)
	if err != nil {
		return err
	}
	ok := true
	if resolved != nil {
		ok = *resolved
	}
	s := score.Compute(c, msgs, ok, now)
	return tx.PutScore(ctx, &s)
}

// fireTimer runs one due auto-resume or reminder timer.
func (e *Engine) fireTimer(ctx context.Context, t *handoff.Timer) error {
	var tr *txRecorder
	err := e.write(ctx, func(tx handoff.Tx) error {
		tr = nil
		now := e.Now()
		c, err := tx.ConversationByID(ctx, t.ConversationID)
		if handoff.ErrorCode(err) == handoff.ENOTFOUND {
			return tx.DeleteTimer(ctx, t.ID)
		} else if err != nil {
			return err
		}
		before := *c
		tr = &txRecorder{tx: tx, ctx: ctx, now: now, engine: e}
		switch t.Kind {
		case handoff.TimerAutoResume:
			ch, err := e.channelConfig(ctx, tx, c.Channel)
			if err != nil {
				return err
			}
			if c.ResumeAt != nil && now.Before(*c.ResumeAt) {
				// human activity pushed the deadline; the timer row was already moved
				return nil
			}
			if n := ResumeDue(c, ch, now); n != nil && n.Text != "" {
				if err := tr.message(n, nil, c); err != nil {
					return err
				}
			}
			if err := tx.DeleteTimer(ctx, t.ID); err != nil {
				return err
			}
			before.ResumeAt = nil
		case handoff.TimerReminder:
			if err := tx.DeleteTimer(ctx, t.ID); err != nil {
				return err
			}
			if c.State != handoff.StatePaused {
				return nil
			}
			level := min(max(t.Level, 1), len(e.cfg.ReminderLadder))
			n := Notice{Reason: c.HandoffReason, Explanation: "Still waiting for a person: " + c.HandoffExplanation, Targets: e.cfg.ReminderLadder[level-1]}
			if err := tr.notify(c, n, nil, "", "reminder", t.Level); err != nil {
				return err
			}
			if t.Level < len(e.cfg.ReminderLadder) {
				if err := tx.PutTimer(ctx, &handoff.Timer{ConversationID: c.ID, Kind: handoff.TimerReminder,
					DueAt: now.Add(e.cfg.ReminderAfter), Level: t.Level + 1, CreatedAt: now}); err != nil {
					return err
				}
			}
			tr.event(c.ID, "reminder", map[string]any{"level": t.Level})
			return tr.flushEvents()
		default:
			return tx.DeleteTimer(ctx, t.ID)
		}
		return tr.saveConversation(c, &before)
	})
	if err == nil {
		e.committed(tr)
	}
	return err
}
