package http

import (
	_ "embed"
	"net/http"
	"sort"
	"time"

	"github.com/handoffhq/handoff"
)

//go:embed openapi.json
var openapiJSON []byte

func (s *Server) registerHealthRoutes() {
	s.mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, http.StatusOK, map[string]string{"status": "ok", "version": handoff.Version})
	})
	s.mux.HandleFunc("GET /readyz", func(w http.ResponseWriter, r *http.Request) {
		if err := s.store.Ping(r.Context()); err != nil {
			s.Error(w, r, handoff.Errorf(handoff.EUNAVAILABLE, "database not ready: %v", err))
			return
		}
		writeJSON(w, http.StatusOK, map[string]string{"status": "ready"})
	})
	s.mux.HandleFunc("GET /api/v1/openapi.json", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write(openapiJSON)
	})
}

func (s *Server) registerReportRoutes() {
	s.mux.HandleFunc("GET /api/v1/evaluations", s.authed(false, s.handleEvaluations))
	s.mux.HandleFunc("GET /api/v1/outbox", s.authed(false, s.handleOutbox))
}

// Average is a mean score over a group of closed conversations.
type Average struct {
	Key   string  `json:"key"`
	Count int     `json:"count"`
	Mean  float64 `json:"mean"`
	False int     `json:"false_handoffs"`
}

// EvaluationReport lists post-conversation scores with averages per rule and per channel.
type EvaluationReport struct {
	Scores    []*handoff.Score `json:"scores"`
	Average   float64          `json:"average"`
	PerRule   []Average        `json:"per_rule"`
	PerChan   []Average        `json:"per_channel"`
	Handoffs  int              `json:"handoffs"`
	FalseRate float64          `json:"false_handoff_rate"`
}

// Evaluations builds the score report for conversations closed since the given time.
func Evaluations(r *http.Request, store handoff.Store, since time.Time) (*EvaluationReport, error) {
	var scores []*handoff.Score
	err := store.View(r.Context(), func(tx handoff.Tx) error {
		var err error
		scores, err = tx.ListScores(r.Context(), since)
		return err
	})
	if err != nil {
		return nil, err
	}
	rep := &EvaluationReport{Scores: scores, PerRule: []Average{}, PerChan: []Average{}}
	if rep.Scores == nil {
		rep.Scores = []*handoff.Score{}
	}
	rule, ch := map[string]*Average{}, map[string]*Average{}
	add := func(m map[string]*Average, k string, sc *handoff.Score) {
		a := m[k]
		if a == nil {
			a = &Average{Key: k}
			m[k] = a
		}
		a.Count++
		a.Mean += sc.Total
		if sc.Parts.FalseHandoff {
			a.False++
		}
	}
	falses := 0
	for _, sc := range scores {
		rep.Average += sc.Total
		add(ch, sc.Channel, sc)
		if sc.Parts.Handoff {
			rep.Handoffs++
			add(rule, sc.Rule, sc)
			if sc.Parts.FalseHandoff {
				falses++
			}
		}
	}
	if len(scores) > 0 {
		rep.Average /= float64(len(scores))
	}
	if rep.Handoffs > 0 {
		rep.FalseRate = float64(falses) / float64(rep.Handoffs)
	}
	flatten := func(m map[string]*Average) []Average {
		out := []Average{}
		for _, a := range m {
			a.Mean /= float64(a.Count)
			out = append(out, *a)
		}
		sort.Slice(out, func(i, j int) bool { return out[i].Key < out[j].Key })
		return out
	}
	rep.PerRule, rep.PerChan = flatten(rule), flatten(ch)
	return rep, nil
}

func (s *Server) handleEvaluations(w http.ResponseWriter, r *http.Request) {
	since, err := parseSince(r.URL.Query().Get("since"), s.engine.Now())
	if err != nil {
		s.Error(w, r, err)
		return
	}
	rep, err := Evaluations(r, s.store, since)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, rep)
}

func (s *Server) handleOutbox(w http.ResponseWriter, r *http.Request) {
	f := handoff.OutboxFilter{Status: r.URL.Query().Get("status")}
	switch f.Status {
	case "", handoff.OutboxPending, handoff.OutboxDelivered, handoff.OutboxDead:
	default:
		s.Error(w, r, handoff.Errorf(handoff.EINVALID, "status must be pending, delivered or dead"))
		return
	}
	var items []*handoff.OutboxItem
	err := s.store.View(r.Context(), func(tx handoff.Tx) error {
		var err error
		items, err = tx.ListOutbox(r.Context(), f)
		return err
	})
	if err != nil {
		s.Error(w, r, err)
		return
	}
	if items == nil {
		items = []*handoff.OutboxItem{}
	}
	writeJSON(w, http.StatusOK, map[string]any{"outbox": items})
}
