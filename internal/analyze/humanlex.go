package analyze

// The request-for-a-person grammar (human.go) works on classes of words.
// Words are folded: lower case, no accents ("möchte" is "mochte").

// hclass is a bit set of the roles a word can play in the grammar.
type hclass uint32

const (
	hTalk     hclass = 1 << iota // talk, speak, chat: "talk to a human"
	hReach                       // contact, reach, escalate: "contact an agent"
	hMove                        // transfer, connect, put, pass: needs "me" or a preposition ("transfer me to a person")
	hWant                        // want, need, ask for: "I want a human"
	hGive                        // give, get, bring, find: "give me a person", "get me a manager"
	hSee                         // see: only with a manager or supervisor ("I want to see a manager")
	hFill                        // may stand between a trigger and its person ("to a real live", "with your")
	hNeg                         // negates a request ("not", "no", "never", "kein", "pas")
	hCan                         // ability: a negated ability is not a negated request ("I can't reach anyone")
	hChain                       // carries negation from further left ("don't *want to* talk")
	hBe                          // a form of "be": "am I talking to a person?" asks about the bot
	hForeign                     // a trigger from the Spanish, French, German, Portuguese or Italian lexicon
	hBare                        // may stand alone with a person noun: "human please", "real agent now"
	hBreak                       // a contrast that starts a new clause ("but", "pero", "mais", "aber", "ma")
	hInfo                        // asks for contact details, so "customer service" is not a request ("what hours")
	hEscalate                    // asks for a hand-off on its own: "escalate", "handoff"
	hModal                       // opens a question that asks a person to act: "can a live agent help me"
	hAct                         // what a person is asked to do in such a question: help, call, check
	hExist                       // asks whether there is a contact person: "gibt es", "hay", "c'è", "do you have"
	hPhone                       // asks to be called: call, ring, phone ("can someone call me")
	hRel                         // opens a relative clause: "mit dem", "con quien", "who", "whom"
	hDept                        // a department asked for by name: "put me through to billing"
)

// Noun strengths, weakest first.
const (
	nounService = 1 // a department: "customer service", "support team"
	nounWeak    = 2 // someone, somebody, assistant
	nounStrong  = 3 // human, person, agent, representative, manager …
)

// humanWords maps a word to its classes.
var humanWords = map[string]hclass{}

// personNouns maps a head noun to its strength.
var personNouns = map[string]int{}

func addWords(c hclass, words ...string) {
	for _, w := range words {
		humanWords[w] |= c
		intern(w).human |= c
	}
}

func addNouns(strength int, words ...string) {
	for _, w := range words {
		personNouns[w] = strength
		wi := intern(w)
		wi.noun, wi.isNoun = strength, true
	}
}

// buildHumanGrammar fills humanWords and personNouns, and the typo targets.
func buildHumanGrammar() {
	// English triggers, with the forms that ask in the present.
	addWords(hTalk, "talk", "talks", "talking", "speak", "speaks", "speaking", "chat", "chats", "chatting",
		"converse", "discuss")
	addWords(hReach, "contact", "contacting", "reach", "reaching", "escalate", "escalating", "touch", "transferred",
		"connected")
	addWords(hMove, "transfer", "transferring", "transfering", "connect", "connecting", "put", "putting", "pass",
		"passing", "direct", "directing", "redirect", "forward", "hand", "switch", "route", "send", "hook", "patch")
	addWords(hWant, "want", "wants", "need", "needs", "require", "request", "requesting", "requested", "demand",
		"demanding", "prefer", "ask", "asking", "asked", "looking", "like")
	addWords(hGive, "give", "get", "bring", "find", "have", "loop", "rope")
	addWords(hModal, "can", "could", "may", "would", "will")
	addWords(hAct, "help", "assist", "call", "ring", "phone", "contact", "email", "text", "message", "check",
		"look", "handle", "deal", "sort", "review", "explain", "answer", "chat", "talk", "speak", "fix",
		"advise", "confirm", "join", "step", "take", "get", "pick", "walk", "do")
	addWords(hSee, "see")
	addWords(hPhone, "call", "ring", "phone", "callback", "telephone", "bell")
	// A contact person is someone to talk to by definition, so asking
	// whether there is one asks for a person: "is there a contact person",
	// "do you have a point of contact", "gibt es einen Ansprechpartner",
	// "¿hay una persona de contacto?", "y a-t-il un interlocuteur",
	// "existe uma pessoa de contato", "c'è un referente". Each is checked
	// in its context by existsAt.
	addWords(hExist, "there", "have", "got", "gibt", "hay", "tienen", "tiene", "teneis", "existe", "existen",
		"a", "avez", "ha", "tem", "tens", "temos", "ce", "avete", "esiste", "haben", "habt")
	// Relative pronouns, and the prepositions before them, that attach a
	// clause after a comma to the person before it: "einen Berater, mit dem
	// ich sprechen kann".
	addWords(hRel, "who", "whom", "that", "dem", "der", "den", "denen", "welchem", "welcher", "welchen", "die",
		"quien", "quienes", "que", "cual", "qui", "lequel", "laquelle", "lesquels", "lesquelles", "quem", "qual",
		"cui", "quale", "quali", "che")
	// Articles of the other languages let an English request reach a
	// foreign person ("speak to una persona", "talk to ein Mitarbeiter").
	addWords(hFill, "un", "una", "uno", "une", "um", "uma", "ein", "einen", "einem", "einer", "el", "la", "le",
		"il", "lo", "der", "den", "dem")
	addWords(hFill, "to", "2", "4", "with", "wth", "wiht", "wih", "wit", "whit", "wirh", "w", "me", "us", "a", "an", "the",
		"some", "any", "one", "of", "your", "you", "yer", "my", "our", "real", "actual", "actually", "live",
		"living", "human", "proper", "physical", "genuine", "breathing", "flesh", "and", "blood", "other",
		"another", "different", "qualified", "competent", "senior", "higher", "up", "sales", "support",
		"customer", "service", "care", "tech", "technical", "billing", "account", "please", "directly", "right",
		"now", "away", "immediately", "asap", "just", "again", "through", "over", "for", "in", "hold", "this",
		"it", "damn", "goddamn", "goddam", "fucking", "fuckin", "fking", "bloody", "freaking", "frickin",
		"effing", "flipping", "stupid", "friggin", "someone", "somebody", "client",
		"help", "desk", "on", "phone", "line", "private", "member", "team", "from", "supervising",
		"tp", "ot", "too", "t", "wiith", "whith", "woth", "sith", "con", "avec", "com")
	// "than" puts what follows it second: "I'd rather email than talk to
	// someone". "rather" alone prefers ("I'd rather talk to a human") and
	// only carries the negation of "rather not".
	addWords(hNeg, "not", "no", "never", "without", "nobody", "neither", "nor", "than")
	addWords(hCan, "can", "could", "able", "unable", "manage", "managed", "impossible", "possible", "trying",
		"tried", "try")
	addWords(hChain, "to", "want", "wanted", "need", "needed", "like", "would", "really", "even", "actually",
		"i", "we", "do", "does", "did", "have", "got", "please", "just", "wish", "care", "going", "will",
		"be", "ever", "any", "more", "further", "longer", "rather", "asking", "looking", "wanting", "requesting",
		"expecting", "demanding")
	addWords(hBe, "am", "are", "is", "was", "were", "been", "be")
	addWords(hBare, "please", "now", "asap", "hi", "hello", "hey", "ok", "okay", "just", "real", "live",
		"actual", "a", "an", "the", "human", "one", "right", "away", "immediately", "thanks", "thank", "you",
		"yes", "yeah", "yep", "pls", "again", "genuine", "proper", "customer", "service", "an", "urgently",
		"quick", "quickly", "need", "want", "i", "damn", "fucking", "goddamn", "bloody", "some", "help",
		"por", "favor", "svp", "bitte", "favore", "per", "um", "una", "un", "une", "ein", "einen", "einem",
		"jetzt", "ya", "maintenant", "agora", "adesso", "subito", "sofort", "ahora", "tech", "technical", "billing",
		"sales")
	addWords(hBreak, "but", "instead", "pero", "sino", "mais", "aber", "sondern", "ma", "mas", "però", "pero",
		"porem", "tuttavia", "cependant", "sin", "embargo", "however", "though", "although")
	addWords(hInfo, "hours", "hour", "time", "open", "opening", "number", "phone", "telephone", "email",
		"mail", "address", "available", "availability", "toll", "when", "schedule", "times", "horario",
		"horaires", "numero", "telefono", "telephone", "adresse", "whatsapp", "fax")
	addWords(hEscalate, "escalate", "escalation", "handoff", "handover", "escalating")
	addWords(hDept, deptWordList...)

	addNouns(nounStrong, "human", "humans", "person", "persons", "people", "agent", "agents", "representative",
		"representatives", "rep", "reps", "operator", "operators", "manager", "managers", "supervisor",
		"supervisors", "advisor", "advisors", "adviser", "advisers", "associate", "associates", "staff", "member", "members",
		"employee", "employees", "specialist", "specialists", "consultant", "consultants", "attendant",
		"attendants", "being", "beings", "humain", "humains", "staffer", "staffers")
	addNouns(nounWeak, "someone", "somebody", "anyone", "anybody", "assistant", "assistants", "one", "ones",
		"whoever", "whomever")
	// The people of a business named by what they do. They are persons only
	// when the customer asks to talk to them or to be put in touch (see
	// roleNouns), never through "I need a technician".
	addNouns(nounStrong, roleNounList...)
	addNouns(nounStrong, foreignRoleNounList...)
	addNouns(nounService, "support", "service", "services", "care", "assistance", "desk", "helpdesk", "team",
		"department", "servicedesk", "customerservice", "customersupport")

	// Spanish, French, German, Portuguese and Italian. These languages are
	// matched per clause in any word order, so the grammar only needs the
	// verbs, the persons and the negations.
	foreign := func(c hclass, words ...string) { addWords(c|hForeign, words...) }
	// Spanish.
	foreign(hTalk, "pasar", "pase", "pasen", "ponga", "transfiera", "comunique", "derive",
		"hablar", "habla", "hablo", "comunicarme", "comunicar", "comunicarte", "contactar",
		"contactarme", "chatear", "conversar", "pasame", "pasarme", "paseme", "ponme", "pongame", "ponerme",
		"comuniqueme", "comunicame", "transferir", "transfiereme", "transferirme", "derivar", "derivame",
		"atendido", "atendida", "atienda")
	foreign(hWant, "quiero", "quisiera", "necesito", "deseo", "prefiero", "gustaria", "exijo", "pido",
		"necesitamos", "queremos", "dame", "denme", "hace", "falta", "necesario", "necesidad")
	foreign(hTalk, "parler", "parle", "discuter", "joindre", "contacter", "passer", "passez", "mettre",
		"mettez", "transferer", "transferez", "echanger", "rappeler")
	foreign(hWant, "prefererais", "preferais", "preferiria", "preferia", "preferiamos")
	foreign(hWant, "veux", "voudrais", "voudrions", "souhaite", "souhaiterais", "aimerais", "besoin", "exige",
		"demande", "faut", "necessaire", "voulons")
	foreign(hTalk, "sprechen", "reden", "chatten", "verbinden", "verbinde", "kontaktieren", "erreichen",
		"weiterleiten", "durchstellen", "schreiben")
	foreign(hWant, "mochte", "mochten", "wollen", "willst", "wurde", "hatte", "brauche", "brauchen", "benotige",
		"verlange", "notig", "notwendig", "erforderlich", "gerne", "gern")
	foreign(hTalk, "escribir", "escribirle", "ecrire", "scrivere", "escrever")
	// Going over a matter together, and calling, in the infinitive: "repasarlo
	// con un asesor", "mit einem Mitarbeiter durchgehen", "discutere con un
	// operatore", "¿me puede llamar alguien?", "pode me ligar?".
	foreign(hTalk, "repasar", "repasarlo", "discutir", "discutirlo", "comentarlo", "llamar", "llamarme",
		"durchgehen", "besprechen", "klaren", "anrufen", "zuruckrufen", "regler", "appeler",
		"discutere", "discuterne", "chiamare", "chiamarmi", "richiamare", "richiamarmi", "ligar", "ligue")
	// Taking the matter on, and getting in touch, asked of a person:
	// "¿puede alguien del equipo encargarse?", "que alguien me llame",
	// "quelqu'un peut s'occuper de ça ?", "kann sich jemand darum
	// kümmern?", "alguém pode cuidar disso?", "qualcuno può occuparsene?",
	// "un operatore può contattarmi?".
	foreign(hTalk, "encargarse", "ocuparse", "llame", "llamen", "contacte", "contacten", "escribirme", "mandarme",
		"occuper", "rappelle", "kummern", "cuidar", "mandarem", "occuparsene", "occuparsi", "contattarmi",
		"scrivermi")
	foreign(hTalk, "passe", "encaminhar", "encaminhe", "falar", "conversar", "contatar", "transferir", "transfere", "transfira", "passar", "passa",
		"atendido", "atendida", "atender")
	foreign(hWant, "quero", "queria", "gostaria", "preciso", "desejo", "prefiro", "exijo", "precisamos",
		"necessario")
	foreign(hTalk, "passi", "passare", "metta", "colleghi", "trasferisca", "parlare", "parlo", "chattare", "contattare", "passami", "passarmi", "mettermi", "trasferire",
		"trasferiscimi", "collegarmi", "sentire", "contatto")
	foreign(hWant, "voglio", "vorrei", "desidero", "bisogno", "serve", "servirebbe", "preferirei", "chiedo",
		"vogliamo", "necessario")
	addWords(hNeg, "ne", "n", "pas", "jamais", "sans", "aucun", "aucune", "nul", "nicht", "kein", "keine", "keinen",
		"keinem", "keiner", "nie", "niemals", "ohne", "nao", "nunca", "sem", "nenhum", "nenhuma", "nem", "non",
		"mai", "senza", "nessun", "nessuna", "ningun", "ninguna", "ni", "tampoco")
	addWords(hCan, "puedo", "pude", "logro", "consigo", "peux", "peut", "arrive", "parviens", "reussis", "kann",
		"konnte", "schaffe", "posso", "pude", "riesco", "potuto", "consegui", "logre", "puede")
	addNouns(nounStrong, "persona", "personas", "humano", "humana", "humanos", "agente", "agentes", "asesor",
		"asesora", "operador", "operadora", "representante", "supervisor", "gerente", "encargado", "empleado",
		"ejecutivo", "ejecutiva",
		"personne", "conseiller", "conseillere", "conseillers", "operateur", "operatrice", "representant",
		"responsable", "superviseur", "employe", "interlocuteur", "interlocutrice", "vendeur",
		"interlocutor", "interlocutora",
		"mensch", "menschen", "mitarbeiter", "mitarbeiterin", "mitarbeitern", "berater", "beraterin",
		"kundenberater", "kundenbetreuer", "servicemitarbeiter", "ansprechpartner", "ansprechpartnerin",
		"ansprechperson", "kontaktperson", "vorgesetzten",
		"vorgesetzter", "menschlichen", "personen", "kundendienstmitarbeiter", "sachbearbeiter",
		"pessoa", "pessoas", "atendente", "atendentes", "consultor", "consultora", "funcionario",
		"umano", "umana", "operatore", "operatrice", "operatori", "consulente", "rappresentante",
		"supervisore", "addetto", "impiegato", "persone", "referente",
		"responsabile", "titolare", "inhaber", "geschaftsfuhrer", "dueno", "propietario", "proprietaire", "gerant",
		"proprietario")
	addNouns(nounWeak, "alguien", "quelquun", "jemand", "jemandem", "jemanden", "alguem", "qualcuno")
	// A colleague of the bot's is a person of the shop, but only when the
	// customer asks for one ("pass me to a colleague", "mi può passare un
	// collega"), not their own ("my colleague ordered it").
	addNouns(nounStrong, colleagueNounList...)
	buildFuzzy()
}

// roleNounList are the people of a business named by their trade: "one of
// your mechanics", "the club manager" (manager is a person anyway), "the
// florist", "one of the nurses" at a clinic. Trades the customer usually
// has their own of (doctor, lawyer, accountant) and words that are also
// verbs or things ("cook", "host", "trainers", "planner", "maker") are
// left out.
var roleNounList = []string{"mechanic", "mechanics", "technician", "technicians", "engineer", "engineers",
	"chef", "chefs", "baker", "bakers", "owner", "owners", "founder", "founders", "proprietor", "boss",
	"director", "pharmacist", "pharmacists", "designer", "designers", "artist", "artists", "illustrator",
	"photographer", "stylist", "stylists", "florist", "florists", "jeweller", "jewellers", "jeweler",
	"jewelers", "engraver", "optician", "opticians", "receptionist", "concierge", "instructor", "instructors",
	"trainer", "teacher", "teachers", "tutor", "tutors", "coordinator", "organiser",
	"organizer", "sommelier", "butcher", "installer", "installers", "fitter", "fitters", "electrician",
	"plumber", "expert", "experts", "dietitian", "nutritionist", "therapist", "groomer", "hairdresser",
	"barber", "seller", "sellers", "vendor", "craftsman", "carpenter", "upholsterer", "seamstress",
	"dressmaker", "winemaker", "brewer", "tattooist", "potter", "directors", "engravers", "receptionists",
	"coordinators", "organisers", "organizers", "sommeliers", "butchers", "electricians", "plumbers",
	"dietitians", "nutritionists", "therapists", "groomers", "hairdressers", "barbers", "vendors", "craftsmen",
	"carpenters", "upholsterers", "dressmakers", "tattooists", "photographers", "illustrators", "nurse", "nurses",
	"hygienist", "hygienists", "midwife", "midwives"}

// foreignRoleNounList are the trades of roleNounList that shops and salons
// name most, in Spanish, French, German, Portuguese and Italian: "posso
// parlare con una parrucchiera?", "¿puedo hablar con el peluquero?".
var foreignRoleNounList = []string{"peluquero", "peluquera", "peluqueros", "estilista", "estilistas", "barbero",
	"mecanico", "mecanica", "tecnico", "tecnicos", "florista", "disenador", "disenadora",
	"coiffeur", "coiffeuse", "coiffeurs", "styliste", "barbier", "mecanicien", "technicien", "techniciens",
	"fleuriste", "friseur", "friseurin", "stylistin", "mechaniker", "techniker", "cabeleireiro", "cabeleireira",
	"barbeiro", "parrucchiere", "parrucchiera", "parrucchieri", "stilista", "barbiere", "meccanico", "tecnici",
	"fiorista", "fioraio", "fioraia"}

// colleagueNounList are the words for a colleague, in the six languages.
var colleagueNounList = []string{"colleague", "colleagues", "companero", "companera", "collegue", "collegues",
	"kollege", "kollegen", "kollegin", "colega", "collega"}

// colleagueDeterminers make a colleague one of the shop's: "a colleague",
// "another colleague", "your colleague", "un collega", "einen Kollegen".
var colleagueDeterminers = newStrSet("a", "an", "another", "one", "your", "ur", "un", "uno", "una", "une", "um",
	"uma", "ein", "einen", "einem", "einer", "anderen", "anderer", "altro", "otro", "otra", "autre", "outro",
	"outra", "vostro", "votre", "seu", "sua", "su", "ihren", "ihrem", "ihre", "qualche", "algun", "senior")

// roleNouns holds roleNounList and foreignRoleNounList.
var roleNouns = newWordSet(append(roleNounList[:len(roleNounList):len(roleNounList)], foreignRoleNounList...)...)

// bringsIn are the verbs that, with "in", bring a person into the
// conversation: "bring in a manager", "loop in someone from legal", "rope
// in someone from billing".
var bringsIn = newStrSet("bring", "loop", "rope")

// nounBlockBefore are words that make the following person noun something
// other than a member of the support team ("travel agent", "better than a
// human", "in person", "virtual assistant").
var nounBlockBefore = newWordSet("travel", "insurance", "estate", "realty", "booking", "user", "secret", "free",
	"double", "undercover", "virtual", "ai", "digital", "bot", "chatbot", "automated", "google", "voice",
	"smart", "password", "task", "file", "ads", "package", "than", "like", "as", "per", "in", "non",
	"talent", "sports", "leasing", "casting", "literary", "shipping", "customs", "freight", "artificial",
	"recursos", "ressources", "risorse", "derechos", "droits", "diritti", "direitos", "every", "each",
	"delivery", "robot", "robo", "online", "automatic", "auto")

// nounBlockAfter are words that turn a person noun into something else
// ("human resources", "agent number", "human error").
var nounBlockAfter = newWordSet("resources", "resource", "error", "errors", "rights", "nature", "race", "trafficking",
	"body", "number", "numbers", "id", "code", "portal", "login", "app", "software", "version", "fee", "fees",
	"commission", "license", "licence", "seguros", "viajes", "voyage", "voyages", "immobilier", "inmobiliario", "seguro", "viagem", "viaggio",
	"assicurativo", "immobiliare", "immobilien", "ne", "n", "skills", "like", "viagens")

// personQualifiers turn "someone" and "one" into a strong person: "someone
// real", "a real one", "somebody human".
var personQualifiers = newWordSet("real", "human", "actual", "alive", "live", "living", "genuine", "proper",
	"reel", "vrai", "vraie", "reelle", "echten", "echter", "echte", "echtem", "real", "verdadera",
	"verdadero", "vera", "vero", "reale", "verdadeira", "verdadeiro")

// fuzzyDeny are real words one typo away from a grammar word; they are never
// read as that word ("that" is not "chat", "steak" is not "speak").
var fuzzyDeny = newWordSet("tall", "walk", "task", "tale", "balk", "talked", "talkie", "stalk", "sneak", "steak",
	"speck", "spear", "spoke", "that", "what", "chap", "char", "chart", "cheat", "chai", "chit", "chatted",
	"chatter", "coat", "contract", "contacts", "contacted", "teach", "peach", "beach", "react", "roach",
	"humane", "hyman", "parson", "prison", "persona", "personal", "managed", "manage", "manger", "stuff",
	"stiff", "stall", "argent", "urgent", "regent", "agency", "agenda", "operate", "operated", "employer",
	"employed", "advisory", "connects", "connected", "correct", "collect", "passed", "past", "post",
	"someones", "somehow", "someday", "anyone's", "anybody's", "college", "colleges", "grant", "grants",
	"inhaler", "inhalers")
