package analyze_test

import (
	"testing"

	"github.com/handoffhq/handoff/internal/analyze"
)

// TestRequestHumanActs covers a person asked to do something for the
// customer (pick the matter up, take over, look into it, message, DM, hit
// them up, reach out, follow up, ring someone of theirs), named as a
// human, someone from the shop, "whoever's on the counter" or a name, in
// the request frames and code-switched mixes; beside them the traps: past
// reports, negations, the customer's own people, the shop asked to send a
// thing, a parcel picked up.
func TestRequestHumanActs(t *testing.T) {
	t.Parallel()
	tests := []struct {
		text string
		want bool
	}{
		{"can a human pick this up? need help w a custom yarn dye order", true},
		{"could a real person pick this up please", true},
		{"can someone from the team pick this up", true},
		{"can an agent pick up my case", true},
		{"can a human take over", true},
		{"ok can someone from the team DM me a proper quote", true},
		{"can somebody DM me", true},
		{"could someone PM me the details", true},
		{"can someone msg me", true},
		{"can someone from the team whatsapp me", true},
		{"could a real person ping me when they're free", true},
		{"kk can a real human hmu bout it tho, design's kinda complicated lol", true},
		{"can someone hmu", true},
		{"can somebody hit me up about it", true},
		{"can someone reach out to me", true},
		{"could someone follow up with me by email", true},
		{"Thanks! Could you get Marta or whoever's on the counter to message me?", true},
		{"could you get whoever is on the phones to call me", true},
		{"is it possible for a real person to look into this", true},
		{"Would it be at all possible for someone from your team to give her a ring and talk her through the options?", true},
		{"could someone give my mum a call", true},
		{"can someone ring her tomorrow morning", true},
		{"have a human look into this please", true},
		{"someone from the team call me please", true},
		{"a human to call me please", true},
		{"Es el LB-2047. Y también, can I speak con alguien del equipo about changing my course level?", true},
		{"can I talk con una persona", true},
		{"grazie! and can someone from the staff mi chiama?", true},
		{"can someone me llame por favor", true},

		{"can another person pick it up for me from the depot?", false},
		{"can someone else pick up my parcel?", false},
		{"can my husband pick this up from the store?", false},
		{"can I pick this up tomorrow?", false},
		{"someone from the team DMed me yesterday", false},
		{"someone from your team already called me", false},
		{"no need for anyone to call me", false},
		{"I don't need someone to DM me, just send the link", false},
		{"my friend can hmu with the code", false},
		{"my brother will hit you up later", false},
		{"can my sister reach out to you instead?", false},
		{"my mum will give you a ring tomorrow", false},
		{"can you text me the tracking link", false},
		{"can you DM me the discount code", false},
		{"can you whatsapp me the receipt", false},
		{"can you hmu when it's back in stock", false},
		{"the courier rang her twice but nobody answered", false},
		{"the bot said someone would follow up with me", false},
		{"is it possible for the courier to call me before delivery?", false},
		{"would it be possible for the driver to give me a ring when he's close?", false},
		{"have a plumber look at it, the tap is loose", false},
		{"I speak con my friends in spanish", false},
		{"can someone tell me the opening hours", false},
		{"please nobody call me, email me instead", false},
	}
	for _, tt := range tests {
		if got, conf := analyze.RequestHuman(tt.text); got != tt.want {
			t.Errorf("RequestHuman(%q) = %v (confidence %.2f), want %v", tt.text, got, conf, tt.want)
		}
	}
}

// TestRequestHumanActsLanguages covers the same requests in Spanish,
// French, German, Portuguese and Italian and mixed with English, "will",
// "be able to", a person "on your end", "a member of your design team",
// "walk me through" and "anyone there I could talk to"; beside them past
// reports, negations and the customer's own people.
func TestRequestHumanActsLanguages(t *testing.T) {
	t.Parallel()
	tests := []struct {
		text string
		want bool
	}{
		{"¿alguien del equipo me puede escribir por whatsapp?", true},
		{"¿puede alguien del equipo encargarse de esto?", true},
		{"que alguien del equipo me llame, por favor", true},
		{"necesito que alguien del equipo me contacte", true},
		{"quelqu'un de l'équipe peut s'occuper de ça ?", true},
		{"est-ce qu'un conseiller peut me contacter ?", true},
		{"j'ai besoin que quelqu'un me rappelle", true},
		{"kann sich jemand vom Team darum kümmern?", true},
		{"kann mir jemand vom Team schreiben?", true},
		{"ich brauche jemanden, der mich zurückruft", true},
		{"kann ein Mitarbeiter mich kontaktieren?", true},
		{"alguém da equipe pode cuidar disso?", true},
		{"preciso que alguém me ligue", true},
		{"qualcuno del team può occuparsene?", true},
		{"qualcuno può scrivermi?", true},
		{"ho bisogno che qualcuno mi richiami", true},
		{"un operatore può contattarmi?", true},
		{"can alguien del equipo call me?", true},
		{"puede someone from the team llamarme?", true},
		{"can quelqu'un me rappeler please", true},
		{"kann someone from the team mich anrufen?", true},
		{"can a human please take a look at this for me", true},
		{"could a person look at my order please", true},
		{"I need someone from your team to look into this", true},
		{"I need a real person to sort this", true},
		{"can someone from the shop sort this out for me", true},
		{"can anyone from the team get in touch", true},
		{"is anyone from the team able to call me", true},
		{"would someone from the office be able to ring me", true},
		{"could someone on your end reach out", true},
		{"will someone from the team contact me?", true},
		{"will a human be able to look at this?", true},
		{"could the owner DM me", true},
		{"can the manager hmu", true},

		{"will someone be home to sign for it? I'm out all day", false},
		{"will a human read my review?", false},
		{"will the courier call me before delivery?", false},
		{"will someone from the team be at the event on Saturday?", false},
		{"alguien del equipo me llamó ayer", false},
		{"no quiero que nadie me llame", false},
		{"quelqu'un de l'équipe s'est occupé de ma commande hier", false},
		{"je vais m'occuper de la commande moi-même", false},
		{"ich kümmere mich selbst darum", false},
		{"wir kümmern uns darum, danke", false},
		{"meu irmão vai cuidar disso", false},
		{"mia sorella può occuparsene", false},
		{"non voglio che qualcuno mi chiami", false},
		{"is anyone from the team able to see my basket?", false},
		{"my mum is able to call you tomorrow", false},
		{"can alguien from my family pick it up?", false},
		{"is someone able to deliver on Sunday?", false},
		{"could someone on your end tell me the price", false},

		// A member of a named team, someone asked to walk the customer
		// through something, and anyone "there" to talk to.
		{"Could a member of your design team give me a ring?", true},
		{"could a member of the billing team call me back", true},
		{"can I have someone from your billing team walk me through the invoice", true},
		{"could a human walk me through the setup", true},
		{"would it be possible to have someone from your sales team walk me through the plans?", true},
		{"is there anyone there I could actually talk to", true},
		{"is there someone here I can talk to about my order", true},
		{"a member of my family will call you tomorrow", false},
		{"could a member of your team walk the parcel over to the depot", false},
		{"can someone walk me through the setup?", false},
		{"can my husband walk me through it instead?", false},
		{"my neighbour walked me through the setup", false},
		{"is there anyone there?", false},
		{"is anyone there? I could talk to your bot all day", false},
		{"there's nobody there I could talk to, so I emailed", false},
	}
	for _, tt := range tests {
		if got, conf := analyze.RequestHuman(tt.text); got != tt.want {
			t.Errorf("RequestHuman(%q) = %v (confidence %.2f), want %v", tt.text, got, conf, tt.want)
		}
	}
}

// TestRequestHumanDoneForMe covers a person asked to do the thing for the
// customer ("can a staff member just do it for me?"), brought or looped
// into the conversation ("please loop in someone from legal"), and chat
// spellings of "back" and "from" ("cn i get a call bk frm an actual
// person"); beside them the bot asked, trades booked, wh-questions, past
// reports, negations, the customer's own people and calm uses of the words.
func TestRequestHumanDoneForMe(t *testing.T) {
	t.Parallel()
	tests := []struct {
		text string
		want bool
	}{
		{"the app keeps crashing on that screen. can a staff member just do it for me?", true},
		{"could a real person do this for me please", true},
		{"can one of your agents do that for me?", true},
		{"can a member of your team do the booking for me", true},
		{"yeah we need the custom version. please loop in someone from legal or your sales team", true},
		{"can you loop in a manager", true},
		{"could you rope in someone from billing?", true},
		{"loop in a human please", true},
		{"k thx. also cn i get a call bk frm an actual person abt a bulk ordr? pref tmrw am", true},
		{"can sm1 frm ur team call me bk", true},

		{"can you do it for me?", false},
		{"can my husband do it for me?", false},
		{"can the courier do it for me?", false},
		{"how can a staff member do it for me if I'm abroad?", false},
		{"a staff member did it for me last time", false},
		{"can a human do anything about the weather lol", false},
		{"I'll loop in my colleague and get back to you", false},
		{"no need to loop in anyone from legal, the standard DPA is fine", false},
		{"I'm stuck in a loop in the app, it keeps asking me to log in", false},
		{"can I bk a table for 4 frm 7pm?", false},
		{"my mum will call u bk frm her phone", false},
	}
	for _, tt := range tests {
		if got, conf := analyze.RequestHuman(tt.text); got != tt.want {
			t.Errorf("RequestHuman(%q) = %v (confidence %.2f), want %v", tt.text, got, conf, tt.want)
		}
	}
}
