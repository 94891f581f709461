package http

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/handoffhq/handoff"
	"github.com/handoffhq/handoff/internal/engine"
)

// Default rate limits: anonymous clients (webhooks, widget, login) per IP; authenticated API clients per token.
var (
	DefaultIPRateLimit     = RateLimit{Rate: 50, Burst: 100}
	DefaultClientRateLimit = RateLimit{Rate: 0}
	// DefaultSessionRateLimit applies per widget or console session.
	DefaultSessionRateLimit = RateLimit{Rate: 20, Burst: 60}
)

// Server is the HTTP front of the service. Call Open to listen and Close to stop.
type Server struct {
	Addr string // host:port; ":0" picks a free port
	// SessionAuth authenticates console sessions; nil means bearer tokens only.
	SessionAuth SessionAuth

	engine  *engine.Engine
	store   handoff.Store
	logger  *slog.Logger
	mux     *http.ServeMux
	ln      net.Listener
	srv     *http.Server
	metrics *metrics

	ipLimiter      *limiter
	clientLimiter  *limiter
	sessionLimiter *limiter
	tokens         tokenCache
}

// NewServer builds a Server for eng with every API route registered.
func NewServer(eng *engine.Engine, logger *slog.Logger) *Server {
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	reg := prometheus.NewRegistry()
	reg.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	s := &Server{engine: eng, store: eng.Store(), logger: logger, mux: http.NewServeMux(), metrics: newMetrics(reg)}
	s.SetRateLimits(DefaultIPRateLimit, DefaultClientRateLimit)
	s.SetSessionRateLimit(DefaultSessionRateLimit)
	s.registerHealthRoutes()
	s.registerMessageRoutes()
	s.registerConversationRoutes()
	s.registerRuleRoutes()
	s.registerChannelRoutes()
	s.registerGuardRoutes()
	s.registerReportRoutes()
	s.mux.Handle("GET /metrics", promhttp.HandlerFor(reg, promhttp.HandlerOpts{}))
	s.mux.HandleFunc("/api/", func(w http.ResponseWriter, r *http.Request) {
		s.Error(w, r, handoff.Errorf(handoff.ENOTFOUND, "no such endpoint: %s %s", r.Method, r.URL.Path))
	})
	return s
}

// Handle mounts an extra handler (console, widget, webhooks) on the server's mux.
func (s *Server) Handle(pattern string, h http.Handler) { s.mux.Handle(pattern, h) }

// ServeHTTP serves the routes; it lets tests use the server without a listener.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	start := time.Now()
	rw := &statusWriter{ResponseWriter: w, status: http.StatusOK}
	defer func() {
		if p := recover(); p != nil {
			s.logger.Error("panic", slog.Any("panic", p), slog.String("path", r.URL.Path))
			s.Error(rw, r, fmt.Errorf("panic: %v", p))
		}
		s.metrics.observe(r, rw.status, time.Since(start))
	}()
	if r.URL.Path != "/healthz" && r.URL.Path != "/readyz" && s.rateLimited(rw, r) {
		return
	}
	s.mux.ServeHTTP(rw, r)
}

// Open binds the listener and starts serving in the background.
func (s *Server) Open() error {
	ln, err := net.Listen("tcp", s.Addr)
	if err != nil {
		return fmt.Errorf("listen %s: %w", s.Addr, err)
	}
	s.ln = ln
	s.srv = &http.Server{Handler: s, ReadHeaderTimeout: 10 * time.Second, IdleTimeout: 120 * time.Second}
	go func() {
		if err := s.srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			s.logger.Error("serve", slog.Any("error", err))
		}
	}()
	return nil
}

// URL returns the base URL the server listens on.
func (s *Server) URL() string {
	if s.ln == nil {
		return ""
	}
	return "http://" + s.ln.Addr().String()
}

// Close stops accepting requests and waits up to 10 s for open ones.
func (s *Server) Close() error {
	if s.srv == nil {
		return nil
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	return s.srv.Shutdown(ctx)
}

type statusWriter struct {
	http.ResponseWriter
	status int
}

func (w *statusWriter) WriteHeader(code int) {
	w.status = code
	w.ResponseWriter.WriteHeader(code)
}

// Unwrap lets http.ResponseController reach the underlying writer (flush, hijack for WebSockets).
func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }
