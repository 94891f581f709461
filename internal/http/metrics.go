package http

import (
	"net/http"
	"strconv"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/handoffhq/handoff/internal/engine"
)

// metrics are the service's Prometheus series.
type metrics struct {
	requests *prometheus.HistogramVec
	messages *prometheus.CounterVec
	handoffs *prometheus.CounterVec
	fired    *prometheus.CounterVec
}

func newMetrics(reg *prometheus.Registry) *metrics {
	m := &metrics{
		requests: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name: "handoff_http_request_duration_seconds", Help: "HTTP request latency by route and status.",
			Buckets: []float64{.001, .0025, .005, .01, .02, .05, .1, .25, .5, 1, 2.5},
		}, []string{"method", "route", "status"}),
		messages: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "handoff_messages_total", Help: "Messages ingested by channel and role (duplicates excluded).",
		}, []string{"channel", "role"}),
		handoffs: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "handoff_handoffs_total", Help: "Conversations the AI stepped back from, by channel and reason.",
		}, []string{"channel", "reason"}),
		fired: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "handoff_rules_fired_total", Help: "Rule firings by rule id.",
		}, []string{"rule"}),
	}
	reg.MustRegister(m.requests, m.messages, m.handoffs, m.fired)
	return m
}

func (m *metrics) observe(r *http.Request, status int, d time.Duration) {
	route := r.Pattern
	if route == "" {
		route = "unmatched"
	}
	m.requests.WithLabelValues(r.Method, route, strconv.Itoa(status)).Observe(d.Seconds())
}

// ingested counts one ingest result.
func (m *metrics) ingested(res *engine.IngestResult) {
	if res.Duplicate {
		return
	}
	m.messages.WithLabelValues(res.Conversation.Channel, string(res.Message.Role)).Inc()
	for _, f := range res.Fired {
		m.fired.WithLabelValues(f.Rule).Inc()
	}
	if res.HandedOff {
		m.handoffs.WithLabelValues(res.Conversation.Channel, res.Conversation.HandoffReason).Inc()
	}
}
