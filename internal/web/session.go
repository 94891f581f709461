package web

import (
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"net/http"
	"strings"
	"time"

	"github.com/handoffhq/handoff"
	handoffhttp "github.com/handoffhq/handoff/internal/http"
)

// Cookie names and lifetimes.
const (
	SessionCookie = "handoff_session" // the signed console session
	LoginCookie   = "handoff_login"   // a random nonce that the login form's CSRF token is bound to
	SessionTTL    = 12 * time.Hour
	// CSRFHeader carries the CSRF token on fetch requests; forms send it as the field "csrf".
	CSRFHeader = "X-CSRF-Token"
	csrfField  = "csrf"
)

// signer signs and checks small payloads with HMAC-SHA256: base64(payload) "." base64(mac).
type signer struct{ key []byte }

func (s signer) mac(b []byte) []byte {
	m := hmac.New(sha256.New, s.key)
	m.Write(b)
	return m.Sum(nil)
}

func (s signer) sign(payload []byte) string {
	enc := base64.RawURLEncoding
	return enc.EncodeToString(payload) + "." + enc.EncodeToString(s.mac(payload))
}

func (s signer) verify(token string) ([]byte, bool) {
	p, m, ok := strings.Cut(token, ".")
	if !ok {
		return nil, false
	}
	enc := base64.RawURLEncoding
	payload, err1 := enc.DecodeString(p)
	mac, err2 := enc.DecodeString(m)
	if err1 != nil || err2 != nil || !hmac.Equal(mac, s.mac(payload)) {
		return nil, false
	}
	return payload, true
}

// token is an unforgeable value derived from a nonce, used as a CSRF token.
func (s signer) token(purpose, nonce string) string {
	return base64.RawURLEncoding.EncodeToString(s.mac([]byte(purpose + ":" + nonce)))
}

// sessionData is what the session cookie carries.
type sessionData struct {
	Agent   string `json:"a"`
	Nonce   string `json:"n"`
	Expires int64  `json:"e"`
}

// viewer is the agent behind a request, with the CSRF token of their session.
type viewer struct {
	Agent *handoff.Agent
	CSRF  string
}

// IsAdmin reports whether the viewer may change rules, channels and agents.
func (v *viewer) IsAdmin() bool { return v != nil && v.Agent.Role == handoff.AgentRoleAdmin }

type viewerKey struct{}

func viewerFrom(ctx context.Context) *viewer {
	v, _ := ctx.Value(viewerKey{}).(*viewer)
	return v
}

func nonce() string {
	b := make([]byte, 18)
	_, _ = rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}

// secure reports whether cookies should be marked Secure for r.
func (c *Console) secure(r *http.Request) bool { return r.TLS != nil || c.cfg.SecureCookies }

// startSession sets the session cookie for agent.
func (c *Console) startSession(w http.ResponseWriter, r *http.Request, agent *handoff.Agent) {
	exp := c.now().Add(SessionTTL)
	payload, _ := json.Marshal(sessionData{Agent: agent.Name, Nonce: nonce(), Expires: exp.Unix()})
	http.SetCookie(w, &http.Cookie{Name: SessionCookie, Value: c.sessions.sign(payload), Path: "/", Expires: exp,
		HttpOnly: true, SameSite: http.SameSiteLaxMode, Secure: c.secure(r)})
}

// endSession clears the session cookie.
func (c *Console) endSession(w http.ResponseWriter, r *http.Request) {
	http.SetCookie(w, &http.Cookie{Name: SessionCookie, Value: "", Path: "/", MaxAge: -1,
		HttpOnly: true, SameSite: http.SameSiteLaxMode, Secure: c.secure(r)})
}

// viewer resolves the session cookie of r to an agent, or nil.
func (c *Console) viewer(r *http.Request) *viewer {
	if v := viewerFrom(r.Context()); v != nil {
		return v
	}
	ck, err := r.Cookie(SessionCookie)
	if err != nil {
		return nil
	}
	payload, ok := c.sessions.verify(ck.Value)
	if !ok {
		return nil
	}
	var s sessionData
	if json.Unmarshal(payload, &s) != nil || s.Agent == "" || s.Nonce == "" || c.now().Unix() >= s.Expires {
		return nil
	}
	var agent *handoff.Agent
	err = c.store.View(r.Context(), func(tx handoff.Tx) error {
		var err error
		agent, err = tx.AgentByName(r.Context(), s.Agent)
		return err
	})
	if err != nil {
		return nil
	}
	return &viewer{Agent: agent, CSRF: c.csrf.token("session", s.Nonce)}
}

// loginCSRF returns the CSRF token of the login form, setting the nonce cookie it is bound to.
func (c *Console) loginCSRF(w http.ResponseWriter, r *http.Request) string {
	n := ""
	if ck, err := r.Cookie(LoginCookie); err == nil && len(ck.Value) >= 16 {
		n = ck.Value
	} else {
		n = nonce()
		http.SetCookie(w, &http.Cookie{Name: LoginCookie, Value: n, Path: "/console/", HttpOnly: true,
			SameSite: http.SameSiteLaxMode, Secure: c.secure(r)})
	}
	return c.csrf.token("login", n)
}

// validLoginCSRF checks the login form's token against the nonce cookie.
func (c *Console) validLoginCSRF(r *http.Request) bool {
	ck, err := r.Cookie(LoginCookie)
	if err != nil || len(ck.Value) < 16 {
		return false
	}
	return hmac.Equal([]byte(r.PostFormValue(csrfField)), []byte(c.csrf.token("login", ck.Value)))
}

// validCSRF checks the token of a state-changing request: the X-CSRF-Token header or the csrf form field.
func validCSRF(r *http.Request, v *viewer) bool {
	got := r.Header.Get(CSRFHeader)
	if got == "" && isForm(r) {
		got = r.PostFormValue(csrfField)
	}
	return got != "" && hmac.Equal([]byte(got), []byte(v.CSRF))
}

func isForm(r *http.Request) bool {
	ct := r.Header.Get("Content-Type")
	return strings.HasPrefix(ct, "application/x-www-form-urlencoded") || strings.HasPrefix(ct, "multipart/form-data")
}

// safeMethod reports whether a request cannot change anything.
func safeMethod(m string) bool {
	return m == http.MethodGet || m == http.MethodHead || m == http.MethodOptions
}

// SessionAuth lets a console session call the JSON API (/api/v1): it returns the logged-in agent
// as a principal, nil when there is no valid session, and EFORBIDDEN when a state-changing
// request lacks the session's X-CSRF-Token header.
func (c *Console) SessionAuth(r *http.Request) (*handoffhttp.Principal, error) {
	v := c.viewer(r)
	if v == nil {
		return nil, nil
	}
	if !safeMethod(r.Method) && !hmac.Equal([]byte(r.Header.Get(CSRFHeader)), []byte(v.CSRF)) {
		return nil, handoff.Errorf(handoff.EFORBIDDEN, "missing or wrong %s header", CSRFHeader)
	}
	a := v.Agent
	return &handoffhttp.Principal{Kind: "agent", Role: a.Role, Name: a.Name, DisplayName: a.DisplayName, Team: a.Team}, nil
}
