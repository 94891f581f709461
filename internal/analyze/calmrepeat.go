package analyze

// calmRepeat reports whether d asks again the way a calm customer does,
// so that its likeness to an earlier message says less about a loop:
//
//   - it opens with an apology or a check: "Sorry, just to double check, …",
//     "just double-checking: …", "to clarify, …", "sorry, I meant …";
//   - it opens by answering the last reply, with what the customer lacks or
//     has done, and then asks: "I don't have the welcome email. What's the
//     guest wifi password?", "There's no Freeze option there. How do I
//     freeze my membership?", "I know, but Wednesday shows as full. Can I
//     move my class?".
//
// Analyze lowers the similarity of such a message unless its tone is
// annoyed; what the customer says about repeating ("third time asking")
// counts in full either way.
func calmRepeat(d *doc) bool {
	w := d.words
	i := 0
	// A greeting or an acknowledgement ahead: "ok sorry, …", "hi, just to
	// confirm …".
	for i < len(w) && i < 2 && (calmLead.has(w[i]) || w[i] == boundary) {
		i++
	}
	if i >= len(w) {
		return false
	}
	if calmOpener(w, i) {
		return true
	}
	return reportThenAsk(d, i)
}

// calmLead are words that may stand before a calm opener.
var calmLead = newStrSet("ok", "okay", "oh", "ah", "hi", "hello", "hey", "right", "alright", "um", "erm", "hmm")

// calmOpener reports whether the words from i open with an apology or a
// check: "sorry", "apologies", "just to double check", "just checking",
// "to clarify", "quick check".
func calmOpener(w []string, i int) bool {
	at := func(j int, ws ...string) bool {
		if i+j >= len(w) {
			return false
		}
		for _, x := range ws {
			if w[i+j] == x {
				return true
			}
		}
		return false
	}
	switch {
	case at(0, "sorry", "apologies", "sry", "soz", "pardon"):
		return true
	case at(0, "just") && at(1, "to") && at(2, "double", "confirm", "clarify", "check", "be"),
		at(0, "just") && at(1, "double", "checking", "confirming", "clarifying"),
		at(0, "to") && at(1, "double", "confirm", "clarify"),
		at(0, "double") && at(1, "checking", "check"),
		at(0, "quick") && at(1, "check", "clarification"),
		at(0, "i") && at(1, "meant", "mean") && !at(2, "it"):
		return true
	}
	return false
}

// reportThenAsk reports whether the clause at i answers the last reply
// with what the customer lacks, cannot find or already knows ("I don't
// have the app", "there's no cancel option", "I know") and a later clause
// asks a question.
func reportThenAsk(d *doc, i int) bool {
	w := d.words
	end := i
	for end < len(w) && w[end] != boundary {
		end++
	}
	if end == len(w) || end-i > reportMaxWords || !reportOpens(w[i:end]) {
		return false
	}
	if d.questions > 0 {
		return true
	}
	// A question without "?": the next clause opens like one.
	return end+1 < len(w) && questionOpeners.has(w[end+1])
}

// reportMaxWords is how long the clause answering the last reply may be.
const reportMaxWords = 10

// reportOpens reports whether clause c says what the customer lacks,
// cannot find or knows: "I don't have …", "I can't find …", "I haven't
// got …", "there is no …", "it isn't there", "I know".
func reportOpens(c []string) bool {
	if len(c) >= 2 && c[0] == "i" && c[1] == "know" {
		return true
	}
	if len(c) >= 3 && c[0] == "there" && (c[1] == "is" || c[1] == "are") && (c[2] == "no" || c[2] == "not") {
		return true
	}
	if len(c) >= 3 && c[0] == "it" && c[1] == "is" && c[2] == "not" {
		return len(c) >= 4 && (c[3] == "there" || c[3] == "showing" || c[3] == "listed")
	}
	if len(c) >= 4 && (c[0] == "i" || c[0] == "we") && reportAux.has(c[1]) && c[2] == "not" {
		return reportVerbs.has(c[3])
	}
	return false
}

// reportAux and reportVerbs make "I don't have", "I can't find", "we
// haven't got", "I didn't receive".
var (
	reportAux   = newStrSet("do", "did", "can", "could", "have")
	reportVerbs = newStrSet("have", "see", "find", "get", "got", "receive", "received", "seen", "found")
)

// questionOpeners open a question asked without "?".
var questionOpeners = newStrSet("what", "where", "when", "how", "why", "which", "who", "can", "could", "is",
	"are", "do", "does", "will", "would")
