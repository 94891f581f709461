package http

import (
	"encoding/json"
	"log/slog"
	"net/http"

	"github.com/handoffhq/handoff"
)

// codes maps domain error codes to HTTP statuses.
var codes = map[string]int{
	handoff.ECONFLICT:      http.StatusConflict,
	handoff.EINVALID:       http.StatusBadRequest,
	handoff.ENOTFOUND:      http.StatusNotFound,
	handoff.EUNAUTHORIZED:  http.StatusUnauthorized,
	handoff.EFORBIDDEN:     http.StatusForbidden,
	handoff.ETOOLARGE:      http.StatusRequestEntityTooLarge,
	handoff.ERATELIMIT:     http.StatusTooManyRequests,
	handoff.EUNAVAILABLE:   http.StatusServiceUnavailable,
	handoff.EUNPROCESSABLE: http.StatusUnprocessableEntity,
	handoff.EINTERNAL:      http.StatusInternalServerError,
}

// ErrorStatus returns the HTTP status for a domain error code.
func ErrorStatus(code string) int {
	if s, ok := codes[code]; ok {
		return s
	}
	return http.StatusInternalServerError
}

// errorBody is the JSON error envelope: {"error":{"code","message"[,"state"]}}.
type errorBody struct {
	Error struct {
		Code    string        `json:"code"`
		Message string        `json:"message"`
		State   handoff.State `json:"state,omitempty"`
	} `json:"error"`
}

// Error writes err as JSON with the status its code maps to; internal errors are logged and hidden.
func (s *Server) Error(w http.ResponseWriter, r *http.Request, err error) {
	code, msg := handoff.ErrorCode(err), handoff.ErrorMessage(err)
	if code == handoff.EINTERNAL {
		s.logger.Error("http error", slog.String("method", r.Method), slog.String("path", r.URL.Path), slog.Any("error", err))
	}
	writeError(w, ErrorStatus(code), code, msg, handoff.ErrorState(err))
}

// WriteError writes the JSON error envelope {"error":{"code","message"}} with status, for
// handlers outside this package (webhooks) that answer in the same shape.
func WriteError(w http.ResponseWriter, status int, code, message string) {
	writeError(w, status, code, message, "")
}

func writeError(w http.ResponseWriter, status int, code, message string, state handoff.State) {
	var body errorBody
	body.Error.Code, body.Error.Message, body.Error.State = code, message, state
	writeJSON(w, status, body)
}

// writeJSON writes v with status.
func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(true)
	_ = enc.Encode(v)
}
