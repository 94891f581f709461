package engine

import (
	"context"

	"github.com/handoffhq/handoff"
	"github.com/handoffhq/handoff/internal/rules"
)

// SaveRules stores incoming rules (or, with replace, makes them the whole set) after checking
// that the resulting set compiles; nothing is saved when it does not. With mustBeNew an
// existing id is ECONFLICT. The next message uses the new set.
func (e *Engine) SaveRules(ctx context.Context, incoming []*handoff.Rule, replace, mustBeNew bool) error {
	now := e.Now()
	defer e.InvalidateRules()
	return e.cfg.Store.Write(ctx, func(tx handoff.Tx) error {
		current, err := tx.ListRules(ctx)
		if err != nil {
			return err
		}
		byID := map[string]*handoff.Rule{}
		if !replace {
			for _, r := range current {
				byID[r.ID] = r
			}
		}
		for _, in := range incoming {
			if _, ok := byID[in.ID]; ok && mustBeNew {
				return handoff.Errorf(handoff.ECONFLICT, "a rule with id %q already exists: pick another id or edit that rule", in.ID)
			}
			in.UpdatedAt = now
			byID[in.ID] = in
		}
		all := make([]*handoff.Rule, 0, len(byID))
		for _, r := range byID {
			all = append(all, r)
		}
		if _, err := rules.Compile(all); err != nil {
			return err
		}
		if replace {
			for _, r := range current {
				if err := tx.DeleteRule(ctx, r.ID); err != nil {
					return err
				}
			}
		}
		for _, in := range incoming {
			if err := tx.PutRule(ctx, in); err != nil {
				return err
			}
		}
		return nil
	})
}
