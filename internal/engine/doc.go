// Package engine connects the pure parts (analyze, rules, state) to the store: it ingests
// messages idempotently, records signals and rule evaluations, changes state, writes effects
// to the outbox in the same transaction, asks the responder for AI replies, and runs the
// scheduler that fires stored timers. Turn is the pure core shared with `handoff simulate`.
package engine
