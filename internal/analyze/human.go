package analyze

import "strings"

// RequestHuman reports whether text asks for a person, with a confidence in
// [0,1]. It reads a small grammar rather than a list of sentences: a request
// verb ("talk to", "connect me with", "I want", "get me") followed by a person
// ("a human", "a real person", "your manager", "someone real", "the club
// manager", "one of your mechanics"), a bare person ("live agent please"),
// "is there a human", a question that asks a person to act ("can a live
// agent help me") or to call ("can somebody call me"), a contact person
// asked for ("gibt es einen Ansprechpartner"), a department on its own
// ("customer service please"), a named person to contact ("can I message
// the designer directly") or asked after ("is your sales team around?"),
// whom to talk to ("who do I talk to about that?"), something to go over
// with a person ("I'd like to go over it with a human"), a department by
// name ("put me through to billing"), someone from the shop's team ("can
// someone from billing look at this", "could a member of your design team
// give me a ring", "have someone from your sales side walk me through the
// options"), anyone there to talk to ("is there anyone there I could
// actually talk to"), a callback wished for ("I'd feel better if someone
// called me back"), a person asked to pick the matter up or to DM, message
// or ring the customer or someone of theirs ("can a human pick this up?",
// "could you get whoever's on the counter to message me?", "can someone
// hmu"), a person named by their wits ("could someone with an actual
// brain look at my account"), after alternatives ("can a dev or mod or
// literally any human check my account") or by a pronoun after being
// named ("who's the person in charge of bookings? can they message me?"),
// a named person before an alternative ("can I talk to Sarah or whoever
// does the alterations"), a trade read by its ending ("one of your
// audiologists"), a person said again ("a person I mean, not the bot"),
// or the same in Spanish, French, German, Portuguese and Italian.
// Negated requests ("no need for a human", "don't transfer me", "not asking
// for a manager"), requests given up ("I was about to ask for someone"),
// questions about the bot ("are you a bot?", "am I talking to a person?"),
// whom to ask about a job ("who do I talk to in human resources about the
// job you advertised?"),
// reports ("the agent told me"), a trade sent for rather than talked to ("I
// need a plumber") or owned by the customer ("my mechanic") and other
// meanings of the nouns ("travel agent", "human resources", "better than a
// human") are not requests.
func RequestHuman(text string) (bool, float64) {
	d := parsePooled(text)
	defer d.release()
	return requestHuman(d)
}

func requestHuman(d *doc) (bool, float64) {
	words, wis, fuzzy := canonicalize(d)
	info := false
	for _, wi := range wis {
		if wi.class().has(hInfo) {
			info = true
			break
		}
	}
	var best float64
	var negated, mentioned bool
	named := -1 // where the first clause that names a person starts
	start := 0
	// A clause without a person noun, a move verb ("transfer me") or
	// "escalate" has no request in it, negated or not, and mentions no one.
	key := false
	for i := 0; i <= len(words); i++ {
		if i < len(words) && (words[i] != boundary && !wis[i].class().has(hBreak) ||
			words[i] == boundary && key && relativeAfter(words, wis, i+1)) {
			if wi := wis[i]; wi != nil && (wi.isNoun || wi.human.has(hMove|hEscalate|hDept) || whoWords.in(wi)) {
				key = true
			}
			continue
		}
		if i > start && key {
			fz := fuzzy
			if fz != nil {
				fz = fuzzy[start:i]
			}
			c, neg, men := humanClause(words[start:i], wis[start:i], fz, info)
			best = max(best, c)
			negated = negated || neg
			mentioned = mentioned || men
			if men && named < 0 {
				named = start
			}
		}
		start, key = i+1, false
	}
	if best < humanThreshold && !negated && !info && mentioned && bareServiceMessage(words, wis) {
		best = humanConfService
	}
	if best < humanThreshold && !negated && named >= 0 && pronounCallback(words, wis, named) {
		best = humanConfCallback
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
func humanClause(c []string, ci []*wordInfo, fuzzy []bool, info bool) (best float64, negated, mentioned bool) {
	foreignTrigger := -1
	for i, w := range c {
		if cl := ci[i].class(); cl.has(hForeign) && cl.has(hTalk|hWant) {
			// Italian "serve" ("mi serve un operatore") is English "serve" without its pronoun.
			if w == "serve" && (i == 0 || !italianServe.in(ci[i-1])) {
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
		if ci[j].class().has(hNeg) && !abilityAt(ci, j) {
			if firstNeg < 0 {
				firstNeg = j
			}
			germanNeg = germanNeg || w == "nicht" || strings.HasPrefix(w, "kein")
		}
	}
	for n := range c {
		s := nounStrength(c, ci, n)
		if s == 0 {
			continue
		}
		mentioned = true
		if s == nounService && info {
			continue
		}
		// A trade ("the florist") is a person to talk to, not one to
		// send for: "I need a technician" books a visit. The trades are
		// English words, so no trigger of the other languages reaches them
		// ("a passer-by paused to see what the artist was making"), but
		// the trades of foreignRoleNounList (see foreignTrade).
		role := roleNouns.in(ci[n])
		conf := 0.0
		trigger := -1
		if k, ok := triggerBefore(c, ci, n, s); ok && (!role || roleTrigger(c, ci, k) || onTheLine(c, n)) {
			trigger = k
			conf = nounConf(s, false)
		} else if relativeTalk(c, ci, n) {
			trigger = n
			conf = nounConf(s, false)
		} else if k, ok := subjectRequest(c, ci, n, s, role); ok {
			trigger = k
			conf = humanConfSubject
		} else if k, ok := directContact(c, ci, n, s); ok {
			trigger = k
			conf = humanConfSubject
		} else if k, ok := availableAsk(c, ci, n, s); ok && (s == nounStrong || !info) {
			trigger = k
			conf = humanConfSubject
		} else if k, ok := callbackRequest(c, ci, n, s); ok {
			trigger = k
			conf = humanConfCallback
		} else if k, ok := wishedCall(c, ci, n, s); ok {
			trigger = k
			conf = humanConfCallback
		} else if k, ok := jointWith(c, ci, n, s); ok {
			trigger = k
			conf = nounConf(s, false)
		} else if k, ok := phoneWith(c, ci, n, s); ok {
			if firstNeg >= 0 && firstNeg < n {
				negated = true
				continue
			}
			trigger = k
			conf = humanConfCallback
		} else if k, ok := existsAt(c, ci, n); ok && contactNoun(c, ci, n) {
			if firstNeg >= 0 && (firstNeg < n || germanNeg) {
				negated = true
				continue
			}
			best = max(best, humanConfContact-fuzzyPenalty(fuzzy, k, n))
			continue
		} else if s == nounStrong && !role && bareOnce(&bare, c, ci) {
			trigger = 0
			conf = humanConfBare
		} else if s == nounService && bareService(c, ci, n) {
			trigger = 0
			conf = humanConfService
		} else if k, ok := foreignAvailable(c, ci, n); ok && s == nounStrong && !role {
			trigger = k
			conf = humanConfSubject
		} else if foreignTrigger >= 0 && s >= nounWeak && (!role || foreignTrade(c, ci, n, foreignTrigger)) {
			conf = nounConf(s, true)
			// A negation before the person, or anywhere in a German clause
			// ("ich möchte nicht mit einem Menschen sprechen"), or a request
			// given up ("iba a pedir hablar con alguien").
			if firstNeg >= 0 && (firstNeg < n || germanNeg) || cancelledBefore(c, max(foreignTrigger, n)) {
				negated = true
				continue
			}
			best = max(best, conf-fuzzyPenalty(fuzzy, foreignTrigger, n))
			continue
		}
		if trigger < 0 {
			continue
		}
		if nounNegated(c, ci, n) || trigger < n && negatedBefore(ci, trigger) || cancelledBefore(c, trigger) {
			negated = true
			continue
		}
		best = max(best, conf-fuzzyPenalty(fuzzy, trigger, n))
	}
	if best == 0 {
		if k, ok := deptDestination(c, ci); ok || foreignTrigger >= 0 && foreignDept(c, ci) {
			if !ok {
				k = foreignTrigger
			}
			if negatedBefore(ci, k) || cancelledBefore(c, k) {
				negated = true
			} else {
				best = humanConfService - fuzzyPenalty(fuzzy, k, k)
			}
		} else if k, ok := moveMeBare(c, ci); ok {
			if negatedBefore(ci, k) {
				negated = true
			} else {
				best = humanConfMoveBare - fuzzyPenalty(fuzzy, k, k)
			}
		} else if k, ok := escalateBare(c, ci); ok {
			if negatedBefore(ci, k) {
				negated = true
			} else {
				best = humanConfEscalate
			}
		} else if k, ok := whoToAsk(c, ci); ok && !info {
			if cancelledBefore(c, k) {
				negated = true
			} else {
				best = humanConfWho
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
func nounStrength(c []string, ci []*wordInfo, n int) int {
	w := c[n]
	s, ok := ci[n].person()
	if !ok {
		return 0
	}
	prev, next := "", ""
	var pi, ni *wordInfo
	if n > 0 {
		prev, pi = c[n-1], ci[n-1]
	}
	if n+1 < len(c) {
		next, ni = c[n+1], ci[n+1]
	}
	// "like a real person" compares, but "I would like someone" asks.
	wouldLike := prev == "like" && n >= 2 && c[n-2] == "would"
	bringIn := prev == "in" && n >= 2 && bringsIn.has(c[n-2])
	if nounBlockBefore.in(pi) && !wouldLike && !bringIn || nounBlockAfter.in(ni) {
		return 0
	}
	// "the manager of my building", "the engineer from our insurer":
	// someone else's person, unless the account or order is meant.
	if s == nounStrong && (next == "of" || next == "at" || next == "from") && n+2 < len(c) &&
		customerOwn.in(ci[n+2]) && !(n+3 < len(c) && ownedCase.in(ci[n+3])) {
		return 0
	}
	// "my mechanic", "our designer": the customer's own trade, not the shop's.
	if roleNouns.in(ci[n]) {
		k := n
		for k > 0 && n-k < humanModifiers && openWord(c[k-1], ci[k-1]) {
			k--
		}
		if k > 0 && customerOwn.in(ci[k-1]) {
			return 0
		}
	}
	if (next == "de" || next == "di" || next == "da" || next == "du") && n+2 < len(c) && nounBlockAfter.in(ci[n+2]) {
		return 0
	}
	switch w {
	case "one", "ones":
		if !personQualifiers.in(pi) {
			return 0
		}
		return nounStrong
	case "people":
		if personQualifiers.in(pi) {
			return nounStrong
		}
		return nounWeak
	case "being", "beings":
		if prev != "human" {
			return 0
		}
	case "human", "humano", "humain", "umano", "humana", "humaine", "umana":
		// "human agent", "humano real": the head noun that follows counts.
		if _, isNoun := ni.person(); isNoun && next != "being" {
			return 0
		}
	case "referente":
		// Italian "referente" is a contact person only with an article
		// ("un referente"); alone it also means "about" ("referente
		// all'ordine").
		if !italianArticles.in(pi) {
			return 0
		}
	case "colleague", "colleagues", "companero", "companera", "collegue", "collegues", "kollege", "kollegen",
		"kollegin", "colega", "collega":
		if !colleagueDeterminers.has(prev) {
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
			// "your wholesale team", "the events department"
			named := (w == "team" || w == "department") && modifiersBefore(c, ci, n) < n
			if w != "support" && !named {
				return 0
			}
		}
		if w == "support" && next != "" && next != "team" && !ni.class().has(hFill) {
			return 0
		}
	case "agent", "agents":
		if prev == "my" && next == "" {
			return s
		}
	case "staff":
		// "a staff member": the head noun that follows counts.
		if next == "member" || next == "members" {
			return 0
		}
	case "member", "members":
		// Only a member of the team: "a staff member", "a member of your
		// team", "a team member"; not "I'm a member".
		if !memberOf.in(pi) && !(next == "of" && memberOfAfter(c, ci, n+2)) {
			return 0
		}
	}
	if s == nounWeak && personQualifiers.in(ni) {
		return nounStrong
	}
	if _, ok := witsAt(c, n+1); ok && s == nounWeak {
		// "someone with an actual brain"
		return nounStrong
	}
	if s == nounWeak && n+1 < len(c) && placePreps.in(ni) {
		// "someone from billing", "anyone on the service team"
		if _, ok := shopPlaceAt(c, n+1); ok {
			return nounStrong
		}
	}
	return s
}

func (c hclass) has(bits hclass) bool { return c&bits != 0 }

// triggerBefore walks left from the person at c[n] over filler words and
// returns the request word that governs it.
func triggerBefore(c []string, ci []*wordInfo, n, strength int) (int, bool) {
	hasMe := false
	// The person may be qualified by words the grammar does not know: "the
	// club manager", "your wholesale team".
	m := n
	if strength != nounWeak {
		m = modifiersBefore(c, ci, n)
	}
	m = oneOf(c, m)
	coordinated := false
	for k := m - 1; k >= 0 && m-k <= humanMaxGap; k-- {
		w := c[k]
		cl := ci[k].class()
		if w == "or" && !coordinated {
			// A named person or another offered first: "talk to Sarah or
			// whoever does the alterations", not "my husband or someone".
			j := coordinatedBefore(c, ci, k)
			if j == k || j >= 0 && customerOwn.in(ci[j]) {
				return 0, false
			}
			coordinated = true
			k = j + 1
			continue
		}
		if cl.has(hForeign) && !cl.has(hFill) {
			return 0, false
		}
		switch {
		case w == "word":
			// "can I have a quick word with the manager", not "I had a
			// word with the manager"
			if k+1 < m && c[k+1] == "with" && wordWith(c, k) {
				return k, true
			}
			return 0, false
		case cl.has(hTalk | hReach):
			if beforeIsBe(c, ci, k) {
				return 0, false
			}
			// "the contact person on the order" names a person, it does
			// not contact one.
			if w == "contact" && k == m-1 && k > 0 && determiners.in(ci[k-1]) {
				return 0, false
			}
			if strings.HasSuffix(w, "ed") && (k == 0 || c[k-1] != "be" && c[k-1] != "get" && c[k-1] != "getting") {
				return 0, false
			}
			return k, true
		case cl.has(hMove):
			if hasMe || !moveNeedsMe.in(ci[k]) && k+1 < m && (c[k+1] == "to" || c[k+1] == "through" || c[k+1] == "over" || c[k+1] == "with") {
				if strength == nounService && !hasMe && c[k+1] != "to" {
					return 0, false
				}
				return k, true
			}
			return 0, false
		case cl.has(hWant):
			return k, wantOK(c, ci, k, n, strength)
		case cl.has(hGive):
			switch w {
			case "have":
				if k < 2 || c[k-1] != "i" || c[k-2] != "can" && c[k-2] != "could" && c[k-2] != "may" {
					return 0, false
				}
			case "get":
			default:
				// "bring in a manager", "loop in someone from legal"
				if !hasMe && !(bringsIn.has(w) && k+1 < m && c[k+1] == "in") {
					return 0, false
				}
			}
			return k, wantOK(c, ci, k, n, strength)
		case cl.has(hSee):
			switch c[n] {
			case "manager", "supervisor", "managers", "supervisors":
				return k, true
			}
			return 0, false
		case w == "there" && k > 0 && ci[k-1].class().has(hBe):
			// "is there a human?"; "is there anyone there?" only pings.
			if strength == nounStrong || strength == nounWeak && n+1 < len(c) && thereWeakNext.in(ci[n+1]) {
				return k - 1, true
			}
			return 0, false
		case k == n-1 && memberOf.in(ci[k]) && (c[n] == "member" || c[n] == "members"):
			// "a staff member", "a team member"
			continue
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

// wordWith reports whether "word" at c[k] asks for a word with someone:
// "have a word", "a quick word", "get a word", not "had a word".
func wordWith(c []string, k int) bool {
	j := k - 1
	if j >= 0 && (c[j] == "quick" || c[j] == "brief" || c[j] == "short") {
		j--
	}
	if j < 1 || c[j] != "a" {
		return false
	}
	switch c[j-1] {
	case "have", "get", "grab":
		return j < 2 || c[j-2] != "had" && c[j-2] != "i" && c[j-2] != "we" || j >= 3 && (c[j-3] == "can" || c[j-3] == "could" || c[j-3] == "may")
	}
	return false
}

// italianServe are the words before Italian "serve" ("mi serve", "non serve").
var italianServe = newWordSet("mi", "ci", "non", "ti", "serve", "me", "gli")

// thereWeakNext are the words that make "is there someone …" a request:
// "is there anyone available", "is there someone who can help".
var thereWeakNext = newWordSet("who", "that", "i", "we", "available", "real", "human", "from", "to", "else", "actually",
	"competent", "qualified")

// moveNeedsMe are move verbs that only ask for a person with "me" or "us":
// "send me to someone" is a request, "send money to someone" is not.
var moveNeedsMe = newWordSet("send", "pass", "passing", "put", "putting", "hand", "hook", "direct", "directing",
	"route", "switch", "patch")

// wantOK checks a want-like trigger c[k] ("want", "need", "get", "ask for")
// against its person c[n]: "I need support" or "I need someone to check my
// order" are not requests for a person, "I need someone real" is.
func wantOK(c []string, ci []*wordInfo, k, n, strength int) bool {
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
		// "get the billing team on the phone"
		return onTheLine(c, n)
	case nounWeak:
		if n+1 == len(c) {
			return true
		}
		switch c[n+1] {
		case "please", "now", "here", "asap", "from", "who", "that", "real", "human", "else", "to",
			"on", "in", "at", "immediately", "already":
			if c[n+1] == "to" {
				return n+2 < len(c) && ci[n+2].class().has(hTalk)
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
func beforeIsBe(c []string, ci []*wordInfo, k int) bool {
	if k == 0 || !strings.HasSuffix(c[k], "ing") {
		return false
	}
	p := c[k-1]
	if ci[k-1].class().has(hBe) {
		return true
	}
	// "am I talking", "are we chatting"
	return (p == "i" || p == "we") && k >= 2 && ci[k-2].class().has(hBe)
}

// relativeTalk matches a person followed by a relative talk verb: "a human I
// can talk to", "someone we could speak with", "someone in sales, who I
// could call", "anyone there I could actually talk to". A short place ("in
// sales", "from your team", "there") and a comma may come between, and an
// adverb between the modal and the verb.
func relativeTalk(c []string, ci []*wordInfo, n int) bool {
	i := n + 1
	if i < len(c) && (c[i] == "there" || c[i] == "here") {
		i++
	} else if j, ok := shopPlaceAt(c, i); ok {
		i = j
	} else if i < len(c) && placePreps.in(ci[i]) {
		j := i + 1
		for j < len(c) && j-i <= 2 && c[j] != boundary && !relStart.in(ci[j]) {
			j++
		}
		i = j
	}
	if i < len(c) && c[i] == boundary {
		i++
	}
	if i < len(c) && (c[i] == "who" || c[i] == "whom" || c[i] == "that") {
		i++
	}
	subject := i < len(c) && (c[i] == "i" || c[i] == "we")
	if subject {
		i++
	}
	if i < len(c) && (c[i] == "can" || c[i] == "could" || c[i] == "may" || c[i] == "might") {
		i++
	} else {
		return false
	}
	if i < len(c) && subject && relAdverbs.has(c[i]) {
		i++
	}
	// "someone I can call"; but "some people might call this cruel"
	if i < len(c) && subject && (c[i] == "get" || c[i] == "have") {
		// "someone I can get on the line"
		for j := i + 1; j < len(c) && j <= i+3; j++ {
			if c[j] == "line" || c[j] == "phone" {
				return true
			}
		}
	}
	return i < len(c) && (ci[i].class().has(hTalk) || subject && ci[i].class().has(hPhone|hReach))
}

// relAdverbs may stand between the modal and the verb of relativeTalk:
// "someone I could actually talk to".
var relAdverbs = newStrSet("actually", "really", "just", "maybe", "possibly", "perhaps", "directly", "properly",
	"finally", "then", "now", "also")

// placePreps introduce where a person works: "someone in sales".
var placePreps = newWordSet("in", "from", "at", "on")

// relStart are the words that start the relative part of relativeTalk.
var relStart = newWordSet("who", "whom", "that", "i", "we")

// relativeAfter reports whether c[j:] is a relative clause that offers a
// conversation, so that the comma before it does not end the request:
// "einen Ansprechpartner, mit dem ich sprechen kann", "un asesor, con quien
// pueda hablar", "someone, who I could talk to". It needs a talk verb and a
// modal of ability, so that "der Mitarbeiter, mit dem ich sprechen wollte"
// stays a report.
func relativeAfter(c []string, ci []*wordInfo, j int) bool {
	if j < len(c) && relPreps.in(ci[j]) {
		j++
	}
	if j >= len(c) || !ci[j].class().has(hRel) {
		return false
	}
	talk, can := false, false
	for k := j + 1; k < len(c) && k-j <= humanRelReach && c[k] != boundary; k++ {
		talk = talk || ci[k].class().has(hTalk)
		can = can || relModals.in(ci[k])
	}
	return talk && can
}

// relPreps may stand before the relative pronoun: "mit dem", "con quien",
// "avec qui", "com quem", "con cui", "with whom".
var relPreps = newWordSet("mit", "bei", "an", "zu", "con", "avec", "com", "a", "with", "to")

// relModals are the modals of ability that make a relative clause an offer:
// "mit dem ich sprechen kann", "con quien pueda hablar".
var relModals = newWordSet("can", "could", "may", "kann", "konnte", "konnen", "kannst", "konnten", "puedo",
	"pueda", "puede", "podria", "podamos", "peux", "peut", "puisse", "pourrais", "pourrait", "pourrai",
	"posso", "possa", "pode", "poderia", "possamos", "potrei", "potrebbe", "possiamo")

// memberOf are the groups a member belongs to that make the member a person
// who can take over: "a staff member", "a member of the support team".
var memberOf = newWordSet("staff", "team", "support", "service", "care", "sales", "billing")

// memberOfAfter reports whether a group of memberOf follows "member of" at
// c[i:], over an article or a possessive: "of staff", "of your team".
func memberOfAfter(c []string, ci []*wordInfo, i int) bool {
	for j := i; j < len(c) && j <= i+2; j++ {
		if memberOf.in(ci[j]) {
			return true
		}
	}
	return false
}

// contactNoun reports whether the person at c[n] is a contact person:
// "Ansprechpartner", "interlocuteur", "referente", "una persona de contacto",
// "uma pessoa de contato", "a contact person".
func contactNoun(c []string, ci []*wordInfo, n int) bool {
	if contactNouns.in(ci[n]) {
		return true
	}
	switch c[n] {
	case "person", "persona", "pessoa", "personne":
		if n > 0 && c[n-1] == "contact" {
			return true
		}
		if n+2 < len(c) && (c[n+1] == "de" || c[n+1] == "di" || c[n+1] == "da" || c[n+1] == "a" || c[n+1] == "of") {
			return contactWhat.in(ci[n+2])
		}
	}
	return false
}

// contactNouns are contact persons in one word.
var contactNouns = newWordSet("ansprechpartner", "ansprechpartnerin", "ansprechperson", "kontaktperson",
	"interlocuteur", "interlocutrice", "interlocutor", "interlocutora", "referente")

// contactWhat follow "persona de", "pessoa de", "personne de|à", "persona di"
// in a contact person.
var contactWhat = newWordSet("contacto", "contato", "contact", "contatto", "riferimento", "contacter", "contactar")

// roleTrigger reports whether the trigger at c[k] may ask for a trade: a
// talk ("talk to one of your mechanics"), a contact ("put me in touch with
// the florist") or a transfer ("pass me to the engraver"), but not a want
// ("I need a plumber") nor a question of advice ("should I talk to a
// pharmacist?").
func roleTrigger(c []string, ci []*wordInfo, k int) bool {
	if !ci[k].class().has(hTalk|hReach|hMove) && c[k] != "word" {
		return false
	}
	// "Talking to teachers ought to be a first step" talks about talking.
	if strings.HasSuffix(c[k], "ing") && (k == 0 || !ci[k-1].class().has(hBe|hChain)) {
		return false
	}
	for j := k - 1; j >= 0 && k-j <= 3; j-- {
		if c[j] == "should" || c[j] == "shall" {
			return false
		}
	}
	return true
}

// customerOwn are possessives of the customer or of someone else, before a
// trade ("my mechanic") or after "of" ("the manager of my building").
var customerOwn = newWordSet("my", "our", "his", "her", "their", "mine", "ours", "me")

// ownedCase after "of my" is the customer's business with the shop: "the
// manager of my account".
var ownedCase = newWordSet("account", "accounts", "order", "orders", "case", "ticket", "booking", "claim",
	"subscription", "complaint", "refund", "return")

// italianArticles before "referente" make it a person.
var italianArticles = newWordSet("un", "il", "al", "del", "dal", "col", "nessun", "qualche", "vostro", "uno")

// determiners may open a person qualified by words the grammar does not
// know: "the club manager", "your wholesale team", "a gas engineer".
var determiners = newWordSet("the", "your", "ur", "yr", "a", "an", "any", "another")

// modifiersBefore returns where the words that qualify the person at c[n]
// start: up to humanModifiers words no grammar names, after a determiner
// ("the club manager", "your wholesale team"); n when there are none.
func modifiersBefore(c []string, ci []*wordInfo, n int) int {
	k := n
	for k > 0 && n-k < humanModifiers && openWord(c[k-1], ci[k-1]) {
		k--
	}
	if k == n || k == 0 || !determiners.in(ci[k-1]) {
		return n
	}
	return k
}

// openWord reports whether w is a word no part of the request grammar
// names, which may qualify a person: "club", "wholesale", "head".
func openWord(w string, wi *wordInfo) bool {
	if w == boundary || isNumber(w) {
		return false
	}
	if wi == nil {
		return true
	}
	_, noun := wi.person()
	return wi.human&^hDept == 0 && !noun && !stopwords.in(wi) && !customerOwn.in(wi) && !nounBlockBefore.in(wi)
}

// bareClause reports whether the clause is just a person and politeness:
// "human", "real agent please", "live person now", "a person I mean".
func bareClause(c []string, ci []*wordInfo) bool {
	for i := 0; i < len(c); i++ {
		if _, ok := ci[i].person(); ok && nounStrength(c, ci, i) > 0 {
			// "someone from billing please", "someone with a brain please"
			if j, ok := shopPlaceAt(c, i+1); ok {
				i = j - 1
			} else if j, ok := witsAt(c, i+1); ok {
				i = j - 1
			}
			continue
		}
		// "a person I mean": the person said again, more clearly.
		if c[i] == "i" && i+1 < len(c) && (c[i+1] == "mean" || c[i+1] == "meant") {
			i++
			continue
		}
		if ci[i].class().has(hBare) || personQualifiers.in(ci[i]) {
			continue
		}
		// "one of your staff", "a member of staff"
		if c[i] == "of" && i > 0 && (c[i-1] == "one" || c[i-1] == "member" || c[i-1] == "members") ||
			memberOf.in(ci[i]) && i+1 < len(c) && (c[i+1] == "member" || c[i+1] == "members") ||
			c[i] == "your" && i > 0 && c[i-1] == "of" {
			continue
		}
		return false
	}
	return true
}

// bareOnce caches bareClause in *state (-1 unknown, 0 no, 1 yes).
func bareOnce(state *int, c []string, ci []*wordInfo) bool {
	if *state < 0 {
		*state = 0
		if bareClause(c, ci) {
			*state = 1
		}
	}
	return *state == 1
}

// moveMeBare matches a bare "transfer me", "connect me please", "put me through".
func moveMeBare(c []string, ci []*wordInfo) (int, bool) {
	k := -1
	for i := range c {
		if cl := ci[i].class(); cl.has(hMove) && !cl.has(hForeign) && i+1 < len(c) && (c[i+1] == "me" || c[i+1] == "us") {
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
func escalateBare(c []string, ci []*wordInfo) (int, bool) {
	k := -1
	for i, w := range c {
		if ci[i].class().has(hEscalate) {
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
func negatedBefore(ci []*wordInfo, k int) bool {
	for j := k - 1; j >= 0 && k-j <= humanMaxGap; j-- {
		cl := ci[j].class()
		if cl.has(hNeg) {
			return !abilityAt(ci, j)
		}
		if !cl.has(hChain) {
			return false
		}
	}
	return false
}

// abilityAt reports whether the negation at c[j] negates an ability ("can
// not", "not able", "n'arrive pas", "kann keinen").
func abilityAt(ci []*wordInfo, j int) bool {
	if j > 0 && ci[j-1].class().has(hCan) {
		return true
	}
	return j+1 < len(ci) && ci[j+1].class().has(hCan)
}

// nounNegated reports whether the person itself is negated: "no human",
// "not a person", "kein Mitarbeiter", "sin agente", "pas de conseiller".
func nounNegated(c []string, ci []*wordInfo, n int) bool {
	for j := n - 1; j >= 0 && n-j <= 4; j-- {
		w := c[j]
		switch w {
		case "a", "an", "the", "any", "real", "live", "human", "actual", "single", "de", "d", "di", "un", "una",
			"une", "um", "uma", "ein", "einen", "einem":
			continue
		}
		return ci[j].class().has(hNeg) && w != "n" && w != "ne" && !abilityAt(ci, j)
	}
	return false
}
