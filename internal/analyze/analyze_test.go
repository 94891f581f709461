package analyze_test

import (
	"math"
	"reflect"
	"slices"
	"sync"
	"testing"

	"github.com/handoffhq/handoff"
	"github.com/handoffhq/handoff/internal/analyze"
	"github.com/handoffhq/handoff/internal/vader"
)

func customer(text string) *handoff.Message {
	return &handoff.Message{Role: handoff.RoleCustomer, Text: text}
}

func ai(text string, conf *float64) *handoff.Message {
	return &handoff.Message{Role: handoff.RoleAI, Text: text, Confidence: conf}
}

// conversation is a customer getting angrier while the AI hedges.
func conversation() []*handoff.Message {
	return []*handoff.Message{
		customer("Hi, thanks for the help last time! Where is my order 55120?"),
		ai("Your order ships tomorrow.", ptr(0.9)),
		customer("It said that yesterday too. Where is my order?"),
		{Role: handoff.RoleSystem, Text: "Conversation reopened"},
		ai("I'm not sure, I don't have access to the courier's tracking.", ptr(0.6)),
		customer("This is ridiculous, I've asked three times. Where is my order??"),
	}
}

func TestAnalyzeConversation(t *testing.T) {
	t.Parallel()
	all := conversation()
	history, msg := all[:len(all)-1], all[len(all)-1]
	s := analyze.New(analyze.Config{}).Analyze(history, msg)

	sent := []float64{vader.Compound(all[0].Text), vader.Compound(all[2].Text), vader.Compound(msg.Text)}
	near := func(name string, got, want float64) {
		t.Helper()
		if math.Abs(got-want) > 1e-9 {
			t.Errorf("%s = %.4f, want %.4f", name, got, want)
		}
	}
	near("sentiment", s.Sentiment, sent[2])
	near("sentiment_avg", s.SentimentAvg, (sent[0]+sent[1]+sent[2])/3)
	near("sentiment_trend", s.SentimentTrend, (sent[2]-sent[0])/2)
	if s.SentimentTrend >= 0 {
		t.Errorf("sentiment_trend = %.3f, want negative for a customer getting angrier", s.SentimentTrend)
	}
	lastAI := 1 - 0.6*(1-analyze.Hedging(all[4].Text))
	near("uncertainty", s.Uncertainty, lastAI)
	near("uncertainty_prev", s.UncertaintyPrev, 0.1)
	if s.Uncertainty < 0.7 {
		t.Errorf("uncertainty = %.3f, want ≥ 0.7 for a hedging reply", s.Uncertainty)
	}
	if s.MessageCount != 3 || s.TurnCount != 5 {
		t.Errorf("message_count, turn_count = %d, %d; want 3, 5 (the system notice does not count)", s.MessageCount, s.TurnCount)
	}
	if s.Repetition < 0.8 {
		t.Errorf("repetition = %.3f, want ≥ 0.8 for the third \"where is my order\"", s.Repetition)
	}
	if s.NegativeTone < 0.5 || s.RequestHuman {
		t.Errorf("negative_tone = %.2f, request_human = %v; want an angry message that does not ask for a person", s.NegativeTone, s.RequestHuman)
	}
	if s.Keywords == nil || len(s.Keywords) != 0 {
		t.Errorf("keywords = %#v, want an empty list without configured keywords", s.Keywords)
	}
	if s.EscalationScore != analyze.EscalationScore(s) {
		t.Errorf("escalation_score = %.3f, want EscalationScore(signals) = %.3f", s.EscalationScore, analyze.EscalationScore(s))
	}
}

func TestAnalyzeFirstMessage(t *testing.T) {
	t.Parallel()
	s := analyze.New(analyze.Config{}).Analyze(nil, customer("hi, what are your opening hours?"))
	if s.MessageCount != 1 || s.TurnCount != 1 {
		t.Errorf("message_count, turn_count = %d, %d; want 1, 1", s.MessageCount, s.TurnCount)
	}
	if s.SentimentTrend != 0 || s.SentimentAvg != s.Sentiment {
		t.Errorf("with one message sentiment_trend = %.3f (want 0) and sentiment_avg = %.3f (want %.3f)", s.SentimentTrend, s.SentimentAvg, s.Sentiment)
	}
	if s.Repetition != 0 || s.Uncertainty != 0 || s.UncertaintyPrev != 0 {
		t.Errorf("repetition, uncertainty, uncertainty_prev = %.2f, %.2f, %.2f; want 0 with no history", s.Repetition, s.Uncertainty, s.UncertaintyPrev)
	}
	if s.EscalationScore > 0.1 {
		t.Errorf("escalation_score = %.2f for a routine question, want ≤ 0.1", s.EscalationScore)
	}
}

func TestAnalyzeNil(t *testing.T) {
	t.Parallel()
	s := analyze.New(analyze.Config{Keywords: []string{"refund"}}).Analyze([]*handoff.Message{nil, customer("hello")}, nil)
	if s.MessageCount != 2 || s.TurnCount != 2 || s.RequestHuman || len(s.Keywords) != 0 {
		t.Errorf("Analyze with a nil message = %+v, want counts 2, 2 and nothing detected", s)
	}
}

// scoreCase is a text and the range a score of it must fall in.
type scoreCase struct {
	text     string
	min, max float64
}

// checkScores checks that score puts each text in its range.
func checkScores(t *testing.T, name string, score func(string) float64, tests []scoreCase) {
	t.Helper()
	for _, tt := range tests {
		if got := score(tt.text); got < tt.min || got > tt.max {
			t.Errorf("%s(%q) = %.2f, want in [%.2f, %.2f]", name, tt.text, got, tt.min, tt.max)
		}
	}
}

// repetitionCase is a message after earlier customer messages (each answered by the AI) and the
// range its repetition must fall in.
type repetitionCase struct {
	earlier  []string
	msg      string
	min, max float64
}

// checkRepetition analyses each case and checks its repetition.
func checkRepetition(t *testing.T, tests []repetitionCase) {
	t.Helper()
	a := analyze.New(analyze.Config{})
	for _, tt := range tests {
		var history []*handoff.Message
		for _, e := range tt.earlier {
			history = append(history, customer(e), ai("Let me check that for you.", ptr(0.9)))
		}
		if got := a.Analyze(history, customer(tt.msg)).Repetition; got < tt.min || got > tt.max {
			t.Errorf("repetition of %q after %q = %.2f, want in [%.2f, %.2f]", tt.msg, tt.earlier, got, tt.min, tt.max)
		}
	}
}

func TestRepetitionAcrossTurns(t *testing.T) {
	t.Parallel()
	tests := []repetitionCase{
		{[]string{"where is my order"}, "where is my order??", 0.9, 1},
		{[]string{"where is my order", "can I pay by card"}, "can I pay by card", 1, 1},
		{[]string{"I still haven't received my refund"}, "still no refund received, nothing", 0.5, 1},
		{[]string{"do you ship to canada"}, "where is my order", 0, 0.3},
		{nil, "where is my order", 0, 0},
	}
	checkRepetition(t, tests)
}

// TestRepetitionMarkers checks that a customer who says they are repeating
// themselves counts as repeating even in new words, and that repeated
// failures, polite checks and a first message do not.
func TestRepetitionMarkers(t *testing.T) {
	t.Parallel()
	tests := []repetitionCase{
		{[]string{"do you have the green jumper in a medium?"}, "fourth time asking: medium, green, in stock or not?", 0.8, 1},
		{[]string{"when does the sale end?"}, "I've asked this twice already. Last day of the sale?", 0.8, 1},
		{[]string{"how do I change my delivery slot?"}, "you keep sending me the same link and it doesn't let me pick a day", 0.8, 1},
		{[]string{"my parcel never came"}, "how many times do I have to explain that nothing was delivered", 0.8, 1},
		{[]string{"what's the returns address?"}, "For the third time, where do I send it back to", 0.8, 1},
		{[]string{"is the tent waterproof?"}, "I'm repeating myself here. Will it keep the rain out or not", 0.8, 1},
		{[]string{"can I pay in instalments?", "is there a payment plan"}, "not the first time I've asked. Klarna, yes or no?", 0.8, 1},
		{[]string{"is the tent waterproof?"}, "as I said, I need it for a festival. does rain get in?", 0.5, 0.79},

		{[]string{"can I change the address?"}, "I'm asking YOU how to change it. This is going round in circles", 0.8, 1},
		{[]string{"is it in stock?"}, "we are going around in circles here", 0.8, 1},
		{[]string{"do you ship to Malta?"}, "I feel like a broken record", 0.8, 1},
		{[]string{"when is size 8 back?"}, "omg can anyone actually answer a simple question. WHEN", 0.8, 1},
		{[]string{"does it come in blue?"}, "can you just answer the question please", 0.8, 1},
		{[]string{"is it dairy free?"}, "it's a simple question and nobody answers it", 0.8, 1},
		{[]string{"can I move my class?"}, "That's the second time I've asked. Can you do it or not?", 0.8, 1},
		{[]string{"is it waterproof?"}, "IS IT WATERPROOF. yes or no. third time asking", 0.8, 1},
		{[]string{"I need a VAT invoice"}, "Not a summary. I've now said this three times, it's not complicated", 0.8, 1},
		{[]string{"which courier is it?"}, "I've told you 3 times already, it's order 4411", 0.8, 1},
		{[]string{"where is my refund?"}, "this is the third time I'm contacting you about this", 0.8, 1},
		{[]string{"do you price match?"}, "you didn't answer my question", 0.5, 0.79},
		{[]string{"can I swap the colour?"}, "we're getting nowhere", 0.5, 0.79},
		{[]string{"how do I get last year's invoices?"}, "I TOLD you, history only shows 3 months", 0.8, 1},
		{[]string{"how do I get last year's invoices?"}, "i told u!! it only goes back 3 months", 0.8, 1},
		{[]string{"can I change my email?"}, "Once more: I need to change my email address", 0.5, 1},
		{[]string{"how do I get last year's invoices?"}, "Again: how do I get the old ones?", 0.5, 1},
		{[]string{"can I move my slot?"}, "asked this yesterday and got the same reply, not impressed", 0.8, 1},
		{[]string{"where is my parcel?"}, "I keep getting the same answer from you", 0.8, 1},
		{[]string{"can I move my slot?"}, "I'm fed up with repeating myself", 0.8, 1},
		{[]string{"when will it ship?"}, "that's the third time I've asked between email and here", 0.8, 1},
		{[]string{"when will it ship?"}, "I mentioned it last week to your colleague, still no date", 0.5, 1},
		{[]string{"when will order #FL-6621 ship?"}, "You said 2 working days last Monday. When will #FL-6621 actually ship? This is getting old.", 0.8, 1},
		{[]string{"can u send me the tracking link", "#IG-3390"}, "that's not what I asked. I asked for the TRACKING LINK. for the 2nd time. send the link", 0.8, 1},
		{[]string{"how do I download my March invoice?", "March isn't listed there"}, "I just told you March isn't there. For the third time, where is my March invoice?", 0.8, 1},
		{[]string{"can I swap the colour?"}, "that's not what I asked", 0.5, 1},
		{[]string{"can I swap the colour?"}, "this is getting really old now", 0.5, 1},
		{[]string{"what's the order number?"}, "I literally just told you the order number", 0.5, 1},
		{[]string{"which one did you order?"}, "as I just said, it's the blue one", 0.5, 1},
		{[]string{"can I pay later?"}, "did you even read my message?", 0.5, 1},
		{[]string{"do you ship to Malta?"}, "read what I wrote, Malta", 0.5, 1},
		{[]string{"is it in stock?"}, "you're not listening", 0.5, 1},
		{[]string{"when is it back?"}, "this is the same thing you said before", 0.5, 1},
		{[]string{"what's my postcode?"}, "you asked me that already", 0.5, 1},
		{[]string{"which day?"}, "that's not what I said, I said Tuesday", 0.5, 1},

		{[]string{"Can you send me the invoice for booking RM-11802?"}, "Still nothing. I asked for the invoice for RM-11802. I need it today and this is getting tiresome.", 0.8, 1},
		{[]string{"When will the clutch kit in order 47711 ship?"}, "'Soon' isn't an answer. When will order 47711 ship? I asked a simple question.", 0.8, 1},
		{[]string{"How do I freeze my membership for two months?", "There's no Freeze option there. How do I freeze my membership?"}, "I've told you, it's not there. For the third time: HOW do I freeze my membership?? This is going nowhere.", 0.8, 1},
		{[]string{"is it waterproof?"}, "I asked you a simple question", 0.8, 1},
		{[]string{"where's my refund?"}, "this is my third message about this", 0.8, 1},
		{[]string{"can I change the date?"}, "we've been over this already", 0.8, 1},
		{[]string{"where is it?"}, "how many more times?", 0.8, 1},
		{[]string{"when does it ship?"}, "Still no reply.", 0.5, 1},
		{[]string{"when does it ship?"}, "that's not an answer", 0.5, 1},
		{[]string{"which size?"}, "I've told you, it's the medium", 0.8, 1},
		{[]string{"did you get my email?"}, "yet again nobody replied", 0.5, 1},

		{[]string{"hi"}, "still nothing wrong with the first one, I just want a second", 0, 0.3},
		{[]string{"hi"}, "is there an answer key with the workbook?", 0, 0.3},
		{[]string{"hi"}, "I've told you everything I know in the form", 0, 0.3},
		{[]string{"hi"}, "this is my third order from you, love the quality", 0, 0.3},
		{[]string{"hi"}, "can you answer a question about sizes?", 0, 0.3},
		{[]string{"hi"}, "I have a simple question about delivery", 0, 0.3},
		{[]string{"is the harness adjustable?"}, "the dog keeps running round in circles when he wears it", 0, 0.3},
		{[]string{"when do you open?"}, "I said it before ordering that I'd need it by Friday", 0, 0.5},
		{[]string{"how long to Cork?"}, "sorry, one more time: 3 to 5 days for Kerry too?", 0, 0.79},
		{[]string{"hi, quick question"}, "this is the third time my parcel has been late", 0, 0.5},
		{[]string{"hi, quick question"}, "for the second time this month the driver left it outside", 0, 0.5},
		{[]string{"hi"}, "I ordered from you three times last year and loved it", 0, 0.5},
		{[]string{"the code didn't work"}, "ok can you try again? maybe I typed it wrong", 0, 0.79},
		{[]string{"hi"}, "I told you about this shop, my sister said", 0, 0.5},
		{[]string{"hi"}, "I'd like to order again. Same size as before", 0, 0.5},
		{[]string{"the link expired"}, "ok it worked again, thanks", 0, 0.5},
		{[]string{"hi"}, "once more thanks, that sorted it", 0, 0.5},
		{[]string{"hi"}, "I got the same jumper in blue last year", 0, 0.5},
		{[]string{"hi"}, "That's not what I ordered, I asked for a blue one", 0, 0.3},
		{[]string{"hi"}, "This is not what I asked for, it's the wrong colour", 0, 0.3},
		{[]string{"hi"}, "the hat is getting old and faded", 0, 0.3},
		{[]string{"hi"}, "my dog is getting old so I need a softer bed", 0, 0.3},
		{[]string{"hi"}, "I just told my husband it would arrive today", 0, 0.3},
		{[]string{"hi"}, "that is not what i was expecting but it looks great", 0, 0.3},
		{[]string{"hi"}, "you're not reading my mind lol, I want the red one", 0, 0.3},
		{nil, "3rd time asking about my refund, nobody answers emails", 0, 0},
		{nil, "This is getting old. Where is my order?", 0, 0},
		{[]string{"hi"}, "you said last time that sizes run small, so I'll take a 12", 0, 0.79},
	}
	checkRepetition(t, tests)
}

func TestKeywords(t *testing.T) {
	t.Parallel()
	a := analyze.New(analyze.Config{Keywords: []string{"Refund", "charge back", "  CANCEL   my account ", "refund", "", "café", "don't"}})
	if got, want := a.Keywords(), []string{"refund", "charge back", "cancel my account", "café", "don't"}; !slices.Equal(got, want) {
		t.Fatalf("Keywords() = %q, want %q", got, want)
	}
	tests := []struct {
		text string
		want []string
	}{
		{"I want a REFUND", []string{"refund"}},
		{"I was refunded already", []string{}},
		{"non-refundable?", []string{}},
		{"I'll do a charge back", []string{"charge back"}},
		{"I'll do a charge-back", []string{"charge back"}},
		{"I'll do a chargeback", []string{}},
		{"charge. Back to my question", []string{}},
		{"Please cancel my account and refund me", []string{"refund", "cancel my account"}},
		{"refund refund refund", []string{"refund"}},
		{"meet me at the Cafe", []string{"café"}},
		{"dont do that", []string{"don't"}},
		{"", []string{}},
	}
	for _, tt := range tests {
		got := a.Analyze(nil, customer(tt.text)).Keywords
		if got == nil || !slices.Equal(got, tt.want) {
			t.Errorf("keywords of %q = %#v, want %#v", tt.text, got, tt.want)
		}
	}
}

func TestEscalationScore(t *testing.T) {
	t.Parallel()
	a := analyze.New(analyze.Config{})
	score := func(text string) float64 { return a.Analyze(nil, customer(text)).EscalationScore }
	tests := []struct {
		more, less string
	}{
		{"let me talk to a real person", "what are your opening hours?"},
		{"this is the worst service ever, you charged me twice", "you charged me twice"},
		{"my account was hacked and someone used my card", "can I change my password?"},
	}
	for _, tt := range tests {
		if more, less := score(tt.more), score(tt.less); more <= less {
			t.Errorf("escalation_score(%q) = %.2f is not above escalation_score(%q) = %.2f", tt.more, more, tt.less, less)
		}
	}
	if got := score("let me talk to a real person"); got < 0.8 {
		t.Errorf("an explicit request for a person scores %.2f, want ≥ 0.8", got)
	}
	full := handoff.Signals{RequestHuman: true, RequestHumanConfidence: 1, NegativeTone: 1, Complexity: 1,
		Uncertainty: 1, Repetition: 1, SentimentTrend: -2, Keywords: []string{"x"}}
	if got := analyze.EscalationScore(full); got < 0.99 || got > 1 {
		t.Errorf("EscalationScore at every maximum = %.3f, want 1", got)
	}
	if got := analyze.EscalationScore(handoff.Signals{Keywords: []string{}}); got != 0 {
		t.Errorf("EscalationScore of nothing = %.3f, want 0", got)
	}
}

func TestAnalyzeDeterministic(t *testing.T) {
	t.Parallel()
	a := analyze.New(analyze.Config{Keywords: []string{"refund", "order"}})
	all := conversation()
	history, msg := all[:len(all)-1], all[len(all)-1]
	want := a.Analyze(history, msg)
	var wg sync.WaitGroup
	results := make([]handoff.Signals, 8)
	for i := range results {
		wg.Go(func() { results[i] = a.Analyze(history, msg) })
	}
	wg.Wait()
	for i, got := range results {
		if !reflect.DeepEqual(got, want) {
			t.Errorf("run %d = %+v, want %+v", i, got, want)
		}
	}
}

func checkSignals(tb testing.TB, s handoff.Signals) {
	tb.Helper()
	in := func(name string, v, lo, hi float64) {
		tb.Helper()
		if math.IsNaN(v) || math.IsInf(v, 0) || v < lo || v > hi {
			tb.Errorf("%s = %v, want in [%v, %v]", name, v, lo, hi)
		}
	}
	in("sentiment", s.Sentiment, -1, 1)
	in("sentiment_avg", s.SentimentAvg, -1, 1)
	in("sentiment_trend", s.SentimentTrend, -2, 2)
	in("request_human_confidence", s.RequestHumanConfidence, 0, 1)
	in("negative_tone", s.NegativeTone, 0, 1)
	in("complexity", s.Complexity, 0, 1)
	in("uncertainty", s.Uncertainty, 0, 1)
	in("uncertainty_prev", s.UncertaintyPrev, 0, 1)
	in("repetition", s.Repetition, 0, 1)
	in("escalation_score", s.EscalationScore, 0, 1)
	if s.MessageCount < 1 || s.TurnCount < s.MessageCount || s.Keywords == nil {
		tb.Errorf("message_count %d, turn_count %d, keywords %#v", s.MessageCount, s.TurnCount, s.Keywords)
	}
}

func FuzzAnalyze(f *testing.F) {
	f.Add("where is my order??", "where is my order", "I'm not sure.", 0.4)
	f.Add("TALK TO A HUMAN NOW!!! 😡", "hi", "Sure!", 1.0)
	f.Add("no necesito un agente, pas besoin d'un conseiller", "", "", -3.0)
	f.Add("", "", "", math.NaN())
	f.Add("#1 #2 #3\n1. a\n2) b\n- c", "l'agent n'a pas répondu", "I don't know", 2.0)
	f.Add("\xff\xfe don't can't won't ß ÄÖÜ", "???!!!", "may be", 0.0)
	a := analyze.New(analyze.Config{Keywords: []string{"refund", "charge back"}})
	f.Fuzz(func(t *testing.T, msg, prev, reply string, conf float64) {
		history := []*handoff.Message{customer(prev), ai(reply, &conf), ai(reply, nil), customer(msg + prev)}
		s := a.Analyze(history, customer(msg))
		checkSignals(t, s)
		if again := a.Analyze(history, customer(msg)); !reflect.DeepEqual(again, s) {
			t.Errorf("Analyze is not deterministic: %+v then %+v", s, again)
		}
	})
}
