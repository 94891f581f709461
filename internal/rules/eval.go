package rules

import (
	"math"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/handoffhq/handoff"
)

// NearMissCloseness is the closeness from which an unmatched rule is reported as a near miss.
const NearMissCloseness = 0.6

// Reasons a rule was skipped, as recorded in RuleOutcome.Skipped.
const (
	// SkipDisabled means the rule is switched off.
	SkipDisabled = "disabled"
	// SkipChannel means the rule does not run on the conversation's channel.
	SkipChannel = "channel"
	// SkipCooldown means the rule fired for this conversation less than its cooldown ago.
	SkipCooldown = "cooldown"
)

// maxActualText is how much of the message text a condition result records, in runes.
const maxActualText = 120

// Evaluate runs every rule on in, in order, and returns the record: Signals, Fired, NearMisses,
// Outcomes and Explanation are filled; ids, times and states are left to the caller.
func (s *Set) Evaluate(in Input) handoff.Evaluation {
	ev := handoff.Evaluation{
		Signals:    in.Signals,
		Fired:      []handoff.FiredRule{},
		NearMisses: []handoff.NearMiss{},
		Outcomes:   make([]handoff.RuleOutcome, 0, s.Len()),
	}
	ev.Signals.Keywords = slices.Clone(in.Signals.Keywords)
	ctx := &evalCtx{in: &in}
	ctx.act.in = &in
	var firedRules []*rule
	var whys []string
	for _, r := range s.rulesOrNil() {
		out := handoff.RuleOutcome{Rule: r.src.ID}
		if skip := r.skip(&in); skip != "" {
			out.Skipped = skip
			ev.Outcomes = append(ev.Outcomes, out)
			continue
		}
		ctx.leaves = ctx.leaves[:0]
		whenOK, closeness := true, 1.0
		var res condRes
		if r.when != nil {
			res = ctx.eval(r.when, &out)
			whenOK, closeness = res.ok, res.close
		}
		exprOK := true
		if r.expr != nil {
			v, ok := r.expr.eval(&ctx.act)
			if ok {
				out.ExprResult = &v
			}
			exprOK = ok && v
			if !exprOK {
				closeness = 0
			}
		}
		out.Matched = whenOK && exprOK
		if out.Matched {
			closeness = 1
		}
		out.Closeness = round(closeness, 4)
		if !out.Matched && out.Closeness >= 1 {
			out.Closeness = 0.9999
		}
		ev.Outcomes = append(ev.Outcomes, out)

		switch {
		case out.Matched:
			f, why := ctx.fired(r, res, &out)
			ev.Fired = append(ev.Fired, f)
			firedRules = append(firedRules, r)
			whys = append(whys, why)
		case r.numeric && out.Closeness >= NearMissCloseness && len(res.miss) > 0:
			ev.NearMisses = append(ev.NearMisses, ctx.nearMiss(r, res, &out))
		}
	}
	ev.Explanation = summary(firedRules, whys, ev.NearMisses, ctx.needs)
	return ev
}

func (s *Set) rulesOrNil() []*rule {
	if s == nil {
		return nil
	}
	return s.rules
}

// skip says why r does not run on this turn, "" if it runs.
func (r *rule) skip(in *Input) string {
	if !r.src.Enabled {
		return SkipDisabled
	}
	conv := in.Conversation
	if r.channels != nil && (conv == nil || !r.channels[conv.Channel]) {
		return SkipChannel
	}
	if r.src.Cooldown > 0 && conv != nil {
		if at, ok := conv.RuleFiredAt[r.src.ID]; ok && in.Now.Before(at.Add(time.Duration(r.src.Cooldown))) {
			return SkipCooldown
		}
	}
	return ""
}

// evalCtx holds per-evaluation state shared by every rule.
type evalCtx struct {
	in        *Input
	act       activation
	lower     string
	lowerDone bool
	leaves    []leafInfo // per leaf of the current rule, parallel to RuleOutcome.Conditions
	needs     []string   // per near miss: what it would have needed, for the summary line
}

// leafInfo is what explanations need about one evaluated leaf.
type leafInfo struct {
	c      *cond
	actual any    // float64, bool, []string or string (text)
	hit    string // the keyword or phrase that matched
}

// condRes is the result of a condition node: whether it held, how close it came, and which
// leaves explain a match (why) or a miss (miss), as indexes into the rule's leaves.
type condRes struct {
	ok    bool
	close float64
	why   []int
	miss  []int
}

func (x *evalCtx) text() string {
	if x.in.Message == nil {
		return ""
	}
	return x.in.Message.Text
}

func (x *evalCtx) lowerText() string {
	if !x.lowerDone {
		x.lower, x.lowerDone = strings.ToLower(x.text()), true
	}
	return x.lower
}

// eval evaluates c, appending one ConditionResult per leaf to out.
func (x *evalCtx) eval(c *cond, out *handoff.RuleOutcome) condRes {
	switch c.group {
	case "all":
		res := condRes{ok: true, close: 1}
		for _, k := range c.kids {
			kr := x.eval(k, out)
			if kr.ok {
				res.why = append(res.why, kr.why...)
			} else {
				res.ok = false
				res.miss = append(res.miss, kr.miss...)
			}
			res.close = min(res.close, kr.close)
		}
		if !res.ok {
			res.why = nil
		}
		return res
	case "any":
		res := condRes{close: -1}
		for _, k := range c.kids {
			kr := x.eval(k, out)
			if kr.ok {
				res.ok = true
				res.why = append(res.why, kr.why...)
			}
			if kr.close > res.close {
				res.close, res.miss = kr.close, kr.miss
			}
		}
		if res.ok {
			res.miss, res.close = nil, 1
		}
		return res
	}
	return x.leaf(c, out)
}

// leaf evaluates one leaf condition.
func (x *evalCtx) leaf(c *cond, out *handoff.RuleOutcome) condRes {
	r := handoff.ConditionResult{Signal: c.signal, Op: c.op, Want: cloneValue(c.want)}
	info := leafInfo{c: c}
	closeness := 0.0
	switch c.kind {
	case kindNumber:
		v, _ := x.in.Signals.Value(c.signal)
		a, _ := v.(float64)
		info.actual, r.Actual = a, a
		var dist float64
		scale := c.scale
		switch c.op {
		case "<":
			r.Matched, dist = a < c.num, a-c.num
		case "<=":
			r.Matched, dist = a <= c.num, a-c.num
		case ">":
			r.Matched, dist = a > c.num, c.num-a
		case ">=":
			r.Matched, dist = a >= c.num, c.num-a
		case "==":
			dist = math.Abs(a - c.num)
			r.Matched = dist <= 1e-9
		case "!=":
			r.Matched = math.Abs(a-c.num) > 1e-9
		case "in":
			dist = math.Inf(1)
			nearest := 0.0
			for _, n := range c.nums {
				if d := math.Abs(a - n); d < dist {
					dist, nearest = d, n
				}
			}
			r.Matched = dist <= 1e-9
			if c.counter {
				scale = max(math.Abs(nearest), 1)
			}
		}
		switch {
		case r.Matched:
			closeness = 1
		case c.op == "!=":
			closeness = 0
		default:
			r.Distance = round(max(dist, 0), 6)
			closeness = min(max(1-r.Distance/scale, 0), 0.9999)
		}
	case kindBool:
		v, _ := x.in.Signals.Value(c.signal)
		a, _ := v.(bool)
		info.actual, r.Actual = a, a
		r.Matched = (a == c.flag) == (c.op == "==")
	case kindList:
		kws := x.in.Signals.Keywords
		if kws == nil {
			kws = []string{}
		}
		info.actual, r.Actual = kws, slices.Clone(kws)
		for _, kw := range kws {
			if c.re != nil {
				r.Matched = c.re.MatchString(kw)
			} else {
				r.Matched = slices.ContainsFunc(c.strs, func(s string) bool { return strings.EqualFold(kw, s) })
			}
			if r.Matched {
				info.hit = kw
				break
			}
		}
	case kindText:
		text := x.text()
		info.actual, r.Actual = text, truncate(text, maxActualText)
		if c.re != nil {
			r.Matched = c.re.MatchString(text)
		} else {
			lower := x.lowerText()
			for _, s := range c.strs {
				if strings.Contains(lower, s) {
					r.Matched, info.hit = true, s
					break
				}
			}
		}
	}
	if r.Matched {
		closeness = 1
	}
	out.Conditions = append(out.Conditions, r)
	x.leaves = append(x.leaves, info)
	i := len(x.leaves) - 1
	if r.Matched {
		return condRes{ok: true, close: 1, why: []int{i}}
	}
	return condRes{close: closeness, miss: []int{i}}
}

// fired builds the record of a matched rule.
// The second result is the explanation without the rule's name.
func (x *evalCtx) fired(r *rule, res condRes, out *handoff.RuleOutcome) (handoff.FiredRule, string) {
	f := handoff.FiredRule{
		Rule:    r.src.ID,
		Name:    r.src.Name,
		Actions: slices.Clone(r.actions),
		Values:  map[string]any{},
	}
	var parts []string
	for _, i := range res.why {
		l := x.leaves[i]
		parts = append(parts, matchedPhrase(l))
		if l.c.kind != kindText {
			f.Values[l.c.signal] = out.Conditions[i].Actual
		}
	}
	if r.expr != nil {
		parts = append(parts, exprPhrase(r.expr, &x.in.Signals))
		for _, name := range r.expr.signals {
			v, _ := x.in.Signals.Value(name)
			if l, ok := v.([]string); ok {
				v = slices.Clone(l)
				if v.([]string) == nil {
					v = []string{}
				}
			}
			f.Values[name] = v
		}
	}
	why := strings.Join(parts, " and ")
	f.Explanation = displayName(r.src) + ": " + why
	return f, why
}

// nearMiss builds the record of an unmatched rule that came close.
func (x *evalCtx) nearMiss(r *rule, res condRes, out *handoff.RuleOutcome) handoff.NearMiss {
	nm := handoff.NearMiss{Rule: r.src.ID, Name: r.src.Name, Closeness: out.Closeness}
	var parts, needs []string
	for _, i := range res.miss {
		nm.Missed = append(nm.Missed, out.Conditions[i])
		parts = append(parts, missedPhrase(x.leaves[i], out.Conditions[i].Distance))
		needs = append(needs, needsPhrase(x.leaves[i]))
	}
	nm.Explanation = displayName(r.src) + " did not fire: " + strings.Join(parts, " and ")
	x.needs = append(x.needs, strings.Join(needs, "; "))
	return nm
}

func displayName(r *handoff.Rule) string {
	if r.Name != "" {
		return r.Name
	}
	return r.ID
}

func round(v float64, places int) float64 {
	p := math.Pow(10, float64(places))
	return math.Round(v*p) / p
}

func truncate(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return string(r[:n]) + "…"
}
