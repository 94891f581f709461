package analyze_test

import (
	"testing"

	"github.com/handoffhq/handoff/internal/analyze"
)

// TestRequestHumanNamedAndTrades covers a person named before an
// alternative ("Sarah or whoever does the alterations"), trades the
// grammar does not list, read by their ending ("one of your
// audiologists", "your beautician"), and a person said again more clearly
// ("a person I mean, not the bot"); beside them the traps: someone of the
// customer's own as the alternative, a trade sent for or of the customer's
// own, "-ist" words that name beliefs, "I mean" in a description, and whom
// to talk to about a job or in human resources.
func TestRequestHumanNamedAndTrades(t *testing.T) {
	t.Parallel()
	tests := []struct {
		text string
		want bool
		why  string
	}{
		{"Thanks! Actually can I talk to Sarah or whoever does the alterations directly? I've got a question about adding a bustle", true, "a name, then an alternative"},
		{"can I speak to Tom or anyone from the workshop?", true, "a name, then an alternative"},
		{"can I talk to Sarah or someone", true, "a name, then an alternative"},
		{"can I talk to my husband or someone first", false, "the customer's own as the alternative"},
		{"I want to talk to a bot or a human, whatever", false, "a bot as the alternative"},

		{"I would very much appreciate the chance to speak with one of your audiologists about this, if that could be arranged.", true, "a trade by its ending"},
		{"could I talk to one of your physiotherapists?", true, "a trade by its ending"},
		{"can I speak with your beautician", true, "a trade by its ending"},
		{"I need an audiologist", false, "a trade sent for"},
		{"my audiologist said it was fine", false, "the customer's own trade"},
		{"a captivating drama that will speak to the nonconformist in us all", false, "a belief, not a trade"},
		{"I made a checklist and a playlist", false, "not a person"},

		{"🙋‍♀️ is anyone there? a person I mean, not the bot 😅", true, "a person said again"},
		{"I mean a real person", true, "a person said again"},
		{"the person I mean is your driver", false, "a description"},
		{"by person I mean per head, how much is it", false, "a description"},
		{"is anyone there?", false, "a ping"},

		{"Hi who do I talk to in human resources about the cleaner job you advertised?", false, "a job, in human resources"},
		{"who should I contact about the barista job you posted?", false, "a job applied for"},
		{"who do I talk to in HR?", false, "human resources as the place"},
		{"who do I talk to about the plumbing job you did, it leaks", true, "work done for the customer"},
		{"who can I speak to about the order?", true, "whom to talk to"},
	}
	for _, tt := range tests {
		got, conf := analyze.RequestHuman(tt.text)
		if got != tt.want {
			t.Errorf("RequestHuman(%q) = %v (confidence %.2f), want %v (%s)", tt.text, got, conf, tt.want, tt.why)
		}
	}
}
