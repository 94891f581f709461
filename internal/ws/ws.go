package ws

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"strconv"
	"time"

	"github.com/coder/websocket"

	"github.com/handoffhq/handoff"
	"github.com/handoffhq/handoff/internal/live"
)

// StatusResync is the close status that tells a client it fell behind and must reconnect at once
// with the last id it received.
const StatusResync websocket.StatusCode = 4000

// Defaults for Options.
const (
	DefaultPingInterval = 25 * time.Second
	DefaultWriteTimeout = 10 * time.Second
	DefaultReadLimit    = 4096
)

// readyFrame tells the client that the backlog is complete and live events follow.
var readyFrame = []byte(`{"type":"ready"}`)

// Options configure one streamed connection.
type Options struct {
	// Encode turns an event into the frame sent to this client; ok false skips it.
	// Nil sends the event as JSON.
	Encode func(e *handoff.Event) (frame []byte, ok bool)
	// OnFrame handles a text frame from the client, such as a typing notice; nil ignores them.
	OnFrame func(ctx context.Context, data []byte)
	// PingInterval is how often the client is pinged; zero means DefaultPingInterval.
	PingInterval time.Duration
	// WriteTimeout bounds one write or ping; zero means DefaultWriteTimeout.
	WriteTimeout time.Duration
	// ReadLimit is the largest client frame accepted; zero means DefaultReadLimit.
	ReadLimit int64
}

// ParseAfter reads the ?after= cursor of a request: the last event id the client saw, 0 when absent.
func ParseAfter(r *http.Request) (int64, error) {
	v := r.URL.Query().Get("after")
	if v == "" {
		return 0, nil
	}
	n, err := strconv.ParseInt(v, 10, 64)
	if err != nil || n < 0 {
		return 0, handoff.Errorf(handoff.EINVALID, "after must be a non-negative event id, got %q", v)
	}
	return n, nil
}

// AcceptOptions are the WebSocket handshake options the console and the widget use:
// no compression (it costs memory on every idle socket) and, when origins is empty,
// same-origin only.
func AcceptOptions(origins ...string) *websocket.AcceptOptions {
	return &websocket.AcceptOptions{CompressionMode: websocket.CompressionDisabled, OriginPatterns: origins}
}

// Serve streams to c: the backlog, a {"type":"ready"} frame, then the events of sub and of
// ephemeral (which may be nil) until ctx ends, the client leaves, a write or ping fails, or the
// hub drops sub for falling behind. Stored events are sent once each, in id order; ephemeral
// events (id 0) are sent as they come. Serve closes c and sub before it returns.
func Serve(ctx context.Context, c *websocket.Conn, sub *live.Subscription, backlog []*handoff.Event, ephemeral <-chan *handoff.Event, o Options) error {
	defer sub.Close()
	defer c.CloseNow()
	if o.Encode == nil {
		o.Encode = func(e *handoff.Event) ([]byte, bool) {
			b, err := json.Marshal(e)
			return b, err == nil
		}
	}
	ping := cmpOr(o.PingInterval, DefaultPingInterval)
	wt := cmpOr(o.WriteTimeout, DefaultWriteTimeout)
	limit := o.ReadLimit
	if limit <= 0 {
		limit = DefaultReadLimit
	}
	c.SetReadLimit(limit)

	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	go func() {
		defer cancel()
		for {
			typ, data, err := c.Read(ctx)
			if err != nil {
				return
			}
			if typ == websocket.MessageText && o.OnFrame != nil {
				o.OnFrame(ctx, data)
			}
		}
	}()

	write := func(frame []byte) error {
		wctx, wcancel := context.WithTimeout(ctx, wt)
		defer wcancel()
		return c.Write(wctx, websocket.MessageText, frame)
	}
	var last int64
	send := func(e *handoff.Event) error {
		if e == nil {
			return nil
		}
		if e.ID != 0 {
			if e.ID <= last {
				return nil
			}
			last = e.ID
		}
		frame, ok := o.Encode(e)
		if !ok {
			return nil
		}
		return write(frame)
	}
	for _, e := range backlog {
		if err := send(e); err != nil {
			return err
		}
	}
	if err := write(readyFrame); err != nil {
		return err
	}
	t := time.NewTicker(ping)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return ctx.Err()
		case e, ok := <-sub.C:
			if !ok {
				if sub.Lagged() {
					_ = c.Close(StatusResync, "fell behind: reconnect with your last id")
					return errors.New("subscriber fell behind")
				}
				return nil
			}
			if err := send(e); err != nil {
				return err
			}
		case e, ok := <-ephemeral:
			if !ok {
				ephemeral = nil
				continue
			}
			if err := send(e); err != nil {
				return err
			}
		case <-t.C:
			pctx, pcancel := context.WithTimeout(ctx, wt)
			err := c.Ping(pctx)
			pcancel()
			if err != nil {
				return err
			}
		}
	}
}

func cmpOr(d, def time.Duration) time.Duration {
	if d > 0 {
		return d
	}
	return def
}
