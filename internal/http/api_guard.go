package http

import (
	"net/http"

	"github.com/handoffhq/handoff/internal/engine"
)

func (s *Server) registerGuardRoutes() {
	s.mux.HandleFunc("POST /api/v1/guard", s.authed(false, s.handleGuard))
}

// handleGuard answers an external bot: "may I send this draft?" → {allow, state, signals, fired}.
func (s *Server) handleGuard(w http.ResponseWriter, r *http.Request) {
	var req engine.GuardRequest
	if err := decode(w, r, &req); err != nil {
		s.Error(w, r, err)
		return
	}
	if req.Role == "" {
		req.Role = "customer"
	}
	res, err := s.engine.Guard(r.Context(), req)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, res)
}
