package rules

import (
	_ "embed"
	"fmt"
	"sync"

	"github.com/handoffhq/handoff"
)

//go:embed defaults.yaml
var defaultsYAML []byte

var defaultRules = sync.OnceValue(func() []*handoff.Rule {
	rules, err := Parse(defaultsYAML)
	if err != nil {
		panic(fmt.Sprintf("rules: shipped defaults.yaml is invalid: %v", err))
	}
	return rules
})

// Defaults returns the five shipped rules: request_human, angry_sentiment, complex_issue,
// ai_uncertain and frustration_loop. Each call returns fresh copies.
func Defaults() []*handoff.Rule {
	src := defaultRules()
	out := make([]*handoff.Rule, len(src))
	for i, r := range src {
		out[i] = cloneRule(r)
	}
	return out
}

// DefaultsYAML returns the shipped rules as written, comments included.
func DefaultsYAML() []byte {
	return append([]byte(nil), defaultsYAML...)
}
