package vader_test

import (
	"testing"

	"github.com/handoffhq/handoff/internal/vader"
)

// FuzzCompound checks that scoring never panics, stays in range and is
// deterministic.
func FuzzCompound(f *testing.F) {
	for _, seed := range []string{
		"",
		" ",
		"The support was not good, but the refund was VERY fast!!!",
		"Is anyone there???",
		"kind of least no never so this without doubt but BUT",
		"I'm so frustrated 😡😡 but thanks 🙂❤️",
		"😀hi",
		":) :( <3 :-D ;)",
		"İt was nİce \u00a0 \u3000 \x1c ok",
		"\xff\xfe invalid \xc3",
		"ΣΟΦΟΣ Straße ǅ ª Ⓐ 🅰 K",
		"no no no no but but but good good good bad bad",
		"the bomb yeah right kiss of death to die for bus stop",
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, text string) {
		s := vader.PolarityScores(text)
		if s.Compound < -1 || s.Compound > 1 {
			t.Fatalf("compound %v out of [-1,1] for %q", s.Compound, text)
		}
		for _, p := range []float64{s.Neg, s.Neu, s.Pos} {
			if p < 0 || p > 1 {
				t.Fatalf("proportion %v out of [0,1] for %q", p, text)
			}
		}
		if again := vader.PolarityScores(text); again != s {
			t.Fatalf("not deterministic for %q: %+v then %+v", text, s, again)
		}
		if c := vader.Compound(text); c != s.Compound {
			t.Fatalf("Compound %v != PolarityScores().Compound %v for %q", c, s.Compound, text)
		}
	})
}
