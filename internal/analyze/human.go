package analyze

import (
	"math/bits"
	"strings"
)

// RequestHuman reports whether text asks for a person, with a confidence in
// [0,1]. It reads a small grammar rather than a list of sentences: a request
// verb ("talk to", "connect me with", "I want", "get me") followed by a person
// ("a human", "a real person", "your manager", "someone real"), a bare person
// ("live agent please"), "is there a human", or the same in Spanish, French,
// German, Portuguese and Italian. Negated requests ("no need for a human",
// "don't transfer me"), questions about the bot ("are you a bot?", "am I
// talking to a person?"), reports ("the agent told me") and other meanings of
// the nouns ("travel agent", "human resources", "better than a human") are
// not requests.
func RequestHuman(text string) (bool, float64) {
	return requestHuman(parse(text))
}

func requestHuman(d *doc) (bool, float64) {
	words, fuzzy := canonicalize(d.words)
	info := false
	for _, w := range words {
		if humanWords[w].has(hInfo) {
			info = true
			break
		}
	}
	var best float64
	var negated, mentioned bool
	start := 0
	for i := 0; i <= len(words); i++ {
		if i < len(words) && words[i] != boundary && !humanWords[words[i]].has(hBreak) {
			continue
		}
		if i > start {
			c, neg, men := humanClause(words[start:i], fuzzy[start:i], info)
			best = max(best, c)
			negated = negated || neg
			mentioned = mentioned || men
		}
		start = i + 1
	}
	switch {
	case best >= humanThreshold:
		return true, best
	case negated:
		return false, humanConfNegated
	case mentioned:
		return false, humanConfMention
	}
	return false, best
}

// humanClause scores one clause: the best confidence of a request found in
// it, whether a request was found but negated, and whether a person was
// mentioned at all.
func humanClause(c []string, fuzzy []bool, info bool) (best float64, negated, mentioned bool) {
	foreignTrigger := -1
	for i, w := range c {
		if humanWords[w].has(hForeign) && humanWords[w].has(hTalk|hWant) {
			// Italian "serve" ("mi serve un operatore") is English "serve" without its pronoun.
			if w == "serve" && (i == 0 || !italianServe[c[i-1]]) {
				continue
			}
			foreignTrigger = i
			break
		}
	}
	bare := -1     // whether the clause is bare, worked out when first needed
	firstNeg := -1 // the first negation that does not negate an ability
	germanNeg := false
	for j, w := range c {
		if humanWords[w].has(hNeg) && !abilityAt(c, j) {
			if firstNeg < 0 {
				firstNeg = j
			}
			germanNeg = germanNeg || w == "nicht" || strings.HasPrefix(w, "kein")
		}
	}
	for n := range c {
		s := nounStrength(c, n)
		if s == 0 {
			continue
		}
		mentioned = true
		if s == nounService && info {
			continue
		}
		conf := 0.0
		trigger := -1
		if k, ok := triggerBefore(c, n, s); ok {
			trigger = k
			conf = nounConf(s, false)
		} else if relativeTalk(c, n) {
			trigger = n
			conf = nounConf(s, false)
		} else if s == nounStrong && bareOnce(&bare, c) {
			trigger = 0
			conf = humanConfBare
		} else if foreignTrigger >= 0 && s >= nounWeak {
			conf = nounConf(s, true)
			// A negation before the person, or anywhere in a German clause
			// ("ich möchte nicht mit einem Menschen sprechen").
			if firstNeg >= 0 && (firstNeg < n || germanNeg) {
				negated = true
				continue
			}
			best = max(best, conf-fuzzyPenalty(fuzzy, foreignTrigger, n))
			continue
		}
		if trigger < 0 {
			continue
		}
		if nounNegated(c, n) || trigger < n && negatedBefore(c, trigger) {
			negated = true
			continue
		}
		best = max(best, conf-fuzzyPenalty(fuzzy, trigger, n))
	}
	if best == 0 {
		if k, ok := moveMeBare(c); ok {
			if negatedBefore(c, k) {
				negated = true
			} else {
				best = humanConfMoveBare - fuzzyPenalty(fuzzy, k, k)
			}
		} else if k, ok := escalateBare(c); ok {
			if negatedBefore(c, k) {
				negated = true
			} else {
				best = humanConfEscalate
			}
		}
	}
	return best, negated, mentioned
}

// nounConf is the confidence of a request for a person of strength s.
func nounConf(s int, foreign bool) float64 {
	switch {
	case s == nounStrong && foreign:
		return humanConfForeignStrong
	case s == nounStrong:
		return humanConfStrong
	case foreign:
		return humanConfForeignWeak
	case s == nounWeak:
		return humanConfWeak
	}
	return humanConfService
}

// fuzzyPenalty lowers the confidence for every word in c[from..to] that was
// read through a typo.
func fuzzyPenalty(fuzzy []bool, from, to int) float64 {
	if from > to {
		from, to = to, from
	}
	p := 0.0
	for i := from; i <= to && i < len(fuzzy); i++ {
		if fuzzy[i] {
			p += humanFuzzyPenalty
		}
	}
	return p
}

// nounStrength returns how clearly c[n] names a person who can take over:
// nounStrong, nounWeak, nounService, or 0 when it is not a person here.
func nounStrength(c []string, n int) int {
	w := c[n]
	s, ok := personNouns[w]
	if !ok {
		return 0
	}
	prev, next := "", ""
	if n > 0 {
		prev = c[n-1]
	}
	if n+1 < len(c) {
		next = c[n+1]
	}
	if nounBlockBefore[prev] || nounBlockAfter[next] {
		return 0
	}
	if (next == "de" || next == "di" || next == "da" || next == "du") && n+2 < len(c) && nounBlockAfter[c[n+2]] {
		return 0
	}
	switch w {
	case "one", "ones":
		if !personQualifiers[prev] {
			return 0
		}
		return nounStrong
	case "people":
		if personQualifiers[prev] {
			return nounStrong
		}
		return nounWeak
	case "being", "beings":
		if prev != "human" {
			return 0
		}
	case "human", "humano", "humain", "umano", "humana", "humaine", "umana":
		// "human agent", "humano real": the head noun that follows counts.
		if _, isNoun := personNouns[next]; isNoun && next != "being" {
			return 0
		}
	case "personne":
		// French "personne" alone means "nobody" ("personne ne répond").
		if prev != "une" && prev != "la" && prev != "vraie" && prev != "reelle" && prev != "autre" {
			return 0
		}
	case "service", "services", "care", "assistance", "desk", "team", "department", "support":
		switch prev {
		case "customer", "client", "tech", "technical", "support", "help", "billing", "sales", "service",
			"your", "the", "returns", "claims", "complaints", "care", "customers":
		default:
			if w != "support" {
				return 0
			}
		}
		if w == "support" && next != "" && next != "team" && !humanWords[next].has(hFill) {
			return 0
		}
	case "agent", "agents":
		if prev == "my" && next == "" {
			return s
		}
	}
	if s == nounWeak && personQualifiers[next] {
		return nounStrong
	}
	return s
}

func (c hclass) has(bits hclass) bool { return c&bits != 0 }

// triggerBefore walks left from the person at c[n] over filler words and
// returns the request word that governs it.
func triggerBefore(c []string, n, strength int) (int, bool) {
	hasMe := false
	for k := n - 1; k >= 0 && n-k <= humanMaxGap; k-- {
		w := c[k]
		cl := humanWords[w]
		if cl.has(hForeign) && !cl.has(hFill) {
			return 0, false
		}
		switch {
		case cl.has(hTalk | hReach):
			if beforeIsBe(c, k) {
				return 0, false
			}
			if strings.HasSuffix(w, "ed") && (k == 0 || c[k-1] != "be" && c[k-1] != "get" && c[k-1] != "getting") {
				return 0, false
			}
			return k, true
		case cl.has(hMove):
			if hasMe || !moveNeedsMe[w] && k+1 < n && (c[k+1] == "to" || c[k+1] == "through" || c[k+1] == "over" || c[k+1] == "with") {
				if strength == nounService && !hasMe && c[k+1] != "to" {
					return 0, false
				}
				return k, true
			}
			return 0, false
		case cl.has(hWant):
			return k, wantOK(c, k, n, strength)
		case cl.has(hGive):
			switch w {
			case "have":
				if k < 2 || c[k-1] != "i" || c[k-2] != "can" && c[k-2] != "could" && c[k-2] != "may" {
					return 0, false
				}
			case "get":
			default:
				if !hasMe {
					return 0, false
				}
			}
			return k, wantOK(c, k, n, strength)
		case cl.has(hSee):
			switch c[n] {
			case "manager", "supervisor", "managers", "supervisors":
				return k, true
			}
			return 0, false
		case w == "there" && k > 0 && humanWords[c[k-1]].has(hBe):
			// "is there a human?"; "is there anyone there?" only pings.
			if strength == nounStrong || strength == nounWeak && n+1 < len(c) && thereWeakNext[c[n+1]] {
				return k - 1, true
			}
			return 0, false
		case cl.has(hFill):
			if w == "me" || w == "us" {
				hasMe = true
			}
			continue
		}
		return 0, false
	}
	return 0, false
}

// italianServe are the words before Italian "serve" ("mi serve", "non serve").
var italianServe = set("mi", "ci", "non", "ti", "serve", "me", "gli")

// thereWeakNext are the words that make "is there someone …" a request:
// "is there anyone available", "is there someone who can help".
var thereWeakNext = set("who", "that", "i", "we", "available", "real", "human", "from", "to", "else", "actually",
	"competent", "qualified")

// moveNeedsMe are move verbs that only ask for a person with "me" or "us":
// "send me to someone" is a request, "send money to someone" is not.
var moveNeedsMe = set("send", "pass", "passing", "put", "putting", "hand", "hook", "direct", "directing",
	"route", "switch", "patch")

// wantOK checks a want-like trigger c[k] ("want", "need", "get", "ask for")
// against its person c[n]: "I need support" or "I need someone to check my
// order" are not requests for a person, "I need someone real" is.
func wantOK(c []string, k, n, strength int) bool {
	switch c[k] {
	case "like":
		if k == 0 || c[k-1] != "would" {
			return false
		}
	case "looking", "ask", "asking", "asked":
		if k+1 >= len(c) || c[k+1] != "for" {
			return false
		}
	}
	switch strength {
	case nounService:
		return false
	case nounWeak:
		if n+1 == len(c) {
			return true
		}
		switch c[n+1] {
		case "please", "now", "here", "asap", "from", "who", "that", "real", "human", "else", "to",
			"on", "in", "at", "immediately", "already":
			if c[n+1] == "to" {
				return n+2 < len(c) && humanWords[c[n+2]].has(hTalk)
			}
			if c[n+1] == "else" {
				return false
			}
			if c[n+1] == "who" || c[n+1] == "that" {
				return n+2 < len(c) && (c[n+2] == "is" || c[n+2] == "can" || c[n+2] == "knows" || c[n+2] == "actually" ||
					c[n+2] == "works" || c[n+2] == "could" || c[n+2] == "will")
			}
			return true
		}
		return false
	}
	return true
}

// beforeIsBe reports whether the verb at c[k] is in a progressive or passive
// after a form of "be": "am I talking to a person", "I was speaking to an agent".
func beforeIsBe(c []string, k int) bool {
	if k == 0 || !strings.HasSuffix(c[k], "ing") {
		return false
	}
	p := c[k-1]
	if humanWords[p].has(hBe) {
		return true
	}
	// "am I talking", "are we chatting"
	return (p == "i" || p == "we") && k >= 2 && humanWords[c[k-2]].has(hBe)
}

// relativeTalk matches a person followed by a relative talk verb: "a human I
// can talk to", "someone we could speak with".
func relativeTalk(c []string, n int) bool {
	i := n + 1
	if i < len(c) && (c[i] == "i" || c[i] == "we" || c[i] == "who" || c[i] == "that") {
		i++
	}
	if i < len(c) && (c[i] == "can" || c[i] == "could" || c[i] == "may" || c[i] == "might") {
		i++
	} else {
		return false
	}
	return i < len(c) && humanWords[c[i]].has(hTalk)
}

// bareClause reports whether the clause is just a person and politeness:
// "human", "real agent please", "live person now".
func bareClause(c []string) bool {
	for i, w := range c {
		if _, ok := personNouns[w]; ok && nounStrength(c, i) > 0 {
			continue
		}
		if humanWords[w].has(hBare) || personQualifiers[w] {
			continue
		}
		return false
	}
	return true
}

// bareOnce caches bareClause in *state (-1 unknown, 0 no, 1 yes).
func bareOnce(state *int, c []string) bool {
	if *state < 0 {
		*state = 0
		if bareClause(c) {
			*state = 1
		}
	}
	return *state == 1
}

// moveMeBare matches a bare "transfer me", "connect me please", "put me through".
func moveMeBare(c []string) (int, bool) {
	k := -1
	for i, w := range c {
		if humanWords[w].has(hMove) && !humanWords[w].has(hForeign) && i+1 < len(c) && (c[i+1] == "me" || c[i+1] == "us") {
			k = i
			break
		}
	}
	if k < 0 {
		return 0, false
	}
	for i, w := range c {
		if i == k || i == k+1 {
			continue
		}
		switch w {
		case "can", "could", "would", "will", "you", "please", "just", "through", "over", "now", "asap", "right",
			"away", "already", "i", "want", "to", "need", "do", "not", "dont", "no", "never", "hi", "ok",
			"okay", "then", "immediately", "somewhere", "someone", "else", "again", "thanks":
			continue
		}
		return 0, false
	}
	return k, true
}

// escalateBare matches a bare "escalate this", "handoff please".
func escalateBare(c []string) (int, bool) {
	k := -1
	for i, w := range c {
		if humanWords[w].has(hEscalate) {
			k = i
			continue
		}
		switch w {
		case "this", "it", "my", "the", "case", "ticket", "issue", "complaint", "please", "now", "can", "you",
			"could", "would", "i", "want", "to", "need", "an", "do", "not", "no", "never", "just", "asap",
			"request", "immediately":
			continue
		}
		return 0, false
	}
	return k, k >= 0
}

// negatedBefore reports whether a negation governs the trigger at c[k]: it
// walks left over words that carry negation ("do not *want to* talk") and
// ignores negated ability ("I can't reach an agent" still asks for one).
func negatedBefore(c []string, k int) bool {
	for j := k - 1; j >= 0 && k-j <= humanMaxGap; j-- {
		cl := humanWords[c[j]]
		if cl.has(hNeg) {
			return !abilityAt(c, j)
		}
		if !cl.has(hChain) {
			return false
		}
	}
	return false
}

// abilityAt reports whether the negation at c[j] negates an ability ("can
// not", "not able", "n'arrive pas", "kann keinen").
func abilityAt(c []string, j int) bool {
	if j > 0 && humanWords[c[j-1]].has(hCan) {
		return true
	}
	return j+1 < len(c) && humanWords[c[j+1]].has(hCan)
}

// nounNegated reports whether the person itself is negated: "no human",
// "not a person", "kein Mitarbeiter", "sin agente", "pas de conseiller".
func nounNegated(c []string, n int) bool {
	for j := n - 1; j >= 0 && n-j <= 4; j-- {
		w := c[j]
		switch w {
		case "a", "an", "the", "any", "real", "live", "human", "actual", "single", "de", "d", "di", "un", "una",
			"une", "um", "uma", "ein", "einen", "einem":
			continue
		}
		return humanWords[w].has(hNeg) && w != "n" && w != "ne" && !abilityAt(c, j)
	}
	return false
}

// fuzzyTarget is a grammar word that a typo may stand for.
type fuzzyTarget struct {
	word string
	mask uint32
}

var (
	knownWords   map[string]bool
	fuzzyTargets map[int][]fuzzyTarget // by length
)

// buildFuzzy collects the grammar words typos are matched against and every
// word the package knows, which is never read as a typo.
func buildFuzzy() {
	knownWords = map[string]bool{}
	fuzzyTargets = map[int][]fuzzyTarget{}
	for w := range humanWords {
		knownWords[w] = true
	}
	for w := range personNouns {
		knownWords[w] = true
	}
	for w := range fuzzyDeny {
		knownWords[w] = true
	}
	for w := range stopwords {
		knownWords[w] = true
	}
	add := func(w string) {
		if len(w) >= 4 {
			fuzzyTargets[len(w)] = append(fuzzyTargets[len(w)], fuzzyTarget{w, letterMask(w)})
		}
	}
	for w, c := range humanWords {
		if c.has(hTalk|hReach|hMove) && !c.has(hForeign) && !strings.HasSuffix(w, "ed") {
			add(w)
		}
	}
	for w, s := range personNouns {
		if s >= nounWeak && w != "ones" && w != "being" && w != "beings" {
			add(w)
		}
	}
}

// splitPrefixes are short words people run into the next one ("tosomebody", "udirect").
var splitPrefixes = []string{"to", "u", "a", "an", "ya"}

// canonicalize maps typos of grammar words to the words ("somone" → "someone",
// "tosomebody" → "to somebody") and reports which words were guessed.
func canonicalize(words []string) ([]string, []bool) {
	var out []string
	var fuzzy []bool
	for i, w := range words {
		if w == boundary || knownWords[w] || len(w) < 4 || isNumber(w) {
			if out != nil {
				out = append(out, w)
				fuzzy = append(fuzzy, false)
			}
			continue
		}
		repl, split := typo(w)
		if repl == "" {
			if out != nil {
				out = append(out, w)
				fuzzy = append(fuzzy, false)
			}
			continue
		}
		if out == nil {
			out = append(make([]string, 0, len(words)+2), words[:i]...)
			fuzzy = make([]bool, i, len(words)+2)
		}
		if split != "" {
			out = append(out, split)
			fuzzy = append(fuzzy, false)
		}
		out = append(out, repl)
		fuzzy = append(fuzzy, true)
	}
	if out == nil {
		return words, make([]bool, len(words))
	}
	return out, fuzzy
}

// typo returns the grammar word w is a typo of, and a prefix that was run
// into it ("to" for "tosomebody").
func typo(w string) (word, prefix string) {
	for _, p := range splitPrefixes {
		if rest, ok := strings.CutPrefix(w, p); ok && len(rest) >= 3 {
			if _, noun := personNouns[rest]; noun || humanWords[rest].has(hTalk|hReach|hMove) {
				return rest, p
			}
		}
	}
	m := letterMask(w)
	for l := len(w) - 1; l <= len(w)+1; l++ {
		for _, t := range fuzzyTargets[l] {
			if bits.OnesCount32(m^t.mask) <= 2 && withinOneEdit(w, t.word) {
				return t.word, ""
			}
		}
	}
	return "", ""
}

// letterMask is the set of letters in w, as bits.
func letterMask(w string) uint32 {
	var m uint32
	for i := 0; i < len(w); i++ {
		if c := w[i]; c >= 'a' && c <= 'z' {
			m |= 1 << (c - 'a')
		}
	}
	return m
}

// withinOneEdit reports whether a and b differ by at most one insertion,
// deletion, substitution or swap of adjacent letters.
func withinOneEdit(a, b string) bool {
	if len(a) > len(b) {
		a, b = b, a
	}
	switch len(b) - len(a) {
	case 0:
		diff := -1
		for i := 0; i < len(a); i++ {
			if a[i] != b[i] {
				if diff >= 0 {
					// a second difference: only a swap of neighbours is allowed
					return i == diff+1 && a[diff] == b[i] && a[i] == b[diff] && a[i+1:] == b[i+1:]
				}
				diff = i
			}
		}
		return true
	case 1:
		i := 0
		for i < len(a) && a[i] == b[i] {
			i++
		}
		return a[i:] == b[i+1:]
	}
	return false
}
