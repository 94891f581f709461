// Command bare serves the ingest baseline over HTTP: loadgen.BareHandler on POST
// /api/v1/messages (decode, insert the message row, nothing else) and GET /healthz, on the same
// stores handoff uses. bench/loadgen drives it with `handoff loadgen --verify=false` beside
// handoff itself.
//
//	go run ./bench/bare --addr 127.0.0.1:8090 --data-dir /tmp/bare
//	go run ./bench/bare --addr 127.0.0.1:8090 --database-url postgres://postgres@127.0.0.1:5432/test
package main

import (
	"context"
	"flag"
	"fmt"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/handoffhq/handoff"
	"github.com/handoffhq/handoff/internal/loadgen"
	"github.com/handoffhq/handoff/internal/postgres"
	"github.com/handoffhq/handoff/internal/sqlite"
)

func main() {
	addr := flag.String("addr", "127.0.0.1:8090", "listen address")
	dir := flag.String("data-dir", "./bare-data", "SQLite directory (without --database-url)")
	url := flag.String("database-url", "", "PostgreSQL URL (postgres://…); empty: SQLite in --data-dir")
	flag.Parse()
	if err := run(*addr, *dir, *url); err != nil {
		fmt.Fprintln(os.Stderr, "bare:", err)
		os.Exit(1)
	}
}

func run(addr, dir, url string) error {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	var db handoff.Store
	var err error
	if url != "" {
		db, err = postgres.Open(ctx, url)
	} else {
		db, err = sqlite.Open(ctx, dir)
	}
	if err != nil {
		return err
	}
	defer db.Close()
	mux := http.NewServeMux()
	mux.Handle("POST /api/v1/messages", loadgen.BareHandler(db))
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, _ *http.Request) { w.WriteHeader(http.StatusOK) })
	srv := &http.Server{Addr: addr, Handler: mux, ReadHeaderTimeout: 5 * time.Second}
	go func() {
		<-ctx.Done()
		sctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		_ = srv.Shutdown(sctx)
	}()
	if err := srv.ListenAndServe(); err != http.ErrServerClosed {
		return err
	}
	return nil
}
