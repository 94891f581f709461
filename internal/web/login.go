package web

import (
	"context"
	"encoding/json"
	"net"
	"net/http"
	"net/url"
	"strings"

	"github.com/handoffhq/handoff"
)

func contextWithViewer(r *http.Request, v *viewer) context.Context {
	return context.WithValue(r.Context(), viewerKey{}, v)
}

func urlQueryEscape(s string) string { return url.QueryEscape(s) }

// writeJSON writes v with status.
func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

// loginData is the login page's data.
type loginData struct {
	Name      string
	Next      string
	NoAgents  bool
	LoginCSRF string
}

// safeNext keeps a post-login redirect inside the console.
func safeNext(next string) string {
	if !strings.HasPrefix(next, "/console") || strings.HasPrefix(next, "//") || strings.ContainsAny(next, "\\\r\n") {
		return "/console"
	}
	if strings.HasPrefix(next, "/console/login") {
		return "/console"
	}
	return next
}

func (c *Console) hasAgents(r *http.Request) bool {
	n := 0
	_ = c.store.View(r.Context(), func(tx handoff.Tx) error {
		as, err := tx.ListAgents(r.Context())
		n = len(as)
		return err
	})
	return n > 0
}

func (c *Console) handleLoginPage(w http.ResponseWriter, r *http.Request) {
	if c.viewer(r) != nil {
		http.Redirect(w, r, safeNext(r.URL.Query().Get("next")), http.StatusSeeOther)
		return
	}
	d := loginData{Next: safeNext(r.URL.Query().Get("next")), NoAgents: !c.hasAgents(r), LoginCSRF: c.loginCSRF(w, r)}
	c.render(w, r, http.StatusOK, "login", page{Title: "Log in", Data: d})
}

// clientIP is the remote address without the port.
func clientIP(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

func (c *Console) handleLogin(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, 64<<10)
	name := strings.TrimSpace(strings.ToLower(r.PostFormValue("name")))
	password := r.PostFormValue("password")
	d := loginData{Name: name, Next: safeNext(r.PostFormValue("next")), LoginCSRF: c.loginCSRF(w, r)}
	if !c.validLoginCSRF(r) {
		c.render(w, r, http.StatusForbidden, "login", page{Title: "Log in", Data: d,
			Error: "The login form expired (CSRF check failed). Please try again."})
		return
	}
	now := c.now()
	keys := []string{"name:" + name, "ip:" + clientIP(r)}
	if c.limiter.blocked(now, keys...) {
		c.render(w, r, http.StatusTooManyRequests, "login", page{Title: "Log in", Data: d,
			Error: "Too many failed attempts. Wait ten minutes and try again."})
		return
	}
	var agent *handoff.Agent
	err := c.store.View(r.Context(), func(tx handoff.Tx) error {
		var err error
		agent, err = tx.AgentByName(r.Context(), name)
		return err
	})
	if err != nil && handoff.ErrorCode(err) != handoff.ENOTFOUND {
		c.fail(w, r, err)
		return
	}
	ok := false
	if agent != nil {
		ok = CheckPassword(agent.PasswordHash, password)
	} else {
		CheckPassword(string(dummyHash()), password)
	}
	if !ok {
		c.limiter.fail(now, keys...)
		d.NoAgents = !c.hasAgents(r)
		c.render(w, r, http.StatusUnauthorized, "login", page{Title: "Log in", Data: d, Error: "Wrong name or password."})
		return
	}
	c.limiter.reset("name:" + name)
	c.startSession(w, r, agent)
	http.Redirect(w, r, d.Next, http.StatusSeeOther)
}

func (c *Console) handleLogout(w http.ResponseWriter, r *http.Request) {
	c.endSession(w, r)
	http.Redirect(w, r, "/console/login?flash=loggedout", http.StatusSeeOther)
}

// agentsData is the agents page's data.
type agentsData struct {
	Agents []*handoff.Agent
	Form   NewAgent
}

func (c *Console) listAgents(r *http.Request) ([]*handoff.Agent, error) {
	var as []*handoff.Agent
	err := c.store.View(r.Context(), func(tx handoff.Tx) error {
		var err error
		as, err = tx.ListAgents(r.Context())
		return err
	})
	return as, err
}

func (c *Console) handleAgents(w http.ResponseWriter, r *http.Request) {
	as, err := c.listAgents(r)
	if err != nil {
		c.fail(w, r, err)
		return
	}
	c.render(w, r, http.StatusOK, "agents", page{Title: "Agents", Nav: "agents", Data: agentsData{Agents: as, Form: NewAgent{Role: handoff.AgentRoleAgent}}})
}

func (c *Console) handleAgentCreate(w http.ResponseWriter, r *http.Request) {
	in := NewAgent{Name: strings.ToLower(r.PostFormValue("name")), DisplayName: r.PostFormValue("display_name"),
		Team: r.PostFormValue("team"), Role: r.PostFormValue("role"), Password: r.PostFormValue("password")}
	_, err := CreateAgent(r.Context(), c.store, in, c.now())
	if err != nil {
		code := handoff.ErrorCode(err)
		if code != handoff.EINVALID && code != handoff.ECONFLICT {
			c.fail(w, r, err)
			return
		}
		as, lerr := c.listAgents(r)
		if lerr != nil {
			c.fail(w, r, lerr)
			return
		}
		in.Password = ""
		c.render(w, r, http.StatusBadRequest, "agents", page{Title: "Agents", Nav: "agents", Error: handoff.ErrorMessage(err), Data: agentsData{Agents: as, Form: in}})
		return
	}
	http.Redirect(w, r, "/console/agents?flash=created", http.StatusSeeOther)
}
