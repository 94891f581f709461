package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"path/filepath"
	"strings"

	"github.com/handoffhq/handoff"
	"github.com/handoffhq/handoff/internal/analyze"
	"github.com/handoffhq/handoff/internal/config"
	"github.com/handoffhq/handoff/internal/engine"
	handoffhttp "github.com/handoffhq/handoff/internal/http"
	"github.com/handoffhq/handoff/internal/kb"
	"github.com/handoffhq/handoff/internal/live"
	"github.com/handoffhq/handoff/internal/llm"
	"github.com/handoffhq/handoff/internal/postgres"
	"github.com/handoffhq/handoff/internal/sqlite"
	"github.com/handoffhq/handoff/internal/web"
	"github.com/handoffhq/handoff/internal/widget"
	"github.com/handoffhq/handoff/internal/ws"
)

// loadConfig applies defaults, the YAML file, HANDOFF_* variables and flags, in that order.
func loadConfig(name string, args []string, stderr io.Writer, getenv func(string) string) (config.Config, *flag.FlagSet, error) {
	fs := flag.NewFlagSet("handoff "+name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	file := fs.String("config", getenv("HANDOFF_CONFIG"), "YAML config file (env HANDOFF_CONFIG)")
	addr := fs.String("addr", "", "listen address host:port (env HANDOFF_ADDR, default 127.0.0.1:8080)")
	dataDir := fs.String("data-dir", "", "directory of the embedded SQLite database (env HANDOFF_DATA_DIR, default ./handoff-data)")
	dbURL := fs.String("database-url", "", "postgres://… to share one PostgreSQL database between instances (env HANDOFF_DATABASE_URL)")
	faq := fs.String("faq", "", "Markdown FAQ for the built-in responder (env HANDOFF_FAQ; default: the example shop FAQ)")
	dump := fs.Bool("config-dump", false, "print the effective configuration with secrets masked, then exit")
	if err := fs.Parse(args); err != nil {
		return config.Config{}, fs, err
	}
	var c config.Config
	if *file != "" {
		if err := c.LoadFile(*file); err != nil {
			return c, fs, err
		}
	}
	if err := c.LoadEnv(getenv); err != nil {
		return c, fs, err
	}
	for _, f := range []struct {
		v   string
		dst *string
	}{{*addr, &c.Addr}, {*dataDir, &c.DataDir}, {*dbURL, &c.DatabaseURL}, {*faq, &c.FAQ}} {
		if f.v != "" {
			*f.dst = f.v
		}
	}
	c = c.WithDefaults()
	if err := c.Validate(); err != nil {
		return c, fs, fmt.Errorf("config: %w", err)
	}
	if *dump {
		fmt.Fprint(stderr, c.Dump())
		return c, fs, flag.ErrHelp
	}
	return c, fs, nil
}

func newLogger(c config.Config, w io.Writer) *slog.Logger {
	var level slog.Level
	_ = level.UnmarshalText([]byte(c.LogLevel))
	opts := &slog.HandlerOptions{Level: level}
	if c.LogFormat == "json" {
		return slog.New(slog.NewJSONHandler(w, opts))
	}
	return slog.New(slog.NewTextHandler(w, opts))
}

// Main is the running service; tests build one with a config and call Run.
type Main struct {
	Config config.Config
	Logger *slog.Logger
	Stdout io.Writer // where the first-start API token is printed
	Now    handoff.Clock

	Store     handoff.Store
	Engine    *engine.Engine
	Server    *handoffhttp.Server
	Scheduler *engine.Scheduler
	Hub       *live.Hub      // live events for consoles and widgets
	Events    eventSource    // publishes committed events to Hub in id order (a Feed, or a PGListener across instances)
	Console   *web.Console   // /console
	Widget    *widget.Widget // /widget.js, /demo, /widget/
}

// eventSource feeds the live hub from the store.
type eventSource interface {
	engine.Publisher
	Stop()
}

// openStore opens the configured database and migrates it: PostgreSQL when a URL is set, else SQLite.
func openStore(ctx context.Context, c config.Config) (handoff.Store, error) {
	if c.DatabaseURL != "" {
		return postgres.Open(ctx, c.DatabaseURL)
	}
	return sqlite.Open(ctx, c.DataDir)
}

// startEvents starts publishing committed events to the hub; with PostgreSQL it also listens
// for events committed by other instances.
func startEvents(ctx context.Context, store handoff.Store, hub *live.Hub, logger *slog.Logger) (eventSource, error) {
	if pg, ok := store.(*postgres.DB); ok {
		l := live.NewPGListener(pg, hub, logger)
		return l, l.Start(ctx)
	}
	f := live.NewFeed(store, hub, logger)
	return f, f.Start(ctx)
}

// Run opens the store, seeds defaults on first start, and starts the HTTP server and the scheduler.
func (m *Main) Run(ctx context.Context) error {
	if m.Logger == nil {
		m.Logger = slog.New(slog.DiscardHandler)
	}
	if m.Stdout == nil {
		m.Stdout = io.Discard
	}
	if m.Now == nil {
		m.Now = handoff.Clock(timeNow)
	}
	store, err := openStore(ctx, m.Config)
	if err != nil {
		return fmt.Errorf("open database: %w", err)
	}
	m.Store = store
	if err := engine.Seed(ctx, store, m.Now); err != nil {
		return err
	}
	if err := m.ensureToken(ctx); err != nil {
		return err
	}
	responder, err := newResponder(m.Config)
	if err != nil {
		return err
	}
	integ, err := newIntegrations(m.Config, store, m.Logger)
	if err != nil {
		return err
	}
	key, err := web.LoadKey(m.Config.SessionKey, m.Config.DataDir)
	if err != nil {
		return err
	}
	if m.Config.SessionKey == "" && m.Config.DatabaseURL != "" {
		m.Logger.Warn("HANDOFF_SESSION_KEY is not set: console sessions and widget chats are signed with the key in the data directory; give every instance the same HANDOFF_SESSION_KEY",
			slog.String("key_file", filepath.Join(m.Config.DataDir, web.KeyFile)))
	}
	m.Hub = live.NewHub(0)
	if m.Events, err = startEvents(ctx, store, m.Hub, m.Logger); err != nil {
		return err
	}
	m.Engine = engine.New(engine.Config{
		Store: store, Analyzer: analyze.New(analyze.Config{Keywords: m.Config.Keywords}), Responder: responder,
		Now: m.Now, Logger: m.Logger, ReminderAfter: timeDuration(m.Config.ReminderAfter), ReminderLadder: m.Config.Ladder(),
		NotifyTargets: integ.Targets, OutboundChannels: integ.Outbound, Orders: integ.orders(), Publisher: m.Events,
		Lease: timeDuration(m.Config.ClaimLease),
	})
	m.Server = handoffhttp.NewServer(m.Engine, m.Logger)
	m.Server.Addr = m.Config.Addr
	m.Server.SetRateLimits(handoffhttp.RateLimit{Rate: float64(max(m.Config.RateLimitIP, 0))}, handoffhttp.RateLimit{Rate: float64(m.Config.RateLimitToken)})
	integ.Mount(m.Server, m.Engine)
	relay := ws.NewRelay()
	if m.Console, err = web.New(web.Config{Engine: m.Engine, Hub: m.Hub, Relay: relay, Key: key, Logger: m.Logger,
		SecureCookies: strings.HasPrefix(m.Config.PublicURL, "https://")}); err != nil {
		return err
	}
	m.Console.Mount(m.Server, m.Server)
	if m.Widget, err = widget.New(widget.Config{Engine: m.Engine, Hub: m.Hub, Relay: relay, Key: key, Logger: m.Logger}); err != nil {
		return err
	}
	m.Widget.Mount(m.Server)
	if err := m.Server.Open(); err != nil {
		return err
	}
	m.Scheduler = &engine.Scheduler{Engine: m.Engine, Interval: timeDuration(m.Config.SchedulerTick), Notifiers: integ.Notifiers}
	m.Scheduler.Start(ctx)
	m.Logger.Info("handoff serving", slog.String("url", m.Server.URL()), slog.String("version", handoff.Version))
	return nil
}

// Close stops the scheduler and the server and closes the store.
func (m *Main) Close() error {
	if m.Console != nil {
		m.Console.Close()
	}
	if m.Widget != nil {
		m.Widget.Close()
	}
	if m.Scheduler != nil {
		m.Scheduler.Stop()
	}
	var err error
	if m.Server != nil {
		err = m.Server.Close()
	}
	if m.Events != nil {
		m.Events.Stop()
	}
	if m.Store != nil {
		if cerr := m.Store.Close(); err == nil {
			err = cerr
		}
	}
	return err
}

func newResponder(c config.Config) (handoff.Responder, error) {
	switch c.Responder {
	case "none":
		return nil, nil
	case "llm":
		return llm.New(llm.Config{BaseURL: c.LLM.URL, Model: c.LLM.Model, APIKey: c.LLM.APIKey}), nil
	}
	if c.FAQ == "" {
		return kb.Default(), nil
	}
	base, err := kb.Load(c.FAQ)
	if err != nil {
		return nil, fmt.Errorf("faq: %w", err)
	}
	return base, nil
}

// ensureToken stores HANDOFF_API_TOKEN's hash, or creates and prints a token on the very first start.
func (m *Main) ensureToken(ctx context.Context) error {
	return m.Store.Write(ctx, func(tx handoff.Tx) error {
		if tok := m.Config.APIToken; tok != "" {
			if _, err := tx.TokenByHash(ctx, handoffhttp.HashToken(tok)); err == nil {
				return nil
			}
			return tx.CreateToken(ctx, &handoff.Token{Name: "env", Hash: handoffhttp.HashToken(tok), Role: handoff.AgentRoleAdmin, CreatedAt: m.Now()})
		}
		n, err := tx.CountTokens(ctx)
		if err != nil || n > 0 {
			return err
		}
		if first, err := tx.MarkSeen(ctx, "bootstrap", "first-token", m.Now()); err != nil || !first {
			return err
		}
		tok := handoffhttp.NewToken()
		if err := tx.CreateToken(ctx, &handoff.Token{Name: "first-start", Hash: handoffhttp.HashToken(tok), Role: handoff.AgentRoleAdmin, CreatedAt: m.Now()}); err != nil {
			return err
		}
		fmt.Fprintf(m.Stdout, "Created an admin API token (shown once, stored hashed):\n\n    %s\n\nUse it as: Authorization: Bearer %s\n\n", tok, tok)
		return nil
	})
}

func runServe(ctx context.Context, args []string, stdout, stderr io.Writer, getenv func(string) string) error {
	c, _, err := loadConfig("serve", args, stderr, getenv)
	if err != nil {
		return err
	}
	m := &Main{Config: c, Logger: newLogger(c, stderr), Stdout: stdout}
	if err := m.Run(ctx); err != nil {
		_ = m.Close()
		return err
	}
	fmt.Fprintf(stdout, "handoff %s listening on %s (data: %s)\n", handoff.Version, m.Server.URL(), location(c))
	<-ctx.Done()
	m.Logger.Info("shutting down")
	return m.Close()
}

func location(c config.Config) string {
	if c.DatabaseURL != "" {
		return "postgres"
	}
	return strings.TrimSuffix(c.DataDir, "/")
}

func runMigrate(ctx context.Context, args []string, stdout, stderr io.Writer, getenv func(string) string) error {
	c, _, err := loadConfig("migrate", args, stderr, getenv)
	if err != nil {
		return err
	}
	store, err := openStore(ctx, c)
	if err != nil {
		return err
	}
	defer store.Close()
	switch db := store.(type) {
	case *sqlite.DB:
		cur, latest, err := db.SchemaVersion(ctx)
		if err != nil {
			return err
		}
		fmt.Fprintf(stdout, "schema at version %d of %d (%s)\n", cur, latest, db.Path())
	case *postgres.DB:
		cur, latest, err := db.SchemaVersion(ctx)
		if err != nil {
			return err
		}
		fmt.Fprintf(stdout, "schema at version %d of %d (PostgreSQL schema %s)\n", cur, latest, db.Schema())
	}
	return nil
}
