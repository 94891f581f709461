package analyze_test

import (
	"math"
	"testing"

	"github.com/handoffhq/handoff"
	"github.com/handoffhq/handoff/internal/analyze"
)

func TestHedging(t *testing.T) {
	t.Parallel()
	tests := []scoreCase{
		{"Your order ships in 2 days.", 0, 0},
		{"Sure! You can return items within 30 days.", 0, 0.1},
		{"It might arrive on Friday.", 0.05, 0.3},
		{"I'm not sure, but I think it ships in 3 days.", 0.7, 1},
		{"I can't help with that.", 0.7, 1},
		{"I don't have access to your account details.", 0.7, 1},
		{"I'm unable to change your booking.", 0.7, 1},
		{"I don't know.", 0.7, 1},
		{"You may want to contact our support team.", 0.5, 1},
		{"I'm sorry, I didn't understand that. Could you rephrase?", 0.5, 1},
		// Information lacked or not vouched for, in many wordings.
		{"I'm sorry, I don't have reliable information about the export format either.", 0.7, 1},
		{"I really can't say with confidence, sorry. It may or may not be refunded.", 0.7, 1},
		{"I'm not able to confirm that.", 0.7, 1},
		{"I couldn't find anything on that.", 0.55, 1},
		{"That's outside what I can check.", 0.7, 1},
		{"That's beyond what I can see from here.", 0.7, 1},
		{"I'm not entirely sure how proration works.", 0.7, 1},
		{"I'm not 100% sure.", 0.7, 1},
		{"I can't say for certain whether that applies.", 0.7, 1},
		{"I can't tell you for sure.", 0.7, 1},
		{"I can't give you a definite answer on that.", 0.7, 1},
		{"I don't have up-to-date information on stock.", 0.7, 1},
		{"I haven't got any info on that.", 0.7, 1},
		{"That's not something I have information on.", 0.7, 1},
		{"I'm not in a position to say.", 0.7, 1},
		{"There's nothing I can find about that.", 0.5, 1},
		{"I'd rather not give you the wrong answer.", 0.5, 1},
		{"It's not clear to me which warranty applies.", 0.7, 1},
		{"It may or may not apply to your plan.", 0.3, 0.5},
		{"I can't guarantee that.", 0.1, 0.4},
		{"You might be able to choose instalments at checkout, depending on your bank.", 0.2, 0.5},
		// Confident answers with "may", "not sure" about the customer, or
		// details not in yet.
		{"Your order may arrive on Friday. Tracking updates daily.", 0, 0.05},
		{"You may return it within 30 days.", 0, 0.05},
		{"If you're not sure if your size fits, check our size guide.", 0, 0.05},
		{"Not sure if you saw, but the sale ends Friday.", 0, 0.05},
		{"If you're not sure which plan suits you, the Team plan covers most needs.", 0, 0.05},
		{"Unless you're unsure about sizing, the medium fits most.", 0, 0.05},
		{"Not sure which size? Our fit guide has measurements for every style.", 0, 0.05},
		{"I don't have your order number yet, could you share it?", 0, 0.05},
		{"I don't have the tracking details yet; they'll be emailed when it ships.", 0, 0.05},
		{"I don't have a phone line, but you can email us anytime.", 0, 0.05},
		{"Delivery usually takes 2-3 days, and you may get a text from the courier.", 0, 0.05},
		{"The sale ends Friday. You may want to check the app for early access.", 0, 0.05},
	}
	checkScores(t, "Hedging", analyze.Hedging, tests)
}

func TestMessageUncertainty(t *testing.T) {
	t.Parallel()
	tests := []struct {
		text string
		conf *float64
		want float64
	}{
		{"Your order ships in 2 days.", ptr(0.9), 0.1},
		{"Your order ships in 2 days.", ptr(0.2), 0.8},
		{"Your order ships in 2 days.", nil, 0},
		{"I don't know.", nil, analyze.Hedging("I don't know.")},
		{"I don't know.", ptr(0.9), 1 - 0.9*(1-analyze.Hedging("I don't know."))},
		{"Your order ships in 2 days.", ptr(1.7), 0},
	}
	for _, tt := range tests {
		m := &handoff.Message{Role: handoff.RoleAI, Text: tt.text, Confidence: tt.conf}
		if got := analyze.MessageUncertainty(m); math.Abs(got-tt.want) > 1e-9 {
			t.Errorf("MessageUncertainty(%q, %v) = %.3f, want %.3f", tt.text, deref(tt.conf), got, tt.want)
		}
	}
}

func TestUncertainty(t *testing.T) {
	t.Parallel()
	history := []*handoff.Message{
		{Role: handoff.RoleCustomer, Text: "where is my order"},
		{Role: handoff.RoleAI, Text: "It ships tomorrow.", Confidence: ptr(0.7)},
		{Role: handoff.RoleCustomer, Text: "it said that yesterday"},
		{Role: handoff.RoleAI, Text: "It ships tomorrow.", Confidence: ptr(0.4)},
		{Role: handoff.RoleAgent, Text: "Hi, Sara here, let me check."},
		nil,
	}
	last, prev := analyze.Uncertainty(history)
	if math.Abs(last-0.6) > 1e-9 || math.Abs(prev-0.3) > 1e-9 {
		t.Errorf("Uncertainty = %.3f, %.3f; want 0.6 (last AI reply), 0.3 (the one before)", last, prev)
	}
	if last, prev := analyze.Uncertainty(history[:1]); last != 0 || prev != 0 {
		t.Errorf("Uncertainty without AI replies = %.3f, %.3f; want 0, 0", last, prev)
	}
}

func ptr(f float64) *float64 { return &f }

func deref(f *float64) any {
	if f == nil {
		return nil
	}
	return *f
}

// TestHedgingSources covers information the AI lacks, sources it has that
// are incomplete or silent, and what it cannot confirm, in many wordings;
// beside them confident replies about the same things and the customer's
// own search.
func TestHedgingSources(t *testing.T) {
	t.Parallel()
	tests := []scoreCase{
		{"Sorry, I couldn't find the details of Off-Peak Plus in the information I have access to.", 0.7, 1},
		{"Thanks. I still can't say for certain whether the Nimbus will fit snugly; the spec sheet I have is incomplete.", 0.7, 1},
		{"I can't find anything about that in the documents available to me.", 0.7, 1},
		{"The product page I have doesn't list the weight, so I can't confirm it.", 0.7, 1},
		{"My records don't show the dimensions of that model.", 0.7, 1},
		{"The information I have on the Trailmaster is limited, so I can't tell you for sure.", 0.7, 1},
		{"That isn't covered in the information I have.", 0.7, 1},
		{"I don't have the specifics on that course.", 0.7, 1},
		{"There's no mention of a student discount in what I can see.", 0.7, 1},
		{"The details I have are incomplete, so please double-check with the store.", 0.7, 1},
		{"My information on that plan may be out of date.", 0.7, 1},
		{"I couldn't find that in our FAQ or the product listing.", 0.7, 1},
		{"The spec sheet I have doesn't say whether it's waterproof.", 0.7, 1},
		{"I haven't been able to confirm the delivery date with the courier.", 0.7, 1},
		{"It might be. Some off-peak plans include it, but I can't tell which one you're on.", 0.7, 1},
		{"I can't say when it will arrive.", 0.7, 1},
		{"I can't tell you how pleased we are!", 0, 0.1},
		{"I can tell which plan you're on: Off-Peak Plus.", 0, 0.1},
		{"The Nimbus fits snugly; the spec sheet lists 42 cm.", 0, 0.1},
		{"I can confirm the voucher is valid until June.", 0, 0.1},
		{"I found the details of Off-Peak Plus: it's £20 a month.", 0, 0.1},
		{"I can say for certain it will arrive Friday.", 0, 0.1},
		{"The information you need is in the email we sent.", 0, 0.1},
		{"If you can't find the details, they're in your account under Orders.", 0, 0.1},
		{"You can't find the spec sheet? It's at the bottom of the page.", 0, 0.1},
		{"The manual covers everything, including care instructions.", 0, 0.1},
		{"We couldn't be happier that you like it!", 0, 0.1},
	}
	checkScores(t, "Hedging", analyze.Hedging, tests)
}

// TestHedgingGuesses covers an AI that owns its answer would be a guess or
// may be wrong, that it cannot tell the customer something, that it lacks
// a kind of figures, or that is not sure after an adverb; beside them
// confident replies with the same words and the customer's own doubt.
func TestHedgingGuesses(t *testing.T) {
	t.Parallel()
	tests := []scoreCase{
		{"I really can't tell you that.", 0.7, 1},
		{"I honestly can't say which charger fits.", 0.7, 1},
		{"I don't have the charging specs for older chargers.", 0.7, 1},
		{"I don't have the exact dimensions for that model.", 0.7, 1},
		{"I'd only be guessing, sorry.", 0.5, 1},
		{"I'd hate to give you a wrong number.", 0.5, 1},
		{"I could be wrong, but it should fit the Vento.", 0.5, 1},
		{"That would just be a guess on my part.", 0.5, 1},
		{"I'm honestly not sure of the exact caffeine per serving.", 0.7, 1},
		{"I'm really not certain the sale applies.", 0.7, 1},
		{"I'm guessing you mean the blue one; it's in stock.", 0, 0.1},
		{"I can tell you that it ships on Friday.", 0, 0.1},
		{"I can't tell you how happy that makes us!", 0, 0.1},
		{"I don't have the order number yet, could you share it?", 0, 0.05},
		{"Not sure of your size? Our fit guide has measurements for every style.", 0, 0.05},
		{"You could be wrong about the size, so check the guide.", 0, 0.15},
		{"I'd hate for you to miss the sale, it ends Friday!", 0, 0.1},
		{"Honestly, you can't go wrong with the 48V charger.", 0, 0.1},
		{"I'm really sure you'll love it.", 0, 0.1},
	}
	checkScores(t, "Hedging", analyze.Hedging, tests)
}
