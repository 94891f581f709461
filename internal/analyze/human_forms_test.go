package analyze_test

import (
	"testing"

	"github.com/handoffhq/handoff/internal/analyze"
)

// TestRequestHumanLanguages covers each supported language with requests in
// several moods (want, need, polite question, imperative), negated requests,
// questions about the bot and other meanings of the person nouns.
func TestRequestHumanLanguages(t *testing.T) {
	t.Parallel()
	tests := []struct {
		lang, text string
		want       bool
	}{
		{"es", "Necesito hablar con un agente humano", true},
		{"es", "quiero hablar con alguien de verdad", true},
		{"es", "¿Me puede pasar con un asesor, por favor?", true},
		{"es", "por favor, páseme con un operador", true},
		{"es", "que me transfiera a un supervisor", true},
		{"es", "no quiero hablar con una persona", false},
		{"es", "no hace falta un agente, gracias", false},
		{"es", "¿eres un bot?", false},
		{"es", "mi agente de viajes reservó el hotel", false},

		{"fr", "Pourriez-vous me transférer à un conseiller ?", true},
		{"fr", "j'aimerais parler à quelqu'un", true},
		{"fr", "je voudrais parler avec une vraie personne", true},
		{"fr", "je n'ai pas besoin d'un humain, merci", false},
		{"fr", "es-tu un robot ?", false},
		{"fr", "mon agent immobilier a les clés", false},

		{"de", "Könnten Sie mich bitte mit einem Berater verbinden?", true},
		{"de", "Ich will mit einem echten Menschen reden", true},
		{"de", "ich möchte mit jemandem sprechen", true},
		{"de", "ich brauche keinen Menschen, danke", false},
		{"de", "ich will nicht mit einem Mitarbeiter sprechen", false},
		{"de", "bist du ein Bot?", false},

		{"pt", "Poderia me transferir para um atendente?", true},
		{"pt", "quero falar com alguém de verdade", true},
		{"pt", "preciso falar com um humano", true},
		{"pt", "me passe para um atendente, por favor", true},
		{"pt", "não quero falar com um atendente", false},
		{"pt", "você é um robô?", false},

		{"it", "Potrei parlare con un operatore?", true},
		{"it", "voglio parlare con qualcuno di vero", true},
		{"it", "ho bisogno di parlare con una persona", true},
		{"it", "mi passi un operatore, grazie", true},
		{"it", "può passarmi un consulente?", true},
		{"it", "non voglio parlare con un operatore", false},
		{"it", "non ho bisogno di un operatore, grazie", false},
		{"it", "sei un bot?", false},
		{"it", "il mio agente di viaggio ha prenotato", false},
	}
	for _, tt := range tests {
		got, conf := analyze.RequestHuman(tt.text)
		if got != tt.want {
			t.Errorf("%s: RequestHuman(%q) = %v (confidence %.2f), want %v", tt.lang, tt.text, got, conf, tt.want)
		}
	}
}

// TestRequestHumanForms covers the less direct shapes of a request: a
// question that asks a person to act, chat spellings, a member of the team
// and an English request for a person named in another language.
func TestRequestHumanForms(t *testing.T) {
	t.Parallel()
	tests := []struct {
		text string
		want bool
		why  string
	}{
		{"Could a real agent help me with a return?", true, "a person asked to act"},
		{"can a human just ring me back", true, "a person asked to act"},
		{"may one of your supervisors review this?", true, "a person asked to act"},
		{"can a customer service rep look at my account", true, "a person asked to act"},
		{"how can an agent help me?", false, "a question about how it works"},
		{"why can't an agent help me", false, "a negated modal is a complaint"},
		{"can someone help me", false, "someone is too vague to ask for a person"},
		{"can an agent see my messages?", false, "a privacy question"},
		{"would a manager be able to approve it", false, "no verb of acting right after the person"},
		{"the agent can help you tomorrow", false, "a statement, not a question"},

		{"can i chat 2 a human", true, "2 for to"},
		{"i need 2 talk w/ an actual person", true, "w/ for with"},
		{"let me talk to some1 real", true, "some1 for someone"},
		{"is there any1 real there", true, "any1 for anyone"},
		{"i talked 2 an agent yesterday", false, "a report"},
		{"order 2 agents' uniforms", false, "a number"},

		{"could a member of your team call me?", true, "a member of the team"},
		{"can a staff member check the stock for me", true, "a staff member"},
		{"put me through to a team member please", true, "a team member"},
		{"I'm a member, do I get free delivery?", false, "a member of the shop"},
		{"the staff member at the till was lovely", false, "a report"},

		{"I want to talk to una persona", true, "Spanish person, English request"},
		{"can I speak with ein Mitarbeiter", true, "German person, English request"},
		{"la persona who delivered was rude", false, "a report"},
	}
	for _, tt := range tests {
		got, conf := analyze.RequestHuman(tt.text)
		if got != tt.want {
			t.Errorf("RequestHuman(%q) = %v (confidence %.2f), want %v (%s)", tt.text, got, conf, tt.want, tt.why)
		}
	}
}
