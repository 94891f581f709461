package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"sync/atomic"
	"time"

	"github.com/handoffhq/handoff/internal/loadgen"
)

func runLoadgen(ctx context.Context, args []string, stdout, stderr io.Writer, getenv func(string) string) error {
	fs := flag.NewFlagSet("handoff loadgen", flag.ContinueOnError)
	fs.SetOutput(stderr)
	url := fs.String("url", "http://127.0.0.1:8080", "base URL of a running handoff; several, comma-separated, spread the conversations over instances")
	token := fs.String("token", getenv("HANDOFF_API_TOKEN"), "API token (env HANDOFF_API_TOKEN)")
	n := fs.Int("conversations", 200, "number of conversations")
	m := fs.Int("messages", 5, "customer messages per conversation")
	r := fs.Float64("rate", 0, "messages per second overall (0: as fast as possible)")
	c := fs.Int("concurrency", 16, "parallel clients")
	esc := fs.Float64("escalating", 0.2, "share of conversations that ask for a person")
	prefix := fs.String("prefix", fmt.Sprintf("lg%d-", time.Now().Unix()), "prefix that makes this run's ids unique")
	asJSON := fs.Bool("json", false, "print the report as JSON")
	verify := fs.Bool("verify", true, "check through the API afterwards that every acknowledged message is stored once (false for a server without the API, such as bench/bare)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	cfg := loadgen.Config{BaseURL: *url, Token: *token, Conversations: *n, Messages: *m, Rate: *r, Concurrency: *c, Escalating: *esc, Prefix: *prefix}
	acked := make([]atomic.Int32, *n)
	rep, err := loadgen.Send(ctx, cfg, acked)
	if err != nil {
		return err
	}
	if *verify {
		if err := loadgen.Verify(ctx, cfg, acked, rep); err != nil {
			return fmt.Errorf("verify: %w", err)
		}
	}
	if *asJSON {
		_ = json.NewEncoder(stdout).Encode(rep)
	} else {
		fmt.Fprintf(stdout, "sent %d, acknowledged %d, failed %d in %s\nthroughput %.0f msgs/s, p50 %s, p99 %s\n",
			rep.Sent, rep.Acked, rep.Failed, rep.Duration.Round(time.Millisecond), rep.Throughput,
			rep.P50.Round(time.Microsecond), rep.P99.Round(time.Microsecond))
		if *verify {
			fmt.Fprintf(stdout, "verified: lost %d, duplicates %d, missed handoffs %d\n", rep.Lost, rep.Duplicates, rep.MissedHandoff)
		}
		for _, p := range rep.Problems {
			fmt.Fprintln(stdout, " -", p)
		}
	}
	if *verify && !rep.Verified {
		return errSilent
	}
	if !*verify && rep.Failed > 0 {
		return fmt.Errorf("%d of %d messages were not acknowledged", rep.Failed, rep.Sent)
	}
	return nil
}
