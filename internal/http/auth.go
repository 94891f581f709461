package http

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/handoffhq/handoff"
)

// Principal is who a request acts as.
type Principal struct {
	Kind        string // token or agent
	Role        string // admin or agent
	Name        string
	DisplayName string
	Team        string
}

// IsAdmin reports whether the principal may change rules and channels.
func (p *Principal) IsAdmin() bool { return p != nil && p.Role == handoff.AgentRoleAdmin }

type principalKey struct{}

// PrincipalFrom returns the authenticated principal of a request's context, or nil.
func PrincipalFrom(ctx context.Context) *Principal {
	p, _ := ctx.Value(principalKey{}).(*Principal)
	return p
}

// WithPrincipal returns ctx carrying p.
func WithPrincipal(ctx context.Context, p *Principal) context.Context {
	return context.WithValue(ctx, principalKey{}, p)
}

// HashToken is how API tokens are stored: hex SHA-256 (tokens are long random strings, so no salt is needed).
func HashToken(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}

// NewToken returns a fresh random API token.
func NewToken() string {
	b := make([]byte, 32)
	_, _ = rand.Read(b)
	return "hnd_" + base64.RawURLEncoding.EncodeToString(b)
}

// SessionAuth, when set, authenticates a request by other means than a bearer token (console
// sessions): a principal, nil for no session, or an error such as EFORBIDDEN for a failed CSRF check.
type SessionAuth func(r *http.Request) (*Principal, error)

// authenticate resolves the bearer token or session of r.
func (s *Server) authenticate(r *http.Request) (*Principal, error) {
	if h := r.Header.Get("Authorization"); h != "" {
		scheme, token, ok := strings.Cut(h, " ")
		if !ok || !strings.EqualFold(scheme, "Bearer") || strings.TrimSpace(token) == "" {
			return nil, handoff.Errorf(handoff.EUNAUTHORIZED, "Authorization must be \"Bearer <token>\"")
		}
		hash := HashToken(strings.TrimSpace(token))
		if p := s.tokens.get(hash); p != nil {
			return p, nil
		}
		var tok *handoff.Token
		err := s.store.View(r.Context(), func(tx handoff.Tx) error {
			var err error
			tok, err = tx.TokenByHash(r.Context(), hash)
			return err
		})
		if handoff.ErrorCode(err) == handoff.ENOTFOUND {
			return nil, handoff.Errorf(handoff.EUNAUTHORIZED, "unknown API token")
		} else if err != nil {
			return nil, err
		}
		p := &Principal{Kind: "token", Role: tok.Role, Name: tok.Name}
		s.tokens.put(hash, p)
		return p, nil
	}
	if s.SessionAuth != nil {
		if p, err := s.SessionAuth(r); err != nil || p != nil {
			return p, err
		}
	}
	return nil, handoff.Errorf(handoff.EUNAUTHORIZED, "missing credentials: send Authorization: Bearer <token>")
}

// authed wraps h so it runs only for an authenticated principal; admin requires the admin role.
func (s *Server) authed(admin bool, h http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		p, err := s.authenticate(r)
		if err != nil {
			s.Error(w, r, err)
			return
		}
		if admin && !p.IsAdmin() {
			s.Error(w, r, handoff.Errorf(handoff.EFORBIDDEN, "this needs an admin"))
			return
		}
		h(w, r.WithContext(WithPrincipal(r.Context(), p)))
	}
}

// TokenCacheTTL is how long a verified API token is trusted without asking the store again.
const TokenCacheTTL = 5 * time.Second

// tokenCache remembers verified token hashes briefly so each request needs no extra read.
type tokenCache struct {
	mu sync.Mutex
	m  map[string]cachedPrincipal
}

type cachedPrincipal struct {
	p       *Principal
	expires time.Time
}

func (c *tokenCache) get(hash string) *Principal {
	c.mu.Lock()
	defer c.mu.Unlock()
	if e, ok := c.m[hash]; ok && time.Now().Before(e.expires) {
		return e.p
	}
	return nil
}

func (c *tokenCache) put(hash string, p *Principal) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.m == nil || len(c.m) > 10000 {
		c.m = map[string]cachedPrincipal{}
	}
	c.m[hash] = cachedPrincipal{p: p, expires: time.Now().Add(TokenCacheTTL)}
}
