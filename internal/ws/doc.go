// Package ws streams live events to browsers over WebSocket (github.com/coder/websocket).
//
// A connection first gets the stored backlog after the last event id the client saw, then a
// "ready" frame, then live events from the live.Hub as they are committed. Events are sent at
// most once per connection and in id order: anything at or below the last id sent is dropped,
// so a client that reconnects with ?after=<last id> loses nothing and sees nothing twice.
//
// Typing indicators are ephemeral: they are never stored and carry id 0. A Relay fans them out
// to the connections of this instance only.
//
// A connection ends when the client goes away, a write or ping times out, the context ends, or
// the hub drops the subscription because the client fell behind; in that last case the close
// status tells the client to reconnect at once.
package ws
