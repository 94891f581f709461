package analyze

// Complexity scores how hard text is for an AI to handle alone, in [0,1]:
// several problems or questions in one message, length, high-stakes topics
// (fraud, hacked accounts, chargebacks, legal threats, billing errors,
// damaged or missing orders, safety) and several order or ticket references.
// From 0.7 an AI should not handle the issue alone. Analyze also counts the
// same problem repeated across turns, which text alone cannot show.
func Complexity(text string) float64 {
	d := parsePooled(text)
	defer d.release()
	return complexity(d, 0)
}

func complexity(d *doc, repetition float64) float64 {
	lex := complexityLexicons()
	scan(d, lex[:])
	return complexityOf(d, repetition, &lex)
}

// complexityLexicons are the scans complexity needs, for scan.
func complexityLexicons() [2]phraseScan {
	return [...]phraseScan{{ps: cxMarkers}, {ps: cxTopics, negatable: true}}
}

// complexityOf is complexity given the complexityLexicons scanned over d.
func complexityOf(d *doc, repetition float64, lex *[2]phraseScan) float64 {
	markers := lex[0].found
	// Numbered questions count once: as questions or as items, whichever is more.
	multi := max(float64(max(0, d.questions-1))*cxQuestionStep, float64(max(0, d.bullets-1))*cxBulletStep) +
		float64(markers)*cxMarkerStep
	length := float64(d.letters-cxLengthStart) / cxLengthSpan
	refs := 0.0
	switch {
	case d.refs >= 3:
		refs = cxRefsMany
	case d.refs == 2:
		refs = cxRefsTwo
	}
	repeat := cxRepeatWeight * clamp01((repetition-cxRepeatFrom)/(1-cxRepeatFrom))
	return clamp01(noisyOr(
		cxMultiWeight*clamp01(multi),
		cxLengthWeight*clamp01(length),
		lex[1].score(),
		refs,
		repeat,
	))
}

// cxMarkers announce another problem in the same message.
var cxMarkers = compilePhrases([]lexeme{
	{"also", 1},
	{"and another thing;another issue|problem|question|thing|complaint|matter;one more thing|question|issue|problem", 1},
	{"additionally;in addition;on top of that;as well as that;besides that;apart from that;plus i|the|my", 1},
	{"secondly;thirdly;second of all;firstly;first of all;lastly;finally", 1},
	{"ademas;aussi;ausserdem;tambem;inoltre;tambien", 1},
})

// cxTopics are high-stakes topics: each adds its strength to the noisy-or.
// Negated ("it's not fraud") they do not count.
var cxTopics = compilePhrases([]lexeme{
	// Account security and fraud.
	{"hacked|compromised|breached|hijacked;hacker|hackers;account takeover;taken over my account", strengthDecisive},
	{"someone|somebody ** used|accessed|ordered|took|stole|logged|changed|bought|made|spent|charged|hacked;someone|somebody got into;someone|somebody else ** my account|card|password|details", strengthStrong},
	{"fraudulent|fraudster|fraudsters|scammed|phished;identity theft;stolen identity;stole|stolen my identity|card|details|account|money;card was|got|has been? stolen;victim of fraud|a scam", strengthDecisive},
	{"fraud|scam|phishing", strengthStrong},
	// Secrets given away or asked for: the account must be secured by a person.
	{"gave|given|sent|shared|told|disclosed|replied|responded|provided ** my|our pin|password|passcode|cvv|cvc|otp|credentials|login;gave|given|sent|shared|told|disclosed|replied|responded|provided ** my|our card|bank|security details|number|pin|code|info|information", strengthDecisive},
	{"asking|asked|asks|ask for my|our ** pin|password|passcode|cvv|cvc|otp|login|credentials|details", strengthStrong},
	{"without my? permission|consent|authorization|authorisation|knowledge;unauthorized|unauthorised|unknown|unrecognised|unrecognized|suspicious charge|charges|transaction|transactions|payment|payments|purchase|purchases|login|logins|access|activity|order|orders", strengthStrong},
	{"card|account|paypal ** without asking|permission|consent|authorization|authorisation|knowledge|my|our|me", strengthStrong},
	// Said of a charge or an order on its own ("this was unauthorised"), it
	// adds to the evidence above.
	{"unauthorized|unauthorised|unapproved", strengthModerate},
	{"did|have not authorize|authorise|make|recognize|recognise|order|place|buy;never authorized|authorised|made|ordered|placed", strengthModerate},
	// Disputes and legal.
	{"chargeback|chargebacks;charge back;dispute|disputing|disputed the|this|a|my|with|it;dispute|disputing|disputed * charge|charges|payment|transaction", strengthDecisive},
	{"lawyer|lawyers|attorney|attorneys|solicitor|solicitors|lawsuit|litigation|ombudsman|regulator|gdpr;legal action|proceedings|steps;small claims;to|in court;sue|suing you|your|them|the|for;subject access request;data protection;data|privacy breach;consumer rights;trading standards;consumer protection", strengthDecisive},
	{"refund dispute|claim;compensation|reimbursement claim;insurance claim;warranty claim", strengthStrong},
	// Money.
	{"charged|billed|debited me|us? twice|double|two|three|3|again|thrice;double charged|billed|charge|charging;overcharged|overcharging;billing error|mistake|issue|problem|discrepancy;wrong amount|charge|price|bill;charged|billed ** wrong|incorrect|without;incorrect charge|bill|amount;unexpected charge|charges|fee|fees|payment", strengthStrong},
	{"refund|refunds|refunded|reimburse|reimbursement|compensation;money back;credit back", strengthFaint},
	{"rejected|denied|refused|declined refund|claim|my;refund|claim rejected|denied|refused|declined", strengthModerate},
	{"bank|card|paypal|payment|invoice|bill|billing|subscription", strengthFaint},
	// Orders.
	{"never arrived|came|delivered|received;missing|lost package|parcel|order|item|items|delivery|luggage|bag|baggage|shipment;package|parcel|order|item|items|delivery|luggage|bag|baggage|shipment is|was|has|got|were|are been? lost|missing|stolen", strengthModerate},
	{"damaged|broken|defective|faulty|smashed|cracked|shattered|dented|torn|crushed", strengthMild},
	{"wrong item|items|order|product|size|address;delivered to the wrong", strengthMild},
	// Safety and wellbeing.
	{"injury|injured|hospital|ambulance|allergic|anaphylaxis|poisoning|poisoned|exploded|explosion|electrocuted|choking;electric shock;caught fire;burned|burnt me|my|him|her", strengthDecisive},
	{"hurt|allergy|burned|burnt|fire|smoke|unsafe|dangerous|hazard|recall", strengthStrong},
	{"harassment|harassed|discrimination|discriminated|racist|sexist|assault|assaulted|abuse|abusive|threatened|threatening|stalking", strengthDecisive},
	{"died|death|deceased|funeral|bereavement|suicide|emergency;passed away;self harm", strengthDecisive},
	// Accounts.
	{"locked out;account locked|suspended|banned|blocked|frozen|closed;suspended|banned|blocked|froze|frozen|closed my account", strengthModerate},
	{"delete|erase|remove my data|information|personal", strengthMild},
	// Spanish, French, German, Portuguese, Italian.
	{"fraude|estafa|hackeado|hackeada|pirate|piratee|gehackt|betrug|truffa|hackerato|abogado|avocat|anwalt|avvocato|advogado|denuncia|plainte|anzeige", strengthStrong},
	{"reembolso|remboursement|ruckerstattung|rimborso;cobrado dos veces;debite deux fois;doppelt abgebucht;addebitato due volte;cobrado duas vezes", strengthMild},
})
