package config_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/handoffhq/handoff/internal/config"
)

func TestLoadOrder(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	file := filepath.Join(dir, "handoff.yaml")
	secret := filepath.Join(dir, "token")
	os.WriteFile(file, []byte("addr: 0.0.0.0:9000\ndata_dir: /var/lib/handoff\nreminder_after: 10m\nslack:\n  webhook_url: https://hooks.example/x\n"), 0o600)
	os.WriteFile(secret, []byte("from-file\n"), 0o600)
	env := map[string]string{"HANDOFF_DATA_DIR": "/srv/handoff", "HANDOFF_API_TOKEN_FILE": secret, "HANDOFF_KEYWORDS": "refund, chargeback ,lawyer"}
	var c config.Config
	if err := c.LoadFile(file); err != nil {
		t.Fatal(err)
	}
	if err := c.LoadEnv(func(k string) string { return env[k] }); err != nil {
		t.Fatal(err)
	}
	c = c.WithDefaults()
	if err := c.Validate(); err != nil {
		t.Fatal(err)
	}
	if c.Addr != "0.0.0.0:9000" || c.DataDir != "/srv/handoff" || c.APIToken != "from-file" || time.Duration(c.ReminderAfter) != 10*time.Minute {
		t.Fatalf("config = %+v", c)
	}
	if strings.Join(c.Keywords, "|") != "refund|chargeback|lawyer" {
		t.Fatalf("keywords = %q", c.Keywords)
	}
	dump := c.Dump()
	if strings.Contains(dump, "from-file") || strings.Contains(dump, "hooks.example") || !strings.Contains(dump, "********") {
		t.Fatalf("dump leaks secrets:\n%s", dump)
	}
}

func TestValidate(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		c    config.Config
		want string
	}{
		{"defaults", config.Config{}, ""},
		{"bad db url", config.Config{DatabaseURL: "mysql://x"}, "postgres"},
		{"bad responder", config.Config{Responder: "gpt"}, "responder"},
		{"llm without url", config.Config{Responder: "llm"}, "HANDOFF_LLM_URL"},
		{"webhook secret", config.Config{Webhook: config.Webhook{URL: "https://x", Secret: "plain"}}, "whsec_"},
		{"smtp scheme", config.Config{SMTP: config.SMTP{URL: "http://x", NotifyEmail: "a@b"}}, "smtp://"},
		{"log level", config.Config{LogLevel: "loud"}, "log_level"},
		{"ladder target", config.Config{ReminderLadder: "slack;pager"}, "reminder_ladder"},
		{"ladder", config.Config{ReminderLadder: " slack ; slack, email "}, ""},
	}
	for _, tt := range tests {
		err := tt.c.WithDefaults().Validate()
		if (tt.want == "") != (err == nil) || (err != nil && !strings.Contains(err.Error(), tt.want)) {
			t.Errorf("%s: err = %v, want %q", tt.name, err, tt.want)
		}
	}
}

func TestBadInputs(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	file := filepath.Join(dir, "bad.yaml")
	os.WriteFile(file, []byte("adress: typo\n"), 0o600)
	var c config.Config
	if err := c.LoadFile(file); err == nil || !strings.Contains(err.Error(), "adress") {
		t.Fatalf("unknown key: %v", err)
	}
	if err := c.LoadEnv(func(k string) string {
		if k == "HANDOFF_REMINDER_AFTER" {
			return "often"
		}
		return ""
	}); err == nil {
		t.Fatal("bad duration accepted")
	}
	if err := c.LoadEnv(func(k string) string {
		if k == "HANDOFF_API_TOKEN_FILE" {
			return filepath.Join(dir, "missing")
		}
		return ""
	}); err == nil {
		t.Fatal("missing secret file accepted")
	}
}

func TestLadder(t *testing.T) {
	t.Parallel()
	got := config.Config{ReminderLadder: " slack ; slack, email ;"}.Ladder()
	if len(got) != 2 || len(got[0]) != 1 || got[0][0] != "slack" || len(got[1]) != 2 || got[1][1] != "email" {
		t.Fatalf("ladder = %q", got)
	}
	if d := (config.Config{}).WithDefaults().Ladder(); len(d) != 2 || d[0][0] != "team" {
		t.Fatalf("default ladder = %q", d)
	}
}
