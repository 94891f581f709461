package main

import (
	"context"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/handoffhq/handoff/internal/loadgen"
)

// buildBinary compiles cmd/handoff once per test binary.
var buildOnce struct {
	sync.Once
	path string
	err  error
}

func binary(t *testing.T) string {
	t.Helper()
	buildOnce.Do(func() {
		dir, err := os.MkdirTemp("", "handoff-bin")
		if err != nil {
			buildOnce.err = err
			return
		}
		buildOnce.path = filepath.Join(dir, "handoff")
		out, err := exec.Command("go", "build", "-o", buildOnce.path, ".").CombinedOutput()
		if err != nil {
			buildOnce.err = fmt.Errorf("go build: %v\n%s", err, out)
		}
	})
	if buildOnce.err != nil {
		t.Fatal(buildOnce.err)
	}
	return buildOnce.path
}

func freePort(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().String()
}

// child is a `handoff serve` process.
type child struct {
	cmd  *exec.Cmd
	addr string
}

func startChild(t *testing.T, args []string, env []string) *child {
	t.Helper()
	addr := freePort(t)
	cmd := exec.Command(binary(t), append([]string{"serve", "--addr", addr}, args...)...)
	cmd.Env = append(os.Environ(), env...)
	logf, _ := os.Create(filepath.Join(t.TempDir(), "serve.log"))
	cmd.Stdout, cmd.Stderr = logf, logf
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	c := &child{cmd: cmd, addr: addr}
	t.Cleanup(func() { c.kill() })
	deadline := time.Now().Add(20 * time.Second)
	for time.Now().Before(deadline) {
		if resp, err := http.Get("http://" + addr + "/healthz"); err == nil {
			resp.Body.Close()
			return c
		}
		time.Sleep(20 * time.Millisecond)
	}
	b, _ := os.ReadFile(logf.Name())
	t.Fatalf("serve did not become healthy:\n%s", b)
	return nil
}

func (c *child) kill() {
	if c.cmd.Process != nil {
		_ = c.cmd.Process.Signal(syscall.SIGKILL)
		_, _ = c.cmd.Process.Wait()
	}
}

// webhookSink records Standard Webhooks deliveries by webhook-id.
type webhookSink struct {
	mu  sync.Mutex
	ids map[string]int            // webhook-id → deliveries
	per map[int64]map[string]bool // conversation → distinct webhook ids
}

func newSink() (*webhookSink, *httptest.Server) {
	s := &webhookSink{ids: map[string]int{}, per: map[int64]map[string]bool{}}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var body struct {
			Data struct {
				Conversation struct {
					ID int64 `json:"id"`
				} `json:"conversation"`
			} `json:"data"`
		}
		_ = json.NewDecoder(r.Body).Decode(&body)
		id := r.Header.Get("webhook-id")
		s.mu.Lock()
		s.ids[id]++
		if s.per[body.Data.Conversation.ID] == nil {
			s.per[body.Data.Conversation.ID] = map[string]bool{}
		}
		s.per[body.Data.Conversation.ID][id] = true
		s.mu.Unlock()
	}))
	return s, srv
}

// TestCrashLosesNothing kills the server with SIGKILL in the middle of a load, restarts it on the
// same database and finishes: every acknowledged message is stored once, every escalating
// conversation is paused, and each handoff's webhook goes out under one webhook id.
func TestCrashLosesNothing(t *testing.T) {
	if testing.Short() {
		t.Skip("starts child processes")
	}
	t.Parallel()
	tests := []struct {
		name      string
		postgres  bool
		instances int
	}{
		{"sqlite", false, 1},
		{"postgres", true, 1},
		{"postgres-two-instances", true, 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			args := []string{"--data-dir", t.TempDir()}
			if tt.postgres {
				args = append(args, "--database-url", freshDatabase(t))
			}
			crashRun(t, args, tt.instances)
		})
	}
}

// crashRun drives load against instances serve processes, SIGKILLs the first one a third of the
// way in, restarts it, finishes the load and checks nothing was lost or duplicated.
func crashRun(t *testing.T, args []string, instances int) {
	sink, hook := newSink()
	defer hook.Close()
	env := []string{"HANDOFF_API_TOKEN=crash-token", "HANDOFF_WEBHOOK_URL=" + hook.URL,
		"HANDOFF_WEBHOOK_SECRET=whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "HANDOFF_SCHEDULER_TICK=100ms", "HANDOFF_LOG_LEVEL=warn",
		"HANDOFF_CLAIM_LEASE=2s", "HANDOFF_SESSION_KEY=crash-test-session-key-0123456789"}
	cfg := loadgen.Config{Token: "crash-token", Conversations: 60, Messages: 4, Concurrency: 8, Escalating: 0.25, Prefix: "crash-"}
	acked := make([]atomic.Int32, cfg.Conversations)

	srv := startChild(t, args, env)
	var survivor *child
	if instances > 1 {
		survivor = startChild(t, args, env)
	}
	cfg.BaseURL = "http://" + srv.addr
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		defer close(done)
		_, _ = loadgen.Send(ctx, cfg, acked)
	}()
	for total(acked) < cfg.Conversations*cfg.Messages/3 {
		time.Sleep(5 * time.Millisecond)
	}
	srv.kill()
	cancel()
	<-done
	before := total(acked)

	if survivor != nil {
		srv = survivor // the other instance finishes the load and takes over the dead one's work
	} else {
		srv = startChild(t, args, env)
	}
	cfg.BaseURL = "http://" + srv.addr
	rep, err := loadgen.Send(context.Background(), cfg, acked)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Failed > 0 || total(acked) != cfg.Conversations*cfg.Messages {
		t.Fatalf("second run: %d failed, %d of %d acknowledged", rep.Failed, total(acked), cfg.Conversations*cfg.Messages)
	}
	if err := loadgen.Verify(context.Background(), cfg, acked, rep); err != nil {
		t.Fatal(err)
	}
	if !rep.Verified {
		t.Fatalf("after the crash (killed at %d acks): lost %d, duplicates %d, missed handoffs %d: %v", before, rep.Lost, rep.Duplicates, rep.MissedHandoff, rep.Problems)
	}
	escalating := 0
	for i := 0; i < cfg.Conversations; i++ {
		if cfg.Escalates(i) {
			escalating++
		}
	}
	deadline := time.Now().Add(20 * time.Second)
	for {
		sink.mu.Lock()
		n := len(sink.per)
		sink.mu.Unlock()
		if n >= escalating || time.Now().After(deadline) {
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	sink.mu.Lock()
	defer sink.mu.Unlock()
	if len(sink.per) != escalating {
		t.Fatalf("webhooks for %d conversations, want %d", len(sink.per), escalating)
	}
	for conv, ids := range sink.per {
		if len(ids) != 1 {
			t.Errorf("conversation %d: %d distinct webhook ids, want 1", conv, len(ids))
		}
	}
}

// freshDatabase creates an empty PostgreSQL database for one test and drops it afterwards.
// Under CI=true an unreachable server fails the test instead of skipping it.
func freshDatabase(t *testing.T) string {
	t.Helper()
	base := os.Getenv("HANDOFF_TEST_POSTGRES_URL")
	if base == "" {
		base = "postgres://postgres@127.0.0.1:5432/test?sslmode=disable"
	}
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, base)
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("PostgreSQL unreachable: %v", err)
		}
		t.Skipf("PostgreSQL unreachable: %v", err)
	}
	defer conn.Close(ctx)
	name := fmt.Sprintf("handoff_crash_%d_%d", os.Getpid(), time.Now().UnixNano())
	if _, err := conn.Exec(ctx, "CREATE DATABASE "+name); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		c, err := pgx.Connect(context.Background(), base)
		if err == nil {
			_, _ = c.Exec(context.Background(), "DROP DATABASE IF EXISTS "+name+" WITH (FORCE)")
			c.Close(context.Background())
		}
	})
	u, err := url.Parse(base)
	if err != nil {
		t.Fatal(err)
	}
	u.Path = "/" + name
	return u.String()
}

func total(a []atomic.Int32) int {
	n := 0
	for i := range a {
		n += int(a[i].Load())
	}
	return n
}
