// Package config loads the service configuration: shipped defaults, then one YAML file,
// then HANDOFF_* environment variables (secrets also as HANDOFF_*_FILE), then flags.
package config

import (
	"cmp"
	"fmt"
	"net/url"
	"os"
	"reflect"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"

	"github.com/handoffhq/handoff"
)

// Config is every setting of `handoff serve`.
type Config struct {
	Addr        string   `yaml:"addr" env:"HANDOFF_ADDR"`                               // listen address
	DataDir     string   `yaml:"data_dir" env:"HANDOFF_DATA_DIR"`                       // embedded SQLite directory
	DatabaseURL string   `yaml:"database_url" env:"HANDOFF_DATABASE_URL" secret:"true"` // postgres://… to scale out
	PublicURL   string   `yaml:"public_url" env:"HANDOFF_PUBLIC_URL"`                   // base URL for links in notifications
	APIToken    string   `yaml:"api_token" env:"HANDOFF_API_TOKEN" secret:"true"`       // admin bearer token
	SessionKey  string   `yaml:"session_key" env:"HANDOFF_SESSION_KEY" secret:"true"`   // signs widget and console sessions
	FAQ         string   `yaml:"faq" env:"HANDOFF_FAQ"`                                 // Markdown FAQ for the built-in responder
	Responder   string   `yaml:"responder" env:"HANDOFF_RESPONDER"`                     // kb, llm or none (external bot)
	Keywords    []string `yaml:"keywords" env:"HANDOFF_KEYWORDS"`                       // keywords reported in the keywords signal
	LogLevel    string   `yaml:"log_level" env:"HANDOFF_LOG_LEVEL"`                     // debug, info, warn, error
	LogFormat   string   `yaml:"log_format" env:"HANDOFF_LOG_FORMAT"`                   // text or json

	ReminderAfter handoff.Duration `yaml:"reminder_after" env:"HANDOFF_REMINDER_AFTER"` // re-notify an unclaimed handoff after this
	// ReminderLadder is who each reminder goes to: levels separated by ";", targets by ",", e.g. "slack;slack,email".
	ReminderLadder string           `yaml:"reminder_ladder" env:"HANDOFF_REMINDER_LADDER"`
	SchedulerTick  handoff.Duration `yaml:"scheduler_tick" env:"HANDOFF_SCHEDULER_TICK"`
	// ClaimLease is how long a dead instance's claimed timers and deliveries wait before another takes them over.
	ClaimLease handoff.Duration `yaml:"claim_lease" env:"HANDOFF_CLAIM_LEASE"`

	RateLimitIP    int `yaml:"rate_limit_ip" env:"HANDOFF_RATE_LIMIT_IP"`       // requests/s per IP for anonymous clients; -1 disables
	RateLimitToken int `yaml:"rate_limit_token" env:"HANDOFF_RATE_LIMIT_TOKEN"` // requests/s per API token or session; 0 = unlimited

	Meta    Meta    `yaml:"meta"`
	Shopify Shopify `yaml:"shopify"`
	Slack   Slack   `yaml:"slack"`
	Webhook Webhook `yaml:"webhook"`
	SMTP    SMTP    `yaml:"smtp"`
	LLM     LLM     `yaml:"llm"`
}

// Meta configures Messenger and Instagram.
type Meta struct {
	AppSecret   string `yaml:"app_secret" env:"HANDOFF_META_APP_SECRET" secret:"true"`
	VerifyToken string `yaml:"verify_token" env:"HANDOFF_META_VERIFY_TOKEN" secret:"true"`
	PageToken   string `yaml:"page_token" env:"HANDOFF_META_PAGE_TOKEN" secret:"true"`
	AppID       string `yaml:"app_id" env:"HANDOFF_META_APP_ID"`
	GraphAPIURL string `yaml:"graph_api_url" env:"HANDOFF_GRAPH_API_URL"`
}

// Shopify configures the Shopify connection.
type Shopify struct {
	APISecret  string `yaml:"api_secret" env:"HANDOFF_SHOPIFY_API_SECRET" secret:"true"`
	Shop       string `yaml:"shop" env:"HANDOFF_SHOPIFY_SHOP"`
	AdminToken string `yaml:"admin_token" env:"HANDOFF_SHOPIFY_ADMIN_TOKEN" secret:"true"`
	APIURL     string `yaml:"api_url" env:"HANDOFF_SHOPIFY_API_URL"`
}

// Slack configures the Slack incoming webhook.
type Slack struct {
	WebhookURL string `yaml:"webhook_url" env:"HANDOFF_SLACK_WEBHOOK_URL" secret:"true"`
}

// Webhook configures outgoing Standard Webhooks.
type Webhook struct {
	URL    string `yaml:"url" env:"HANDOFF_WEBHOOK_URL"`
	Secret string `yaml:"secret" env:"HANDOFF_WEBHOOK_SECRET" secret:"true"`
}

// SMTP configures email notifications.
type SMTP struct {
	URL         string `yaml:"url" env:"HANDOFF_SMTP_URL" secret:"true"`
	NotifyEmail string `yaml:"notify_email" env:"HANDOFF_NOTIFY_EMAIL"`
	From        string `yaml:"from" env:"HANDOFF_SMTP_FROM"`
}

// LLM configures the OpenAI-compatible responder.
type LLM struct {
	URL    string `yaml:"url" env:"HANDOFF_LLM_URL"`
	Model  string `yaml:"model" env:"HANDOFF_LLM_MODEL"`
	APIKey string `yaml:"api_key" env:"HANDOFF_LLM_API_KEY" secret:"true"`
}

// WithDefaults fills every unset field with the shipped default.
func (c Config) WithDefaults() Config {
	c.Addr = cmp.Or(c.Addr, "127.0.0.1:8080")
	c.DataDir = cmp.Or(c.DataDir, "./handoff-data")
	c.LogLevel = cmp.Or(c.LogLevel, "info")
	c.LogFormat = cmp.Or(c.LogFormat, "text")
	c.ReminderAfter = cmp.Or(c.ReminderAfter, handoff.Duration(5*time.Minute))
	c.ReminderLadder = cmp.Or(c.ReminderLadder, "team;team")
	c.SchedulerTick = cmp.Or(c.SchedulerTick, handoff.Duration(time.Second))
	c.RateLimitIP = cmp.Or(c.RateLimitIP, 50)
	c.ClaimLease = cmp.Or(c.ClaimLease, handoff.Duration(time.Minute))
	c.Meta.GraphAPIURL = cmp.Or(c.Meta.GraphAPIURL, "https://graph.facebook.com/v21.0")
	if c.Responder == "" {
		c.Responder = "kb"
		if c.LLM.URL != "" {
			c.Responder = "llm"
		}
	}
	c.LLM.Model = cmp.Or(c.LLM.Model, "gpt-4o-mini")
	if c.PublicURL == "" {
		c.PublicURL = "http://" + c.Addr
	}
	if c.Shopify.APIURL == "" && c.Shopify.Shop != "" {
		c.Shopify.APIURL = "https://" + c.Shopify.Shop + "/admin/api/2025-01/graphql.json"
	}
	return c
}

// Validate reports the first setting that cannot work.
func (c Config) Validate() error {
	if c.Addr == "" {
		return fmt.Errorf("addr is empty")
	}
	if c.DatabaseURL != "" {
		u, err := url.Parse(c.DatabaseURL)
		if err != nil || (u.Scheme != "postgres" && u.Scheme != "postgresql") {
			return fmt.Errorf("database_url must be postgres://…")
		}
	}
	switch c.Responder {
	case "kb", "llm", "none":
	default:
		return fmt.Errorf("responder must be kb, llm or none, got %q", c.Responder)
	}
	if c.Responder == "llm" && c.LLM.URL == "" {
		return fmt.Errorf("responder llm needs HANDOFF_LLM_URL")
	}
	switch c.LogLevel {
	case "debug", "info", "warn", "error":
	default:
		return fmt.Errorf("log_level must be debug, info, warn or error, got %q", c.LogLevel)
	}
	for _, level := range c.Ladder() {
		for _, t := range level {
			switch t {
			case "team", "slack", "webhook", "email":
			default:
				return fmt.Errorf("reminder_ladder: unknown target %q (want team, slack, webhook or email)", t)
			}
		}
	}
	if c.Webhook.URL != "" && !strings.HasPrefix(c.Webhook.Secret, "whsec_") {
		return fmt.Errorf("webhook.secret must be a whsec_… secret when webhook.url is set")
	}
	if c.SMTP.URL != "" {
		if u, err := url.Parse(c.SMTP.URL); err != nil || (u.Scheme != "smtp" && u.Scheme != "smtps") {
			return fmt.Errorf("smtp.url must be smtp://user:pass@host:port")
		}
		if c.SMTP.NotifyEmail == "" {
			return fmt.Errorf("smtp.url is set but notify_email is empty")
		}
	}
	return nil
}

// Ladder splits ReminderLadder into its levels and each level's targets.
func (c Config) Ladder() [][]string {
	var out [][]string
	for _, level := range strings.Split(c.ReminderLadder, ";") {
		var targets []string
		for _, t := range strings.Split(level, ",") {
			if t = strings.TrimSpace(t); t != "" {
				targets = append(targets, t)
			}
		}
		if len(targets) > 0 {
			out = append(out, targets)
		}
	}
	return out
}

// LoadFile reads a YAML config file over c; unknown keys are an error.
func (c *Config) LoadFile(path string) error {
	b, err := os.ReadFile(path)
	if err != nil {
		return fmt.Errorf("read config: %w", err)
	}
	dec := yaml.NewDecoder(strings.NewReader(string(b)))
	dec.KnownFields(true)
	if err := dec.Decode(c); err != nil && err.Error() != "EOF" {
		return fmt.Errorf("config %s: %w", path, err)
	}
	return nil
}

// LoadEnv reads HANDOFF_* variables (and HANDOFF_*_FILE for secrets) over c.
func (c *Config) LoadEnv(getenv func(string) string) error {
	return walk(reflect.ValueOf(c).Elem(), func(f reflect.Value, sf reflect.StructField) error {
		name := sf.Tag.Get("env")
		if name == "" {
			return nil
		}
		v := getenv(name)
		if file := getenv(name + "_FILE"); file != "" && sf.Tag.Get("secret") == "true" {
			b, err := os.ReadFile(file)
			if err != nil {
				return fmt.Errorf("%s_FILE: %w", name, err)
			}
			v = strings.TrimSpace(string(b))
		}
		if v == "" {
			return nil
		}
		return set(f, name, v)
	})
}

// Dump renders the effective configuration as YAML with secrets masked.
func (c Config) Dump() string {
	masked := c
	_ = walk(reflect.ValueOf(&masked).Elem(), func(f reflect.Value, sf reflect.StructField) error {
		if sf.Tag.Get("secret") == "true" && f.String() != "" {
			f.SetString("********")
		}
		return nil
	})
	b, _ := yaml.Marshal(masked)
	return string(b)
}

func walk(v reflect.Value, fn func(reflect.Value, reflect.StructField) error) error {
	t := v.Type()
	for i := 0; i < t.NumField(); i++ {
		f, sf := v.Field(i), t.Field(i)
		if f.Kind() == reflect.Struct && sf.Type != reflect.TypeOf(handoff.Duration(0)) {
			if err := walk(f, fn); err != nil {
				return err
			}
			continue
		}
		if err := fn(f, sf); err != nil {
			return err
		}
	}
	return nil
}

func set(f reflect.Value, name, v string) error {
	switch f.Interface().(type) {
	case string:
		f.SetString(v)
	case []string:
		var parts []string
		for _, p := range strings.Split(v, ",") {
			if p = strings.TrimSpace(p); p != "" {
				parts = append(parts, p)
			}
		}
		f.Set(reflect.ValueOf(parts))
	case handoff.Duration:
		d, err := handoff.ParseDuration(v)
		if err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
		f.Set(reflect.ValueOf(d))
	case int:
		var n int
		if _, err := fmt.Sscanf(v, "%d", &n); err != nil {
			return fmt.Errorf("%s: want a number, got %q", name, v)
		}
		f.SetInt(int64(n))
	}
	return nil
}
