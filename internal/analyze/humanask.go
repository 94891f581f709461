package analyze

import "strings"

// More shapes of a request for a person, and of a request that is not one:
// a department asked for on its own ("customer service please"), a named
// person asked to be contacted directly ("can I message the designer
// directly"), a person asked after ("is your sales team around?"), a
// question of whom to talk to ("who do I talk to about that?"), and a
// request the customer set out to make and gave up ("I was about to ask to
// speak to someone").

// politeBare are the words that make a bare department a request:
// "customer service please", "support team now".
var politeBare = newStrSet("please", "now", "asap", "urgently", "immediately", "por", "svp", "bitte", "favore")

// namedService are the words before "service", "support" or "team" that
// name a department a customer asks for: "customer service", "tech support".
var namedService = newStrSet("customer", "customers", "client", "tech", "technical", "billing", "sales", "support",
	"service", "care", "help", "returns", "complaints", "claims")

// bareService reports whether the clause is a named department and a polite
// word, nothing else: "customer service please", "tech support now".
func bareService(c []string, ci []*wordInfo, n int) bool {
	if n == 0 || !namedService.has(c[n-1]) {
		return false
	}
	polite := false
	for i := range c {
		polite = polite || politeBare.has(c[i])
	}
	return polite && bareClause(c, ci)
}

// contactNotes are what a person is asked to send: "drop me a line",
// "send us an email".
var contactNotes = newStrSet("line", "email", "mail", "message", "text", "note", "call", "ring", "dm")

// bareServiceMessage reports whether the whole message is a named
// department and a polite word, over clauses: "Customer service, please".
func bareServiceMessage(c []string, ci []*wordInfo) bool {
	named, polite := false, false
	for i, w := range c {
		switch {
		case w == boundary:
		case ci[i] != nil && ci[i].isNoun:
			if nounStrength(c, ci, i) != nounService || i == 0 || !namedService.has(c[i-1]) {
				return false
			}
			named = true
		case politeBare.has(w):
			polite = true
		case !ci[i].class().has(hBare):
			return false
		}
	}
	return named && polite
}

// contactVerbs are the ways of getting in touch that a customer asks to use
// with a named person: "can I message the designer", "could I email the
// owner directly", "can I ring the manager".
var contactVerbs = newStrSet("message", "msg", "dm", "pm", "email", "mail", "text", "call", "ring", "phone",
	"write", "whatsapp")

// contactAdverbs may stand between "can I" or "let me" and a contact
// verb: "can I just message the stylist", "could I maybe email the owner".
var contactAdverbs = newStrSet("just", "maybe", "perhaps", "possibly", "please", "quickly", "directly", "also")

// contactWishes, before "to" and the verb, ask to do it: "I'd like to email
// the owner", "I need to call your manager".
var contactWishes = newStrSet("like", "want", "need", "love", "prefer", "possible")

// directContact matches a customer asking to contact a clear person
// themselves: a modal and "I" ("can I message the designer directly"), a
// wish ("I'd like to call the store manager") or "let me" before a contact
// verb and the person. A report ("I emailed the manager"), a question of
// advice ("should I call the manager?") or of the way ("how can I call
// customer service?") has no such opening. It returns the
// position of the contact verb.
func directContact(c []string, ci []*wordInfo, n, strength int) (int, bool) {
	if strength == nounWeak {
		return 0, false
	}
	m := modifiersBefore(c, ci, n)
	if strength == nounService {
		for m > 0 && n-m < 2 && namedService.has(c[m-1]) {
			m--
		}
		if m == n {
			return 0, false
		}
	}
	k := m - 1
	for k >= 0 && m-k <= humanSubjectGap && contactFill.has(c[k]) {
		k--
	}
	if k < 1 || !contactVerbs.has(c[k]) {
		return 0, false
	}
	s := k - 1 // the word before the verb, past an adverb ("can I just message")
	for s >= 1 && contactAdverbs.has(c[s]) {
		s--
	}
	switch p := c[s]; {
	case p == "i" || p == "we":
		// "how can I call customer service" asks the way, not the person.
		if s >= 1 && (c[s-1] == "can" || c[s-1] == "could" || c[s-1] == "may" || c[s-1] == "might") &&
			(s < 2 || !whWords.in(ci[s-2])) {
			return k, true
		}
	case p == "me" && s >= 1 && c[s-1] == "let":
		return k, true
	case p == "to" && s >= 1 && contactWishes.has(c[s-1]):
		if c[s-1] == "like" && (s < 2 || c[s-2] != "would") {
			return 0, false
		}
		return k, true
	}
	return 0, false
}

// contactFill may stand between a contact verb and its person: "message
// the designer", "write to one of your managers".
var contactFill = newStrSet("the", "your", "ur", "a", "an", "one", "of", "to", "with", "directly", "personally",
	"quickly", "just", "someone", "from")

// availWords after a person ask whether they can take over: "is your sales
// team around?", "is the manager in?", "are any of your agents online?".
var availWords = newStrSet("around", "available", "about", "in", "there", "online", "free", "here", "working")

// availEnds may follow availWords before the clause ends: "is the manager
// around today", "is anyone from sales free right now".
var availEnds = newStrSet("today", "now", "right", "at", "the", "moment", "currently", "still", "yet", "please",
	"atm", "tonight", "this", "morning", "afternoon", "to", "talk", "chat", "speak")

// availGreetings may open the clause before the question: "hi, is your
// manager around?".
var availGreetings = newStrSet("hi", "hey", "hello", "so", "ok", "okay", "and", "also", "just", "quick", "question")

// availableAsk matches a question whether a clear person or a named
// department is there to take over: "is your sales team around?", "is the
// manager in today?". The person must open the question, and only "now"
// words may follow ("is your team available on weekends?" asks for
// hours). It returns the position of the verb.
func availableAsk(c []string, ci []*wordInfo, n, strength int) (int, bool) {
	after := n + 1
	if j, ok := shopPlaceAt(c, after); ok {
		after = j
	}
	if strength == nounWeak || after >= len(c) || !availWords.has(c[after]) {
		return 0, false
	}
	for j := after + 1; j < len(c); j++ {
		if !availEnds.has(c[j]) {
			return 0, false
		}
	}
	m := modifiersBefore(c, ci, n)
	if strength == nounService && m == n && (n == 0 || !namedService.has(c[n-1])) {
		return 0, false
	}
	k := m - 1
	for k >= 0 && m-k <= humanSubjectGap && (subjectFill.in(ci[k]) || c[k] == "any") {
		k--
	}
	if k < 0 || c[k] != "is" && c[k] != "are" {
		return 0, false
	}
	for j := 0; j < k; j++ {
		if !availGreetings.has(c[j]) {
			return 0, false
		}
	}
	return k, true
}

// whoWords ask whom: "who", "quién", "qui", "wen", "chi", "quem".
var whoWords = newWordSet("who", "whom", "quien", "quienes", "qui", "wen", "wem", "chi", "quem")

// whoVerbs are what a customer asks whom to do: "who do I talk to", "who
// should I contact", "who can I speak with".
var whoVerbs = newStrSet("talk", "speak", "chat", "contact", "reach", "email", "message", "call", "ring", "write",
	"ask", "see", "approach")

// whoModals stand between "who" and the customer in the question: "who do
// I", "who should I", "who can we".
var whoModals = newStrSet("do", "should", "can", "could", "would", "shall", "must", "may", "need")

// whoToAsk matches a question whom to talk to: "who do I talk to about
// that?", "who should I contact about a collab". A question about the past
// ("who did I speak to?"), about the bot ("who am I talking to?") or about
// someone else's people ("who should I call at my bank?") is not one; the
// other languages are read by foreignWho. It returns the position of "who".
func whoToAsk(c []string, ci []*wordInfo) (int, bool) {
	for k := 0; k+3 < len(c); k++ {
		if c[k] != "who" && c[k] != "whom" || !whoModals.has(c[k+1]) || c[k+2] != "i" && c[k+2] != "we" {
			continue
		}
		v := k + 3
		if c[v] == "need" && v+2 < len(c) && c[v+1] == "to" {
			v += 2
		}
		if !whoVerbs.has(c[v]) || c[v] == "ask" && v+1 < len(c) && c[v+1] == "for" {
			continue
		}
		for j := v + 1; j+1 < len(c); j++ {
			if (c[j] == "at" || c[j] == "from" || c[j] == "in") && customerOwn.in(ci[j+1]) {
				return 0, false
			}
		}
		if staffMatter(c[v+1:]) {
			return 0, false
		}
		return k, true
	}
	return foreignWho(c, ci)
}

// staffMatter reports whether the words after "who do I talk to" ask after
// the shop's staff side rather than support: a job applied for ("about the
// cleaner job you advertised", "about a vacancy") or human resources as
// the place ("in human resources", "at HR").
func staffMatter(c []string) bool {
	job, hiring := false, false
	for j, w := range c {
		switch {
		case jobWords.has(w):
			return true
		case w == "job" || w == "jobs" || w == "position" || w == "role":
			job = true
		case hiringWords.has(w):
			hiring = true
		}
		if job && hiring {
			return true
		}
		if w != "in" && w != "at" && w != "from" && w != "with" {
			continue
		}
		k := j + 1
		if k < len(c) && (c[k] == "the" || c[k] == "your") {
			k++
		}
		if k < len(c) && (c[k] == "hr" || c[k] == "personnel") ||
			k+1 < len(c) && c[k] == "human" && strings.HasPrefix(c[k+1], "resource") {
			return true
		}
	}
	return false
}

// jobWords name applying for a job on their own; "job", "position" and
// "role" need one of hiringWords too ("the cleaner job you advertised"),
// since a job is also work done for the customer ("the plumbing job you
// did").
var (
	jobWords    = newStrSet("vacancy", "vacancies", "career", "careers", "recruitment", "recruiting", "internship", "apprenticeship", "cv")
	hiringWords = newStrSet("advertised", "advertising", "advert", "ad", "posted", "listed", "listing", "opening", "openings",
		"apply", "applying", "application", "applied", "interview")
)

// cancelledBefore reports whether the request at c[k] was set out and given
// up: "I was about to ask to speak to someone", "I was going to ask for a
// manager", "I almost asked for an agent", "iba a pedir hablar con alguien",
// "j'allais demander", "ich wollte gerade", "stavo per chiedere".
func cancelledBefore(c []string, k int) bool {
	for j := k - 1; j >= 0 && k-j <= humanCancelReach; j-- {
		w := c[j]
		prev := ""
		if j > 0 {
			prev = c[j-1]
		}
		switch w {
		case "about", "going", "planning", "fixing":
			if j+1 < len(c) && c[j+1] == "to" && wasBefore(c, j) {
				return true
			}
		case "almost", "nearly":
			return true
		case "iba", "ibamos", "allais", "allait", "allions", "ia", "iamos", "prestes", "davor", "punto", "point":
			return true
		case "gerade":
			if prev == "wollte" || prev == "wollten" || prev == "wolltest" || j >= 2 && c[j-2] == "wollte" {
				return true
			}
		case "per":
			if prev == "stavo" || prev == "stavamo" || prev == "quasi" {
				return true
			}
		}
	}
	return false
}

// wasBefore reports whether "was" or "were" stands just before c[j], maybe
// over one adverb: "was about to", "was just going to".
func wasBefore(c []string, j int) bool {
	for i := j - 1; i >= 0 && j-i <= 2; i-- {
		if c[i] == "was" || c[i] == "were" {
			return true
		}
	}
	return false
}

// strSet is a set of words for the rarer checks of this file, which keeps
// the bits of wordSet for the hot paths.
type strSet map[string]struct{}

// newStrSet returns the set of words.
func newStrSet(words ...string) strSet {
	s := make(strSet, len(words))
	for _, w := range words {
		s[w] = struct{}{}
	}
	return s
}

// has reports whether w is in s.
func (s strSet) has(w string) bool {
	_, ok := s[w]
	return ok
}

// foreignAvailWords may make up, with one person, a question whether that
// person is there in the other languages: "¿está el encargado?", "le
// responsable est là ?", "ist der Inhaber da?", "c'è il responsabile?",
// "o gerente está aí?".
var foreignAvailWords = newStrSet("esta", "estan", "est", "ist", "sind", "e", "ce", "sta", "el", "la", "los",
	"las", "le", "les", "l", "il", "lo", "der", "die", "das", "den", "o", "os", "un", "una", "une", "ein", "eine",
	"einer", "su", "votre", "vostro", "ihr", "ahi", "aqui", "alli", "da", "hier", "qui", "li", "ai", "disponible",
	"disponibles", "disponibile", "disponivel", "presente", "verfugbar", "erreichbar", "hoy", "aujourdhui",
	"heute", "oggi", "hoje", "ahora", "maintenant", "jetzt", "adesso", "agora", "ya", "noch", "ancora", "encore",
	"hola", "bonjour", "hallo", "ciao", "ola", "oi", "buongiorno", "buenas", "salut", "bitte", "por", "favor",
	"svp", "per", "favore")

// foreignBe are the forms of "be" and "there is" such a question needs.
var foreignBe = newStrSet("esta", "estan", "est", "ist", "sind", "e", "ce", "sta")

// foreignAvailable matches a clause that only asks whether a clear person
// is there, in Spanish, French, German, Portuguese or Italian. It returns
// the position of the verb.
func foreignAvailable(c []string, ci []*wordInfo, n int) (int, bool) {
	be := -1
	for i, w := range c {
		switch {
		case i == n:
		case foreignBe.has(w) && be < 0:
			be = i
		case !foreignAvailWords.has(w):
			return 0, false
		}
	}
	return be, be >= 0
}

// foreignWhoPreps may stand before the question word: "con quién", "à
// qui", "an wen", "con chi", "com quem".
var foreignWhoPreps = newStrSet("con", "a", "de", "para", "an", "mit", "bei", "com", "da", "per", "avec", "aupres")

// foreignWhoModals ask what the customer can or should do: "puedo",
// "dois-je", "kann ich", "posso", "devo".
var foreignWhoModals = newStrSet("puedo", "debo", "tengo", "podemos", "debemos", "peux", "dois", "puis", "pouvons",
	"devons", "kann", "soll", "muss", "konnen", "sollen", "mussen", "posso", "devo", "possiamo", "dobbiamo",
	"devemos")

// foreignWhoVerbs are ways of getting in touch after such a modal.
var foreignWhoVerbs = newStrSet("hablar", "contactar", "dirigirme", "escribir", "comunicarme", "parler", "contacter",
	"adresser", "ecrire", "joindre", "wenden", "sprechen", "kontaktieren", "schreiben", "melden", "parlare",
	"contattare", "rivolgermi", "scrivere", "falar", "contatar", "escrever", "dirigir")

// foreignWho matches a question whom to talk to in the other languages:
// "¿con quién puedo hablar de esto?", "à qui dois-je m'adresser ?", "an
// wen kann ich mich wenden?", "con chi posso parlare?", "quem posso
// contactar?". It returns the position of the question word.
func foreignWho(c []string, ci []*wordInfo) (int, bool) {
	k := 0
	if k < len(c) && foreignWhoPreps.has(c[k]) {
		k++
	}
	if k >= len(c) || !whoWords.in(ci[k]) || c[k] == "who" || c[k] == "whom" {
		return 0, false
	}
	for m := k + 1; m < len(c) && m <= k+2; m++ {
		if !foreignWhoModals.has(c[m]) {
			continue
		}
		for v := m + 1; v < len(c) && v <= m+3; v++ {
			if foreignWhoVerbs.has(c[v]) {
				return k, true
			}
		}
	}
	return 0, false
}
