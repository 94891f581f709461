package mock

import (
	"context"
	"testing"

	"github.com/handoffhq/handoff"
)

// Messages returns a conversation's stored messages, failing the test on an error.
func Messages(tb testing.TB, store handoff.Store, convID int64) []*handoff.Message {
	tb.Helper()
	var ms []*handoff.Message
	if err := store.View(context.Background(), func(tx handoff.Tx) error {
		var err error
		ms, err = tx.ListMessages(context.Background(), convID)
		return err
	}); err != nil {
		tb.Fatal(err)
	}
	return ms
}
