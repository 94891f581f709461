package analyze_test

import (
	"testing"

	"github.com/handoffhq/handoff/internal/analyze"
)

// TestComplexityToldAnew covers high-stakes issues told in new ways: a
// policy or an account taken out in the customer's name by someone else,
// how they get in changed and disowned with "I didn't do that", a shock
// off a thing and a wire left bare, and problems listed "Firstly …
// Secondly … And lastly"; beside them the traps: an account the customer
// opened in their own name, a thing not done yet, a shock at a price,
// a cable that sticks out by design, ordinals around one problem, and a
// hospital named as a place to park at or find.
func TestComplexityToldAnew(t *testing.T) {
	t.Parallel()
	tests := []scoreCase{
		{"Someone has taken out a loan in my name, I've never applied for anything with you", 0.7, 1},
		{"somebody registered an account in my name and I have never opened one", 0.7, 1},
		{"Someone has applied for a credit card in our name without asking", 0.7, 1},
		{"my password was reset this morning and I didn't do that", 0.7, 1},
		{"I just got a text saying the email on my account was changed. I didn't do it.", 0.7, 1},
		{"my son got a shock off the kettle base and there's a bare wire showing", 0.7, 1},
		{"I got a nasty shock from it when I plugged it in, there's a wire poking out of the plug", 0.7, 1},
		{"A few things. Firstly, the lid doesn't seem to close. Secondly, the timer isn't responding. And lastly, the manual is in German.", 0.7, 1},
		{"Firstly the screen doesn't seem to turn on, secondly the remote isn't responding, thirdly the stand wobbles", 0.7, 1},

		{"I opened the account in my name last year, can I add my partner?", 0, 0.5},
		{"I've never owned a coffee machine before, how do I descale it?", 0, 0.5},
		{"my password was reset and I haven't done that yet, do I need to?", 0, 0.69},
		{"I got a bit of a shock when I saw the delivery price", 0, 0.5},
		{"the cable sticking out of the back is too short for my desk", 0, 0.5},
		{"Firstly, thank you for the quick delivery. Secondly, the lid doesn't seem to close. Lastly, have a lovely weekend!", 0, 0.69},
		{"Do blue badge holders park free at the Riverside Hospital multi-storey?", 0, 0.3},
		{"what time does the hospital entrance open, and is there a hospital bus stop?", 0, 0.69},
		{"can I park near the hospital if I collect from your shop?", 0, 0.3},
		{"do you deliver to the hospital site reception?", 0, 0.3},
		{"my dad was rushed to hospital after the ladder collapsed", 0.7, 1},
	}
	checkScores(t, "Complexity", analyze.Complexity, tests)
}
