package http

import (
	"net/http"
	"strconv"

	"github.com/handoffhq/handoff"
	"github.com/handoffhq/handoff/internal/engine"
	"github.com/handoffhq/handoff/internal/state"
)

func (s *Server) registerConversationRoutes() {
	s.mux.HandleFunc("GET /api/v1/conversations", s.authed(false, s.handleListConversations))
	s.mux.HandleFunc("GET /api/v1/conversations/{id}", s.authed(false, s.handleGetConversation))
	s.mux.HandleFunc("GET /api/v1/conversations/{id}/signals", s.authed(false, s.handleConversationSignals))
	s.mux.HandleFunc("GET /api/v1/conversations/{id}/packet", s.authed(false, s.handlePacket))
	s.mux.HandleFunc("POST /api/v1/conversations/{id}/{action}", s.authed(false, s.handleAction))
}

// pathID parses the {id} path value.
func pathID(r *http.Request) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		return 0, handoff.Errorf(handoff.EINVALID, "conversation id must be a positive integer, got %q", r.PathValue("id"))
	}
	return id, nil
}

// queryInt reads a non-negative integer query parameter.
func queryInt(r *http.Request, name string, def int) (int, error) {
	v := r.URL.Query().Get(name)
	if v == "" {
		return def, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 0 {
		return 0, handoff.Errorf(handoff.EINVALID, "%s must be a non-negative integer, got %q", name, v)
	}
	return n, nil
}

func (s *Server) handleListConversations(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	f := handoff.ConversationFilter{State: handoff.State(q.Get("state")), Channel: q.Get("channel"), Tag: q.Get("tag")}
	switch f.State {
	case "", handoff.StateAIActive, handoff.StatePaused, handoff.StateHumanActive, handoff.StateClosed:
	default:
		s.Error(w, r, handoff.Errorf(handoff.EINVALID, "unknown state %q (want ai_active, paused, human_active or closed)", f.State))
		return
	}
	if f.Channel != "" && !handoff.ValidChannel(f.Channel) {
		s.Error(w, r, handoff.Errorf(handoff.EINVALID, "unknown channel %q", f.Channel))
		return
	}
	var err error
	if f.Limit, err = queryInt(r, "limit", 50); err == nil {
		f.Offset, err = queryInt(r, "offset", 0)
	}
	if err != nil {
		s.Error(w, r, err)
		return
	}
	if f.Limit == 0 || f.Limit > 500 {
		f.Limit = 50
	}
	var convs []*handoff.Conversation
	var total int
	err = s.store.View(r.Context(), func(tx handoff.Tx) error {
		convs, total, err = tx.ListConversations(r.Context(), f)
		return err
	})
	if err != nil {
		s.Error(w, r, err)
		return
	}
	if convs == nil {
		convs = []*handoff.Conversation{}
	}
	writeJSON(w, http.StatusOK, map[string]any{"conversations": convs, "total": total, "limit": f.Limit, "offset": f.Offset})
}

// ConversationDetail is a conversation with everything recorded about it.
type ConversationDetail struct {
	Conversation *handoff.Conversation `json:"conversation"`
	Messages     []*handoff.Message    `json:"messages"`
	Evaluations  []*handoff.Evaluation `json:"evaluations"`
	Score        *handoff.Score        `json:"score"`
	Timers       []*handoff.Timer      `json:"timers"`
}

func (s *Server) loadDetail(r *http.Request, id int64) (*ConversationDetail, error) {
	d := &ConversationDetail{}
	err := s.store.View(r.Context(), func(tx handoff.Tx) error {
		var err error
		ctx := r.Context()
		if d.Conversation, err = tx.ConversationByID(ctx, id); err != nil {
			return err
		}
		if d.Messages, err = tx.ListMessages(ctx, id); err != nil {
			return err
		}
		if d.Evaluations, err = tx.ListEvaluations(ctx, id); err != nil {
			return err
		}
		if d.Timers, err = tx.ListTimers(ctx, id); err != nil {
			return err
		}
		d.Score, err = tx.ScoreByConversation(ctx, id)
		if handoff.ErrorCode(err) == handoff.ENOTFOUND {
			err = nil
		}
		return err
	})
	if d.Messages == nil {
		d.Messages = []*handoff.Message{}
	}
	if d.Evaluations == nil {
		d.Evaluations = []*handoff.Evaluation{}
	}
	if d.Timers == nil {
		d.Timers = []*handoff.Timer{}
	}
	return d, err
}

func (s *Server) handleGetConversation(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	d, err := s.loadDetail(r, id)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, d)
}

// signalPoint is one customer turn's signals for the history endpoint.
type signalPoint struct {
	MessageID int64            `json:"message_id"`
	Text      string           `json:"text"`
	At        string           `json:"at"`
	Signals   *handoff.Signals `json:"signals"`
}

func (s *Server) handleConversationSignals(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	d, err := s.loadDetail(r, id)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	points := []signalPoint{}
	for _, m := range d.Messages {
		if m.Signals != nil {
			points = append(points, signalPoint{MessageID: m.ID, Text: m.Text, At: m.CreatedAt.Format("2006-01-02T15:04:05Z07:00"), Signals: m.Signals})
		}
	}
	writeJSON(w, http.StatusOK, map[string]any{"conversation_id": id, "signals": points})
}

func (s *Server) handlePacket(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	p, err := s.engine.Packet(r.Context(), id)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, p)
}

// actionBody is the optional body of a state action.
type actionBody struct {
	Agent       string `json:"agent"`        // login of the agent claiming (API tokens only)
	DisplayName string `json:"display_name"` // shown to the customer
	Team        string `json:"team"`
	Reason      string `json:"reason"`
	Resolved    *bool  `json:"resolved"` // close: whether the issue was resolved (default true)
}

func (s *Server) handleAction(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	action := state.Action(r.PathValue("action"))
	known := false
	for _, a := range state.Actions {
		known = known || a == action
	}
	if !known {
		s.Error(w, r, handoff.Errorf(handoff.ENOTFOUND, "unknown action %q (want pause, resume, claim, handback or close)", action))
		return
	}
	var body actionBody
	if r.ContentLength != 0 {
		raw, err := readBody(w, r)
		if err != nil {
			s.Error(w, r, err)
			return
		}
		if len(raw) > 0 {
			if err := DecodeJSON(raw, &body); err != nil {
				s.Error(w, r, err)
				return
			}
		}
	}
	p := PrincipalFrom(r.Context())
	agent := &state.Agent{Name: p.Name, DisplayName: p.DisplayName, Team: p.Team}
	if p.Kind == "token" {
		agent = &state.Agent{Name: body.Agent, DisplayName: body.DisplayName, Team: body.Team}
		if agent.Name == "" && action == state.Claim {
			s.Error(w, r, handoff.Errorf(handoff.EINVALID, "claim with an API token needs \"agent\" (and optionally display_name, team)"))
			return
		}
		if agent.DisplayName == "" {
			agent.DisplayName = agent.Name
		}
	}
	conv, err := s.engine.Act(r.Context(), engine.ActionRequest{ConversationID: id, Action: action, Agent: agent, Reason: body.Reason, Resolved: body.Resolved})
	if err != nil {
		s.Error(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"conversation": conv})
}
