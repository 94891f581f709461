package storetest

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/handoffhq/handoff"
)

var txTests = []test{
	{"RollbackOnError", testRollbackOnError},
	{"RollbackOnPanic", testRollbackOnPanic},
	{"ViewIsReadOnly", testViewIsReadOnly},
	{"ConcurrentWrites", testConcurrentWrites},
}

// writeEverything stores one row of every kind inside tx.
func writeEverything(ctx context.Context, tx handoff.Tx) error {
	c := conversation(handoff.ChannelWeb, "rolled-back")
	if err := tx.CreateConversation(ctx, c); err != nil {
		return err
	}
	m := message(c.ID, "m-rolled-back", 1)
	for _, step := range []func() error{
		func() error { return tx.CreateMessage(ctx, m, &handoff.Evaluation{}) },
		func() error { return tx.CreateEvaluation(ctx, &handoff.Evaluation{ConversationID: c.ID}) },
		func() error { return tx.PutRule(ctx, fullRule()) },
		func() error { return tx.PutChannelConfig(ctx, &handoff.ChannelConfig{Channel: handoff.ChannelWeb}) },
		func() error {
			return tx.PutTimer(ctx, &handoff.Timer{ConversationID: c.ID, Kind: handoff.TimerReminder, DueAt: base})
		},
		func() error {
			return tx.CreateOutbox(ctx, &handoff.OutboxItem{ConversationID: c.ID, Kind: handoff.OutboxNotify, Payload: []byte(`{}`)})
		},
		func() error {
			return tx.AppendEvent(ctx, &handoff.Event{ConversationID: c.ID, Type: handoff.EventState, Data: []byte(`{}`)})
		},
		func() error { return tx.PutScore(ctx, &handoff.Score{ConversationID: c.ID}) },
		func() error { return tx.CreateAgent(ctx, &handoff.Agent{Name: "sara"}) },
		func() error { return tx.CreateToken(ctx, &handoff.Token{Name: "t", Hash: "h"}) },
		func() error { _, err := tx.MarkSeen(ctx, "meta", "mid.rolled-back", base); return err },
	} {
		if err := step(); err != nil {
			return err
		}
	}
	return nil
}

// checkEmpty fails when anything is stored.
func checkEmpty(t *testing.T, s handoff.Store) {
	t.Helper()
	view(t, s, func(ctx context.Context, tx handoff.Tx) error {
		convs, total, err := tx.ListConversations(ctx, handoff.ConversationFilter{})
		if err != nil {
			return err
		}
		_, err = tx.MessageByExternalID(ctx, handoff.ChannelWeb, "m-rolled-back")
		wantCode(t, err, handoff.ENOTFOUND, "message after rollback")
		rules, err := tx.ListRules(ctx)
		if err != nil {
			return err
		}
		configs, err := tx.ListChannelConfigs(ctx)
		if err != nil {
			return err
		}
		outbox, err := tx.ListOutbox(ctx, handoff.OutboxFilter{})
		if err != nil {
			return err
		}
		events, err := tx.ListEvents(ctx, 0, 0, 0)
		if err != nil {
			return err
		}
		scores, err := tx.ListScores(ctx, time.Time{})
		if err != nil {
			return err
		}
		agents, err := tx.ListAgents(ctx)
		if err != nil {
			return err
		}
		tokens, err := tx.CountTokens(ctx)
		if err != nil {
			return err
		}
		got := map[string]int{"conversations": len(convs), "total": total, "rules": len(rules), "channel configs": len(configs),
			"outbox": len(outbox), "events": len(events), "scores": len(scores), "agents": len(agents), "tokens": tokens}
		same(t, "rows after rollback", map[string]int{"conversations": 0, "total": 0, "rules": 0, "channel configs": 0,
			"outbox": 0, "events": 0, "scores": 0, "agents": 0, "tokens": 0}, got)
		return nil
	})
	// The seen key was rolled back too, so it is new again.
	write(t, s, func(ctx context.Context, tx handoff.Tx) error {
		isNew, err := tx.MarkSeen(ctx, "meta", "mid.rolled-back", base)
		if err == nil && !isNew {
			t.Error("MarkSeen survived the rollback")
		}
		return err
	})
	// The store still works.
	createConversation(t, s, handoff.ChannelWeb, "after")
}

func testRollbackOnError(t *testing.T, s handoff.Store) {
	boom := errors.New("boom")
	err := tryWrite(s, func(ctx context.Context, tx handoff.Tx) error {
		if err := writeEverything(ctx, tx); err != nil {
			return err
		}
		return fmt.Errorf("later step: %w", boom)
	})
	if !errors.Is(err, boom) {
		t.Fatalf("Write returned %v, want fn's error", err)
	}
	checkEmpty(t, s)
}

func testRollbackOnPanic(t *testing.T, s handoff.Store) {
	func() {
		defer func() {
			if p := recover(); p != "boom" {
				t.Errorf("recovered %v, want the panic from fn re-raised", p)
			}
		}()
		_ = tryWrite(s, func(ctx context.Context, tx handoff.Tx) error {
			if err := writeEverything(ctx, tx); err != nil {
				return err
			}
			panic("boom")
		})
		t.Error("Write returned after fn panicked")
	}()
	checkEmpty(t, s)
}

func testViewIsReadOnly(t *testing.T, s handoff.Store) {
	err := tryView(s, func(ctx context.Context, tx handoff.Tx) error {
		return tx.CreateConversation(ctx, conversation(handoff.ChannelWeb, "from-view"))
	})
	if err == nil {
		t.Error("CreateConversation inside View succeeded")
	}
	view(t, s, func(ctx context.Context, tx handoff.Tx) error {
		_, total, err := tx.ListConversations(ctx, handoff.ConversationFilter{})
		if total != 0 {
			t.Errorf("View stored %d conversations", total)
		}
		return err
	})
}

func testConcurrentWrites(t *testing.T, s handoff.Store) {
	const writers, each, readers = 8, 15, 4
	var wg sync.WaitGroup
	errs := make(chan error, writers+readers)
	stop := make(chan struct{})
	for w := range writers {
		wg.Go(func() {
			for i := range each {
				err := tryWrite(s, func(ctx context.Context, tx handoff.Tx) error {
					c := conversation(handoff.ChannelWeb, fmt.Sprintf("w%d-%d", w, i))
					if err := tx.CreateConversation(ctx, c); err != nil {
						return err
					}
					// Read then write in one transaction, the pattern that deadlocks with lock upgrades.
					got, err := tx.ConversationByID(ctx, c.ID)
					if err != nil {
						return err
					}
					if err := tx.CreateMessage(ctx, message(c.ID, fmt.Sprintf("m%d-%d", w, i), 1), nil); err != nil {
						return err
					}
					got.MessageCount++
					if err := tx.UpdateConversation(ctx, got); err != nil {
						return err
					}
					return tx.AppendEvent(ctx, &handoff.Event{ConversationID: c.ID, Type: handoff.EventTurn, Data: []byte(`{}`)})
				})
				if err != nil {
					errs <- fmt.Errorf("writer %d, write %d: %w", w, i, err)
					return
				}
			}
		})
	}
	var rg sync.WaitGroup
	for range readers {
		rg.Go(func() {
			for {
				select {
				case <-stop:
					return
				default:
				}
				err := tryView(s, func(ctx context.Context, tx handoff.Tx) error {
					_, _, err := tx.ListConversations(ctx, handoff.ConversationFilter{Limit: 10})
					if err != nil {
						return err
					}
					_, err = tx.ListEvents(ctx, 0, 0, 10)
					return err
				})
				if err != nil {
					errs <- fmt.Errorf("reader: %w", err)
					return
				}
			}
		})
	}
	wg.Wait()
	close(stop)
	rg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	view(t, s, func(ctx context.Context, tx handoff.Tx) error {
		_, total, err := tx.ListConversations(ctx, handoff.ConversationFilter{})
		if err != nil {
			return err
		}
		if total != writers*each {
			t.Errorf("committed %d conversations, want %d", total, writers*each)
		}
		events, err := tx.ListEvents(ctx, 0, 0, 1000)
		if err != nil {
			return err
		}
		if len(events) != writers*each {
			t.Errorf("committed %d events, want %d", len(events), writers*each)
		}
		return nil
	})
}
