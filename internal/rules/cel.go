package rules

import (
	"fmt"
	"math"
	"regexp"
	"slices"
	"sort"
	"strings"
	"sync"

	"github.com/google/cel-go/cel"
	"github.com/google/cel-go/common"
	celast "github.com/google/cel-go/common/ast"
	"github.com/google/cel-go/ext"
	"github.com/google/cel-go/interpreter"

	"github.com/handoffhq/handoff"
)

// CostLimit is the most work one rule's expr may do on one evaluation, in CEL cost units.
// An expr that goes over it counts as false for that turn.
const CostLimit = 100_000

// MaxExprLength is the longest expr accepted, in bytes.
const MaxExprLength = 4096

// CEL variables beside signals.*: name and type.
var celConversationVars = []struct {
	name string
	typ  *cel.Type
}{
	{"conversation.channel", cel.StringType},
	{"conversation.message_count", cel.IntType},
	{"conversation.turn_count", cel.IntType},
	{"conversation.tags", cel.ListType(cel.StringType)},
	{"conversation.customer", cel.MapType(cel.StringType, cel.StringType)},
	{"conversation.minutes_open", cel.DoubleType},
	{"conversation.state", cel.StringType},
	{"conversation.priority", cel.StringType},
	{"message.text", cel.StringType},
	{"message.role", cel.StringType},
}

// celEnv is built once: it is immutable and safe for concurrent use.
var celEnv = sync.OnceValues(func() (*cel.Env, error) {
	opts := []cel.EnvOption{
		cel.CrossTypeNumericComparisons(true),
		cel.ParserExpressionSizeLimit(MaxExprLength),
		cel.ParserRecursionLimit(64),
		ext.Strings(),
	}
	names := make([]string, 0, len(handoff.SignalKinds))
	for name := range handoff.SignalKinds {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		var t *cel.Type
		switch handoff.SignalKinds[name] {
		case handoff.SignalNumber:
			t = cel.DoubleType
		case handoff.SignalBool:
			t = cel.BoolType
		case handoff.SignalList:
			t = cel.ListType(cel.StringType)
		default:
			return nil, fmt.Errorf("signal %q: unknown kind", name)
		}
		opts = append(opts, cel.Variable("signals."+name, t))
	}
	for _, v := range celConversationVars {
		opts = append(opts, cel.Variable(v.name, v.typ))
	}
	return cel.NewEnv(opts...)
})

// compiledExpr is a checked, planned CEL program and the signals it reads.
type compiledExpr struct {
	src     string
	prg     cel.Program
	signals []string // signal names the expression refers to, sorted
}

// compileExpr checks src and plans it; the error names the position of the first problem.
func compileExpr(src string) (*compiledExpr, *ValidationError) {
	if len(src) > MaxExprLength {
		return nil, &ValidationError{Field: "expr", Reason: fmt.Sprintf("longer than %d bytes", MaxExprLength)}
	}
	env, err := celEnv()
	if err != nil {
		return nil, &ValidationError{Field: "expr", Reason: err.Error()}
	}
	ast, iss := env.Compile(src)
	if iss != nil && iss.Err() != nil {
		ve := &ValidationError{Field: "expr"}
		errs := iss.Errors()
		if len(errs) == 0 {
			ve.Reason = iss.Err().Error()
			return nil, ve
		}
		first := errs[0]
		ve.Reason = strings.TrimSuffix(first.Message, " (in container '')")
		if loc := first.Location; loc != nil && loc.Line() > 0 {
			ve.Line, ve.Column = loc.Line(), loc.Column()+1
			if reason, ok := explainUndeclared(env, src, first.Message, loc); ok {
				ve.Reason = reason
			}
		}
		if len(errs) > 1 {
			ve.Reason += fmt.Sprintf(" (and %d more)", len(errs)-1)
		}
		return nil, ve
	}
	if !ast.OutputType().IsExactType(cel.BoolType) {
		return nil, &ValidationError{Field: "expr", Line: 1, Column: 1,
			Reason: fmt.Sprintf("must evaluate to bool, got %s", ast.OutputType())}
	}
	prg, err := env.Program(ast,
		cel.CostLimit(CostLimit),
		cel.EvalOptions(cel.OptOptimize),
	)
	if err != nil {
		reason := err.Error()
		if r, ok := strings.CutPrefix(reason, "error parsing regexp: "); ok {
			reason = "bad regular expression: " + r
		}
		return nil, &ValidationError{Field: "expr", Reason: reason}
	}
	seen := map[string]bool{}
	var refs []string
	for _, ref := range ast.NativeRep().ReferenceMap() {
		if name, ok := strings.CutPrefix(ref.Name, "signals."); ok && !seen[name] {
			seen[name] = true
			refs = append(refs, name)
		}
	}
	sort.Strings(refs)
	return &compiledExpr{src: src, prg: prg, signals: refs}, nil
}

var undeclared = regexp.MustCompile(`^undeclared reference to '(signals|conversation|message)'`)

// explainUndeclared rewords "undeclared reference to 'signals'" as the unknown name the
// expression used there, e.g. `unknown signal "angry"`.
func explainUndeclared(env *cel.Env, src, msg string, loc common.Location) (string, bool) {
	m := undeclared.FindStringSubmatch(msg)
	if m == nil {
		return "", false
	}
	ns := m[1]
	parsed, iss := env.Parse(src)
	if iss != nil && iss.Err() != nil {
		return "", false
	}
	info := parsed.NativeRep().SourceInfo()
	field, selected, presence := "", false, false
	celast.PreOrderVisit(parsed.NativeRep().Expr(), celast.NewExprVisitor(func(e celast.Expr) {
		if selected || e.Kind() != celast.SelectKind {
			return
		}
		op := e.AsSelect().Operand()
		if op.Kind() != celast.IdentKind || op.AsIdent() != ns {
			return
		}
		l := info.GetStartLocation(op.ID())
		if l.Line() == loc.Line() && l.Column() == loc.Column() {
			field, selected, presence = e.AsSelect().FieldName(), true, e.AsSelect().IsTestOnly()
		}
	}))
	var known []string
	for _, v := range env.Variables() {
		if name, ok := strings.CutPrefix(v.Name(), ns+"."); ok {
			known = append(known, name)
		}
	}
	sort.Strings(known)
	switch {
	case selected && slices.Contains(known, field) && presence:
		return fmt.Sprintf("has() does not apply: %s.%s is always present", ns, field), true
	case selected && slices.Contains(known, field):
		return "", false
	case !selected:
		return fmt.Sprintf("%s is a namespace: write %s.<name> with one of %s", ns, ns, strings.Join(known, " ")), true
	case ns == "signals":
		return fmt.Sprintf("unknown signal %q (want one of %s)", field, strings.Join(known, " ")), true
	}
	return fmt.Sprintf("unknown field %s.%s (want one of %s)", ns, field, strings.Join(known, " ")), true
}

// eval runs the expression; ok is false when evaluation failed (for example over the cost limit).
func (c *compiledExpr) eval(act *activation) (result, ok bool) {
	out, _, err := c.prg.Eval(act)
	if err != nil {
		return false, false
	}
	b, isBool := out.Value().(bool)
	return b, isBool
}

// activation resolves CEL variables from one Input, lazily.
type activation struct {
	in       *Input
	customer map[string]string
}

var _ interpreter.Activation = (*activation)(nil)

// ResolveName implements interpreter.Activation.
func (a *activation) ResolveName(name string) (any, bool) {
	if sig, ok := strings.CutPrefix(name, "signals."); ok {
		v, ok := a.in.Signals.Value(sig)
		if l, isList := v.([]string); isList && l == nil {
			v = []string{}
		}
		return v, ok
	}
	conv := a.in.Conversation
	if conv == nil {
		conv = &handoff.Conversation{}
	}
	switch name {
	case "conversation.channel":
		return conv.Channel, true
	case "conversation.message_count":
		return int64(max(conv.MessageCount, a.in.Signals.MessageCount)), true
	case "conversation.turn_count":
		return int64(max(conv.TurnCount, a.in.Signals.TurnCount)), true
	case "conversation.tags":
		if conv.Tags == nil {
			return []string{}, true
		}
		return conv.Tags, true
	case "conversation.customer":
		if a.customer == nil {
			a.customer = customerMap(&conv.Customer)
		}
		return a.customer, true
	case "conversation.minutes_open":
		return minutesOpen(conv, a.in), true
	case "conversation.state":
		return string(conv.State), true
	case "conversation.priority":
		return conv.Priority, true
	case "message.text":
		if a.in.Message == nil {
			return "", true
		}
		return a.in.Message.Text, true
	case "message.role":
		if a.in.Message == nil {
			return "", true
		}
		return string(a.in.Message.Role), true
	}
	return nil, false
}

// Parent implements interpreter.Activation.
func (a *activation) Parent() interpreter.Activation { return nil }

// customerMap gives the customer as CEL sees it: metadata first, then the standard keys, always present.
func customerMap(c *handoff.Customer) map[string]string {
	m := make(map[string]string, len(c.Metadata)+5)
	for k, v := range c.Metadata {
		m[k] = v
	}
	m["id"], m["name"], m["email"], m["phone"], m["locale"] = c.ID, c.Name, c.Email, c.Phone, c.Locale
	return m
}

// minutesOpen is the age of the conversation at in.Now in minutes, never negative.
func minutesOpen(c *handoff.Conversation, in *Input) float64 {
	if c.CreatedAt.IsZero() || in.Now.IsZero() {
		return 0
	}
	m := in.Now.Sub(c.CreatedAt).Minutes()
	if m < 0 || math.IsNaN(m) {
		return 0
	}
	return m
}
