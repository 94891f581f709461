package analyze_test

import (
	"testing"

	"github.com/handoffhq/handoff/internal/analyze"
)

// TestRequestHumanTradesAndAdverbs covers a trade of the shop asked for in
// Spanish, French, German, Portuguese and Italian, and an adverb between
// "can I" and a contact verb ("can I just message the stylist"); beside
// them the traps: a trade sent for, the customer's own, a report, a
// negation, and the way or advice asked with an adverb.
func TestRequestHumanTradesAndAdverbs(t *testing.T) {
	t.Parallel()
	tests := []struct {
		text string
		want bool
		why  string
	}{
		{"Posso parlare con una parrucchiera?", true, "it: a trade talked to"},
		{"¿puedo hablar con una peluquera?", true, "es: a trade talked to"},
		{"je voudrais parler au coiffeur", true, "fr: a trade talked to"},
		{"kann ich mit dem Friseur sprechen?", true, "de: a trade talked to"},
		{"posso falar com a cabeleireira?", true, "pt: a trade talked to"},
		{"can i just message one of the stylists directly?", true, "an adverb before the contact verb"},
		{"could I maybe email the owner directly?", true, "an adverb before the contact verb"},

		{"mi serve un tecnico", false, "it: a trade sent for"},
		{"el técnico dijo que no", false, "es: a report"},
		{"posso parlare con la mia parrucchiera?", false, "it: the customer's own"},
		{"mon coiffeur m'a dit de vous écrire", false, "fr: the customer's own"},
		{"non voglio parlare con un parrucchiere", false, "it: negated"},
		{"how can i just message the stylist?", false, "the way asked"},
		{"should i just message the stylist?", false, "advice asked"},
	}
	for _, tt := range tests {
		got, conf := analyze.RequestHuman(tt.text)
		if got != tt.want {
			t.Errorf("RequestHuman(%q) = %v (confidence %.2f), want %v (%s)", tt.text, got, conf, tt.want, tt.why)
		}
	}
}
