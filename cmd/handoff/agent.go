package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/handoffhq/handoff"
	"github.com/handoffhq/handoff/internal/config"
	"github.com/handoffhq/handoff/internal/web"
)

const agentUsage = `Usage:
  handoff agent add --name LOGIN --display-name NAME [--team TEAM] [--role admin|agent] [--password-file FILE]

The password comes from --password-file, else HANDOFF_AGENT_PASSWORD, else one line on stdin.
Database flags as for serve: --data-dir, --database-url, --config.
`

// runAgent manages console agents: "handoff agent add".
func runAgent(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer, getenv func(string) string) error {
	if len(args) == 0 || args[0] != "add" {
		fmt.Fprint(stderr, agentUsage)
		return errUsage
	}
	fs := flag.NewFlagSet("handoff agent add", flag.ContinueOnError)
	fs.SetOutput(stderr)
	name := fs.String("name", "", "login name, e.g. sara (required)")
	display := fs.String("display-name", "", "name customers see, e.g. Sara (required)")
	team := fs.String("team", "", "team customers see, e.g. Support")
	role := fs.String("role", handoff.AgentRoleAgent, "admin or agent")
	pwFile := fs.String("password-file", "", "file holding the password (first line)")
	file := fs.String("config", getenv("HANDOFF_CONFIG"), "YAML config file (env HANDOFF_CONFIG)")
	dataDir := fs.String("data-dir", "", "directory of the embedded SQLite database (env HANDOFF_DATA_DIR)")
	dbURL := fs.String("database-url", "", "postgres://… (env HANDOFF_DATABASE_URL)")
	if err := fs.Parse(args[1:]); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "handoff agent add: unexpected argument %q\n%s", fs.Arg(0), agentUsage)
		return errUsage
	}
	if *name == "" || *display == "" {
		fmt.Fprint(stderr, "handoff agent add: --name and --display-name are required\n"+agentUsage)
		return errUsage
	}
	var c config.Config
	if *file != "" {
		if err := c.LoadFile(*file); err != nil {
			return err
		}
	}
	if err := c.LoadEnv(getenv); err != nil {
		return err
	}
	if *dataDir != "" {
		c.DataDir = *dataDir
	}
	if *dbURL != "" {
		c.DatabaseURL = *dbURL
	}
	c = c.WithDefaults()
	if err := c.Validate(); err != nil {
		return fmt.Errorf("config: %w", err)
	}
	password, err := agentPassword(*pwFile, stdin, stderr, getenv)
	if err != nil {
		return err
	}
	store, err := openStore(ctx, c)
	if err != nil {
		return fmt.Errorf("open database: %w", err)
	}
	defer store.Close()
	a, err := web.CreateAgent(ctx, store, web.NewAgent{Name: strings.ToLower(*name), DisplayName: *display, Team: *team, Role: *role, Password: password}, timeNow())
	if err != nil {
		return errors.New(handoff.ErrorMessage(err))
	}
	fmt.Fprintf(stdout, "Created %s %s (%s%s). Log in at %s/console/login\n", a.Role, a.Name, a.DisplayName, teamSuffix(a.Team), strings.TrimSuffix(c.PublicURL, "/"))
	return nil
}

func teamSuffix(team string) string {
	if team == "" {
		return ""
	}
	return " · " + team
}

// agentPassword reads the password from a file, HANDOFF_AGENT_PASSWORD, or the first line of stdin.
func agentPassword(file string, stdin io.Reader, stderr io.Writer, getenv func(string) string) (string, error) {
	var pw string
	switch {
	case file != "":
		b, err := os.ReadFile(file)
		if err != nil {
			return "", fmt.Errorf("password file: %w", err)
		}
		pw, _, _ = strings.Cut(string(b), "\n")
	case getenv("HANDOFF_AGENT_PASSWORD") != "":
		pw = getenv("HANDOFF_AGENT_PASSWORD")
	default:
		fmt.Fprint(stderr, "Password (at least 8 characters): ")
		line, err := bufio.NewReader(stdin).ReadString('\n')
		if err != nil && !errors.Is(err, io.EOF) {
			return "", fmt.Errorf("read password: %w", err)
		}
		fmt.Fprintln(stderr)
		pw = line
	}
	pw = strings.TrimRight(pw, "\r\n")
	if pw == "" {
		return "", errors.New("no password given: use --password-file, HANDOFF_AGENT_PASSWORD or type it on stdin")
	}
	return pw, nil
}
