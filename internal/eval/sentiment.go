package eval

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// GoldItem is one human-rated text of a VADER gold-standard file.
type GoldItem struct {
	ID     string
	Rating float64 // mean human rating, -4..4
	Text   string
}

// maxLine is the longest line the readers accept.
const maxLine = 1 << 20

// ReadGold reads a VADER gold-standard file: one item per line,
// "id<TAB>mean rating<TAB>text", CRLF or LF line endings. Empty lines are
// skipped; any other malformed line is an error naming its line number.
func ReadGold(r io.Reader) ([]GoldItem, error) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64*1024), maxLine)
	var items []GoldItem
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSuffix(sc.Text(), "\r")
		if n == 1 {
			line = strings.TrimPrefix(line, "\ufeff")
		}
		if strings.TrimSpace(line) == "" {
			continue
		}
		f := strings.SplitN(line, "\t", 3)
		if len(f) != 3 {
			return nil, fmt.Errorf("line %d: want id<TAB>rating<TAB>text", n)
		}
		rating, err := strconv.ParseFloat(strings.TrimSpace(f[1]), 64)
		if err != nil || rating < -4 || rating > 4 {
			return nil, fmt.Errorf("line %d: rating %q is not a number in [-4,4]", n, f[1])
		}
		items = append(items, GoldItem{ID: f[0], Rating: rating, Text: f[2]})
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	return items, nil
}

// SentimentReport is how well a sentiment score agrees with the human
// ratings of one gold file.
type SentimentReport struct {
	Name    string  `json:"name"`
	N       int     `json:"n"`
	Pearson float64 `json:"pearson_r"` // of the score and the mean rating
	// MAE is the mean absolute error of the score against rating/4, both in [-1,1].
	MAE float64 `json:"mae"`
	// Accuracy3 is the share of items whose score and rating/4 fall in the same
	// class (negative, neutral, positive at ±0.05).
	Accuracy3 float64 `json:"accuracy_3class"`
}

// Sentiment scores every item and compares the scores with the ratings.
func Sentiment(name string, items []GoldItem, score func(text string) float64) SentimentReport {
	got := make([]float64, len(items))
	want := make([]float64, len(items))
	same := 0
	for i, it := range items {
		got[i] = score(it.Text)
		want[i] = it.Rating / 4
		if Polarity(got[i]) == Polarity(want[i]) {
			same++
		}
	}
	return SentimentReport{Name: name, N: len(items), Pearson: Pearson(got, want), MAE: MAE(got, want),
		Accuracy3: ratio(same, len(items))}
}

// ReadScores reads the scores another implementation gave, one JSON object
// {"text": …, "compound": …} a line (what bench/vader-js/score.js prints),
// into a map from text to score.
func ReadScores(r io.Reader) (map[string]float64, error) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64*1024), maxLine)
	scores := map[string]float64{}
	for n := 1; sc.Scan(); n++ {
		b := bytes.TrimSpace(sc.Bytes())
		if len(b) == 0 {
			continue
		}
		var s struct {
			Text     *string  `json:"text"`
			Compound *float64 `json:"compound"`
		}
		if err := json.Unmarshal(b, &s); err != nil {
			return nil, fmt.Errorf("line %d: %v", n, err)
		}
		if s.Text == nil || s.Compound == nil {
			return nil, fmt.Errorf("line %d: want {\"text\": …, \"compound\": …}", n)
		}
		scores[*s.Text] = *s.Compound
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	return scores, nil
}
