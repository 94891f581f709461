package analyze_test

import (
	"testing"

	"github.com/handoffhq/handoff/internal/analyze"
)

// TestComplexityCareAndCounts covers a swelling with a fever after a
// treatment, a small part in a child's mouth called dangerous, a double
// charge shown by its amount "two times", three problems announced with
// "few things:" where one is someone else's details shown, and a death
// that an order is for (funeral flowers, a wreath, a sympathy bouquet);
// beside them the traps: a temperature setting, a fever alone, swelling
// alone, a question about a toddler, a pending double charge, a wish to
// send to someone else's address, and deaths told as harm.
func TestComplexityCareAndCounts(t *testing.T) {
	t.Parallel()
	tests := []scoreCase{
		{"I had a filling done on Tuesday and my jaw is now really swollen and I've got a temperature. Is that normal?", 0.7, 1},
		{"her cheek is swollen since the treatment and she has a high fever", 0.7, 1},
		{"do the lockers have a temperature control?", 0, 0.3},
		{"what temperature should I wash it at?", 0, 0.3},
		{"I've got a fever, can I move my appointment to next week?", 0, 0.5},
		{"my ankles are swollen after long flights, do you sell compression socks?", 0, 0.6},

		{"The magnetic building set I bought from you, one of the magnets came out of a tile and my 2 year old had it in her mouth. I got it out but this is dangerous", 0.7, 1},
		{"my toddler put one of the beads in his mouth, this is a choking hazard", 0.7, 1},
		{"my son puts everything in his mouth, are these blocks ok for a 1 year old?", 0, 0.6},
		{"the dog had a ball in his mouth in the photo, so cute", 0, 0.6},

		{"Hi I've just checked my banking app and I've been charged twice for my contact lens order, £38.50 two times", 0.7, 1},
		{"I was billed twice, €12.99 two times on my statement", 0.7, 1},
		{"I was charged twice, is it just a pending hold? £38.50 two times", 0.4, 0.69},
		{"I ordered it two times by mistake", 0, 0.5},

		{"hi, few things: my order came with the wrong colour bag, the discount code didnt apply so I paid full price, and the tracking link you sent shows someone elses address in Glasgow??", 0.7, 1},
		{"few things: the parcel came a week late, the box had someone else's name on it and the lid was cracked", 0.7, 1},
		{"a few things: do you gift wrap, and can I send it to someone else's address?", 0, 0.5},
		{"the link shows someone else's address", 0, 0.5},

		{"hiya do u do funeral flowers? need a wreath for friday in Leeds", 0, 0.3},
		{"my nan passed away last week, can I order a sympathy bouquet for the family", 0, 0.3},
		{"do you have bereavement cards?", 0, 0.3},
		{"the aquarium heater I bought from you overheated overnight and my fish died", 0.7, 1},
		{"my dad died after taking your supplements", 0.7, 1},
	}
	checkScores(t, "Complexity", analyze.Complexity, tests)
}
