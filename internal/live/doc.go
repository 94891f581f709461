// Package live fans committed events out to the consoles and widgets connected to this
// instance, and, on PostgreSQL, brings in the events committed by the other instances.
//
// A Hub is the in-process publish/subscribe: subscribers get a buffered channel and are
// dropped, never waited for, when they fall behind. A Feed publishes to the Hub in id order by
// reading the store after the last id it published; a PGListener does the same, woken by
// LISTEN/NOTIFY. Resume hands a reconnecting client the stored backlog after its last id and
// then the live stream, with nothing lost or repeated in between.
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
// Everything here rests on one property of the stores: event ids are handed out in commit
// order (SQLite has one writer; the PostgreSQL store serialises appends), so a reader that has
// seen id N has seen every committed event below N.
//
// Lock order: Hub.mu is a leaf; filters run under it and must not call the Hub.
package live
