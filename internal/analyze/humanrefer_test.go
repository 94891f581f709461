package analyze_test

import (
	"testing"

	"github.com/handoffhq/handoff/internal/analyze"
)

// TestRequestHumanReferred covers persons named other than by a noun of
// the grammar: by the wits a bot lacks ("someone with an actual brain"),
// after other persons offered as alternatives ("a dev or mod or literally
// any human"), by a trade of a clinic ("one of the nurses") and by a
// pronoun for a person named before ("who's the person in charge …? can
// they message me?"); beside them the traps: insults that ask nothing,
// something else had ("someone with a van"), a bot as the alternative,
// the customer's own people, a trade booked or asked about, a pronoun with
// no person before it, a question of time and a negated request.
func TestRequestHumanReferred(t *testing.T) {
	t.Parallel()
	tests := []struct {
		text string
		want bool
		why  string
	}{
		{"great. could someone with an actual brain look at my account please", true, "a person by their wits"},
		{"can somebody with half a brain check my order", true, "a person by their wits"},
		{"I need someone with a pulse to sort this out", true, "a person by their wits"},
		{"anyone with a brain can see the box was crushed", false, "an insult, no request"},
		{"someone with a brain would have packed it better", false, "an insult, no request"},
		{"can someone with a van collect it from the depot?", false, "something else had"},
		{"can someone help me", false, "a vague person asked to help"},

		{"yo can a dev or mod or literally any human check my account, bought the gem pack and got nothing", true, "alternatives before a person"},
		{"could the manager or a supervisor call me", true, "alternatives before a person"},
		{"can any human check my account", true, "any person"},
		{"can a dev or mod tell me when the update drops?", false, "no clear person"},
		{"can a bot or a human answer this?", false, "a bot as the alternative"},
		{"why can't a dev or any human fix this bug", false, "a question why"},

		{"ok thanks. could one of the nurses give me a quick call though? I'd just feel better hearing it from a person", true, "a clinic's trade asked to call"},
		{"can a nurse ring me back about my results", true, "a clinic's trade asked to call"},
		{"my nurse told me to stop taking it", false, "the customer's own"},
		{"I need a nurse to visit my mum at home", false, "a trade booked"},
		{"can a nurse look at the rash when I come in?", false, "a trade booked"},
		{"should I talk to a nurse about the dose?", false, "a question of advice"},

		{"who's the person in charge of access bookings? can they message me?", true, "a person, then a pronoun asked to contact"},
		{"I spoke to your manager last week. Can he call me back?", true, "a person, then a pronoun asked to call"},
		{"your florist did our wedding flowers. could she give me a ring about a new order", true, "a person, then a pronoun asked to call"},
		{"can they call me?", false, "no person named before"},
		{"my travel agent booked it. can they email me the tickets?", false, "someone else's agent"},
		{"ok who's responsible for the new drop, because my bank account is NOT thanking you", false, "teasing, no request"},
		{"the agent said they'd call. when can they call me?", false, "a question of time"},
		{"no need for a person. can they just email me the invoice?", false, "negated"},
		{"the manager was lovely. can they deliver on Sunday?", false, "no contact asked"},
	}
	for _, tt := range tests {
		got, conf := analyze.RequestHuman(tt.text)
		if got != tt.want {
			t.Errorf("RequestHuman(%q) = %v (confidence %.2f), want %v (%s)", tt.text, got, conf, tt.want, tt.why)
		}
	}
}
