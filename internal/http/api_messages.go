package http

import (
	"net/http"

	"github.com/handoffhq/handoff/internal/engine"
)

func (s *Server) registerMessageRoutes() {
	s.mux.HandleFunc("POST /api/v1/messages", s.authed(false, s.handlePostMessage))
}

// handlePostMessage ingests one message: 201 when stored, 200 for a duplicate delivery.
func (s *Server) handlePostMessage(w http.ResponseWriter, r *http.Request) {
	var req engine.IngestRequest
	if err := decode(w, r, &req); err != nil {
		s.Error(w, r, err)
		return
	}
	res, err := s.engine.Ingest(r.Context(), req)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	s.metrics.ingested(res)
	status := http.StatusCreated
	if res.Duplicate {
		status = http.StatusOK
	}
	writeJSON(w, status, res)
}
