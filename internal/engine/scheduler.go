package engine

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"time"

	"github.com/handoffhq/handoff"
)

// DefaultLease is how long a claimed timer or outbox row is held before another instance (or this
// one after a restart) may take it over; one delivery attempt may take at most half of it.
const DefaultLease = time.Minute

// RunDue fires every due timer and delivers every due outbox item once; the scheduler loop calls it.
// It returns how many rows it handled.
func (e *Engine) RunDue(ctx context.Context, notifiers map[string]handoff.Notifier) (int, error) {
	n := 0
	var timers []*handoff.Timer
	if err := e.cfg.Store.Write(ctx, func(tx handoff.Tx) error {
		var err error
		timers, err = tx.ClaimDueTimers(ctx, e.Now(), e.cfg.Lease, 100)
		return err
	}); err != nil {
		return 0, fmt.Errorf("claim timers: %w", err)
	}
	for _, t := range timers {
		if err := e.fireTimer(ctx, t); err != nil {
			e.log.Error("fire timer", slog.Int64("timer_id", t.ID), slog.String("kind", t.Kind), slog.Any("error", err))
			continue
		}
		n++
	}
	var items []*handoff.OutboxItem
	if err := e.cfg.Store.Write(ctx, func(tx handoff.Tx) error {
		var err error
		items, err = tx.ClaimOutbox(ctx, e.Now(), e.cfg.Lease, 100)
		return err
	}); err != nil {
		return n, fmt.Errorf("claim outbox: %w", err)
	}
	for _, it := range items {
		e.deliver(ctx, it, notifiers[it.Target])
		n++
	}
	return n, nil
}

// RetrySchedule is the wait before each retry of a failed delivery; after the last the item is dead.
var RetrySchedule = []time.Duration{5 * time.Second, 5 * time.Minute, 30 * time.Minute, 2 * time.Hour, 5 * time.Hour, 10 * time.Hour, 10 * time.Hour}

// deliver sends one outbox item and records the outcome: delivered, retry later, or dead.
func (e *Engine) deliver(ctx context.Context, it *handoff.OutboxItem, n handoff.Notifier) {
	var err error
	if n == nil {
		err = handoff.Errorf(handoff.EINVALID, "no notifier configured for target %q", it.Target)
	} else {
		dctx, cancel := context.WithTimeout(ctx, e.cfg.Lease/2)
		err = n.Deliver(dctx, it)
		cancel()
	}
	now := e.Now()
	it.Attempts++
	it.LockedUntil = time.Time{}
	switch {
	case err == nil:
		it.Status, it.DeliveredAt, it.LastError = handoff.OutboxDelivered, &now, ""
	case handoff.ErrorCode(err) == handoff.EINVALID || it.Attempts > len(RetrySchedule):
		it.Status, it.LastError = handoff.OutboxDead, err.Error()
	default:
		wait := RetrySchedule[it.Attempts-1]
		wait += time.Duration(rand.Int64N(int64(wait)/10 + 1)) // jitter so retries from many items spread out
		it.Status, it.LastError, it.NextAttemptAt = handoff.OutboxPending, err.Error(), now.Add(wait)
	}
	if err != nil {
		e.log.Warn("delivery failed", slog.Int64("outbox_id", it.ID), slog.String("target", it.Target),
			slog.Int("attempts", it.Attempts), slog.String("status", it.Status), slog.Any("error", err))
	}
	if uerr := e.cfg.Store.Write(ctx, func(tx handoff.Tx) error { return tx.UpdateOutbox(ctx, it) }); uerr != nil {
		e.log.Error("record delivery", slog.Int64("outbox_id", it.ID), slog.Any("error", uerr))
	}
}

// Scheduler runs RunDue on a fixed tick until stopped.
type Scheduler struct {
	Engine    *Engine
	Notifiers map[string]handoff.Notifier
	Interval  time.Duration

	cancel context.CancelFunc
	done   chan struct{}
}

// Start begins the loop in the background.
func (s *Scheduler) Start(ctx context.Context) {
	ctx, s.cancel = context.WithCancel(ctx)
	s.done = make(chan struct{})
	interval := s.Interval
	if interval <= 0 {
		interval = time.Second
	}
	go func() {
		defer close(s.done)
		t := time.NewTicker(interval)
		defer t.Stop()
		for {
			if _, err := s.Engine.RunDue(ctx, s.Notifiers); err != nil && !errors.Is(err, context.Canceled) {
				s.Engine.log.Error("scheduler", slog.Any("error", err))
			}
			select {
			case <-ctx.Done():
				return
			case <-t.C:
			}
		}
	}()
}

// Stop ends the loop and waits for the current pass to finish.
func (s *Scheduler) Stop() {
	if s.cancel != nil {
		s.cancel()
		<-s.done
	}
}
