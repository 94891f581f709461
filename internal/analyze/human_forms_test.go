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
		{"es", "¿podría repasarlo con un asesor?", true},
		{"es", "me gustaría discutirlo con alguien de su equipo", true},
		{"es", "¿me puede llamar alguien de facturación?", true},
		{"es", "¿me puede pasar con facturación?", true},
		{"es", "páseme con el departamento de devoluciones", true},
		{"es", "ya lo discutí con un asesor ayer", false},
		{"es", "ayer pasé con facturación y nadie contestó", false},
		{"es", "no quiero discutirlo con nadie", false},
		{"fr", "puis-je en discuter avec quelqu'un de votre équipe ?", true},
		{"fr", "je préférerais régler ça avec quelqu'un de votre équipe", true},
		{"fr", "passez-moi la comptabilité s'il vous plaît", true},
		{"fr", "j'ai été transféré au service facturation hier", false},
		{"fr", "je ne veux pas en discuter avec un conseiller", false},
		{"de", "können wir das mit einem Mitarbeiter durchgehen?", true},
		{"de", "ich möchte das mit jemandem aus Ihrem Team klären", true},
		{"de", "verbinden Sie mich bitte mit der Buchhaltung", true},
		{"de", "ich wurde gestern mit der Buchhaltung verbunden", false},
		{"de", "ich möchte das nicht mit einem Mitarbeiter besprechen", false},
		{"pt", "posso discutir isso com um atendente?", true},
		{"pt", "alguém do financeiro pode me ligar?", true},
		{"pt", "pode me transferir para o financeiro?", true},
		{"pt", "preferia resolver isso com alguém da sua equipe", true},
		{"it", "posso discutere la cosa con un operatore?", true},
		{"it", "mi può chiamare qualcuno dell'assistenza?", true},
		{"it", "mi passi l'ufficio resi per favore", true},
		{"it", "mi può passare l'amministrazione?", true},
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
		{"cn i tlk 2 sum1 real abt my refund", true, "cn, tlk, sum1"},
		{"can i spk w a prsn pls", true, "spk, prsn"},
		{"cud som1 call me back", true, "cud, som1"},
		{"i dont wanna tlk 2 anyone just cancel it", false, "negated"},
		{"tlk soon x", false, "no person"},
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

// TestRequestHumanRoles covers a person named by their trade: asked to talk
// or to be put in touch, a trade is a request for a person; sent for ("I
// need a technician"), owned by the customer ("my mechanic") or only talked
// about, it is not.
func TestRequestHumanRoles(t *testing.T) {
	t.Parallel()
	tests := []struct {
		text string
		want bool
		why  string
	}{
		{"I'd like to speak with the owner about a custom order", true, "a trade"},
		{"Can I talk to a pharmacist about mixing these two?", true, "a trade"},
		{"is it possible to chat with the designer or someone from the studio?", true, "a trade"},
		{"Would it be possible to speak to the photographer directly?", true, "a trade"},
		{"could you put me in touch with the florist?", true, "put in touch"},
		{"I need to talk to a technician, the boiler is still leaking", true, "a talk verb, not a want"},
		{"Could I have a quick word with one of your engineers before I book?", true, "one of your …"},
		{"can the designer ring me this afternoon?", true, "a trade asked to call"},
		{"please pass me to whoever handles the returns", true, "whoever does it"},
		{"can I speak to the store manager please", true, "a qualified person"},
		{"could I talk to your head chef about the menu", true, "a qualified person"},
		{"connect me with your events team please", true, "a named team"},
		{"can I have a word with the manager", true, "a word with"},

		{"my travel agent booked the flights", false, "someone else's agent"},
		{"our account manager said the invoice was sent last week", false, "a report"},
		{"I need to talk to the manager of my building first", false, "someone else's manager"},
		{"I am the owner of the café on Mill Street", false, "the customer's trade"},
		{"I talked to your technician yesterday and he said it was fixed", false, "a report"},
		{"I need to speak to my accountant before I pay", false, "the customer's own"},
		{"my mechanic says the chain is worn", false, "the customer's own"},
		{"I need a technician to come out on Tuesday", false, "a visit, not a person to talk to"},
		{"can a technician look at the boiler this week?", false, "a visit, not a person to talk to"},
		{"get me a plumber for Friday please", false, "a visit, not a person to talk to"},
		{"should I talk to a pharmacist before taking these?", false, "a question of advice"},
		{"do your engineers work on Saturdays?", false, "a question about the service"},
		{"Talking to your designer was really helpful", false, "talking about talking"},
		{"the chef was lovely, thank you", false, "praise"},
		{"can you ask the florist whether peonies are in season?", false, "a question passed on"},
		{"I had a word with the manager and she agreed", false, "a report"},
		{"the contact person on the order is my husband", false, "a contact person named"},
		{"we would like to speak to the online assistant", false, "the bot"},
	}
	for _, tt := range tests {
		got, conf := analyze.RequestHuman(tt.text)
		if got != tt.want {
			t.Errorf("RequestHuman(%q) = %v (confidence %.2f), want %v (%s)", tt.text, got, conf, tt.want, tt.why)
		}
	}
}

// TestRequestHumanCallback covers asking to be called, or to settle things
// by phone, which a chat cannot do: even a vague person counts there.
func TestRequestHumanCallback(t *testing.T) {
	t.Parallel()
	tests := []struct {
		text string
		want bool
		why  string
	}{
		{"can someone call me about this?", true, "a vague person asked to call"},
		{"could somebody ring me back this afternoon", true, "a vague person asked to call"},
		{"can anyone get back to me by phone", true, "a vague person asked to get back"},
		{"please have someone phone me, I'm driving", true, "have someone call"},
		{"I'd like someone to give me a call tomorrow morning", true, "someone to give me a call"},
		{"I need somebody to call me before the movers come", true, "someone to call"},
		{"I'd prefer to go through this on the phone with a person", true, "by phone with a person"},
		{"could I book a quick call with a stylist?", true, "a call with a trade"},
		{"is there someone I can call?", true, "someone I can call"},

		{"Can you call me back?", false, "the assistant asked"},
		{"someone called me yesterday about the delivery", false, "a report"},
		{"I was on the phone with an agent for an hour and got nowhere", false, "a report"},
		{"I asked someone to call me back last week and nobody did", false, "a report"},
		{"no need for anyone to call me, email is fine", false, "negated"},
		{"I don't need someone to call me", false, "negated"},
		{"I'd rather not be on the phone with someone for ages", false, "negated"},
		{"someone will call me tomorrow, the driver said", false, "a promise reported"},
		{"did someone call me earlier?", false, "a question about a call"},
		{"some people might call this a bargain", false, "another call"},
		{"can someone help me", false, "a vague person asked to help"},
	}
	for _, tt := range tests {
		got, conf := analyze.RequestHuman(tt.text)
		if got != tt.want {
			t.Errorf("RequestHuman(%q) = %v (confidence %.2f), want %v (%s)", tt.text, got, conf, tt.want, tt.why)
		}
	}
}

// TestRequestHumanContactPerson covers asking whether there is a contact
// person, and a relative clause after a comma that offers a conversation,
// in every language the grammar reads; a contact person named or negated is
// not a request.
func TestRequestHumanContactPerson(t *testing.T) {
	t.Parallel()
	tests := []struct {
		lang, text string
		want       bool
	}{
		{"en", "is there a contact person for trade accounts?", true},
		{"en", "is there anyone in sales, who I could talk to?", true},
		{"en", "the contact person on the order is my husband", false},

		{"de", "Gibt es einen Ansprechpartner für Firmenkunden?", true},
		{"de", "Haben Sie eine Kontaktperson für Großbestellungen?", true},
		{"de", "Gibt es jemanden im Kundendienst, mit dem ich sprechen könnte?", true},
		{"de", "Der Mitarbeiter, mit dem ich sprechen wollte, war nicht da", false},
		{"de", "Mein Ansprechpartner war bisher Herr Brandt", false},
		{"de", "Ich bin der Ansprechpartner für unsere Firma", false},
		{"de", "Wir brauchen keinen Ansprechpartner, danke", false},

		{"es", "¿Hay una persona de contacto para pedidos de empresa?", true},
		{"es", "¿Tienen un interlocutor para distribuidores?", true},
		{"es", "¿Hay algún asesor, con quien pueda hablar del pedido?", true},
		{"es", "La persona de contacto para la entrega es mi vecina", false},
		{"es", "No necesito una persona de contacto", false},

		{"fr", "Y a-t-il un interlocuteur pour les commandes en gros ?", true},
		{"fr", "Avez-vous une personne à contacter pour les professionnels ?", true},
		{"fr", "Mon interlocuteur habituel est parti en vacances", false},

		{"pt", "Existe uma pessoa de contato para revendedores?", true},
		{"pt", "Vocês têm uma pessoa de contato no setor comercial?", true},
		{"pt", "A pessoa de contato da entrega é o meu irmão", false},

		{"it", "C'è un referente per gli ordini all'ingrosso?", true},
		{"it", "Avete un referente con cui posso parlare?", true},
		{"it", "Vi scrivo per la fattura referente all'ordine 5521", false},
		{"it", "Il referente per la consegna è mia sorella", false},
	}
	for _, tt := range tests {
		got, conf := analyze.RequestHuman(tt.text)
		if got != tt.want {
			t.Errorf("%s: RequestHuman(%q) = %v (confidence %.2f), want %v", tt.lang, tt.text, got, conf, tt.want)
		}
	}
}
