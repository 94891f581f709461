package rules

import (
	"fmt"
	"strings"

	"github.com/handoffhq/handoff"
)

// ValidationError is a rejected rule: which rule, which field and why.
// It wraps a handoff.EINVALID error, so handoff.ErrorCode reports EINVALID and
// handoff.ErrorMessage returns the same text as Error.
type ValidationError struct {
	Rule   string `json:"rule,omitempty"`   // the rule's id; empty when the rule has none
	Index  int    `json:"index,omitempty"`  // 1-based position of the rule in the parsed set; 0 when unknown
	Field  string `json:"field,omitempty"`  // path inside the rule, e.g. "when.all[1].op", "expr", "cooldown"; empty for the whole document
	Reason string `json:"reason"`           // what is wrong, for people
	Line   int    `json:"line,omitempty"`   // for CEL and YAML syntax errors: 1-based line; 0 when unknown
	Column int    `json:"column,omitempty"` // for CEL errors: 1-based column; 0 when unknown
}

// Error renders the error, e.g. `rule "angry_sentiment": when.all[1].op: unknown operator "=>" (…)`.
func (e *ValidationError) Error() string {
	var b strings.Builder
	switch {
	case e.Rule != "":
		fmt.Fprintf(&b, "rule %q", e.Rule)
	case e.Index > 0:
		fmt.Fprintf(&b, "rule #%d", e.Index)
	default:
		b.WriteString("rules")
	}
	if e.Field != "" {
		b.WriteString(": ")
		b.WriteString(e.Field)
	}
	switch {
	case e.Line > 0 && e.Column > 0:
		fmt.Fprintf(&b, " (line %d, column %d)", e.Line, e.Column)
	case e.Line > 0:
		fmt.Fprintf(&b, " (line %d)", e.Line)
	}
	b.WriteString(": ")
	b.WriteString(e.Reason)
	return b.String()
}

// Unwrap returns the EINVALID domain error carrying the same message.
func (e *ValidationError) Unwrap() error {
	return &handoff.Error{Code: handoff.EINVALID, Message: e.Error()}
}

// ValidationErrors is returned when several rules, or several parts of a rule set, are invalid.
// It wraps one EINVALID domain error whose message lists every problem, then each *ValidationError.
type ValidationErrors []*ValidationError

// Error lists every problem, one per line after a count.
func (es ValidationErrors) Error() string {
	if len(es) == 1 {
		return es[0].Error()
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%d problems in the rule set:", len(es))
	for _, e := range es {
		b.WriteString("\n")
		b.WriteString(e.Error())
	}
	return b.String()
}

// Unwrap returns the EINVALID domain error followed by each *ValidationError, for errors.Is and errors.As.
func (es ValidationErrors) Unwrap() []error {
	out := make([]error, 0, len(es)+1)
	out = append(out, &handoff.Error{Code: handoff.EINVALID, Message: es.Error()})
	for _, e := range es {
		out = append(out, e)
	}
	return out
}

// asError turns a list of problems into nil, a *ValidationError or ValidationErrors.
func asError(es []*ValidationError) error {
	switch len(es) {
	case 0:
		return nil
	case 1:
		return es[0]
	}
	return ValidationErrors(es)
}
