package web

import (
	"bytes"
	"context"
	"embed"
	"errors"
	"fmt"
	"html/template"
	"io/fs"
	"log/slog"
	"net/http"
	"strings"
	"time"

	"github.com/handoffhq/handoff"
	"github.com/handoffhq/handoff/internal/engine"
	handoffhttp "github.com/handoffhq/handoff/internal/http"
	"github.com/handoffhq/handoff/internal/live"
	"github.com/handoffhq/handoff/internal/ws"
)

//go:embed templates/*.html
var templateFS embed.FS

//go:embed static
var staticFS embed.FS

// pages are the page templates; each defines "title" and "content" for the layout.
var pages = []string{"login", "inbox", "conversation", "rules", "rule_form", "channels", "overview", "agents", "error"}

// ContentSecurityPolicy is sent with every console response: scripts, styles and connections
// from this origin only, no inline code, no framing.
const ContentSecurityPolicy = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; " +
	"connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"

// Config wires a Console.
type Config struct {
	Engine *engine.Engine
	Hub    *live.Hub // committed events for the live views
	Relay  *ws.Relay // typing indicators; nil makes one
	// Key signs sessions and CSRF tokens (see LoadKey).
	Key    []byte
	Logger *slog.Logger
	// SecureCookies marks cookies Secure even when the request reached this process over plain
	// HTTP (TLS ends at a proxy). Requests over TLS always get Secure cookies.
	SecureCookies bool
}

// Console is the agent console served under /console: server-rendered pages, a little
// JavaScript, and a WebSocket for live updates.
type Console struct {
	cfg      Config
	store    handoff.Store
	log      *slog.Logger
	sessions signer
	csrf     signer
	pages    map[string]*template.Template
	partials *template.Template
	limiter  *limiter
	static   http.Handler

	ctx     context.Context // ends the live connections on Close
	cancel  context.CancelFunc
	encoded *encodeCache
}

// New parses the templates (failing if one is missing) and returns the console.
func New(cfg Config) (*Console, error) {
	if cfg.Engine == nil || cfg.Hub == nil {
		return nil, errors.New("console: Engine and Hub are required")
	}
	if len(cfg.Key) < 16 {
		return nil, errors.New("console: a session key of at least 16 bytes is required")
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	if cfg.Relay == nil {
		cfg.Relay = ws.NewRelay()
	}
	c := &Console{cfg: cfg, store: cfg.Engine.Store(), log: cfg.Logger,
		sessions: signer{SubKey(cfg.Key, "console-session")}, csrf: signer{SubKey(cfg.Key, "console-csrf")},
		pages: map[string]*template.Template{}, limiter: newLimiter(), encoded: newEncodeCache()}
	c.ctx, c.cancel = context.WithCancel(context.Background())
	for _, p := range pages {
		t, err := template.New(p).Funcs(funcs).ParseFS(templateFS, "templates/layout.html", "templates/partials.html", "templates/"+p+".html")
		if err != nil {
			return nil, fmt.Errorf("console template %s: %w", p, err)
		}
		for _, name := range []string{"layout", "title", "content"} {
			if t.Lookup(name) == nil {
				return nil, fmt.Errorf("console template %s: %q is not defined", p, name)
			}
		}
		c.pages[p] = t
	}
	t, err := template.New("partials").Funcs(funcs).ParseFS(templateFS, "templates/partials.html")
	if err != nil {
		return nil, fmt.Errorf("console partials: %w", err)
	}
	for _, name := range []string{"inbox_list", "conv_panels", "message"} {
		if t.Lookup(name) == nil {
			return nil, fmt.Errorf("console partials: %q is not defined", name)
		}
	}
	c.partials = t
	sub, err := fs.Sub(staticFS, "static")
	if err != nil {
		return nil, err
	}
	c.static = http.StripPrefix("/console/static/", http.FileServerFS(sub))
	return c, nil
}

// Mux is where the console mounts its routes (*http.ServeMux, handoffhttp.Server).
type Mux interface {
	Handle(pattern string, h http.Handler)
}

// Mount registers the console's routes on mux and, when srv is not nil, lets console sessions
// call the JSON API.
func (c *Console) Mount(mux Mux, srv *handoffhttp.Server) {
	if srv != nil {
		srv.SessionAuth = c.SessionAuth
	}
	h := func(pattern string, fn http.HandlerFunc) { mux.Handle(pattern, c.secureHeaders(fn)) }
	h("GET /console/static/", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "public, max-age=300")
		c.static.ServeHTTP(w, r)
	})
	h("GET /console/login", c.handleLoginPage)
	h("POST /console/login", c.handleLogin)
	h("POST /console/logout", c.authed(false, c.handleLogout))

	h("GET /console", c.authed(false, c.handleInbox))
	h("GET /console/{$}", c.authed(false, c.handleInbox))
	h("GET /console/inbox/list", c.authed(false, c.handleInboxList))
	h("GET /console/conversations/{id}", c.authed(false, c.handleConversation))
	h("GET /console/conversations/{id}/panels", c.authed(false, c.handlePanels))
	h("POST /console/conversations/{id}/messages", c.authed(false, c.handleReply))
	h("POST /console/conversations/{id}/{action}", c.authed(false, c.handleAction))

	h("GET /console/rules", c.authed(false, c.handleRules))
	h("GET /console/rules/new", c.authed(true, c.handleRuleForm))
	h("GET /console/rules/{id}/edit", c.authed(true, c.handleRuleForm))
	h("POST /console/rules/save", c.authed(true, c.handleRuleSave))
	h("POST /console/rules/{id}/toggle", c.authed(true, c.handleRuleToggle))
	h("POST /console/rules/{id}/delete", c.authed(true, c.handleRuleDelete))
	h("POST /console/rules/import", c.authed(true, c.handleRuleImport))
	h("GET /console/rules/export", c.authed(false, c.handleRuleExport))
	h("POST /console/rules/dry-run", c.authed(false, c.handleDryRun))

	h("GET /console/channels", c.authed(false, c.handleChannels))
	h("POST /console/channels/{channel}", c.authed(true, c.handleChannelSave))
	h("GET /console/overview", c.authed(false, c.handleOverview))
	h("GET /console/agents", c.authed(true, c.handleAgents))
	h("POST /console/agents", c.authed(true, c.handleAgentCreate))

	mux.Handle("GET /console/ws", c.authedWS(c.handleWS))
}

// Close ends the console's live connections.
func (c *Console) Close() { c.cancel() }

func (c *Console) now() time.Time { return c.cfg.Engine.Now() }

// secureHeaders adds the console's security headers.
func (c *Console) secureHeaders(h http.HandlerFunc) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hd := w.Header()
		hd.Set("Content-Security-Policy", ContentSecurityPolicy)
		hd.Set("X-Content-Type-Options", "nosniff")
		hd.Set("X-Frame-Options", "DENY")
		hd.Set("Referrer-Policy", "same-origin")
		h(w, r)
	})
}

// authed runs h for a logged-in agent (an admin when admin is set). Pages redirect to the login
// form; state-changing requests must carry the session's CSRF token or get 403.
func (c *Console) authed(admin bool, h http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		r.Body = http.MaxBytesReader(w, r.Body, handoffhttp.MaxBodyBytes)
		v := c.viewer(r)
		if v == nil {
			if r.Method == http.MethodGet && !wantsJSON(r) {
				http.Redirect(w, r, "/console/login?next="+urlQueryEscape(r.URL.RequestURI()), http.StatusSeeOther)
				return
			}
			c.fail(w, r, handoff.Errorf(handoff.EUNAUTHORIZED, "log in first"))
			return
		}
		if !safeMethod(r.Method) && !validCSRF(r, v) {
			r = r.WithContext(contextWithViewer(r, v))
			c.fail(w, r, handoff.Errorf(handoff.EFORBIDDEN, "the form expired or did not come from this console (CSRF check failed): reload the page and try again"))
			return
		}
		if admin && !v.IsAdmin() {
			r = r.WithContext(contextWithViewer(r, v))
			c.fail(w, r, handoff.Errorf(handoff.EFORBIDDEN, "only an admin can do this"))
			return
		}
		h(w, r.WithContext(contextWithViewer(r, v)))
	}
}

// wantsJSON reports whether the client asked for a JSON answer (fetch calls do).
func wantsJSON(r *http.Request) bool {
	return strings.Contains(r.Header.Get("Accept"), "application/json") || r.Header.Get(CSRFHeader) != ""
}

// page is what every page template gets.
type page struct {
	Title   string
	Nav     string
	Viewer  *viewer
	CSRF    string
	Flash   string
	Error   string
	Cursor  int64 // the event id the live view resumes after
	Waiting int   // paused conversations, for the nav badge
	Data    any
}

// render writes a full page.
func (c *Console) render(w http.ResponseWriter, r *http.Request, status int, name string, p page) {
	p.Viewer = viewerFrom(r.Context())
	if p.Viewer != nil {
		p.CSRF = p.Viewer.CSRF
		if p.Waiting == 0 {
			p.Waiting = c.countState(r, handoff.StatePaused)
		}
	}
	if p.Flash == "" {
		p.Flash = flashes[r.URL.Query().Get("flash")]
	}
	var buf bytes.Buffer
	if err := c.pages[name].ExecuteTemplate(&buf, "layout", p); err != nil {
		c.log.Error("render", slog.String("page", name), slog.Any("error", err))
		http.Error(w, "Internal error.", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	_, _ = buf.WriteTo(w)
}

// renderPartial writes one partial template as an HTML fragment.
func (c *Console) renderPartial(w http.ResponseWriter, name string, data any) {
	var buf bytes.Buffer
	if err := c.partials.ExecuteTemplate(&buf, name, data); err != nil {
		c.log.Error("render partial", slog.String("partial", name), slog.Any("error", err))
		http.Error(w, "Internal error.", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	_, _ = buf.WriteTo(w)
}

// flashes are the fixed notices a redirect can ask for with ?flash=.
var flashes = map[string]string{
	"claimed":   "You hold this conversation now. The customer was told you joined.",
	"handback":  "Handed back to the AI.",
	"pause":     "The AI is paused.",
	"resume":    "The AI is answering again.",
	"close":     "Conversation closed.",
	"saved":     "Saved.",
	"imported":  "Rules imported.",
	"deleted":   "Rule deleted.",
	"created":   "Agent created.",
	"loggedout": "You are logged out.",
}

// fail answers an error: JSON for fetch calls, an error page otherwise.
func (c *Console) fail(w http.ResponseWriter, r *http.Request, err error) {
	code := handoff.ErrorCode(err)
	status := handoffhttp.ErrorStatus(code)
	if code == handoff.EINTERNAL {
		c.log.Error("console", slog.String("method", r.Method), slog.String("path", r.URL.Path), slog.Any("error", err))
	}
	if wantsJSON(r) || r.Method != http.MethodGet && !isForm(r) {
		writeJSON(w, status, map[string]any{"error": map[string]any{"code": code, "message": handoff.ErrorMessage(err), "state": handoff.ErrorState(err)}})
		return
	}
	c.render(w, r, status, "error", page{Title: http.StatusText(status), Error: handoff.ErrorMessage(err), Data: status})
}
