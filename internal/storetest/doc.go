// Package storetest is the conformance suite every handoff.Store backend must pass.
//
// A backend's tests call Run with a constructor that returns a fresh, empty, migrated store
// and closes it with t.Cleanup; Bench measures the same store under an ingest-like load.
// The suite uses only the handoff.Store and handoff.Tx interfaces, so it runs unchanged
// against SQLite and PostgreSQL.
//
// The contract it checks, beyond what the interface comments say:
//   - Every field of every type round-trips. Times compare with time.Equal; the suite uses
//     microsecond precision so that a backend storing microseconds passes, and a backend
//     that fills in a zero CreatedAt or UpdatedAt from its clock sets the struct to exactly
//     the value it stored. Nil time pointers stay nil.
//   - Raw JSON (OutboxItem.Payload, Event.Data) is compared by meaning, not bytes.
//   - Tags, RuleFiredAt, Evaluation.Fired, NearMisses and Outcomes, and every List result,
//     come back non-nil when empty, so they encode as [] or {} rather than null.
//   - Message external ids are unique per channel, not per conversation; so are
//     conversation external ids. An empty external id never conflicts and never matches.
//   - An error from fn, or a panic, rolls the whole transaction back; Write returns fn's
//     error unchanged and re-raises the panic. Writes inside View fail.
//   - Each failing statement (a conflict, say) runs in its own Write, since PostgreSQL
//     aborts the rest of a transaction after an error.
//   - PutTimer gives a replacement timer a new ID; DeleteTimer of a missing id and
//     DeleteTimers of none are not errors; DeleteTimers with kind "" removes every kind.
//   - Claimed rows go to exactly one of many concurrent claimers and come back once the
//     lease has passed (compared with the now argument, not the wall clock).
//   - Event IDs grow across transactions and deletions.
//   - ListConversations orders by UpdatedAt descending, matches tags case-insensitively
//     as whole elements, filters Since on CreatedAt, defaults Limit to 50 and caps it at 500.
//   - ListRules orders by priority then id; ListChannelConfigs by channel; ListAgents by
//     name; ListTimers by due time; ListOutbox, ListEvents and ListMessages by id;
//     ListEvaluations by CreatedAt, those stored with a message before one stored on its
//     own at the same time; ListScores by CreatedAt.
//   - An evaluation stored with its message takes the message's ids and time, and its
//     signals when the message has them.
//
// Upgraded checks what an upgrade from schema version 2 must keep.
package storetest
