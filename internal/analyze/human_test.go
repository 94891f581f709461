package analyze_test

import (
	"encoding/csv"
	"os"
	"path/filepath"
	"testing"

	"github.com/handoffhq/handoff/internal/analyze"
)

func TestRequestHuman(t *testing.T) {
	t.Parallel()
	tests := []struct {
		text string
		want bool
	}{
		// Requests.
		{"talk to a human", true},
		{"real person please", true},
		{"Can I speak to an agent?", true},
		{"can I speak to a representative", true},
		{"I want to speak to your manager", true},
		{"are you a bot? I want someone real", true},
		{"let me talk to a real person", true},
		{"connect me with a live agent", true},
		{"put me through to a supervisor", true},
		{"transfer me to a human please", true},
		{"get me a human NOW", true},
		{"can I get a real person on the line", true},
		{"I need a real person", true},
		{"I'd like to speak with someone", true},
		{"is there a human I can talk to?", true},
		{"I asked for a human three times already", true},
		{"I don't want to talk to a bot, I want a human", true},
		{"i dont want a bot i want a human", true},
		{"I can't reach a human", true},
		{"I don't know how to contact an operator", true},
		{"HUMAN", true},
		{"operator", true},
		{"representative please", true},
		{"transfer me please", true},
		{"escalate this please", true},
		{"I want to see the manager", true},
		{"wanna talk to a goddamn person", true},
		{"i need to speak with a customer service rep", true},
		{"I'm trying to talk to somone", true},
		{"can you help me speak with an assistgant", true},
		{"I'd rather talk to a human", true},
		{"honestly I'd rather speak to someone who can see my account", true},
		// Not requests: negation.
		{"no need for a human", false},
		{"no need for a human, thanks", false},
		{"I don't want to talk to a person", false},
		{"don't transfer me", false},
		{"I'd rather not talk to a person", false},
		{"I'd rather email than talk to someone", false},
		{"I'm not asking for a human", false},
		{"no human please", false},
		// Not requests: questions about the bot and reports.
		{"are you a bot?", false},
		{"you're a bot? fine", false},
		{"is this a person?", false},
		{"am I talking to a real person?", false},
		{"are you a human or a bot?", false},
		{"the agent told me yesterday that it would ship", false},
		{"I talked to an agent yesterday and she said it was refunded", false},
		{"Is there anyone there?", false},
		// Not requests: other meanings of the nouns.
		{"my travel agents booked the wrong dates", false},
		{"I work in human resources", false},
		{"my insurance agent said it's covered", false},
		{"our real estate agent has the keys", false},
		{"you're better than a human", false},
		{"you talk like a real person", false},
		{"my agent number is 4432", false},
		{"can I collect in person?", false},
		{"who can I transfer money to?", false},
		{"if I send money to someone will I be charged extra for that?", false},
		{"I want to pay someone", false},
		{"Can you call me back?", false},
		{"someone stole my card", false},
		{"I need someone to check my order", false},
		{"I'm not angry, just asking", false},
		{"thanks, that's not bad at all", false},
		// Spanish, French, German, Portuguese, Italian.
		{"quiero hablar con una persona", true},
		{"¿Puedo hablar con un agente?", true},
		{"no necesito un agente", false},
		{"no quiero hablar con un bot, quiero una persona", true},
		{"je veux parler à un humain", true},
		{"passez-moi un conseiller s'il vous plaît", true},
		{"Je n'arrive pas à joindre un conseiller", true},
		{"pas besoin d'un conseiller", false},
		{"je ne veux pas parler à un humain", false},
		{"personne ne répond", false},
		{"ich möchte mit einem Menschen sprechen", true},
		{"verbinden Sie mich bitte mit einem Mitarbeiter", true},
		{"kein Mitarbeiter nötig", false},
		{"ich möchte nicht mit einem Menschen sprechen", false},
		{"quero falar com um atendente", true},
		{"posso falar com uma pessoa?", true},
		{"não preciso de um humano", false},
		{"voglio parlare con un operatore", true},
		{"vorrei parlare con una persona vera", true},
		{"non serve un operatore", false},
		{"mi serve un operatore", true},
	}
	for _, tt := range tests {
		got, conf := analyze.RequestHuman(tt.text)
		if got != tt.want {
			t.Errorf("RequestHuman(%q) = %v (confidence %.2f), want %v", tt.text, got, conf, tt.want)
		}
		if conf < 0 || conf > 1 || got != (conf >= 0.5) {
			t.Errorf("RequestHuman(%q) confidence %.2f does not fit %v", tt.text, conf, got)
		}
	}
}

// TestRequestHumanConfidence checks that clearer requests are more certain.
func TestRequestHumanConfidence(t *testing.T) {
	t.Parallel()
	tests := []struct {
		stronger, weaker string
	}{
		{"I want to talk to a human", "I want to talk to someone"},
		{"I want to talk to someone", "can I talk to customer service"},
		{"I want to talk to a human", "I want to talk to a humna"},
		{"talk to a human", "the agent told me"},
		{"the agent told me", "no need for a human"},
	}
	for _, tt := range tests {
		_, hi := analyze.RequestHuman(tt.stronger)
		_, lo := analyze.RequestHuman(tt.weaker)
		if hi <= lo {
			t.Errorf("confidence of %q (%.2f) is not above %q (%.2f)", tt.stronger, hi, tt.weaker, lo)
		}
	}
}

// TestRequestHumanContactDetails pins the product decision on "customer
// service": asking to speak to it is a request for a person, asking for its
// hours, number or email is not.
func TestRequestHumanContactDetails(t *testing.T) {
	t.Parallel()
	tests := []struct {
		text string
		want bool
	}{
		{"I need to speak with customer support", true},
		{"could you connect me with customer service", true},
		{"I have to get in touch with customer service", true},
		{"what hours can I contact customer service?", false},
		{"do you have a phone number to contact customer support?", false},
		{"what is your customer support email", false},
		{"I need support with my delivery address", false},
	}
	for _, tt := range tests {
		if got, conf := analyze.RequestHuman(tt.text); got != tt.want {
			t.Errorf("RequestHuman(%q) = %v (confidence %.2f), want %v", tt.text, got, conf, tt.want)
		}
	}
}

// TestRequestHumanIntents measures precision and recall on the labelled
// public data set in testdata/intents (see its README).
func TestRequestHumanIntents(t *testing.T) {
	t.Parallel()
	rows := readCSV(t, filepath.Join("..", "..", "testdata", "intents", "handoff-intents.csv"))
	var tp, fp, fn int
	var wrong []string
	for _, r := range rows {
		got, _ := analyze.RequestHuman(r[0])
		want := r[1] == "request_human"
		switch {
		case got && want:
			tp++
		case got:
			fp++
			wrong = append(wrong, "false positive: "+r[0])
		case want:
			fn++
			wrong = append(wrong, "false negative: "+r[0])
		}
	}
	precision := float64(tp) / float64(tp+fp)
	recall := float64(tp) / float64(tp+fn)
	f1 := 2 * precision * recall / (precision + recall)
	if precision < 0.97 || recall < 0.95 {
		for _, w := range wrong {
			t.Log(w)
		}
		t.Errorf("precision %.3f (want ≥ 0.97), recall %.3f (want ≥ 0.95), F1 %.3f over %d rows", precision, recall, f1, len(rows))
	}
}

// TestRequestHumanBorderline keeps the share of ambiguous "contact customer
// service" rows that trigger a handoff where the product decided it should
// be: direct asks to speak to customer service trigger, questions about
// hours and contact details do not.
func TestRequestHumanBorderline(t *testing.T) {
	t.Parallel()
	rows := readCSV(t, filepath.Join("..", "..", "testdata", "intents", "handoff-borderline.csv"))
	n := 0
	for _, r := range rows {
		if got, _ := analyze.RequestHuman(r[0]); got {
			n++
		}
	}
	if share := float64(n) / float64(len(rows)); share < 0.25 || share > 0.5 {
		t.Errorf("%d of %d borderline rows (%.3f) trigger request_human, want between 0.25 and 0.5", n, len(rows), share)
	}
}

// readCSV returns the rows of a text,label CSV file without its header.
func readCSV(tb testing.TB, path string) [][]string {
	tb.Helper()
	f, err := os.Open(path)
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		tb.Fatalf("%s: %v", path, err)
	}
	if len(rows) < 2 || rows[0][0] != "text" || rows[0][1] != "label" {
		tb.Fatalf("%s: want a text,label header and rows", path)
	}
	return rows[1:]
}
