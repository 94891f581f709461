package engine

import (
	"context"
	"slices"

	"github.com/handoffhq/handoff"
)

// respond asks the responder for a reply to the conversation's last customer message and
// sends it only if the draft passes the rules; a responder failure hands the conversation to a person.
func (e *Engine) respond(ctx context.Context, convID int64) (*handoff.Message, *handoff.Conversation, error) {
	conv, history, err := e.conversation(ctx, convID)
	if err != nil {
		return nil, nil, err
	}
	rctx, cancel := context.WithTimeout(ctx, e.cfg.ResponderTimeout)
	reply, rerr := e.cfg.Responder.Reply(rctx, conv, history)
	cancel()
	if rerr != nil || reply == nil || reply.Text == "" {
		c, err := e.handToPersonOnAIError(ctx, convID, rerr)
		return nil, c, err
	}
	conf := reply.Confidence
	draft := &handoff.Message{Role: handoff.RoleAI, Text: reply.Text, Confidence: &conf, Author: AIAuthor, Source: handoff.SourceService}
	g, err := e.guard(ctx, convID, draft, true)
	if err != nil {
		return nil, nil, err
	}
	if !g.Allow {
		return nil, g.Conversation, nil
	}
	return g.Message, g.Conversation, nil
}

// conversation returns a conversation with its last messages, from the cache when it holds them.
func (e *Engine) conversation(ctx context.Context, convID int64) (*handoff.Conversation, []*handoff.Message, error) {
	if conv, history := e.historyCache.snapshot("", convID, ""); conv != nil {
		return conv, history, nil
	}
	var conv *handoff.Conversation
	var history []*handoff.Message
	err := e.cfg.Store.View(ctx, func(tx handoff.Tx) error {
		var err error
		if conv, err = tx.ConversationByID(ctx, convID); err != nil {
			return err
		}
		history, err = e.history(ctx, tx, convID, true)
		return err
	})
	return conv, history, err
}

// handToPersonOnAIError pauses the conversation with reason ai_error so the customer is not left without an answer.
func (e *Engine) handToPersonOnAIError(ctx context.Context, convID int64, cause error) (*handoff.Conversation, error) {
	e.log.Warn("responder failed; handing to a person", "conversation_id", convID, "error", cause)
	var conv *handoff.Conversation
	var tr *txRecorder
	err := e.write(ctx, func(tx handoff.Tx) error {
		tr = nil
		now := e.Now()
		c, err := tx.ConversationByID(ctx, convID)
		if err != nil {
			return err
		}
		if c.State != handoff.StateAIActive {
			conv = c
			return nil
		}
		before := *c
		ch, err := e.channelConfig(ctx, tx, c.Channel)
		if err != nil {
			return err
		}
		tr = &txRecorder{tx: tx, ctx: ctx, now: now, engine: e}
		var res TurnResult
		pause(TurnInput{Conversation: c, Channel: ch, Now: now}, &res, "ai_error", "The AI could not answer (responder error or timeout).", []string{"team"})
		if err := tr.apply(c, &before, nil, res); err != nil {
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

// GuardRequest asks whether an external bot may send its draft reply (DESIGN §6).
type GuardRequest struct {
	IngestRequest
	Draft           string   `json:"draft"`
	DraftConfidence *float64 `json:"draft_confidence"`
}

// GuardResult is the answer to a GuardRequest.
type GuardResult struct {
	Allow        bool                  `json:"allow"`
	State        handoff.State         `json:"state"`
	Signals      *handoff.Signals      `json:"signals"`
	Fired        []handoff.FiredRule   `json:"fired"`
	Explanation  string                `json:"explanation,omitempty"`
	Conversation *handoff.Conversation `json:"conversation"`
	Message      *handoff.Message      `json:"message,omitempty"` // the stored draft when allowed
}

// Guard ingests the customer's message (if any) and then checks the bot's draft against the rules.
// When allowed, the draft is stored as the AI's reply; when not, nothing is sent and the reason is returned.
func (e *Engine) Guard(ctx context.Context, req GuardRequest) (*GuardResult, error) {
	var in *IngestResult
	if req.Text != "" {
		r := req.IngestRequest
		r.Role, r.NoAIReply = handoff.RoleCustomer, true
		var err error
		if in, err = e.Ingest(ctx, r); err != nil {
			return nil, err
		}
	} else if req.ConversationID == 0 && req.ConversationExternalID == "" {
		return nil, handoff.Errorf(handoff.EINVALID, "guard needs the customer's text or a conversation")
	}
	convID := req.ConversationID
	if in != nil {
		convID = in.Conversation.ID
	} else if convID == 0 {
		if err := e.cfg.Store.View(ctx, func(tx handoff.Tx) error {
			c, err := tx.ConversationByExternalID(ctx, req.Channel, req.ConversationExternalID)
			if err == nil {
				convID = c.ID
			}
			return err
		}); err != nil {
			return nil, err
		}
	}
	if req.DraftConfidence != nil && (*req.DraftConfidence < 0 || *req.DraftConfidence > 1) {
		return nil, handoff.Errorf(handoff.EINVALID, "draft_confidence must be between 0 and 1")
	}
	if req.Draft == "" {
		res := &GuardResult{Fired: []handoff.FiredRule{}}
		if in != nil {
			res.Allow, res.State, res.Signals, res.Fired, res.Explanation, res.Conversation =
				in.AIMayReply, in.Conversation.State, in.Signals, in.Fired, in.Explanation, in.Conversation
		}
		return res, nil
	}
	draft := &handoff.Message{Role: handoff.RoleAI, Text: req.Draft, Confidence: req.DraftConfidence, Author: AIAuthor, Source: "api"}
	g, err := e.guard(ctx, convID, draft, in == nil || in.AIMayReply)
	if err != nil {
		return nil, err
	}
	if in != nil {
		if g.Signals == nil {
			g.Signals = in.Signals
		}
		g.Fired = append(slices.Clone(in.Fired), g.Fired...)
		if g.Signals == nil || !g.Allow && len(in.Fired) > 0 {
			g.Explanation = in.Explanation
		}
	}
	return g, nil
}

// guard evaluates an AI draft as the next turn: when the conversation is ai_active and no rule pauses it,
// the draft is stored and delivered; otherwise it is dropped.
func (e *Engine) guard(ctx context.Context, convID int64, draft *handoff.Message, mayReply bool) (*GuardResult, error) {
	var res *GuardResult
	var tr *txRecorder
	err := e.write(ctx, func(tx handoff.Tx) error {
		tr = nil
		now := e.Now()
		c, err := tx.ConversationByID(ctx, convID)
		if err != nil {
			return err
		}
		res = &GuardResult{State: c.State, Conversation: c, Fired: []handoff.FiredRule{}}
		ch, err := e.channelConfig(ctx, tx, c.Channel)
		if err != nil {
			return err
		}
		if !mayReply || c.State != handoff.StateAIActive || ch.KillSwitch {
			res.Explanation = "The AI may not reply: the conversation is " + string(c.State) + "."
			if ch.KillSwitch {
				res.Explanation = "The AI is switched off on " + c.Channel + "."
			}
			return nil
		}
		history, err := e.history(ctx, tx, convID, false)
		if err != nil {
			return err
		}
		set, err := e.rules(ctx, tx)
		if err != nil {
			return err
		}
		before := *c
		draft.CreatedAt = now
		turn := Turn(TurnInput{Conversation: c, History: history, Message: draft, Channel: ch, Rules: set, Analyzer: e.cfg.Analyzer, Now: now})
		res.Signals, res.State, res.Allow = turn.Signals, c.State, turn.AIMayReply
		tr = &txRecorder{tx: tx, ctx: ctx, now: now, engine: e, history: history, historyKnown: true}
		if turn.Evaluation != nil {
			res.Fired, res.Explanation = turn.Evaluation.Fired, turn.Evaluation.Explanation
		}
		if turn.AIMayReply {
			if err := tr.message(draft, turn.Evaluation, c); err != nil {
				return err
			}
			res.Message = draft
		} else {
			// the draft is withheld: the turn counted it, the transcript must not
			c.TurnCount--
			if turn.Evaluation != nil {
				turn.Evaluation.ConversationID, turn.Evaluation.CreatedAt = c.ID, now
				if err := tx.CreateEvaluation(ctx, turn.Evaluation); err != nil {
					return err
				}
			}
		}
		if err := tr.apply(c, &before, nil, turn); err != nil {
			return err
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	e.committed(tr)
	return res, nil
}
