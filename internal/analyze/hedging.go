package analyze

import "github.com/handoffhq/handoff"

// Hedging scores how much an AI reply admits it does not know or cannot
// help, in [0,1]: "I'm not sure", "I can't help with that", "I don't have
// access", "I'm unable to", "I don't know", "I don't have reliable
// information about that", "I can't say with confidence", "that's outside
// what I can check", "the spec sheet I have is incomplete", "I couldn't
// find it in the information I have access to", "my records don't show
// that", "I'd only be guessing", "I could be wrong", "I really can't tell
// you that", "you may want to contact our team", down to a faint "maybe".
// The customer's doubt ("if you're not sure which size") and a plain "may"
// ("it may arrive Friday") are not the AI hedging.
func Hedging(text string) float64 {
	d := parsePooled(text)
	defer d.release()
	return hedging(d)
}

func hedging(d *doc) float64 {
	sc := [1]phraseScan{{ps: hedges, skip: aboutCustomer}}
	scan(d, sc[:])
	return sc[0].score()
}

// aboutCustomer reports whether the hedge at words [start, end) is the
// customer's doubt, not the AI's: "if you're not sure which size", "unless
// you are unsure", or a softener about what the customer saw ("not sure if
// you saw, the sale ends Friday").
func aboutCustomer(d *doc, start, end int) bool {
	w := d.words
	if w[start] == "not" || w[start] == "unsure" {
		if start >= 1 && w[start-1] == "you" || start >= 2 && w[start-1] == "are" && w[start-2] == "you" {
			return true
		}
	}
	if end < 1 || end+1 >= len(w) || w[end-1] != "if" && w[end-1] != "whether" || w[end] != "you" {
		return false
	}
	return noticeVerbs.has(w[end+1])
}

// noticeVerbs are what the customer may have seen or known: "not sure if
// you saw", "not sure whether you noticed".
var noticeVerbs = newStrSet("saw", "noticed", "know", "knew", "remember", "heard", "caught", "realised",
	"realized", "got", "received", "have", "had", "were", "are", "spotted", "tried")

// MessageUncertainty is how unsure one AI reply is, in [0,1]:
// 1 − confidence·(1 − hedging), where a missing confidence counts as 1 so that
// only the hedging in the text speaks.
func MessageUncertainty(m *handoff.Message) float64 {
	if m == nil {
		return 0
	}
	return messageUncertainty(m, Hedging(m.Text))
}

// messageUncertainty is MessageUncertainty of m given the hedging of its text.
func messageUncertainty(m *handoff.Message, hedging float64) float64 {
	conf := uncertaintyDefaultConfidence
	if m.Confidence != nil {
		conf = clamp01(*m.Confidence)
	}
	return clamp01(1 - conf*(1-hedging))
}

// Uncertainty returns the uncertainty of the most recent AI message in
// history and of the AI message before it (0 where there is none).
func Uncertainty(history []*handoff.Message) (last, prev float64) {
	found := 0
	for i := len(history) - 1; i >= 0 && found < 2; i-- {
		m := history[i]
		if m == nil || m.Role != handoff.RoleAI {
			continue
		}
		u := MessageUncertainty(m)
		if found == 0 {
			last = u
		} else {
			prev = u
		}
		found++
	}
	return last, prev
}

// hedges are the phrases of an unsure or unable AI reply.
var hedges = compilePhrases([]lexeme{
	{"i can not help|assist|answer|process|access|check|verify|confirm|change|issue|provide|handle|resolve;i can not do that|this;i am not able to help|assist|answer|process|access|check|verify|confirm|change|issue|provide|handle|resolve;i am unable to help|assist|answer|process|access|check|verify|confirm|change|issue|provide|handle|resolve", strengthDecisive},
	{"i am unable to;i am not able to;i am not allowed|authorized|authorised|permitted to;not something i can|am;beyond|outside my;outside of my;i do not have the ability|permission|authority|tools", strengthDecisive},
	{"i do not have access|information|details|enough|visibility|permission|that|any|those;i have no access|information|way|visibility|record|records|details", strengthDecisive},
	{"i do not know;i am not sure|certain;i am unsure;not sure|certain if|whether|about|what|how|that|why|when|where;" +
		"i am honestly|really|genuinely|truly|simply|just|still not sure|certain;i can not be sure|certain;hard|difficult to say;no idea;" +
		"i am not entirely|completely|totally|quite|fully|really|absolutely|100|too|that|so|exactly sure|certain|positive|clear;" +
		"i am not in a position to;unclear to me;not clear to me;i really|honestly|truly|just|simply? can|could not tell|say which|what|whether|if|who|when|where|how;" +
		"i really|honestly|truly|just|simply? can|could not tell|say you? that|this", strengthDecisive},
	// Information the AI says it lacks or cannot vouch for: "I don't have
	// reliable information about that", "I can't say with confidence",
	// "that's outside what I can check".
	{"i do not have reliable|accurate|current|specific|detailed|exact|precise|confirmed|official|further|more|clear|definitive|verified|solid|enough|much|up|any ** information|info|details|data|visibility|insight|knowledge|answer;" +
		"i have not got reliable|accurate|current|specific|detailed|exact|precise|confirmed|official|further|more|clear|definitive|verified|solid|enough|much|up|any ** information|info|details|data|visibility|insight|knowledge|answer;" +
		"i really|honestly|truly|still|just? can|could not say|tell|confirm|promise ** confidence|certain|certainty|sure|definitely|definitively;" +
		"i can|could not give|offer|provide you? a|an|any definite|definitive|clear|straight|certain|reliable|firm|accurate|confident answer|answers;" +
		"outside|beyond what i can|could|know;outside|beyond what i am able|allowed;outside|beyond what i have access;not something i have|know;my information|info|knowledge may|might|could be out|outdated|incomplete", strengthDecisive},
	// Sources the AI has that are incomplete or silent: "the spec sheet I
	// have is incomplete", "my records don't show the dimensions", "I
	// haven't been able to confirm it", "I don't have the specifics".
	{"sheet|information|info|details|data|records|manual|documentation|docs|listing|notes|page|description|specs|spec|specification|specifications|guide|catalogue|catalog|sources|documents|knowledge i|we have|ve|can|got ** is|are|seems|seem|looks|look|was|were|may|might incomplete|limited|partial|patchy|sparse|unclear|vague|outdated|silent;" +
		"my|our information|info|knowledge|records|data|details|notes|system ** is|are|may|might|could be? incomplete|limited|partial|outdated|out;" +
		"i have|has|have|was|were not been? able to confirm|verify|check|find|locate|access|get|see|reach;i have|has been unable to confirm|verify|check|find|locate|access|get|see|reach;" +
		"i do not have the|any specifics|particulars|specs|figures|dimensions|measurements|exact|full|complete|latest|relevant|specific;" +
		"i do not have the|any * specifics|particulars|specs|specifications|figures|dimensions|measurements|ratings|compatibility;" +
		"my|our records|system|notes|information|details|data do|does not show|list|include|mention|say|cover|have|specify;" +
		"i|we have|ve|got do|does not say|list|mention|cover|include|specify|show|state|give|tell;i|we can see do|does not say|list|mention|cover|include|specify|show|state|give|tell;" +
		"is|are not covered|included|mentioned|listed|specified in the|my|our|what information|info|details|data|documents|records|notes|sources|materials|docs|i", strengthDecisive},
	{"in|from|within the|my information|info|data|documents|records|details|sources|materials|notes|docs i|we have|can|ve|got;" +
		"information|info|data|documents|records|details|sources|materials|notes|docs available to me;in what i can|have see|access|have;" +
		"could|can|did not find|locate|see ** in|on our|the|my faq|faqs|listing|listings|records|system|catalogue|catalog|database|information|info|documents|notes|details|docs|guide|manual", strengthStrong},
	{"could|can|did not find anything|nothing;could|can|did not find any|much information|info|details|detail|mention|record|records on|about|regarding|for;" +
		"nothing i can find|see;nothing came|comes|turned up;i have no way to|of know|knowing|tell|telling|check|checking|confirm|confirming;" +
		"would rather not give|tell you the|a|an? wrong|incorrect|inaccurate|misleading;do not want to give|tell you the|a|an? wrong|incorrect|inaccurate|misleading;" +
		"hate to give|tell you the|a|an? wrong|incorrect|inaccurate|misleading;not want to mislead|misinform;hate to mislead|misinform", strengthStrong},
	// The AI owning that its answer is a guess or may be wrong: "I'd only
	// be guessing", "I could be wrong", "that's just a guess"; not "I'm
	// guessing you mean the blue one".
	{"i would|will only|just|simply|really? be guessing;i am|was only|just|simply guessing;i can|could only guess;" +
		"that is only|just|purely? a guess;that would only|just|purely? be a guess;at best a guess;" +
		"i could|might|may be wrong|mistaken", strengthStrong},
	{"no mention|record|records|trace of", strengthModerate},
	{"may or may not;might or might not;could or could not;may|might not be accurate|right|correct", strengthModerate},
	{"i can|could not guarantee|promise", strengthMild},
	{"i could|can|did not find|locate|see;i was unable to find|locate;i was not able to find|locate;i do not see any|your|a|an|that", strengthModerate},
	{"i do|did not understand;i did not quite;i did not get|catch that|what;i am not following;could|can you rephrase|clarify;please rephrase;what do you mean", strengthStrong},
	{"you may|might|could want to contact|reach|call|speak|email|get;please contact|reach|call|email our|the|us|customer|support;reach out to our|the|customer|support;contact our|the support|team|customer|service|staff|agents", strengthStrong},
	{"pass|forward|escalate|transfer|connect|hand you|this|it|your ** to a|an|our|the human|agent|colleague|team|member|specialist|person|representative;let me get a|an human|agent|colleague|person", strengthStrong},
	{"i would recommend|suggest contacting|reaching|calling|speaking;recommend|suggest contacting|reaching|calling|speaking;best to contact|ask|check with;check with our|the|your", strengthModerate},
	{"i apologize|apologise ** can|could|do|am not;i apologize|apologise ** unable;sorry ** can|could not;sorry ** unable;sorry ** not able;unfortunately i|we|that|this;i am afraid", strengthModerate},
	{"as an ai;i am just|only an? ai|bot|assistant|virtual|language|automated", strengthModerate},
	{"it depends;depending on;it varies;may vary;not always;i believe;i think;i guess;it seems|appears;seems like;probably|possibly|perhaps|presumably|likely|unclear", strengthFaint},
	{"might|maybe;may be;could be", strengthFaint},
})
