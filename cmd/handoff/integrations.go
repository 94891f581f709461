package main

import (
	"log/slog"

	"github.com/handoffhq/handoff"
	"github.com/handoffhq/handoff/internal/config"
	"github.com/handoffhq/handoff/internal/engine"
	handoffhttp "github.com/handoffhq/handoff/internal/http"
)

// integrations are the configured outside services: channels that receive messages from
// handoff, team notification outlets, and the webhook endpoints they bring.
type integrations struct {
	Targets   []string                    // notification outlets: slack, webhook, email
	Outbound  []string                    // channels whose customer-facing messages go out through the outbox
	Notifiers map[string]handoff.Notifier // outbox target → deliverer
	mounts    []func(*handoffhttp.Server, *engine.Engine)
}

// newIntegrations builds what the configuration enables.
func newIntegrations(c config.Config, store handoff.Store, logger *slog.Logger) (*integrations, error) {
	return &integrations{Notifiers: map[string]handoff.Notifier{}}, nil
}

// Mount registers the integrations' HTTP endpoints once the engine exists.
func (in *integrations) Mount(srv *handoffhttp.Server, eng *engine.Engine) {
	for _, m := range in.mounts {
		m(srv, eng)
	}
}
