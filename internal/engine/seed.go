package engine

import (
	"context"

	"github.com/handoffhq/handoff"
	"github.com/handoffhq/handoff/internal/rules"
)

// Seed stores the shipped rules and channel settings the first time a database is used.
func Seed(ctx context.Context, store handoff.Store, now handoff.Clock) error {
	return store.Write(ctx, func(tx handoff.Tx) error {
		first, err := tx.MarkSeen(ctx, "seed", "defaults", now())
		if err != nil || !first {
			return err
		}
		for _, r := range rules.Defaults() {
			r.UpdatedAt = now()
			if err := tx.PutRule(ctx, r); err != nil {
				return err
			}
		}
		for _, c := range handoff.DefaultChannelConfigs() {
			c.UpdatedAt = now()
			if err := tx.PutChannelConfig(ctx, &c); err != nil {
				return err
			}
		}
		return nil
	})
}
