package storetest

import (
	"context"
	"fmt"
	"sort"
	"sync"
	"testing"
	"time"

	"github.com/handoffhq/handoff"
)

var timerTests = []test{
	{"Timers", testTimers},
	{"ClaimDueTimers", testClaimDueTimers},
	{"ClaimDueTimersConcurrent", testClaimDueTimersConcurrent},
}

var outboxTests = []test{
	{"Outbox", testOutbox},
	{"ClaimOutbox", testClaimOutbox},
	{"ClaimOutboxConcurrent", testClaimOutboxConcurrent},
}

func listTimers(t *testing.T, s handoff.Store, conversationID int64) []*handoff.Timer {
	t.Helper()
	var list []*handoff.Timer
	view(t, s, func(ctx context.Context, tx handoff.Tx) (err error) {
		list, err = tx.ListTimers(ctx, conversationID)
		return err
	})
	notNil(t, "ListTimers", list)
	return list
}

func testTimers(t *testing.T, s handoff.Store) {
	c := createConversation(t, s, handoff.ChannelWeb, "v")
	resume := &handoff.Timer{ConversationID: c.ID, Kind: handoff.TimerAutoResume, DueAt: at(15 * time.Minute), CreatedAt: base}
	remind := &handoff.Timer{ConversationID: c.ID, Kind: handoff.TimerReminder, DueAt: at(5 * time.Minute), Level: 1}
	write(t, s, func(ctx context.Context, tx handoff.Tx) error {
		if err := tx.PutTimer(ctx, resume); err != nil {
			return err
		}
		return tx.PutTimer(ctx, remind)
	})
	if resume.ID <= 0 || remind.ID <= 0 || resume.ID == remind.ID {
		t.Fatalf("timer IDs %d, %d", resume.ID, remind.ID)
	}
	if remind.CreatedAt.IsZero() {
		t.Error("zero CreatedAt not filled in")
	}
	same(t, "ListTimers soonest first", []*handoff.Timer{remind, resume}, listTimers(t, s, c.ID))

	// Putting the same kind again replaces it with a new row.
	oldID := resume.ID
	moved := &handoff.Timer{ConversationID: c.ID, Kind: handoff.TimerAutoResume, DueAt: at(time.Hour), Level: 2, CreatedAt: at(time.Minute)}
	write(t, s, func(ctx context.Context, tx handoff.Tx) error { return tx.PutTimer(ctx, moved) })
	if moved.ID == oldID {
		t.Errorf("replacement kept ID %d; a holder of the old timer could delete the new one", oldID)
	}
	same(t, "after replace", []*handoff.Timer{remind, moved}, listTimers(t, s, c.ID))
	write(t, s, func(ctx context.Context, tx handoff.Tx) error { return tx.DeleteTimer(ctx, oldID) })
	same(t, "deleting the replaced id", []*handoff.Timer{remind, moved}, listTimers(t, s, c.ID))

	write(t, s, func(ctx context.Context, tx handoff.Tx) error {
		return tx.DeleteTimers(ctx, c.ID, handoff.TimerReminder)
	})
	same(t, "DeleteTimers of one kind", []*handoff.Timer{moved}, listTimers(t, s, c.ID))
	write(t, s, func(ctx context.Context, tx handoff.Tx) error {
		if err := tx.PutTimer(ctx, remind); err != nil {
			return err
		}
		return tx.DeleteTimers(ctx, c.ID, "")
	})
	same(t, "DeleteTimers of every kind", []*handoff.Timer{}, listTimers(t, s, c.ID))

	// Deleting what is not there is not an error.
	write(t, s, func(ctx context.Context, tx handoff.Tx) error {
		if err := tx.DeleteTimer(ctx, moved.ID+1000); err != nil {
			return err
		}
		return tx.DeleteTimers(ctx, c.ID, handoff.TimerReminder)
	})
	err := tryWrite(s, func(ctx context.Context, tx handoff.Tx) error {
		return tx.PutTimer(ctx, &handoff.Timer{ConversationID: c.ID + 1000, Kind: handoff.TimerReminder, DueAt: base})
	})
	wantCode(t, err, handoff.ENOTFOUND, "PutTimer for an unknown conversation")
}

func claimTimers(t *testing.T, s handoff.Store, now time.Time, lease time.Duration, limit int) []*handoff.Timer {
	t.Helper()
	var list []*handoff.Timer
	write(t, s, func(ctx context.Context, tx handoff.Tx) (err error) {
		list, err = tx.ClaimDueTimers(ctx, now, lease, limit)
		return err
	})
	notNil(t, "ClaimDueTimers", list)
	return list
}

func timerIDs(list []*handoff.Timer) []int64 {
	ids := make([]int64, len(list))
	for i, t := range list {
		ids[i] = t.ID
	}
	return ids
}

func testClaimDueTimers(t *testing.T, s handoff.Store) {
	now := base
	var timers []*handoff.Timer
	write(t, s, func(ctx context.Context, tx handoff.Tx) error {
		for i, due := range []time.Duration{time.Minute, -time.Minute, 0} {
			c := conversation(handoff.ChannelWeb, fmt.Sprint(i))
			if err := tx.CreateConversation(ctx, c); err != nil {
				return err
			}
			tm := &handoff.Timer{ConversationID: c.ID, Kind: handoff.TimerAutoResume, DueAt: now.Add(due), Level: i}
			if err := tx.PutTimer(ctx, tm); err != nil {
				return err
			}
			timers = append(timers, tm)
		}
		return nil
	})
	later, past, due := timers[0], timers[1], timers[2]

	got := claimTimers(t, s, now, time.Minute, 10)
	same(t, "due timers, soonest first", []int64{past.ID, due.ID}, timerIDs(got))
	for _, tm := range got {
		if !tm.LockedUntil.Equal(now.Add(time.Minute)) {
			t.Errorf("timer %d: LockedUntil %v, want now+lease", tm.ID, tm.LockedUntil)
		}
	}
	if len(got) == 2 {
		want := *past
		want.LockedUntil = now.Add(time.Minute)
		same(t, "claimed timer", &want, got[0])
	}
	same(t, "claimed again at once", []int64{}, timerIDs(claimTimers(t, s, now, time.Minute, 10)))
	same(t, "within the lease", []int64{}, timerIDs(claimTimers(t, s, now.Add(30*time.Second), time.Minute, 10)))
	lt := listTimers(t, s, past.ConversationID)
	if len(lt) != 1 || !lt[0].LockedUntil.Equal(now.Add(time.Minute)) {
		t.Errorf("ListTimers does not show the lease: %+v", lt)
	}

	// When the lease has passed, everything due is handed out again, up to limit.
	same(t, "after the lease, limited", []int64{past.ID, due.ID}, timerIDs(claimTimers(t, s, now.Add(2*time.Minute), time.Minute, 2)))
	same(t, "the rest", []int64{later.ID}, timerIDs(claimTimers(t, s, now.Add(2*time.Minute), time.Minute, 2)))

	write(t, s, func(ctx context.Context, tx handoff.Tx) error { return tx.DeleteTimer(ctx, past.ID) })
	same(t, "after delete", []int64{due.ID, later.ID}, timerIDs(claimTimers(t, s, now.Add(time.Hour), time.Minute, 0)))
}

// claimConcurrently runs 8 claimers until nothing is left and returns how often each id was
// handed out. A claimer gives up after rows rounds, so a store that hands rows out twice fails
// instead of looping for ever.
func claimConcurrently(t *testing.T, s handoff.Store, rows int, claim func(ctx context.Context, tx handoff.Tx) ([]int64, error)) map[int64]int {
	t.Helper()
	var (
		mu     sync.Mutex
		counts = map[int64]int{}
		wg     sync.WaitGroup
		errs   = make(chan error, 8)
	)
	for range 8 {
		wg.Go(func() {
			for round := 0; ; round++ {
				if round > rows {
					errs <- fmt.Errorf("a claimer still got rows after %d rounds", round)
					return
				}
				var ids []int64
				err := s.Write(context.Background(), func(tx handoff.Tx) (err error) {
					ids, err = claim(context.Background(), tx)
					return err
				})
				if err != nil {
					errs <- err
					return
				}
				if len(ids) == 0 {
					return
				}
				mu.Lock()
				for _, id := range ids {
					counts[id]++
				}
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Errorf("concurrent claim: %v", err)
	}
	return counts
}

func testClaimDueTimersConcurrent(t *testing.T, s handoff.Store) {
	const n = 30
	var want []int64
	write(t, s, func(ctx context.Context, tx handoff.Tx) error {
		for i := range n {
			c := conversation(handoff.ChannelWeb, fmt.Sprint(i))
			if err := tx.CreateConversation(ctx, c); err != nil {
				return err
			}
			for _, kind := range []string{handoff.TimerAutoResume, handoff.TimerReminder} {
				tm := &handoff.Timer{ConversationID: c.ID, Kind: kind, DueAt: at(time.Duration(i) * time.Second)}
				if err := tx.PutTimer(ctx, tm); err != nil {
					return err
				}
				want = append(want, tm.ID)
			}
		}
		return nil
	})
	now := at(time.Hour)
	counts := claimConcurrently(t, s, len(want), func(ctx context.Context, tx handoff.Tx) ([]int64, error) {
		list, err := tx.ClaimDueTimers(ctx, now, time.Minute, 3)
		return timerIDs(list), err
	})
	checkClaimedOnce(t, want, counts)
	same(t, "nothing left within the lease", []int64{}, timerIDs(claimTimers(t, s, now, time.Minute, 0)))
	if got := claimTimers(t, s, now.Add(2*time.Minute), time.Minute, 1000); len(got) != len(want) {
		t.Errorf("after the lease: %d timers handed out again, want %d", len(got), len(want))
	}
}

func checkClaimedOnce(t *testing.T, want []int64, counts map[int64]int) {
	t.Helper()
	for _, id := range want {
		if counts[id] != 1 {
			t.Errorf("row %d claimed %d times, want once", id, counts[id])
		}
	}
	if len(counts) != len(want) {
		got := make([]int64, 0, len(counts))
		for id := range counts {
			got = append(got, id)
		}
		sort.Slice(got, func(i, j int) bool { return got[i] < got[j] })
		t.Errorf("claimed %d distinct rows, want %d: %v", len(counts), len(want), got)
	}
}

func listOutbox(t *testing.T, s handoff.Store, f handoff.OutboxFilter) []*handoff.OutboxItem {
	t.Helper()
	var list []*handoff.OutboxItem
	view(t, s, func(ctx context.Context, tx handoff.Tx) (err error) {
		list, err = tx.ListOutbox(ctx, f)
		return err
	})
	notNil(t, "ListOutbox", list)
	return list
}

func testOutbox(t *testing.T, s handoff.Store) {
	a := createConversation(t, s, handoff.ChannelWeb, "a")
	b := createConversation(t, s, handoff.ChannelWeb, "b")
	customer := &handoff.OutboxItem{
		ConversationID: a.ID, Kind: handoff.OutboxCustomer, Target: handoff.ChannelWeb,
		Payload:       []byte(`{"text": "A person will join shortly.", "role": "system", "n": 1.5}`),
		NextAttemptAt: base, CreatedAt: base,
	}
	notify := &handoff.OutboxItem{
		ConversationID: a.ID, Kind: handoff.OutboxNotify, Target: "slack", Payload: []byte(`{"rule":"angry_sentiment"}`),
		Status: handoff.OutboxPending, Attempts: 2, NextAttemptAt: at(10 * time.Minute), LastError: "slack: 503 Service Unavailable",
	}
	delivered := &handoff.OutboxItem{
		ConversationID: b.ID, Kind: handoff.OutboxNotify, Target: "webhook", Payload: []byte(`[1,2,3]`),
		Status: handoff.OutboxDelivered, Attempts: 1, NextAttemptAt: base, DeliveredAt: ptr(at(time.Second)), CreatedAt: base,
	}
	dead := &handoff.OutboxItem{ConversationID: b.ID, Kind: handoff.OutboxNotify, Target: "email",
		Status: handoff.OutboxDead, Attempts: 8, NextAttemptAt: base, LastError: "550 mailbox unavailable"}
	all := []*handoff.OutboxItem{customer, notify, delivered, dead}
	write(t, s, func(ctx context.Context, tx handoff.Tx) error {
		for _, o := range all {
			if err := tx.CreateOutbox(ctx, o); err != nil {
				return err
			}
		}
		return nil
	})
	if customer.Status != handoff.OutboxPending {
		t.Errorf("empty Status became %q, want pending", customer.Status)
	}
	if notify.CreatedAt.IsZero() {
		t.Error("zero CreatedAt not filled in")
	}
	same(t, "ListOutbox", all, listOutbox(t, s, handoff.OutboxFilter{}))
	same(t, "ListOutbox by status", []*handoff.OutboxItem{customer, notify}, listOutbox(t, s, handoff.OutboxFilter{Status: handoff.OutboxPending}))
	same(t, "ListOutbox by conversation", []*handoff.OutboxItem{delivered, dead}, listOutbox(t, s, handoff.OutboxFilter{ConversationID: b.ID}))
	same(t, "ListOutbox by both", []*handoff.OutboxItem{dead}, listOutbox(t, s, handoff.OutboxFilter{ConversationID: b.ID, Status: handoff.OutboxDead}))
	same(t, "ListOutbox limit", []*handoff.OutboxItem{customer, notify}, listOutbox(t, s, handoff.OutboxFilter{Limit: 2}))

	customer.Status = handoff.OutboxDelivered
	customer.Attempts = 1
	customer.LastError = ""
	customer.DeliveredAt = ptr(at(3 * time.Second))
	customer.LockedUntil = at(time.Minute)
	notify.Status = handoff.OutboxDead
	notify.Attempts = 3
	notify.LastError = "gave up"
	write(t, s, func(ctx context.Context, tx handoff.Tx) error {
		if err := tx.UpdateOutbox(ctx, customer); err != nil {
			return err
		}
		return tx.UpdateOutbox(ctx, notify)
	})
	same(t, "after UpdateOutbox", all, listOutbox(t, s, handoff.OutboxFilter{}))
	err := tryWrite(s, func(ctx context.Context, tx handoff.Tx) error {
		return tx.UpdateOutbox(ctx, &handoff.OutboxItem{ID: dead.ID + 1000, Status: handoff.OutboxDead})
	})
	wantCode(t, err, handoff.ENOTFOUND, "UpdateOutbox of an unknown item")
}

func claimOutbox(t *testing.T, s handoff.Store, now time.Time, lease time.Duration, limit int) []*handoff.OutboxItem {
	t.Helper()
	var list []*handoff.OutboxItem
	write(t, s, func(ctx context.Context, tx handoff.Tx) (err error) {
		list, err = tx.ClaimOutbox(ctx, now, lease, limit)
		return err
	})
	notNil(t, "ClaimOutbox", list)
	return list
}

func outboxIDs(list []*handoff.OutboxItem) []int64 {
	ids := make([]int64, len(list))
	for i, o := range list {
		ids[i] = o.ID
	}
	return ids
}

func testClaimOutbox(t *testing.T, s handoff.Store) {
	c := createConversation(t, s, handoff.ChannelWeb, "c")
	now := base
	mk := func(status string, next time.Duration) *handoff.OutboxItem {
		return &handoff.OutboxItem{ConversationID: c.ID, Kind: handoff.OutboxNotify, Target: "slack", Payload: []byte(`{}`),
			Status: status, NextAttemptAt: now.Add(next)}
	}
	soon, first, later := mk(handoff.OutboxPending, 0), mk(handoff.OutboxPending, -time.Minute), mk(handoff.OutboxPending, 10*time.Minute)
	delivered, dead := mk(handoff.OutboxDelivered, -time.Hour), mk(handoff.OutboxDead, -time.Hour)
	write(t, s, func(ctx context.Context, tx handoff.Tx) error {
		for _, o := range []*handoff.OutboxItem{soon, first, later, delivered, dead} {
			if err := tx.CreateOutbox(ctx, o); err != nil {
				return err
			}
		}
		return nil
	})
	got := claimOutbox(t, s, now, time.Minute, 10)
	same(t, "due pending items, oldest due first", []int64{first.ID, soon.ID}, outboxIDs(got))
	if len(got) == 2 {
		want := *first
		want.LockedUntil = now.Add(time.Minute)
		same(t, "claimed item", &want, got[0])
	}
	same(t, "claimed again at once", []int64{}, outboxIDs(claimOutbox(t, s, now, time.Minute, 10)))

	// A failed attempt is rescheduled and released.
	first.Attempts, first.LastError, first.NextAttemptAt, first.LockedUntil = 1, "timeout", now.Add(30*time.Second), time.Time{}
	write(t, s, func(ctx context.Context, tx handoff.Tx) error { return tx.UpdateOutbox(ctx, first) })
	same(t, "before the retry time", []int64{}, outboxIDs(claimOutbox(t, s, now.Add(10*time.Second), time.Minute, 10)))
	same(t, "at the retry time", []int64{first.ID}, outboxIDs(claimOutbox(t, s, now.Add(30*time.Second), time.Minute, 10)))

	// A delivered item is never handed out again.
	soon.Status, soon.DeliveredAt, soon.Attempts = handoff.OutboxDelivered, ptr(now), 1
	write(t, s, func(ctx context.Context, tx handoff.Tx) error { return tx.UpdateOutbox(ctx, soon) })
	same(t, "after every lease, limited", []int64{first.ID}, outboxIDs(claimOutbox(t, s, now.Add(time.Hour), time.Minute, 1)))
	same(t, "the rest", []int64{later.ID}, outboxIDs(claimOutbox(t, s, now.Add(time.Hour), time.Minute, 0)))
}

func testClaimOutboxConcurrent(t *testing.T, s handoff.Store) {
	c := createConversation(t, s, handoff.ChannelWeb, "c")
	var want []int64
	write(t, s, func(ctx context.Context, tx handoff.Tx) error {
		for i := range 60 {
			o := &handoff.OutboxItem{ConversationID: c.ID, Kind: handoff.OutboxNotify, Target: "webhook",
				Payload: []byte(fmt.Sprintf(`{"n":%d}`, i)), NextAttemptAt: at(time.Duration(i) * time.Second)}
			if err := tx.CreateOutbox(ctx, o); err != nil {
				return err
			}
			want = append(want, o.ID)
		}
		return nil
	})
	now := at(time.Hour)
	counts := claimConcurrently(t, s, len(want), func(ctx context.Context, tx handoff.Tx) ([]int64, error) {
		list, err := tx.ClaimOutbox(ctx, now, time.Minute, 3)
		return outboxIDs(list), err
	})
	checkClaimedOnce(t, want, counts)
	same(t, "nothing left within the lease", []int64{}, outboxIDs(claimOutbox(t, s, now, time.Minute, 0)))
	if got := claimOutbox(t, s, now.Add(2*time.Minute), time.Minute, 1000); len(got) != len(want) {
		t.Errorf("after the lease: %d items handed out again, want %d", len(got), len(want))
	}
}
