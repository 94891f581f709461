// Package live fans committed events out to the consoles and widgets connected to this
// instance, and, on PostgreSQL, brings in the events committed by the other instances.
//
// A Hub is the in-process publish/subscribe: subscribers get a buffered channel and are
// dropped, never waited for, when they fall behind. A Feed publishes to the Hub in id order by
// reading the store after the last id it published, waiting at an id that may still be
// committed; a PGListener does the same, woken by LISTEN/NOTIFY. Resume hands a reconnecting
// client the stored backlog after its last id and then the live stream, with nothing lost or
// repeated in between.
//
// Wiring, one instance on SQLite:
//
//	hub := live.NewHub(0)
//	feed := live.NewFeed(store, hub, logger)
//	err := feed.Start(ctx) // defer feed.Stop()
//	engine.Config{Publisher: feed, …}
//
// Several instances on PostgreSQL:
//
//	hub := live.NewHub(0)
//	listener := live.NewPGListener(db, hub, logger) // db is a *postgres.DB
//	err := listener.Start(ctx) // defer listener.Stop()
//	engine.Config{Publisher: listener, …}
//
// A connection handler then calls Resume(ctx, store, hub, lastSeenID, conversationID), sends
// the backlog, and forwards sub.C until it closes; if sub.Lagged() the client reconnects with
// the last id it received.
//
// The stream is in event-id order and gap-free: a client that resumes after id N gets every
// event committed after N, once. On SQLite ids are committed in id order (one writer), so a
// reader that has seen N has seen everything below it. On PostgreSQL transactions append
// events concurrently, so id N+1 can be committed before N, or N never (a rollback). The Feed
// handles both with one rule: it publishes in id order, and at a missing id it waits until the
// id turns up or the store (a WriterTracker) shows that no transaction that could still commit
// it is running; then it moves on. Its cursor is therefore always a point below which nothing
// more will be committed, and it is the Hub's mark, taken at one instant with each
// subscription: on PostgreSQL Resume reads the backlog up to the mark, and past it only as far
// as the ids run without a gap, and takes the rest from the subscription. HoleWait bounds the
// wait (default one second) so one stuck transaction cannot stall every console: the Feed
// then moves on with a warning in the log, and an event that transaction commits afterwards is
// stored but reaches clients only when they reload.
//
// The alternative of ordering the stream by PostgreSQL transaction id (reading only events of
// transactions older than every running one) is gap-free without waiting, but the stream
// would no longer follow event ids, so the Hub, Resume and every client's "after id N" would
// need a second position, and any long write transaction on the server would hold the stream
// back. Waiting at a missing id costs only the time a few transactions take to commit, since
// events are appended last, just before commit.
//
// Lock order: Hub.mu is a leaf; filters run under it and must not call the Hub.
package live
