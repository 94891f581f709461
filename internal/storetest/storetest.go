package storetest

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/handoffhq/handoff"
)

// test is one conformance check run on a fresh store.
type test struct {
	name string
	fn   func(t *testing.T, s handoff.Store)
}

// Run runs the conformance suite. newStore must return a fresh, empty, migrated store for
// each call and close it with t.Cleanup. Every subtest runs in parallel with the others.
func Run(t *testing.T, newStore func(t *testing.T) handoff.Store) {
	var tests []test
	for _, group := range [][]test{
		conversationTests, messageTests, ruleTests, timerTests, outboxTests, eventTests, miscTests, txTests,
	} {
		tests = append(tests, group...)
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			tc.fn(t, newStore(t))
		})
	}
}

// base is the suite's reference time; microsecond precision, not UTC on purpose.
var base = time.Date(2025, 3, 14, 9, 26, 53, 589793000, time.FixedZone("CET", 3600))

// at returns base shifted by d.
func at(d time.Duration) time.Time { return base.Add(d) }

// ptr returns a pointer to v.
func ptr[T any](v T) *T { return &v }

// write runs fn in a write transaction and fails the test on error.
func write(t testing.TB, s handoff.Store, fn func(ctx context.Context, tx handoff.Tx) error) {
	t.Helper()
	ctx := context.Background()
	if err := s.Write(ctx, func(tx handoff.Tx) error { return fn(ctx, tx) }); err != nil {
		t.Fatalf("write: %v", err)
	}
}

// view runs fn in a read transaction and fails the test on error.
func view(t testing.TB, s handoff.Store, fn func(ctx context.Context, tx handoff.Tx) error) {
	t.Helper()
	ctx := context.Background()
	if err := s.View(ctx, func(tx handoff.Tx) error { return fn(ctx, tx) }); err != nil {
		t.Fatalf("view: %v", err)
	}
}

// tryWrite runs fn in its own write transaction and returns its error.
func tryWrite(s handoff.Store, fn func(ctx context.Context, tx handoff.Tx) error) error {
	ctx := context.Background()
	return s.Write(ctx, func(tx handoff.Tx) error { return fn(ctx, tx) })
}

// tryView runs fn in its own read transaction and returns its error.
func tryView(s handoff.Store, fn func(ctx context.Context, tx handoff.Tx) error) error {
	ctx := context.Background()
	return s.View(ctx, func(tx handoff.Tx) error { return fn(ctx, tx) })
}

// wantCode fails unless err carries the domain code and a message.
func wantCode(t testing.TB, err error, code, what string) {
	t.Helper()
	if got := handoff.ErrorCode(err); got != code {
		t.Errorf("%s: want code %q, got %q (%v)", what, code, got, err)
		return
	}
	if handoff.ErrorMessage(err) == "" {
		t.Errorf("%s: error %q has no message", what, code)
	}
}

// same fails when got differs from want.
func same(t testing.TB, what string, want, got any) {
	t.Helper()
	if d := diff(want, got); d != "" {
		t.Errorf("%s: %s", what, d)
	}
}

// notNil fails when a list came back nil.
func notNil[T any](t testing.TB, what string, list []T) {
	t.Helper()
	if list == nil {
		t.Errorf("%s: want an empty list, got nil", what)
	}
}

// conversation returns a minimal conversation on channel with an external id.
func conversation(channel, externalID string) *handoff.Conversation {
	return &handoff.Conversation{
		ExternalID: externalID,
		Channel:    channel,
		State:      handoff.StateAIActive,
		Priority:   handoff.PriorityNormal,
		CreatedAt:  base,
		UpdatedAt:  base,
	}
}

// createConversation stores a minimal conversation and returns it.
func createConversation(t testing.TB, s handoff.Store, channel, externalID string) *handoff.Conversation {
	t.Helper()
	c := conversation(channel, externalID)
	write(t, s, func(ctx context.Context, tx handoff.Tx) error { return tx.CreateConversation(ctx, c) })
	return c
}

// fullSignals returns signals with every field set.
func fullSignals(n int) *handoff.Signals {
	return &handoff.Signals{
		Sentiment:              -0.6249,
		SentimentAvg:           -0.41,
		SentimentTrend:         -0.125,
		RequestHuman:           true,
		RequestHumanConfidence: 0.9,
		NegativeTone:           0.75,
		Complexity:             0.5,
		Uncertainty:            0.35,
		UncertaintyPrev:        0.8,
		Repetition:             0.2,
		MessageCount:           n,
		TurnCount:              2*n - 1,
		Keywords:               []string{"refund", "charge back"},
		EscalationScore:        0.86,
	}
}

// message returns a customer message with signals and an external id.
func message(conversationID int64, externalID string, n int) *handoff.Message {
	return &handoff.Message{
		ConversationID: conversationID,
		Role:           handoff.RoleCustomer,
		Text:           fmt.Sprintf("message %d: where is my order #%d?", n, 1000+n),
		ExternalID:     externalID,
		Source:         handoff.SourceWidget,
		Signals:        fullSignals(n),
		CreatedAt:      at(time.Duration(n) * time.Second),
	}
}
