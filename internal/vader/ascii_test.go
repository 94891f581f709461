package vader_test

import (
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/handoffhq/handoff/internal/vader"
)

// TestTokenizeASCII checks that the ASCII tokenizer makes the tokens the
// general one makes, on random texts of words, case, punctuation and
// white space.
func TestTokenizeASCII(t *testing.T) {
	t.Parallel()
	pieces := []string{"good", "GOOD", "Good", "but", "BUT", "isn't", "ISN'T", "n't", "can't", "no", "kind", "of",
		"the", "bomb", "a", "I", ":)", ":-(", "<3", "!", "?", "'", "\"", ".", ",", "--", "(", ")", " ", "  ",
		"\t", "\n", "\x1c", "\x1f", "\x00", "\x7f", "x", "zz", "bad", "Ass", "lol", "very", "VERY", "xX", "9", "'s"}
	r := rand.New(rand.NewPCG(1, 2))
	for n := 0; n < 20000; n++ {
		var b []byte
		for k := r.IntN(12); k >= 0; k-- {
			b = append(b, pieces[r.IntN(len(pieces))]...)
		}
		text := string(b)
		general, ascii, ok := vader.Tokens(text)
		if !ok {
			t.Fatalf("tokenizeASCII refused the ASCII text %q", text)
		}
		if !slices.Equal(general, ascii) {
			t.Fatalf("tokens of %q:\ngeneral %q\nascii   %q", text, general, ascii)
		}
	}
	if _, _, ok := vader.Tokens("good é"); ok {
		t.Fatal("tokenizeASCII took a text that is not ASCII")
	}
}
