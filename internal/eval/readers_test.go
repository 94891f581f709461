package eval_test

import (
	"reflect"
	"strings"
	"testing"

	"github.com/handoffhq/handoff/internal/eval"
)

func TestReadGold(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		in      string
		want    []eval.GoldItem
		wantErr string
	}{
		{"CRLF and no final newline", "1\t2.5\tgood day\r\n2\t-1\tbad\tday\r\n",
			[]eval.GoldItem{{"1", 2.5, "good day"}, {"2", -1, "bad\tday"}}, ""},
		{"LF, BOM and blank lines", "\ufeff1_1\t0\tmeh\n\n1_2\t4\twow", []eval.GoldItem{{"1_1", 0, "meh"}, {"1_2", 4, "wow"}}, ""},
		{"empty", "", nil, ""},
		{"two fields", "1\t2.5\n", nil, "line 1: want id<TAB>rating<TAB>text"},
		{"rating not a number", "1\t2.5\tok\n2\tx\tno\n", nil, `line 2: rating "x"`},
		{"rating out of range", "1\t4.5\ttoo good\n", nil, "not a number in [-4,4]"},
	}
	for _, tt := range tests {
		got, err := eval.ReadGold(strings.NewReader(tt.in))
		if tt.wantErr != "" {
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("%s: err = %v, want %q", tt.name, err, tt.wantErr)
			}
			continue
		}
		if err != nil || !reflect.DeepEqual(got, tt.want) {
			t.Errorf("%s: ReadGold = %+v, %v; want %+v", tt.name, got, err, tt.want)
		}
	}
}

func TestSentiment(t *testing.T) {
	t.Parallel()
	items := []eval.GoldItem{{"1", 4, "great"}, {"2", -2, "bad"}, {"3", 0, "meh"}, {"4", 0.1, "fine"}}
	scores := map[string]float64{"great": 0.5, "bad": -0.5, "meh": 0.3, "fine": 0.04}
	rep := eval.Sentiment("toy", items, func(s string) float64 { return scores[s] })
	// |0.5−1| + |−0.5−(−0.5)| + |0.3−0| + |0.04−0.025| = 0.815
	if rep.Name != "toy" || rep.N != 4 || abs(rep.MAE-0.815/4) > 1e-12 {
		t.Errorf("report %+v, want n 4 and MAE %v", rep, 0.815/4)
	}
	// Classes: great +/+, bad −/−, meh +/0, fine 0/0.
	if rep.Accuracy3 != 0.75 {
		t.Errorf("3-class accuracy %v, want 0.75", rep.Accuracy3)
	}
	if want := eval.Pearson([]float64{0.5, -0.5, 0.3, 0.04}, []float64{1, -0.5, 0, 0.025}); rep.Pearson != want {
		t.Errorf("r = %v, want %v", rep.Pearson, want)
	}
}

func TestReadScores(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		in      string
		want    map[string]float64
		wantErr string
	}{
		{"score.js output", "{\"text\":\"good\",\"compound\":0.44}\n\n{\"text\":\"bad\",\"compound\":-0.54}\n",
			map[string]float64{"good": 0.44, "bad": -0.54}, ""},
		{"no compound", `{"text":"good"}`, nil, "line 1: want"},
		{"not JSON", "{\"text\":\"a\",\"compound\":0}\ngood 0.4\n", nil, "line 2:"},
	}
	for _, tt := range tests {
		got, err := eval.ReadScores(strings.NewReader(tt.in))
		if tt.wantErr != "" {
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("%s: err = %v, want %q", tt.name, err, tt.wantErr)
			}
			continue
		}
		if err != nil || !reflect.DeepEqual(got, tt.want) {
			t.Errorf("%s: ReadScores = %v, %v; want %v", tt.name, got, err, tt.want)
		}
	}
}

func TestReadLabelled(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		in      string
		want    []eval.Labelled
		wantErr string
	}{
		{"text,label", "text,label\n\"talk to a human, please\",request_human\nhi,other\n",
			[]eval.Labelled{{"talk to a human, please", "request_human"}, {"hi", "other"}}, ""},
		{"columns in any order, extra columns", "id,label,Text\n7,calm,thanks\n",
			[]eval.Labelled{{"thanks", "calm"}}, ""},
		{"text only", "text\nwhere is my order\n", []eval.Labelled{{"where is my order", ""}}, ""},
		{"no text column", "message,label\nhi,other\n", nil, "no text column"},
		{"empty text", "text,label\nhi,other\n ,other\n", nil, "line 3: empty text"},
		{"empty file", "", nil, "empty file"},
		{"bad quoting", "text,label\n\"open,other\n", nil, "extraneous"},
	}
	for _, tt := range tests {
		got, err := eval.ReadLabelled(strings.NewReader(tt.in))
		if tt.wantErr != "" {
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("%s: err = %v, want %q", tt.name, err, tt.wantErr)
			}
			continue
		}
		if err != nil || !reflect.DeepEqual(got, tt.want) {
			t.Errorf("%s: ReadLabelled = %+v, %v; want %+v", tt.name, got, err, tt.want)
		}
	}
}

func TestIntents(t *testing.T) {
	t.Parallel()
	rows := []eval.Labelled{
		{"human please", "request_human"},
		{"agent now", "request_human"},
		{"operator?", "request_human"},
		{"are you human", "check_human"},
		{"where is my order", "other"},
	}
	detect := func(s string) (bool, float64) {
		if strings.Contains(s, "human") || strings.Contains(s, "agent") {
			return true, 0.9
		}
		return false, 0.1
	}
	rep := eval.Intents("toy", rows, "request_human", detect)
	want := eval.Confusion{TP: 2, FP: 1, FN: 1, TN: 1}
	if rep.Confusion != want || rep.N != 5 {
		t.Fatalf("confusion %+v n %d, want %+v n 5", rep.Confusion, rep.N, want)
	}
	if abs(rep.Precision-2.0/3) > 1e-12 || abs(rep.Recall-2.0/3) > 1e-12 || abs(rep.F1-2.0/3) > 1e-12 || rep.FPRate != 0.5 {
		t.Errorf("precision %v recall %v F1 %v FP rate %v", rep.Precision, rep.Recall, rep.F1, rep.FPRate)
	}
	wantErrs := []eval.IntentError{
		{Text: "operator?", Label: "request_human", Kind: "false_negative", Confidence: 0.1},
		{Text: "are you human", Label: "check_human", Kind: "false_positive", Confidence: 0.9},
	}
	if !reflect.DeepEqual(rep.Errors, wantErrs) {
		t.Errorf("errors %+v, want %+v", rep.Errors, wantErrs)
	}
}

func TestTone(t *testing.T) {
	t.Parallel()
	rows := []eval.Labelled{
		{"furious", "unhappy"}, {"annoyed", "unhappy"}, {"sad", "unhappy"}, {"meh", "unhappy"},
		{"thanks", "calm"}, {"THANKS!!!", "calm"},
	}
	tone := map[string]float64{"furious": 0.9, "annoyed": 0.5, "sad": 0.49, "meh": 0.1, "thanks": 0, "THANKS!!!": 0.6}
	rep := eval.Tone("toy", rows, 0.5, "unhappy", func(s string) float64 { return tone[s] })
	want := []eval.ToneLabel{
		{Label: "unhappy", N: 4, Flagged: 2, Share: 0.5, Mean: (0.9 + 0.5 + 0.49 + 0.1) / 4},
		{Label: "calm", N: 2, Flagged: 1, Share: 0.5, Mean: 0.3},
	}
	if len(rep.Labels) != len(want) {
		t.Fatalf("labels %+v, want %+v", rep.Labels, want)
	}
	for i, l := range rep.Labels {
		w := want[i]
		if l.Label != w.Label || l.N != w.N || l.Flagged != w.Flagged || l.Share != w.Share || abs(l.Mean-w.Mean) > 1e-12 {
			t.Errorf("label %d: %+v, want %+v", i, l, w)
		}
	}
	var kinds []string
	for _, e := range rep.Errors {
		kinds = append(kinds, e.Kind+":"+e.Text)
	}
	if got := strings.Join(kinds, " "); got != "false_negative:sad false_negative:meh false_positive:THANKS!!!" {
		t.Errorf("errors %s", got)
	}
}

func abs(x float64) float64 {
	if x < 0 {
		return -x
	}
	return x
}
