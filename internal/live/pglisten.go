package live

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"strconv"
	"sync/atomic"
	"time"

	"github.com/handoffhq/handoff"
	"github.com/jackc/pgx/v5"
)

// Reconnect and health-check defaults of a PGListener.
const (
	// DefaultMinBackoff is the first wait before reconnecting a lost LISTEN connection.
	DefaultMinBackoff = 100 * time.Millisecond
	// DefaultMaxBackoff is the longest wait between reconnect attempts.
	DefaultMaxBackoff = 10 * time.Second
	// DefaultHeartbeat is how long a quiet LISTEN connection goes before it is pinged.
	DefaultHeartbeat = 30 * time.Second
)

// pingTimeout is the least time a heartbeat ping may take.
const pingTimeout = 5 * time.Second

// PGSource is what a PGListener needs from the PostgreSQL store (*postgres.DB): the store to
// read events from, the transactions that may still commit event ids (ids are committed out of
// order there), a dedicated connection to LISTEN on, and the channel the store notifies.
type PGSource interface {
	handoff.Store
	WriterTracker
	// Connect opens a connection outside the pool; the caller closes it.
	Connect(ctx context.Context) (*pgx.Conn, error)
	// EventChannel is the channel the store notifies, with an event id, after committing events.
	EventChannel() string
}

// PGListener brings events committed by any instance sharing the database to the local Hub.
// It LISTENs on the store's event channel on a dedicated connection; each notification (whose
// payload is an event id) pokes a Feed, which reads every event after the last one it published
// and publishes them in id order, waiting at ids that other transactions may still commit.
// Events this instance wrote arrive the same way, once. When the connection fails it
// reconnects with exponential backoff and catches up on what it missed; the Feed's slow poll
// covers the time without a connection. A PGListener implements the engine's Publisher (a
// local poke, so this instance's own events need not wait for the round trip through
// PostgreSQL).
type PGListener struct {
	// MinBackoff and MaxBackoff bound the wait between reconnects; zero means the defaults.
	MinBackoff, MaxBackoff time.Duration
	// Heartbeat is how long the connection may stay quiet before it is pinged; zero means
	// DefaultHeartbeat. A dead connection is noticed within one Heartbeat plus the ping's
	// timeout (the larger of Heartbeat and 5s).
	Heartbeat time.Duration
	// Feed reads the events; set Feed.PollInterval before Start to change the fallback poll.
	Feed *Feed

	src       PGSource
	log       *slog.Logger
	listening atomic.Bool
	cancel    context.CancelFunc
	done      chan struct{}
}

// NewPGListener returns a listener that publishes the events of src to hub; a nil logger discards.
func NewPGListener(src PGSource, hub *Hub, logger *slog.Logger) *PGListener {
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	return &PGListener{src: src, log: logger, Feed: NewFeed(src, hub, logger)}
}

// Start starts the Feed at the newest stored event and begins listening in the background. It
// returns an error only when the newest event cannot be read; a failing LISTEN connection is
// retried in the background.
func (l *PGListener) Start(ctx context.Context) error {
	if err := l.Feed.Start(ctx); err != nil {
		return err
	}
	ctx, l.cancel = context.WithCancel(ctx)
	l.done = make(chan struct{})
	go func() {
		defer close(l.done)
		l.run(ctx)
	}()
	return nil
}

// Stop stops listening and reading and waits for both to end.
func (l *PGListener) Stop() {
	if l.cancel != nil {
		l.cancel()
		<-l.done
	}
	l.Feed.Stop()
}

// Publish pokes the Feed for events this instance committed; see Feed.Publish.
func (l *PGListener) Publish(events []*handoff.Event) { l.Feed.Publish(events) }

// Listening reports whether the LISTEN connection is up.
func (l *PGListener) Listening() bool { return l.listening.Load() }

// run keeps a LISTEN connection open until ctx ends.
func (l *PGListener) run(ctx context.Context) {
	minWait := cmpOr(l.MinBackoff, DefaultMinBackoff)
	maxWait := max(cmpOr(l.MaxBackoff, DefaultMaxBackoff), minWait)
	wait := minWait
	for ctx.Err() == nil {
		listened, err := l.listen(ctx)
		if ctx.Err() != nil {
			return
		}
		l.log.Warn("live: listen connection lost", slog.String("channel", l.src.EventChannel()),
			slog.Duration("retry_in", wait), slog.Any("error", err))
		// Full jitter keeps many instances from reconnecting in step after a database restart.
		sleep := wait/2 + rand.N(wait/2+1)
		select {
		case <-ctx.Done():
			return
		case <-time.After(sleep):
		}
		if listened {
			wait = minWait
		} else {
			wait = min(2*wait, maxWait)
		}
	}
}

// listen connects, LISTENs and pokes the Feed for each notification until the connection
// fails. listened reports whether LISTEN had succeeded, so the backoff starts over.
func (l *PGListener) listen(ctx context.Context) (listened bool, err error) {
	conn, err := l.src.Connect(ctx)
	if err != nil {
		return false, err
	}
	defer func() {
		l.listening.Store(false)
		cctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), time.Second)
		defer cancel()
		conn.Close(cctx)
	}()
	if _, err := conn.Exec(ctx, "LISTEN "+pgx.Identifier{l.src.EventChannel()}.Sanitize()); err != nil {
		return false, err
	}
	l.listening.Store(true)
	// Whatever was committed while nobody listened is read now.
	l.Feed.Poke()
	heartbeat := cmpOr(l.Heartbeat, DefaultHeartbeat)
	for {
		wctx, cancel := context.WithTimeout(ctx, heartbeat)
		n, err := conn.WaitForNotification(wctx)
		cancel()
		switch {
		case err == nil:
			if id, perr := strconv.ParseInt(n.Payload, 10, 64); perr != nil || id > l.Feed.Cursor() {
				l.Feed.Poke()
			}
		case ctx.Err() != nil:
			return true, ctx.Err()
		case errors.Is(err, context.DeadlineExceeded) || pgconnTimeout(err):
			pctx, cancel := context.WithTimeout(ctx, max(heartbeat, pingTimeout))
			err = conn.Ping(pctx)
			cancel()
			if err != nil {
				return true, fmt.Errorf("heartbeat: %w", err)
			}
		default:
			return true, err
		}
	}
}

// pgconnTimeout reports whether err is a timeout reported by the driver.
func pgconnTimeout(err error) bool {
	var t interface{ Timeout() bool }
	return errors.As(err, &t) && t.Timeout()
}

// cmpOr returns d, or def when d is zero or negative.
func cmpOr(d, def time.Duration) time.Duration {
	if d <= 0 {
		return def
	}
	return d
}
