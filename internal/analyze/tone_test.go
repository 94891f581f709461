package analyze_test

import (
	"path/filepath"
	"testing"

	"github.com/handoffhq/handoff/internal/analyze"
)

func TestNegativeTone(t *testing.T) {
	t.Parallel()
	tests := []struct {
		text    string
		angry   bool // want ≥ 0.5, else < 0.5
		because string
	}{
		{"this is the worst service I have ever had", true, "strong negative sentiment"},
		{"what the fuck is wrong with you people", true, "profanity"},
		{"WHERE IS MY REFUND", true, "shouting"},
		{"hello??? anyone???", false, "punctuation alone is impatience, not hostility"},
		{"where is my order!!! nobody answers!!!", true, "punctuation with a complaint"},
		{"I'm going to sue you", true, "legal threat"},
		{"I'll file a chargeback with my bank", true, "chargeback threat"},
		{"I'll leave a 1 star review everywhere", true, "public complaint"},
		{"never ordering from you again", true, "threat to leave"},
		{"my order 😡", false, "one angry emoji on a neutral message stays below"},
		{"my order is wrong again 😡😡", true, "angry emoji with a complaint"},
		{"been on hold for 2 hours", true, "complaint without sentiment words"},
		{"still no refund", true, "complaint without sentiment words"},
		{"where is my bag", true, "complaint without sentiment words"},
		{"flight delayed again and nobody tells us anything", true, "complaint without sentiment words"},
		{"third time I'm asking", true, "complaint without sentiment words"},
		{"order never arrived", true, "complaint without sentiment words"},
		{"package is missing", true, "complaint without sentiment words"},
		{"item arrived broken", true, "complaint without sentiment words"},
		{"nobody answers", true, "complaint without sentiment words"},
		{"you charged me twice", true, "complaint without sentiment words"},
		{"cancelled my order without telling me", true, "complaint without sentiment words"},
		{"hi, what are your opening hours?", false, "routine question"},
		{"no need for a human, thanks", false, "polite negation"},
		{"I'm not angry, just asking", false, "negated emotion"},
		{"thanks, that's not bad at all", false, "negated negative"},
		{"I'm not complaining, just curious why the price changed", false, "negated complaint"},
		{"my parcel hasn't arrived yet, could you check please?", false, "polite status question"},
		{"I'd like to cancel my order please, I ordered the wrong size by mistake", false, "routine cancellation"},
		{"sorry if this is a stupid question, how do I reset my password?", false, "self-deprecating politeness"},
		{"Good morning, I ordered a sofa last week and wanted to ask when delivery is planned. Thanks in advance!", false, "long polite message"},
		{"", false, "empty"},
	}
	for _, tt := range tests {
		got := analyze.NegativeTone(tt.text)
		if got < 0 || got > 1 || (got >= 0.5) != tt.angry {
			t.Errorf("NegativeTone(%q) = %.2f, want angry=%v (%s)", tt.text, got, tt.angry, tt.because)
		}
	}
}

// TestNegativeToneLabelled checks the tone targets on a labelled set of
// support messages: at least 75% of the clearly unhappy ones reach 0.5 and
// fewer than 5% of the calm ones do.
func TestNegativeToneLabelled(t *testing.T) {
	t.Parallel()
	rows := readCSV(t, filepath.Join("testdata", "tone.csv"))
	var unhappy, caught, calm, flagged int
	var wrong []string
	for _, r := range rows {
		high := analyze.NegativeTone(r[0]) >= 0.5
		switch r[1] {
		case "unhappy":
			unhappy++
			if high {
				caught++
			} else {
				wrong = append(wrong, "missed unhappy: "+r[0])
			}
		case "calm":
			calm++
			if high {
				flagged++
				wrong = append(wrong, "flagged calm: "+r[0])
			}
		default:
			t.Fatalf("unknown label %q for %q", r[1], r[0])
		}
	}
	if unhappy < 120 || calm < 120 {
		t.Fatalf("tone.csv has %d unhappy and %d calm rows, want at least 120 of each", unhappy, calm)
	}
	catch, falseRate := float64(caught)/float64(unhappy), float64(flagged)/float64(calm)
	if catch < 0.75 || falseRate >= 0.05 {
		for _, w := range wrong {
			t.Log(w)
		}
		t.Errorf("negative_tone ≥ 0.5 on %.3f of unhappy (want ≥ 0.75) and %.3f of calm (want < 0.05)", catch, falseRate)
	}
}
