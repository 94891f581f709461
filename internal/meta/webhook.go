package meta

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/hex"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"strings"

	"github.com/handoffhq/handoff"
	"github.com/handoffhq/handoff/internal/engine"
	handoffhttp "github.com/handoffhq/handoff/internal/http"
)

// MaxBody is the largest webhook body accepted (413 above it).
const MaxBody = 1 << 20

// SignatureHeader carries "sha256=" + hex HMAC-SHA256 of the raw body keyed with the app secret.
const SignatureHeader = "X-Hub-Signature-256"

// EchoMetadata starts the metadata this service attaches to what it sends, so its echoes are recognised.
const EchoMetadata = "handoff"

// Ingester stores one inbound message; *engine.Engine implements it.
type Ingester interface {
	Ingest(ctx context.Context, req engine.IngestRequest) (*engine.IngestResult, error)
}

// Handler serves the Meta webhook: GET answers the verification challenge, POST takes events.
type Handler struct {
	cfg Config
	ing Ingester
	log *slog.Logger
}

// NewHandler returns the webhook handler; cfg needs AppSecret (POST) and VerifyToken (GET).
func NewHandler(cfg Config, ing Ingester) *Handler {
	cfg = cfg.withDefaults()
	return &Handler{cfg: cfg, ing: ing, log: cfg.Logger}
}

// ServeHTTP dispatches on the method.
func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	switch r.Method {
	case http.MethodGet:
		h.verify(w, r)
	case http.MethodPost:
		h.receive(w, r)
	default:
		w.Header().Set("Allow", "GET, POST")
		writeError(w, http.StatusMethodNotAllowed, "method_not_allowed", "use GET to verify and POST to deliver events")
	}
}

// verify answers Meta's subscription check: the challenge back when the token matches, 403 otherwise.
func (h *Handler) verify(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	token := q.Get("hub.verify_token")
	if q.Get("hub.mode") != "subscribe" || h.cfg.VerifyToken == "" ||
		subtle.ConstantTimeCompare([]byte(token), []byte(h.cfg.VerifyToken)) != 1 {
		writeError(w, http.StatusForbidden, handoff.EFORBIDDEN, "verification failed: wrong hub.mode or hub.verify_token")
		return
	}
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	_, _ = io.WriteString(w, q.Get("hub.challenge"))
}

// receive checks the signature over the raw body, stores every message event, and acknowledges
// only when all of them are committed; an internal failure answers 500 so Meta delivers again.
func (h *Handler) receive(w http.ResponseWriter, r *http.Request) {
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, MaxBody))
	if err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			writeError(w, http.StatusRequestEntityTooLarge, handoff.ETOOLARGE, "the body is over the 1 MiB limit")
			return
		}
		writeError(w, http.StatusBadRequest, handoff.EINVALID, "could not read the body")
		return
	}
	if h.cfg.AppSecret == "" {
		writeError(w, http.StatusServiceUnavailable, handoff.EUNAVAILABLE, "the Meta app secret is not configured")
		return
	}
	if !ValidSignature(h.cfg.AppSecret, body, r.Header.Get(SignatureHeader)) {
		writeError(w, http.StatusUnauthorized, handoff.EUNAUTHORIZED, "missing or bad "+SignatureHeader)
		return
	}
	events, err := Parse(body)
	if err != nil {
		writeError(w, http.StatusBadRequest, handoff.EINVALID, handoff.ErrorMessage(err))
		return
	}
	for _, ev := range events {
		if err := h.store(r.Context(), ev); err != nil {
			h.log.Error("meta webhook: store event", slog.String("channel", ev.Channel), slog.String("mid", ev.MID), slog.Any("error", err))
			writeError(w, http.StatusInternalServerError, handoff.EINTERNAL, "Internal error.")
			return
		}
	}
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	_, _ = io.WriteString(w, "EVENT_RECEIVED")
}

// store ingests one event. Echoes of this service's own sends are dropped; input the engine
// rejects as invalid is logged and skipped (a redelivery would be rejected again).
func (h *Handler) store(ctx context.Context, ev Event) error {
	if ev.Echo && h.Own(ev) {
		return nil
	}
	req := engine.IngestRequest{
		Channel: ev.Channel, Role: handoff.RoleCustomer, Text: ev.Text, ExternalID: ev.MID,
		ConversationExternalID: ev.CustomerID, Customer: &handoff.Customer{ID: ev.CustomerID},
		Attachments: ev.Attachments, NoAIReply: ev.Standby,
	}
	if ev.Echo {
		req.Role, req.Source = handoff.RoleAgent, handoff.SourceExternal
	}
	_, err := h.ing.Ingest(ctx, req)
	switch handoff.ErrorCode(err) {
	case "":
		return nil
	case handoff.EINVALID, handoff.EUNPROCESSABLE:
		h.log.Warn("meta webhook: event skipped", slog.String("channel", ev.Channel), slog.String("mid", ev.MID), slog.String("reason", handoff.ErrorMessage(err)))
		return nil
	}
	return err
}

// Own reports whether an echo is of a message this service sent: by app id, or by the metadata it attaches.
func (h *Handler) Own(ev Event) bool {
	return (h.cfg.AppID != "" && ev.AppID == h.cfg.AppID) || strings.HasPrefix(ev.Metadata, EchoMetadata)
}

// ValidSignature reports whether header is "sha256=" + hex HMAC-SHA256(secret, body), compared in constant time.
func ValidSignature(secret string, body []byte, header string) bool {
	hexSig, ok := strings.CutPrefix(strings.TrimSpace(header), "sha256=")
	if !ok || secret == "" {
		return false
	}
	got, err := hex.DecodeString(hexSig)
	if err != nil {
		return false
	}
	return hmac.Equal(got, Sign(secret, body))
}

// Sign returns HMAC-SHA256(secret, body), the raw value behind X-Hub-Signature-256.
func Sign(secret string, body []byte) []byte {
	mac := hmac.New(sha256.New, []byte(secret))
	mac.Write(body)
	return mac.Sum(nil)
}

// writeError writes the service's JSON error envelope {"error":{"code","message"}}.
var writeError = handoffhttp.WriteError
