package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/handoffhq/handoff"
	"github.com/handoffhq/handoff/internal/rules"
	"github.com/handoffhq/handoff/internal/simulate"
)

func runSimulate(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("handoff simulate", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprint(stderr, `Usage: handoff simulate [--rules FILE] [--channels FILE] [--summary] < turns.jsonl

Reads one JSON object per line:
  {"conversation":"c1","channel":"web","role":"customer|ai|agent","text":"…","at":"RFC3339","confidence":0.4}
and writes one JSON object per line with the signals, fired rules, state and whether the AI may reply.
Bad lines are reported on stderr with their line number; the exit code is then 1.

Flags:
`)
		fs.PrintDefaults()
	}
	rulesFile := fs.String("rules", "", "rule set (YAML or JSON); default: the shipped rules")
	channelsFile := fs.String("channels", "", "channel settings (YAML or JSON); default: the shipped safety net")
	summary := fs.Bool("summary", false, "end with one line per conversation: first handoff turn, rule, final state")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "handoff simulate: unexpected argument %q (input comes from stdin)\n", fs.Arg(0))
		return errUsage
	}
	var set *rules.Set
	if *rulesFile != "" {
		b, err := os.ReadFile(*rulesFile)
		if err != nil {
			return err
		}
		rs, err := rules.Parse(b)
		if err != nil {
			return fmt.Errorf("%s: %s", *rulesFile, handoff.ErrorMessage(err))
		}
		if set, err = rules.Compile(rs); err != nil {
			return err
		}
	}
	var chans []handoff.ChannelConfig
	if *channelsFile != "" {
		b, err := os.ReadFile(*channelsFile)
		if err != nil {
			return err
		}
		if chans, err = simulate.ParseChannels(b); err != nil {
			return fmt.Errorf("%s: %w", *channelsFile, err)
		}
	}
	sim, err := simulate.New(set, chans, nil)
	if err != nil {
		return err
	}
	bad, err := sim.Run(stdin, stdout, stderr, *summary)
	if err != nil {
		return err
	}
	if bad > 0 {
		fmt.Fprintf(stderr, "handoff simulate: %d bad line(s)\n", bad)
		return errSilent
	}
	return nil
}
