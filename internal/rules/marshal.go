package rules

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"

	"github.com/handoffhq/handoff"
)

// MarshalYAML writes rules as a YAML list in the rule format of DESIGN §3, for export.
// Empty optional fields are left out; Parse reads the output back to the same rules.
func MarshalYAML(rules []*handoff.Rule) ([]byte, error) {
	root := &yaml.Node{Kind: yaml.SequenceNode}
	for i, r := range rules {
		if r == nil {
			return nil, fmt.Errorf("rule #%d is nil", i+1)
		}
		n, err := ruleNode(r)
		if err != nil {
			return nil, fmt.Errorf("rule %q: %w", r.ID, err)
		}
		root.Content = append(root.Content, n)
	}
	if len(rules) == 0 {
		root.Style = yaml.FlowStyle
	}
	var buf bytes.Buffer
	enc := yaml.NewEncoder(&buf)
	enc.SetIndent(2)
	if err := enc.Encode(root); err != nil {
		return nil, err
	}
	if err := enc.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// ruleNode renders one rule with its keys in the documented order.
func ruleNode(r *handoff.Rule) (*yaml.Node, error) {
	m := &yaml.Node{Kind: yaml.MappingNode}
	add := func(key string, v *yaml.Node) {
		m.Content = append(m.Content, &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: key}, v)
	}
	add("id", str(r.ID))
	add("name", str(r.Name))
	if r.Description != "" {
		add("description", str(r.Description))
	}
	add("enabled", &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!bool", Value: fmt.Sprint(r.Enabled)})
	if r.When != nil {
		w, err := condNode(r.When)
		if err != nil {
			return nil, fmt.Errorf("when: %w", err)
		}
		add("when", w)
	}
	if r.Expr != "" {
		add("expr", str(r.Expr))
	}
	if len(r.Channels) > 0 {
		ch := &yaml.Node{Kind: yaml.SequenceNode, Style: yaml.FlowStyle}
		for _, c := range r.Channels {
			ch.Content = append(ch.Content, str(c))
		}
		add("channels", ch)
	}
	if r.Cooldown != 0 {
		add("cooldown", str(r.Cooldown.String()))
	}
	add("priority", &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!int", Value: fmt.Sprint(r.Priority)})
	then := &yaml.Node{Kind: yaml.SequenceNode}
	for i, a := range r.Then {
		n, err := actionNode(a)
		if err != nil {
			return nil, fmt.Errorf("then[%d]: %w", i, err)
		}
		then.Content = append(then.Content, n)
	}
	if len(r.Then) == 0 {
		then.Style = yaml.FlowStyle
	}
	add("then", then)
	if !r.UpdatedAt.IsZero() {
		add("updated_at", str(r.UpdatedAt.Format(time.RFC3339Nano)))
	}
	return m, nil
}

// condNode renders a group as a block mapping and a leaf as a flow mapping {signal, op, value}.
func condNode(c *handoff.Condition) (*yaml.Node, error) {
	m := &yaml.Node{Kind: yaml.MappingNode}
	add := func(key string, v *yaml.Node) {
		m.Content = append(m.Content, str(key), v)
	}
	for _, g := range []struct {
		key  string
		kids []handoff.Condition
	}{{"all", c.All}, {"any", c.Any}} {
		if g.kids == nil {
			continue
		}
		seq := &yaml.Node{Kind: yaml.SequenceNode}
		for i := range g.kids {
			k, err := condNode(&g.kids[i])
			if err != nil {
				return nil, err
			}
			seq.Content = append(seq.Content, k)
		}
		if len(g.kids) == 0 {
			seq.Style = yaml.FlowStyle
		}
		add(g.key, seq)
	}
	if c.IsGroup() {
		return m, nil
	}
	m.Style = yaml.FlowStyle
	if c.Signal != "" {
		add("signal", str(c.Signal))
	}
	if c.Op != "" {
		op := str(c.Op)
		if strings.ContainsAny(c.Op, "<>=!") {
			op.Style = yaml.DoubleQuotedStyle
		}
		add("op", op)
	}
	if c.Value != nil {
		v, err := valueNode(c.Value)
		if err != nil {
			return nil, err
		}
		add("value", v)
	}
	return m, nil
}

// actionNode renders an action in its compact form: pause_ai, {tag: angry}, {notify: {targets: [team]}}.
func actionNode(a handoff.Action) (*yaml.Node, error) {
	raw, err := json.Marshal(a)
	if err != nil {
		return nil, err
	}
	var v any
	if err := json.Unmarshal(raw, &v); err != nil {
		return nil, err
	}
	n, err := valueNode(v)
	if err != nil {
		return nil, err
	}
	if n.Kind == yaml.MappingNode {
		for _, body := range n.Content[1:] {
			if body.Kind == yaml.MappingNode {
				body.Style = yaml.FlowStyle
			}
		}
	}
	return n, nil
}

// valueNode renders a plain value; lists inside it are written inline.
func valueNode(v any) (*yaml.Node, error) {
	var n yaml.Node
	if err := n.Encode(v); err != nil {
		return nil, err
	}
	flowLists(&n)
	return &n, nil
}

func flowLists(n *yaml.Node) {
	if n.Kind == yaml.SequenceNode {
		n.Style = yaml.FlowStyle
	}
	for _, k := range n.Content {
		flowLists(k)
	}
}

// str is a string scalar; the encoder quotes it when it would otherwise read as another type.
func str(s string) *yaml.Node {
	return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: s}
}
