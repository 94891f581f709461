package kb_test

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"

	"github.com/handoffhq/handoff"
	"github.com/handoffhq/handoff/internal/kb"
)

// band is an inclusive confidence range.
type band struct{ lo, hi float64 }

var (
	clear    = band{0.8, 1}    // a clear FAQ hit
	answered = band{0.5, 1}    // answered without a hedge
	hedged   = band{0.25, 0.5} // answered with a hedge
	declined = band{0, 0.25}   // no answer, a person offered
	offTopic = band{0, 0.3}
)

func (b band) contains(c float64) bool { return c >= b.lo && c <= b.hi }

func customer(text string) *handoff.Message {
	return &handoff.Message{Role: handoff.RoleCustomer, Text: text}
}

func ai(text string) *handoff.Message {
	return &handoff.Message{Role: handoff.RoleAI, Text: text}
}

func conv() *handoff.Conversation {
	return &handoff.Conversation{ID: 1, Channel: handoff.ChannelWeb, State: handoff.StateAIActive}
}

// MustReply asks base to answer history and fails the test on error.
func MustReply(tb testing.TB, base *kb.Base, history ...*handoff.Message) *handoff.Reply {
	tb.Helper()
	r, err := base.Reply(context.Background(), conv(), history)
	if err != nil {
		tb.Fatalf("Reply: %v", err)
	}
	if r.Confidence < 0 || r.Confidence > 1 {
		tb.Fatalf("confidence %v outside [0,1]", r.Confidence)
	}
	return r
}

func TestReply_customerQuestions(t *testing.T) {
	t.Parallel()
	base := kb.Default()
	tests := []struct {
		question string
		want     string // the FAQ question that should answer it
		band     band
	}{
		{"How long does shipping take?", "How long does shipping take?", clear},
		{"hey, I was wondering how long shipping usually takes to arrive", "How long does shipping take?", clear},
		{"When will my order arrive?", "How long does shipping take?", clear},
		{"is shipping free?", "How much does shipping cost?", clear},
		{"how much is delivery", "How much does shipping cost?", answered},
		{"Do you deliver to the UK?", "Do you ship internationally?", clear},
		{"do you ship to germany", "Do you ship internationally?", answered},
		{"where is my order", "How can I track my order?", clear},
		{"my tracking link doesn't work", "How can I track my order?", clear},
		{"can I cancel my order", "Can I change or cancel my order?", clear},
		{"I need to change the address on my order", "Can I change or cancel my order?", clear},
		{"when will the blue hoodie be back in stock", "When will a sold-out item be back in stock?", clear},
		{"what's your return policy", "What is your return policy?", clear},
		{"how many days do i have to return a jacket", "What is your return policy?", clear},
		{"when do i get my refund", "When will I get my refund?", clear},
		{"I sent my return back 2 weeks ago and still haven't got my money", "When will I get my refund?", hedged},
		{"can I exchange for a bigger size", "Can I exchange an item for a different size or colour?", answered},
		{"my parcel arrived damaged", "My item arrived damaged or faulty. What should I do?", clear},
		{"you sent me the wrong item", "My item arrived damaged or faulty. What should I do?", answered},
		{"do you take paypal", "What payment methods do you accept?", clear},
		{"can i pay with klarna", "What payment methods do you accept?", clear},
		{"my discount code doesn't work!", "How do I use a discount code?", clear},
		{"where do I put my promo code", "How do I use a discount code?", clear},
		{"do you have gift cards", "Do you sell gift cards?", clear},
		{"what size should I get", "How do I find my size?", clear},
		{"how do I wash my fleece", "How should I care for my products?", clear},
		{"is there a warranty?", "Do your products have a warranty?", clear},
		{"I forgot my password", "How do I reset my password?", clear},
		{"can't log in", "How do I reset my password?", clear},
		{"do i need an account", "Do I need an account to place an order?", clear},
		{"what are your opening hours", "How can I contact you?", clear},
		{"What's your phone number?", "How can I contact you?", clear},
		{"do you have a store in boston", "Do you have a physical store?", clear},
		{"order", "Can I change or cancel my order?", hedged},
	}
	for _, tt := range tests {
		t.Run(tt.question, func(t *testing.T) {
			t.Parallel()
			r := MustReply(t, base, customer(tt.question))
			if len(r.Sources) == 0 || r.Sources[0] != tt.want {
				t.Fatalf("sources = %q, want %q first", r.Sources, tt.want)
			}
			if !tt.band.contains(r.Confidence) {
				t.Fatalf("confidence = %.3f, want in [%.2f, %.2f]", r.Confidence, tt.band.lo, tt.band.hi)
			}
			hedges := strings.Contains(r.Text, "I'm not sure")
			if want := r.Confidence < kb.HedgeBelow; hedges != want {
				t.Fatalf("hedge = %v at confidence %.3f, want %v; text: %s", hedges, r.Confidence, want, r.Text)
			}
			if !strings.Contains(r.Text, answerOf(t, base, tt.want)) {
				t.Fatalf("reply does not carry the answer of %q: %s", tt.want, r.Text)
			}
		})
	}
}

func answerOf(tb testing.TB, base *kb.Base, question string) string {
	tb.Helper()
	for _, e := range base.Entries() {
		if e.Question == question {
			return e.Answer
		}
	}
	tb.Fatalf("no entry %q", question)
	return ""
}

func TestReply_offTopic(t *testing.T) {
	t.Parallel()
	base := kb.Default()
	tests := []string{
		"can you write me a poem about cats",
		"what's the weather like tomorrow?",
		"who won the football game last night",
		"tell me a joke",
		"what is the meaning of life",
		"can you recommend a good restaurant",
		"asdfgh",
		"🙂",
	}
	for _, q := range tests {
		t.Run(q, func(t *testing.T) {
			t.Parallel()
			r := MustReply(t, base, customer(q))
			if !offTopic.contains(r.Confidence) {
				t.Fatalf("confidence = %.3f, want ≤ %.2f", r.Confidence, offTopic.hi)
			}
			if !strings.HasPrefix(r.Text, "I'm not sure") || !strings.Contains(r.Text, "team") {
				t.Fatalf("text does not hedge and offer a person: %s", r.Text)
			}
			if declined.contains(r.Confidence) && len(r.Sources) != 0 {
				t.Fatalf("declined reply cites sources %q", r.Sources)
			}
		})
	}
}

func TestReply_hedgeWording(t *testing.T) {
	t.Parallel()
	base := kb.Default()
	tests := []struct {
		question string
		band     band
		prefix   string
		suffix   string
	}{
		{"order", hedged, "I'm not sure I have the right answer for that. Here's what I found:", "If that doesn't help, I can bring in a person from our team."},
		{"can you write me a poem about cats", declined, "I'm not sure I can help with that one — I can bring in a member of our team.", "team."},
	}
	for _, tt := range tests {
		t.Run(tt.question, func(t *testing.T) {
			t.Parallel()
			r := MustReply(t, base, customer(tt.question))
			if !tt.band.contains(r.Confidence) {
				t.Fatalf("confidence = %.3f, want in [%.2f, %.2f]", r.Confidence, tt.band.lo, tt.band.hi)
			}
			if !strings.HasPrefix(r.Text, tt.prefix) || !strings.HasSuffix(r.Text, tt.suffix) {
				t.Fatalf("text = %q, want prefix %q and suffix %q", r.Text, tt.prefix, tt.suffix)
			}
		})
	}
}

func TestReply_smallTalk(t *testing.T) {
	t.Parallel()
	base := kb.Default()
	tests := []struct {
		message string
		prefix  string // "" means not small talk: an FAQ answer is expected
	}{
		{"hi", "Hello!"},
		{"Hello there", "Hello!"},
		{"hey team!", "Hello!"},
		{"Good morning :)", "Hello!"},
		{"thanks!", "You're welcome!"},
		{"Thank you so much", "You're welcome!"},
		{"ok great, thanks for the help", "You're welcome!"},
		{"cheers", "You're welcome!"},
		{"hi, how long does shipping take?", ""},
		{"thanks, but where is my order?", ""},
	}
	for _, tt := range tests {
		t.Run(tt.message, func(t *testing.T) {
			t.Parallel()
			r := MustReply(t, base, customer(tt.message))
			if tt.prefix == "" {
				if len(r.Sources) == 0 || strings.HasPrefix(r.Text, "Hello!") || strings.HasPrefix(r.Text, "You're welcome!") {
					t.Fatalf("treated a question as small talk: %+v", r)
				}
				return
			}
			if !strings.HasPrefix(r.Text, tt.prefix) || r.Confidence != kb.SmallTalkConfidence || len(r.Sources) != 0 {
				t.Fatalf("reply = %+v, want %q… at confidence %v without sources", r, tt.prefix, kb.SmallTalkConfidence)
			}
		})
	}
}

func TestReply_greetingNamesSections(t *testing.T) {
	t.Parallel()
	r := MustReply(t, kb.Default(), customer("hello"))
	for _, want := range []string{"shipping and delivery", "returns and refunds", "account and contact"} {
		if !strings.Contains(r.Text, want) {
			t.Errorf("greeting %q does not mention %q", r.Text, want)
		}
	}
	if strings.Contains(r.Text, "help centre") {
		t.Errorf("greeting %q names the title section, which has no questions", r.Text)
	}
}

func TestReply_history(t *testing.T) {
	t.Parallel()
	base := kb.Default()
	tests := []struct {
		name    string
		history []*handoff.Message
		want    string
		band    band
	}{
		{
			name: "short follow-up borrows the previous question",
			history: []*handoff.Message{
				customer("How much does shipping cost?"),
				ai("Standard shipping within the US is $4.95 …"),
				customer("and for Germany?"),
			},
			want: "Do you ship internationally?",
			band: answered,
		},
		{
			name: "answers the last customer message, not an earlier one",
			history: []*handoff.Message{
				customer("How much does shipping cost?"),
				ai("Standard shipping within the US is $4.95 …"),
				customer("ok and how do I reset my password?"),
			},
			want: "How do I reset my password?",
			band: clear,
		},
		{
			name: "a self-contained short question keeps its own topic",
			history: []*handoff.Message{
				customer("How long does shipping take?"),
				ai("Standard delivery takes 3–5 working days."),
				customer("refund?"),
			},
			want: "When will I get my refund?",
			band: clear,
		},
		{
			name: "AI and agent turns after the customer are ignored",
			history: []*handoff.Message{
				customer("do you accept apple pay"),
				ai("We accept Visa, Mastercard …"),
				{Role: handoff.RoleSystem, Text: "Sara joined"},
			},
			want: "What payment methods do you accept?",
			band: clear,
		},
		{
			name: "an attachment alone does not repeat the previous answer",
			history: []*handoff.Message{
				customer("How long does shipping take?"),
				ai("Standard delivery takes 3–5 working days."),
				{Role: handoff.RoleCustomer, Attachments: []handoff.Attachment{{Type: "image"}}},
			},
			want: "",
			band: declined,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			r := MustReply(t, base, tt.history...)
			if tt.want == "" {
				if len(r.Sources) != 0 {
					t.Fatalf("sources = %q, want none", r.Sources)
				}
			} else if len(r.Sources) == 0 || r.Sources[0] != tt.want {
				t.Fatalf("sources = %q, want %q first", r.Sources, tt.want)
			}
			if !tt.band.contains(r.Confidence) {
				t.Fatalf("confidence = %.3f, want in [%.2f, %.2f]", r.Confidence, tt.band.lo, tt.band.hi)
			}
		})
	}
}

func TestReply_errors(t *testing.T) {
	t.Parallel()
	base := kb.Default()
	cancelled, cancel := context.WithCancel(context.Background())
	cancel()
	tests := []struct {
		name    string
		ctx     context.Context
		history []*handoff.Message
		code    string
	}{
		{"empty history", context.Background(), nil, handoff.EINVALID},
		{"no customer message", context.Background(), []*handoff.Message{ai("Hello!"), nil}, handoff.EINVALID},
		{"cancelled context", cancelled, []*handoff.Message{customer("hi")}, handoff.EINTERNAL},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			r, err := base.Reply(tt.ctx, conv(), tt.history)
			if err == nil {
				t.Fatalf("Reply = %+v, want an error", r)
			}
			if got := handoff.ErrorCode(err); got != tt.code {
				t.Fatalf("code = %q, want %q (%v)", got, tt.code, err)
			}
		})
	}
}

func TestReply_concurrent(t *testing.T) {
	t.Parallel()
	base := kb.Default()
	questions := []string{"How long does shipping take?", "thanks!", "do you take paypal", "and for Germany?", "poem about cats"}
	want := make([]*handoff.Reply, len(questions))
	for i, q := range questions {
		want[i] = MustReply(t, base, customer("How much does shipping cost?"), customer(q))
	}
	var wg sync.WaitGroup
	errs := make(chan error, 8*len(questions))
	for g := range 8 {
		wg.Go(func() {
			for n := range 50 {
				i := (g + n) % len(questions)
				r, err := base.Reply(context.Background(), conv(), []*handoff.Message{customer("How much does shipping cost?"), customer(questions[i])})
				if err != nil {
					errs <- err
					return
				}
				if r.Text != want[i].Text || r.Confidence != want[i].Confidence {
					errs <- fmt.Errorf("%q: got %+v, want %+v", questions[i], r, want[i])
					return
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
}

func TestSearch(t *testing.T) {
	t.Parallel()
	base := kb.Default()
	tests := []struct {
		query string
		limit int
		want  []string
	}{
		{"gift card balance", 1, []string{"Do you sell gift cards?"}},
		{"track parcel", 2, []string{"How can I track my order?"}},
		{"poem", 5, nil},
	}
	for _, tt := range tests {
		t.Run(tt.query, func(t *testing.T) {
			t.Parallel()
			got := base.Search(tt.query, tt.limit)
			if len(got) > tt.limit {
				t.Fatalf("%d matches, limit %d", len(got), tt.limit)
			}
			if len(tt.want) == 0 {
				if len(got) != 0 {
					t.Fatalf("matches = %+v, want none", got)
				}
				return
			}
			if len(got) == 0 || got[0].Entry.Question != tt.want[0] {
				t.Fatalf("matches = %+v, want %q first", got, tt.want[0])
			}
			for i := 1; i < len(got); i++ {
				if got[i].Score > got[i-1].Score {
					t.Fatalf("matches not ordered by score: %+v", got)
				}
			}
		})
	}
}

func BenchmarkReply(b *testing.B) {
	base := kb.Default()
	histories := [][]*handoff.Message{
		{customer("hey, I was wondering how long shipping usually takes to arrive")},
		{customer("How much does shipping cost?"), ai("Standard shipping is $4.95."), customer("and for Germany?")},
		{customer("can you write me a poem about cats")},
		{customer("my parcel arrived damaged, the box was crushed and the mug inside is broken")},
	}
	ctx := context.Background()
	n := 0
	for b.Loop() {
		if _, err := base.Reply(ctx, conv(), histories[n%len(histories)]); err != nil {
			b.Fatal(err)
		}
		n++
	}
	b.ReportMetric(float64(n)/b.Elapsed().Seconds(), "replies/s")
}
