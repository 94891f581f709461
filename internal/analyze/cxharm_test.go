package analyze_test

import (
	"testing"

	"github.com/handoffhq/handoff/internal/analyze"
)

// TestComplexityDisownedAndHarm covers things on the account the customer
// did not do ("6 rides on my account … that I didn't take", "someone is
// using my card"), a burning smell or smoke coming from a thing, an
// infection and the antibiotics it needed, and a double charge in Spanish,
// French, German, Portuguese and Italian shown by its amounts; beside them
// the traps: a trip not taken, a booking not made yet, someone using a
// wheelchair, a smell left by toast, a computer virus, a question about
// antibiotics, and a bare foreign "charged twice", which stays below the
// rule like the English one.
func TestComplexityDisownedAndHarm(t *testing.T) {
	t.Parallel()
	tests := []scoreCase{
		{"There are 6 rides on my account from last night that I didn't take, in a city I've never been to. Someone is using my card.", 0.7, 1},
		{"there are 4 trips on my card statement that I never made", 0.7, 1},
		{"a booking I didn't make showed up in my emails", 0.7, 1},
		{"There's a burning smell coming from the inverter you installed last week and it keeps clicking", 0.7, 1},
		{"smoke came out of the charger last night", 0.7, 1},
		{"the tattoo I got from you in June got infected, I ended up on antibiotics and the doctor said it might have been the equipment", 0.7, 1},
		{"the piercing got infected and I was prescribed antibiotics", 0.7, 1},
		{"oi, I ordered the hoodie mas veio o tamanho errado, e também fui cobrada duas vezes no cartão, two charges of R$189", 0.7, 1},
		{"me cobraron dos veces: two payments of 40€ each", 0.7, 1},

		{"the trip that I didn't take because of the strike, can I get a refund", 0, 0.5},
		{"the booking that I haven't made yet, can I still get the discount?", 0, 0.5},
		{"Can someone using a wheelchair get in?", 0, 0.3},
		{"the toast left a burning smell in the kitchen", 0, 0.6},
		{"my laptop got infected with a virus", 0, 0.6},
		{"is it safe for a dog on antibiotics?", 0, 0.6},
		{"fui cobrada duas vezes no cartão", 0.4, 0.69},
		{"me cobraron dos veces", 0.4, 0.69},
	}
	checkScores(t, "Complexity", analyze.Complexity, tests)
}
