package http

import (
	"net/http"
	"time"

	"github.com/handoffhq/handoff"
	"github.com/handoffhq/handoff/internal/rules"
)

func (s *Server) registerRuleRoutes() {
	s.mux.HandleFunc("GET /api/v1/rules", s.authed(false, s.handleListRules))
	s.mux.HandleFunc("POST /api/v1/rules", s.authed(true, s.handleCreateRule))
	s.mux.HandleFunc("PUT /api/v1/rules", s.authed(true, s.handleReplaceRules))
	s.mux.HandleFunc("GET /api/v1/rules/export", s.authed(false, s.handleExportRules))
	s.mux.HandleFunc("POST /api/v1/rules/validate", s.authed(false, s.handleValidateRules))
	s.mux.HandleFunc("POST /api/v1/rules/dry-run", s.authed(false, s.handleDryRun))
	s.mux.HandleFunc("GET /api/v1/rules/{id}", s.authed(false, s.handleGetRule))
	s.mux.HandleFunc("PUT /api/v1/rules/{id}", s.authed(true, s.handlePutRule))
	s.mux.HandleFunc("DELETE /api/v1/rules/{id}", s.authed(true, s.handleDeleteRule))
}

func (s *Server) listRules(r *http.Request) ([]*handoff.Rule, error) {
	var rs []*handoff.Rule
	err := s.store.View(r.Context(), func(tx handoff.Tx) error {
		var err error
		rs, err = tx.ListRules(r.Context())
		return err
	})
	if rs == nil {
		rs = []*handoff.Rule{}
	}
	return rs, err
}

func (s *Server) handleListRules(w http.ResponseWriter, r *http.Request) {
	rs, err := s.listRules(r)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"rules": rs})
}

func (s *Server) handleGetRule(w http.ResponseWriter, r *http.Request) {
	var rule *handoff.Rule
	err := s.store.View(r.Context(), func(tx handoff.Tx) error {
		var err error
		rule, err = tx.RuleByID(r.Context(), r.PathValue("id"))
		return err
	})
	if err != nil {
		s.Error(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"rule": rule})
}

// parseRuleBody reads a rule set (JSON or YAML) from the body and validates it whole.
func (s *Server) parseRuleBody(w http.ResponseWriter, r *http.Request) ([]*handoff.Rule, error) {
	body, err := readBody(w, r)
	if err != nil {
		return nil, err
	}
	return rules.Parse(body)
}

func (s *Server) handleCreateRule(w http.ResponseWriter, r *http.Request) {
	rs, err := s.parseRuleBody(w, r)
	if err == nil {
		err = s.engine.SaveRules(r.Context(), rs, false, true)
	}
	if err != nil {
		s.Error(w, r, err)
		return
	}
	writeJSON(w, http.StatusCreated, map[string]any{"rules": rs})
}

func (s *Server) handleReplaceRules(w http.ResponseWriter, r *http.Request) {
	rs, err := s.parseRuleBody(w, r)
	if err == nil {
		err = s.engine.SaveRules(r.Context(), rs, true, false)
	}
	if err != nil {
		s.Error(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"rules": rs})
}

func (s *Server) handlePutRule(w http.ResponseWriter, r *http.Request) {
	rs, err := s.parseRuleBody(w, r)
	if err == nil && (len(rs) != 1 || rs[0].ID != r.PathValue("id")) {
		err = handoff.Errorf(handoff.EINVALID, "the body must be one rule with id %q", r.PathValue("id"))
	}
	if err == nil {
		err = s.engine.SaveRules(r.Context(), rs, false, false)
	}
	if err != nil {
		s.Error(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"rule": rs[0]})
}

func (s *Server) handleDeleteRule(w http.ResponseWriter, r *http.Request) {
	err := s.store.Write(r.Context(), func(tx handoff.Tx) error { return tx.DeleteRule(r.Context(), r.PathValue("id")) })
	s.engine.InvalidateRules()
	if err != nil {
		s.Error(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

func (s *Server) handleExportRules(w http.ResponseWriter, r *http.Request) {
	rs, err := s.listRules(r)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	b, err := rules.MarshalYAML(rs)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "application/yaml; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="handoff-rules.yaml"`)
	_, _ = w.Write(b)
}

func (s *Server) handleValidateRules(w http.ResponseWriter, r *http.Request) {
	rs, err := s.parseRuleBody(w, r)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"valid": true, "rules": rs})
}

// dryRunBody selects the rules and the history for a dry run.
type dryRunBody struct {
	Rules []*handoff.Rule `json:"rules"` // empty: the stored rule set
	Since string          `json:"since"` // RFC 3339 or a duration back from now such as "168h" or "7d"
	Limit int             `json:"limit"`
}

func (s *Server) handleDryRun(w http.ResponseWriter, r *http.Request) {
	var body dryRunBody
	raw, err := readBody(w, r)
	if err == nil && len(raw) > 0 {
		err = DecodeJSON(raw, &body)
	}
	if err != nil {
		s.Error(w, r, err)
		return
	}
	rs := body.Rules
	if len(rs) == 0 {
		if rs, err = s.listRules(r); err != nil {
			s.Error(w, r, err)
			return
		}
	}
	for _, rule := range rs {
		if err := rules.Validate(rule); err != nil {
			s.Error(w, r, err)
			return
		}
	}
	since, err := parseSince(body.Since, s.engine.Now())
	if err != nil {
		s.Error(w, r, err)
		return
	}
	rep, err := s.engine.DryRun(r.Context(), rs, since, body.Limit)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, rep)
}

// parseSince reads an RFC 3339 time or a look-back duration; empty means the last 7 days.
func parseSince(v string, now time.Time) (time.Time, error) {
	if v == "" {
		return now.Add(-7 * 24 * time.Hour), nil
	}
	if t, err := time.Parse(time.RFC3339, v); err == nil {
		return t, nil
	}
	d, err := handoff.ParseDuration(v)
	if err != nil {
		return time.Time{}, handoff.Errorf(handoff.EINVALID, "since must be RFC 3339 or a duration like 7d, got %q", v)
	}
	return now.Add(-time.Duration(d)), nil
}
