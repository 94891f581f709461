// Package rules parses, validates, compiles and evaluates trigger rules (DESIGN §3).
// It is pure: no I/O beyond the bytes handed to Parse.
//
// # Format
//
// A rule set is YAML or JSON: a list of rules, {rules: [...]}, or a single rule.
// Both go through one decoder, which rejects unknown fields and names the rule and
// field of every problem; one bad rule rejects the whole set.
//
//	id: angry_sentiment            # required, ^[a-z0-9_-]{1,64}$, unique in the set
//	name: Angry customer
//	enabled: true                  # a rule without enabled is enabled
//	when:                          # all: every condition; any: at least one; nest freely
//	  all:
//	    - { signal: sentiment, op: "<=", value: -0.6 }
//	    - { signal: message_count, op: ">=", value: 2 }
//	expr: ""                       # optional CEL, must be bool
//	channels: [web, shopify, instagram]   # empty = every channel
//	cooldown: 15m                  # not again for the same conversation within this
//	priority: 10                   # lower evaluates first, then by id
//	then: [pause_ai, {notify: {targets: [team]}}, {tag: angry}, {set_priority: high}]
//
// A rule needs when, expr or both; it matches when both hold.
//
// # Conditions
//
// A leaf compares one signal (handoff.SignalKinds) or the pseudo-signal "text",
// the customer's message text. Operators by kind:
//
//	numbers  < <= > >= == != in      value a number; for in, a list of numbers
//	bool     == !=                   value true or false (request_human)
//	keywords contains any_of matches contains: one keyword; any_of: a list; matches: a regexp any keyword matches
//	text     contains any_of matches contains: a phrase; any_of: a list of phrases; matches: a regexp
//
// contains and any_of ignore case; matches uses Go regexp syntax (add (?i) to ignore case).
//
// # CEL
//
// expr is CEL over these variables, checked when the rule is saved:
//
//	signals.<name>             every signal: numbers as double, request_human bool, keywords list(string)
//	conversation.channel       string
//	conversation.message_count int (customer messages, this one included)
//	conversation.turn_count    int
//	conversation.tags          list(string)
//	conversation.customer      map(string, string): id, name, email, phone, locale, plus metadata
//	conversation.minutes_open  double
//	conversation.state         string
//	conversation.priority      string
//	message.text, message.role string
//
// signals, conversation and message are namespaces, so write signals.sentiment, not signals["sentiment"].
// Numbers of different types compare (signals.message_count >= 2), and the CEL string extensions
// (lowerAscii, split, …) are available. One evaluation may cost at most CostLimit; an expr
// that fails at run time counts as false.
//
// # Evaluation
//
// Set.Evaluate runs the rules in order. A rule is skipped when disabled, when its channels do
// not include the conversation's, or when it fired for the conversation within its cooldown.
// Every matching rule is reported as fired, in order; the caller applies the actions.
//
// An unmatched rule is a near miss when it has a numeric leaf and its closeness is at least
// NearMissCloseness. A failed numeric leaf's closeness is 1 − distance/scale, where scale is half
// the signal's range (1 for sentiment signals in [-1,1], 0.5 for signals in [0,1]) and
// max(|threshold|, 1) for counts; a failed bool, keyword, text or != leaf is 0. all takes the
// lowest of its parts, any the highest; a false expr makes the rule 0.
package rules
