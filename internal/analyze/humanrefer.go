package analyze

// Persons of a request named other than by a noun the grammar knows: by
// the wits they have ("someone with an actual brain"), among other people
// offered as alternatives ("a dev or mod or literally any human"), and by
// a pronoun for a person named before ("who's the person in charge of
// bookings? can they message me?").

// witsAt reports whether c[i:] gives a person the wits a bot lacks: "with
// a brain", "with an actual brain", "with half a brain", "with a clue",
// "with a pulse". It returns the index after it. Anything else had ("with
// a van", "with access to my account") is not.
func witsAt(c []string, i int) (int, bool) {
	if i >= len(c) || c[i] != "with" {
		return i, false
	}
	for j := i + 1; j < len(c) && j-i <= 4; j++ {
		switch {
		case wits.has(c[j]):
			if j+1 < len(c) && (c[j+1] == "cell" || c[j+1] == "cells") {
				return j + 2, true
			}
			return j + 1, true
		case !witsFill.has(c[j]):
			return i, false
		}
	}
	return i, false
}

// wits are what a person has and a bot is told it lacks.
var wits = newStrSet("brain", "brains", "braincell", "braincells", "clue", "pulse", "heartbeat", "iq")

// witsFill may stand between "with" and the wits: "with an actual brain",
// "with half a brain", "with a working brain", "with one brain cell".
var witsFill = newStrSet("a", "an", "some", "half", "actual", "real", "working", "functioning", "single", "basic",
	"one", "any", "even", "common", "human", "of")

// coordinatedBefore skips, leftwards from c[k], one person offered as an
// alternative to the person after it: "a dev or" in "can a dev or mod or
// literally any human check my account", "the manager or" in "could the
// manager or a supervisor call me". The alternative is a person noun or
// one word the grammar does not know; a bot ("a bot or a human") is
// neither. It returns the index before it, or k.
func coordinatedBefore(c []string, ci []*wordInfo, k int) int {
	if k < 1 || c[k] != "or" && c[k] != "and" {
		return k
	}
	if _, noun := ci[k-1].person(); noun || openWord(c[k-1], ci[k-1]) {
		return k - 2
	}
	return k
}

// pronounCallback matches a person named in an earlier clause, then asked
// by a pronoun to get in touch: "who's the person in charge of access
// bookings? can they message me?", "your florist was lovely, could she
// give me a ring". The clause opens on a modal of asking (can, could,
// would, may), not on a question of time or way ("when can they call me").
// from is where the first clause that named a person starts. It returns
// whether it matched.
func pronounCallback(c []string, ci []*wordInfo, from int) bool {
	for i := from + 1; i+1 < len(c); i++ {
		if c[i] != "they" && c[i] != "he" && c[i] != "she" {
			continue
		}
		switch c[i-1] {
		case "can", "could", "would", "may":
		default:
			continue
		}
		if i >= 2 && c[i-2] != boundary && !availGreetings.has(c[i-2]) {
			continue
		}
		j := ableTo(c, i+1)
		for j < len(c) && j-i <= humanSubjectGap && subjectFill.in(ci[j]) {
			j++
		}
		if contactAct(c, ci, j) {
			return true
		}
	}
	return false
}
