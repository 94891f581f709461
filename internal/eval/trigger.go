package eval

import (
	"cmp"
	"fmt"
	"slices"

	"github.com/handoffhq/handoff"
	"github.com/handoffhq/handoff/internal/simulate"
)

// RuleCount is how often one rule fired.
type RuleCount struct {
	Rule  string `json:"rule"`
	Count int    `json:"count"`
}

// TriggerReport is the share of texts that would hand a conversation over.
type TriggerReport struct {
	Name      string      `json:"name"`
	Channel   string      `json:"channel"`
	N         int         `json:"n"`
	Triggered int         `json:"triggered"` // texts after which the AI was paused
	Rate      float64     `json:"rate"`
	Rules     []RuleCount `json:"rules"` // every rule that fired, most frequent first
	Texts     []string    `json:"triggered_texts"`
}

// TriggerRate sends each text as the first customer message of a new
// conversation on channel through sim and counts the texts after which the
// AI is paused, and the rules that fired. Conversation ids are the name and
// the row number, so sim may be shared between calls with different names.
func TriggerRate(name string, texts []string, channel string, sim *simulate.Simulator) TriggerReport {
	rep := TriggerReport{Name: name, Channel: channel, N: len(texts), Rules: []RuleCount{}, Texts: []string{}}
	counts := map[string]int{}
	for i, t := range texts {
		out := sim.Step(simulate.Line{Conversation: fmt.Sprintf("%s#%d", name, i+1), Channel: channel,
			Role: handoff.RoleCustomer, Text: t})
		for _, f := range out.Fired {
			counts[f.Rule]++
		}
		if out.State != handoff.StateAIActive {
			rep.Triggered++
			rep.Texts = append(rep.Texts, t)
		}
	}
	rep.Rate = ratio(rep.Triggered, rep.N)
	rep.Rules = sortedCounts(counts)
	return rep
}

// sortedCounts lists counts, largest first, then by name.
func sortedCounts(counts map[string]int) []RuleCount {
	out := make([]RuleCount, 0, len(counts))
	for r, n := range counts {
		out = append(out, RuleCount{Rule: r, Count: n})
	}
	slices.SortFunc(out, func(a, b RuleCount) int {
		return cmp.Or(cmp.Compare(b.Count, a.Count), cmp.Compare(a.Rule, b.Rule))
	})
	return out
}
