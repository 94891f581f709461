package kb

import (
	"context"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/handoffhq/handoff"
)

var _ handoff.Responder = (*Base)(nil)

// Confidence thresholds for the reply wording.
const (
	// HedgeBelow is the confidence under which the answer is offered with a hedge.
	HedgeBelow = 0.5
	// DeclineBelow is the confidence under which no answer is offered, only a person.
	DeclineBelow = 0.25
	// SmallTalkConfidence is the confidence of a reply to a greeting or thanks.
	SmallTalkConfidence = 0.9
)

// Fixed reply texts. The hedges are phrased so the analyzer's uncertainty signal recognises them.
const (
	hedgeIntro   = "I'm not sure I have the right answer for that. Here's what I found:"
	hedgeOutro   = "If that doesn't help, I can bring in a person from our team."
	declineText  = "I'm not sure I can help with that one — I can bring in a member of our team."
	thanksText   = "You're welcome! Is there anything else I can help you with?"
	greetingText = "Hello! How can I help you today?"
)

// shortQuery is the number of terms below which a message is read together with the customer's previous one.
const shortQuery = 3

// contextWeight is the query weight of terms borrowed from the previous customer message.
const contextWeight = 0.5

// Reply answers the last customer message in history from the FAQ.
// A short follow-up ("and for Germany?") is also read together with the
// customer's previous question: the follow-up's own words choose the candidate
// entries, the previous question's words (at half weight) help rank them, and
// the reading with the higher confidence wins.
// Greetings and thanks get a short friendly reply. It returns EINVALID when
// history holds no customer message; it never returns EUNAVAILABLE.
func (base *Base) Reply(ctx context.Context, conv *handoff.Conversation, history []*handoff.Message) (*handoff.Reply, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	last := -1
	for i := len(history) - 1; i >= 0; i-- {
		if history[i] != nil && history[i].Role == handoff.RoleCustomer {
			last = i
			break
		}
	}
	if last < 0 {
		return nil, handoff.Errorf(handoff.EINVALID, "kb: no customer message to answer")
	}
	text := history[last].Text

	switch smallTalk(text) {
	case talkThanks:
		return &handoff.Reply{Text: thanksText, Confidence: SmallTalkConfidence}, nil
	case talkGreeting:
		return &handoff.Reply{Text: base.greeting(), Confidence: SmallTalkConfidence}, nil
	}

	own := terms(text)
	q := weigh(own, 1, nil)
	r := base.rank(q, nil)
	if len(own) > 0 && len(own) < shortQuery {
		if prev := previousQuestion(history[:last]); len(prev) > 0 {
			// The follow-up's own words pick the candidates; the earlier question only ranks them.
			if rc := base.rank(weigh(prev, contextWeight, q), base.containing(own)); rc.confidence > r.confidence {
				r = rc
			}
		}
	}
	return base.compose(r), nil
}

// previousQuestion returns the terms of the most recent earlier customer message that has any, looking back three messages.
func previousQuestion(history []*handoff.Message) []string {
	seen := 0
	for i := len(history) - 1; i >= 0 && seen < 3; i-- {
		m := history[i]
		if m == nil || m.Role != handoff.RoleCustomer {
			continue
		}
		seen++
		if smallTalk(m.Text) != talkNone {
			continue
		}
		if ts := terms(m.Text); len(ts) > 0 {
			return ts
		}
	}
	return nil
}

// compose words the reply for a ranking according to its confidence.
func (base *Base) compose(r ranking) *handoff.Reply {
	c := round3(r.confidence)
	if len(r.hits) == 0 || c < DeclineBelow {
		return &handoff.Reply{Text: declineText, Confidence: c}
	}
	top := base.entries[r.hits[0].doc]
	reply := &handoff.Reply{Text: top.Answer, Confidence: c, Sources: []string{top.Question}}
	if c < HedgeBelow {
		reply.Text = hedgeIntro + "\n\n" + top.Answer + "\n\n" + hedgeOutro
	}
	return reply
}

func round3(x float64) float64 { return float64(int(x*1000+0.5)) / 1000 }

// greeting welcomes the customer and names what the FAQ covers.
func (base *Base) greeting() string {
	if len(base.sections) == 0 {
		return greetingText
	}
	names := make([]string, len(base.sections))
	for i, s := range base.sections {
		names[i] = lowerFirst(s)
	}
	list := names[0]
	if n := len(names); n > 1 {
		list = strings.Join(names[:n-1], ", ") + " or " + names[n-1]
		if n > 2 {
			list = strings.Join(names[:n-1], ", ") + ", or " + names[n-1]
		}
	}
	return greetingText + " You can ask me about " + list + "."
}

// lowerFirst lowercases the first letter of a section name unless it starts an acronym ("FAQ").
func lowerFirst(s string) string {
	r, size := utf8.DecodeRuneInString(s)
	next, _ := utf8.DecodeRuneInString(s[size:])
	if unicode.IsUpper(next) {
		return s
	}
	return string(unicode.ToLower(r)) + s[size:]
}

type talk int

const (
	talkNone talk = iota
	talkGreeting
	talkThanks
)

var (
	greetWords  = setOf("hi", "hello", "hey", "heya", "hiya", "howdy", "greetings", "morning", "afternoon", "evening", "yo", "hallo", "helo")
	thanksWords = setOf("thanks", "thank", "thx", "ty", "tysm", "thankyou", "cheers", "appreciated", "appreciate")
	// politeWords may surround a greeting or thanks without making it a question.
	politeWords = setOf(
		"there", "team", "all", "everyone", "folks", "guys", "again", "good", "ok", "okay",
		"you", "so", "much", "very", "a", "lot", "many", "for", "the", "your", "that", "thats",
		"it", "this", "help", "great", "perfect", "awesome", "cool", "brilliant", "lovely",
		"super", "nice", "wonderful", "kind", "really", "i", "got", "alright", "fine", "oh",
		"ah", "sure", "indeed", "mate", "friend", "and", "of", "big", "just",
	)
)

// smallTalk recognises a message that is only a greeting or only thanks ("hello there", "thanks so much!").
func smallTalk(text string) talk {
	ws := words(text)
	if len(ws) == 0 || len(ws) > 10 {
		return talkNone
	}
	greet, thanks := false, false
	for _, w := range ws {
		switch {
		case thanksWords[w]:
			thanks = true
		case greetWords[w]:
			greet = true
		case politeWords[w]:
		default:
			return talkNone
		}
	}
	switch {
	case thanks:
		return talkThanks
	case greet:
		return talkGreeting
	}
	return talkNone
}
