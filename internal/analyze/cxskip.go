package analyze

// Topics of complexity that are not one where they are found: a word of
// harm named in passing ("the emergency exit"), a thing that "died" (a
// battery, a phone), a death or a funeral that an order is for ("do you
// do funeral flowers?"), "smoking" as a habit or a place, "I never did
// that" of something not tried yet, and "made" with an object of its own
// ("a payment I didn't make a note of").

// cxSkip rules out a topic found at words [start, end) that is not one
// here: madeNote, a word of harm named in passing (passingMention), a
// thing that died (thingDied), a bereavement an order is for
// (bereavementOrder), smoking that is not a thing smoking (smokingHabit)
// and a thing not done before (doneBefore).
func cxSkip(d *doc, start, end int) bool {
	return madeNote(d, start, end) || passingMention(d.words, start, end) || thingDied(d.words, start, end) ||
		bereavementOrder(d.words, start, end) || smokingHabit(d.words, start, end) || doneBefore(d.words, start, end)
}

// bereavementOrder reports whether the death at words [start, end) is what
// the customer orders for, not harm done to them: a funeral named as the
// kind of thing bought ("funeral flowers", "a bereavement card"), or a
// death told with a tribute, a condolence or a memorial ordered ("my nan
// passed away, I'd like a wreath", "a sympathy bouquet for my neighbour,
// her husband died"). A death told alone ("my fish died") stays a topic.
func bereavementOrder(w []string, start, end int) bool {
	if !bereaved.has(w[start]) {
		return false
	}
	if end < len(w) && (w[start] == "funeral" || w[start] == "bereavement") && occasionGoods.has(w[end]) {
		return true
	}
	for _, x := range w {
		if tributes.has(x) {
			return true
		}
	}
	return false
}

// bereaved are the first words of the topics of a death.
var bereaved = newStrSet("died", "death", "deceased", "funeral", "bereavement", "passed")

// occasionGoods after "funeral" or "bereavement" make it the kind of thing
// ordered: "funeral flowers", "bereavement cards", "funeral catering".
var occasionGoods = newStrSet("flowers", "flower", "wreath", "wreaths", "tribute", "tributes", "spray", "sprays",
	"arrangement", "arrangements", "bouquet", "bouquets", "card", "cards", "order", "orders", "cake", "cakes",
	"catering", "outfit", "outfits", "dress", "suit", "tie", "range", "collection", "basket", "hamper", "gift",
	"gifts", "stationery", "programme", "programmes", "program", "booklet", "booklets", "package", "packages")

// tributes are what is ordered for a death: wreaths, sympathy flowers,
// condolence cards, memorials.
var tributes = newStrSet("wreath", "wreaths", "sympathy", "condolence", "condolences", "memorial", "memorials",
	"tribute", "tributes", "coffin", "casket", "urn", "headstone", "gravestone", "plaque", "remembrance",
	"keepsake", "keepsakes")

// doneBefore reports whether "I never did that" at words [start, end) tells
// what the customer has not tried yet, not what they disown: "I never did
// this before, how do I return it?", "I haven't done that yet".
func doneBefore(w []string, start, end int) bool {
	if end-start < 3 || end >= len(w) || w[end] != "before" && w[end] != "yet" {
		return false
	}
	switch w[end-2] {
	case "did", "do", "done":
		return true
	}
	return false
}

// smokingHabit reports whether "smoking" at words [start, end) is not
// said of a thing that smokes: only after "started", "was", "is" … does
// it tell one ("the charger started smoking"); "no smoking", "a smoking
// area", "I quit smoking", "she was smoking" and "smoking hot" do not.
func smokingHabit(w []string, start, end int) bool {
	if end != start+1 || w[start] != "smoking" {
		return false
	}
	if start == 0 || !smokeVerbs.has(w[start-1]) || end < len(w) && w[end] == "hot" {
		return true
	}
	j := start - 2
	if j >= 1 && (w[j] == "just" || w[j] == "have" || w[j] == "had" || w[j] == "also" || w[j] == "even") {
		// "I just started smoking", "we had started smoking"
		j--
	}
	return j >= 0 && smokers.has(w[j])
}

// smokers shortly before a verb of smokeVerbs are people who smoke: "I
// just started smoking", "he was smoking".
var smokers = newStrSet("i", "we", "you", "he", "she", "they", "someone", "somebody", "people", "guests")

// smokeVerbs before "smoking" make it a thing that smokes.
var smokeVerbs = newStrSet("started", "starting", "began", "begun", "start", "starts", "was", "is", "were", "are",
	"kept", "keeps", "went", "been", "still", "literally", "actually", "just")

// thingDied reports whether "died" at words [start, end) is said of a
// thing that ran out or stopped, not of a person or a pet: "my ebike
// battery died", "the phone died on me", "it died after a week".
func thingDied(w []string, start, end int) bool {
	if end != start+1 || w[start] != "died" {
		return false
	}
	for j := start - 1; j >= 0 && start-j <= 3; j-- {
		switch {
		case w[j] == boundary:
			return false
		case diedThings.has(w[j]):
			return true
		}
	}
	return false
}

// diedThings are what a customer says died when it stopped working.
var diedThings = newStrSet("it", "battery", "batteries", "phone", "laptop", "tablet", "ipad", "iphone", "motor",
	"engine", "charger", "screen", "display", "bike", "ebike", "car", "scooter", "controller", "remote", "speaker",
	"speakers", "headphones", "earbuds", "earphones", "buds", "watch", "device", "unit", "printer", "fridge",
	"freezer", "router", "modem", "console", "camera", "drone", "bulb", "bulbs", "lamp", "light", "lights", "torch",
	"app", "kettle", "machine", "pump", "fan", "heater", "mouse", "keyboard", "drive", "computer", "pc", "tv",
	"vacuum", "hoover", "toothbrush", "shaver", "clock", "sensor", "thermostat", "doorbell", "plant", "plants",
	"flowers", "tree", "seedlings", "mic", "microphone", "cable", "powerbank", "handset", "mower", "drill",
	"boiler", "dryer", "washer", "dishwasher", "oven", "microwave", "blender", "tracker", "amp")

// passingMention reports whether the one-word topic at words [start, end)
// names a workplace, a place, a trade or a thing rather than harm: "I work
// at the hospital", "park at the Riverside Hospital multi-storey", "the
// emergency exit", "an emergency plumber".
func passingMention(w []string, start, end int) bool {
	if end != start+1 || !inPassing.has(w[start]) {
		return false
	}
	if end < len(w) && passingNext.has(w[end]) {
		return true
	}
	for j := start - 1; j >= 0 && start-j <= 3; j-- {
		if w[j] == boundary {
			break
		}
		if workVerbs.has(w[j]) || placeBefore.has(w[j]) {
			return true
		}
	}
	return false
}

// inPassing are the topics that also name a place, a trade or a kind of
// thing.
var inPassing = newStrSet("hospital", "emergency", "emergencies", "fire", "smoke", "recall", "hazard", "allergy")

// passingNext make such a topic a thing: "emergency exit", "hospital
// staff", "fire alarm", "smoke detector", "allergy information".
var passingNext = newStrSet("exit", "exits", "contact", "contacts", "number", "numbers", "plumber", "electrician",
	"locksmith", "services", "service", "kit", "kits", "fund", "light", "lights", "staff", "worker", "workers",
	"discount", "discounts", "shift", "shifts", "bag", "bags", "bed", "beds", "scrubs", "parking", "car", "pharmacy",
	"appointment", "visit", "visiting", "alarm", "alarms", "detector", "detectors", "door", "doors", "extinguisher",
	"extinguishers", "blanket", "pit", "pits", "place", "proof", "retardant", "resistant", "safety", "drill",
	"machine", "tickets", "ticket", "friendly", "info", "information", "advice", "list", "lists", "label",
	"labels", "test", "testing", "tested", "free", "pay", "rate", "rates", "cover", "department", "vet", "dentist",
	"supplies", "supply", "radio", "radios", "brake", "stop", "button", "room", "rooms", "call", "calls",
	// A place and how to find it: "the Riverside Hospital multi-storey",
	// "the hospital entrance", "hospital opening hours".
	"multi", "storey", "carpark", "garage", "entrance", "entrances", "grounds", "site", "campus", "address",
	"postcode", "road", "street", "reception", "cafe", "canteen", "shop", "opening", "hours", "location",
	"directions", "branch", "bus", "station")

// placeBefore, shortly before such a topic, make it a place to park at,
// find or be near: "can I park at the hospital", "a shop opposite the
// hospital".
var placeBefore = newStrSet("park", "parking", "parked", "near", "nearby", "opposite", "outside", "beside",
	"across", "directions", "postcode", "address")

// workVerbs before such a topic make it a workplace or a job: "I work at the
// hospital", "she's a nurse in a hospital".
var workVerbs = newStrSet("work", "works", "worked", "working", "nurse", "nurses", "doctor", "doctors", "job",
	"volunteer", "volunteers", "volunteering", "shift", "shifts", "employed", "porter", "cleaner", "staff")

// madeNote rules out a topic at words [start, end) that ends in "make" or
// "made" where the verb has an object of its own: "a payment I didn't make
// a note of" is not a payment disowned.
func madeNote(d *doc, start, end int) bool {
	w := d.words
	if end >= len(w) || w[end-1] != "make" && w[end-1] != "made" {
		return false
	}
	switch w[end] {
	case "a", "an", "the", "any", "sure", "it", "note", "much", "time":
		return true
	}
	return false
}
