package web

import (
	"sync"
	"time"
)

// Login throttling: after loginFailures wrong passwords for one login name or from one address
// within loginWindow, further attempts are refused until the window has passed.
const (
	loginFailures = 10
	loginWindow   = 10 * time.Minute
	limiterMax    = 10000 // keys remembered at most; the oldest windows are dropped first
)

// limiter counts failed logins per key in fixed windows.
type limiter struct {
	mu   sync.Mutex
	hits map[string]*window
}

type window struct {
	start time.Time
	n     int
}

func newLimiter() *limiter { return &limiter{hits: map[string]*window{}} }

// blocked reports whether any of keys has used up its failures in the current window.
func (l *limiter) blocked(now time.Time, keys ...string) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	for _, k := range keys {
		if w := l.hits[k]; w != nil && now.Sub(w.start) < loginWindow && w.n >= loginFailures {
			return true
		}
	}
	return false
}

// fail records a failed attempt for every key.
func (l *limiter) fail(now time.Time, keys ...string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if len(l.hits) > limiterMax {
		for k, w := range l.hits {
			if now.Sub(w.start) >= loginWindow {
				delete(l.hits, k)
			}
		}
		if len(l.hits) > limiterMax {
			clear(l.hits)
		}
	}
	for _, k := range keys {
		w := l.hits[k]
		if w == nil || now.Sub(w.start) >= loginWindow {
			w = &window{start: now}
			l.hits[k] = w
		}
		w.n++
	}
}

// reset forgets the failures of a key after a successful login.
func (l *limiter) reset(key string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	delete(l.hits, key)
}
