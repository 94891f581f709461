package rules

import (
	"fmt"
	"slices"
	"time"

	"github.com/handoffhq/handoff"
)

// Input is everything a rule can look at on one customer turn.
type Input struct {
	Signals      handoff.Signals
	Conversation *handoff.Conversation // channel, tags, customer, RuleFiredAt for cooldowns, CreatedAt for minutes_open
	Message      *handoff.Message      // text and role
	Now          time.Time             // the time of the turn, for cooldowns and minutes_open
}

// Set is a compiled, validated rule set ordered by priority, then id. It is immutable and safe for concurrent use.
type Set struct {
	rules []*rule
}

// Compile validates rules as a whole (each rule, and ids unique) and compiles them into a Set.
// The rules are copied: changing them afterwards does not change the Set.
func Compile(rules []*handoff.Rule) (*Set, error) {
	if len(rules) > MaxRulesPerSet {
		return nil, &ValidationError{Reason: fmt.Sprintf("more than %d rules", MaxRulesPerSet)}
	}
	var problems []*ValidationError
	set := &Set{rules: make([]*rule, 0, len(rules))}
	for i, r := range rules {
		c, ve := compileRule(cloneRule(r))
		if ve != nil {
			ve.Index = i + 1
			problems = append(problems, ve)
			continue
		}
		set.rules = append(set.rules, c)
	}
	problems = append(problems, duplicateIDs(rules)...)
	if err := asError(problems); err != nil {
		return nil, err
	}
	slices.SortStableFunc(set.rules, func(a, b *rule) int {
		if a.src.Priority != b.src.Priority {
			if a.src.Priority < b.src.Priority {
				return -1
			}
			return 1
		}
		switch {
		case a.src.ID < b.src.ID:
			return -1
		case a.src.ID > b.src.ID:
			return 1
		}
		return 0
	})
	return set, nil
}

// Rules returns copies of the compiled rules in evaluation order.
func (s *Set) Rules() []*handoff.Rule {
	if s == nil {
		return nil
	}
	out := make([]*handoff.Rule, len(s.rules))
	for i, r := range s.rules {
		out[i] = cloneRule(r.src)
	}
	return out
}

// Rule returns the compiled rule with the id, nil when there is none. It is the Set's own copy:
// read it, never change it.
func (s *Set) Rule(id string) *handoff.Rule {
	if s == nil {
		return nil
	}
	for _, r := range s.rules {
		if r.src.ID == id {
			return r.src
		}
	}
	return nil
}

// Len returns the number of rules in the set.
func (s *Set) Len() int {
	if s == nil {
		return 0
	}
	return len(s.rules)
}

// duplicateIDs reports every rule whose id an earlier rule already uses.
func duplicateIDs(rules []*handoff.Rule) []*ValidationError {
	var problems []*ValidationError
	first := make(map[string]int, len(rules))
	for i, r := range rules {
		if r == nil || r.ID == "" {
			continue
		}
		if j, ok := first[r.ID]; ok {
			problems = append(problems, &ValidationError{Rule: r.ID, Index: i + 1, Field: "id",
				Reason: fmt.Sprintf("duplicate id: rule #%d has it too", j+1)})
			continue
		}
		first[r.ID] = i
	}
	return problems
}

// cloneRule deep-copies r so the caller and the Set never share mutable parts.
func cloneRule(r *handoff.Rule) *handoff.Rule {
	if r == nil {
		return nil
	}
	c := *r
	c.Channels = slices.Clone(r.Channels)
	if r.When != nil {
		w := cloneCond(*r.When)
		c.When = &w
	}
	if r.Then != nil {
		c.Then = make([]handoff.Action, len(r.Then))
		for i, a := range r.Then {
			a.Targets = slices.Clone(a.Targets)
			c.Then[i] = a
		}
	}
	return &c
}

func cloneCond(c handoff.Condition) handoff.Condition {
	out := handoff.Condition{Signal: c.Signal, Op: c.Op, Value: cloneValue(c.Value)}
	if c.All != nil {
		out.All = make([]handoff.Condition, len(c.All))
		for i, k := range c.All {
			out.All[i] = cloneCond(k)
		}
	}
	if c.Any != nil {
		out.Any = make([]handoff.Condition, len(c.Any))
		for i, k := range c.Any {
			out.Any[i] = cloneCond(k)
		}
	}
	return out
}

func cloneValue(v any) any {
	switch x := v.(type) {
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = cloneValue(e)
		}
		return out
	case []string:
		return slices.Clone(x)
	case []float64:
		return slices.Clone(x)
	case []int:
		return slices.Clone(x)
	case map[string]any:
		out := make(map[string]any, len(x))
		for k, e := range x {
			out[k] = cloneValue(e)
		}
		return out
	}
	return v
}
