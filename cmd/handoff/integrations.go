package main

import (
	"context"
	"fmt"
	"log/slog"
	"strings"
	"time"

	"github.com/handoffhq/handoff"
	"github.com/handoffhq/handoff/internal/config"
	"github.com/handoffhq/handoff/internal/engine"
	handoffhttp "github.com/handoffhq/handoff/internal/http"
	"github.com/handoffhq/handoff/internal/meta"
	"github.com/handoffhq/handoff/internal/notify/email"
	"github.com/handoffhq/handoff/internal/notify/slack"
	"github.com/handoffhq/handoff/internal/notify/webhook"
	"github.com/handoffhq/handoff/internal/shopify"
)

// integrations are the configured outside services: channels that receive messages from
// handoff, team notification outlets, and the webhook endpoints they bring.
type integrations struct {
	Targets   []string                    // notification outlets: slack, webhook, email
	Outbound  []string                    // channels whose customer-facing messages go out through the outbox
	Notifiers map[string]handoff.Notifier // outbox target → deliverer
	// Orders reads a customer's recent Shopify orders; nil when no shop is connected.
	Orders *shopify.Client
	mounts []func(*handoffhttp.Server, *engine.Engine)

	eng *engine.Engine // set by Mount; its clock is the notifiers' clock
}

// now is the engine's clock once mounted, so notifiers and the engine agree on the time.
func (in *integrations) now() time.Time {
	if in.eng != nil {
		return in.eng.Now()
	}
	return time.Now()
}

// newIntegrations builds what the configuration enables.
func newIntegrations(c config.Config, store handoff.Store, logger *slog.Logger) (*integrations, error) {
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	in := &integrations{Notifiers: map[string]handoff.Notifier{}}
	if c.Slack.WebhookURL != "" {
		in.add("slack", slack.New(slack.Config{WebhookURL: c.Slack.WebhookURL, PublicURL: c.PublicURL}))
	}
	if c.Webhook.URL != "" {
		n, err := webhook.New(webhook.Config{URL: c.Webhook.URL, Secret: c.Webhook.Secret, Now: in.now})
		if err != nil {
			return nil, fmt.Errorf("webhook: %s", handoff.ErrorMessage(err))
		}
		in.add("webhook", n)
	}
	if c.SMTP.URL != "" {
		n, err := email.New(email.Config{URL: c.SMTP.URL, To: c.SMTP.NotifyEmail, From: c.SMTP.From, PublicURL: c.PublicURL, Now: in.now})
		if err != nil {
			return nil, fmt.Errorf("smtp: %s", handoff.ErrorMessage(err))
		}
		in.add("email", n)
	}
	mc := meta.Config{
		AppSecret: c.Meta.AppSecret, VerifyToken: c.Meta.VerifyToken, AppID: c.Meta.AppID, PageToken: c.Meta.PageToken,
		GraphAPIURL: c.Meta.GraphAPIURL, PersonaPictureURL: strings.TrimRight(c.PublicURL, "/") + meta.AvatarPath,
		Now: in.now, Logger: logger,
	}
	if c.Meta.PageToken != "" {
		client := meta.NewClient(mc, store)
		in.Outbound = append(in.Outbound, handoff.ChannelMessenger, handoff.ChannelInstagram)
		in.Notifiers[handoff.ChannelMessenger] = client
		in.Notifiers[handoff.ChannelInstagram] = client
		in.mounts = append(in.mounts, func(srv *handoffhttp.Server, _ *engine.Engine) {
			srv.Handle("GET "+meta.AvatarPath, meta.AvatarHandler())
		})
	}
	if c.Meta.AppSecret != "" || c.Meta.VerifyToken != "" {
		in.mounts = append(in.mounts, func(srv *handoffhttp.Server, eng *engine.Engine) {
			h := meta.NewHandler(mc, eng)
			srv.Handle("GET /webhooks/meta", h)
			srv.Handle("POST /webhooks/meta", h)
		})
	}
	sc := shopify.Config{APISecret: c.Shopify.APISecret, Shop: c.Shopify.Shop, AdminToken: c.Shopify.AdminToken,
		APIURL: c.Shopify.APIURL, Now: in.now, Logger: logger}
	if c.Shopify.APISecret != "" {
		h := shopify.NewHandler(sc, store)
		in.mounts = append(in.mounts, func(srv *handoffhttp.Server, _ *engine.Engine) {
			srv.Handle("POST /webhooks/shopify", h)
		})
	}
	if c.Shopify.AdminToken != "" && (c.Shopify.APIURL != "" || c.Shopify.Shop != "") {
		in.Orders = shopify.NewClient(sc)
	}
	return in, nil
}

// add registers a team notification outlet.
func (in *integrations) add(target string, n handoff.Notifier) {
	in.Targets = append(in.Targets, target)
	in.Notifiers[target] = n
}

// Mount registers the integrations' HTTP endpoints once the engine exists.
func (in *integrations) Mount(srv *handoffhttp.Server, eng *engine.Engine) {
	in.eng = eng
	for _, m := range in.mounts {
		m(srv, eng)
	}
}

// orders adapts the Shopify client for the handoff packet; nil when no shop is connected.
func (in *integrations) orders() engine.OrdersLookup {
	if in.Orders == nil {
		return nil
	}
	return func(ctx context.Context, email string) (any, error) { return in.Orders.RecentOrders(ctx, email) }
}
