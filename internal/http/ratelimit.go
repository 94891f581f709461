package http

import (
	"math"
	"net"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	"golang.org/x/time/rate"

	"github.com/handoffhq/handoff"
)

// RateLimit sets how many requests per second a client may make; zero Rate means unlimited.
type RateLimit struct {
	Rate  float64 // requests per second
	Burst int     // requests allowed at once
}

// limiter keeps one token bucket per client key and forgets idle ones.
type limiter struct {
	limit RateLimit
	now   func() time.Time

	mu      sync.Mutex
	buckets map[string]*bucket
	swept   time.Time
}

type bucket struct {
	lim  *rate.Limiter
	seen time.Time
}

func newLimiter(l RateLimit) *limiter {
	if l.Burst <= 0 {
		l.Burst = int(math.Max(1, math.Ceil(l.Rate*2)))
	}
	return &limiter{limit: l, now: time.Now, buckets: map[string]*bucket{}}
}

// allow reports whether key may make a request now, and if not, how long to wait.
func (l *limiter) allow(key string) (bool, time.Duration) {
	if l == nil || l.limit.Rate <= 0 {
		return true, 0
	}
	now := l.now()
	l.mu.Lock()
	defer l.mu.Unlock()
	if now.Sub(l.swept) > time.Minute {
		for k, b := range l.buckets {
			if now.Sub(b.seen) > 10*time.Minute {
				delete(l.buckets, k)
			}
		}
		l.swept = now
	}
	b := l.buckets[key]
	if b == nil {
		b = &bucket{lim: rate.NewLimiter(rate.Limit(l.limit.Rate), l.limit.Burst)}
		l.buckets[key] = b
	}
	b.seen = now
	r := b.lim.ReserveN(now, 1)
	if d := r.DelayFrom(now); d > 0 {
		r.CancelAt(now)
		return false, d
	}
	return true, 0
}

// clientKey identifies who is asking: the bearer token, else the session cookie, else the remote IP.
func clientKey(r *http.Request) (key string, authenticated bool) {
	if h := r.Header.Get("Authorization"); strings.HasPrefix(h, "Bearer ") {
		return "token:" + HashToken(strings.TrimPrefix(h, "Bearer ")), true
	}
	for _, c := range r.Cookies() {
		if strings.HasSuffix(c.Name, "_session") && c.Value != "" {
			return "session:" + HashToken(c.Value), true
		}
	}
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		host = r.RemoteAddr
	}
	return "ip:" + host, false
}

// rateLimited answers 429 with Retry-After when the client is over its limit.
func (s *Server) rateLimited(w http.ResponseWriter, r *http.Request) bool {
	key, authed := clientKey(r)
	lim := s.ipLimiter
	switch {
	case authed && (strings.HasPrefix(r.URL.Path, "/widget/") || strings.HasPrefix(r.URL.Path, "/console/")):
		lim = s.sessionLimiter // a customer's widget or an agent's console session
	case authed:
		lim = s.clientLimiter
	}
	ok, wait := lim.allow(key)
	if ok {
		return false
	}
	w.Header().Set("Retry-After", strconv.Itoa(int(math.Ceil(wait.Seconds()))))
	s.Error(w, r, handoff.Errorf(handoff.ERATELIMIT, "too many requests: retry in %s", wait.Round(time.Second)))
	return true
}

// SetRateLimits sets the limits for anonymous clients (per IP) and for API tokens (per token).
func (s *Server) SetRateLimits(perIP, perClient RateLimit) {
	s.ipLimiter, s.clientLimiter = newLimiter(perIP), newLimiter(perClient)
}

// SetSessionRateLimit sets the limit per widget or console session.
func (s *Server) SetSessionRateLimit(perSession RateLimit) {
	s.sessionLimiter = newLimiter(perSession)
}
