// Package http serves the JSON API under /api/v1, health and readiness probes, Prometheus
// metrics and the OpenAPI document. Errors are mapped to statuses in one place (Error).
package http
