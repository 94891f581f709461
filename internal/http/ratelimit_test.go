package http_test

import (
	"net/http"
	"net/http/httptest"
	"strconv"
	"testing"

	handoffhttp "github.com/handoffhq/handoff/internal/http"
)

func TestRateLimits(t *testing.T) {
	t.Parallel()
	s := setup(t)
	s.SetRateLimits(handoffhttp.RateLimit{Rate: 1, Burst: 3}, handoffhttp.RateLimit{Rate: 1, Burst: 5})
	do := func(ip, tok string) *httptest.ResponseRecorder {
		req := httptest.NewRequest("GET", "/api/v1/conversations", nil)
		req.RemoteAddr = ip + ":1234"
		if tok != "" {
			req.Header.Set("Authorization", "Bearer "+tok)
		}
		rec := httptest.NewRecorder()
		s.ServeHTTP(rec, req)
		return rec
	}
	tests := []struct {
		name      string
		ip, token string
		n         int // requests allowed before the 429
	}{
		{"anonymous per IP", "10.0.0.1", "", 3},
		{"another IP has its own bucket", "10.0.0.2", "", 3},
		{"token per client", "10.0.0.3", token, 5},
	}
	s.SetSessionRateLimit(handoffhttp.RateLimit{Rate: 1, Burst: 2})
	for i := 0; i < 3; i++ {
		req := httptest.NewRequest("GET", "/widget/api/messages", nil)
		req.Header.Set("Authorization", "Bearer some-widget-session")
		rec := httptest.NewRecorder()
		s.ServeHTTP(rec, req)
		if limited := rec.Code == http.StatusTooManyRequests; limited != (i == 2) {
			t.Fatalf("widget session request %d: status %d", i+1, rec.Code)
		}
	}
	for _, tt := range tests {
		for i := 0; i < tt.n; i++ {
			if rec := do(tt.ip, tt.token); rec.Code == http.StatusTooManyRequests {
				t.Fatalf("%s: request %d limited too early", tt.name, i+1)
			}
		}
		rec := do(tt.ip, tt.token)
		if rec.Code != http.StatusTooManyRequests {
			t.Fatalf("%s: status %d, want 429", tt.name, rec.Code)
		}
		if s, err := strconv.Atoi(rec.Header().Get("Retry-After")); err != nil || s < 1 {
			t.Fatalf("%s: Retry-After = %q", tt.name, rec.Header().Get("Retry-After"))
		}
	}
	// health probes are never limited
	for i := 0; i < 10; i++ {
		req := httptest.NewRequest("GET", "/healthz", nil)
		req.RemoteAddr = "10.0.0.1:1"
		rec := httptest.NewRecorder()
		s.ServeHTTP(rec, req)
		if rec.Code != 200 {
			t.Fatalf("healthz limited: %d", rec.Code)
		}
	}
}
