package meta

import (
	"log/slog"
	"net/http"
	"strings"
	"time"

	"github.com/handoffhq/handoff"
)

// DefaultGraphAPIURL is the Graph API base used when none is configured.
const DefaultGraphAPIURL = "https://graph.facebook.com/v21.0"

// Config configures the webhook handler and the Send API client.
type Config struct {
	AppSecret   string // signs webhook deliveries (X-Hub-Signature-256)
	VerifyToken string // the token typed into the app dashboard for the GET challenge
	AppID       string // this service's Meta app id: echoes carrying it are our own sends
	PageToken   string // Page access token for the Send API
	GraphAPIURL string // e.g. https://graph.facebook.com/v21.0; tests point it at a local server
	// PersonaPictureURL is the profile picture of the personas created for agents on Messenger.
	PersonaPictureURL string
	Now               handoff.Clock
	Logger            *slog.Logger
	HTTPClient        *http.Client // nil: a client with a 20 s timeout
}

func (c Config) withDefaults() Config {
	if c.GraphAPIURL == "" {
		c.GraphAPIURL = DefaultGraphAPIURL
	}
	c.GraphAPIURL = strings.TrimRight(c.GraphAPIURL, "/")
	if c.Now == nil {
		c.Now = time.Now
	}
	if c.Logger == nil {
		c.Logger = slog.New(slog.DiscardHandler)
	}
	if c.HTTPClient == nil {
		c.HTTPClient = &http.Client{Timeout: 20 * time.Second}
	}
	return c
}
