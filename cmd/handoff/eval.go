package main

import (
	"cmp"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"text/tabwriter"

	"github.com/handoffhq/handoff"
	"github.com/handoffhq/handoff/internal/analyze"
	quality "github.com/handoffhq/handoff/internal/eval"
	"github.com/handoffhq/handoff/internal/rules"
	"github.com/handoffhq/handoff/internal/simulate"
)

const evalUsage = `Usage: handoff eval COMMAND [flags] FILE...

Measures detection quality on labelled data and prints a table (or JSON with --json).

Commands:
  sentiment FILE...     Pearson r and mean absolute error of the sentiment signal against
                        VADER gold files (id<TAB>mean rating -4..4<TAB>text)
  intents FILE...       precision, recall, F1 and confusion table of request_human on
                        text,label CSV files (--errors lists the misclassified texts)
  trigger-rate FILE...  share of texts (CSV with a text column) that hand a new conversation
                        over under the rules, and which rules fired
  tone FILE...          share of texts per label (text,label CSV) with negative_tone >= 0.5
  transcripts FILE...   labelled conversations (JSONL as simulate takes, with expect_handoff):
                        handed off on the right turn, early, late, missed, unneeded; per rule
                        and per category
  all                   every table above on the project's testdata (run from the repository root
                        or give --dir)

Run "handoff eval COMMAND --help" for the flags of a command.
`

// evalDefaults are the files "handoff eval all" measures, relative to --dir.
var evalDefaults = struct {
	gold        []string
	intents     string
	borderline  string
	tone        string
	transcripts []string
}{
	gold: []string{
		"testdata/vader-gold/tweets_GroundTruth.txt",
		"testdata/vader-gold/amazonReviewSnippets_GroundTruth.txt",
		"testdata/vader-gold/movieReviewSnippets_GroundTruth.txt",
		"testdata/vader-gold/nytEditorialSnippets_GroundTruth.txt",
	},
	intents:    "testdata/intents/handoff-intents.csv",
	borderline: "testdata/intents/handoff-borderline.csv",
	tone:       "internal/analyze/testdata/tone.csv",
	transcripts: []string{
		"testdata/transcripts/tuning.jsonl", "testdata/transcripts/holdout.jsonl", "testdata/transcripts/blind.jsonl",
		"testdata/transcripts/blind-2.jsonl", "testdata/transcripts/blind-3.jsonl", "testdata/transcripts/blind-4.jsonl",
		"testdata/transcripts/blind-5.jsonl", "testdata/transcripts/blind-6.jsonl", "testdata/transcripts/blind-7.jsonl",
		"testdata/transcripts/blind-8.jsonl", "testdata/transcripts/blind-9.jsonl",
		"testdata/transcripts/blind-10.jsonl", "testdata/transcripts/blind-11.jsonl",
	},
}

// evalAll is the JSON document of "handoff eval all --json".
type evalAll struct {
	Sentiment   []quality.SentimentReport  `json:"sentiment"`
	Intents     []quality.IntentReport     `json:"intents"`
	TriggerRate []quality.TriggerReport    `json:"trigger_rate"`
	Tone        []quality.ToneReport       `json:"tone"`
	Transcripts []quality.TranscriptReport `json:"transcripts"`
}

func runEval(args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		fmt.Fprint(stderr, evalUsage)
		return errUsage
	}
	cmd, args := args[0], args[1:]
	switch cmd {
	case "sentiment":
		return evalSentimentCmd(args, stdout, stderr)
	case "intents":
		return evalIntentsCmd(args, stdout, stderr)
	case "trigger-rate":
		return evalTriggerCmd(args, stdout, stderr)
	case "tone":
		return evalToneCmd(args, stdout, stderr)
	case "transcripts":
		return evalTranscriptsCmd(args, stdout, stderr)
	case "all":
		return evalAllCmd(args, stdout, stderr)
	case "help", "-h", "--help", "-help":
		fmt.Fprint(stdout, evalUsage)
		return nil
	}
	fmt.Fprintf(stderr, "handoff eval: unknown command %q\n\n%s", cmd, evalUsage)
	return errUsage
}

// evalFlags is a flag set with the flags every eval command shares.
type evalFlags struct {
	*flag.FlagSet
	json bool
}

func newEvalFlags(name, usage string, stderr io.Writer) *evalFlags {
	fs := &evalFlags{FlagSet: flag.NewFlagSet("handoff eval "+name, flag.ContinueOnError)}
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintf(stderr, "Usage: handoff eval %s\n\nFlags:\n", usage)
		fs.PrintDefaults()
	}
	fs.BoolVar(&fs.json, "json", false, "print JSON instead of a table")
	return fs
}

// parse parses args and requires at least one file unless noFiles.
func (fs *evalFlags) parse(args []string, stderr io.Writer, noFiles bool) error {
	if err := fs.Parse(args); err != nil {
		return err
	}
	switch {
	case noFiles && fs.NArg() > 0:
		fmt.Fprintf(stderr, "%s: unexpected argument %q\n", fs.Name(), fs.Arg(0))
		return errUsage
	case !noFiles && fs.NArg() == 0:
		fmt.Fprintf(stderr, "%s: no FILE given\n", fs.Name())
		fs.Usage()
		return errUsage
	}
	return nil
}

func evalSentimentCmd(args []string, stdout, stderr io.Writer) error {
	fs := newEvalFlags("sentiment", "sentiment [--scores FILE] [--json] GOLDFILE...", stderr)
	scoresFile := fs.String("scores", "", "score the texts from this JSONL file ({\"text\",\"compound\"} a line, as bench/vader-js/score.js prints) instead of the sentiment signal")
	if err := fs.parse(args, stderr, false); err != nil {
		return err
	}
	var scores map[string]float64
	if *scoresFile != "" {
		var err error
		if scores, err = readFile(*scoresFile, quality.ReadScores); err != nil {
			return err
		}
	}
	reps, err := evalSentiment(fs.Args(), scores)
	if err != nil {
		return err
	}
	if fs.json {
		return writeJSON(stdout, reps)
	}
	return printSentiment(stdout, reps)
}

// evalSentiment measures the sentiment signal on each gold file or, when
// scores is not nil, the scores another implementation gave the same texts.
func evalSentiment(files []string, scores map[string]float64) ([]quality.SentimentReport, error) {
	score := sentimentSignal()
	if scores != nil {
		score = func(text string) float64 { return scores[text] }
	}
	var reps []quality.SentimentReport
	for _, path := range files {
		items, err := readFile(path, quality.ReadGold)
		if err != nil {
			return nil, err
		}
		if scores != nil {
			for _, it := range items {
				if _, ok := scores[it.Text]; !ok {
					return nil, fmt.Errorf("%s: the scores have no entry for item %s (%q)", path, it.ID, it.Text)
				}
			}
		}
		reps = append(reps, quality.Sentiment(filepath.Base(path), items, score))
	}
	return reps, nil
}

// sentimentSignal scores a text as the first customer message of a
// conversation, exactly as the engine computes the sentiment signal.
func sentimentSignal() func(string) float64 {
	a := analyze.New(analyze.Config{})
	return func(text string) float64 {
		return a.Analyze(nil, &handoff.Message{Role: handoff.RoleCustomer, Text: text}).Sentiment
	}
}

func printSentiment(w io.Writer, reps []quality.SentimentReport) error {
	fmt.Fprintln(w, "sentiment: Pearson r against the mean human rating; MAE and 3-class accuracy (±0.05) against rating/4")
	tw := newTable(w)
	fmt.Fprintln(tw, "file\tn\tr\tMAE\t3-class acc")
	for _, r := range reps {
		fmt.Fprintf(tw, "%s\t%d\t%.4f\t%.4f\t%.3f\n", r.Name, r.N, r.Pearson, r.MAE, r.Accuracy3)
	}
	return tw.Flush()
}

func evalIntentsCmd(args []string, stdout, stderr io.Writer) error {
	fs := newEvalFlags("intents", "intents [--label request_human] [--errors] [--json] CSVFILE...", stderr)
	label := fs.String("label", "request_human", "the label request_human should find")
	showErrors := fs.Bool("errors", false, "list the misclassified texts")
	if err := fs.parse(args, stderr, false); err != nil {
		return err
	}
	reps, err := evalIntents(fs.Args(), *label)
	if err != nil {
		return err
	}
	if fs.json {
		return writeJSON(stdout, reps)
	}
	return printIntents(stdout, reps, *showErrors)
}

func evalIntents(files []string, label string) ([]quality.IntentReport, error) {
	var reps []quality.IntentReport
	for _, path := range files {
		rows, err := readFile(path, quality.ReadLabelled)
		if err != nil {
			return nil, err
		}
		reps = append(reps, quality.Intents(filepath.Base(path), rows, label, analyze.RequestHuman))
	}
	return reps, nil
}

func printIntents(w io.Writer, reps []quality.IntentReport, showErrors bool) error {
	for i, r := range reps {
		if i > 0 {
			fmt.Fprintln(w)
		}
		c := r.Confusion
		fmt.Fprintf(w, "intents: request_human against label %q in %s (%d rows)\n", r.Label, r.Name, r.N)
		tw := newTable(w)
		fmt.Fprintln(tw, "precision\trecall\tF1\tfalse positive rate")
		fmt.Fprintf(tw, "%.3f\t%.3f\t%.3f\t%.4f\n", r.Precision, r.Recall, r.F1, r.FPRate)
		if err := tw.Flush(); err != nil {
			return err
		}
		fmt.Fprintln(w)
		tw = newTable(w)
		fmt.Fprintf(tw, "\tpredicted %s\tpredicted other\n", r.Label)
		fmt.Fprintf(tw, "label %s\t%d\t%d\n", r.Label, c.TP, c.FN)
		fmt.Fprintf(tw, "other labels\t%d\t%d\n", c.FP, c.TN)
		if err := tw.Flush(); err != nil {
			return err
		}
		if showErrors {
			printErrors(w, r.Errors)
		}
	}
	return nil
}

// printErrors lists misclassified texts with the detector's score.
func printErrors(w io.Writer, errs []quality.IntentError) {
	fmt.Fprintf(w, "\n%d misclassified:\n", len(errs))
	for _, e := range errs {
		kind := "FP"
		if e.Kind == "false_negative" {
			kind = "FN"
		}
		fmt.Fprintf(w, "  %s %.2f  %s  [%s]\n", kind, e.Confidence, oneLine(e.Text), e.Label)
	}
}

func evalTriggerCmd(args []string, stdout, stderr io.Writer) error {
	fs := newEvalFlags("trigger-rate", "trigger-rate [--channel web] [--rules FILE] [--json] CSVFILE...", stderr)
	channel := fs.String("channel", handoff.ChannelWeb, "the channel of the conversations")
	rulesFile := fs.String("rules", "", "rule set (YAML or JSON); default: the shipped rules")
	showTexts := fs.Bool("texts", false, "list the texts that hand over")
	if err := fs.parse(args, stderr, false); err != nil {
		return err
	}
	if !handoff.ValidChannel(*channel) {
		fmt.Fprintf(stderr, "handoff eval trigger-rate: unknown channel %q (want one of %s)\n", *channel, strings.Join(handoff.Channels, ", "))
		return errUsage
	}
	set, err := evalRules(*rulesFile)
	if err != nil {
		return err
	}
	reps, err := evalTrigger(fs.Args(), *channel, set)
	if err != nil {
		return err
	}
	if fs.json {
		return writeJSON(stdout, reps)
	}
	return printTrigger(stdout, reps, *showTexts)
}

// evalRules loads a rule set, or returns nil for the shipped defaults.
func evalRules(path string) (*rules.Set, error) {
	if path == "" {
		return nil, nil
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	rs, err := rules.Parse(b)
	if err != nil {
		return nil, fmt.Errorf("%s: %s", path, handoff.ErrorMessage(err))
	}
	return rules.Compile(rs)
}

func evalTrigger(files []string, channel string, set *rules.Set) ([]quality.TriggerReport, error) {
	var reps []quality.TriggerReport
	for _, path := range files {
		rows, err := readFile(path, quality.ReadLabelled)
		if err != nil {
			return nil, err
		}
		texts := make([]string, len(rows))
		for i, r := range rows {
			texts[i] = r.Text
		}
		sim, err := simulate.New(set, nil, nil)
		if err != nil {
			return nil, err
		}
		reps = append(reps, quality.TriggerRate(filepath.Base(path), texts, channel, sim))
	}
	return reps, nil
}

func printTrigger(w io.Writer, reps []quality.TriggerReport, showTexts bool) error {
	fmt.Fprintln(w, "trigger-rate: each text as the first customer message of a new conversation")
	tw := newTable(w)
	fmt.Fprintln(tw, "file\tchannel\tn\thanded over\trate\trules fired")
	for _, r := range reps {
		var fired []string
		for _, rc := range r.Rules {
			fired = append(fired, fmt.Sprintf("%s %d", rc.Rule, rc.Count))
		}
		fmt.Fprintf(tw, "%s\t%s\t%d\t%d\t%.3f\t%s\n", r.Name, r.Channel, r.N, r.Triggered, r.Rate, cmp.Or(strings.Join(fired, ", "), "none"))
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	if showTexts {
		for _, r := range reps {
			fmt.Fprintf(w, "\n%s: %d texts hand over:\n", r.Name, len(r.Texts))
			for _, t := range r.Texts {
				fmt.Fprintf(w, "  %s\n", oneLine(t))
			}
		}
	}
	return nil
}

func evalToneCmd(args []string, stdout, stderr io.Writer) error {
	fs := newEvalFlags("tone", "tone [--label unhappy] [--threshold 0.5] [--errors] [--json] CSVFILE...", stderr)
	label := fs.String("label", "unhappy", "the label negative_tone should flag")
	threshold := fs.Float64("threshold", 0.5, "negative_tone from which a text counts as flagged")
	showErrors := fs.Bool("errors", false, "list the texts of the label that stay below the threshold and the others that reach it")
	if err := fs.parse(args, stderr, false); err != nil {
		return err
	}
	reps, err := evalTone(fs.Args(), *label, *threshold)
	if err != nil {
		return err
	}
	if fs.json {
		return writeJSON(stdout, reps)
	}
	return printTone(stdout, reps, *showErrors)
}

func evalTone(files []string, label string, threshold float64) ([]quality.ToneReport, error) {
	var reps []quality.ToneReport
	for _, path := range files {
		rows, err := readFile(path, quality.ReadLabelled)
		if err != nil {
			return nil, err
		}
		reps = append(reps, quality.Tone(filepath.Base(path), rows, threshold, label, analyze.NegativeTone))
	}
	return reps, nil
}

func printTone(w io.Writer, reps []quality.ToneReport, showErrors bool) error {
	for i, r := range reps {
		if i > 0 {
			fmt.Fprintln(w)
		}
		fmt.Fprintf(w, "tone: share of texts with negative_tone >= %.2f in %s\n", r.Threshold, r.Name)
		tw := newTable(w)
		fmt.Fprintln(tw, "label\tn\tflagged\tshare\tmean tone")
		for _, l := range r.Labels {
			fmt.Fprintf(tw, "%s\t%d\t%d\t%.3f\t%.3f\n", l.Label, l.N, l.Flagged, l.Share, l.Mean)
		}
		if err := tw.Flush(); err != nil {
			return err
		}
		if showErrors {
			printErrors(w, r.Errors)
		}
	}
	return nil
}

func evalTranscriptsCmd(args []string, stdout, stderr io.Writer) error {
	fs := newEvalFlags("transcripts", "transcripts [--rules FILE] [--channels FILE] [--errors] [--json] JSONLFILE...", stderr)
	rulesFile := fs.String("rules", "", "rule set (YAML or JSON); default: the shipped rules")
	channelsFile := fs.String("channels", "", "channel settings (YAML or JSON); default: the shipped safety net")
	showErrors := fs.Bool("errors", false, "list the conversations not handed over on the right turn and the traps that fired")
	if err := fs.parse(args, stderr, false); err != nil {
		return err
	}
	set, err := evalRules(*rulesFile)
	if err != nil {
		return err
	}
	var chans []handoff.ChannelConfig
	if *channelsFile != "" {
		b, err := os.ReadFile(*channelsFile)
		if err != nil {
			return err
		}
		if chans, err = simulate.ParseChannels(b); err != nil {
			return fmt.Errorf("%s: %w", *channelsFile, err)
		}
	}
	reps, err := evalTranscripts(fs.Args(), set, chans)
	if err != nil {
		return err
	}
	if fs.json {
		return writeJSON(stdout, reps)
	}
	return printTranscripts(stdout, reps, *showErrors)
}

func evalTranscripts(files []string, set *rules.Set, chans []handoff.ChannelConfig) ([]quality.TranscriptReport, error) {
	var reps []quality.TranscriptReport
	for _, path := range files {
		lines, err := readFile(path, quality.ReadTranscripts)
		if err != nil {
			return nil, err
		}
		sim, err := simulate.New(set, chans, nil)
		if err != nil {
			return nil, err
		}
		reps = append(reps, quality.Transcripts(filepath.Base(path), lines, sim))
	}
	return reps, nil
}

func printTranscripts(w io.Writer, reps []quality.TranscriptReport, showErrors bool) error {
	fmt.Fprintln(w, "transcripts: first handoff against the labelled turn")
	tw := newTable(w)
	fmt.Fprintln(tw, "file\tconversations\twant handoff\tright turn\tright %\tearly\tlate (turns)\tmissed\tunneeded\tfalse %\ttraps fired")
	for _, r := range reps {
		fmt.Fprintf(tw, "%s\t%d\t%d\t%d\t%.1f\t%d\t%d (%d)\t%d\t%d\t%.1f\t%d of %d\n", r.Name, r.Conversations, r.WantHandoff,
			r.Right, 100*r.RightRate, r.Early, r.Late, r.LateTurns, r.Missed, r.Unneeded, 100*r.FalseRate, r.TrapsFired, r.Traps)
	}
	if err := tw.Flush(); err != nil {
		return err
	}

	fmt.Fprintln(w, "\nper rule of the first handoff (handoffs: right / early / late / unneeded)")
	tw = newTable(w)
	row(tw, append([]string{"rule"}, reportNames(reps)...)...)
	for _, rule := range ruleNames(reps) {
		cells := []string{rule}
		for _, r := range reps {
			cell := "-"
			for _, rs := range r.Rules {
				if rs.Rule == rule {
					cell = fmt.Sprintf("%d: %d / %d / %d / %d", rs.Handoffs, rs.Right, rs.Early, rs.Late, rs.Unneeded)
				}
			}
			cells = append(cells, cell)
		}
		row(tw, cells...)
	}
	if err := tw.Flush(); err != nil {
		return err
	}

	fmt.Fprintln(w, "\nper category (right turn / conversations)")
	tw = newTable(w)
	row(tw, append([]string{"category"}, reportNames(reps)...)...)
	for _, cat := range categoryNames(reps) {
		cells := []string{cat}
		for _, r := range reps {
			cell := "-"
			for _, cs := range r.Categories {
				if cs.Category == cat {
					cell = fmt.Sprintf("%d / %d", cs.Right, cs.Conversations)
				}
			}
			cells = append(cells, cell)
		}
		row(tw, cells...)
	}
	if err := tw.Flush(); err != nil {
		return err
	}

	if showErrors {
		for _, r := range reps {
			errs := r.Errors()
			fmt.Fprintf(w, "\n%s: %d conversations not handed over on the right turn, %d traps fired\n", r.Name, len(errs), r.TrapsFired)
			for _, c := range errs {
				fmt.Fprintf(w, "  %s (%s): %s\n", c.Conversation, c.Channel, c.Outcome)
				if c.Expected != nil {
					fmt.Fprintf(w, "    expected turn %d: %s\n", *c.Expected, oneLine(c.ExpectedText))
				}
				if c.Got != nil {
					fmt.Fprintf(w, "    handed over on turn %d by %s: %s\n", *c.Got, c.Rule, oneLine(c.GotText))
				}
			}
			for _, t := range r.FiredTraps {
				fmt.Fprintf(w, "  trap %s turn %d fired %s: %s\n", t.Conversation, t.Turn, strings.Join(t.Fired, ", "), oneLine(t.Text))
			}
		}
	}
	return nil
}

// reportNames lists the names of the reports.
func reportNames(reps []quality.TranscriptReport) []string {
	names := make([]string, len(reps))
	for i, r := range reps {
		names[i] = r.Name
	}
	return names
}

// row writes one row of cells to a table.
func row(tw *tabwriter.Writer, cells ...string) {
	fmt.Fprintln(tw, strings.Join(cells, "\t"))
}

// ruleNames lists the rules of every report, in order of first appearance.
func ruleNames(reps []quality.TranscriptReport) []string {
	var names []string
	seen := map[string]bool{}
	for _, r := range reps {
		for _, rs := range r.Rules {
			if !seen[rs.Rule] {
				seen[rs.Rule] = true
				names = append(names, rs.Rule)
			}
		}
	}
	return names
}

// categoryNames lists the categories of every report, in order of first appearance.
func categoryNames(reps []quality.TranscriptReport) []string {
	var names []string
	seen := map[string]bool{}
	for _, r := range reps {
		for _, cs := range r.Categories {
			if !seen[cs.Category] {
				seen[cs.Category] = true
				names = append(names, cs.Category)
			}
		}
	}
	return names
}

func evalAllCmd(args []string, stdout, stderr io.Writer) error {
	fs := newEvalFlags("all", "all [--dir DIR] [--json]", stderr)
	dir := fs.String("dir", ".", "the repository root, which holds testdata/")
	if err := fs.parse(args, stderr, true); err != nil {
		return err
	}
	at := func(p string) string { return filepath.Join(*dir, filepath.FromSlash(p)) }
	if _, err := os.Stat(at(evalDefaults.intents)); err != nil {
		return fmt.Errorf("%s not found: run from the repository root or give --dir", at(evalDefaults.intents))
	}
	gold := make([]string, len(evalDefaults.gold))
	for i, p := range evalDefaults.gold {
		gold[i] = at(p)
	}
	transcripts := make([]string, len(evalDefaults.transcripts))
	for i, p := range evalDefaults.transcripts {
		transcripts[i] = at(p)
	}
	var all evalAll
	var err error
	if all.Sentiment, err = evalSentiment(gold, nil); err != nil {
		return err
	}
	if all.Intents, err = evalIntents([]string{at(evalDefaults.intents)}, "request_human"); err != nil {
		return err
	}
	if all.TriggerRate, err = evalTrigger([]string{at(evalDefaults.borderline)}, handoff.ChannelWeb, nil); err != nil {
		return err
	}
	if all.Tone, err = evalTone([]string{at(evalDefaults.tone)}, "unhappy", 0.5); err != nil {
		return err
	}
	if all.Transcripts, err = evalTranscripts(transcripts, nil, nil); err != nil {
		return err
	}
	if fs.json {
		return writeJSON(stdout, all)
	}
	for i, print := range []func() error{
		func() error { return printSentiment(stdout, all.Sentiment) },
		func() error { return printIntents(stdout, all.Intents, false) },
		func() error { return printTrigger(stdout, all.TriggerRate, false) },
		func() error { return printTone(stdout, all.Tone, false) },
		func() error { return printTranscripts(stdout, all.Transcripts, false) },
	} {
		if i > 0 {
			fmt.Fprintln(stdout)
		}
		if err := print(); err != nil {
			return err
		}
	}
	return nil
}

// readFile opens path and decodes it with read, naming the file in errors.
func readFile[T any](path string, read func(io.Reader) (T, error)) (T, error) {
	var zero T
	f, err := os.Open(path)
	if err != nil {
		return zero, err
	}
	defer f.Close()
	v, err := read(f)
	if err != nil {
		return zero, fmt.Errorf("%s: %w", path, err)
	}
	return v, nil
}

func newTable(w io.Writer) *tabwriter.Writer {
	return tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
}

func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

// oneLine folds a text onto one line for a listing.
func oneLine(s string) string {
	return strings.Join(strings.Fields(s), " ")
}
