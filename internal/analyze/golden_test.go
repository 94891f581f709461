package analyze_test

import (
	"bufio"
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/handoffhq/handoff"
	"github.com/handoffhq/handoff/internal/analyze"
)

var update = flag.Bool("update", false, "rewrite testdata/golden_signals.jsonl from the current analyzer")

const goldenPath = "testdata/golden_signals.jsonl"

// goldenConversation is one line of testdata/golden_signals.jsonl: a
// conversation, the keywords of its Analyzer and the signals recorded for
// every customer (or nil) message given the messages before it.
type goldenConversation struct {
	Keywords []string           `json:"keywords"`
	Messages []*handoff.Message `json:"messages"`
	Results  []goldenResult     `json:"results"`
}

type goldenResult struct {
	At      int             `json:"at"` // index into Messages of the analysed message
	Signals json.RawMessage `json:"signals"`
}

// analysed reports whether Analyze runs on m: customer messages and nil.
func analysed(m *handoff.Message) bool {
	return m == nil || m.Role == handoff.RoleCustomer
}

// TestGoldenSignals checks that Analyze gives exactly the recorded signals,
// bit for bit, for a few hundred varied conversations: with one Analyzer per
// keyword set reused across all of them, with a fresh Analyzer per
// conversation, with a memo so small that it forgets all the time, without
// a memo, and with one Analyzer shared by concurrent goroutines.
func TestGoldenSignals(t *testing.T) {
	if *update {
		writeGolden(t)
	}
	convs := readGolden(t)
	if len(convs) < 200 {
		t.Fatalf("%s has %d conversations, want at least 200", goldenPath, len(convs))
	}

	t.Run("shared", func(t *testing.T) {
		t.Parallel()
		analyzers := map[string]*analyze.Analyzer{}
		for i, c := range convs {
			key := strings.Join(c.Keywords, "\x00")
			if analyzers[key] == nil {
				analyzers[key] = analyze.New(analyze.Config{Keywords: c.Keywords})
			}
			checkGolden(t, i, c, analyzers[key])
		}
	})
	t.Run("fresh", func(t *testing.T) {
		t.Parallel()
		for i, c := range convs {
			checkGolden(t, i, c, analyze.New(analyze.Config{Keywords: c.Keywords}))
		}
	})
	t.Run("tiny memo", func(t *testing.T) {
		t.Parallel()
		analyzers := map[string]*analyze.Analyzer{}
		for i, c := range convs {
			key := strings.Join(c.Keywords, "\x00")
			if analyzers[key] == nil {
				analyzers[key] = analyze.New(analyze.Config{Keywords: c.Keywords})
				analyze.SetMemo(analyzers[key], 3, 1<<10)
			}
			checkGolden(t, i, c, analyzers[key])
		}
	})
	t.Run("no memo", func(t *testing.T) {
		t.Parallel()
		a := analyze.New(analyze.Config{Keywords: goldenKeywordSets[2]})
		analyze.SetMemo(a, 0, 0)
		for i, c := range convs {
			if slices.Equal(c.Keywords, goldenKeywordSets[2]) {
				checkGolden(t, i, c, a)
			}
		}
	})
	t.Run("concurrent", func(t *testing.T) {
		t.Parallel()
		a := analyze.New(analyze.Config{Keywords: goldenKeywordSets[1]})
		var wg sync.WaitGroup
		for g := range 4 {
			wg.Go(func() {
				// Every goroutine walks the conversations in its own order.
				for k := range convs {
					i := (k*(2*g+1) + g*37) % len(convs)
					if slices.Equal(convs[i].Keywords, goldenKeywordSets[1]) {
						checkGolden(t, i, convs[i], a)
					}
				}
			})
		}
		wg.Wait()
	})
}

func checkGolden(t *testing.T, i int, c goldenConversation, a *analyze.Analyzer) {
	t.Helper()
	for _, r := range c.Results {
		got, err := json.Marshal(a.Analyze(c.Messages[:r.At], c.Messages[r.At]))
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, r.Signals) {
			t.Errorf("conversation %d, message %d:\n got %s\nwant %s", i, r.At, got, r.Signals)
		}
	}
}

func readGolden(t *testing.T) []goldenConversation {
	t.Helper()
	f, err := os.Open(goldenPath)
	if err != nil {
		t.Fatalf("%v (run go test -run TestGoldenSignals -update to record it)", err)
	}
	defer f.Close()
	var convs []goldenConversation
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<24)
	for sc.Scan() {
		var c goldenConversation
		if err := json.Unmarshal(sc.Bytes(), &c); err != nil {
			t.Fatalf("%s:%d: %v", goldenPath, len(convs)+1, err)
		}
		convs = append(convs, c)
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return convs
}

// writeGolden records the signals of the current analyzer for generated
// conversations. Inputs go through JSON before they are analysed, so the
// file holds exactly what was analysed.
func writeGolden(t *testing.T) {
	t.Helper()
	var buf bytes.Buffer
	for i, c := range goldenConversations(t) {
		raw, err := json.Marshal(c)
		if err != nil {
			t.Fatal(err)
		}
		var in goldenConversation
		if err := json.Unmarshal(raw, &in); err != nil {
			t.Fatal(err)
		}
		a := analyze.New(analyze.Config{Keywords: in.Keywords})
		for at, m := range in.Messages {
			if !analysed(m) {
				continue
			}
			s := a.Analyze(in.Messages[:at], m)
			raw, err := json.Marshal(s)
			if err != nil {
				t.Fatalf("conversation %d: %v", i, err)
			}
			in.Results = append(in.Results, goldenResult{At: at, Signals: raw})
			if m != nil && i%2 == 0 {
				m.Signals = &s // stored with the message, as the server does
			}
		}
		line, err := json.Marshal(in)
		if err != nil {
			t.Fatal(err)
		}
		buf.Write(line)
		buf.WriteByte('\n')
	}
	if err := os.WriteFile(goldenPath, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
}

// goldenKeywordSets are the configurations the conversations are analysed with.
var goldenKeywordSets = [][]string{
	nil,
	{"refund", "charge back", "lawyer", "cancel my account"},
	{"order", "don't", "café", "ticket", "  Where IS  "},
}

// goldenConversations generates the conversations from every string literal
// in this package's tests, the labelled tone set and some awkward texts.
func goldenConversations(t *testing.T) []goldenConversation {
	t.Helper()
	texts := testLiterals(t)
	for _, r := range readCSV(t, filepath.Join("testdata", "tone.csv")) {
		texts = append(texts, r[0])
	}
	texts = append(texts,
		"", " ", "\n\n", "?!?!", "😡😡🤬", "HELLO??? IS ANYONE THERE???", "#1 #2 #3\n1. a\n2) b\n- c\n* d\n• e",
		"order 88213, invoice 99812 and ticket #4411; booking no. 7781234", "l'agent n'a pas répondu, c'est nul",
		"Ich möchte mit einem Menschen sprechen, bitte. Straße ß", "no necesito un agente, gracias",
		"don’t can’t won’t it’s y'all ‘quoted’ `tick` ʼmodʼ", "9.99, 12,000 and 1.5 — wait… what?",
		"\ufffd\ufffd broken bytes \ufffd", "ALL CAPS ETA USA PDF NOW", "tab\tseparated\twords\r\nand CRLF",
	)
	ais := []string{
		"Your order ships tomorrow.", "Let me check that for you.", "I'm not sure, I don't have access to the courier's tracking.",
		"I can't help with that, you may want to contact our team.", "I'm unable to process refunds.",
		"Sorry, I didn't understand. Could you rephrase?", "It depends on the courier, maybe 2 days.",
		"I'll pass this to a human agent.", "As an AI I can only answer general questions.", "",
	}
	rng := rand.New(rand.NewPCG(1, 2))
	pick := func(xs []string) string { return xs[rng.IntN(len(xs))] }
	confs := []float64{0, 0.2, 0.5, 0.9, 1, -0.5, 1.5}

	var convs []goldenConversation
	for i := range 300 {
		c := goldenConversation{Keywords: goldenKeywordSets[i%len(goldenKeywordSets)]}
		n := 1 + rng.IntN(16)
		if i%25 == 0 {
			n = 25 + rng.IntN(15) // beyond every window
		}
		var prev string
		for j := range n {
			var m *handoff.Message
			switch r := rng.IntN(20); {
			case j == n-1 || r < 9:
				text := pick(texts)
				switch rng.IntN(8) {
				case 0:
					if prev != "" {
						text = prev // said again
					}
				case 1:
					text = prev + " " + text
				case 2:
					text = strings.ToUpper(text) + "!!!"
				case 3:
					var wall []string
					for range 5 + rng.IntN(30) {
						wall = append(wall, pick(texts))
					}
					text = strings.Join(wall, ". ")
				}
				m = &handoff.Message{Role: handoff.RoleCustomer, Text: text}
				prev = text
			case r < 16:
				m = &handoff.Message{Role: handoff.RoleAI, Text: pick(ais)}
				if rng.IntN(3) == 0 {
					m.Text = pick(texts)
				}
				if k := rng.IntN(len(confs) + 1); k < len(confs) {
					m.Confidence = &confs[k]
				}
			case r < 17:
				m = &handoff.Message{Role: handoff.RoleAgent, Text: pick(texts)}
			case r < 19:
				m = &handoff.Message{Role: handoff.RoleSystem, Text: pick(texts)}
			default:
				m = nil
			}
			c.Messages = append(c.Messages, m)
		}
		convs = append(convs, c)
	}
	return append(convs, awkwardConversations()...)
}

// awkwardConversations are conversations of texts built from the pieces
// that parsing and matching find hardest: contractions reduced to nothing
// ("n't"), elisions, apostrophes of every kind, numbers and references,
// list markers, punctuation runs, shouting, accents, other scripts, emoji
// and long walls of clauses.
func awkwardConversations() []goldenConversation {
	pieces := []string{
		"n't", "'s", "'", "’", "‘", "`", "ʼ", "l'", "d'", "qu'", "un'", "s's", "n'n't", "''", "don't", "can't",
		"won't", "I'm", "y'all", "it's", "courier's", "quelqu'un", "aujourd'hui", "l'agent", "dell'ordine",
		"#", "#1", "#4411", "1.", "2)", "3.", "- ", "* ", "• ", "\n", "\n\n", "\r\n", "\t", "\u00a0",
		"!", "!!", "!!!", "?", "??", "?!?", "…", ".", ",", ";", ":", "(", ")", "\"", "“", "”", "|", "¿", "¡",
		"0", "7", "42", "123", "551203", "9.99", "12,000", "1.5", "2nd", "3rd",
		"order", "ticket", "invoice", "no", "nr", "number", "ref", "booking",
		"I", "AM", "NOT", "ETA", "USA", "PDF", "HUMAN", "AGENT", "NOW", "WHERE", "IS", "MY", "REFUND",
		"human", "agent", "person", "someone", "somone", "tosomebody", "operator", "manager", "rep",
		"talk to", "speak with", "transfer me", "connect me", "escalate", "handoff", "real person please",
		"no need for a human", "not", "never", "without", "nobody", "nothing",
		"refund", "charge back", "chargeback", "lawyer", "sue", "hacked", "fraud", "cancel my account",
		"where is my order", "still waiting", "third time", "for 3 days", "2 hours ago", "every day",
		"you", "your driver", "they", "delivered but", "paid but nothing", "never arrived",
		"fuck", "shit", "wtf", "damn", "idiots", "useless", "rubbish service",
		"please", "thanks", "thank you", "no rush", "sorry", "by mistake", "I think", "maybe",
		"also", "another thing", "secondly", "plus the", "ademas",
		"u", "ur", "r", "pls", "plz", "thx", "ty", "dont", "cant", "im", "wanna", "gonna", "dunno",
		"ß", "Straße", "ÄÖÜ", "möchte", "à", "não", "É", "İ", "ǅ", "ﬁ", "Σίσυφος", "日本語", "русский", "עברית",
		"٣", "①", "Ⅻ", "😡", "🤬", "🙄", "😤", "👍", "🖕", "\U0001F600", "\u200b", "\ufeff", "\ufffd",
		"a", "an", "the", "is", "it", "of", "to", "and", "but", "or", "so", "as", "at",
		"je veux parler à un conseiller", "ich möchte mit einem Menschen sprechen", "quiero hablar con un agente",
		"voglio parlare con un operatore", "quero falar com um atendente", "pas de conseiller",
	}
	seps := []string{" ", " ", " ", "", ", ", ". ", "\n", "  ", "-", "'", "!", "?"}
	rng := rand.New(rand.NewPCG(3, 4))
	text := func() string {
		var b strings.Builder
		n := 1 + rng.IntN(12)
		if rng.IntN(10) == 0 {
			n = 60 + rng.IntN(60) // a wall of clauses
		}
		for range n {
			b.WriteString(pieces[rng.IntN(len(pieces))])
			b.WriteString(seps[rng.IntN(len(seps))])
		}
		return b.String()
	}
	var convs []goldenConversation
	for i := range 200 {
		c := goldenConversation{Keywords: goldenKeywordSets[i%len(goldenKeywordSets)]}
		n := 1 + rng.IntN(12)
		var prev string
		for j := range n {
			switch r := rng.IntN(10); {
			case j == n-1 || r < 5:
				t := text()
				if prev != "" && rng.IntN(5) == 0 {
					t = prev + " " + t
				}
				prev = t
				c.Messages = append(c.Messages, &handoff.Message{Role: handoff.RoleCustomer, Text: t})
			case r < 8:
				m := &handoff.Message{Role: handoff.RoleAI, Text: text()}
				if rng.IntN(2) == 0 {
					conf := float64(rng.IntN(5)) / 4
					m.Confidence = &conf
				}
				c.Messages = append(c.Messages, m)
			case r < 9:
				c.Messages = append(c.Messages, &handoff.Message{Role: handoff.RoleAgent, Text: text()})
			default:
				c.Messages = append(c.Messages, nil)
			}
		}
		convs = append(convs, c)
	}
	return convs
}

// testLiterals returns the string literals of this package's tests, a broad
// sample of support messages and AI replies in several languages.
func testLiterals(t *testing.T) []string {
	t.Helper()
	files := []string{"analyze_test.go", "complexity_test.go", "example_test.go", "hedging_test.go", "human_test.go",
		"similarity_test.go", "tone_test.go"}
	seen := map[string]bool{}
	var out []string
	fset := token.NewFileSet()
	for _, name := range files {
		f, err := parser.ParseFile(fset, name, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		ast.Inspect(f, func(n ast.Node) bool {
			lit, ok := n.(*ast.BasicLit)
			if !ok || lit.Kind != token.STRING {
				return true
			}
			s, err := strconv.Unquote(lit.Value)
			if err != nil {
				t.Fatal(fmt.Errorf("%s: %w", fset.Position(lit.Pos()), err))
			}
			if len(s) > 3 && !strings.Contains(s, "%") && !seen[s] {
				seen[s] = true
				out = append(out, s)
			}
			return true
		})
	}
	slices.Sort(out)
	return out
}
