package widget

import (
	"context"
	"embed"
	"encoding/json"
	"errors"
	"html/template"
	"io"
	"log/slog"
	"net/http"
	"regexp"
	"strings"
	"sync"
	"time"

	"github.com/handoffhq/handoff"
	"github.com/handoffhq/handoff/internal/engine"
	handoffhttp "github.com/handoffhq/handoff/internal/http"
	"github.com/handoffhq/handoff/internal/live"
	"github.com/handoffhq/handoff/internal/ws"
)

//go:embed static
var staticFS embed.FS

// MaxBodyBytes is the largest widget request body accepted.
const MaxBodyBytes = 64 << 10

// typingEvery is the least time between two typing notices relayed for one socket.
const typingEvery = time.Second

// Config wires a Widget.
type Config struct {
	Engine *engine.Engine
	Hub    *live.Hub
	Relay  *ws.Relay // typing indicators, shared with the console; nil makes one
	// Key signs widget tokens; use the service's session key (web.LoadKey).
	Key    []byte
	Logger *slog.Logger
}

// Widget serves /widget.js, /demo and the widget's API and WebSocket.
type Widget struct {
	cfg    Config
	store  handoff.Store
	log    *slog.Logger
	tokens tokens
	script []byte
	demo   *template.Template
	css    []byte
	ctx    context.Context
	cancel context.CancelFunc
}

// New returns the widget; Engine, Hub and a key of at least 16 bytes are required.
func New(cfg Config) (*Widget, error) {
	if cfg.Engine == nil || cfg.Hub == nil {
		return nil, errors.New("widget: Engine and Hub are required")
	}
	if len(cfg.Key) < 16 {
		return nil, errors.New("widget: a key of at least 16 bytes is required")
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	if cfg.Relay == nil {
		cfg.Relay = ws.NewRelay()
	}
	script, err := staticFS.ReadFile("static/widget.js")
	if err != nil {
		return nil, err
	}
	css, err := staticFS.ReadFile("static/demo.css")
	if err != nil {
		return nil, err
	}
	demo, err := template.ParseFS(staticFS, "static/demo.html")
	if err != nil {
		return nil, err
	}
	w := &Widget{cfg: cfg, store: cfg.Engine.Store(), log: cfg.Logger, script: script, css: css, demo: demo}
	w.tokens = tokens{key: hmacKey(cfg.Key), now: cfg.Engine.Now}
	w.ctx, w.cancel = context.WithCancel(context.Background())
	return w, nil
}

// Mux is where the widget mounts its routes (*http.ServeMux, handoffhttp.Server).
type Mux interface {
	Handle(pattern string, h http.Handler)
}

// Mount registers the widget's routes on mux.
func (w *Widget) Mount(mux Mux) {
	mux.Handle("GET /widget.js", http.HandlerFunc(w.handleScript))
	mux.Handle("GET /demo", http.HandlerFunc(w.handleDemo))
	mux.Handle("GET /widget/static/demo.css", http.HandlerFunc(w.handleCSS))
	mux.Handle("OPTIONS /widget/api/", cors(http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) { rw.WriteHeader(http.StatusNoContent) })))
	mux.Handle("POST /widget/api/session", cors(http.HandlerFunc(w.handleNewSession)))
	mux.Handle("GET /widget/api/session", cors(http.HandlerFunc(w.handleSession)))
	mux.Handle("GET /widget/api/messages", cors(http.HandlerFunc(w.handleHistory)))
	mux.Handle("POST /widget/api/messages", cors(http.HandlerFunc(w.handleSend)))
	mux.Handle("GET /widget/ws", http.HandlerFunc(w.handleWS))
}

// Close ends the widget's live connections.
func (w *Widget) Close() { w.cancel() }

// hmacKey derives the widget's own signing key from the service key.
func hmacKey(key []byte) []byte {
	t := tokens{key: key}
	return t.mac([]byte("handoff:widget-token"))
}

// cors lets pages on any site call the widget API; it carries no cookies, only the token.
func cors(h http.Handler) http.Handler {
	return http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		hd := rw.Header()
		hd.Set("Access-Control-Allow-Origin", "*")
		hd.Set("Access-Control-Allow-Headers", "Authorization, Content-Type")
		hd.Set("Access-Control-Allow-Methods", "GET, POST, OPTIONS")
		hd.Set("Access-Control-Max-Age", "600")
		hd.Set("X-Content-Type-Options", "nosniff")
		hd.Set("Cache-Control", "no-store")
		h.ServeHTTP(rw, r)
	})
}

func (w *Widget) handleScript(rw http.ResponseWriter, r *http.Request) {
	rw.Header().Set("Content-Type", "application/javascript; charset=utf-8")
	rw.Header().Set("Cache-Control", "public, max-age=300")
	rw.Header().Set("Access-Control-Allow-Origin", "*")
	rw.Header().Set("X-Content-Type-Options", "nosniff")
	_, _ = rw.Write(w.script)
}

func (w *Widget) handleCSS(rw http.ResponseWriter, r *http.Request) {
	rw.Header().Set("Content-Type", "text/css; charset=utf-8")
	rw.Header().Set("Cache-Control", "public, max-age=300")
	_, _ = rw.Write(w.css)
}

// DemoCSP is the Content-Security-Policy of the demo page: the widget runs without inline code.
const DemoCSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
	"object-src 'none'; base-uri 'none'; frame-ancestors 'none'"

// handleDemo serves the demo store page; ?channel=shopify runs the widget as the Shopify
// storefront chat and ?name=Alex chats as a named customer.
func (w *Widget) handleDemo(rw http.ResponseWriter, r *http.Request) {
	ch := r.URL.Query().Get("channel")
	if !widgetChannel(ch) {
		ch = handoff.ChannelWeb
	}
	rw.Header().Set("Content-Type", "text/html; charset=utf-8")
	rw.Header().Set("Content-Security-Policy", DemoCSP)
	rw.Header().Set("X-Content-Type-Options", "nosniff")
	name := strings.TrimSpace(r.URL.Query().Get("name"))
	if len(name) > 100 {
		name = name[:100]
	}
	if err := w.demo.Execute(rw, map[string]string{"Channel": ch, "Name": name}); err != nil {
		w.log.Error("demo page", slog.Any("error", err))
	}
}

// fail writes err as the API's JSON error.
func (w *Widget) fail(rw http.ResponseWriter, r *http.Request, err error) {
	code := handoff.ErrorCode(err)
	if code == handoff.EINTERNAL {
		w.log.Error("widget", slog.String("path", r.URL.Path), slog.Any("error", err))
	}
	writeJSON(rw, handoffhttp.ErrorStatus(code), map[string]any{"error": map[string]string{"code": code, "message": handoff.ErrorMessage(err)}})
}

func writeJSON(rw http.ResponseWriter, status int, v any) {
	rw.Header().Set("Content-Type", "application/json; charset=utf-8")
	rw.WriteHeader(status)
	_ = json.NewEncoder(rw).Encode(v)
}

// tokenOf reads the widget token: Authorization: Bearer <token>, or ?token= on the WebSocket.
func tokenOf(r *http.Request) string {
	if h := r.Header.Get("Authorization"); h != "" {
		if scheme, t, ok := strings.Cut(h, " "); ok && strings.EqualFold(scheme, "Bearer") {
			return strings.TrimSpace(t)
		}
	}
	return r.URL.Query().Get("token")
}

// conversation resolves the token to its session and conversation; conv is nil while the chat
// has no message yet. A bad token is ENOTFOUND.
func (w *Widget) conversation(ctx context.Context, r *http.Request) (session, *handoff.Conversation, error) {
	s, err := w.tokens.parse(tokenOf(r))
	if err != nil {
		return s, nil, err
	}
	var c *handoff.Conversation
	err = w.store.View(ctx, func(tx handoff.Tx) error {
		var err error
		c, err = tx.ConversationByExternalID(ctx, s.Channel, s.externalID())
		return err
	})
	if handoff.ErrorCode(err) == handoff.ENOTFOUND {
		return s, nil, nil
	}
	return s, c, err
}

// readJSON decodes a small JSON body strictly.
func readJSON(rw http.ResponseWriter, r *http.Request, v any) error {
	b, err := io.ReadAll(http.MaxBytesReader(rw, r.Body, MaxBodyBytes))
	var tooBig *http.MaxBytesError
	if errors.As(err, &tooBig) {
		return handoff.Errorf(handoff.ETOOLARGE, "request body is over the %d byte limit", MaxBodyBytes)
	} else if err != nil {
		return handoff.Errorf(handoff.EINVALID, "cannot read request body")
	}
	return handoffhttp.DecodeJSON(b, v)
}

// newSessionBody starts a chat.
type newSessionBody struct {
	Channel string `json:"channel"`
}

func (w *Widget) handleNewSession(rw http.ResponseWriter, r *http.Request) {
	var body newSessionBody
	if err := readJSON(rw, r, &body); err != nil {
		w.fail(rw, r, err)
		return
	}
	if body.Channel == "" {
		body.Channel = handoff.ChannelWeb
	}
	if !widgetChannel(body.Channel) {
		w.fail(rw, r, handoff.Errorf(handoff.EINVALID, "the widget runs on web or shopify, not %q", body.Channel))
		return
	}
	_, token := w.tokens.issue(body.Channel)
	writeJSON(rw, http.StatusCreated, map[string]string{"token": token, "channel": body.Channel})
}

// sessionInfo is what a widget learns about its chat.
type sessionInfo struct {
	Started bool   `json:"started"`
	Channel string `json:"channel"`
	State   string `json:"state,omitempty"`
	Agent   string `json:"agent,omitempty"`
	Team    string `json:"team,omitempty"`
}

func info(s session, c *handoff.Conversation) sessionInfo {
	out := sessionInfo{Channel: s.Channel}
	if c != nil {
		st := projectState(c)
		out.Started, out.State, out.Agent, out.Team = true, st.State, st.Agent, st.Team
	}
	return out
}

func (w *Widget) handleSession(rw http.ResponseWriter, r *http.Request) {
	s, c, err := w.conversation(r.Context(), r)
	if err != nil {
		w.fail(rw, r, err)
		return
	}
	writeJSON(rw, http.StatusOK, info(s, c))
}

func (w *Widget) handleHistory(rw http.ResponseWriter, r *http.Request) {
	s, c, err := w.conversation(r.Context(), r)
	if err != nil {
		w.fail(rw, r, err)
		return
	}
	out := struct {
		sessionInfo
		Messages []Message `json:"messages"`
	}{sessionInfo: info(s, c), Messages: []Message{}}
	if c != nil {
		var msgs []*handoff.Message
		err := w.store.View(r.Context(), func(tx handoff.Tx) error {
			var err error
			msgs, err = tx.ListMessages(r.Context(), c.ID)
			return err
		})
		if err != nil {
			w.fail(rw, r, err)
			return
		}
		for _, m := range msgs {
			out.Messages = append(out.Messages, project(s, m))
		}
	}
	writeJSON(rw, http.StatusOK, out)
}

var clientIDPattern = regexp.MustCompile(`^[A-Za-z0-9_-]{1,64}$`)

// sendBody is one customer message.
type sendBody struct {
	Text     string            `json:"text"`
	ClientID string            `json:"client_id"` // made by the browser per message: a retry is stored once
	Customer *handoff.Customer `json:"customer"`  // optional, e.g. a logged-in shop customer
}

func (w *Widget) handleSend(rw http.ResponseWriter, r *http.Request) {
	s, err := w.tokens.parse(tokenOf(r))
	if err != nil {
		w.fail(rw, r, err)
		return
	}
	var body sendBody
	if err := readJSON(rw, r, &body); err != nil {
		w.fail(rw, r, err)
		return
	}
	if !clientIDPattern.MatchString(body.ClientID) {
		w.fail(rw, r, handoff.Errorf(handoff.EINVALID, "client_id must be 1 to 64 letters, digits, - or _"))
		return
	}
	var cust *handoff.Customer
	if body.Customer != nil {
		cust = &handoff.Customer{Name: clip(body.Customer.Name, 100), Email: clip(body.Customer.Email, 200)}
	}
	res, err := w.cfg.Engine.Ingest(r.Context(), engine.IngestRequest{Channel: s.Channel, Role: handoff.RoleCustomer, Text: body.Text,
		ExternalID: s.externalID() + ":" + body.ClientID, ConversationExternalID: s.externalID(), Source: handoff.SourceWidget, Customer: cust})
	if err != nil {
		w.fail(rw, r, err)
		return
	}
	status := http.StatusCreated
	if res.Duplicate {
		status = http.StatusOK
	}
	st := projectState(res.Conversation)
	writeJSON(rw, status, map[string]any{"message": project(s, res.Message), "state": st, "duplicate": res.Duplicate})
}

func clip(s string, n int) string {
	if len(s) > n {
		return s[:n]
	}
	return s
}

// wsFrame is what the customer sends up the socket: {"type":"typing","active":true}.
type wsFrame struct {
	Type   string `json:"type"`
	Active *bool  `json:"active"`
}

// handleWS streams the chat: ?token=…&after=<last event id>.
func (w *Widget) handleWS(rw http.ResponseWriter, r *http.Request) {
	s, c, err := w.conversation(r.Context(), r)
	if err == nil && c == nil {
		err = handoff.Errorf(handoff.ENOTFOUND, "the chat has no messages yet")
	}
	if err != nil {
		w.fail(rw, r, err)
		return
	}
	after, err := ws.ParseAfter(r)
	if err != nil {
		w.fail(rw, r, err)
		return
	}
	sub, backlog, err := live.Resume(r.Context(), w.store, w.cfg.Hub, after, c.ID)
	if err != nil {
		w.fail(rw, r, err)
		return
	}
	conn, err := ws.Accept(rw, r, ws.AcceptOptions("*"))
	if err != nil {
		sub.Close()
		return
	}
	typing, stop := w.cfg.Relay.Subscribe(c.ID)
	var mu sync.Mutex
	var last time.Time
	convID := c.ID
	onFrame := func(ctx context.Context, data []byte) {
		var f wsFrame
		if json.Unmarshal(data, &f) != nil || f.Type != handoff.EventTyping {
			return
		}
		active := f.Active == nil || *f.Active
		mu.Lock()
		if active && time.Since(last) < typingEvery {
			mu.Unlock()
			return
		}
		last = time.Now()
		mu.Unlock()
		w.cfg.Relay.Publish(ws.TypingEvent(convID, "customer", "", active))
	}
	// The connection is hijacked: serve it from a goroutine of its own and let this handler
	// return, so an idle socket does not keep the HTTP server's request state alive.
	go func() {
		defer stop()
		_ = ws.Serve(w.ctx, conn, sub, backlog, typing, ws.Options{Encode: func(e *handoff.Event) ([]byte, bool) { return encode(s, e) }, OnFrame: onFrame})
	}()
}
