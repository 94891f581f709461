package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// evalFixtures writes small input files for the eval commands into a
// temporary directory and returns their paths by name.
func evalFixtures(t *testing.T) map[string]string {
	t.Helper()
	dir := t.TempDir()
	files := map[string]string{
		"gold.txt": "1\t3.2\tI love this, it is great!\r\n2\t-3.1\tThis is terrible and I hate it\r\n3\t0.1\tThe parcel is blue\r\n4\t-1.5\tnot good",
		"intents.csv": "text,label\n" +
			"I want to talk to a human,request_human\n" +
			"\"real person please, now\",request_human\n" +
			"my parcel is late,request_human\n" +
			"are you a bot?,check_human\n" +
			"where is my order,other\n",
		"borderline.csv": "text,label\n" +
			"I'm trying to speak to customer service,contact_customer_service\n" +
			"what are your customer service hours?,contact_customer_service\n",
		"tone.csv": "text,label\n" +
			"this is the worst service ever and nobody answers,unhappy\n" +
			"hi what are your opening hours?,calm\n",
		"transcripts.jsonl": `{"conversation":"request-01","channel":"web","role":"customer","text":"hi, where is my order?"}
{"conversation":"request-01","channel":"web","role":"ai","text":"It ships today.","confidence":0.9}
{"conversation":"request-01","channel":"web","role":"customer","text":"I want to talk to a human","expect_handoff":true}
{"conversation":"routine-01","channel":"messenger","role":"customer","text":"no need for a human, thanks","expect_handoff":false}
{"conversation":"missed-01","channel":"shopify","role":"customer","text":"do you ship to Peru?","expect_handoff":true}
`,
		"scores.jsonl": `{"text":"I love this, it is great!","compound":0.8}
{"text":"This is terrible and I hate it","compound":-0.7}
{"text":"The parcel is blue","compound":0}
`,
		"bad.jsonl": "{\"conversation\":\"a\",\"channel\":\"web\",\"role\":\"customer\",\"text\":\"hi\"}\nnot json\n",
	}
	paths := map[string]string{}
	for name, body := range files {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
		paths[name] = p
	}
	return paths
}

func runEvalCmd(args ...string) (code int, stdout, stderr string) {
	var out, errb bytes.Buffer
	code = run(context.Background(), append([]string{"eval"}, args...), nil, &out, &errb, func(string) string { return "" })
	return code, out.String(), errb.String()
}

func TestEvalCommands(t *testing.T) {
	t.Parallel()
	f := evalFixtures(t)
	tests := []struct {
		name        string
		args        []string
		code        int
		stdout      []string // substrings of stdout, in order
		stderr      string
		notInStdout string
	}{
		{name: "no command", args: nil, code: 2, stderr: "Usage: handoff eval COMMAND"},
		{name: "unknown command", args: []string{"accuracy"}, code: 2, stderr: `unknown command "accuracy"`},
		{name: "help", args: []string{"help"}, code: 0, stdout: []string{"trigger-rate FILE..."}},
		{name: "no file", args: []string{"sentiment"}, code: 2, stderr: "no FILE given"},
		{name: "missing file", args: []string{"intents", "/nonexistent/x.csv"}, code: 1, stderr: "no such file"},
		{name: "flag help", args: []string{"transcripts", "--help"}, code: 0, stderr: "-errors"},
		{name: "sentiment", args: []string{"sentiment", f["gold.txt"]}, code: 0,
			stdout: []string{"file", "n", "r", "MAE", "gold.txt", "4"}},
		{name: "sentiment with missing scores", args: []string{"sentiment", "--scores", f["scores.jsonl"], f["gold.txt"]}, code: 1,
			stderr: `no entry for item 4 ("not good")`},
		{name: "intents", args: []string{"intents", f["intents.csv"]}, code: 0,
			stdout:      []string{"(5 rows)", "precision", "1.000", "0.667", "0.800", "label request_human", "2", "1", "other labels", "0", "2"},
			notInStdout: "misclassified"},
		{name: "intents errors", args: []string{"intents", "--errors", f["intents.csv"]}, code: 0,
			stdout: []string{"1 misclassified:", "FN", "my parcel is late  [request_human]"}},
		{name: "intents other label", args: []string{"intents", "--label", "check_human", f["intents.csv"]}, code: 0,
			stdout: []string{`label "check_human"`, "0.000", "0.000", "0.5000"}},
		{name: "trigger-rate", args: []string{"trigger-rate", "--texts", f["borderline.csv"]}, code: 0,
			stdout: []string{"borderline.csv", "web", "2", "1", "0.500", "request_human 1", "1 texts hand over", "speak to customer service"}},
		{name: "trigger-rate bad channel", args: []string{"trigger-rate", "--channel", "fax", f["borderline.csv"]}, code: 2,
			stderr: `unknown channel "fax"`},
		{name: "tone", args: []string{"tone", f["tone.csv"]}, code: 0,
			stdout: []string{"unhappy", "1", "1", "1.000", "calm", "1", "0", "0.000"}},
		{name: "transcripts", args: []string{"transcripts", "--errors", f["transcripts.jsonl"]}, code: 0,
			stdout: []string{"transcripts.jsonl", "3", "2", "2", "66.7", "0", "0 (0)", "1", "0", "0.0", "0 of 1",
				"request_human", "1: 1 / 0 / 0 / 0", "request", "1 / 1", "missed-01 (shopify): missed",
				"expected turn 0: do you ship to Peru?"}},
		{name: "transcripts bad line", args: []string{"transcripts", f["bad.jsonl"]}, code: 1, stderr: "bad.jsonl: line 2: invalid JSON"},
		{name: "all outside the repository", args: []string{"all", "--dir", t.TempDir()}, code: 1, stderr: "give --dir"},
		{name: "all with a file", args: []string{"all", "x"}, code: 2, stderr: `unexpected argument "x"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			code, stdout, stderr := runEvalCmd(tt.args...)
			if code != tt.code {
				t.Fatalf("exit code %d, want %d\nstdout:\n%s\nstderr:\n%s", code, tt.code, stdout, stderr)
			}
			rest := stdout
			for _, want := range tt.stdout {
				i := strings.Index(rest, want)
				if i < 0 {
					t.Fatalf("stdout lacks %q after the earlier parts:\n%s", want, stdout)
				}
				rest = rest[i+len(want):]
			}
			if tt.notInStdout != "" && strings.Contains(stdout, tt.notInStdout) {
				t.Errorf("stdout has %q:\n%s", tt.notInStdout, stdout)
			}
			if !strings.Contains(stderr, tt.stderr) {
				t.Errorf("stderr lacks %q:\n%s", tt.stderr, stderr)
			}
		})
	}
}

func TestEvalJSON(t *testing.T) {
	t.Parallel()
	f := evalFixtures(t)
	code, stdout, stderr := runEvalCmd("sentiment", "--json", f["gold.txt"])
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var sent []struct {
		Name      string
		N         int
		PearsonR  float64 `json:"pearson_r"`
		MAE       float64 `json:"mae"`
		Accuracy3 float64 `json:"accuracy_3class"`
	}
	if err := json.Unmarshal([]byte(stdout), &sent); err != nil {
		t.Fatal(err)
	}
	if len(sent) != 1 || sent[0].Name != "gold.txt" || sent[0].N != 4 || sent[0].PearsonR < 0.9 || sent[0].Accuracy3 != 1 {
		t.Errorf("sentiment JSON %+v", sent)
	}

	code, stdout, stderr = runEvalCmd("transcripts", "--json", f["transcripts.jsonl"])
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var tr []struct {
		Name          string
		Conversations int
		Right         int
		Missed        int
		RightRate     float64 `json:"right_rate"`
		Traps         int
		Results       []struct {
			Conversation string
			Outcome      string
		}
	}
	if err := json.Unmarshal([]byte(stdout), &tr); err != nil {
		t.Fatal(err)
	}
	if len(tr) != 1 || tr[0].Conversations != 3 || tr[0].Right != 2 || tr[0].Missed != 1 || tr[0].Traps != 1 ||
		len(tr[0].Results) != 3 || tr[0].Results[2].Outcome != "missed" {
		t.Errorf("transcripts JSON %+v", tr)
	}
}

// TestEvalAll runs the one command of docs/quality.md on the repository's
// data and checks that every table is there.
func TestEvalAll(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("scores every gold file")
	}
	code, stdout, stderr := runEvalCmd("all", "--dir", filepath.Join("..", ".."), "--json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var all struct {
		Sentiment   []struct{ Name string }
		Intents     []struct{ Name string }
		TriggerRate []struct{ Name string } `json:"trigger_rate"`
		Tone        []struct{ Name string }
		Transcripts []struct {
			Name          string
			Conversations int
		}
	}
	if err := json.Unmarshal([]byte(stdout), &all); err != nil {
		t.Fatal(err)
	}
	if len(all.Sentiment) != 4 || len(all.Intents) != 1 || len(all.TriggerRate) != 1 || len(all.Tone) != 1 || len(all.Transcripts) != 13 {
		t.Fatalf("eval all --json: %d sentiment, %d intents, %d trigger-rate, %d tone, %d transcripts reports",
			len(all.Sentiment), len(all.Intents), len(all.TriggerRate), len(all.Tone), len(all.Transcripts))
	}
	if all.Transcripts[0].Name != "tuning.jsonl" || all.Transcripts[1].Name != "holdout.jsonl" || all.Transcripts[1].Conversations != 60 ||
		all.Transcripts[3].Name != "blind-2.jsonl" || all.Transcripts[3].Conversations != 135 {
		t.Errorf("transcripts %+v", all.Transcripts)
	}

	code, stdout, stderr = runEvalCmd("all", "--dir", filepath.Join("..", ".."))
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	for _, want := range []string{"sentiment:", "tweets_GroundTruth.txt", "intents:", "trigger-rate:", "handoff-borderline.csv",
		"tone:", "transcripts:", "holdout.jsonl", "blind-2.jsonl", "per rule", "per category"} {
		if !strings.Contains(stdout, want) {
			t.Errorf("eval all lacks %q", want)
		}
	}
}
