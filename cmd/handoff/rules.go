package main

import (
	"fmt"
	"io"
	"os"

	"github.com/handoffhq/handoff"
	"github.com/handoffhq/handoff/internal/rules"
)

func runRules(args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 || args[0] != "check" || len(args) < 2 {
		fmt.Fprint(stderr, "Usage: handoff rules check FILE...\n\nValidates rule files (YAML or JSON) and prints each rule or the first problem with its position.\n")
		if len(args) > 0 && (args[0] == "--help" || args[0] == "-h") {
			return nil
		}
		return errUsage
	}
	if args[1] == "--help" || args[1] == "-h" {
		fmt.Fprint(stdout, "Usage: handoff rules check FILE...\n")
		return nil
	}
	failed := false
	for _, path := range args[1:] {
		b, err := os.ReadFile(path)
		if err != nil {
			fmt.Fprintf(stderr, "%s: %v\n", path, err)
			failed = true
			continue
		}
		rs, err := rules.Parse(b)
		if err != nil {
			fmt.Fprintf(stderr, "%s: %s\n", path, handoff.ErrorMessage(err))
			failed = true
			continue
		}
		if _, err := rules.Compile(rs); err != nil {
			fmt.Fprintf(stderr, "%s: %s\n", path, handoff.ErrorMessage(err))
			failed = true
			continue
		}
		fmt.Fprintf(stdout, "%s: %d rule(s) OK\n", path, len(rs))
		for _, r := range rs {
			state := "enabled"
			if !r.Enabled {
				state = "disabled"
			}
			fmt.Fprintf(stdout, "  %-20s priority %-3d %-8s %s\n", r.ID, r.Priority, state, r.Name)
		}
	}
	if failed {
		return errSilent
	}
	return nil
}
