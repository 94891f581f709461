package analyze

// Requests that ask a person to act for the customer: to call, write, pick
// the matter up, or to be there at all.

// subjectFill may stand between the modal and the person of a question
// that asks a person to act, and between the person and the verb: "can one
// of your real agents", "could a human please just call me".
var subjectFill = newWordSet("a", "an", "the", "one", "of", "your", "ur", "real", "live", "actual", "human",
	"proper", "please", "just", "maybe", "possibly", "quickly", "actually", "personally", "kindly", "then",
	"staff", "team", "customer", "service", "support", "care", "sales", "billing", "any", "literally")

// whWords open a question about how things work rather than a request:
// "how can an agent help me?".
var whWords = newWordSet("how", "what", "when", "why", "where", "who", "which", "whether", "if")

// subjectRequest matches a question that asks a clear person at c[n] to do
// something: a modal, the person, a verb ("can a live agent help me", "could
// a human please call me", "may someone real look at this"). It returns the
// position of the modal. Questions about how things work ("how can an agent
// help?"), negated modals ("why can't an agent help") and vague persons
// ("can someone help me") do not match. A vague person asked to get in
// touch does ("can somebody call me", "could someone get back to me"), and
// so does a trade asked to talk ("could the designer ring me"); asked to act
// otherwise ("can a technician look at the boiler") a trade is booked, not
// asked for. Other persons offered as alternatives may come first ("can a
// dev or mod or literally any human check my account").
func subjectRequest(c []string, ci []*wordInfo, n, strength int, role bool) (int, bool) {
	m := n
	if strength != nounWeak {
		m = modifiersBefore(c, ci, n)
	}
	k, skipped := m-1, 0
	for k >= 0 {
		if m-k-skipped <= humanSubjectGap && subjectFill.in(ci[k]) {
			k--
		} else if j := coordinatedBefore(c, ci, k); j < k && skipped+k-j <= humanCoordinated {
			skipped += k - j
			k = j
		} else {
			break
		}
	}
	if k < 0 || m-k-skipped > humanSubjectGap || k > 0 && whWords.in(ci[k-1]) {
		return 0, false
	}
	after := n + 1
	if j, ok := shopPlaceAt(c, after); ok {
		after = j
	} else if j, ok := witsAt(c, after); ok {
		after = j
	}
	able := ableTo(c, after)
	if !ci[k].class().has(hModal) && !((c[k] == "is" || c[k] == "are") && able > after) {
		return 0, false
	}
	after = able
	for j := after; j < len(c) && j-after < humanSubjectGap; j++ {
		switch {
		case contactAct(c, ci, j):
			return k, true
		case strength == nounService && !subjectFill.in(ci[j]):
			// "could the billing team call me back", not "can support help"
			return 0, false
		case ci[j].class().has(hAct):
			if !actTaken(c, j) {
				return 0, false
			}
			if strength == nounStrong && !role || contactAct(c, ci, j) {
				return k, true
			}
			if role && ci[j].class().has(hTalk|hReach) {
				return k, true
			}
			return 0, false
		case subjectFill.in(ci[j]):
			continue
		}
		break
	}
	return 0, false
}

// ableTo skips "be able to" or "able to" at c[i]: "is anyone from the
// team able to call me", "would someone be able to ring me". It returns
// the index after it, or i.
func ableTo(c []string, i int) int {
	j := i
	if j < len(c) && c[j] == "be" {
		j++
	}
	if j+1 < len(c) && c[j] == "able" && c[j+1] == "to" {
		return j + 2
	}
	return i
}

// actTaken reports whether the act at c[j] is done for the customer's
// matter: "pick" only as pickedUp, "walk" only as walkedThrough, "do" only
// as doneFor; every other act is.
func actTaken(c []string, j int) bool {
	switch c[j] {
	case "pick":
		return pickedUp(c, j)
	case "walk":
		return walkedThrough(c, j)
	case "do":
		return doneFor(c, j)
	}
	return true
}

// doneFor reports whether "do" at c[j] does a thing for the customer: "do
// it for me", "do the booking for us", not "do anything about the weather"
// or "do you ship to Malta".
func doneFor(c []string, j int) bool {
	for k := j + 2; k < len(c) && k <= j+4 && c[k] != boundary; k++ {
		if c[k] == "for" {
			return k+1 < len(c) && (c[k+1] == "me" || c[k+1] == "us")
		}
	}
	return false
}

// walkedThrough reports whether "walk" at c[j] takes the customer through
// something: "walk me through the options", "walk us thru it", not "walk
// the dog" or "walk it over to the depot".
func walkedThrough(c []string, j int) bool {
	if j+2 >= len(c) || c[j+2] != "through" && c[j+2] != "thru" {
		return false
	}
	switch c[j+1] {
	case "me", "us", "her", "him", "them":
		return true
	}
	return false
}

// pickedUp reports whether "pick" at c[j] takes over the customer's
// matter, not a parcel: "pick this up", "pick up my case", not "pick it
// up from the depot".
func pickedUp(c []string, j int) bool {
	if j+2 < len(c) && c[j+1] == "this" && c[j+2] == "up" {
		return true
	}
	if j+2 < len(c) && c[j+1] == "up" && (c[j+2] == "this" || c[j+2] == "my" || c[j+2] == "the") {
		for i := j + 2; i < len(c) && i <= j+4; i++ {
			if takenMatters.has(c[i]) {
				return true
			}
		}
	}
	return false
}

// takenMatters are what a person picks up for the customer: "pick up my
// case", "pick up this chat".
var takenMatters = newStrSet("case", "chat", "conversation", "query", "ticket", "enquiry", "inquiry", "request",
	"complaint", "issue", "thread")

// contactAct reports whether c[j:] asks to be called or contacted: "call
// me", "ring us back", "phone me", "give me a call", "get back to me",
// "contact me".
func contactAct(c []string, ci []*wordInfo, j int) bool {
	if j < len(c) && c[j] == "hmu" {
		return true
	}
	if j+1 >= len(c) {
		return false
	}
	me := func(i int) bool { return i < len(c) && (c[i] == "me" || c[i] == "us") }
	switch {
	case ci[j].class().has(hPhone):
		return me(j+1) || c[j+1] == "back" || calledFor(c, j+1)
	case contactMe.has(c[j]):
		return me(j + 1)
	case c[j] == "mi" || c[j] == "me":
		// "someone from the staff mi chiama?", "can someone me llame"
		return foreignCall.has(c[j+1])
	case c[j] == "hit":
		// "hit me up"
		return me(j+1) && j+2 < len(c) && c[j+2] == "up"
	case c[j] == "reach" || c[j] == "follow":
		// "reach out to me", "follow up with me", "could someone reach out"
		if j+2 == len(c) && c[j+1] == "out" {
			return true
		}
		return j+3 < len(c) && (c[j+1] == "out" || c[j+1] == "up") && (c[j+2] == "to" || c[j+2] == "with") && me(j+3)
	case c[j] == "give":
		// "give me a call", "give us a quick ring", "give her a ring"
		if !me(j+1) && !calledFor(c, j+1) {
			return false
		}
		for i := j + 2; i < len(c) && i <= j+4; i++ {
			if ci[i].class().has(hPhone) {
				return true
			}
		}
	case c[j] == "drop" || c[j] == "send" || c[j] == "shoot":
		// "drop me a line", "send us an email", "shoot me a message"
		if !me(j + 1) {
			return false
		}
		for i := j + 2; i < len(c) && i <= j+4; i++ {
			if contactNotes.has(c[i]) {
				return true
			}
		}
	case c[j] == "get":
		return j+3 < len(c) && c[j+1] == "back" && c[j+2] == "to" && me(j+3) ||
			j+3 < len(c) && c[j+1] == "in" && c[j+2] == "touch" && c[j+3] == "with"
	}
	return false
}

// contactMe are the ways of getting in touch before "me" or "us": "email
// me", "DM me", "whatsapp us".
var contactMe = newStrSet("contact", "email", "text", "message", "dm", "pm", "msg", "ping", "whatsapp", "inbox",
	"txt", "sms", "mail", "e-mail", "phone", "call", "ring", "telephone")

// foreignCall are the verbs of calling or writing after "mi" or "me" in
// the other languages: "mi chiama", "me llame", "me rappelle", "me liga".
var foreignCall = newStrSet("chiama", "chiami", "richiama", "richiami", "contatta", "contatti", "scrive", "scriva",
	"llama", "llame", "llamen", "contacta", "contacte", "escribe", "escriba", "rappelle", "rappeler", "appelle",
	"appeler", "contacter", "ecrive", "liga", "ligue", "contate", "escreva", "llamar", "chiamare", "ligar")

// calledFor reports whether c[i:] names someone of the customer's to be
// called: "ring her", "give my mum a call".
func calledFor(c []string, i int) bool {
	if i >= len(c) {
		return false
	}
	switch c[i] {
	case "her", "him", "them":
		return true
	case "my", "our":
		return i+1 < len(c) && kinCalled.has(c[i+1])
	}
	return false
}

// kinCalled are the customer's people a shop may be asked to call.
var kinCalled = newStrSet("mum", "mom", "mother", "dad", "father", "wife", "husband", "partner", "son", "daughter",
	"grandma", "grandad", "grandmother", "grandfather", "gran", "nan", "parents", "sister", "brother", "aunt",
	"uncle", "boss", "colleague", "assistant", "pa")

// callbackRequest matches asking for a person to call: "have someone call
// me", "I need somebody to ring me back", "please ask a manager to give me a
// call", "I'd like someone to get back to me". It returns the position of the
// asking verb; a past one ("I asked someone to call me") is a report.
func callbackRequest(c []string, ci []*wordInfo, n, strength int) (int, bool) {
	j := whoeverOn(c, n+1)
	if e, ok := shopPlaceAt(c, j); ok {
		j = e
	} else if e, ok := witsAt(c, j); ok {
		j = e
	}
	for j < len(c) && j-n <= 2*humanSubjectGap && (c[j] == "to" || subjectFill.in(ci[j]) && c[j] != "me" && c[j] != "us") {
		j++
	}
	if j >= len(c) {
		return 0, false
	}
	// A clear person may be had to act otherwise: "have a human look into
	// this"; a trade so asked is booked ("have a plumber look at it").
	acts := contactAct(c, ci, j) ||
		strength == nounStrong && !roleNouns.in(ci[n]) && ci[j].class().has(hAct) && actTaken(c, j)
	if !acts {
		return 0, false
	}
	m := n
	if strength == nounStrong {
		m = modifiersBefore(c, ci, n)
	}
	k := m - 1
	for k >= 0 && m-k <= humanSubjectGap+2 && (subjectFill.in(ci[k]) && c[k] != "me" && c[k] != "us" || namedOr(c, ci, k)) {
		if namedOr(c, ci, k) {
			k--
		}
		k--
	}
	if k < 0 && politeIn(c) && contactAct(c, ci, j) {
		// "someone from the team call me please"
		return 0, true
	}
	if k < 0 || !callbackVerbs.in(ci[k]) || c[k] == "like" && (k == 0 || c[k-1] != "would") {
		return 0, false
	}
	return k, true
}

// namedOr reports whether c[k] is "or" after a name the grammar does not
// know: "get Marta or whoever's on the counter to message me".
func namedOr(c []string, ci []*wordInfo, k int) bool {
	return c[k] == "or" && k > 0 && ci[k-1] == nil && c[k-1] != boundary
}

// whoeverOn skips, after "whoever" at c[i-1], the "is" of "whoever's on
// the counter", so that the place follows; it returns i otherwise.
func whoeverOn(c []string, i int) int {
	if i > 0 && i < len(c) && c[i-1] == "whoever" && (c[i] == "is" || c[i] == "s") {
		return i + 1
	}
	return i
}

// politeIn reports whether the clause has "please": "a human to call me
// please".
func politeIn(c []string) bool {
	for _, w := range c {
		if w == "please" || w == "pls" || w == "plz" {
			return true
		}
	}
	return false
}

// callbackVerbs ask for someone to do something: "have someone call me",
// "get someone to ring me", "I want somebody to phone me".
var callbackVerbs = newWordSet("have", "get", "ask", "need", "want", "like", "send", "arrange", "require")

// phoneWith matches a wish to settle things by phone with a person: "I'd
// rather sort this over the phone with someone", "could I book a call with
// a stylist". A report ("I was on the phone with an agent for an hour") has
// no wish in it. It returns the position of the wish.
func phoneWith(c []string, ci []*wordInfo, n, strength int) (int, bool) {
	if strength < nounWeak {
		return 0, false
	}
	k := n - 1
	for k >= 0 && n-k <= humanSubjectGap && subjectFill.in(ci[k]) && c[k] != "with" {
		k--
	}
	if k < 1 || c[k] != "with" && c[k] != "from" {
		return 0, false
	}
	j := k - 1
	if c[k] == "from" && j > 0 && c[j] == "back" {
		// "a call back from someone in accounts"
		j--
	}
	if j > 0 && (c[j] == "quick" || c[j] == "short" || c[j] == "brief" || c[j] == "proper") {
		j--
	}
	if !ci[j].class().has(hPhone) {
		return 0, false
	}
	for i := j - 1; i >= 0; i-- {
		if phoneWishes.in(ci[i]) {
			return i, true
		}
	}
	return 0, false
}

// phoneWishes make a call with someone something the customer asks for:
// "I'd rather", "could I", "is it possible", "I want".
var phoneWishes = newWordSet("would", "rather", "prefer", "like", "want", "need", "can", "could", "possible",
	"please", "may", "book", "arrange", "schedule", "wondering")

// existsAt finds, before the person at c[n], a question whether there is
// one: "is there", "do you have", "gibt es", "hay", "y a-t-il", "avez-vous",
// "existe", "tem", "c'è". It returns its position.
func existsAt(c []string, ci []*wordInfo, n int) (int, bool) {
	for k := n - 1; k >= 0; k-- {
		if !ci[k].class().has(hExist) {
			continue
		}
		prev, next := "", ""
		if k > 0 {
			prev = c[k-1]
		}
		if k+1 < len(c) {
			next = c[k+1]
		}
		switch c[k] {
		case "there":
			if k > 0 && ci[k-1].class().has(hBe) {
				return k, true
			}
		case "have", "got":
			// "do you have", "have you got", "you got"
			if prev == "you" || next == "you" || c[k] == "got" && k >= 2 && c[k-2] == "you" {
				return k, true
			}
		case "gibt":
			if prev == "es" || next == "es" {
				return k, true
			}
		case "haben", "habt":
			if next == "sie" || next == "ihr" {
				return k, true
			}
		case "a":
			// French "y a-t-il", "il y a"
			if prev == "y" {
				return k, true
			}
		default:
			return k, true
		}
	}
	return 0, false
}
