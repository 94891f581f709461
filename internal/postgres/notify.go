package postgres

import (
	"context"
	"strconv"
	"sync"
	"time"
)

// notifyGap is the least time between two notifications of an instance's new events. Every
// commit with events notes its highest id; the first after a quiet spell is sent at once, and
// the commits of the next notifyGap share one notification carrying the highest id among them.
const notifyGap = 5 * time.Millisecond

// notifier sends the store's event notifications outside the committing transactions, at most one
// per notifyGap. A notification only wakes the readers of other instances, which then read every
// event after their cursor, so one notification for many commits loses nothing; readers also poll.
type notifier struct {
	db        *DB
	mu        sync.Mutex
	pending   int64 // highest id noted and not yet sent
	scheduled bool  // a send is on its way
	sentAt    time.Time
	closed    bool
	sending   sync.WaitGroup
}

// note records that events up to id are committed and schedules a notification.
func (n *notifier) note(id int64) {
	n.mu.Lock()
	defer n.mu.Unlock()
	n.pending = max(n.pending, id)
	if n.scheduled || n.closed {
		return
	}
	n.scheduled = true
	n.sending.Add(1)
	time.AfterFunc(max(notifyGap-time.Since(n.sentAt), 0), n.send)
}

// send notifies the channel with the highest id noted so far.
func (n *notifier) send() {
	defer n.sending.Done()
	n.mu.Lock()
	id, closed := n.pending, n.closed
	n.scheduled, n.sentAt = false, time.Now()
	n.mu.Unlock()
	if closed {
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	// A failed notification only delays other instances until their next poll.
	_, _ = n.db.pool.Exec(ctx, `SELECT pg_notify($1, $2)`, n.db.channel, strconv.FormatInt(id, 10))
}

// close stops further notifications and waits for one on its way.
func (n *notifier) close() {
	n.mu.Lock()
	n.closed = true
	n.mu.Unlock()
	n.sending.Wait()
}
