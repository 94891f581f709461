package vader

import (
	_ "embed"
	"strconv"
	"strings"
)

// Empirically derived constants of VADER.
const (
	bIncr   = 0.293 // intensity added by a booster word ("very")
	bDecr   = -0.293
	cIncr   = 0.733 // intensity added by an ALL-CAPS word in mixed-case text
	nScalar = -0.74 // factor applied to a negated word
)

//go:embed vader_lexicon.txt
var lexiconFile string

// negateWords are the negation words; a token negates only if written
// exactly so, in lower case.
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

// boosters are the degree adverbs that raise (bIncr) or lower (bDecr) the
// intensity of the sentiment word after them, as the npm port lists them.
// The two-word entries only count through the idiom check.
var boosters = map[string]float64{
	"absolutely": bIncr, "amazingly": bIncr, "awfully": bIncr, "completely": bIncr,
	"considerably": bIncr, "decidedly": bIncr, "deeply": bIncr, "effing": bIncr,
	"enormously": bIncr, "entirely": bIncr, "especially": bIncr, "exceptionally": bIncr,
	"extremely": bIncr, "fabulously": bIncr, "flipping": bIncr, "flippin": bIncr,
	"fricking": bIncr, "frickin": bIncr, "frigging": bIncr, "friggin": bIncr,
	"fully": bIncr, "fucking": bIncr, "greatly": bIncr, "hella": bIncr,
	"highly": bIncr, "hugely": bIncr, "incredibly": bIncr, "intensely": bIncr,
	"majorly": bIncr, "more": bIncr, "most": bIncr, "particularly": bIncr,
	"purely": bIncr, "quite": bIncr, "really": bIncr, "remarkably": bIncr,
	"so": bIncr, "substantially": bIncr, "thoroughly": bIncr, "totally": bIncr,
	"tremendously": bIncr, "uber": bIncr, "unbelievably": bIncr, "unusually": bIncr,
	"utterly": bIncr, "very": bIncr,
	"almost": bDecr, "barely": bDecr, "hardly": bDecr, "just enough": bDecr,
	"kind of": bDecr, "kinda": bDecr, "kindof": bDecr, "kind-of": bDecr,
	"less": bDecr, "little": bDecr, "marginally": bDecr, "occasionally": bDecr,
	"partly": bDecr, "scarcely": bDecr, "slightly": bDecr, "somewhat": bDecr,
	"sort of": bDecr, "sorta": bDecr, "sortof": bDecr, "sort-of": bDecr,
}

// idioms are the special-case idioms of the npm port: phrases whose
// valence replaces that of the lexicon word in or after them.
var idioms = map[string]float64{
	"the shit": 3, "the bomb": 3, "bad ass": 1.5, "yeah right": -2,
	"cut the mustard": 2, "kiss of death": -1.5, "hand to mouth": -2,
}

// wordInfo is what the rules need to know of a token.
type wordInfo struct {
	inLex bool    // the lower-case token is in the lexicon
	lex   float64 // its mean valence there
	boost float64 // its booster value, 0 if it is no booster
	neg   bool    // the token is a negation word
}

var (
	words        map[string]wordInfo // lexicon, booster and negation words
	maxPhraseLen int                 // longest multi-word key of idioms and boosters
)

func init() {
	lexicon := parseLexicon(lexiconFile)
	words = make(map[string]wordInfo, len(lexicon)+len(boosters)+len(negateWords))
	for w, v := range lexicon {
		words[w] = wordInfo{inLex: true, lex: v}
	}
	for w, v := range boosters {
		info := words[w]
		info.boost = v
		words[w] = info
	}
	for _, w := range negateWords {
		info := words[w]
		info.neg = true
		words[w] = info
	}
	for _, m := range []map[string]float64{idioms, boosters} {
		for k := range m {
			if strings.Contains(k, " ") {
				maxPhraseLen = max(maxPhraseLen, len(k))
			}
		}
	}
	if maxPhraseLen > phraseBuf {
		panic("vader: phrase buffer too small")
	}
}

// parseLexicon reads vader_lexicon.txt: one "token<TAB>mean<TAB>..." entry
// a line, surrounding white space stripped, later duplicates replacing
// earlier ones.
func parseLexicon(data string) map[string]float64 {
	m := make(map[string]float64, 7600)
	for line := range strings.SplitSeq(strings.TrimRight(data, "\n"), "\n") {
		line = strings.TrimSpace(line)
		if line == "" {
			continue
		}
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
