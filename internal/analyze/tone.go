package analyze

import (
	"strings"

	"github.com/handoffhq/handoff/internal/vader"
)

// NegativeTone scores hostility and frustration in text, in [0,1]: strong
// negative sentiment, profanity and insults, shouting (capitals, "!!!"),
// angry emoji, threats (cancel, chargeback, sue, complain publicly, bad
// review) and the complaints of support traffic that carry no sentiment
// words ("been on hold for 2 hours", "order never arrived", "you charged me
// twice").
func NegativeTone(text string) float64 {
	d := parsePooled(text)
	defer d.release()
	return negativeTone(d, vader.Compound(text))
}

func negativeTone(d *doc, compound float64) float64 {
	lex := toneLexicons()
	scan(d, lex[:])
	return toneOf(d, compound, &lex)
}

// toneLexicons are the scans negativeTone needs, for scan.
func toneLexicons() [5]phraseScan {
	return [...]phraseScan{
		{ps: toneProfanity},
		{ps: toneThreats, negatable: true},
		{ps: toneEmotion, negatable: true},
		{ps: toneComplaints},
		{ps: calmPhrases},
	}
}

// toneOf is negativeTone given the toneLexicons scanned over d.
func toneOf(d *doc, compound float64, lex *[5]phraseScan) float64 {
	profanity, threat, emotion, specific := lex[0].score(), lex[1].score(), lex[2].score(), lex[3].score()
	generic := toneGenericWeight * clamp01((complaintPoints(d)-toneGenericStart)/toneGenericSpan)

	var caps, punct, emoji float64
	switch {
	case d.capsWords >= toneCapsMin && float64(d.capsWords) >= toneCapsShare*float64(d.letters):
		caps = toneCapsWeight
	case d.capsWords >= 1:
		caps = toneCapsSingle
	}
	switch {
	case d.punctRun >= 3:
		punct = tonePunctRun
	case d.punctRun == 2:
		punct = tonePunctPair
	}
	switch {
	case d.angryEmoji >= 2:
		emoji = toneEmojiMany
	case d.angryEmoji == 1:
		emoji = toneEmoji
	}
	sentiment := toneSentimentWeight * clamp01((-compound-toneSentimentFloor)/toneSentimentSpan)
	tone := noisyOr(sentiment, profanity, threat, emotion, specific, generic, caps, punct, emoji)

	// Profanity, threats, shouting and angry emoji are hostile however
	// politely they are wrapped; so are words of anger and disappointment.
	hostile := profanity > 0 || threat >= strengthStrong || caps >= toneCapsWeight || punct >= tonePunctRun || emoji > 0
	if !hostile && emotion < strengthStrong {
		tone *= 1 - toneCalmStep*float64(min(calmCues(d, lex[4].found), toneCalmMax))
		if compound >= tonePositiveFrom && specific < strengthStrong {
			tone *= tonePositiveDamp
		}
	}
	return clamp01(tone)
}

// complaintPoints counts the generic cues of a complaint that no phrase in
// the lexicons names: problem words ("cracked", "nowhere", "rude"), absence
// ("no signal", "zero replies", "without even"), blame ("you", "your
// driver"), durations ("for an hour", "9 days"), counts ("six times", "the
// second parcel") and "again", "still", "already".
func complaintPoints(d *doc) float64 {
	words, info := d.words, d.info
	var problems, absence, adverbs float64
	var blame, duration, count, contrast, narrative bool
	for i, w := range words {
		wi := info[i]
		if !complaintCue.in(wi) {
			// No case below can match.
			continue
		}
		prev, next := "", ""
		var pi, ni *wordInfo
		if i > 0 {
			prev, pi = words[i-1], info[i-1]
		}
		if i+1 < len(words) {
			next, ni = words[i+1], info[i+1]
		}
		switch {
		case problemWords.in(wi):
			problems += toneProblemPoint
			if intensifiers.in(pi) {
				adverbs++
			}
		case routineProblemWords.in(wi):
			problems += toneRoutinePoint
		case absenceWords.in(wi):
			absence++
		case (w == "no" || w == "zero") && next != "" && next != boundary && !calmAfterNo.in(ni):
			absence++
		case (w == "not" || w == "without") && (next == "even" || next == "once" || next == "a" && i+2 < len(words) && words[i+2] == "single"):
			absence++
		case adverbWords.in(wi) && !(w == "again" && (prev == "try" || prev == "once" || prev == "back")):
			adverbs++
		case blameWords.in(wi):
			blame = true
			if narrativeVerb(d, i+1) || (w == "your" || w == "their") && narrativeVerb(d, i+2) {
				narrative = true
			}
		case durationUnits.in(wi):
			// "for 9 days", "an hour ago", "2 weeks now", "months ago"
			var before *wordInfo
			if i >= 2 {
				before = info[i-2]
			}
			counted := isNumberWord(prev, pi)
			if counted && durationLead.in(before) || (counted || w == "months" || w == "weeks" || w == "ages" || w == "fortnight") && durationTail.in(ni) {
				duration = true
			}
		case countNouns.in(wi) && (isNumber(prev) || numberWords.in(pi) && prev != "a" && prev != "an"):
			count = true
		case ordinals.in(wi) || w == "single" && prev == "every" || (prev == "every" || prev == "each") && repeatUnits.in(wi):
			count = true
		case w == "long" && (prev == "too" || prev == "so") || w == "ages" || w == "forever":
			duration = true
		case expectationWords.in(wi):
			// "delivered but nowhere to be found", "refunded. it was not"
			for j := i + 1; j < len(words) && j <= i+toneContrastReach; j++ {
				if contrastWords.in(info[j]) {
					contrast = true
				}
			}
		case w == "though" && (prev == "even" || prev == "although"):
			contrast = true
		}
	}
	points := min(problems, toneProblemCap) + toneAbsencePoint*min(absence, toneAbsenceCap) +
		toneAdverbPoint*min(adverbs, toneAdverbCap)
	if blame && (problems+absence > 0 || count || duration || contrast || narrative) {
		points += toneBlamePoint
	}
	if duration {
		points += toneDurationPoint
	}
	if count {
		points += toneCountPoint
	}
	if contrast {
		points += toneContrastPoint
	}
	if narrative {
		points += toneNarrativePoint
	}
	return points
}

// complaintWords are the words complaintPoints compares with.
var complaintWords = newWordSet("no", "zero", "not", "without", "single", "long", "ages", "forever", "though")

// complaintCue holds every word a case of complaintPoints can match.
var complaintCue = problemWords | routineProblemWords | absenceWords | adverbWords | blameWords | durationUnits |
	countNouns | ordinals | repeatUnits | expectationWords | complaintWords

// narrativeVerb reports whether d.words[i:] starts with a past-tense verb,
// perhaps after one adverb: the company did something ("you sent", "your
// driver just left", "they double booked").
func narrativeVerb(d *doc, i int) bool {
	if i < len(d.words) && narrativeAdverbs.in(d.info[i]) {
		i++
	}
	if i >= len(d.words) {
		return false
	}
	w, wi := d.words[i], d.info[i]
	return pastIrregular.in(wi) || len(w) >= 5 && strings.HasSuffix(w, "ed") && !notPastEd.in(wi)
}

// calmCues counts what makes a message a calm request rather than a
// complaint: it opens as a question ("can I…?", "is it possible…?"), it is
// courteous ("please", "thanks", "no rush"), it hedges ("I think", "a bit",
// "any news?") or the customer takes the blame ("by mistake", "I forgot").
// phrases is how many lexemes of calmPhrases d holds.
func calmCues(d *doc, phrases int) int {
	n := phrases
	asks := false
	short := d.letters <= toneShortQuestion
	// The first word of every clause that is not a greeting.
	first := true
	for i, w := range d.words {
		switch {
		case w == boundary:
			first = true
			continue
		case !first || greetings.in(d.info[i]):
			continue
		}
		first = false
		if d.questions > 0 || short {
			// "can I…", "is it possible…", and "where would/can…" (but
			// not "where is my refund")
			if questionStarters.in(d.info[i]) || w == "where" && i+1 < len(d.words) && d.words[i+1] != boundary && modalVerbs.in(d.info[i+1]) {
				asks = true
			}
		}
	}
	if asks {
		n++
	}
	return n
}

// problemWords name something gone wrong.
var problemWords = newWordSet("broken", "broke", "cracked", "dented", "torn", "ripped", "damaged", "faulty", "defective",
	"missing", "delayed", "stuck", "failed", "failing", "fails", "refused", "refuses", "overcharged", "spilled",
	"spilt", "smashed", "leaking", "leaked", "scratched", "stained", "dirty", "filthy", "smelled", "smelly",
	"stank", "stinks", "gross", "aggressive", "rude", "unhelpful", "useless", "freezing", "expired", "mouldy",
	"moldy", "rotten", "crashed", "crashing", "crashes", "rejected", "denied", "suspended", "blocked",
	"overbooked", "lied", "ignored", "unanswered", "unresolved", "incorrect", "disconnected", "glitch",
	"glitchy", "buggy", "erroring", "mess", "messed", "unusable", "downhill", "worse", "poor", "slow",
	"noisy", "unsafe", "overpriced", "stolen", "uncomfortable", "cramped", "disappointing", "silly", "nonsense",
	"excuses", "chasing", "chased", "reverse", "cut", "dropped", "twice", "forgotten", "hung", "careless",
	"pointless", "unreachable", "liar", "broke", "flooded", "soaked", "bent", "snapped", "shattered", "melted",
	"burnt", "stale", "raw", "unprofessional", "incompetent", "wasted", "ruined")

// routineProblemWords name a problem that calm messages mention too ("can
// you check my refund?"); they count half.
var routineProblemWords = newWordSet("late", "wrong", "lost", "cancelled", "canceled", "charged", "billed", "debited",
	"wait", "waiting", "waited", "fix", "fixed", "refund", "compensation", "complaint", "complain", "problem",
	"problems", "issue", "issues", "error", "errors", "bug", "bugs", "locked", "closed", "trouble", "fault",
	"mistakes", "forgot", "unavailable", "declined", "cold", "excuse", "double", "escalate", "escalated")

// intensifiers before a problem word make it heavier ("really aggressive").
var intensifiers = newWordSet("really", "so", "very", "extremely", "totally", "completely", "absolutely", "utterly",
	"incredibly", "ridiculously", "super", "seriously", "badly", "terribly")

// expectationWords followed by "but" or "yet" mark a broken promise
// ("delivered but nowhere to be found", "paid but nothing").
var expectationWords = newWordSet("delivered", "shipped", "paid", "confirmed", "booked", "promised", "said", "says",
	"refunded", "returned", "fixed", "dispatched", "approved", "ordered", "told", "assured", "guaranteed",
	"patient", "received", "asked", "paid", "saying", "shows", "showing", "stated", "advertised", "expected")

// contrastWords after an expectation word contradict it.
var contrastWords = newWordSet("but", "yet", "though", "instead", "not", "no", "never", "nothing", "nowhere", "still", "none",
	"nobody", "noone", "zero")

// repeatUnits after "every" or "each" make a failure recurring ("down every weekend").
var repeatUnits = newWordSet("time", "weekend", "day", "week", "month", "morning", "night", "order", "delivery", "year",
	"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "call", "email", "visit")

// narrativeAdverbs may stand between the company and what it did.
var narrativeAdverbs = newWordSet("just", "also", "never", "still", "double", "already", "completely", "simply",
	"then", "have", "had")

// pastIrregular are past tenses without "-ed" that tell what the company did.
var pastIrregular = newWordSet("sent", "told", "took", "made", "gave", "lost", "left", "broke", "forgot", "kept",
	"said", "brought", "threw", "sold", "hung", "cut", "stole", "wrote", "put", "overcharged")

// notPastEd end in "-ed" without telling what anyone did.
var notPastEd = newWordSet("need", "needed", "indeed", "speed", "feed", "seed", "breed", "bed", "red", "shed",
	"hundred", "based", "advanced", "interested", "pleased", "excited", "tired", "allowed", "supposed",
	"required", "included", "attached", "detailed", "limited", "related", "registered", "married", "used",
	"helped", "answered", "sorted", "resolved", "solved", "fixed", "managed", "arrived", "delivered",
	"replied", "responded", "assisted", "explained", "processed", "confirmed", "received", "refunded",
	"returned", "shipped", "dispatched", "updated", "approved", "booked")

// durationLead and durationTail make a number and a unit a duration that
// hurts: "for 9 days", "3 weeks ago", "2 hours now"; "late by 10 minutes" is not.
var durationLead = newWordSet("for", "in", "since", "over", "after", "almost", "nearly", "about", "than", "been",
	"waited", "waiting", "wait", "past", "last", "whole")
var durationTail = newWordSet("ago", "now", "later", "already", "straight", "late", "since", "and", "of", "behind",
	"overdue")

// absenceWords say that something that should be there is not.
var absenceWords = newWordSet("nowhere", "never", "nobody", "noone", "nothing", "none", "neither")

// calmAfterNo are the words after "no" that do not mean something is missing ("no rush").
var calmAfterNo = newWordSet("rush", "worries", "worry", "problem", "problems", "need", "thanks", "thank", "hurry",
	"pressure", "stress", "biggie", "bother", "issue", "longer", "matter", "doubt", "one", "i", "it", "that",
	"not", "we", "you", "sorry", "more", "other", "way", "idea", "but")

// adverbWords make a complaint heavier: it happens again, still, already.
var adverbWords = newWordSet("again", "still", "already", "also", "even", "anyway", "anymore", "constantly", "always",
	"literally", "actually", "repeatedly")

// blameWords point at the company or its people.
var blameWords = newWordSet("you", "your", "yours", "they", "them", "their", "company", "courier", "driver", "engineer",
	"technician", "reception", "staff", "airline", "hotel", "shop", "store", "website", "site", "app",
	"restaurant", "delivery", "support", "agent", "agents", "department")

// durationUnits follow a number in a duration ("3 days", "an hour").
var durationUnits = newWordSet("hour", "hours", "hrs", "hr", "day", "days", "week", "weeks", "month", "months", "min",
	"mins", "minutes", "minute", "year", "years", "fortnight", "ages", "h")

// countNouns follow a number in a count of attempts or failures ("six times", "three emails").
var countNouns = newWordSet("times", "time", "emails", "calls", "messages", "parcels", "orders", "agents",
	"departments", "people", "attempts", "tickets", "chats", "letters", "complaints", "replies", "deliveries")

// ordinals count repeats ("the second parcel", "the 3rd time").
var ordinals = newWordSet("second", "third", "fourth", "fifth", "sixth", "2nd", "3rd", "4th", "5th", "6th", "nth",
	"umpteenth", "twice")

// modalVerbs after "where" make a question that asks ("where would they have left it?").
var modalVerbs = newWordSet("would", "could", "can", "should", "do", "does", "might", "may", "will")

// greetings are skipped when looking for how a message opens.
var greetings = newWordSet("hi", "hello", "hey", "hiya", "morning", "afternoon", "evening", "good", "dear", "team",
	"there", "ok", "okay", "so", "um", "uh", "yo")

// questionStarters open a question that asks rather than accuses ("can I",
// "is it possible"); "why" and "where" ("where is my refund") are left out on
// purpose.
var questionStarters = newWordSet("can", "could", "would", "will", "is", "are", "do", "does", "did", "how", "what",
	"when", "which", "who", "should", "may", "am", "have", "has", "any")

// calmPhrases are courtesy, hedges and self-blame.
var calmPhrases = compilePhrases([]lexeme{
	{"please;pls;plz;kindly", 1},
	{"thanks;thank you;cheers;appreciate|appreciated;grateful;many thanks", 1},
	{"no rush|worries|hurry|pressure|problem;whenever you;when you get a chance;take your time", 1},
	{"i think|believe|guess;maybe;a bit|little;slightly;quick question;just wondering|checking|wanted|letting;wondering;any news|update|idea;letting you know;fyi;heads up", 1},
	{"by mistake;my mistake;my fault;my bad;i accidentally;accidentally;i forgot;i think i;sorry;stupid|dumb|silly question", 1},
})

// toneProfanity: swearing and insults. Never negated: "not fucking fair" is
// still hostile.
var toneProfanity = compilePhrases([]lexeme{
	{"fuck|fucking|fucked|fuckin|fck|fcking|fking|fkn|fuk|fukin|motherfucker|fucks|fuckers", strengthDecisive},
	{"shit|shitty|bullshit|shite|crap|crappy|piss|asshole|arsehole|bastard|bastards|bitch|dickhead|prick|twat|wanker|cunt|bollocks", strengthDecisive},
	{"wtf|ffs|stfu|omfg|fml|tf", strengthStrong},
	{"idiot|idiots|idiotic|moron|morons|moronic|imbecile|clowns|clown|muppets|jerk|jerks|scum|crooks|crook|thieves|liars|cowboys|amateurs|incompetents", strengthStrong},
	{"damn|dammit|damnit|goddamn|goddam|goddamnit|bloody|frigging|friggin|freaking|effing|hell", strengthMild},
	{"the hell;the heck;the fuck", strengthStrong},
	{"sucks|suck|sucked", strengthStrong},
	{"screw you|this|your|them", strengthDecisive},
	{"is|are|total|absolute|complete|utter|pure|such rubbish|garbage|trash|junk|crap;rubbish|garbage|trash|junk service|app|company|product|quality|support|website|site|airline|shop|store", strengthStrong},
	{"smh|ugh|argh|urgh|grr|jeez|jfc|ffs", strengthMild},
	{"mierda|joder|puta|cabrones|merde|putain|scheisse|scheiss|porra|merda|cazzo|vaffanculo|kacke|bordel", strengthDecisive},
	{"estafa|estafadores|arnaque|arnaqueurs|betrug|betruger|truffa|truffatori|vergogna|verguenza|vergonha|honte|ladrones|voleurs|diebe|ladri|ladroes", strengthStrong},
})

// toneThreats: leaving, cancelling in anger, charging back, suing,
// complaining publicly, bad reviews. Negated ("I won't sue") they do not count.
var toneThreats = compilePhrases([]lexeme{
	{legalThreats, strengthDecisive},
	{"chargeback|chargebacks;charge back;charging back;reverse|reversing the|this|my payment|charge|transaction;contact|call|calling|contacting|ask|asking my bank|card|credit", strengthStrong},
	{"dispute|disputing the|this|with|it|a;dispute|disputing * charge|charges|payment|transaction", strengthStrong},
	{"report|reporting|reported you|u", strengthStrong},
	{"bbb|ombudsman|regulator|ftc|ofcom|ofgem|watchdog|authorities|police|cfpb|fca", strengthStrong},
	{"better business bureau;trading standards;consumer protection;consumer rights;citizens advice;consumer affairs", strengthStrong},
	{"bad|negative|terrible|awful|horrible|scathing|horrid review|reviews|rating|ratings|feedback", strengthStrong},
	{"1|one|zero|0|no|single star|stars;1star|1-star|onestar", strengthStrong},
	{"post|posting|tweet|tweeting|blast|blasting ** about this|everywhere|online|twitter|facebook|instagram|tiktok|reddit|trustpilot|yelp|google;tell|telling|warn|warning everyone|everybody|others|people;tell|telling|warn|warning the world;all over social|twitter|facebook|instagram|tiktok|reddit|the;on social media", strengthStrong},
	{"complain|complaining publicly|online|to|on;file|filing|make|making|lodge|lodging|raise|raising a formal complaint", strengthModerate},
	{"go|going public|viral;to the press|media|news", strengthStrong},
	{"never ordering|buying|shopping|flying|using|booking|coming|dealing|ordered|use|order|buy|shop|fly|book|deal|recommend|recommending ** again", strengthDecisive},
	{"never again;never recommend|recommending you|your|this|them;not be recommending;will not recommend|recommending", strengthStrong},
	{"last time i|we ever|will order|buy|use|book|fly|shop", strengthStrong},
	{"lost a|another|yourself|yourselves customer;you have lost me", strengthDecisive},
	{"take|taking my|our business|custom|money elsewhere", strengthDecisive},
	{"switching|switch|moving|move to|over a|another|your? competitor|competitors|provider|company|bank|airline|carrier|supplier|competition", strengthModerate},
	{"i|we am|are|will be? leaving|leave|switching|done", strengthModerate},
	{"cancel|cancelling|canceling|close|closing|terminate|terminating my|our|the|this account|subscription|membership|contract|plan|service", strengthMild},
	{"cancel|cancelling|canceling everything|all;cancel it all", strengthStrong},
	{"or i|we will|am|are|shall|go|take|cancel|report|sue;or else", strengthStrong},
	{"if|unless ** not|fixed|sorted|resolved|refunded|hear|get|receive|respond|reply", strengthMild},
	{"do not make me;do not force me;you leave me no choice;no choice but", strengthStrong},
})

// toneEmotion: words for being angry or let down, and verdicts on the
// service. Negated ("not angry", "never disappointed") they do not count.
var toneEmotion = compilePhrases([]lexeme{
	{"angry|furious|livid|fuming|enraged|irate|outraged|raging|seething|incensed|infuriated|apoplectic", strengthDecisive},
	{"pissed;so|really|very|extremely|hopping mad;mad at", strengthDecisive},
	{"annoyed|annoying|irritated|irritating|frustrated|frustrating|frustration|infuriating|exasperated|exasperating|aggravating|aggravated", strengthStrong},
	{"expected|expect better|more;can not believe;cannot believe;do not believe this;let down;let me|us down;downhill;upset|unhappy|disappointed|disappointing|disappointment|dissatisfied|disgusted|appalled|horrified|gutted|devastated|distraught", strengthStrong},
	{"fed up;sick of;sick and tired;tired of;had enough;enough is enough;wits end;losing my patience;lost my patience;out of patience;lost patience;losing patience", strengthDecisive},
	{"done with you|this|your|u;so done;am done with;completely done", strengthStrong},
	{"hate|hated|hates|loathe|despise this|it|you|your|that|the|how|dealing|when|waiting|companies|company|having|u|ur", strengthStrong},
	{"horrible|terrible|awful|worst|appalling|atrocious|abysmal|horrendous|dreadful|diabolical|disgusting|disgraceful|disgrace|shameful|shocking|outrageous|unacceptable|ridiculous|absurd|insane|ludicrous|laughable|pathetic|useless|hopeless|incompetent|incompetence|unprofessional|rude|filthy|inexcusable|unforgivable|deplorable|lousy|unreliable|worthless|substandard|sloppy|careless|negligent|shoddy|scandalous|embarrassing", strengthStrong},
	{"nightmare|shambles|fiasco|farce|circus", strengthModerate},
	{"stupid|dumb", strengthModerate},
	{"this|what|total|complete|absolute|such|utter a? mess;is|are|what|total|complete|absolute|such|utter a? joke|shambles|disaster|mess|nightmare|farce|circus|con|sham", strengthStrong},
	{"beyond a joke;rip off;ripoff;ripped off;daylight robbery;robbery;con artists", strengthDecisive},
	{"scam|scammed|scammers|scammy|cheated|swindled|conned|fraudsters|misled|misleading|lied|lying|liars|lies|dishonest|deceived|deceptive|stealing|theft", strengthStrong},
	{"waste of time|money;waste of my|our time|money;wasted|wasting my|our|so|hours|days", strengthStrong},
	{"ruined|ruining|ruin", strengthStrong},
	{"unbelievable|seriously;are you kidding|serious|joking;you must be joking|kidding;kidding me", strengthModerate},
	{"poor|bad|terrible|awful|horrible|lousy|shocking service|experience|quality|communication|support", strengthStrong},
	{"not happy|pleased|satisfied|impressed|acceptable|fair|right|good|ok|okay|amused|helpful", strengthStrong},
	{"unfair|unacceptable", strengthStrong},
	{"thanks|thank you? for nothing|ruining|wasting|ignoring|losing|breaking;thanks|thank you? for the runaround", strengthDecisive},
	{"how dare you;shame on you;you should be ashamed;ashamed of yourselves", strengthDecisive},
	{"how hard|difficult can|is it;how is|can this|it be? so hard|difficult", strengthStrong},
	{"how many times;how much longer;how long do|must|will i have? to", strengthStrong},
	{"is this how you treat;how you treat your|customers|people|me|us", strengthDecisive},
	{"nobody|noone cares;no one cares;nobody gives a;no one gives a", strengthDecisive},
	{"complain|complaining about", strengthModerate},
	{"furieux|furieuse|furiosa|furioso|enojado|enojada|enfadado|enfadada|harto|harta|wutend|verargert|sauer|arrabbiato|arrabbiata|irritado|irritada|inaceptable|inacceptable|inakzeptabel|inaccettabile|inaceitavel|pesimo|pesima|unverschamt|vergonzoso|schrecklich|decepcionado|decepcionada|decu|decue|enttauscht|deluso|delusa|pessimo|pessima|horrivel|orribile|lamentable|nul|nulle", strengthStrong},
})

// toneComplaints: what unhappy customers write when they use no sentiment
// words at all. Not negated: "never arrived" is the complaint.
var toneComplaints = compilePhrases([]lexeme{
	// Waiting.
	{"on hold for|since;hold for # hours|hour|minutes|mins|min|hrs", strengthStrong},
	{"on hold", strengthMild},
	{"waiting|waited for? # hours|hour|days|day|weeks|week|months|month|minutes|mins|min|hrs|years|ages|forever|whole", strengthStrong},
	{"been waiting|waited all day|forever|ages|since;been waiting|waited so long;waiting|waited forever|ages", strengthStrong},
	{"still waiting|no|not|nothing|broken|missing|wrong|charging|unresolved|pending|stuck|nobody|down;still have|has|had|did|does|do|can|is|are not;still unable|haven|hasn|havent|hasnt", strengthModerate},
	{"and nothing;heard nothing;nothing yet;nothing back;nothing happened;nothing has happened;nothing has been done;nothing was done;nothing is done;nothing done", strengthModerate},
	{"been # hours|days|weeks|months|mins|minutes|hrs|years|whole", strengthMild},
	{"# hours|hour|days|day|weeks|week|mins|minutes|hrs|h late|delay|delayed|overdue|waiting|behind", strengthModerate},
	{"weeks|months|days later", strengthMild},
	// Nobody answers.
	{"nobody|noone read|answers|answered|answering|answer|replies|replied|responds|responded|respond|tells|told|helps|helped|help|calls|called|contacted|picks|reads|bothered|bothers|got|gets|knows|checks|is|has|will|seems|ever|from|at|can|could|in;no one answers|answered|answering|answer|replies|replied|responds|responded|respond|tells|told|helps|helped|help|calls|called|contacted|picks|reads|bothered|bothers|got|gets|knows|checks|is|has|will|seems|ever|from|at|can|could|in", strengthStrong},
	{"no response|reply|answer|update|updates|callback|word|news|explanation|info|help|contact|follow|feedback;no call back", strengthModerate},
	{"never answered|replied|responded|called|heard|got|gets|picks|calls|reply|answer|respond|call|bothered|follow|followed|contacted|emailed", strengthStrong},
	{"ignored|ignoring|ignores me|us|my|our|its|their|customers|messages|emails;not ignore me|us", strengthStrong},
	{"have|had to chase;keep chasing;keep having to;chasing you|them|this", strengthStrong},
	{"was|were promised;you|they|he|she promised;promised me|us|a|to", strengthModerate},
	{"promised a|me|us callback|call|refund|reply|response|replacement|update|delivery", strengthStrong},
	{"will|would|do|does|did not|never answer|reply|respond|help|refund|replace|fix|listen|respond|honour|honor;refuse|refuses|refused to answer|reply|respond|help|refund|replace|fix|listen|honour|honor", strengthStrong},
	{"never told|informed|warned|notified|mentioned|explained", strengthStrong},
	{"not updated|moved|changed in|for|since;has|have|had not been updated", strengthModerate},
	{"ordered|paid|booked|sent|returned|emailed|called|reported|complained ** # weeks|days|months|week|month ago", strengthModerate},
	{"it|they|you|website|site said|says|promised # day|days|hour|hours|week|working", strengthModerate},
	// Deliveries and bookings.
	{"never arrived|came|showed|turned|received|got|delivered|shipped|sent|made|got|came", strengthStrong},
	{"has|have|did|had not arrived|come|came|shown|turned|shipped|delivered|received|gotten;not arrived|received", strengthMild},
	{"is|are|was|were|went|still|gone missing", strengthModerate},
	{"missing item|items|parts|part|package|parcel|order|bag|luggage|refund|money|pieces|piece|payment", strengthModerate},
	{"lost my|our bag|bags|luggage|suitcase|baggage|package|parcel|delivery|money|stuff|items", strengthStrong},
	{"bag|bags|luggage|suitcase|package|parcel|order|delivery|baggage|item|items|shipment is|was|got|has|have|were|are? been? lost|stolen|missing", strengthStrong},
	{"where is|are my|our bag|bags|luggage|suitcase|baggage|refund|money|cash|compensation|refunds", strengthStrong},
	{"where is|are my|our order|package|parcel|delivery|food|stuff|item|items|things|shipment|replacement|goods|purchase|stuff", strengthModerate},
	{"why|what|where|how|who on earth", strengthModerate},
	{"did|does|do|could not care|bother;did|does|do not even care|bother;nobody|noone cares", strengthStrong},
	{"last|final straw;this|that|it is not what i|we paid|ordered|asked|expected|wanted;looks|is|was|were|look nothing like", strengthDecisive},
	{"made|making|make|makes me|us wait|waiting;have|had to ** again;of my life;not|never getting|get it|that|them back", strengthStrong},
	{"is|was|are|were|been|keeps|goes|went|going down|offline;keeps going down", strengthMild},
	{"sort it|this out;sort yourselves out;get your act together;get it together", strengthModerate},
	{"getting silly|ridiculous|absurd|beyond|worse;out of hand;been|was|am|being patient;been|was|am very|so patient;more than patient", strengthModerate},
	{"arrived|came|come|delivered|shipped|turned|showed|got up? broken|damaged|smashed|cracked|torn|ripped|crushed|dented|defective|faulty|empty|opened|wet|soaked|ruined|cold|melted|leaking|leaked|stained|dirty|incomplete|unusable|destroyed|bent|shattered|mouldy|moldy|rotten|spoiled|spoilt|expired|scratched|snapped|burnt|stale|raw|half", strengthStrong},
	{"arrived|came|delivered|turned|showed up? late|wrong", strengthModerate},
	{"broken|smashed|cracked|shattered|damaged|defective|faulty|dented|crushed|scratched|torn", strengthMild},
	{"sent|gave|delivered|shipped|brought me|us * wrong;sent|gave|delivered|shipped|brought the|a wrong", strengthStrong},
	{"wrong item|size|order|product|colour|color|parcel|package|meal|food|thing|one|amount|again|things|items|stuff|bill|price", strengthMild},
	{"threw|thrown|chucked|dumped|tossed ** parcel|package|box|order|delivery|bag|stuff|fence|bin|rain", strengthModerate},
	{"in the rain", strengthModerate},
	{"someone|somebody else order|parcel|package|food|item|items|stuff|bag|luggage|delivery|meal", strengthStrong},
	// Money.
	{"charged|billed|debited|took|taken|charging|billing me|us|my|our? card|account|money? twice|double|three|3|x2|2x|two|multiple|again|thrice", strengthStrong},
	{"double charged|billed|charge|billing|charging;charged double;overcharged;overcharging;over charged;overbilled;double billed", strengthStrong},
	{"charged|billed|debited me|us? without|for nothing;charged|billed|debited me|us? for ** never|not|cancelled|canceled|did", strengthStrong},
	{"keep|kept|keeping|took|take|taking|stole|stolen|steal|stealing|have|has|pocketed|grabbed my|our money", strengthStrong},
	{"no refund", strengthModerate},
	{"still no refund;no refund yet;not refunded;refund rejected|denied|refused|declined;rejected|denied|refused|declined my refund;refused|refuse|refuses to refund;will not refund;not been refunded", strengthStrong},
	{"want|need my money back;give me my money;give me back my;give my money back;return my money", strengthModerate},
	{"owe me|us", strengthStrong},
	{"charged|paid|took|taken|billed|debited but|and ** not|no|never|nothing|cancelled|canceled;took|taken the|my money but|and", strengthStrong},
	{"refund me", strengthMild},
	{"never authorized|authorised|agreed|asked|signed|ordered;did not authorize|authorise|agree|order|ask|sign;not authorized|authorised;unauthorized|unauthorised", strengthModerate},
	{"for no reason;without reason;no reason given;without any reason;without a reason", strengthStrong},
	{"without telling|notice|informing|warning|asking|notifying|explanation|letting|consent|permission|contacting;without my permission|consent|knowledge|approval|authorization|authorisation;without any notice|warning|explanation|reason|communication|notification", strengthStrong},
	{"nobody|noone warned|informed|told|notified|explained|mentioned;no one warned|informed|told|notified|explained|mentioned", strengthStrong},
	// Asking again.
	{"third|3rd|fourth|4th|fifth|5th|sixth|6th|tenth|10th|nth|umpteenth|second|2nd|millionth|hundredth time", strengthModerate},
	{"asked|called|emailed|contacted|messaged|written|wrote|told|rang|rung|phoned|tried|chatted|explained|requested|reported|complained|sent|asking|calling|emailing|writing ** # times|time|emails;asked|called|emailed|contacted|messaged|written|wrote|told|rang|rung|phoned|tried|explained|requested|reported|complained ** twice;times already", strengthStrong},
	{"# times already;so|too|countless|several|multiple|many|numerous|endless times", strengthModerate},
	{"again and again;over and over;time and time again;time after time;every single time", strengthStrong},
	{"every time i|we|you;each time i", strengthModerate},
	{"same issue|problem|thing|answer|question|email|reply|message|response|excuse|excuses|story|script|copy", strengthMild},
	{"different answer|story|excuse|answers|stories;conflicting", strengthModerate},
	{"transferred|bounced|pushed ** around|times;back and forth;passed around", strengthModerate},
	{"excuses;excuse after excuse", strengthModerate},
	{"closed my|the ticket|case|complaint|request|chat", strengthModerate},
	// Again and still.
	{"delayed|late|cancelled|canceled|broken|wrong|missing|lost|down|failed|crashed|crashing|charged|rescheduled|postponed|declined|rejected|locked|damaged|stuck|failing|overcharged|happened|happening again", strengthStrong},
	{"keep|keeps|kept getting|sending|telling|saying|asking|cancelling|canceling|delaying|crashing|failing|ignoring|erroring|glitching|timing|dropping|happening|logging|breaking|freezing|closing|losing|rejecting|declining|putting|promising|changing|moving|pushing|giving|lying|blaming|repeating|transferring", strengthModerate},
	{"keep|keeps|kept taking|charging|billing|debiting|overcharging", strengthStrong},
	{"stopped working;never worked|works|did;still does|do not work;does not even work;not even working;barely works", strengthStrong},
	{"does|do|will|did|can|is|are not work|working;not working", strengthMild},
	{"down for;been down;is down again;outage", strengthModerate},
	{"not even", strengthMild},
	{"found out", strengthMild},
	{"rescheduled|postponed|cancelled|canceled|changed my|the|our ** without|again;at the last minute", strengthStrong},
	{"you|they|hotel|airline|driver|courier|restaurant|he|she cancelled|canceled|rescheduled|refused|closed|lost|forgot|forgotten|messed|screwed|broke|damaged|ruined", strengthModerate},
	{"no show;did not show|turn up;never showed|turned up", strengthStrong},
	{"locked out;account locked;got|been locked;blocked|suspended|banned my", strengthModerate},
	{"stop sending|telling|calling|emailing|charging|texting|spamming|asking|lying|ignoring", strengthStrong},
	{"dangerous|unsafe|hazard|hazardous;caught fire;exploded;electric shock;food poisoning;made me sick", strengthModerate},
	{"just fix|give|refund|answer|send|cancel|sort|reply|respond", strengthModerate},
	{"what is going on|happening|wrong;what is the problem|holdup;what is the hold up;what are you doing;explain yourselves;explain this|why", strengthModerate},
	{"why is|does nobody|noone;why is no one;why do|does you|it keep;why did|have you;why was|am|are|were i;why can not you;why is it so;why do i have to;why would you", strengthMild},
	{"you people;you guys are;your|this company|service|app|website|site|support is;your|ur customer service", strengthMild},
	{"anyone|anybody there|home|listening|alive|awake;is anyone|anybody", strengthFaint},
	{"right now;immediately;asap;at once;today", strengthFaint},
	{"in a row", strengthModerate},
	{"supposed to", strengthMild},
	{"no help;unhelpful;no use;not very helpful", strengthModerate},
	{"nunca llego|llegaron;jamais arrive|arrivee|recu;nie angekommen;nunca chegou|chegaram;mai arrivato|arrivata|arrivati", strengthStrong},
	{"nadie responde|contesta|ayuda;personne ne;niemand antwortet|hilft;ninguem responde|atende;nessuno risponde|aiuta", strengthStrong},
	{"todavia|aun|sigo|toujours|immer|ainda|ancora|noch|encore esperando|attends|attente|warte|warten|esperando|aspetto|nada|rien|nichts|nulla|niente|kein|keine|pas|no|sin|sem|senza", strengthModerate},
	{"reembolso|remboursement|ruckerstattung|rimborso|dinero|argent|geld|soldi|dinheiro", strengthFaint},
})
