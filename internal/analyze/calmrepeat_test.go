package analyze_test

import "testing"

// TestRepetitionCalm covers customers who ask again calmly: after an
// apology or a check ("Sorry, just to double check, …", "just checking",
// "to confirm"), or answering the last reply with what they lack and asking
// again ("I don't have the welcome email. What's the password?", "There's
// no Freeze option there. How do I …?", "I know, but …"); their likeness to
// the first question stays below the 0.8 of frustration_loop. Beside them
// the traps: the same openers said with annoyance, and repeats that say so,
// keep their repetition.
func TestRepetitionCalm(t *testing.T) {
	t.Parallel()
	tests := []repetitionCase{
		{[]string{"How do I end a ride if the dock is full?"}, "Sorry, just to double check, if the dock is full how do I end the ride?", 0, 0.79},
		{[]string{"Is the oak table solid wood?"}, "sorry, just to double check, is the oak table solid wood all the way?", 0, 0.79},
		{[]string{"where is my order 4471?"}, "just checking, where is my order 4471?", 0, 0.79},
		{[]string{"can I pay by card on delivery?"}, "to confirm, can I pay by card on delivery?", 0, 0.79},
		{[]string{"what's the guest wifi password?"}, "I don't have the welcome email. What's the guest wifi password?", 0, 0.79},
		{[]string{"How do I change the delivery address on my order?"}, "I don't have the courier's app. How do I change the delivery address on my order?", 0, 0.79},
		{[]string{"How do I freeze my membership?"}, "There's no Freeze option there. How do I freeze my membership?", 0, 0.79},
		{[]string{"can I move my class to Wednesday?"}, "I know, but can I move my class to Wednesday?", 0, 0.79},
		{[]string{"how do I reset my PIN?"}, "I can't find the settings page. how do I reset my PIN", 0, 0.79},

		{[]string{"How do I cancel my subscription?"}, "how do I cancel my subscription??? there is no cancel button, this is terrible", 0.8, 1},
		{[]string{"How do I change the delivery address on my order?"}, "There's no edit address button there. How do I change the delivery address on my order??? I've now asked twice.", 0.8, 1},
		{[]string{"where is my order 4471?"}, "Sorry but where is my order 4471?? this is a joke, absolutely useless", 0.7, 1},
		{[]string{"what's the guest wifi password?"}, "I don't have the email. WHAT IS THE GUEST WIFI PASSWORD?? ridiculous", 0.8, 1},
		{[]string{"How do I end a ride if the dock is full?"}, "Sorry, third time asking: how do I end the ride if the dock is full?", 0.8, 1},
		{[]string{"How do I cancel my subscription?"}, "I don't want to pause it. How do I CANCEL it. I've already asked.", 0.8, 1},
	}
	checkRepetition(t, tests)
}
