package web_test

import (
	"context"
	"encoding/json"
	"html"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/coder/websocket"

	"github.com/handoffhq/handoff"
	"github.com/handoffhq/handoff/internal/analyze"
	"github.com/handoffhq/handoff/internal/engine"
	handoffhttp "github.com/handoffhq/handoff/internal/http"
	"github.com/handoffhq/handoff/internal/live"
	"github.com/handoffhq/handoff/internal/sqlite"
	"github.com/handoffhq/handoff/internal/web"
	"github.com/handoffhq/handoff/internal/ws"
)

// bundle is one console on a fresh database.
type bundle struct {
	store   handoff.Store
	engine  *engine.Engine
	hub     *live.Hub
	relay   *ws.Relay
	console *web.Console
	srv     *httptest.Server
}

// testLogger sends logs to t.Log.
func testLogger(tb testing.TB) *slog.Logger {
	return slog.New(slog.NewTextHandler(tbWriter{tb}, &slog.HandlerOptions{Level: slog.LevelWarn}))
}

type tbWriter struct{ tb testing.TB }

func (w tbWriter) Write(p []byte) (int, error) {
	w.tb.Log(strings.TrimSpace(string(p)))
	return len(p), nil
}

// setup starts a console with the shipped rules, agents sara (admin, Support) and tom (agent, Billing).
func setup(tb testing.TB) *bundle {
	tb.Helper()
	ctx := context.Background()
	store, err := sqlite.Open(ctx, tb.TempDir())
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { store.Close() })
	if err := engine.Seed(ctx, store, time.Now); err != nil {
		tb.Fatal(err)
	}
	hub := live.NewHub(0)
	feed := live.NewFeed(store, hub, nil)
	if err := feed.Start(ctx); err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(feed.Stop)
	eng := engine.New(engine.Config{Store: store, Analyzer: analyze.New(analyze.Config{}), Publisher: feed, Logger: testLogger(tb)})
	srv := handoffhttp.NewServer(eng, testLogger(tb))
	srv.SetSessionRateLimit(handoffhttp.RateLimit{}) // one login drives up to 100 sockets in the benchmarks
	relay := ws.NewRelay()
	console, err := web.New(web.Config{Engine: eng, Hub: hub, Relay: relay, Key: []byte("0123456789abcdef0123456789abcdef"), Logger: testLogger(tb)})
	if err != nil {
		tb.Fatal(err)
	}
	console.Mount(srv, srv)
	ts := httptest.NewServer(srv)
	tb.Cleanup(ts.Close)
	tb.Cleanup(console.Close)
	for _, a := range []web.NewAgent{
		{Name: "sara", DisplayName: "Sara", Team: "Support", Role: handoff.AgentRoleAdmin, Password: "sara-password"},
		{Name: "tom", DisplayName: "Tom", Team: "Billing", Role: handoff.AgentRoleAgent, Password: "tom-password"},
	} {
		if _, err := web.CreateAgent(ctx, store, a, time.Now()); err != nil {
			tb.Fatal(err)
		}
	}
	return &bundle{store: store, engine: eng, hub: hub, relay: relay, console: console, srv: ts}
}

// client is a browser-like HTTP client with its own cookies that does not follow redirects.
type client struct {
	tb   testing.TB
	b    *bundle
	http *http.Client
	csrf string
}

func (b *bundle) client(tb testing.TB) *client {
	jar, _ := cookiejar.New(nil)
	return &client{tb: tb, b: b, http: &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
}

var csrfInput = regexp.MustCompile(`name="csrf" value="([^"]+)"`)
var csrfMeta = regexp.MustCompile(`<meta name="csrf-token" content="([^"]+)">`)

// get fetches a page and remembers its CSRF token.
func (c *client) get(path string) (int, string) {
	c.tb.Helper()
	resp, err := c.http.Get(c.b.srv.URL + path)
	if err != nil {
		c.tb.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	if m := csrfMeta.FindSubmatch(body); m != nil {
		c.csrf = html.UnescapeString(string(m[1]))
	} else if m := csrfInput.FindSubmatch(body); m != nil {
		c.csrf = html.UnescapeString(string(m[1]))
	}
	return resp.StatusCode, string(body)
}

// form posts a form; the CSRF token is added unless the values carry one.
func (c *client) form(path string, v url.Values) (*http.Response, string) {
	c.tb.Helper()
	if v == nil {
		v = url.Values{}
	}
	if _, ok := v["csrf"]; !ok {
		v.Set("csrf", c.csrf)
	}
	resp, err := c.http.PostForm(c.b.srv.URL+path, v)
	if err != nil {
		c.tb.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp, string(body)
}

// json sends a JSON request like the console's fetch calls, with the given CSRF header.
func (c *client) json(method, path, body, csrf string) (int, map[string]any) {
	c.tb.Helper()
	req, _ := http.NewRequest(method, c.b.srv.URL+path, strings.NewReader(body))
	req.Header.Set("Accept", "application/json")
	req.Header.Set("Content-Type", "application/json")
	if csrf != "" {
		req.Header.Set(web.CSRFHeader, csrf)
	}
	resp, err := c.http.Do(req)
	if err != nil {
		c.tb.Fatal(err)
	}
	defer resp.Body.Close()
	var out map[string]any
	_ = json.NewDecoder(resp.Body).Decode(&out)
	return resp.StatusCode, out
}

// login logs the client in and fails the test if it does not work.
func (c *client) login(name string) *client {
	c.tb.Helper()
	c.get("/console/login")
	resp, body := c.form("/console/login", url.Values{"name": {name}, "password": {name + "-password"}})
	if resp.StatusCode != http.StatusSeeOther {
		c.tb.Fatalf("login %s: %d %s", name, resp.StatusCode, body)
	}
	c.get("/console")
	return c
}

// ingest stores a customer message and returns its conversation id.
func (b *bundle) ingest(tb testing.TB, conv, text string) int64 {
	tb.Helper()
	res, err := b.engine.Ingest(context.Background(), engine.IngestRequest{Channel: "web", Role: handoff.RoleCustomer, Text: text,
		ConversationExternalID: conv, Customer: &handoff.Customer{Name: "Alex Morgan"}})
	if err != nil {
		tb.Fatal(err)
	}
	return res.Conversation.ID
}

// paused makes a conversation the angry_sentiment rule hands to a person.
func (b *bundle) paused(tb testing.TB, conv string) int64 {
	tb.Helper()
	b.ingest(tb, conv, "Where is my order? It is late.")
	id := b.ingest(tb, conv, "This is absolutely horrible, the worst service ever. I am furious!!!")
	if c := b.conv(tb, id); c.State != handoff.StatePaused {
		tb.Fatalf("conversation %d is %s, want paused", id, c.State)
	}
	return id
}

func (b *bundle) conv(tb testing.TB, id int64) *handoff.Conversation {
	tb.Helper()
	var c *handoff.Conversation
	if err := b.store.View(context.Background(), func(tx handoff.Tx) error {
		var err error
		c, err = tx.ConversationByID(context.Background(), id)
		return err
	}); err != nil {
		tb.Fatal(err)
	}
	return c
}

func path(format string, id int64) string {
	return strings.Replace(format, "{id}", jsonNumber(id), 1)
}

func jsonNumber(id int64) string {
	b, _ := json.Marshal(id)
	return string(b)
}

func TestLogin(t *testing.T) {
	t.Parallel()
	b := setup(t)
	tests := []struct {
		name, user, password, next string
		csrf                       string // "" takes the form's token
		status                     int
		location                   string
		body                       string
	}{
		{name: "right password", user: "sara", password: "sara-password", status: http.StatusSeeOther, location: "/console"},
		{name: "name is case-insensitive", user: "SARA", password: "sara-password", status: http.StatusSeeOther, location: "/console"},
		{name: "next inside the console", user: "tom", password: "tom-password", next: "/console/rules", status: http.StatusSeeOther, location: "/console/rules"},
		{name: "next elsewhere is ignored", user: "tom", password: "tom-password", next: "//evil.example/console", status: http.StatusSeeOther, location: "/console"},
		{name: "wrong password", user: "sara", password: "nope-nope", status: http.StatusUnauthorized, body: "Wrong name or password."},
		{name: "unknown agent", user: "nobody", password: "whatever1", status: http.StatusUnauthorized, body: "Wrong name or password."},
		{name: "forged form", user: "sara", password: "sara-password", csrf: "forged", status: http.StatusForbidden, body: "CSRF check failed"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			c := b.client(t)
			if status, body := c.get("/console/login"); status != http.StatusOK || !strings.Contains(body, `id="login-name"`) {
				t.Fatalf("login page: %d", status)
			}
			v := url.Values{"name": {tt.user}, "password": {tt.password}, "next": {tt.next}}
			if tt.csrf != "" {
				v.Set("csrf", tt.csrf)
			}
			resp, body := c.form("/console/login", v)
			if resp.StatusCode != tt.status {
				t.Fatalf("status = %d, want %d: %s", resp.StatusCode, tt.status, body)
			}
			if tt.location != "" && resp.Header.Get("Location") != tt.location {
				t.Fatalf("redirect to %q, want %q", resp.Header.Get("Location"), tt.location)
			}
			if tt.body != "" && !strings.Contains(body, tt.body) {
				t.Fatalf("body lacks %q", tt.body)
			}
			var session *http.Cookie
			for _, ck := range resp.Cookies() {
				if ck.Name == web.SessionCookie {
					session = ck
				}
			}
			if (tt.status == http.StatusSeeOther) != (session != nil) {
				t.Fatalf("session cookie set = %v for status %d", session != nil, tt.status)
			}
			if session != nil && (!session.HttpOnly || session.SameSite != http.SameSiteLaxMode) {
				t.Fatalf("session cookie is not HttpOnly and SameSite=Lax: %+v", session)
			}
		})
	}
}

func TestPagesNeedLogin(t *testing.T) {
	t.Parallel()
	b := setup(t)
	anon := b.client(t)
	for _, p := range []string{"/console", "/console/rules", "/console/channels", "/console/overview", "/console/agents", "/console/conversations/1"} {
		resp, err := anon.http.Get(b.srv.URL + p)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusSeeOther || !strings.HasPrefix(resp.Header.Get("Location"), "/console/login?next=") {
			t.Errorf("%s: %d → %q, want a redirect to the login page", p, resp.StatusCode, resp.Header.Get("Location"))
		}
	}
	if status, _ := anon.json("POST", "/console/conversations/1/claim", "", ""); status != http.StatusUnauthorized {
		t.Errorf("anonymous claim: %d, want 401", status)
	}
}

func TestPages(t *testing.T) {
	t.Parallel()
	b := setup(t)
	id := b.paused(t, "pages")
	sara := b.client(t).login("sara")
	tom := b.client(t).login("tom")
	tests := []struct {
		who    *client
		path   string
		status int
		want   []string
	}{
		{sara, "/console", http.StatusOK, []string{"Waiting for a person", "Alex Morgan", "Angry customer", `data-cursor="`}},
		{sara, "/console?state=paused&channel=web&tag=angry", http.StatusOK, []string{"Alex Morgan"}},
		{sara, "/console?state=closed", http.StatusOK, []string{"No closed conversations."}},
		{sara, "/console?state=bogus", http.StatusBadRequest, []string{"unknown state"}},
		{sara, "/console/inbox/list", http.StatusOK, []string{`id="inbox-counts"`, "Alex Morgan"}},
		{sara, path("/console/conversations/{id}", id), http.StatusOK, []string{"CONVERSATION PAUSED", "Angry customer", "NEGATIVE_TONE", "Context transferred · 2 msgs", "Trigger evaluation", `id="btn-claim"`}},
		{sara, path("/console/conversations/{id}/panels", id), http.StatusOK, []string{`id="conv-head"`, `id="conv-side-inner"`}},
		{sara, "/console/conversations/999", http.StatusNotFound, nil},
		{sara, "/console/rules", http.StatusOK, []string{"angry_sentiment", "sentiment &lt;= −0.60 and message_count &gt;= 2", "just now"}},
		{sara, "/console/rules/new", http.StatusOK, []string{`id="rule-builder"`, `id="expr"`}},
		{sara, "/console/rules/angry_sentiment/edit", http.StatusOK, []string{`value="Angry customer"`, `value="-0.6"`}},
		{sara, "/console/rules/export", http.StatusOK, []string{"id: angry_sentiment"}},
		{sara, "/console/channels", http.StatusOK, []string{"SAFETY_NET · CHANNELS · ARMED", "stays paused until a person resumes"}},
		{sara, "/console/overview?range=30d", http.StatusOK, []string{"Handoffs per rule", "Angry customer", "<svg"}},
		{sara, "/console/agents", http.StatusOK, []string{"<code>tom</code>", "Billing"}},
		{tom, "/console/agents", http.StatusForbidden, []string{"only an admin"}},
		{tom, "/console/rules/new", http.StatusForbidden, nil},
		{tom, "/console/channels", http.StatusOK, []string{"SAFETY_NET"}},
	}
	for _, tt := range tests {
		status, body := tt.who.get(tt.path)
		if status != tt.status {
			t.Errorf("GET %s: %d, want %d", tt.path, status, tt.status)
			continue
		}
		for _, w := range tt.want {
			if !strings.Contains(body, w) {
				t.Errorf("GET %s lacks %q", tt.path, w)
			}
		}
	}
	resp, err := sara.http.Get(b.srv.URL + "/console")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if csp := resp.Header.Get("Content-Security-Policy"); !strings.Contains(csp, "script-src 'self'") || strings.Contains(csp, "unsafe-inline") {
		t.Errorf("Content-Security-Policy = %q", csp)
	}
}

// TestCSRF sends every state-changing console request without a token, with a wrong one and
// with another session's: each is refused with 403 and changes nothing.
func TestCSRF(t *testing.T) {
	t.Parallel()
	b := setup(t)
	id := b.paused(t, "csrf")
	sara := b.client(t).login("sara")
	tom := b.client(t).login("tom")
	requests := []struct {
		path string
		form url.Values
	}{
		{path("/console/conversations/{id}/claim", id), nil},
		{path("/console/conversations/{id}/resume", id), nil},
		{path("/console/conversations/{id}/close", id), nil},
		{path("/console/conversations/{id}/messages", id), url.Values{"text": {"hi"}}},
		{"/console/rules/angry_sentiment/toggle", nil},
		{"/console/rules/angry_sentiment/delete", nil},
		{"/console/channels/web", url.Values{"op": {"kill"}}},
		{"/console/agents", url.Values{"name": {"eve"}, "display_name": {"Eve"}, "password": {"eve-password"}}},
		{"/console/rules/import", url.Values{"yaml": {"[]"}, "mode": {"replace"}}},
		{"/console/logout", nil},
	}
	for _, rq := range requests {
		for _, token := range []struct{ name, value string }{{"none", ""}, {"wrong", "forged"}, {"other session", tom.csrf}} {
			v := url.Values{}
			for k, vs := range rq.form {
				v[k] = vs
			}
			v.Set("csrf", token.value)
			resp, body := sara.form(rq.path, v)
			if resp.StatusCode != http.StatusForbidden || !strings.Contains(body, "CSRF check failed") {
				t.Errorf("POST %s with %s token: %d, want 403", rq.path, token.name, resp.StatusCode)
			}
		}
		if status, _ := sara.json("POST", rq.path, `{}`, "forged"); status != http.StatusForbidden {
			t.Errorf("fetch %s with a forged header: %d, want 403", rq.path, status)
		}
	}
	if c := b.conv(t, id); c.State != handoff.StatePaused {
		t.Fatalf("a refused request changed the conversation to %s", c.State)
	}
	rs, err := b.rules(t)
	if err != nil || len(rs) != 5 || !rs["angry_sentiment"].Enabled {
		t.Fatalf("a refused request changed the rules: %v %v", rs, err)
	}
	if status, _ := sara.json("POST", path("/console/conversations/{id}/claim", id), ``, sara.csrf); status != http.StatusOK {
		t.Fatalf("claim with the right token: %d", status)
	}
}

func (b *bundle) rules(tb testing.TB) (map[string]*handoff.Rule, error) {
	out := map[string]*handoff.Rule{}
	err := b.store.View(context.Background(), func(tx handoff.Tx) error {
		rs, err := tx.ListRules(context.Background())
		for _, r := range rs {
			out[r.ID] = r
		}
		return err
	})
	return out, err
}

// TestTakeover claims, replies, hands back: a second agent can neither claim nor reply.
func TestTakeover(t *testing.T) {
	t.Parallel()
	b := setup(t)
	id := b.paused(t, "takeover")
	sara := b.client(t).login("sara")
	tom := b.client(t).login("tom")
	reply := func(c *client, text, clientID string) (int, map[string]any) {
		body, _ := json.Marshal(map[string]string{"text": text, "client_id": clientID})
		return c.json("POST", path("/console/conversations/{id}/messages", id), string(body), c.csrf)
	}
	steps := []struct {
		name   string
		do     func() (int, map[string]any)
		status int
		want   string // in the error message
	}{
		{"reply before anyone claims", func() (int, map[string]any) { return reply(sara, "hello", "s0") }, http.StatusConflict, "Claim the conversation"},
		{"Tom claims", func() (int, map[string]any) {
			return tom.json("POST", path("/console/conversations/{id}/claim", id), "", tom.csrf)
		}, http.StatusOK, ""},
		{"Sara cannot claim", func() (int, map[string]any) {
			return sara.json("POST", path("/console/conversations/{id}/claim", id), "", sara.csrf)
		}, http.StatusConflict, "Tom · Billing already holds"},
		{"Sara cannot hand back", func() (int, map[string]any) {
			return sara.json("POST", path("/console/conversations/{id}/handback", id), "", sara.csrf)
		}, http.StatusConflict, "Tom · Billing"},
		{"Sara cannot reply", func() (int, map[string]any) { return reply(sara, "hello", "s1") }, http.StatusConflict, "Tom · Billing holds this conversation"},
		{"Tom replies", func() (int, map[string]any) { return reply(tom, "Hi, Tom here <b>now</b>", "t1") }, http.StatusCreated, ""},
		{"Tom's retry is stored once", func() (int, map[string]any) { return reply(tom, "Hi, Tom here <b>now</b>", "t1") }, http.StatusOK, ""},
		{"bad client id", func() (int, map[string]any) { return reply(tom, "x", "no spaces") }, http.StatusBadRequest, "client_id"},
		{"empty reply", func() (int, map[string]any) { return reply(tom, "  ", "t2") }, http.StatusBadRequest, "reply"},
		{"Tom hands back", func() (int, map[string]any) {
			return tom.json("POST", path("/console/conversations/{id}/handback", id), "", tom.csrf)
		}, http.StatusOK, ""},
		{"unknown action", func() (int, map[string]any) {
			return tom.json("POST", path("/console/conversations/{id}/explode", id), "", tom.csrf)
		}, http.StatusNotFound, ""},
	}
	for _, s := range steps {
		status, out := s.do()
		if status != s.status {
			t.Fatalf("%s: %d, want %d: %v", s.name, status, s.status, out)
		}
		if s.want != "" {
			msg, _ := out["error"].(map[string]any)["message"].(string)
			if !strings.Contains(msg, s.want) {
				t.Fatalf("%s: message %q lacks %q", s.name, msg, s.want)
			}
		}
	}
	var msgs []*handoff.Message
	_ = b.store.View(context.Background(), func(tx handoff.Tx) error {
		var err error
		msgs, err = tx.ListMessages(context.Background(), id)
		return err
	})
	agent := 0
	for _, m := range msgs {
		if m.Role == handoff.RoleAgent {
			agent++
			if m.Author != "Tom" || m.Source != handoff.SourceConsole {
				t.Errorf("agent message by %q from %q, want Tom from console", m.Author, m.Source)
			}
		}
	}
	if agent != 1 {
		t.Fatalf("%d agent messages stored, want 1", agent)
	}
	if c := b.conv(t, id); c.State != handoff.StateAIActive {
		t.Fatalf("after hand back: %s", c.State)
	}
	_, page := sara.get(path("/console/conversations/{id}", id))
	if strings.Contains(page, "<b>now</b>") || !strings.Contains(page, "&lt;b&gt;now&lt;/b&gt;") {
		t.Fatal("the agent's HTML is not escaped in the transcript")
	}
}

// TestFormConflictShowsHolder: a claim by form on a conversation someone holds shows who.
func TestFormConflictShowsHolder(t *testing.T) {
	t.Parallel()
	b := setup(t)
	id := b.paused(t, "form")
	tom := b.client(t).login("tom")
	sara := b.client(t).login("sara")
	sara.get(path("/console/conversations/{id}", id))
	if resp, _ := tom.form(path("/console/conversations/{id}/claim", id), nil); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("Tom's claim: %d", resp.StatusCode)
	}
	resp, body := sara.form(path("/console/conversations/{id}/claim", id), nil)
	if resp.StatusCode != http.StatusConflict || !strings.Contains(body, "Tom · Billing already holds this conversation.") || !strings.Contains(body, `id="held-by"`) {
		t.Fatalf("Sara's claim: %d", resp.StatusCode)
	}
}

// TestSessionCallsAPI: a console session may use the JSON API; changes need the CSRF header.
func TestSessionCallsAPI(t *testing.T) {
	t.Parallel()
	b := setup(t)
	sara := b.client(t).login("sara")
	anon := b.client(t)
	tests := []struct {
		name   string
		c      *client
		method string
		path   string
		body   string
		csrf   string
		status int
	}{
		{"read with a session", sara, "GET", "/api/v1/conversations", "", "", http.StatusOK},
		{"read without one", anon, "GET", "/api/v1/conversations", "", "", http.StatusUnauthorized},
		{"validate with the header", sara, "POST", "/api/v1/rules/validate", `{"id":"x","expr":"signals.sentiment < -0.5","then":["notify"]}`, sara.csrf, http.StatusOK},
		{"validate a bad expression", sara, "POST", "/api/v1/rules/validate", `{"id":"x","expr":"signals.sentiment < ","then":["notify"]}`, sara.csrf, http.StatusBadRequest},
		{"change without the header", sara, "POST", "/api/v1/rules/validate", `{"id":"x","then":["notify"]}`, "", http.StatusForbidden},
		{"change with a forged header", sara, "PUT", "/api/v1/channels/web", `{"kill_switch":true}`, "forged", http.StatusForbidden},
	}
	for _, tt := range tests {
		status, out := tt.c.json(tt.method, tt.path, tt.body, tt.csrf)
		if status != tt.status {
			t.Errorf("%s: %d, want %d: %v", tt.name, status, tt.status, out)
		}
	}
	_, out := sara.json("POST", "/api/v1/rules/validate", `{"id":"x","expr":"signals.sentiment < ","then":["notify"]}`, sara.csrf)
	if msg := out["error"].(map[string]any)["message"].(string); !strings.Contains(msg, "line 1, column 21") {
		t.Errorf("validation error %q does not give the position", msg)
	}
}

func TestRuleBuilder(t *testing.T) {
	t.Parallel()
	b := setup(t)
	sara := b.client(t).login("sara")
	sara.get("/console/rules/new")
	base := url.Values{"is_new": {"1"}, "name": {"VIP refund"}, "enabled": {"on"}, "match": {"all"},
		"signal": {"complexity", ""}, "op": {">=", "<"}, "value": {"0.5", ""}, "keywords": {"refund, chargeback"},
		"channels": {"web", "shopify"}, "cooldown": {"10m"}, "priority": {"5"}, "pause_ai": {"on"}, "notify": {"on"},
		"tag": {"vip"}, "set_priority": {"urgent"}, "assign_team": {"Billing"}}
	with := func(k, v string) url.Values {
		out := url.Values{}
		for kk, vv := range base {
			out[kk] = vv
		}
		out.Set(k, v)
		return out
	}
	tests := []struct {
		name   string
		form   url.Values
		status int
		want   string
	}{
		{"bad CEL", with("expr", "signals.sentimnt < 0"), http.StatusBadRequest, "unknown signal"},
		{"bad cooldown", with("cooldown", "soon"), http.StatusBadRequest, "cooldown"},
		{"no actions", func() url.Values {
			v := with("tag", "")
			v.Del("pause_ai")
			v.Del("notify")
			v.Del("set_priority")
			v.Del("assign_team")
			return v
		}(), http.StatusBadRequest, "at least one action"},
		{"valid", base, http.StatusSeeOther, ""},
		{"same id again", base, http.StatusConflict, "already exists"},
	}
	for _, tt := range tests {
		resp, body := sara.form("/console/rules/save", tt.form)
		if resp.StatusCode != tt.status {
			t.Fatalf("%s: %d, want %d", tt.name, resp.StatusCode, tt.status)
		}
		if tt.want != "" && !strings.Contains(body, tt.want) {
			t.Fatalf("%s: page lacks %q", tt.name, tt.want)
		}
		if tt.status == http.StatusBadRequest && !strings.Contains(body, `value="VIP refund"`) {
			t.Fatalf("%s: the form lost what was typed", tt.name)
		}
	}
	rs, _ := b.rules(t)
	r := rs["vip_refund"]
	if r == nil || len(r.When.All) != 2 || r.When.All[1].Signal != "text" || r.Cooldown.String() != "10m" || len(r.Then) != 5 || len(r.Channels) != 2 {
		t.Fatalf("stored rule = %+v", r)
	}
	resp, body := sara.form("/console/rules/dry-run", with("builder", "1"))
	if resp.StatusCode != http.StatusOK || !strings.Contains(body, `id="dryrun-result"`) {
		t.Fatalf("dry run of the builder: %d", resp.StatusCode)
	}
	resp, _ = sara.form("/console/rules/import", url.Values{"yaml": {"- id: only\n  name: Only\n  when: {all: [{signal: request_human, op: \"==\", value: true}]}\n  then: [pause_ai]\n"}, "mode": {"replace"}})
	if rs, _ := b.rules(t); resp.StatusCode != http.StatusSeeOther || len(rs) != 1 || rs["only"] == nil {
		t.Fatalf("import replace: %d, rules %v", resp.StatusCode, rs)
	}
	resp, body = sara.form("/console/rules/import", url.Values{"yaml": {"- id: bad\n  then: [explode]\n"}})
	if rs, _ := b.rules(t); resp.StatusCode != http.StatusBadRequest || !strings.Contains(body, "Nothing was imported") || len(rs) != 1 {
		t.Fatalf("bad import: %d", resp.StatusCode)
	}
}

func TestChannelsAndAgents(t *testing.T) {
	t.Parallel()
	b := setup(t)
	sara := b.client(t).login("sara")
	sara.get("/console/channels")
	if resp, _ := sara.form("/console/channels/instagram", url.Values{"op": {"kill"}}); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("kill switch: %d", resp.StatusCode)
	}
	_, page := sara.get("/console/channels")
	if !strings.Contains(page, "SWITCHED OFF") {
		t.Fatal("the kill switch does not show")
	}
	resp, body := sara.form("/console/channels/web", url.Values{"auto_pause": {"on"}, "cooldown": {"whenever"}, "handoff_message": {"x"}})
	if resp.StatusCode != http.StatusBadRequest || !strings.Contains(body, "bad duration") {
		t.Fatalf("bad cooldown: %d", resp.StatusCode)
	}
	resp, body = sara.form("/console/channels/web", url.Values{"cooldown": {"5m"}, "handoff_message": {""}})
	if resp.StatusCode != http.StatusBadRequest || !strings.Contains(body, "handoff_message must not be empty") {
		t.Fatalf("empty handoff message: %d", resp.StatusCode)
	}

	sara.get("/console/agents")
	tests := []struct {
		form   url.Values
		status int
		want   string
	}{
		{url.Values{"name": {"Bad Name"}, "display_name": {"X"}, "password": {"long-enough"}}, http.StatusBadRequest, "name must be"},
		{url.Values{"name": {"eve"}, "display_name": {""}, "password": {"long-enough"}}, http.StatusBadRequest, "display name is required"},
		{url.Values{"name": {"eve"}, "display_name": {"Eve"}, "password": {"short"}}, http.StatusBadRequest, "at least 8"},
		{url.Values{"name": {"eve"}, "display_name": {"Eve"}, "role": {"root"}, "password": {"long-enough"}}, http.StatusBadRequest, "role must be"},
		{url.Values{"name": {"tom"}, "display_name": {"Tom"}, "password": {"long-enough"}}, http.StatusBadRequest, "already exists"},
		{url.Values{"name": {"eve"}, "display_name": {"Eve"}, "team": {"Returns"}, "role": {"agent"}, "password": {"long-enough"}}, http.StatusSeeOther, ""},
	}
	for _, tt := range tests {
		resp, body := sara.form("/console/agents", tt.form)
		if resp.StatusCode != tt.status || !strings.Contains(body, tt.want) {
			t.Errorf("create %v: %d, want %d with %q", tt.form.Get("name"), resp.StatusCode, tt.status, tt.want)
		}
	}
	eve := b.client(t)
	eve.get("/console/login")
	if resp, _ := eve.form("/console/login", url.Values{"name": {"eve"}, "password": {"long-enough"}}); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("the new agent cannot log in: %d", resp.StatusCode)
	}
}

// TestEscaping: customer text with markup is escaped on every page that shows it.
func TestEscaping(t *testing.T) {
	t.Parallel()
	b := setup(t)
	xss := `<img src=x onerror=alert(1)><script>alert(2)</script>`
	res, err := b.engine.Ingest(context.Background(), engine.IngestRequest{Channel: "web", Role: handoff.RoleCustomer, Text: xss,
		ConversationExternalID: "xss", Customer: &handoff.Customer{Name: `<svg onload=alert(3)>`}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := b.engine.Act(context.Background(), engine.ActionRequest{ConversationID: res.Conversation.ID, Action: "pause"}); err != nil {
		t.Fatal(err)
	}
	sara := b.client(t).login("sara")
	for _, p := range []string{"/console", "/console/inbox/list", path("/console/conversations/{id}", res.Conversation.ID), path("/console/conversations/{id}/panels", res.Conversation.ID)} {
		_, body := sara.get(p)
		for _, bad := range []string{"<img src=x", "<script>alert", "<svg onload"} {
			if strings.Contains(body, bad) {
				t.Errorf("%s contains %q unescaped", p, bad)
			}
		}
		if !strings.Contains(body, "&lt;") {
			t.Errorf("%s does not show the escaped text", p)
		}
	}
}

func TestLoadKey(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	k1, err := web.LoadKey("", dir)
	if err != nil || len(k1) != 32 {
		t.Fatalf("generated key: %d bytes, %v", len(k1), err)
	}
	info, err := os.Stat(filepath.Join(dir, web.KeyFile))
	if err != nil || info.Mode().Perm() != 0o600 {
		t.Fatalf("key file: %v %v", info, err)
	}
	k2, err := web.LoadKey("", dir)
	if err != nil || string(k1) != string(k2) {
		t.Fatal("the key changed between starts")
	}
	tests := []struct {
		secret, dir string
		ok          bool
	}{
		{"a-secret-of-sixteen+", "", true},
		{"short", dir, false},
		{"", "", false},
	}
	for _, tt := range tests {
		k, err := web.LoadKey(tt.secret, tt.dir)
		if (err == nil) != tt.ok || (tt.ok && string(k) != tt.secret) {
			t.Errorf("LoadKey(%q, %q) = %q, %v", tt.secret, tt.dir, k, err)
		}
	}
	if err := os.WriteFile(filepath.Join(t.TempDir(), "x"), nil, 0o600); err != nil {
		t.Fatal(err)
	}
	bad := t.TempDir()
	_ = os.WriteFile(filepath.Join(bad, web.KeyFile), []byte("not hex"), 0o600)
	if _, err := web.LoadKey("", bad); err == nil {
		t.Error("a corrupt key file was accepted")
	}
}

func TestSessionCookieTamper(t *testing.T) {
	t.Parallel()
	b := setup(t)
	sara := b.client(t).login("sara")
	u, _ := url.Parse(b.srv.URL)
	var session *http.Cookie
	for _, ck := range sara.http.Jar.Cookies(u) {
		if ck.Name == web.SessionCookie {
			session = ck
		}
	}
	if session == nil {
		t.Fatal("no session cookie")
	}
	payload, mac, _ := strings.Cut(session.Value, ".")
	flipped := "A"
	if mac[0] == 'A' {
		flipped = "B"
	}
	forged := b.client(t)
	for _, v := range []string{payload + "." + flipped + mac[1:], "e30." + mac, session.Value + "x", ""} {
		forged.http.Jar.SetCookies(u, []*http.Cookie{{Name: web.SessionCookie, Value: v, Path: "/"}})
		resp, err := forged.http.Get(b.srv.URL + "/console")
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusSeeOther {
			t.Errorf("cookie %q let a request in: %d", v, resp.StatusCode)
		}
	}
}

// dialConsole opens the console WebSocket with the client's cookies.
func (c *client) dial(ctx context.Context, query, origin string) (*websocket.Conn, *http.Response, error) {
	u, _ := url.Parse(c.b.srv.URL)
	h := http.Header{}
	for _, ck := range c.http.Jar.Cookies(u) {
		h.Add("Cookie", ck.Name+"="+ck.Value)
	}
	h.Set("Origin", origin)
	return websocket.Dial(ctx, "ws"+strings.TrimPrefix(c.b.srv.URL, "http")+"/console/ws?"+query, &websocket.DialOptions{HTTPHeader: h})
}

// frame is a console WebSocket message.
type frame struct {
	ID             int64              `json:"id"`
	ConversationID int64              `json:"conversation_id"`
	Type           string             `json:"type"`
	Data           json.RawMessage    `json:"data"`
	Views          []*web.MessageView `json:"views"`
}

// turnState reports whether a turn frame carries the conversation as the turn left it.
func (f frame) turnState() bool {
	var d handoff.TurnData
	return f.Type == "turn" && json.Unmarshal(f.Data, &d) == nil && d.Conversation != nil
}

func readFrame(t *testing.T, ctx context.Context, c *websocket.Conn) frame {
	t.Helper()
	rctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	_, b, err := c.Read(rctx)
	if err != nil {
		t.Fatalf("read: %v", err)
	}
	var f frame
	if err := json.Unmarshal(b, &f); err != nil {
		t.Fatal(err)
	}
	return f
}

// readUntilReady returns the backlog frames before {"type":"ready"}.
func readUntilReady(t *testing.T, ctx context.Context, c *websocket.Conn) []frame {
	t.Helper()
	var out []frame
	for {
		f := readFrame(t, ctx, c)
		if f.Type == "ready" {
			return out
		}
		out = append(out, f)
	}
}

func TestConsoleLive(t *testing.T) {
	t.Parallel()
	b := setup(t)
	ctx := context.Background()
	id := b.paused(t, "live")
	sara := b.client(t).login("sara")

	if _, resp, err := b.client(t).dial(ctx, "after=0", b.srv.URL); err == nil || resp == nil || resp.StatusCode != http.StatusUnauthorized {
		t.Fatalf("anonymous socket: %v %v", resp, err)
	}
	if _, resp, err := sara.dial(ctx, "after=0", "http://evil.example"); err == nil || resp == nil || resp.StatusCode != http.StatusForbidden {
		t.Fatalf("cross-origin socket: %v %v", resp, err)
	}
	if _, resp, err := sara.dial(ctx, "after=x", b.srv.URL); err == nil || resp == nil || resp.StatusCode != http.StatusBadRequest {
		t.Fatalf("bad cursor: %v %v", resp, err)
	}

	conn, _, err := sara.dial(ctx, "after=0", b.srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.CloseNow()
	backlog := readUntilReady(t, ctx, conn)
	types := map[string]int{}
	var last int64
	for _, f := range backlog {
		if f.ID <= last {
			t.Fatalf("backlog out of order or repeated: %d after %d", f.ID, last)
		}
		last = f.ID
		types[f.Type]++
		if f.turnState() {
			types["with state"]++
		}
		for _, v := range f.Views {
			types["message"]++
			if v.Role == "customer" && len(v.Chips) == 0 {
				t.Error("a customer message came without its signal chips")
			}
		}
	}
	if want := map[string]int{"turn": 2, "with state": 2, "message": 3}; !reflect.DeepEqual(types, want) {
		t.Fatalf("backlog = %v, want %v: 2 turns with their state, 3 messages (2 customer, 1 handoff notice)", types, want)
	}

	// Live: a claim arrives as a notice and a state change, after the backlog and once.
	if status, out := sara.json("POST", path("/console/conversations/{id}/claim", id), "", sara.csrf); status != http.StatusOK {
		t.Fatalf("claim: %d %v", status, out)
	}
	f := readFrame(t, ctx, conn)
	if f.ID <= last {
		t.Fatalf("event %d repeated after %d", f.ID, last)
	}
	last = f.ID
	if !f.turnState() || len(f.Views) != 1 || f.Views[0].Text != "Sara from Support joined the conversation." {
		t.Fatalf("live after claim: %+v", f)
	}

	// Typing from the holder reaches the conversation's subscribers; it is never stored.
	typing, stop := b.relay.Subscribe(id)
	defer stop()
	if err := conn.Write(ctx, websocket.MessageText, []byte(`{"type":"typing","conversation_id":`+jsonNumber(id)+`}`)); err != nil {
		t.Fatal(err)
	}
	select {
	case e := <-typing:
		var d ws.TypingData
		_ = json.Unmarshal(e.Data, &d)
		if e.ID != 0 || d.Role != "agent" || d.Name != "Sara" || !d.Active {
			t.Fatalf("typing event = %+v %+v", e, d)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("typing was not relayed")
	}

	// A reconnect after the last id sees nothing twice, then the next event.
	conn.Close(websocket.StatusNormalClosure, "")
	conn2, _, err := sara.dial(ctx, "after="+jsonNumber(last)+"&conversation="+jsonNumber(id), b.srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	defer conn2.CloseNow()
	if again := readUntilReady(t, ctx, conn2); len(again) != 0 {
		t.Fatalf("reconnect replayed %d events", len(again))
	}
	b.ingest(t, "live", "Thanks, that helps.")
	f = readFrame(t, ctx, conn2)
	if f.ID != last+1 || f.Type != "turn" || len(f.Views) != 1 || f.Views[0].Text != "Thanks, that helps." {
		t.Fatalf("first event after reconnect = %+v, want the turn %d", f, last+1)
	}
}
