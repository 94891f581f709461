// Command handoff runs the handoff service and its tools: serve, simulate, rules check, migrate, version.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"

	"github.com/handoffhq/handoff"
)

const usage = `handoff makes AI customer support safe: it watches every customer message and hands
the conversation to a person when they need one.

Usage:
  handoff serve      [flags]            run the API, widget, console and scheduler
  handoff simulate   [flags] < turns.jsonl
                                        replay transcripts through the engine, one JSON line out per line in
  handoff rules check FILE...           validate rule files (YAML or JSON)
  handoff migrate    [flags]            apply database migrations and exit
  handoff agent add  --name … --display-name … [--team …] [--role admin|agent]
                                        create a console login (password from --password-file,
                                        HANDOFF_AGENT_PASSWORD or stdin)
  handoff loadgen    [flags]            drive a running service and verify nothing was lost
  handoff eval       COMMAND FILE...    measure detection quality on labelled data (sentiment, intents,
                                        trigger-rate, tone, transcripts, all)
  handoff version                       print the version

Run "handoff COMMAND --help" for the flags of a command.
`

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	code := run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr, os.Getenv)
	stop()
	os.Exit(code)
}

// run dispatches a subcommand and returns the process exit code.
func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer, getenv func(string) string) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return 2
	}
	var err error
	switch args[0] {
	case "serve":
		err = runServe(ctx, args[1:], stdout, stderr, getenv)
	case "simulate":
		err = runSimulate(ctx, args[1:], stdin, stdout, stderr)
	case "rules":
		err = runRules(args[1:], stdout, stderr)
	case "migrate":
		err = runMigrate(ctx, args[1:], stdout, stderr, getenv)
	case "agent":
		err = runAgent(ctx, args[1:], stdin, stdout, stderr, getenv)
	case "loadgen":
		err = runLoadgen(ctx, args[1:], stdout, stderr, getenv)
	case "eval":
		err = runEval(args[1:], stdout, stderr)
	case "version", "--version", "-version":
		fmt.Fprintln(stdout, "handoff", handoff.Version)
	case "help", "-h", "--help", "-help":
		fmt.Fprint(stdout, usage)
	default:
		fmt.Fprintf(stderr, "handoff: unknown command %q\n\n%s", args[0], usage)
		return 2
	}
	switch {
	case err == nil:
		return 0
	case errors.Is(err, flag.ErrHelp):
		return 0
	case errors.Is(err, errUsage):
		return 2
	case errors.Is(err, errSilent):
		return 1
	}
	fmt.Fprintln(stderr, "handoff:", err)
	return 1
}

// errUsage marks a command-line mistake already explained on stderr.
var errUsage = errors.New("usage")

// errSilent marks a failure already reported on stderr.
var errSilent = errors.New("failed")
