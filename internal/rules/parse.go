package rules

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"math"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/handoffhq/handoff"
)

// MaxDocumentSize is the largest rule set Parse reads, in bytes.
const MaxDocumentSize = 1 << 20

// maxNodes bounds the YAML nodes visited, aliases included, so a small document cannot expand without end.
const maxNodes = 200_000

// maxNesting bounds how deep a document may nest.
const maxNesting = 64

// ruleKeys are the fields a rule may have, in the order the format documents them.
var ruleKeys = []string{"id", "name", "description", "enabled", "when", "expr", "channels", "cooldown", "priority", "then", "updated_at"}

// condKeys are the fields a condition may have.
var condKeys = []string{"all", "any", "signal", "op", "value"}

// Parse reads a rule set from YAML or JSON — a list of rules, {rules: [...]}, or a single rule —
// and validates it as a whole: if any rule is invalid nothing is returned, and the error
// (a *ValidationError or ValidationErrors, wrapping handoff.EINVALID) names every bad rule.
// A rule without an enabled field is enabled. Rules come back in the order written.
func Parse(data []byte) ([]*handoff.Rule, error) {
	if len(data) > MaxDocumentSize {
		return nil, &ValidationError{Reason: fmt.Sprintf("rule set larger than %d bytes", MaxDocumentSize)}
	}
	doc, ve := decodeDocument(data)
	if ve != nil {
		return nil, ve
	}
	items, ve := ruleItems(doc)
	if ve != nil {
		return nil, ve
	}
	var problems []*ValidationError
	rules := make([]*handoff.Rule, len(items))
	for i, item := range items {
		r, ve := decodeRule(item)
		if ve == nil {
			_, ve = compileRule(r)
		}
		if ve != nil {
			ve.Index = i + 1
			problems = append(problems, ve)
		}
		rules[i] = r
	}
	problems = append(problems, duplicateIDs(rules)...)
	slices.SortStableFunc(problems, func(a, b *ValidationError) int { return a.Index - b.Index })
	if err := asError(problems); err != nil {
		return nil, err
	}
	return rules, nil
}

// decodeDocument turns JSON or YAML into plain values: map[string]any, []any, string, float64/int, bool, nil.
func decodeDocument(data []byte) (any, *ValidationError) {
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	if len(bytes.TrimSpace(data)) == 0 {
		return nil, &ValidationError{Reason: "no rules found: want a list of rules, {rules: [...]} or one rule"}
	}
	if json.Valid(data) {
		var v any
		if err := json.Unmarshal(data, &v); err != nil {
			return nil, &ValidationError{Reason: "bad JSON: " + strings.TrimPrefix(err.Error(), "json: ")}
		}
		return v, nil
	}
	dec := yaml.NewDecoder(bytes.NewReader(data))
	var n yaml.Node
	if err := dec.Decode(&n); err != nil {
		return nil, yamlError(err)
	}
	var extra yaml.Node
	if err := dec.Decode(&extra); !errors.Is(err, io.EOF) {
		if err != nil {
			return nil, yamlError(err)
		}
		return nil, &ValidationError{Line: extra.Line, Reason: "more than one YAML document; put every rule in one list"}
	}
	budget := maxNodes
	return nodeValue(&n, 0, &budget)
}

var yamlLine = regexp.MustCompile(`^yaml: line (\d+): `)

// yamlError turns a YAML syntax error into a ValidationError with its line.
func yamlError(err error) *ValidationError {
	msg := err.Error()
	ve := &ValidationError{Reason: "bad YAML: " + strings.TrimPrefix(msg, "yaml: ")}
	if m := yamlLine.FindStringSubmatch(msg); m != nil {
		ve.Line, _ = strconv.Atoi(m[1])
		ve.Reason = "bad YAML: " + msg[len(m[0]):]
	}
	return ve
}

// nodeValue converts a YAML node to a plain value. Timestamps stay strings; keys must be unique scalars.
func nodeValue(n *yaml.Node, depth int, budget *int) (any, *ValidationError) {
	*budget--
	if *budget < 0 {
		return nil, &ValidationError{Line: n.Line, Reason: "document too large once aliases are expanded"}
	}
	if depth > maxNesting {
		return nil, &ValidationError{Line: n.Line, Reason: fmt.Sprintf("nested deeper than %d levels", maxNesting)}
	}
	switch n.Kind {
	case yaml.DocumentNode:
		if len(n.Content) == 0 {
			return nil, nil
		}
		return nodeValue(n.Content[0], depth, budget)
	case yaml.AliasNode:
		if n.Alias == nil {
			return nil, &ValidationError{Line: n.Line, Reason: "unknown alias"}
		}
		return nodeValue(n.Alias, depth+1, budget)
	case yaml.SequenceNode:
		out := make([]any, 0, len(n.Content))
		for _, k := range n.Content {
			v, ve := nodeValue(k, depth+1, budget)
			if ve != nil {
				return nil, ve
			}
			out = append(out, v)
		}
		return out, nil
	case yaml.MappingNode:
		out := make(map[string]any, len(n.Content)/2)
		for i := 0; i+1 < len(n.Content); i += 2 {
			kn, vn := n.Content[i], n.Content[i+1]
			for kn.Kind == yaml.AliasNode && kn.Alias != nil {
				kn = kn.Alias
			}
			if kn.Kind != yaml.ScalarNode {
				return nil, &ValidationError{Line: kn.Line, Reason: "mapping keys must be plain strings"}
			}
			if kn.ShortTag() == "!!merge" {
				return nil, &ValidationError{Line: kn.Line, Reason: "merge keys (<<) are not supported"}
			}
			if _, dup := out[kn.Value]; dup {
				return nil, &ValidationError{Line: kn.Line, Reason: fmt.Sprintf("key %q appears twice", kn.Value)}
			}
			v, ve := nodeValue(vn, depth+1, budget)
			if ve != nil {
				return nil, ve
			}
			out[kn.Value] = v
		}
		return out, nil
	case yaml.ScalarNode:
		switch n.ShortTag() {
		case "!!str", "!!timestamp":
			return n.Value, nil
		case "!!null":
			return nil, nil
		case "!!bool":
			var b bool
			if err := n.Decode(&b); err != nil {
				return nil, &ValidationError{Line: n.Line, Reason: err.Error()}
			}
			return b, nil
		case "!!int", "!!float":
			var f float64
			if err := n.Decode(&f); err != nil {
				return nil, &ValidationError{Line: n.Line, Reason: fmt.Sprintf("bad number %q", n.Value)}
			}
			if math.IsNaN(f) || math.IsInf(f, 0) {
				return nil, &ValidationError{Line: n.Line, Reason: fmt.Sprintf("number %q is not finite", n.Value)}
			}
			return f, nil
		}
		return nil, &ValidationError{Line: n.Line, Reason: fmt.Sprintf("unsupported YAML tag %s", n.Tag)}
	}
	return nil, &ValidationError{Line: n.Line, Reason: "unsupported YAML node"}
}

// ruleItems finds the rules in a document: a list, {rules: [...]} or one rule.
func ruleItems(doc any) ([]any, *ValidationError) {
	var items []any
	switch v := doc.(type) {
	case nil:
		return nil, &ValidationError{Reason: "no rules found: want a list of rules, {rules: [...]} or one rule"}
	case []any:
		items = v
	case map[string]any:
		list, ok := v["rules"]
		if !ok {
			return []any{v}, nil
		}
		for _, k := range sortedKeys(v) {
			if k != "rules" {
				return nil, &ValidationError{Field: k, Reason: `unknown field next to "rules"`}
			}
		}
		switch l := list.(type) {
		case nil:
		case []any:
			items = l
		default:
			return nil, &ValidationError{Field: "rules", Reason: "must be a list of rules, got " + describe(list)}
		}
	default:
		return nil, &ValidationError{Reason: "want a list of rules, {rules: [...]} or one rule, got " + describe(doc)}
	}
	if len(items) > MaxRulesPerSet {
		return nil, &ValidationError{Reason: fmt.Sprintf("more than %d rules", MaxRulesPerSet)}
	}
	return items, nil
}

// decodeRule turns one plain value into a Rule: unknown fields rejected, enabled defaulting to true,
// empty lists normalised to nil. Type errors name the field.
func decodeRule(item any) (*handoff.Rule, *ValidationError) {
	m, ok := item.(map[string]any)
	if !ok {
		return nil, &ValidationError{Reason: "a rule must be a mapping, got " + describe(item)}
	}
	id, _ := m["id"].(string)
	fail := func(field, reason string) (*handoff.Rule, *ValidationError) {
		return nil, &ValidationError{Rule: id, Field: field, Reason: reason}
	}
	for _, k := range sortedKeys(m) {
		if !slices.Contains(ruleKeys, k) {
			return fail(k, fmt.Sprintf("unknown field %q (want one of %s)", k, strings.Join(ruleKeys, " ")))
		}
	}
	if ve := checkCondKeys(m["when"], "when"); ve != nil {
		ve.Rule = id
		return nil, ve
	}
	if _, ok := m["enabled"]; !ok {
		m = maps.Clone(m)
		m["enabled"] = true
	}
	raw, err := json.Marshal(m)
	if err != nil {
		return fail("", err.Error())
	}
	r := new(handoff.Rule)
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	if err := dec.Decode(r); err != nil {
		field, reason := diagnose(m, err)
		return fail(field, reason)
	}
	normalize(r)
	return r, nil
}

// checkCondKeys rejects unknown keys anywhere in a when tree.
func checkCondKeys(v any, path string) *ValidationError {
	m, ok := v.(map[string]any)
	if !ok {
		return nil
	}
	for _, k := range sortedKeys(m) {
		if !slices.Contains(condKeys, k) {
			return &ValidationError{Field: path + "." + k,
				Reason: fmt.Sprintf("unknown field %q (want all, any or signal, op, value)", k)}
		}
	}
	for _, g := range []string{"all", "any"} {
		list, _ := m[g].([]any)
		for i, k := range list {
			if ve := checkCondKeys(k, fmt.Sprintf("%s.%s[%d]", path, g, i)); ve != nil {
				return ve
			}
		}
	}
	return nil
}

// diagnose finds which field made decoding fail, and says why in plain words.
func diagnose(m map[string]any, err error) (field, reason string) {
	for _, k := range ruleKeys {
		v, ok := m[k]
		if !ok {
			continue
		}
		raw, _ := json.Marshal(map[string]any{k: v})
		var r handoff.Rule
		kerr := json.Unmarshal(raw, &r)
		if kerr == nil {
			continue
		}
		if list, ok := v.([]any); ok && k == "then" {
			for i, a := range list {
				ab, _ := json.Marshal(a)
				var act handoff.Action
				if aerr := json.Unmarshal(ab, &act); aerr != nil {
					return fmt.Sprintf("then[%d]", i), plain(aerr)
				}
			}
		}
		if k == "when" {
			if f, reason := diagnoseCond(v, "when"); f != "" {
				return f, reason
			}
		}
		return k, plain(kerr)
	}
	return "", plain(err)
}

// diagnoseCond finds a badly typed part of a condition tree.
func diagnoseCond(v any, path string) (field, reason string) {
	m, ok := v.(map[string]any)
	if !ok {
		return path, "must be a mapping with all, any or signal, op, value; got " + describe(v)
	}
	for _, k := range []string{"signal", "op"} {
		if x, ok := m[k]; ok && x != nil {
			if _, isStr := x.(string); !isStr {
				return path + "." + k, "must be a string, got " + describe(x)
			}
		}
	}
	for _, g := range []string{"all", "any"} {
		x, ok := m[g]
		if !ok || x == nil {
			continue
		}
		list, isList := x.([]any)
		if !isList {
			return path + "." + g, "must be a list of conditions, got " + describe(x)
		}
		for i, k := range list {
			if f, r := diagnoseCond(k, fmt.Sprintf("%s.%s[%d]", path, g, i)); f != "" {
				return f, r
			}
		}
	}
	return "", ""
}

// plain rewords a decoding error for people.
func plain(err error) string {
	var te *json.UnmarshalTypeError
	if errors.As(err, &te) {
		return fmt.Sprintf("must be %s, got %s", typeWord(te.Type), te.Value)
	}
	var he *handoff.Error
	if errors.As(err, &he) {
		return he.Message
	}
	return strings.TrimPrefix(err.Error(), "json: ")
}

func typeWord(t reflect.Type) string {
	switch t.Kind() {
	case reflect.String:
		return "a string"
	case reflect.Bool:
		return "true or false"
	case reflect.Int, reflect.Int64, reflect.Int32:
		return "a whole number"
	case reflect.Float64:
		return "a number"
	case reflect.Slice:
		return "a list"
	case reflect.Struct, reflect.Map, reflect.Pointer:
		if t == reflect.TypeFor[handoff.Duration]() {
			return "a duration like \"15m\""
		}
		return "a mapping"
	}
	return t.String()
}

// normalize makes equal rules compare equal: empty lists become nil, a blank expr becomes empty.
func normalize(r *handoff.Rule) {
	if len(r.Channels) == 0 {
		r.Channels = nil
	}
	if strings.TrimSpace(r.Expr) == "" {
		r.Expr = ""
	}
	for i := range r.Then {
		if len(r.Then[i].Targets) == 0 {
			r.Then[i].Targets = nil
		}
	}
}

func sortedKeys(m map[string]any) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
