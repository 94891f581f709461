package rules

import (
	"fmt"
	"math"
	"regexp"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/handoffhq/handoff"
)

// TextSignal is the pseudo-signal a `when` leaf uses to look at the customer's message text
// (operators contains, any_of and matches, all case-insensitive except matches, where (?i) does that).
const TextSignal = "text"

// Limits on one rule and one set.
const (
	// MaxRuleIDLength is the longest rule id.
	MaxRuleIDLength = 64
	// MaxNameLength is the longest rule name, in bytes; descriptions may be four times as long.
	MaxNameLength = 200
	// MaxConditions is how many leaves and groups one rule's when may have.
	MaxConditions = 64
	// MaxDepth is how deeply all/any groups may nest.
	MaxDepth = 8
	// MaxCooldown is the longest cooldown.
	MaxCooldown = 365 * 24 * time.Hour
	// MaxStringValue is the longest string or regexp in a condition, in bytes.
	MaxStringValue = 1024
	// MaxReplyLength is the longest reply text, in bytes.
	MaxReplyLength = 2000
	// MaxTagLength is the longest tag, team or agent name, in bytes.
	MaxTagLength = 64
	// MaxActions is how many actions one rule may take.
	MaxActions = 32
	// MaxRulesPerSet is how many rules one set may hold.
	MaxRulesPerSet = 1000
)

// NotifyTargets lists where a notify action can send.
var NotifyTargets = []string{"team", "console", "slack", "webhook", "email"}

// Priorities lists the values set_priority accepts.
var Priorities = []string{handoff.PriorityLow, handoff.PriorityNormal, handoff.PriorityHigh, handoff.PriorityUrgent}

var idPattern = regexp.MustCompile(`^[a-z0-9_\-]{1,64}$`)

// kind is how a leaf compares: the domain's signal kinds plus the message text.
type kind int

const (
	kindNumber kind = iota
	kindBool
	kindList
	kindText
)

func (k kind) String() string {
	switch k {
	case kindNumber:
		return "number"
	case kindBool:
		return "bool"
	case kindList:
		return "list"
	}
	return "text"
}

// operators each kind accepts, in the order error messages list them.
var kindOps = map[kind][]string{
	kindNumber: {"<", "<=", ">", ">=", "==", "!=", "in"},
	kindBool:   {"==", "!="},
	kindList:   {"contains", "any_of", "matches"},
	kindText:   {"contains", "any_of", "matches"},
}

// signalKind returns the kind of a leaf's signal.
func signalKind(name string) (kind, bool) {
	if name == TextSignal {
		return kindText, true
	}
	k, ok := handoff.SignalKinds[name]
	if !ok {
		return 0, false
	}
	switch k {
	case handoff.SignalBool:
		return kindBool, true
	case handoff.SignalList:
		return kindList, true
	}
	return kindNumber, true
}

// rule is a validated rule ready to evaluate.
type rule struct {
	src      *handoff.Rule
	when     *cond
	expr     *compiledExpr
	numeric  bool // has at least one numeric leaf
	actions  []string
	channels map[string]bool
}

// cond is a compiled condition: a group or a leaf.
type cond struct {
	group   string // "all", "any" or "" for a leaf
	kids    []*cond
	signal  string
	kind    kind
	op      string
	want    any       // the value as written, for records
	num     float64   // numeric threshold
	nums    []float64 // in
	flag    bool      // bool value
	strs    []string  // contains (one), any_of (several), lower-cased
	re      *regexp.Regexp
	scale   float64 // what a distance is measured against for closeness
	counter bool    // an integer count, printed without decimals
}

// Validate checks one rule; the error is a *ValidationError naming the rule, the field and the reason.
func Validate(r *handoff.Rule) error {
	if _, ve := compileRule(r); ve != nil {
		return ve
	}
	return nil
}

// compileRule validates r and builds its evaluator.
func compileRule(r *handoff.Rule) (*rule, *ValidationError) {
	if r == nil {
		return nil, &ValidationError{Reason: "rule is empty"}
	}
	fail := func(field, format string, args ...any) (*rule, *ValidationError) {
		return nil, &ValidationError{Rule: r.ID, Field: field, Reason: fmt.Sprintf(format, args...)}
	}
	switch {
	case r.ID == "":
		return fail("id", "required")
	case !idPattern.MatchString(r.ID):
		return fail("id", "%q must be 1 to %d characters of a-z, 0-9, _ and -", r.ID, MaxRuleIDLength)
	case len(r.Name) > MaxNameLength:
		return fail("name", "longer than %d bytes", MaxNameLength)
	case !utf8.ValidString(r.Name):
		return fail("name", "not valid UTF-8")
	case !utf8.ValidString(r.Description):
		return fail("description", "not valid UTF-8")
	case len(r.Description) > 4*MaxNameLength:
		return fail("description", "longer than %d bytes", 4*MaxNameLength)
	case r.When == nil && strings.TrimSpace(r.Expr) == "":
		return fail("when", "a rule needs a when condition, an expr or both")
	case r.Cooldown < 0:
		return fail("cooldown", "must not be negative")
	case time.Duration(r.Cooldown) > MaxCooldown:
		return fail("cooldown", "longer than %s", handoff.Duration(MaxCooldown))
	}
	out := &rule{src: r}

	if r.When != nil {
		count := 0
		c, ve := compileCond(r.When, "when", 1, &count, &out.numeric)
		if ve != nil {
			ve.Rule = r.ID
			return nil, ve
		}
		out.when = c
	}
	if strings.TrimSpace(r.Expr) != "" {
		e, ve := compileExpr(r.Expr)
		if ve != nil {
			ve.Rule = r.ID
			return nil, ve
		}
		out.expr = e
	}

	if len(r.Channels) > 0 {
		out.channels = make(map[string]bool, len(r.Channels))
		for i, ch := range r.Channels {
			field := fmt.Sprintf("channels[%d]", i)
			if !handoff.ValidChannel(ch) {
				return fail(field, "unknown channel %q (want one of %s)", ch, strings.Join(handoff.Channels, " "))
			}
			if out.channels[ch] {
				return fail(field, "channel %q listed twice", ch)
			}
			out.channels[ch] = true
		}
	}

	switch {
	case len(r.Then) == 0:
		return fail("then", "a rule needs at least one action")
	case len(r.Then) > MaxActions:
		return fail("then", "more than %d actions", MaxActions)
	}
	for i, a := range r.Then {
		if reason := checkAction(a); reason != "" {
			return fail(fmt.Sprintf("then[%d]", i), "%s", reason)
		}
		out.actions = append(out.actions, a.String())
	}
	return out, nil
}

// compileCond validates one condition node at path and compiles it.
func compileCond(c *handoff.Condition, path string, depth int, count *int, numeric *bool) (*cond, *ValidationError) {
	fail := func(field, format string, args ...any) (*cond, *ValidationError) {
		return nil, &ValidationError{Field: field, Reason: fmt.Sprintf(format, args...)}
	}
	*count++
	if *count > MaxConditions {
		return fail(path, "more than %d conditions in one rule", MaxConditions)
	}
	if depth > MaxDepth {
		return fail(path, "nested deeper than %d levels", MaxDepth)
	}
	isLeaf := c.Signal != "" || c.Op != "" || c.Value != nil
	if c.All != nil && c.Any != nil {
		return fail(path, "has both all and any; nest one inside the other")
	}
	if c.IsGroup() {
		group, kids := "all", c.All
		if c.Any != nil {
			group, kids = "any", c.Any
		}
		if isLeaf {
			return fail(path, "a group (%s) cannot also have signal, op or value", group)
		}
		if len(kids) == 0 {
			return fail(path+"."+group, "needs at least one condition")
		}
		out := &cond{group: group, kids: make([]*cond, 0, len(kids))}
		for i := range kids {
			k, ve := compileCond(&kids[i], fmt.Sprintf("%s.%s[%d]", path, group, i), depth+1, count, numeric)
			if ve != nil {
				return nil, ve
			}
			out.kids = append(out.kids, k)
		}
		return out, nil
	}

	if c.Signal == "" {
		if !isLeaf {
			return fail(path, "empty condition: want all, any or {signal, op, value}")
		}
		return fail(path+".signal", "required")
	}
	k, ok := signalKind(c.Signal)
	if !ok {
		return fail(path+".signal", "unknown signal %q (want one of %s)", c.Signal, strings.Join(leafSignals(), " "))
	}
	if c.Op == "" {
		return fail(path+".op", "required (want one of %s)", strings.Join(kindOps[k], " "))
	}
	if !slices.Contains(handoff.Operators, c.Op) {
		return fail(path+".op", "unknown operator %q (want one of %s)", c.Op, strings.Join(handoff.Operators, " "))
	}
	if !slices.Contains(kindOps[k], c.Op) {
		return fail(path+".op", "operator %q does not apply to %s signal %q (want one of %s)",
			c.Op, k, c.Signal, strings.Join(kindOps[k], " "))
	}
	out := &cond{signal: c.Signal, kind: k, op: c.Op, want: c.Value}
	vpath := path + ".value"
	if c.Value == nil {
		return fail(vpath, "required")
	}
	switch {
	case k == kindNumber && c.Op == "in":
		list, ok := asList(c.Value)
		if !ok || len(list) == 0 {
			return fail(vpath, "must be a non-empty list of numbers for %q, got %s", c.Op, describe(c.Value))
		}
		for i, v := range list {
			n, ok := number(v)
			if !ok {
				return fail(fmt.Sprintf("%s[%d]", vpath, i), "must be a number, got %s", describe(v))
			}
			out.nums = append(out.nums, n)
		}
		*numeric = true
	case k == kindNumber:
		n, ok := number(c.Value)
		if !ok {
			return fail(vpath, "must be a number for %q, got %s", c.Op, describe(c.Value))
		}
		out.num = n
		*numeric = true
	case k == kindBool:
		b, ok := c.Value.(bool)
		if !ok {
			return fail(vpath, "must be true or false for %q, got %s", c.Signal, describe(c.Value))
		}
		out.flag = b
	case c.Op == "any_of":
		list, ok := asList(c.Value)
		if !ok || len(list) == 0 {
			return fail(vpath, "must be a non-empty list of strings for %q, got %s", c.Op, describe(c.Value))
		}
		for i, v := range list {
			s, ok := v.(string)
			if reason := checkString(s, ok, v); reason != "" {
				return fail(fmt.Sprintf("%s[%d]", vpath, i), "%s", reason)
			}
			out.strs = append(out.strs, strings.ToLower(s))
		}
	default: // contains, matches
		s, ok := c.Value.(string)
		if reason := checkString(s, ok, c.Value); reason != "" {
			return fail(vpath, "%s", reason)
		}
		if c.Op == "matches" {
			re, err := regexp.Compile(s)
			if err != nil {
				return fail(vpath, "bad regular expression: %s", strings.TrimPrefix(err.Error(), "error parsing regexp: "))
			}
			out.re = re
		} else {
			out.strs = []string{strings.ToLower(s)}
		}
	}
	if k == kindNumber {
		for _, n := range append([]float64{out.num}, out.nums...) {
			if math.IsNaN(n) || math.IsInf(n, 0) {
				return fail(vpath, "must be a finite number")
			}
		}
		out.counter = isCounter(c.Signal)
		out.scale = scaleFor(c.Signal, out.num)
	}
	return out, nil
}

// checkString returns why v cannot be a condition string, "" if it can.
func checkString(s string, ok bool, v any) string {
	switch {
	case !ok:
		return fmt.Sprintf("must be a string, got %s", describe(v))
	case s == "":
		return "must not be empty"
	case len(s) > MaxStringValue:
		return fmt.Sprintf("longer than %d bytes", MaxStringValue)
	case !utf8.ValidString(s):
		return "not valid UTF-8"
	}
	return ""
}

// checkAction returns why a cannot run, "" if it can.
func checkAction(a handoff.Action) string {
	extra := func(allowed ...string) string {
		var got []string
		if a.Value != "" && !slices.Contains(allowed, "value") {
			got = append(got, "value")
		}
		if len(a.Targets) > 0 && !slices.Contains(allowed, "targets") {
			got = append(got, "targets")
		}
		if a.Team != "" && !slices.Contains(allowed, "team") {
			got = append(got, "team")
		}
		if a.Agent != "" && !slices.Contains(allowed, "agent") {
			got = append(got, "agent")
		}
		if len(got) > 0 {
			return fmt.Sprintf("%s does not take %s", a.Type, strings.Join(got, ", "))
		}
		return ""
	}
	switch a.Type {
	case "":
		return fmt.Sprintf("action type required (want one of %s)", strings.Join(handoff.ActionTypes, " "))
	case handoff.ActionPauseAI:
		return extra()
	case handoff.ActionNotify:
		for i, t := range a.Targets {
			if !slices.Contains(NotifyTargets, t) {
				return fmt.Sprintf("unknown notify target %q (want one of %s)", t, strings.Join(NotifyTargets, " "))
			}
			if slices.Contains(a.Targets[:i], t) {
				return fmt.Sprintf("notify target %q listed twice", t)
			}
		}
		return extra("targets")
	case handoff.ActionAssign:
		if a.Team == "" && a.Agent == "" {
			return "assign needs a team or an agent"
		}
		for _, s := range []string{a.Team, a.Agent} {
			if len(s) > MaxTagLength || !utf8.ValidString(s) || strings.TrimSpace(s) != s {
				return fmt.Sprintf("bad assignee %q", s)
			}
		}
		return extra("team", "agent")
	case handoff.ActionTag:
		switch {
		case a.Value == "":
			return "tag needs a value, e.g. {tag: angry}"
		case len(a.Value) > MaxTagLength:
			return fmt.Sprintf("tag longer than %d bytes", MaxTagLength)
		case !utf8.ValidString(a.Value) || strings.TrimSpace(a.Value) != a.Value || strings.ContainsFunc(a.Value, isControl):
			return fmt.Sprintf("bad tag %q", a.Value)
		}
		return extra("value")
	case handoff.ActionSetPriority:
		if !slices.Contains(Priorities, a.Value) {
			return fmt.Sprintf("set_priority needs one of %s, got %q", strings.Join(Priorities, " "), a.Value)
		}
		return extra("value")
	case handoff.ActionReply:
		switch {
		case strings.TrimSpace(a.Value) == "":
			return "reply needs text, e.g. {reply: \"A colleague will be with you shortly.\"}"
		case len(a.Value) > MaxReplyLength:
			return fmt.Sprintf("reply longer than %d bytes", MaxReplyLength)
		case !utf8.ValidString(a.Value):
			return "reply is not valid UTF-8"
		}
		return extra("value")
	}
	return fmt.Sprintf("unknown action %q (want one of %s)", a.Type, strings.Join(handoff.ActionTypes, " "))
}

func isControl(r rune) bool { return r < 0x20 || r == 0x7f }

// leafSignals lists every name a leaf may use, sorted, text last.
func leafSignals() []string {
	names := make([]string, 0, len(handoff.SignalKinds)+1)
	for name := range handoff.SignalKinds {
		names = append(names, name)
	}
	slices.Sort(names)
	return append(names, TextSignal)
}

// number converts the numeric types a rule value can hold to float64.
func number(v any) (float64, bool) {
	switch n := v.(type) {
	case float64:
		return n, true
	case float32:
		return float64(n), true
	case int:
		return float64(n), true
	case int64:
		return float64(n), true
	case int32:
		return float64(n), true
	case uint:
		return float64(n), true
	case uint64:
		return float64(n), true
	case uint32:
		return float64(n), true
	}
	return 0, false
}

// asList accepts the list types a rule built in Go may hold, besides the []any decoding gives.
func asList(v any) ([]any, bool) {
	switch l := v.(type) {
	case []any:
		return l, true
	case []string:
		return toAny(l), true
	case []float64:
		return toAny(l), true
	case []int:
		return toAny(l), true
	}
	return nil, false
}

func toAny[T any](l []T) []any {
	out := make([]any, len(l))
	for i, v := range l {
		out[i] = v
	}
	return out
}

// describe names a value's type for error messages.
func describe(v any) string {
	switch x := v.(type) {
	case nil:
		return "nothing"
	case string:
		return fmt.Sprintf("string %q", x)
	case bool:
		return fmt.Sprintf("bool %v", x)
	case []any, []string, []float64, []int:
		return "a list"
	case map[string]any:
		return "a map"
	}
	if n, ok := number(v); ok {
		return fmt.Sprintf("number %g", n)
	}
	return fmt.Sprintf("%T", v)
}

// isCounter reports whether a signal is an integer count.
func isCounter(signal string) bool {
	return signal == "message_count" || signal == "turn_count"
}

// scaleFor is the distance at which a numeric leaf counts as not close at all:
// half the signal's range for bounded signals ([-1,1] → 1, [0,1] → 0.5),
// 1 for sentiment_trend, and max(|threshold|, 1) for counts.
func scaleFor(signal string, threshold float64) float64 {
	switch signal {
	case "sentiment", "sentiment_avg", "sentiment_trend":
		return 1
	case "message_count", "turn_count":
		return max(math.Abs(threshold), 1)
	}
	return 0.5
}
