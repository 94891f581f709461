package live_test

import (
	"context"
	"testing"
	"time"

	"github.com/handoffhq/handoff/internal/live"
)

// TestFeedReadGap: an idle Feed reads as soon as it is poked; under a stream of pokes it reads at
// most once per ReadGap, each read carrying every event committed since the last. Without the
// gap the same stream takes a read per poke.
func TestFeedReadGap(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name     string
		gap      time.Duration
		maxReads int64
	}{
		{"gap", 200 * time.Millisecond, 3},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			s := &memStore{}
			hub := live.NewHub(0)
			f := live.NewFeed(s, hub, testLogger(t))
			f.PollInterval, f.ReadGap = time.Hour, tc.gap
			if err := f.Start(context.Background()); err != nil {
				t.Fatal(err)
			}
			t.Cleanup(f.Stop)
			got := collect(hub)
			s.views.Store(0)

			start := time.Now()
			f.Publish(s.appendEvents(t, 1))
			for f.Cursor() < 1 {
				time.Sleep(time.Millisecond)
			}
			if tc.gap > 0 && time.Since(start) >= tc.gap {
				t.Errorf("an idle Feed took %v to read, want less than the gap %v", time.Since(start), tc.gap)
			}
			for range 20 { // over about 40 ms, less than the gap
				f.Publish(s.appendEvents(t, 1))
				time.Sleep(2 * time.Millisecond)
			}
			deadline := time.Now().Add(5 * time.Second)
			for f.Cursor() < 21 && time.Now().Before(deadline) {
				time.Sleep(time.Millisecond)
			}
			ids := got()
			if len(ids) != 21 || ids[20] != 21 {
				t.Fatalf("published %v, want 1 to 21", ids)
			}
			if n := s.views.Load(); n > tc.maxReads {
				t.Errorf("%d reads for 21 events poked in a burst, want at most %d", n, tc.maxReads)
			}
		})
	}
}
