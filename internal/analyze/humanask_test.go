package analyze_test

import (
	"testing"

	"github.com/handoffhq/handoff/internal/analyze"
)

// TestRequestHumanUnread covers requests without a request verb: a
// department asked for on its own, a named person the customer asks to
// contact directly or asks after, a question whom to talk to, and a
// colleague asked for in each language.
func TestRequestHumanUnread(t *testing.T) {
	t.Parallel()
	tests := []struct {
		text string
		want bool
		why  string
	}{
		{"Customer service please", true, "a bare department"},
		{"customer service, please", true, "a bare department"},
		{"tech support please", true, "a bare department"},
		{"billing team now please", true, "a bare department"},
		{"agent please", true, "a bare person"},
		{"customer service", false, "a department named, not asked for"},
		{"support please", false, "help asked for, not a department"},
		{"the customer service was great, thanks", false, "a report"},
		{"customer service please, what are your opening hours?", false, "contact details asked for"},

		{"ok can i message the designer directly then? it's for my mum's 60th", true, "a named person contacted directly"},
		{"can I email the owner directly?", true, "a named person contacted directly"},
		{"could we call the store manager about the booking", true, "a named person contacted directly"},
		{"I'd like to ring the head chef about the menu", true, "a wish to contact a named person"},
		{"I need to speak to the florist before Friday", true, "a wish to contact a named person"},
		{"let me message your sales team directly", true, "a named department contacted directly"},
		{"can I dm the photographer?", true, "a named person contacted directly"},
		{"should I call the manager?", false, "a question of advice"},
		{"I emailed the manager yesterday and heard nothing", false, "a report"},
		{"how can i call customer service", false, "the way asked for"},
		{"can I email the receipt to you?", false, "no person"},
		{"can I message you on instagram instead", false, "the bot itself"},
		{"I'd like to call my designer first", false, "the customer's own trade"},

		{"Could the events manager give me a ring to talk about food?", true, "a person asked to call"},
		{"could the manager drop me an email", true, "a person asked to write"},
		{"can a supervisor send me a message about this", true, "a person asked to write"},
		{"can someone drop me the invoice", false, "a thing asked for"},

		{"Is your sales team around? We're looking at about 30 licences", true, "a department asked after"},
		{"hi, is the manager in today?", true, "a person asked after"},
		{"are any of your agents online right now?", true, "a person asked after"},
		{"is the owner around", true, "a person asked after"},
		{"is your team available on weekends?", false, "hours asked for"},
		{"is the manager in charge of refunds?", false, "a question about the manager"},
		{"the manager is around the corner from me", false, "a statement"},

		{"i'd love to do a collab with you, who do i talk to about that?", true, "whom to talk to"},
		{"who should I contact about a wholesale order?", true, "whom to talk to"},
		{"who can we speak with about a refund", true, "whom to talk to"},
		{"who do I need to talk to about a damaged parcel", true, "whom to talk to"},
		{"who did I speak to yesterday?", false, "the past"},
		{"who am I talking to?", false, "about the bot"},
		{"who can I transfer money to?", false, "a payee"},
		{"who should I call at my bank?", false, "someone else's people"},
		{"who do I ask for when I phone, and what's the number?", false, "contact details asked for"},

		{"Mi può passare un collega in carne e ossa?", true, "it: a colleague"},
		{"può passarmi un altro collega?", true, "it: another colleague"},
		{"can you pass me to a colleague?", true, "en: a colleague"},
		{"could I speak to a colleague of yours", true, "en: a colleague"},
		{"¿me puede pasar con un compañero?", true, "es: a colleague"},
		{"pouvez-vous me passer un collègue ?", true, "fr: a colleague"},
		{"können Sie mich mit einem Kollegen verbinden?", true, "de: a colleague"},
		{"pode me passar para um colega?", true, "pt: a colleague"},
		{"quiero hablar con una persona de carne y hueso", true, "es: flesh and blood"},
		{"quero falar com uma pessoa de carne e osso", true, "pt: flesh and blood"},
		{"my colleague ordered this for me", false, "the customer's colleague"},
		{"I need to talk to my colleague first", false, "the customer's colleague"},
		{"mi collega ha già ordinato", false, "it: the customer's colleague"},
		{"I go to college nearby, can you deliver there?", false, "not a colleague"},
		{"I need an inhaler for the trip, is it allowed?", false, "not a person"},

		{"¿está el encargado?", true, "es: a person asked after"},
		{"le responsable est là ?", true, "fr: a person asked after"},
		{"ist der Inhaber da?", true, "de: a person asked after"},
		{"c'è il responsabile?", true, "it: a person asked after"},
		{"o gerente está aí?", true, "pt: a person asked after"},
		{"el encargado está de vacaciones", false, "es: a statement"},
		{"un agente e un supervisore", false, "it: two persons named"},
		{"puedo escribir directamente al encargado?", true, "es: a named person contacted directly"},
		{"est-ce que je peux écrire directement au responsable ?", true, "fr: a named person contacted directly"},
		{"kann ich dem Inhaber direkt schreiben?", true, "de: a named person contacted directly"},
		{"posso scrivere direttamente al responsabile?", true, "it: a named person contacted directly"},
		{"¿con quién puedo hablar de esto?", true, "es: whom to talk to"},
		{"à qui dois-je m'adresser ?", true, "fr: whom to talk to"},
		{"an wen kann ich mich wenden?", true, "de: whom to talk to"},
		{"con chi posso parlare?", true, "it: whom to talk to"},
		{"quem posso contactar sobre isso?", true, "pt: whom to talk to"},
		{"¿con quién hablé ayer?", false, "es: the past"},
		{"chi ha scritto la recensione?", false, "it: who wrote it"},
		{"qui peut parler anglais ?", false, "fr: who can speak it"},
	}
	for _, tt := range tests {
		got, conf := analyze.RequestHuman(tt.text)
		if got != tt.want {
			t.Errorf("RequestHuman(%q) = %v (confidence %.2f), want %v (%s)", tt.text, got, conf, tt.want, tt.why)
		}
	}
}

// TestRequestHumanWithdrawn covers requests the customer set out to make
// and gave up, and negated participles, in each language: none asks for a
// person, while the same request made now does.
func TestRequestHumanWithdrawn(t *testing.T) {
	t.Parallel()
	tests := []struct {
		lang, text string
		want       bool
	}{
		{"en", "ah great, I was about to ask to speak to someone but that answers it. thanks!", false},
		{"en", "I was going to ask for a manager, never mind", false},
		{"en", "I was gonna ask for a human but found it", false},
		{"en", "I almost asked for an agent lol", false},
		{"en", "I was just about to ask if I could speak to someone, all sorted now", false},
		{"en", "we were planning to call the manager but it's fine now", false},
		{"en", "Not asking to speak to a manager or anything, I just want to know about the sale", false},
		{"en", "not looking for a human, just the size chart", false},
		{"en", "I'm not asking for a manager, just a refund", false},
		{"en", "not wanting to talk to a person, just tell me the tracking", false},
		{"en", "I'm not requesting a supervisor, only an update", false},
		{"en", "I am about to ask for a manager", true},
		{"en", "I'm asking to speak to a manager", true},
		{"en", "I was told to ask for a manager, so can I talk to one?", true},
		{"en", "I was going to wait but I want to talk to a person now", true},

		{"es", "iba a pedir hablar con alguien pero ya lo encontré", false},
		{"es", "estaba a punto de pedir hablar con un agente, pero ya está", false},
		{"es", "no estoy pidiendo hablar con un encargado, solo quiero saber el precio", false},
		{"es", "quiero hablar con un agente ya", true},
		{"fr", "j'allais demander à parler à un conseiller, mais c'est bon", false},
		{"fr", "je ne demande pas à parler à un responsable", false},
		{"fr", "je veux parler à un conseiller", true},
		{"de", "ich wollte gerade mit einem Mitarbeiter sprechen, aber jetzt geht es", false},
		{"de", "ich möchte gerade jetzt mit einem Mitarbeiter sprechen", true},
		{"pt", "ia pedir para falar com um atendente mas já resolvi", false},
		{"pt", "não estou pedindo para falar com um atendente", false},
		{"pt", "quero falar com um atendente", true},
		{"it", "stavo per chiedere di parlare con un operatore ma va bene così", false},
		{"it", "non sto chiedendo di parlare con un operatore", false},
		{"it", "vorrei parlare con un operatore", true},
	}
	for _, tt := range tests {
		got, conf := analyze.RequestHuman(tt.text)
		if got != tt.want {
			t.Errorf("%s: RequestHuman(%q) = %v (confidence %.2f), want %v", tt.lang, tt.text, got, conf, tt.want)
		}
	}
}
