package postgres

import (
	"context"
	"strconv"
	"sync"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
)

// notifyTimeout bounds one notification.
const notifyTimeout = 5 * time.Second

// notifier sends the event channel's notifications after the write transactions commit, from
// one goroutine, with the highest event id committed since the last one as payload.
//
// A NOTIFY inside a write transaction would make commits take turns: PostgreSQL holds a
// database-wide lock from the moment a notifying transaction starts to commit until it has
// committed, flush to disk included, so that notifications are queued in commit order. A
// notification sent on its own writes nothing to disk and holds that lock only briefly, and
// notifications that pile up while one is being sent are merged into the next.
//
// Notifications only wake the readers, which read the events from the table. A notification
// lost because the process stopped between commit and notify is made up for by the readers'
// polling (and by the next notification, which names a higher id).
type notifier struct {
	pool    *pgxpool.Pool
	channel string

	mu      sync.Mutex
	pending int64 // highest id committed and not notified yet, 0 for none
	wake    chan struct{}
	stop    chan struct{}
	done    chan struct{}
}

func startNotifier(pool *pgxpool.Pool, channel string) *notifier {
	n := &notifier{pool: pool, channel: channel, wake: make(chan struct{}, 1), stop: make(chan struct{}), done: make(chan struct{})}
	go n.run()
	return n
}

// note records that events up to id were committed; it never blocks.
func (n *notifier) note(id int64) {
	n.mu.Lock()
	n.pending = max(n.pending, id)
	n.mu.Unlock()
	select {
	case n.wake <- struct{}{}:
	default:
	}
}

func (n *notifier) run() {
	defer close(n.done)
	for {
		select {
		case <-n.wake:
			n.send()
		case <-n.stop:
			n.send()
			return
		}
	}
}

// send notifies the pending id, if any. A failure is dropped: readers poll as well.
func (n *notifier) send() {
	n.mu.Lock()
	id := n.pending
	n.pending = 0
	n.mu.Unlock()
	if id == 0 {
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), notifyTimeout)
	defer cancel()
	_, _ = n.pool.Exec(ctx, `SELECT pg_notify($1, $2)`, n.channel, strconv.FormatInt(id, 10))
}

// close sends what is pending and stops the goroutine.
func (n *notifier) close() {
	close(n.stop)
	<-n.done
}
