package analyze

// Complexity scores how hard text is for an AI to handle alone, in [0,1]:
// several problems or questions in one message (asked, listed or told in
// prose), length, high-stakes topics (fraud, hacked or taken-over accounts,
// orders, charges and rides on the account the customer did not make or
// take, someone using their card, account details changed by someone
// else, lookalike messages and impersonators, chargebacks, legal threats,
// billing errors, a double charge shown by its amounts or tied to one
// purchase ("twice for the same order", "2x 4 the same ride"), in English
// or another language, charges after a cancellation, two payments at one
// moment, damaged or missing orders, safety and harm to people and pets
// told as a story, a swelling with a fever, an infection and the
// antibiotics it needed, a small part in a child's mouth, a thing that
// smoked, or heated up and smelled of burning, a burning smell coming from
// a thing, prize scams) and several order or ticket references. A lawyer, a hospital or an emergency named in passing
// ("my partner's a lawyer", "I work at the hospital", "the emergency
// exit") is not a high-stakes topic, a battery or a phone that died is not
// a death, and a death an order is for ("funeral flowers", "a wreath for
// my grandad") is not harm to the customer.
// From 0.7 an AI should not handle the issue alone; three distinct problems
// reach it in a first message, three questions do not. Analyze also counts
// the same problem repeated across turns, which text alone cannot show, so
// a later message can score higher than the same text sent first.
func Complexity(text string) float64 {
	d := parsePooled(text)
	defer d.release()
	return complexity(d, 0)
}

func complexity(d *doc, repetition float64) float64 {
	lex := complexityLexicons()
	scan(d, lex[:])
	return complexityOf(d, repetition, &lex)
}

// complexityLexicons are the scans complexity needs, for scan.
func complexityLexicons() [3]phraseScan {
	return [...]phraseScan{{ps: cxMarkers}, {ps: cxTopics, negatable: true, skip: cxSkip}, {ps: cxTwice, negatable: true}}
}

// complexityOf is complexity given the complexityLexicons scanned over d.
func complexityOf(d *doc, repetition float64, lex *[3]phraseScan) float64 {
	markers := lex[0].found
	// Numbered questions count once: as questions, as items or as problems
	// told in prose, whichever is more.
	multi := max(float64(max(0, d.questions-1))*cxQuestionStep, float64(max(0, d.bullets-1))*cxBulletStep,
		max(0, problems(d)-1)*cxProblemStep) +
		float64(markers)*cxMarkerStep
	length := float64(d.letters-cxLengthStart) / cxLengthSpan
	refs := 0.0
	switch {
	case d.refs >= 3:
		refs = cxRefsMany
	case d.refs == 2:
		refs = cxRefsTwo
	}
	repeat := cxRepeatWeight * clamp01((repetition-cxRepeatFrom)/(1-cxRepeatFrom))
	return clamp01(noisyOr(
		cxMultiWeight*clamp01(multi),
		cxLengthWeight*clamp01(length),
		lex[1].score(),
		refs,
		repeat,
		twiceShown(d, &lex[2]),
	))
}

// twiceShown is the evidence that money taken twice is a fact, not a
// pending authorisation: a double charge ("charged twice", cxTopics) is
// not enough to pass 0.7 on its own, asked about or told bare ("why was I
// charged twice?", "I was charged twice for order #123"), because an AI can
// explain a pending hold. Told with what the statement shows, the amount
// twice or each time ("£64.20 both times", "taken £74.50 twice", "£38.50
// two times", "💳💳"),
// or tied to one purchase ("for one order", "for the same ride"), it is
// money taken wrongly and passes; with "pending", "authorisation" or
// "hold" it stays below.
func twiceShown(d *doc, sc *phraseScan) float64 {
	const twice, shown, pending = 1 << 0, 1 << 1, 1 << 2
	seen := sc.seen[0]
	if d.cardEmoji >= 2 {
		seen |= shown
	}
	if seen&(twice|shown|pending) != twice|shown {
		return 0
	}
	return strengthModerate
}

// cxTwice are, in order, a double charge (or an order made only once),
// what shows it taken (the
// amount twice or each time, two card emoji counted apart) and what
// shows it only held; twiceShown reads which were found.
var cxTwice = compilePhrases([]lexeme{
	{"charged|billed|debited|taken|took|deducted|withdrawn|processed|paid|charging|taking ** twice|double|2x|x2;" +
		"double charged|billed|charge|charging;# identical|duplicate|duplicated|same payments|charges|transactions|debits|withdrawals;" +
		"duplicate|duplicated payment|charge|transaction|debit;payment|charge|debit|amount|transaction ** twice|double;" +
		"only|just booked|ordered|paid|bought|purchased|placed|clicked|made|reserved ** once;" + cxSameMoment + ";" + cxForeignTwice, 0},
	{"# twice;# both|each|every times|time;# two|2|three|3 times;# each;both times;each time;both of them;both payments|charges|debits;" +
		"two|2 payments|charges|transactions|debits|withdrawals of|for;# and #;for|on one|1 order|purchase|item|booking|ticket;for|on a single order|purchase|item|booking|ticket;" +
		"for|4|on the same " + cxOnePurchase, 0},
	{"pending|authorisation|authorization|authorised|authorized|preauthorisation|preauthorization|hold|holds|held|reserved|temporary;" +
		"instalment|installment|instalments|installments|klarna|clearpay|afterpay|deposit;pay|paying|split|splitting|spread|spreading in|into|over|across|by two|2|three|3", 0},
})

// cxForeignTwice is a double charge in Spanish, French, German, Portuguese
// and Italian: "me cobraron dos veces", "fui cobrada duas vezes", "débité
// deux fois", "doppelt abgebucht", "addebitato due volte".
const cxForeignTwice = "cobrado|cobrada|cobraron|cobraram|cobrados|cobradas|cobro|cobrou dos|duas veces|vezes;" +
	"debite|debitee|facture|facturee|preleve|prelevee deux fois;doppelt abgebucht|berechnet|belastet;" +
	"addebitato|addebitata|addebitati|addebitate due volte"

// cxOnePurchase are what a charge is for when the customer says it was
// taken twice "for the same" one: "for the same order", "2x 4 the same
// ride", "billed twice for the same month".
const cxOnePurchase = "order|purchase|item|booking|ticket|ride|trip|journey|flight|stay|night|room|meal|delivery|" +
	"subscription|month|year|class|session|appointment|product|transaction|payment|bill|invoice|thing"

// cxSameMoment tells that two payments came at one moment, which makes
// them one payment taken twice: "two payments of £89, same minute",
// "seconds apart", "one right after the other".
const cxSameMoment = "same|identical minute|second|moment|instant|timestamp;# seconds|minutes apart;seconds|minutes|moments apart;a second|minute apart;" +
	"within seconds|minutes of each other;within a minute|second of each other;one right|straight|immediately after the other;back to back"

// problems counts the distinct problems told in d, one per part that names
// one: the parts are the clauses and what "and", "but", "plus" or "also"
// join to them ("the lid is cracked and the handle is missing"). A part
// with a clear problem ("snapped", "missing", "didn't show up", "sage
// instead of blush") counts 1,
// one with a problem that calm messages name too ("wrong", "late",
// "charged") cxRoutineProblem; a problem word already counted does not count
// again ("raw images … raw mode"). When the message announces how many
// ("three things:", "several problems") and tells at least two, the
// announced number counts.
func problems(d *doc) float64 {
	var total, part float64
	var cue *wordInfo // the word that makes the current part a problem
	var seen [8]*wordInfo
	nseen := 0
	announced, ordinals := 0, 0
	w := d.words
	flush := func() {
		if cue == nil {
			return
		}
		for _, s := range seen[:nseen] {
			if s == cue {
				part, cue = 0, nil
				return
			}
		}
		if nseen < len(seen) {
			seen[nseen] = cue
			nseen++
		}
		total += part
		part, cue = 0, nil
	}
	for i, word := range w {
		wi := d.info[i]
		switch {
		case word == boundary:
			flush()
			continue
		case !problemCue.in(wi) && word != "whereas" && word != "5":
			// No case below can match.
			continue
		case problemJoins.in(wi) && i+1 < len(w) && problemStarts.in(d.info[i+1]):
			flush()
			continue
		}
		if tookVerbs.in(wi) && tookDuration(w, d.info, i) {
			// "I paid for express and it took 9 days": a delay told after
			// another problem in the same part is a problem of its own.
			if part > 0 {
				flush()
			}
			part, cue = 1, wi
			continue
		}
		switch {
		case part == 1:
		case problemWords.in(wi) || cxProblemWords.in(wi):
			part, cue = 1, wi
		case failNegations.in(wi) && i+1 < len(w) && failVerbs.in(d.info[i+1]):
			part, cue = 1, d.info[i+1]
		case failNegations.in(wi) && seemsTo(w, i+1) && failVerbs.in(d.info[i+3]):
			// "the port doesn't seem to work"
			part, cue = 1, d.info[i+3]
		case failNegations.in(wi) && notInBox(w, i):
			// "the furniture set wasn't in the box"
			part, cue = 1, wi
		case comeApart.in(wi) && i+1 < len(w) && (w[i+1] == "off" || w[i+1] == "apart" || w[i+1] == "loose"):
			// "a button fell off", "the seam came apart"
			part, cue = 1, wi
		case word == "no" && i >= 2 && w[i-2] == "there" && (w[i-1] == "is" || w[i-1] == "was" || w[i-1] == "were" || w[i-1] == "are"):
			// "there's no lid"
			part, cue = 1, wi
		case word == "late" && i > 0 && durationUnits.in(d.info[i-1]),
			word == "wrong" && !ownChoice(w, i):
			// "a week late", "the legs are the wrong colour": not the
			// routine "late" or a wrong size the customer picked.
			part, cue = 1, wi
		case failVerbs.in(wi) && i+1 < len(w) && (w[i+1] == "nicht" || w[i+1] == "pas"):
			// "lädt nicht", "(ne) charge pas"
			part, cue = 1, wi
		case word == "without" && (arrivedBefore(w, d.info, i) || unasked(w, i)):
			// "two of the chair legs came without screws", "the slot moved
			// without anyone asking me"
			part, cue = 1, wi
		case paidOther(w, i):
			// "it says vanilla when I paid for chocolate"
			part, cue = 1, wi
		case (word == "else" || word == "elses") && elseShown(w, i):
			// "the tracking link shows someone else's address"
			part, cue = 1, wi
		case word == "instead" && insteadOfState(w, i):
			// "the envelopes are sage instead of blush"
			part, cue = 1, wi
		case routineProblemWords.in(wi) && part == 0:
			part, cue = cxRoutineProblem, wi
		}
		if n := announcedCount(w, d.info, i); n > announced {
			announced = n
		}
		if ordinalMarkers.has(word) {
			ordinals++
		}
	}
	flush()
	if ordinals >= 2 {
		// "Firstly … Secondly … And lastly …" announces its items.
		announced = max(announced, ordinals)
	}
	if announced > 0 && total >= 2 {
		total = max(total, float64(announced))
	}
	return total
}

// problemCue holds every word of the vocabulary a case of problems can
// match; "whereas" and "5", which no list names, it matches by their text.
var problemCue = problemJoins | tookVerbs | problemWords | cxProblemWords | failNegations | comeApart | failVerbs |
	routineProblemWords | numberWords | complaintWords | newWordSet("when", "while", "2", "3", "4", "instead", "else", "elses",
	"firstly", "secondly", "thirdly", "fourthly", "lastly")

// ordinalMarkers number the items of a list told in prose: "Firstly …
// Secondly … And lastly …"; two or more announce as many problems.
var ordinalMarkers = newStrSet("firstly", "secondly", "thirdly", "fourthly", "lastly")

// seemsTo reports whether "seem to" or "appear to" starts at w[i] and a
// word follows it: "doesn't seem to work", "don't appear to charge".
func seemsTo(w []string, i int) bool {
	if i+2 >= len(w) || w[i+1] != "to" {
		return false
	}
	switch w[i] {
	case "seem", "seems", "appear", "appears":
		return true
	}
	return false
}

// notInBox reports whether the negation at w[i] tells that something was
// not in what was delivered: "wasn't in the box", "not in the parcel".
func notInBox(w []string, i int) bool {
	if i+2 >= len(w) || w[i+1] != "in" {
		return false
	}
	for j := i + 2; j < len(w) && j <= i+3; j++ {
		switch w[j] {
		case "box", "parcel", "package", "bag", "delivery", "order", "packet", "envelope", "set", "kit":
			return true
		}
	}
	return false
}

// comeApart are the verbs of a part coming away before "off", "apart" or
// "loose": "fell off", "came apart", "popped loose".
var comeApart = newWordSet("fell", "falls", "fallen", "falling", "came", "comes", "coming", "popped", "pops",
	"peeled", "peeling", "ripped", "tore", "torn", "snapped", "broke", "broken", "worked")

// ownChoice reports whether "wrong" at w[i] is the customer's own pick:
// "I ordered the wrong size", "we picked the wrong date".
func ownChoice(w []string, i int) bool {
	for j := i - 1; j >= 0 && i-j <= 3; j-- {
		switch w[j] {
		case boundary:
			return false
		case "ordered", "order", "picked", "pick", "chose", "chosen", "choose", "selected", "select", "bought",
			"typed", "entered", "put", "clicked", "booked", "gave", "my", "i", "we", "accidentally", "mistakenly":
			return true
		}
	}
	return false
}

// announcedCount is the number of problems announced at w[i]: "three
// things", "2 issues", "several problems", "a couple of complaints"; 0 if
// none.
func announcedCount(w []string, info []*wordInfo, i int) int {
	n := 0
	switch w[i] {
	case "two", "2", "couple":
		n = 2
	case "three", "3", "several", "multiple", "few":
		n = 3
	case "four", "4":
		n = 4
	case "five", "5":
		n = 5
	default:
		return 0
	}
	j := i + 1
	if j < len(w) && (w[j] == "of" || w[j] == "separate" || w[j] == "different" || w[j] == "distinct" || w[j] == "big" || w[j] == "small") {
		j++
	}
	if j < len(w) && announcedNouns.in(info[j]) {
		return n
	}
	return 0
}

// announcedNouns are what a count of problems counts: "three things".
var announcedNouns = newWordSet("things", "issues", "problems", "complaints", "points", "faults", "errors",
	"mistakes", "concerns")

// problemJoins join another problem to a clause when a new subject
// (problemStarts) follows: "… and the handle is missing".
var problemJoins = newWordSet("and", "but", "plus", "also", "then", "y", "pero", "et", "mais", "und", "aber", "e",
	"mas", "ma")

// problemStarts open a new statement after problemJoins, in English and the
// articles and pronouns of the other languages ("pero el earbud no carga",
// "y me cobraron").
var problemStarts = newWordSet("the", "a", "an", "my", "your", "i", "it", "they", "one", "two", "you", "we",
	"there", "this", "that", "his", "her", "our", "its", "now", "nobody", "no", "el", "la", "los", "las", "me",
	"le", "les", "il", "lo", "der", "die", "das", "o", "os", "mi", "mon", "ma", "mein", "meine")

// cxProblemWords are problems problemWords leave to the tone lexicon's
// phrases: "a dent in the door", "a stain on the seat".
var cxProblemWords = newWordSet("dent", "dents", "busted", "chipped", "crack", "cracks", "scratch", "scratches",
	"stain", "stains", "leak", "leaks", "mould", "mold", "unauthorised", "unauthorized", "unwanted", "gouged",
	"gouge", "gouges", "scuffed", "scuffs", "scraped", "crushed", "warped", "peeling", "peeled", "frayed", "wobbly",
	"chipped", "crackles", "crackling", "buzzes", "buzzing", "rattles", "rattling", "squeaks", "squeaking",
	"squeaky", "flickers", "flickering", "wobbles", "wobbling", "overheats", "overheating", "ripped", "bent",
	"shrunk", "shrank", "faded", "mouldy", "unplayable", "dead")

// failVerbs after "not" or "never" tell that something failed: "didn't show
// up", "doesn't fit", "never arrived"; in the other languages too ("no
// carga", "ne marche pas", "lädt nicht", "não liga", "non funziona").
var failVerbs = newWordSet("arrive", "arrived", "come", "came", "show", "showed", "turn", "turned", "work",
	"works", "working", "worked", "fit", "fits", "match", "matches", "load", "loads", "open", "opens", "start",
	"starts", "respond", "responds", "responding", "charge", "charges", "deliver", "delivered", "happen", "happened", "turn", "install", "installed", "connect", "connects", "switch", "close", "closes",
	"shut", "shuts", "lock", "locks", "print", "prints", "pair", "pairs", "sync", "included", "enclosed",
	"packed", "inside",
	"carga", "funciona", "enciende", "conecta", "llega", "llego", "cierra", "marche", "fonctionne", "allume",
	"arrive", "ferme", "funktioniert", "ladt", "startet", "geht", "schliesst", "carrega", "liga", "chegou",
	"fecha", "funziona", "carica", "accende", "arrivato", "chiude")

// failNegations negate a failVerb that follows: "not", "never", and "no",
// "ne", "não", "non" of the other languages.
var failNegations = newWordSet("not", "never", "no", "ne", "nao", "non")

// tookVerbs tell how long something took, before a number of days:
// "it took 9 days", "tardó 10 días", "ça a pris 3 semaines".
var tookVerbs = newWordSet("took", "taken", "takes", "tardo", "tardaron", "tardou", "demoro", "demorou", "pris",
	"dauerte", "brauchte", "impiegato", "messo")

// tookDuration reports whether a number and a unit of time follow the
// verb at w[i], within a word: "took 9 days", "took over 2 weeks".
func tookDuration(w []string, info []*wordInfo, i int) bool {
	for j := i + 1; j < len(w) && j <= i+2; j++ {
		if isNumberWord(w[j], info[j]) && j+1 < len(w) {
			return durationUnits.in(info[j+1]) || foreignUnits.has(w[j+1])
		}
	}
	return false
}

// foreignUnits are days and weeks in the other languages.
var foreignUnits = newStrSet("dias", "semanas", "meses", "jours", "semaines", "mois", "tage", "tagen", "wochen",
	"giorni", "settimane", "mesi")

// unasked reports whether "without" at w[i] tells that something was done
// without the customer's say: "without anyone asking me", "without my
// consent", "without telling us", "without any warning".
func unasked(w []string, i int) bool {
	for j := i + 1; j < len(w) && j <= i+2; j++ {
		switch w[j] {
		case "anyone", "anybody", "asking", "telling", "checking", "consulting", "informing", "notifying", "warning",
			"notice", "consent", "permission", "agreeing", "agreement", "approval", "authorisation", "authorization":
			return true
		case "my", "our", "any", "me", "us", "prior", "a":
			continue
		}
		return false
	}
	return false
}

// paidOther reports whether w[i] opens what the customer paid for or
// ordered, set against what came or what a label says: "it says vanilla
// when I paid for chocolate", "it came in blue but I ordered red".
func paidOther(w []string, i int) bool {
	switch w[i] {
	case "when", "but", "though", "whereas", "while":
	default:
		return false
	}
	if i+2 >= len(w) || w[i+1] != "i" && w[i+1] != "we" {
		return false
	}
	switch w[i+2] {
	case "paid", "ordered", "asked", "chose", "picked", "selected", "booked", "requested", "specified":
	default:
		return false
	}
	for j := i - 1; j >= 0 && i-j <= 6 && w[j] != boundary; j-- {
		switch w[j] {
		case "says", "said", "shows", "showed", "reads", "read", "labelled", "labeled", "printed", "written", "came",
			"arrived", "sent", "delivered", "is", "was", "are", "were", "has", "had":
			return true
		}
	}
	return false
}

// elseShown reports whether "else" at w[i] tells that something of
// someone else's came or is shown to the customer: "the link shows
// someone else's address", "I got somebody else's order". A wish ("can I
// send it to someone else's address?") is not.
func elseShown(w []string, i int) bool {
	if i == 0 || i+1 >= len(w) || w[i-1] != "someone" && w[i-1] != "somebody" || !elseThings.has(w[i+1]) {
		return false
	}
	return stateNotWish(w, i-1, 6, elseStates, elseWishes)
}

// elseThings are what of someone else's reaches the customer by mistake.
var elseThings = newStrSet("address", "name", "order", "orders", "parcel", "package", "details", "info",
	"information", "account", "photo", "photos", "picture", "pictures", "item", "items", "bag", "house", "email",
	"number", "booking", "receipt", "invoice", "card", "data", "postcode", "shopping", "delivery", "prescription")

// elseStates tell that the thing of someone else's came or is shown.
var elseStates = newStrSet("is", "are", "was", "were", "came", "arrived", "sent", "delivered", "shows", "showed",
	"showing", "says", "said", "has", "had", "got", "received", "went", "gone", "contains", "contained", "listed",
	"displays", "displayed", "printed", "addressed", "labelled", "labeled", "with")

// elseWishes make it a wish or a question: "can I send it to someone
// else's address".
var elseWishes = newStrSet("can", "could", "would", "will", "like", "want", "wanted", "wants", "need", "if",
	"how", "should", "may", "might", "please", "gift", "possible")

// insteadOfState reports whether "instead of" at w[i] tells what came,
// what is printed or what was charged set against what should have been:
// "the envelopes are sage instead of blush", "it came in blue instead of
// red", "I was charged £30 instead of £20". A wish or a choice ("can I pay
// by card instead of PayPal", "I'd rather collect it instead of") is not.
func insteadOfState(w []string, i int) bool {
	if i+1 >= len(w) || w[i+1] != "of" {
		return false
	}
	return stateNotWish(w, i, 6, insteadStates, insteadWishes)
}

// stateNotWish reports whether the up to n words before w[i], back to a sentence boundary, hold
// one of states and none of wishes: "it came in blue instead of", not "can I pay by card
// instead of".
func stateNotWish(w []string, i, n int, states, wishes strSet) bool {
	state := false
	for j := i - 1; j >= 0 && i-j <= n && w[j] != boundary; j-- {
		switch {
		case wishes.has(w[j]):
			return false
		case states.has(w[j]):
			state = true
		}
	}
	return state
}

// insteadStates tell what a thing is or was given as: "are", "came",
// "printed", "says".
var insteadStates = newStrSet("is", "are", "was", "were", "came", "arrived", "sent", "delivered", "printed",
	"says", "said", "shows", "showed", "reads", "labelled", "labeled", "engraved", "written", "shipped",
	"received", "charged", "billed", "debited", "got", "gave", "given", "packed")

// insteadWishes make "instead of" a wish or a choice: "can I", "I'd
// rather", "I ordered", "to swap".
var insteadWishes = newStrSet("can", "could", "would", "will", "like", "want", "wanted", "prefer", "rather",
	"please", "should", "may", "might", "if", "to", "swap", "change", "switch", "exchange", "use", "choose",
	"chose", "pick", "picked", "ordered", "order", "opted", "go", "went", "decided")

// arrivedBefore reports whether "without" at w[i] tells what a delivery
// lacked: "came without screws", "arrived without the charger".
func arrivedBefore(w []string, info []*wordInfo, i int) bool {
	for j := i - 1; j >= 0 && i-j <= 2; j-- {
		switch w[j] {
		case "came", "arrived", "delivered", "sent", "shipped", "up", "comes", "arrives", "arrive", "come":
			return true
		}
	}
	return false
}

// cxMarkers announce another problem in the same message.
var cxMarkers = compilePhrases([]lexeme{
	{"also", 1},
	{"and another thing;another issue|problem|question|thing|complaint|matter;one more thing|question|issue|problem", 1},
	{"additionally;in addition;on top of that;as well as that;besides that;apart from that;plus i|the|my", 1},
	{"secondly;thirdly;second of all;firstly;first of all;lastly;finally", 1},
	{"ademas;aussi;ausserdem;tambem;inoltre;tambien", 1},
})

// cxTopics are high-stakes topics: each adds its strength to the noisy-or.
// Negated ("it's not fraud") they do not count.
var cxTopics = compilePhrases([]lexeme{
	// Account security and fraud.
	{"hacked|compromised|breached|hijacked;hacker|hackers;account takeover;taken over my account", strengthDecisive},
	{"someone|somebody ** used|accessed|ordered|took|taken|stole|logged|changed|bought|made|spent|charged|hacked|registered|applied;someone|somebody got into;someone|somebody else ** my account|card|password|details;" +
		"someone|somebody ** using|uses my|our card|cards|account|details|identity|paypal|name|login", strengthStrong},
	// An account taken over: someone else got in or changed how the
	// customer gets in ("someone changed the email on my account").
	{"someone|somebody|hacker|hackers|stranger ** logged|logging|signed|signing in|into|onto;" +
		"someone|somebody|hacker|hackers|stranger ** broke|broken|got|gotten|getting into my|our account|email|profile;" +
		"someone|somebody|hacker|hackers|stranger ** accessed|changed|reset|updated|hijacked ** my|our|the account|email|password|login|profile|pin|passcode", strengthDecisive},
	// An order or a payment the customer disowns ("I didn't place this
	// order", "an order I never placed"); "I haven't placed this order yet"
	// is not one. One they do not recognise may still be theirs, as an
	// "unrecognised charge" above.
	{"did not place|make|authorise|authorize this|that|these|those order|orders|purchase|purchases|payment|payments|transaction|transactions|charge|charges;" +
		"never placed|made|authorised|authorized this|that|these|those order|orders|purchase|purchases|payment|payments|transaction|transactions|charge|charges;" +
		"order|orders|purchase|purchases|payment|payments|transaction|transactions|charge|charges i|we did? not|never place|placed|make|made|authorise|authorize|authorised|authorized;" +
		"order|orders|purchase|purchases|payment|payments|transaction|transactions|charge|charges ** that|which i|we did? not|never place|placed|make|made|authorise|authorize|authorised|authorized;" +
		"charge|charges|payment|payments|transaction|transactions|debit|debits on|from|to ** i|we did|have? not|never make|made|authorise|authorize|authorised|authorized|approve|approved;" +
		// Anything on the account the customer did not do ("6 rides on
		// my account from last night that I didn't take"), and bookings
		// they did not make.
		"on|in|to my|our account|card|statement ** that|which i|we did|have? not|never place|placed|make|made|take|took|book|booked|order|ordered|buy|bought|authorise|authorize|authorised|authorized;" +
		"booking|bookings|reservation|reservations|subscription|subscriptions ** that|which? i|we did? not|never make|made|book|booked|authorise|authorize|authorised|authorized", strengthDecisive},
	// No account with the shop at all, yet charged: "I don't even have an
	// account with you".
	{"do|did|have not|never even have|had|hold|held|open|opened|create|created|made an? account;" +
		"have|am|was|were|is|has not|never even? been|be a|an|your member|customer|client|subscriber|patient", strengthStrong},
	// A payment on the card or the statement, which a disowned account or
	// order makes one the customer never made.
	{"payment|payments|charge|charges|debit|debits|transaction|transactions ** on|from|to|in my|our card|statement|account|bank|banking;" +
		"payment|payments|charge|charges|debit|debits|transaction|transactions of # ** on|from|to|in my|our card|statement|account|bank|banking;" +
		"payment|payments|charge|charges|debit|debits|transaction|transactions ** to|from|at your|you ** on|in my|our card|statement|account|bank|banking", strengthMild},
	// Charged for something the customer did not order: "charged for
	// something I didn't buy", "I never ordered this but you've taken £45".
	{"for|on something|things|stuff|items|an|orders i|we did|have? not|never buy|bought|order|ordered|purchase|purchased;" +
		"i|we never|not ordered|bought|purchased this|it|that|these|those|them|anything ** but|yet|and ** charged|billed|debited|taken|took|deducted", strengthDecisive},
	{"charged|billed|debited|taken|took|deducted|withdrawn ** from|on|to my card|account|bank|paypal|statement;charged|billed|debited my card|account|bank|paypal", strengthMild},
	// Several charges counted, and each of them disowned: "three charges
	// … I didn't make any of them", "none of them were me".
	{"# charges|payments|debits|transactions|withdrawals|deductions|purchases of|from|on|for|to|at|each|showed|show|showing|went|came|appeared|taken|pending|totalling|totaling", strengthModerate},
	{"did|have|had not|never make|made|authorise|authorize|authorised|authorized|recognise|recognize|place|placed|approve|approved any|either|one|all|both|none of them|these|those;" +
		"none|neither of them|these|those was|were|is|are me|mine|us|ours", strengthStrong},
	// One click, two payments: "I only clicked pay once".
	{"only|just clicked|pressed|hit|tapped|pushed|submitted|paid|ordered|bought|purchased|checked ** once", strengthStrong},
	// Money gone after a scam: card details given to a site or a message
	// that looked like the shop's, then money gone from the account.
	{"put|entered|typed|inputted|submitted|keyed|filled|gave ** my|our card|bank|banking|account|payment details|number|info|information", strengthMild},
	{"gone|vanished|disappeared|drained|emptied|missing out? of|from my|our account|bank|card|balance|savings;" +
		"money|funds|savings|balance is|was|has|have|had been? gone|vanished|disappeared|drained|emptied|stolen", strengthStrong},
	{"site|website|page|link|text|email|message|sms|call|caller|number that|which|who? looked|seemed|pretended|claimed|pretending|claiming ** you|yours|legit|genuine|real|official", strengthStrong},
	// A message that says it is the shop's, a link in it followed, and the
	// mistake seen only afterwards: each adds to the card details given.
	{"text|texts|email|emails|message|messages|sms|call|link|letter|whatsapp saying|says|said|claiming|claimed ** from you|your|yours;" +
		"looked|seemed|appeared ** from you|your|yours", strengthStrong},
	{"clicked|tapped|opened|followed|pressed|used the|a|that|this|their|it? link|it", strengthMild},
	{"before realising|realizing|noticing|checking|thinking;realised|realized|noticed ** too late;realised|realized|noticed ** afterwards|after", strengthMild},
	// A prize or giveaway announced in a message, and whether it was the
	// shop: with card details asked for, a scam ("messaged me saying I
	// won a tent and asked for my card details … is that you??").
	{"saying|said|says|claiming|claimed|told|telling me? i|we|you ** won|win|winner;i|we|you have|ve|had? won a|an|the|their|your|some? giveaway|prize|competition|contest|raffle|draw|tent|voucher", strengthStrong},
	{"is|was|are|were that|this|it|they|these really? you|yours|legit|genuine|official;is|was|are|were that|this|it|they|these really? from you", strengthModerate},
	// Something taken out or opened in the customer's name, and a thing
	// they never had: with someone who did it (above), identity fraud
	// ("someone has taken out a policy in my name … a car I've never
	// owned"); told of themselves ("I opened the account in my name") it
	// stays below 0.7.
	{"taken|took|opened|registered|applied|set|signed|put ** in my|our name;in my|our name without", strengthModerate},
	{"i|we have|had? never owned|applied|registered|opened|held|signed up", strengthModerate},
	// Someone passing themselves off as the shop.
	{"pretending|pretended|posing|posed|claiming|claimed to be you|your;impersonating|impersonated you|your", strengthDecisive},
	{"do|did not recognise|recognize this|that|these|those|the order|orders|purchase|purchases|payment|payments|transaction|transactions|charge|charges;" +
		"order|orders|purchase|purchases|payment|payments|transaction|transactions|charge|charges i|we do|did? not recognise|recognize", strengthStrong},
	{"fraudulent|fraudster|fraudsters|scammed|phished;identity theft;stolen identity|card|cards|credentials;stole|stolen my identity|card|details|account|money;card was|got|has been? stolen;victim of fraud|a scam", strengthDecisive},
	{"fraud|scam|phishing", strengthStrong},
	// The police told of a matter with the shop: "I've reported it to the
	// police", "I have a crime reference number"; a police officer in the
	// family is not one.
	{"report|reported|reporting it|this|them|him|her|that|everything ** to the police;called|contacted|rang|phoned|told|involved|involving|calling|contacting the police;" +
		"police report|reference|ref|case|investigation;crime reference|number|report;action fraud", strengthStrong},
	// Secrets given away or asked for: the account must be secured by a person.
	{"gave|given|sent|shared|told|disclosed|replied|responded|provided ** my|our pin|password|passcode|cvv|cvc|otp|credentials|login;gave|given|sent|shared|told|disclosed|replied|responded|provided ** my|our card|bank|security details|number|pin|code|info|information", strengthDecisive},
	{"asking|asked|asks|ask for my|our ** pin|password|passcode|cvv|cvc|otp|login|credentials|details", strengthStrong},
	{"without my? permission|consent|authorization|authorisation|knowledge;unauthorized|unauthorised|unknown|unrecognised|unrecognized|suspicious charge|charges|transaction|transactions|payment|payments|purchase|purchases|login|logins|access|activity|order|orders", strengthStrong},
	{"card|account|paypal ** without asking|permission|consent|authorization|authorisation|knowledge|my|our|me", strengthStrong},
	// Said of a charge or an order on its own ("this was unauthorised"), it
	// adds to the evidence above.
	{"unauthorized|unauthorised|unapproved", strengthModerate},
	{"did|have not authorize|authorise|make|recognize|recognise|order|place|buy;never authorized|authorised|made|ordered|placed", strengthModerate},
	// Disputes and legal.
	{"chargeback|chargebacks;charge back;dispute|disputing|disputed the|this|a|my|with|it;dispute|disputing|disputed * charge|charges|payment|transaction", strengthDecisive},
	{legalThreats + ";gdpr;subject access request;data protection;data|privacy breach;consumer rights;consumer protection", strengthDecisive},
	{"refund dispute|claim;compensation|reimbursement claim;insurance claim;warranty claim", strengthStrong},
	// Money.
	// A charge that came again or anyway counts here too: "you've charged
	// me £22 again", "you keep taking payments".
	{"charged|billed|debited|renewed ** again|anyway|regardless;still charging|billing|debiting|taking;" +
		"still being|getting|been charged|billed|debited;keep|keeps|kept charging|billing|debiting|taking money|payments;" +
		"charged|billed|debited me|us? twice|double|two|three|3|again|thrice|2x|x2;charged|billed|debited ** twice|thrice|2x|x2;double charged|billed|charge|charging;overcharged|overcharging;billing error|mistake|issue|problem|discrepancy;wrong amount|charge|price|bill;charged|billed ** wrong|incorrect|without;incorrect charge|bill|amount;unexpected charge|charges|fee|fees|payment", strengthStrong},
	// Money taken twice, told as what the statement shows ("two identical
	// payments of £118", "the payment went out twice").
	{"# identical|duplicate|duplicated|same payments|charges|transactions|debits|withdrawals;duplicate|duplicated payment|charge|transaction|debit;" +
		"payment|charge|debit|amount|transaction ** twice|double;paid|debited|deducted|withdrawn|taken|processed twice;" +
		"taken|took|deducted|withdrawn ** twice", strengthStrong},
	// Two payments told at one moment add to the payments counted above.
	{cxSameMoment, strengthModerate},
	// The customer ordered once: a second payment is not theirs. With a
	// double charge it passes 0.7; a double charge alone does not, because
	// a pending authorisation often explains it.
	{"only placed|made|submitted|ordered|bought|authorised|authorized|paid the|a? one|1|single order|purchase|payment|transaction|item;only ordered|bought|paid|purchased|booked|reserved|subscribed|signed|checked once;only one order|purchase|payment|transaction|booking", strengthModerate},
	// Charged after the customer cancelled: the cancellation and a charge
	// that came anyway each add to the other ("I cancelled my subscription
	// in March but you've charged me again").
	{"cancelled|canceled|ended|terminated|closed|stopped my|the|our ** subscription|membership|plan|account|contract|trial;" +
		"subscription|membership|plan|contract|trial was|is|has|had been? cancelled|canceled|ended|terminated;" +
		"even though|despite|after|since i|we cancelled|canceled|ended|terminated|closed|stopped", strengthModerate},
	{"refund|refunds|refunded|reimburse|reimbursement|compensation;money back;credit back", strengthFaint},
	{"rejected|denied|refused|declined refund|claim|my;refund|claim rejected|denied|refused|declined", strengthModerate},
	{"bank|card|paypal|payment|payments|invoice|bill|billing|subscription", strengthFaint},
	// Orders.
	{"never arrived|came|delivered|received;missing|lost package|parcel|order|item|items|delivery|luggage|bag|baggage|shipment;package|parcel|order|item|items|delivery|luggage|bag|baggage|shipment is|was|has|got|were|are been? lost|missing|stolen", strengthModerate},
	{"damaged|broken|defective|faulty|smashed|cracked|shattered|dented|torn|crushed|snapped|chipped|bust|busted", strengthMild},
	{"wrong item|items|order|product|size|address|colour|color|model|part|parts;delivered to the wrong", strengthMild},
	// Safety and wellbeing.
	{"injury|injured|hospital|ambulance|allergic|anaphylaxis|poisoning|poisoned|exploded|explosion|electrocuted|choking;electric shock;caught fire;burned|burnt me|my|him|her", strengthDecisive},
	{"hurt|allergy|burned|burnt|fire|smoke|unsafe|dangerous|hazard|recall|smouldering|smoldering|smoking", strengthStrong},
	// Harm told as a story: a part of the body hurt ("cut my hand"), which
	// needs the thing itself to have done it (below) to pass 0.7; a
	// reaction on the skin ("came out in hives") and the treatment it
	// needed pass on their own.
	{"cut|cuts|sliced|gashed|burned|burnt|scalded|bruised|trapped|pinched|crushed|scratched|stung|hurt|injured|hit|struck|smacked|whacked|slammed|smashed|hitting|bashed " +
		"my|his|her|their|our|your hand|hands|finger|fingers|fingertip|thumb|arm|arms|leg|legs|foot|feet|face|eye|eyes|skin|head|lip|lips|mouth|neck|back|wrist|ankle|knee|toe|toes|chin|cheek|tongue|gums|scalp;" +
		"swollen|swelling lips|face|eyes|eye|throat|tongue|mouth|jaw|gums|cheek|cheeks|neck|glands;emergency room;urgent care;" +
		"take|took|taken|rushed|rush him|her|them|my|our|me|us ** to the? hospital|doctor|doctors|gp|er|clinic", strengthStrong},
	{"came|come|comes|coming|broke|broken|breaking|break out in|with a? hives|rash|rashes|spots|welts|blisters|bumps;" +
		"developed a? rash|rashes|hives|welts|blisters;gave|given me|him|her|us|them|my ** a? rash|rashes|hives|welts|blisters;" +
		"rash|rashes|hives|welts|blisters all|after|from;antihistamine|antihistamines|epipen|epinephrine", strengthDecisive},
	// A failure while someone was using the thing, and a near miss: each
	// adds to the break itself ("the strap snapped while I was wearing it",
	// "it could have been really bad").
	{"snapped|broke|collapsed|exploded|shattered|burst|cracked|failed|apart|off|loose|way ** while|when i|she|he|we|they|my|someone|somebody ** was|were wearing|using|holding|carrying|riding|sitting|standing|lying|climbing|driving|cooking|charging|eating|drinking|sleeping;" +
		"after|from using|eating|wearing|applying|taking|drinking|touching it|this|them|these|one|the|your;" +
		"it|this|they|that|which|and cut|sliced|gashed|scalded|trapped|pinched|crushed|stung|injured|burned|burnt me|my|him|his|her|them|their|us|our", strengthStrong},
	{"could|might|couldve|mightve have? been really|very|so|much|seriously? bad|serious|dangerous|fatal|nasty|horrible|disastrous;" +
		"could|might|couldve|mightve have? been a disaster|tragedy;" +
		"could|might|couldve|mightve have? hurt|injured|killed|burned|choked|strangled|suffocated|electrocuted|fallen;" +
		"someone|somebody|anyone|a child|a kid could|might get|have been? hurt|injured|killed;nearly|almost choked|fell|fainted|died|drowned|electrocuted|suffocated", strengthStrong},
	// A thing that heats up is one sign of a fire hazard and a burning
	// smell or sparks another: each is strong, together they pass 0.7 ("the
	// battery gets really hot when charging and smells like burning
	// plastic"), apart they do not ("the laptop overheats when gaming").
	{"overheated|overheating|overheats;too hot to touch|hold;" +
		"hot when|while charging|charged|plugged|connected;" +
		"heats|heated|heating up when|while charging|charged|plugged|connected", strengthStrong},
	{"sparks|sparking|sparked;burning smell;smell of burning;smelled|smelt|smells|smelling|smell|reeked|reeks|stank|stinks like|of burning|burnt|burned|melting|melted;" +
		"gave|given me|him|her|us an? shock;shocked me|him|her|us;got|get|gets|getting|had|took|received an? ** shock|shocks off;got|get|gets|getting|had|took|received an? ** shock|shocks from it|this|that|them|these|those;made me|him|her|us|my ** sick|ill|vomit|throw;" +
		"sick|ill|vomiting|vomited|threw up ** after eating|drinking|using|taking", strengthStrong},
	// A wire left bare or sticking out of a fitting: it adds to a shock or
	// a child near it ("a wire sticking out behind the oven … I got a shock
	// off it").
	{"exposed|bare|live wire|wires|wiring;wire|wires|wiring sticking|poking|hanging out", strengthModerate},
	// Where the burning smell or the smoke comes from: told of a thing,
	// it is a fire hazard, not a burnt dinner ("a burning smell coming
	// from the inverter you installed").
	{"burning|burnt|burned|electrical|melting smell|smells|odour|odor coming|came|comes? from|out;" +
		"smell|smells of burning|burnt|burned coming|came|comes? from|out;smoke|sparks coming|came|comes|pouring from|out", strengthStrong},
	// Illness in a person or a pet, with who or what it blames: "two days
	// later she was vomiting; the vet thinks it's the sticks", "the batch
	// smells off".
	{"vomiting|vomited|vomit|diarrhoea|diarrhea|seizure|seizures;throwing|threw up;food poisoning", strengthStrong},
	// An infection after a visit or a product, and the antibiotics it
	// needed: each adds to the other and to whom it blames ("the tattoo
	// got infected, I ended up on antibiotics").
	{"got|gets|get|getting|became|become|is|was|were|went|been|turned infected|septic", strengthStrong},
	{"on|needed|need|needing|prescribed|given|taking|took|started antibiotics|antibiotic;course of antibiotics", strengthStrong},
	{"vet|vets|veterinarian|doctor|doctors|gp|hospital|pharmacist|paediatrician|pediatrician thinks|thought|said|says|believes|believed|suspects|suspected|blamed|blames|confirmed ** it|the|your|these|those|this|caused", strengthStrong},
	// A fever or an infection someone has ("I've got a temperature"), which
	// adds to a swelling or a hurt told with it; "the temperature" of a
	// room or a wash has no one who has it.
	{"smells|smelt|smelled|smell|tastes|tasted|taste off|rancid|sour|funny|rotten;mould|mold in|on it|them|the;" +
		"been|was|were|is|got|became|fell|went sick|ill|poorly|unwell;" +
		"i|he|she|we|baby|son|daughter|child|toddler|kid ** got|have|has|had|running|developed|with a|an? high|slight|bad|raging? temperature|fever|infection", strengthModerate},
	{"since eating|drinking|using|taking|wearing|applying|trying|chewing it|this|them|these|one|the|your|some;" +
		"vomiting|vomited|sick|ill|poorly|unwell|diarrhoea|diarrhea|rash|hives|reaction ** after|since|from the|these|those|your|eating|using|taking|drinking", strengthStrong},
	// Someone hurt told as a fact, a child or a pet that swallowed a
	// part, and the body part hurt on the thing itself.
	{"child|baby|toddler|son|daughter|kid|kids|dog|cat|puppy|kitten|boy|girl|husband|wife|partner|mum|mom|dad|he|she|i|we|someone|somebody|friend ** got|was|were|been|get|getting hurt|injured|burned|burnt|scalded|electrocuted;" +
		"child|baby|toddler|son|daughter|kid|kids|dog|cat|puppy|kitten|boy|girl|he|she ** swallowed|ingested|choked|choking", strengthDecisive},
	// A part in someone else's mouth ("my 2 year old had it in her
	// mouth"): with what the customer makes of it ("this is dangerous",
	// "a choking hazard") it passes 0.7, alone it does not.
	{"had|has|put|puts|putting|got|gets|popped|stuck|found|sucking|chewing|chewed ** in|into his|her|their|its mouth", strengthStrong},
	{"my|his|her|their|our hand|hands|finger|fingers|thumb|arm|leg|foot|face|eye|skin|lip|lips|mouth|head|wrist|knee on|by the|it|this|your|its|a|one|that", strengthModerate},
	{"lips|face|eyes|eye|throat|tongue|mouth|skin|hands|hand|cheeks|cheek|jaw|gums|gum|neck|glands|ankle|ankles|wrist|knee|finger|fingers ** swelled|swollen|swelling|blistered|blistering|blisters|burning|itchy|itching|stinging|bleeding", strengthStrong},
	// The treatment a hurt needed: "I needed stitches", "a fractured wrist".
	{"need|needed|needing|required|got|getting|had stitches|stitched;stitches in|on my|his|her|their;" +
		"concussion|concussed;a&e;x-ray|xray|x-rays|xrays", strengthDecisive},
	{"fractured|broken|broke|sprained|dislocated|chipped my|his|her|their wrist|arm|leg|nose|ankle|finger|toe|rib|ribs|collarbone|jaw|tooth|teeth|hand|foot|knee|elbow;" +
		"black eye", strengthStrong},
	{"harassment|harassed|discrimination|discriminated|racist|sexist|assault|assaulted|abuse|abusive|threatened|threatening|stalking", strengthDecisive},
	{"died|death|deceased|funeral|bereavement|suicide|emergency;passed away;self harm", strengthDecisive},
	// Accounts.
	{"locked out;account locked|suspended|banned|blocked|frozen|closed;suspended|banned|blocked|froze|frozen|closed my account;" +
		"can not get|log|sign in|into|back", strengthModerate},
	// How the customer gets in was changed by someone else: told in the
	// passive ("the email on my account was changed") and disowned ("it
	// wasn't me", "I never changed it"), each adding to the other.
	// A SIM or a number moved to another phone is the same ("my SIM was
	// moved to a new phone … I never did that").
	{"email|password|login|pin|passcode|username|phone|number|details|sim|esim ** was|were|has|have|had|got|been changed|reset|updated|altered|switched|modified|moved|transferred|ported|swapped", strengthModerate},
	{"it|that|this was|were not me|us;not me|us who;not done|made|placed|changed|requested by me|us;" +
		"i|we did|have? not|never change|changed|reset|update|updated|request|requested|authorise|authorize|authorised|authorized|do|done it|that|this|them|those|these|anything;" +
		"i|we never did it|that|this", strengthStrong},
	{"delete|erase|remove my data|information|personal", strengthMild},
	// Spanish, French, German, Portuguese, Italian.
	{"fraude|estafa|hackeado|hackeada|pirate|piratee|gehackt|betrug|truffa|hackerato|abogado|avocat|anwalt|avvocato|advogado|denuncia|plainte|anzeige", strengthStrong},
	{"reembolso|remboursement|ruckerstattung|rimborso", strengthMild},
	// Charged twice, as strong as in English, in either gender.
	{cxForeignTwice, strengthStrong},
	{"cobraron|cobrado|cobrada|cobro|cobran|facture|factures|debite|abgebucht|berechnet|cobraram|addebitato|addebitati|addebitata", strengthFaint},
})

// legalThreats are legal steps the customer threatens or takes against the
// shop: "I'll sue", "my lawyer will be in touch", "I'm speaking to a
// solicitor", "see you in court", "small claims", "reporting you to
// trading standards". A lawyer in the family or in a story ("my partner's
// a lawyer"), "legal age" and "is it legal to" are not threats. Complexity
// and tone share them.
const legalThreats = "sue|suing you|your|them|the|this|for|u;will|going|gonna|to|and|or sue;lawsuit|litigation|ombudsman;" +
	"legal action|proceedings|steps|claim|route|letter;seek|seeking|sought|get|getting|take|taking|took legal advice;small claims;trading standards;" +
	"my|our lawyer|lawyers|attorney|attorneys|solicitor|solicitors|solicitors|barrister|legal;" +
	"talk|speak|speaking|talking|consult|consulting|consulted|contact|contacting|contacted|call|calling|get|getting|" +
	"hire|hiring|hired|instruct|instructing|instructed|involve|involving|involved|see|seeing|ask|asking|go|going|" +
	"forward|forwarding|pass|passing|hand|handing|send|sending|refer|referring|bring|bringing|taking|seek|seeking|" +
	"sought|speaking|spoke|spoken|talked to|with? a|an|the? lawyer|lawyers|attorney|attorneys|solicitor|solicitors|barrister;" +
	"lawyer|lawyers|attorney|attorneys|solicitor|solicitors involved|up;lawyered|lawyering up;" +
	"take|taking|took|takes|drag|dragging|see|seeing|go|going|went|end|ending|up|sue|bring|bringing ** to|in court;" +
	"court case|claim|action|proceedings|summons;county|claims court;" +
	"report|reporting|reported|complain|complaining|escalate|escalating|escalated|contact|contacting|write|writing|going|go ** to? the? regulator|ombudsman|ico|fca|ofcom|ofgem|bbb|ftc|cfpb|watchdog"
