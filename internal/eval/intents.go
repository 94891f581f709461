package eval

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"
)

// Labelled is one text and its label.
type Labelled struct {
	Text  string `json:"text"`
	Label string `json:"label"`
}

// ReadLabelled reads a CSV file (RFC 4180, UTF-8) whose header names a
// "text" column and, optionally, a "label" column; other columns are
// ignored. Rows with an empty text are errors.
func ReadLabelled(r io.Reader) ([]Labelled, error) {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1
	header, err := cr.Read()
	if errors.Is(err, io.EOF) {
		return nil, errors.New("empty file: want a header with a text column")
	}
	if err != nil {
		return nil, err
	}
	textCol, labelCol := -1, -1
	for i, h := range header {
		switch strings.ToLower(strings.TrimSpace(strings.TrimPrefix(h, "\ufeff"))) {
		case "text":
			textCol = i
		case "label":
			labelCol = i
		}
	}
	if textCol < 0 {
		return nil, errors.New("line 1: the header has no text column")
	}
	var rows []Labelled
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, err
		}
		line, _ := cr.FieldPos(0)
		if textCol >= len(rec) || strings.TrimSpace(rec[textCol]) == "" {
			return nil, fmt.Errorf("line %d: empty text", line)
		}
		row := Labelled{Text: rec[textCol]}
		if labelCol >= 0 && labelCol < len(rec) {
			row.Label = strings.TrimSpace(rec[labelCol])
		}
		rows = append(rows, row)
	}
	return rows, nil
}

// IntentError is a misclassified text.
type IntentError struct {
	Text       string  `json:"text"`
	Label      string  `json:"label"`
	Kind       string  `json:"kind"` // "false_positive" or "false_negative"
	Confidence float64 `json:"confidence"`
}

// IntentReport is how well a detector finds one label.
type IntentReport struct {
	Name      string        `json:"name"`
	Label     string        `json:"label"`
	N         int           `json:"n"`
	Confusion Confusion     `json:"confusion"`
	Precision float64       `json:"precision"`
	Recall    float64       `json:"recall"`
	F1        float64       `json:"f1"`
	FPRate    float64       `json:"false_positive_rate"` // on the rows with another label
	Errors    []IntentError `json:"errors"`              // in file order
}

// Intents runs detect on every row and scores it against rows labelled label.
func Intents(name string, rows []Labelled, label string, detect func(text string) (bool, float64)) IntentReport {
	rep := IntentReport{Name: name, Label: label, N: len(rows), Errors: []IntentError{}}
	for _, r := range rows {
		got, conf := detect(r.Text)
		want := r.Label == label
		rep.Confusion.Add(want, got)
		switch {
		case got && !want:
			rep.Errors = append(rep.Errors, IntentError{Text: r.Text, Label: r.Label, Kind: "false_positive", Confidence: conf})
		case want && !got:
			rep.Errors = append(rep.Errors, IntentError{Text: r.Text, Label: r.Label, Kind: "false_negative", Confidence: conf})
		}
	}
	c := rep.Confusion
	rep.Precision, rep.Recall, rep.F1, rep.FPRate = c.Precision(), c.Recall(), c.F1(), c.FalsePositiveRate()
	return rep
}

// ToneLabel is how often negative_tone reaches the threshold on the rows of one label.
type ToneLabel struct {
	Label   string  `json:"label"`
	N       int     `json:"n"`
	Flagged int     `json:"flagged"` // rows with negative_tone ≥ the threshold
	Share   float64 `json:"share"`
	Mean    float64 `json:"mean"` // mean negative_tone
}

// ToneReport is how often negative_tone flags the texts of each label.
type ToneReport struct {
	Name      string        `json:"name"`
	Threshold float64       `json:"threshold"`
	Labels    []ToneLabel   `json:"labels"` // in order of first appearance
	Errors    []IntentError `json:"errors"` // rows of the flagged label below the threshold, rows of other labels at or above it
}

// Tone scores every row with tone and reports, per label, the share at or
// above threshold. Rows labelled flaggedLabel that stay below it, and rows of
// other labels that reach it, are listed as errors.
func Tone(name string, rows []Labelled, threshold float64, flaggedLabel string, tone func(text string) float64) ToneReport {
	rep := ToneReport{Name: name, Threshold: threshold, Labels: []ToneLabel{}, Errors: []IntentError{}}
	index := map[string]int{}
	for _, r := range rows {
		i, ok := index[r.Label]
		if !ok {
			i = len(rep.Labels)
			index[r.Label] = i
			rep.Labels = append(rep.Labels, ToneLabel{Label: r.Label})
		}
		v := tone(r.Text)
		l := &rep.Labels[i]
		l.N++
		l.Mean += v
		flagged := v >= threshold
		if flagged {
			l.Flagged++
		}
		switch {
		case flagged && r.Label != flaggedLabel:
			rep.Errors = append(rep.Errors, IntentError{Text: r.Text, Label: r.Label, Kind: "false_positive", Confidence: v})
		case !flagged && r.Label == flaggedLabel:
			rep.Errors = append(rep.Errors, IntentError{Text: r.Text, Label: r.Label, Kind: "false_negative", Confidence: v})
		}
	}
	for i := range rep.Labels {
		l := &rep.Labels[i]
		l.Share = ratio(l.Flagged, l.N)
		if l.N > 0 {
			l.Mean /= float64(l.N)
		}
	}
	return rep
}
