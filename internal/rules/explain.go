package rules

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/handoffhq/handoff"
)

// symbols print operators the way a support lead reads them.
var symbols = map[string]string{"<": "<", "<=": "≤", ">": ">", ">=": "≥", "==": "=", "!=": "≠"}

// negated is the relation that holds when an operator fails.
var negated = map[string]string{"<": "≥", "<=": ">", ">": "≤", ">=": "<", "==": "≠", "!=": "="}

// fmtActual prints a measured number: counts as integers, the rest with two decimals.
func fmtActual(c *cond, v float64) string {
	if c.counter {
		return strconv.FormatFloat(v, 'f', -1, 64)
	}
	return fixed(v)
}

// fmtWant prints a threshold: like fmtActual, with more decimals when the rule has them.
func fmtWant(c *cond, v float64) string {
	if c.counter {
		return strconv.FormatFloat(v, 'f', -1, 64)
	}
	if s := fixed(v); s != "0.00" || v == 0 {
		if f, _ := strconv.ParseFloat(s, 64); f == v {
			return s
		}
	}
	return strconv.FormatFloat(v, 'f', -1, 64)
}

// fmtDistance prints how far a number fell short.
func fmtDistance(c *cond, d float64) string {
	if c.counter {
		return strconv.FormatFloat(round(d, 6), 'f', -1, 64)
	}
	return fixed(d)
}

func fixed(v float64) string {
	s := strconv.FormatFloat(v, 'f', 2, 64)
	if s == "-0.00" {
		return "0.00"
	}
	return s
}

func fmtWantList(c *cond) string {
	parts := make([]string, len(c.nums))
	for i, n := range c.nums {
		parts[i] = fmtWant(c, n)
	}
	return "[" + strings.Join(parts, ", ") + "]"
}

func quoteAll(ss []string) string {
	q := make([]string, len(ss))
	for i, s := range ss {
		q[i] = strconv.Quote(s)
	}
	return strings.Join(q, ", ")
}

// matchedPhrase explains a leaf that held, e.g. "sentiment -0.82 ≤ -0.60".
func matchedPhrase(l leafInfo) string {
	c := l.c
	switch c.kind {
	case kindNumber:
		a := l.actual.(float64)
		if c.op == "in" {
			return fmt.Sprintf("%s %s in %s", c.signal, fmtActual(c, a), fmtWantList(c))
		}
		return fmt.Sprintf("%s %s %s %s", c.signal, fmtActual(c, a), symbols[c.op], fmtWant(c, c.num))
	case kindBool:
		return fmt.Sprintf("%s is %t", c.signal, l.actual.(bool))
	case kindList:
		if c.re != nil {
			return fmt.Sprintf("keyword %q matches /%s/", l.hit, c.re)
		}
		return fmt.Sprintf("%s contain %q", c.signal, l.hit)
	}
	if c.re != nil {
		return fmt.Sprintf("message matches /%s/", c.re)
	}
	return fmt.Sprintf("message contains %q", l.hit)
}

// missedPhrase explains a leaf that failed, e.g. "complexity 0.62 < 0.70 (0.08 short)".
func missedPhrase(l leafInfo, distance float64) string {
	c := l.c
	switch c.kind {
	case kindNumber:
		a := l.actual.(float64)
		switch c.op {
		case "in":
			return fmt.Sprintf("%s %s not in %s (%s off)", c.signal, fmtActual(c, a), fmtWantList(c), fmtDistance(c, distance))
		case "==":
			return fmt.Sprintf("%s %s ≠ %s (%s off)", c.signal, fmtActual(c, a), fmtWant(c, c.num), fmtDistance(c, distance))
		case "!=":
			return fmt.Sprintf("%s %s = %s", c.signal, fmtActual(c, a), fmtWant(c, c.num))
		}
		return fmt.Sprintf("%s %s %s %s (%s short)", c.signal, fmtActual(c, a), negated[c.op], fmtWant(c, c.num), fmtDistance(c, distance))
	case kindBool:
		return fmt.Sprintf("%s is %t", c.signal, l.actual.(bool))
	case kindList:
		switch {
		case c.re != nil:
			return fmt.Sprintf("no keyword matches /%s/", c.re)
		case c.op == "any_of":
			return fmt.Sprintf("%s contain none of %s", c.signal, quoteAll(c.strs))
		}
		return fmt.Sprintf("%s do not contain %q", c.signal, c.strs[0])
	}
	switch {
	case c.re != nil:
		return fmt.Sprintf("message does not match /%s/", c.re)
	case c.op == "any_of":
		return fmt.Sprintf("message contains none of %s", quoteAll(c.strs))
	}
	return fmt.Sprintf("message does not contain %q", c.strs[0])
}

// needsPhrase says what a failed leaf would have needed, e.g. "complexity 0.62, needs ≥ 0.70".
func needsPhrase(l leafInfo) string {
	c := l.c
	switch c.kind {
	case kindNumber:
		a := l.actual.(float64)
		if c.op == "in" {
			return fmt.Sprintf("%s %s, needs one of %s", c.signal, fmtActual(c, a), fmtWantList(c))
		}
		return fmt.Sprintf("%s %s, needs %s %s", c.signal, fmtActual(c, a), symbols[c.op], fmtWant(c, c.num))
	case kindBool:
		return fmt.Sprintf("%s %t, needs %t", c.signal, l.actual.(bool), c.flag == (c.op == "=="))
	}
	return missedPhrase(l, 0)
}

// exprPhrase explains a CEL condition that held, with the signals it read.
func exprPhrase(e *compiledExpr, s *handoff.Signals) string {
	if len(e.signals) == 0 {
		return "custom condition holds"
	}
	parts := make([]string, 0, len(e.signals))
	for _, name := range e.signals {
		v, _ := s.Value(name)
		switch x := v.(type) {
		case float64:
			c := &cond{counter: isCounter(name)}
			parts = append(parts, name+" "+fmtActual(c, x))
		case bool:
			parts = append(parts, fmt.Sprintf("%s %t", name, x))
		case []string:
			parts = append(parts, fmt.Sprintf("%s [%s]", name, strings.Join(x, ", ")))
		}
	}
	return "custom condition holds (" + strings.Join(parts, ", ") + ")"
}

// summary is Evaluation.Explanation: the rule that decided, or the closest near miss, in one line.
// rules and whys describe the fired rules; needs is parallel to near.
func summary(rules []*rule, whys []string, near []handoff.NearMiss, needs []string) string {
	if len(rules) > 0 {
		lead := 0
		for i, r := range rules {
			if r.src.Pauses() {
				lead = i
				break
			}
		}
		verb := "Fired"
		if rules[lead].src.Pauses() {
			verb = "Paused by"
		}
		line := fmt.Sprintf("%s %s: %s", verb, rules[lead].src.ID, whys[lead])
		var others []string
		for i, r := range rules {
			if i != lead {
				others = append(others, r.src.ID)
			}
		}
		if len(others) > 0 {
			line += " (also fired: " + strings.Join(others, ", ") + ")"
		}
		return line
	}
	best := -1
	for i, n := range near {
		if best < 0 || n.Closeness > near[best].Closeness+1e-12 {
			best = i
		}
	}
	if best < 0 || math.IsNaN(near[best].Closeness) {
		return "No rule fired"
	}
	return fmt.Sprintf("No rule fired; closest: %s (%s)", near[best].Rule, needs[best])
}
