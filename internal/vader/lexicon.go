package vader

import (
	_ "embed"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Empirically derived constants of the reference implementation.
const (
	bIncr   = 0.293 // intensity added by a booster word ("very")
	bDecr   = -0.293
	cIncr   = 0.733 // intensity added by an ALL-CAPS word in mixed-case text
	nScalar = -0.74 // factor applied to a negated word
)

//go:embed vader_lexicon.txt
var lexiconFile string

//go:embed emoji_utf8_lexicon.txt
var emojiFile string

// negateWords are the reference NEGATE list.
var negateWords = []string{
	"aint", "arent", "cannot", "cant", "couldnt", "darent", "didnt", "doesnt",
	"ain't", "aren't", "can't", "couldn't", "daren't", "didn't", "doesn't",
	"dont", "hadnt", "hasnt", "havent", "isnt", "mightnt", "mustnt", "neither",
	"don't", "hadn't", "hasn't", "haven't", "isn't", "mightn't", "mustn't",
	"neednt", "needn't", "never", "none", "nope", "nor", "not", "nothing", "nowhere",
	"oughtnt", "shant", "shouldnt", "uhuh", "wasnt", "werent",
	"oughtn't", "shan't", "shouldn't", "uh-uh", "wasn't", "weren't",
	"without", "wont", "wouldnt", "won't", "wouldn't", "rarely", "seldom", "despite",
}

// boosters is the reference BOOSTER_DICT: degree adverbs that raise (bIncr)
// or lower (bDecr) the intensity of the sentiment word that follows them.
var boosters = map[string]float64{
	"absolutely": bIncr, "amazingly": bIncr, "awfully": bIncr,
	"completely": bIncr, "considerable": bIncr, "considerably": bIncr,
	"decidedly": bIncr, "deeply": bIncr, "effing": bIncr, "enormous": bIncr, "enormously": bIncr,
	"entirely": bIncr, "especially": bIncr, "exceptional": bIncr, "exceptionally": bIncr,
	"extreme": bIncr, "extremely": bIncr,
	"fabulously": bIncr, "flipping": bIncr, "flippin": bIncr, "frackin": bIncr, "fracking": bIncr,
	"fricking": bIncr, "frickin": bIncr, "frigging": bIncr, "friggin": bIncr, "fully": bIncr,
	"fuckin": bIncr, "fucking": bIncr, "fuggin": bIncr, "fugging": bIncr,
	"greatly": bIncr, "hella": bIncr, "highly": bIncr, "hugely": bIncr,
	"incredible": bIncr, "incredibly": bIncr, "intensely": bIncr,
	"major": bIncr, "majorly": bIncr, "more": bIncr, "most": bIncr, "particularly": bIncr,
	"purely": bIncr, "quite": bIncr, "really": bIncr, "remarkably": bIncr,
	"so": bIncr, "substantially": bIncr,
	"thoroughly": bIncr, "total": bIncr, "totally": bIncr, "tremendous": bIncr, "tremendously": bIncr,
	"uber": bIncr, "unbelievably": bIncr, "unusually": bIncr, "utter": bIncr, "utterly": bIncr,
	"very":   bIncr,
	"almost": bDecr, "barely": bDecr, "hardly": bDecr, "just enough": bDecr,
	"kind of": bDecr, "kinda": bDecr, "kindof": bDecr, "kind-of": bDecr,
	"less": bDecr, "little": bDecr, "marginal": bDecr, "marginally": bDecr,
	"occasional": bDecr, "occasionally": bDecr, "partly": bDecr,
	"scarce": bDecr, "scarcely": bDecr, "slight": bDecr, "slightly": bDecr, "somewhat": bDecr,
	"sort of": bDecr, "sorta": bDecr, "sortof": bDecr, "sort-of": bDecr,
}

// specialCases is the reference SPECIAL_CASES: idioms containing lexicon
// words whose meaning differs from their words' ("the bomb", "bad ass").
var specialCases = map[string]float64{
	"the shit": 3, "the bomb": 3, "bad ass": 1.5, "badass": 1.5, "bus stop": 0.0,
	"yeah right": -2, "kiss of death": -1.5, "to die for": 3,
	"beating heart": 3.1, "broken heart": -2.9,
}

// The reference also lists SENTIMENT_LADEN_IDIOMS ("cut the mustard", "under
// the weather", ...) but marks their check as future work and never calls it,
// so they take no part in scoring here either.

// wordInfo is what the rules need to know of a lower-case token.
type wordInfo struct {
	inLex bool    // the token is in the lexicon
	lex   float64 // its mean valence there
	boost float64 // its booster value, 0 if it is no booster
	neg   bool    // it is in the negation list
	idiom bool    // it is a word of a multi-word special case or booster
}

var (
	words        *wordTable      // lexicon, booster, negation and idiom words
	emojis       map[rune]string // emoji code point -> textual description
	minEmoji     rune            // smallest key of emojis
	maxPhraseLen int             // longest multi-word key of specialCases and boosters
)

func init() {
	lexicon := parseLexicon(lexiconFile)
	m := make(map[string]wordInfo, len(lexicon)+len(boosters)+len(negateWords))
	for w, v := range lexicon {
		m[w] = wordInfo{inLex: true, lex: v}
	}
	for w, v := range boosters {
		info := m[w]
		info.boost = v
		m[w] = info
	}
	for _, w := range negateWords {
		info := m[w]
		info.neg = true
		m[w] = info
	}
	emojis, minEmoji = parseEmoji(emojiFile)
	for _, phrases := range []map[string]float64{specialCases, boosters} {
		for k := range phrases {
			if strings.Contains(k, " ") {
				maxPhraseLen = max(maxPhraseLen, len(k))
				for _, w := range strings.Split(k, " ") {
					info := m[w]
					info.idiom = true
					m[w] = info
				}
			}
		}
	}
	words = newWordTable(m)
	if maxPhraseLen > phraseBuf {
		panic("vader: phrase buffer too small")
	}
}

// parseLexicon reads vader_lexicon.txt as the reference does: one
// "token<TAB>mean<TAB>..." entry a line, surrounding whitespace stripped,
// later duplicates replacing earlier ones.
func parseLexicon(data string) map[string]float64 {
	m := make(map[string]float64, 7600)
	for line := range strings.SplitSeq(strings.TrimRight(data, "\n"), "\n") {
		if line == "" {
			continue
		}
		line = strings.TrimFunc(line, isPySpace)
		word, rest, ok := strings.Cut(line, "\t")
		if !ok {
			panic("vader: malformed lexicon line " + strconv.Quote(line))
		}
		measure, _, _ := strings.Cut(rest, "\t")
		v, err := strconv.ParseFloat(measure, 64)
		if err != nil {
			panic("vader: malformed lexicon value in line " + strconv.Quote(line))
		}
		m[word] = v
	}
	return m
}

// parseEmoji reads emoji_utf8_lexicon.txt, "emoji<TAB>description" a line,
// and returns the table with its smallest key.
func parseEmoji(data string) (map[rune]string, rune) {
	m := make(map[rune]string, 1300)
	least := utf8.MaxRune
	for line := range strings.SplitSeq(strings.TrimRight(data, "\n"), "\n") {
		e, desc, ok := strings.Cut(line, "\t")
		r, size := utf8.DecodeRuneInString(e)
		if !ok || size != len(e) || r == utf8.RuneError {
			panic("vader: malformed emoji line " + strconv.Quote(line))
		}
		m[r] = desc
		least = min(least, r)
	}
	return m, least
}
