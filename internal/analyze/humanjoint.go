package analyze

// Requests to do something together with a person ("I'd like to go over it
// with a human", "can I sort this out with someone from your team"), to be
// sent to a department by name ("put me through to billing", "can I speak to
// returns"), and to be called back by someone wished for ("I'd feel better
// if someone from your warranty department called me back").

// deptWordList are departments a customer asks to be put through to by name:
// "transfer me to returns", "connect me with accounts".
var deptWordList = []string{"billing", "returns", "accounts", "accounting", "sales", "complaints", "claims",
	"warranty", "warranties", "refunds", "finance", "payments", "dispatch", "shipping", "helpdesk", "support",
	"retentions", "retention", "cancellations", "bookings", "reservations", "repairs", "servicing", "aftersales",
	"management", "service", "care", "tech", "technical", "orders", "membership", "memberships", "subscriptions",
	"collections", "invoicing", "wholesale", "logistics", "deliveries",
	"facturacion", "devoluciones", "contabilidad", "ventas", "soporte", "cobranza", "cobros",
	"facturation", "comptabilite", "ventes", "remboursements", "retours",
	"buchhaltung", "rechnungsabteilung", "abrechnung", "vertrieb", "kundendienst", "kundenservice",
	"reklamationsabteilung", "retourenabteilung",
	"financeiro", "faturamento", "vendas", "cobranca", "devolucoes", "suporte",
	"amministrazione", "fatturazione", "resi", "vendite", "contabilita", "rimborsi"}

// deptWords holds deptWordList.
var deptWords = newStrSet(deptWordList...)

// deptNext may follow a department named as a destination: "billing team",
// "returns department please", "accounts about my invoice".
var deptNext = newStrSet("team", "department", "dept", "desk", "please", "now", "asap", "thanks", "then",
	"about", "regarding", "re", "for", "so", "because", "as", "if", "directly", "instead", "people", "person",
	"again", "today", "right", "quickly", "urgently", "immediately", "and")

// shopPlaces name the shop's own people after a preposition: "someone from
// billing", "anyone on the service team", "somebody in your returns
// department".
var shopPlaces = newStrSet("team", "teams", "department", "departments", "dept", "staff", "desk", "office",
	"store", "shop", "company", "side", "end", "headquarters", "hq", "customer", "workshop", "showroom", "counter",
	"reception", "phones", "till", "shift", "duty", "equipo", "equipe", "tienda", "boutique", "negozio", "loja",
	"oficina", "bureau", "ufficio", "escritorio", "personal", "servicio", "servizio", "servico")

// foreignFrom are "from" and "of the" of the other languages before the
// shop's people in a code-switched request: "can alguien del equipo call
// me?".
var foreignFrom = newStrSet("del", "de", "da", "dello", "della", "dal", "vom", "von", "du", "dell", "do")

// shopPlaceAt reports whether c[i:] is where the shop's people work, after
// "from", "in", "on" or "at", or "of" after "member": "from billing", "on
// the service team", "at your store", "a member of your design team". It
// returns the index after it. Someone from the customer's own circle
// ("someone at my bank", "a member of my family") or from nowhere named
// ("anyone at home") is not at a shop place.
func shopPlaceAt(c []string, i int) (int, bool) {
	ofMember := i > 0 && i < len(c) && c[i] == "of" && (c[i-1] == "member" || c[i-1] == "members")
	if i >= len(c) || c[i] != "from" && c[i] != "in" && c[i] != "on" && c[i] != "at" && !foreignFrom.has(c[i]) && !ofMember {
		return i, false
	}
	end, your := -1, false
loop:
	for j := i + 1; j < len(c) && j-i <= 4; j++ {
		switch w := c[j]; {
		case w == "my" || w == "our" || w == "his" || w == "her" || w == "their":
			return i, false
		case j == i+1 && (w == "your" || w == "ur" || w == "yr"):
			your = true
		case deptWords.has(w) || shopPlaces.has(w):
			end = j + 1
		case w == "the" || w == "a" || w == "an":
		case your && j == i+2 && w != boundary:
			end = j + 1
		default:
			break loop
		}
	}
	if end < 0 {
		return i, false
	}
	return end, true
}

// jointVerbs are what a customer asks to do with a person: "go over it",
// "sort this out", "deal with", "work through".
var jointVerbs = newStrSet("go", "sort", "deal", "work", "discuss", "talk", "run", "look", "check", "settle",
	"figure", "fix", "handle", "chat", "review", "resolve", "speak", "walk", "raise", "follow", "take",
	"clear", "straighten", "iron", "arrange", "organise", "organize", "finalise", "finalize", "troubleshoot",
	"diagnose", "confirm", "plan", "book", "set", "pick", "chase", "address", "solve", "tackle")

// jointFrames ask for such an activity: "I'd like to", "I'd rather", "can
// I", "would it be possible to", "let me".
var jointFrames = newStrSet("want", "need", "like", "prefer", "rather", "better", "happier", "possible", "please",
	"wish", "love", "keen", "easier", "mind", "ok", "okay", "able")

// jointPreps join the activity to the person: "with", "w", and "past" or
// "by" after "run" ("run this past someone from billing").
var jointPreps = newStrSet("with", "w", "wth", "wit", "past", "by")

// jointWith matches a wish to do something with the person at c[n]: "I'd
// like to go over it with a human", "can I go through the diagnostics with
// one of your mechanics", "I need to deal with a human on this". A report
// ("I went over it with an agent"), the customer's own people ("check with
// my manager") or a wish given up are not. It returns the position of the
// wish.
func jointWith(c []string, ci []*wordInfo, n, strength int) (int, bool) {
	m := modifiersBefore(c, ci, n)
	k := m - 1
	for k >= 0 && m-k <= humanSubjectGap && subjectFill.in(ci[k]) {
		k--
	}
	if k < 1 || !jointPreps.has(c[k]) {
		return 0, false
	}
	for j := k + 1; j < n; j++ {
		if customerOwn.in(ci[j]) {
			return 0, false
		}
	}
	v := -1
	for j := k - 1; j >= 0 && k-j <= 5; j-- {
		if jointVerbs.has(c[j]) {
			v = j
			break
		}
		if c[j] == boundary || ci[j].class().has(hNeg) {
			return 0, false
		}
	}
	if v < 1 || (c[k] == "past" || c[k] == "by") && c[v] != "run" {
		return 0, false
	}
	for j := v - 1; j >= 0 && v-j <= 4; j-- {
		w := c[j]
		switch {
		case ci[j].class().has(hNeg):
			return 0, false
		case w == "like" && (j == 0 || c[j-1] != "would"):
			return 0, false
		case jointFrames.has(w):
			return j, true
		case (w == "i" || w == "we") && j > 0 && (c[j-1] == "can" || c[j-1] == "could" || c[j-1] == "may"):
			if j >= 2 && whWords.in(ci[j-2]) {
				return 0, false
			}
			return j - 1, true
		case w == "me" && j > 0 && c[j-1] == "let":
			return j - 1, true
		case w == "to" || w == "i" || w == "we" || w == "just" || w == "really" || w == "much" || w == "be" ||
			w == "would" || w == "it" || w == "rather" || w == "if" || w == "feel" || w == "could":
		default:
			return 0, false
		}
	}
	return 0, false
}

// deptDestination matches a department asked for by name after a move verb
// and "me" ("put me through to billing", "transfer me to returns please",
// "connect us with accounts"), or after a talk verb with a wish ("can I
// speak to billing?", "I'd like to talk to returns"). A report ("you put
// me through to billing yesterday", "they transferred me to sales") is
// not. It returns the position of the verb.
func deptDestination(c []string, ci []*wordInfo) (int, bool) {
	for k := range c {
		cl := ci[k].class()
		if cl.has(hForeign) || !cl.has(hMove|hTalk) {
			continue
		}
		j := k + 1
		move := cl.has(hMove) && j < len(c) && (c[j] == "me" || c[j] == "us")
		if move {
			j++
		}
		if j < len(c) && (c[j] == "through" || c[j] == "over" || c[j] == "across") {
			j++
		}
		if j >= len(c) || c[j] != "to" && c[j] != "with" {
			continue
		}
		j++
		if j < len(c) && (c[j] == "the" || c[j] == "your" || c[j] == "ur") {
			j++
		}
		if j >= len(c) || !deptWords.has(c[j]) {
			continue
		}
		// "billing please", "the returns department"; not "the returns
		// portal" nor "the sales page".
		i := j + 1
		for i < len(c) && deptWords.has(c[i]) {
			i++
		}
		if i < len(c) && !deptNext.has(c[i]) {
			continue
		}
		for ; i < len(c); i++ {
			if deptPast.has(c[i]) {
				return 0, false
			}
		}
		if move && moveAsked(c, k) || !move && cl.has(hTalk) && talkAsked(c, ci, k) {
			return k, true
		}
	}
	return 0, false
}

// deptPast tell that a move happened before: "put me through to billing
// yesterday".
var deptPast = newStrSet("yesterday", "earlier", "already", "last", "before", "ago", "twice", "once")

// moveAsked reports whether the move verb at c[k] is asked for: it opens
// the clause after polite words ("please put me through"), or "you" comes
// after a modal ("can you transfer me").
func moveAsked(c []string, k int) bool {
	for j := k - 1; j >= 0; j-- {
		switch c[j] {
		case "please", "just", "kindly", "ok", "okay", "hi", "hello", "then", "so", "now", "pls", "quickly", "yes":
			continue
		case "you":
			return j > 0 && moveModals.has(c[j-1])
		case "to":
			return j > 0 && (c[j-1] == "want" || c[j-1] == "need" || c[j-1] == "like" || c[j-1] == "able")
		}
		return false
	}
	return true
}

// moveModals ask "you" to move the customer: "can you", "could you",
// "would you".
var moveModals = newStrSet("can", "could", "would", "will", "please", "need", "want")

// talkAsked reports whether the talk verb at c[k] is wished for: "can I
// speak to", "I'd like to talk to", "let me talk to".
func talkAsked(c []string, ci []*wordInfo, k int) bool {
	if k >= 2 && (c[k-1] == "i" || c[k-1] == "we") && (c[k-2] == "can" || c[k-2] == "could" || c[k-2] == "may") {
		return k < 3 || !whWords.in(ci[k-3])
	}
	if k >= 2 && c[k-1] == "me" && c[k-2] == "let" {
		return true
	}
	if k >= 2 && c[k-1] == "to" {
		switch c[k-2] {
		case "want", "need", "prefer", "rather":
			return true
		case "like":
			return k >= 3 && c[k-3] == "would"
		}
	}
	return false
}

// wishWords before "if" make what follows a wish: "I'd feel better if", "I'd
// appreciate it if", "it would be great if".
var wishWords = newStrSet("better", "happier", "appreciate", "great", "good", "grateful", "nice", "helpful",
	"ideal", "prefer", "rather", "easier", "best", "love", "like")

// pastContact are contact verbs in the past of a wish: "if someone called
// me back", "I'd rather a manager rang me".
var pastContact = newStrSet("called", "rang", "phoned", "contacted", "emailed", "messaged", "texted", "reached")

// wishedCall matches a wish that the person at c[n] call: "I'd feel better
// if someone from your warranty department called me back", "I'd rather a
// manager rang me", "it would be great if someone could call me", "would it
// be possible for someone from your team to give me a ring". It returns the
// position of the wish.
func wishedCall(c []string, ci []*wordInfo, n, strength int) (int, bool) {
	m := modifiersBefore(c, ci, n)
	k := m - 1
	for k >= 0 && m-k <= humanSubjectGap && (subjectFill.in(ci[k]) || c[k] == "member" || c[k] == "members") &&
		c[k] != "me" && c[k] != "us" {
		k--
	}
	if k < 1 {
		return 0, false
	}
	switch {
	case c[k] == "if":
		found := false
		for j := k - 1; j >= 0 && k-j <= 3; j-- {
			if wishWords.has(c[j]) {
				found = true
				break
			}
		}
		if !found {
			return 0, false
		}
	case c[k] == "rather" || c[k] == "prefer":
	case c[k] == "for" && possibleAsked(c, k-1):
	default:
		return 0, false
	}
	j, _ := shopPlaceAt(c, n+1)
	for j < len(c) && personQualifiers.in(ci[j]) {
		j++
	}
	if c[k] == "for" {
		if j >= len(c) || c[j] != "to" {
			return 0, false
		}
		j++
	}
	if j < len(c) && (c[j] == "could" || c[j] == "would" || c[j] == "can") {
		j++
	}
	if j+1 < len(c) && pastContact.has(c[j]) && (c[j+1] == "me" || c[j+1] == "us") {
		return k, true
	}
	if contactAct(c, ci, j) {
		return k, true
	}
	// "is it possible for a real person to look into this"
	if c[k] == "for" && strength == nounStrong && !roleNouns.in(ci[n]) && j < len(c) && ci[j].class().has(hAct) &&
		actTaken(c, j) {
		return k, true
	}
	return 0, false
}

// possibleAsked reports whether c[i] is "possible" asked about, not
// reported or denied: "would it be possible", "is it possible", "would it
// at all be possible", not "it wasn't possible" or "I asked if it was
// possible".
func possibleAsked(c []string, i int) bool {
	if c[i] != "possible" || i < 2 {
		return false
	}
	for j := i - 1; j >= 0 && i-j <= 5; j-- {
		switch c[j] {
		case "not", "never", "no", "was", "asked", "told", "said":
			return false
		}
	}
	if c[i-1] == "all" && c[i-2] == "at" && i >= 3 {
		// "would it be at all possible"
		i -= 2
	}
	return c[i-1] == "be" || c[i-2] == "is" && c[i-1] == "it"
}

// foreignPast tell a transfer that happened, and are verbs that read the
// same in the past once accents are folded ("pasé", "parlé", "passé"):
// "ayer me pasaron", "j'ai été transféré", "ich wurde verbunden".
var foreignPast = newStrSet("pase", "hable", "parle", "passe", "comunique", "derive", "ete", "ai", "avons", "he",
	"hemos", "ha", "habe", "hat", "wurde", "wurden", "fui", "foi", "ho", "sono", "stato", "stata", "ayer", "hier",
	"gestern", "ontem", "ieri", "pasaron", "transfirieron", "passaram", "transferiram")

// foreignDept reports whether a clause with a Spanish, French, German,
// Portuguese or Italian verb of talking or transferring names a
// department and no negation: "¿me puede pasar con facturación?",
// "verbinden Sie mich mit der Buchhaltung", "mi passi l'ufficio resi".
func foreignDept(c []string, ci []*wordInfo) bool {
	talk, dept := false, false
	for i, w := range c {
		cl := ci[i].class()
		switch {
		case cl.has(hNeg) && !abilityAt(ci, i):
			return false
		case foreignPast.has(w):
			return false
		case cl.has(hForeign) && cl.has(hTalk) && !cl.has(hWant):
			talk = true
		case deptWords.has(w) && i > 0:
			dept = true
		}
	}
	return talk && dept
}

// oneOf returns where "one of your" or "any of the" starts before c[m], so
// that it counts as one word between a request and its person: "put me
// through to one of your staff"; m when there is none.
func oneOf(c []string, m int) int {
	if m >= 3 && (c[m-1] == "your" || c[m-1] == "the" || c[m-1] == "ur") && c[m-2] == "of" &&
		(c[m-3] == "one" || c[m-3] == "any" || c[m-3] == "some") {
		return m - 2
	}
	return m
}

// onTheLine reports whether the person at c[n] is asked for on the phone:
// "get a technician on the line", "can you get the engineer on the phone".
func onTheLine(c []string, n int) bool {
	for j := n + 1; j+2 < len(c) && j <= n+2; j++ {
		if c[j] == "on" && (c[j+1] == "the" || c[j+1] == "a") && (c[j+2] == "phone" || c[j+2] == "line" || c[j+2] == "call") {
			return true
		}
	}
	return false
}
