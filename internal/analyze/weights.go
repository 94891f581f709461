package analyze

import "github.com/handoffhq/handoff"

// Every weight and threshold of every signal lives in this file. Pieces of
// evidence that are independent are combined with a noisy-or,
// 1 − Π(1 − pᵢ), which stays in [0,1], lets one strong piece decide on its
// own and lets several weak pieces add up without a cliff.

// Phrase strengths. The tone, complexity and hedging lexicons give each
// phrase one of these; a phrase's strength is the probability-like evidence
// it adds to the noisy-or of its signal.
const (
	// strengthDecisive phrases settle the question on their own: "I'm going
	// to sue", "my account was hacked", "I can't help with that".
	strengthDecisive = 0.7
	// strengthStrong phrases are enough for a signal to pass 0.5 alone:
	// "never arrived", "charged me twice", "fed up".
	strengthStrong = 0.55
	// strengthModerate phrases need one more piece of evidence to pass 0.5:
	// "still waiting", "where is my parcel", "third time".
	strengthModerate = 0.4
	// strengthMild phrases hint: "hasn't arrived", "not working", "refund".
	strengthMild = 0.25
	// strengthFaint phrases barely count: "maybe", "bank".
	strengthFaint = 0.12
)

// request_human.
const (
	// humanThreshold is the confidence from which RequestHuman reports true.
	humanThreshold = 0.5
	// humanConfStrong: a request verb with a clear person ("talk to a human",
	// "connect me with a representative", "I want a real person").
	humanConfStrong = 0.95
	// humanConfWeak: a request verb with a vague person ("talk to someone",
	// "contact an assistant").
	humanConfWeak = 0.85
	// humanConfService: a talk verb with a department ("speak to customer
	// service"), unless the message asks for hours, a number or an address.
	humanConfService = 0.7
	// humanConfBare: a person and nothing but politeness ("real agent please").
	humanConfBare = 0.9
	// humanConfMoveBare: "transfer me", "put me through" without a person.
	humanConfMoveBare = 0.8
	// humanConfEscalate: "escalate this", "handoff".
	humanConfEscalate = 0.75
	// humanConfSubject: a question that asks a clear person to act ("can a
	// live agent help me", "could a human please call me"); it asks for the
	// person less directly than "talk to a human".
	humanConfSubject = 0.85
	// humanSubjectGap is how many words may stand between the modal and the
	// person ("can one of your real agents") and between the person and the
	// verb ("could a human please just call me").
	humanSubjectGap = 4
	// humanCoordinated is how many words of persons offered as
	// alternatives may stand, on top of humanSubjectGap, between the modal
	// and the person ("can a dev or mod or literally any human").
	humanCoordinated = 4
	// humanConfCallback: asking for a person to call or to talk by phone
	// ("can somebody call me", "have someone ring me back", "I'd rather
	// sort this over the phone with someone"): a chat cannot do that, so
	// even a vague person counts, as sure as "talk to someone".
	humanConfCallback = 0.85
	// humanConfContact: asking whether there is a contact person ("gibt es
	// einen Ansprechpartner", "¿hay una persona de contacto?"), which asks
	// for a person without a verb of talking.
	humanConfContact = 0.85
	// humanModifiers is how many words the grammar does not know may qualify
	// a person after a determiner ("the club manager", "your head pastry
	// chef", "your wholesale team"); more are a description, not a title.
	humanModifiers = 2
	// humanRelReach is how many words a relative clause after a comma may
	// take to offer a conversation ("mit dem ich sprechen kann").
	humanRelReach = 6
	// humanConfForeignStrong and humanConfForeignWeak: the same in Spanish,
	// French, German, Portuguese and Italian, matched per clause in any word
	// order and so trusted a little less.
	humanConfForeignStrong = 0.9
	humanConfForeignWeak   = 0.8
	// humanFuzzyPenalty is taken off for every grammar word read through a
	// typo ("somone", "opertor").
	humanFuzzyPenalty = 0.1
	// humanConfNegated is the confidence reported for a negated request ("no
	// need for a human").
	humanConfNegated = 0.05
	// humanConfMention is the confidence reported when a person is mentioned
	// without being asked for ("the agent told me").
	humanConfMention = 0.15
	// humanConfWho: a question whom to talk to ("who do I talk to about
	// that?"), which asks to be put through without naming the person.
	humanConfWho = 0.75
	// humanCancelReach is how far before a request a plan given up may
	// stand ("I was about to ask if I could speak to someone").
	humanCancelReach = 8
	// humanMaxGap is how many filler words may stand between a request verb
	// and its person ("talk to a real live human" has three).
	humanMaxGap = 6
)

// negative_tone (tone.go):
//
//	tone = noisy-or(sentiment, profanity, threats, emotion words, complaint
//	       phrases, generic complaint cues, shouting, "!!!", angry emoji)
//	       × (1 − toneCalmStep·calm cues)   unless hostile or emotional
//	       × tonePositiveDamp               when VADER is clearly positive
const (
	// toneSentimentFloor: VADER compound scores above −0.3 add nothing; mild
	// negativity is routine in support ("I have a problem with my order").
	toneSentimentFloor = 0.3
	// toneSentimentSpan: from the floor, the compound has to fall this much
	// more (to −0.8) for full sentiment evidence.
	toneSentimentSpan = 0.5
	// toneSentimentWeight scales sentiment evidence; strongly negative
	// sentiment alone reaches 0.65.
	toneSentimentWeight = 0.65
	// toneCapsShare is the share of shouted words (three or more letters, all
	// capitals, not an acronym) from which a message counts as shouting; at
	// least toneCapsMin such words are needed.
	toneCapsShare = 0.3
	toneCapsMin   = 2
	// toneCapsWeight is the evidence of a shouted message; one shouted word
	// among normal ones adds toneCapsSingle.
	toneCapsWeight = 0.45
	toneCapsSingle = 0.15
	// tonePunctRun is the evidence of "!!!", "?!?" and longer runs;
	// tonePunctPair that of "!!" or "??".
	tonePunctRun  = 0.35
	tonePunctPair = 0.2
	// toneEmoji is the evidence of one angry emoji (😡 🤬 🙄 🤡 …);
	// toneEmojiMany that of two or more.
	toneEmoji     = 0.45
	toneEmojiMany = 0.6
	// complaintPoints (tone.go) counts generic cues of a complaint:
	// toneProblemPoint per problem word ("cracked", "rude"), toneRoutinePoint
	// per problem word that calm messages use too ("late", "refund"), up to
	// toneProblemCap points; toneAbsencePoint per absence ("nowhere", "no signal",
	// "without even") up to toneAbsenceCap, toneAdverbPoint per "again",
	// "still", "already" up to toneAdverbCap, toneBlamePoint when the company
	// is named next to a problem, toneDurationPoint for a duration ("9 days"),
	// toneCountPoint for a count of attempts ("six times", "the second
	// parcel") and toneContrastPoint for a broken promise ("delivered but",
	// "even though we booked").
	toneProblemPoint  = 1.0
	toneRoutinePoint  = 0.5
	toneProblemCap    = 3.0
	toneAbsencePoint  = 1.0
	toneAbsenceCap    = 2.0
	toneAdverbPoint   = 0.5
	toneAdverbCap     = 2.0
	toneBlamePoint    = 0.5
	toneDurationPoint = 1.0
	toneCountPoint    = 1.0
	toneContrastPoint = 1.0
	// toneNarrativePoint: the company is the subject of a past-tense verb
	// ("you sent", "your driver left"), the shape of a complaint.
	toneNarrativePoint = 0.5
	// toneContrastReach is how many words after a promise ("delivered",
	// "refunded") a contradiction ("but", "not", "nowhere") may come.
	toneContrastReach = 8
	// toneGenericStart points add nothing (half a problem is routine: "my
	// card was declined"); from there the evidence grows linearly over
	// toneGenericSpan points up to toneGenericWeight.
	toneGenericStart  = 0.5
	toneGenericSpan   = 2.0
	toneGenericWeight = 0.7
	// toneCalmStep is taken off the tone, as a factor, per calm cue (a
	// courteous question, "please", "no rush", "I think", "by mistake"), at
	// most toneCalmMax times, unless the message is hostile or names an
	// emotion.
	toneCalmStep = 0.15
	toneCalmMax  = 3
	// toneShortQuestion: a message of at most this many words that opens
	// like a question ("can you deliver to a PO box") asks even without "?".
	toneShortQuestion = 10
	// tonePositiveDamp multiplies the whole tone when VADER finds the message
	// clearly positive (compound ≥ tonePositiveFrom) and there is no
	// profanity, threat, shouting, emotion word or strong complaint phrase
	// (which would make the praise sarcastic: "thanks for ruining my holiday").
	tonePositiveDamp = 0.6
	tonePositiveFrom = 0.5
)

// complexity: noisy-or of several problems, length, high-stakes topics,
// references and the same problem repeated across turns.
const (
	// cxQuestionStep is added per question beyond the first.
	cxQuestionStep = 0.3
	// cxMarkerStep is added per "also", "another thing", "secondly"….
	cxMarkerStep = 0.25
	// cxBulletStep is added per enumerated item ("1.", "2)", "- ") beyond the first.
	cxBulletStep = 0.25
	// cxProblemStep is added per problem told in prose beyond the first
	// ("the cushions are the wrong colour, one leg arrived snapped, and …"):
	// a problem weighs more than a question, so three distinct problems
	// pass 0.7 on their own, even in a first message, while two and a
	// routine one ("late") need a high-stakes hint as well.
	cxProblemStep = 0.5
	// cxRoutineProblem is what a part counts as a problem when it only has a
	// word calm messages use too ("wrong", "late", "charged").
	cxRoutineProblem = 0.5
	// cxMultiWeight scales the several-problems evidence: four questions or
	// problems in one message reach it.
	cxMultiWeight = 0.75
	// cxLengthStart words are free; from there length adds evidence up to
	// cxLengthStart+cxLengthSpan words.
	cxLengthStart = 30
	cxLengthSpan  = 120
	// cxLengthWeight scales the length evidence.
	cxLengthWeight = 0.45
	// cxRefsTwo and cxRefsMany are the evidence of two, and of three or more,
	// order or ticket references in one message.
	cxRefsTwo  = 0.25
	cxRefsMany = 0.4
	// cxRepeatFrom is the repetition from which the same problem counts as
	// repeated across turns; cxRepeatWeight the evidence at full repetition.
	cxRepeatFrom   = 0.3
	cxRepeatWeight = 0.4
)

// uncertainty.
const (
	// uncertaintyDefaultConfidence is assumed for an AI message that carries
	// no confidence: only its hedging counts.
	uncertaintyDefaultConfidence = 1.0
)

// repetition.
const (
	// repStemWeight and repTrigramWeight mix the cosine similarity of word
	// stems with that of character trigrams (which survive typos and
	// inflections). They sum to 1.
	repStemWeight    = 0.5
	repTrigramWeight = 0.5
	// repSentenceWeight scales the best match between single clauses of
	// repSentenceWords words or more, so a question repeated inside a longer
	// message ("This is ridiculous. Where is my order??") still counts.
	repSentenceWeight = 0.9
	repSentenceWords  = 3
	// repMaxClauses bounds the clauses compared per message, so that a
	// pasted wall of text costs linear time.
	repMaxClauses = 20
	// repWindow is how many earlier customer messages are compared.
	repWindow = 10
	// repeatExplicit is the repetition of a message that says it repeats
	// itself ("3rd time asking", "I've asked this three times", "you keep
	// giving me the same answer"), whatever its words: it reaches the 0.8 of
	// the shipped frustration_loop rule on its own. It is combined with the
	// similarity by a noisy-or.
	repeatExplicit = 0.8
	// repeatAgain is the repetition of a milder marker ("asking again", "as
	// I said", "same answer"): with a similarity of 0.6 to an earlier
	// message it also reaches 0.8.
	repeatAgain = 0.5
	// repCalmDamp scales the similarity of a message that asks again
	// calmly (calmRepeat: "Sorry, just to double check, …", "I don't have
	// the welcome email. What's the password?"), so that even the same
	// words stay below the 0.8 of frustration_loop; repCalmTone is the
	// negative_tone from which the message counts as annoyed and keeps its
	// similarity. Repeat markers are added after, in full.
	repCalmDamp = 0.6
	repCalmTone = 0.3
)

// sentiment_avg and sentiment_trend.
const (
	// sentimentWindow is how many customer messages, this one included, the
	// average and the slope are taken over.
	sentimentWindow = 3
)

// escalation_score: a request for a person dominates; everything else is a
// weighted sum.
const (
	// escRequest scales request_human_confidence when request_human is set:
	// an explicit request alone gives about 0.86.
	escRequest = 0.9
	// The weights of the other signals; they sum to 1, so a conversation at
	// the maximum of all of them scores 1 even without a request.
	escTone        = 0.35 // negative_tone
	escComplexity  = 0.2  // complexity
	escUncertainty = 0.2  // uncertainty of the last AI reply
	escRepetition  = 0.1  // repetition
	escTrend       = 0.1  // how fast sentiment is falling (see escTrendFull)
	escKeywords    = 0.05 // any configured keyword found
	// escTrendFull is the fall in sentiment per message that counts fully.
	escTrendFull = 0.5
)

// EscalationScore combines the signals into one number in [0,1]:
//
//	rest  = 0.35·negative_tone + 0.2·complexity + 0.2·uncertainty
//	      + 0.1·repetition + 0.1·clamp(−sentiment_trend/0.5) + 0.05·[keywords]
//	score = 1 − (1 − 0.9·request_human_confidence·[request_human])·(1 − rest)
func EscalationScore(s handoff.Signals) float64 {
	rest := escTone*clamp01(s.NegativeTone) +
		escComplexity*clamp01(s.Complexity) +
		escUncertainty*clamp01(s.Uncertainty) +
		escRepetition*clamp01(s.Repetition) +
		escTrend*clamp01(-s.SentimentTrend/escTrendFull)
	if len(s.Keywords) > 0 {
		rest += escKeywords
	}
	req := 0.0
	if s.RequestHuman {
		req = escRequest * clamp01(s.RequestHumanConfidence)
	}
	return noisyOr(req, clamp01(rest))
}
