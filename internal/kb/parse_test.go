package kb_test

import (
	"bytes"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/handoffhq/handoff"
	"github.com/handoffhq/handoff/internal/kb"
)

func TestParse(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		markdown string
		want     []kb.Entry
		sections []string
	}{
		{
			name: "sections, alternatives and wrapped answers",
			markdown: "# Acme help\n\nIntro text that belongs to no question.\n\n# Shipping\n\n" +
				"## How long does shipping take?\nAlso: When will my order arrive?\n  also:   Delivery time?  \n\n" +
				"Orders leave the same day.\nDelivery takes 3–5 days.\n\nExpress is faster.\n" +
				"### Do you ship abroad? ###\nYes, to the EU.\n" +
				"# Returns\r\n## Can I return it?\r\nWithin 30 days.\r\n",
			want: []kb.Entry{
				{Section: "Shipping", Question: "How long does shipping take?", Alternatives: []string{"When will my order arrive?", "Delivery time?"},
					Answer: "Orders leave the same day. Delivery takes 3–5 days.\n\nExpress is faster.", Line: 7},
				{Section: "Shipping", Question: "Do you ship abroad?", Answer: "Yes, to the EU.", Line: 15},
				{Section: "Returns", Question: "Can I return it?", Answer: "Within 30 days.", Line: 18},
			},
			sections: []string{"Shipping", "Returns"},
		},
		{
			name:     "no section, Also: after the answer started is answer text",
			markdown: "\uFEFF## Hours?\nWe open at 9.\nAlso: closed on Sundays.\n",
			want:     []kb.Entry{{Question: "Hours?", Answer: "We open at 9. Also: closed on Sundays.", Line: 1}},
		},
		{
			name:     "lists, deeper headings and code blocks stay in the answer",
			markdown: "## How do I pay?\nOptions:\n- Visa\n- PayPal\n1. first\n#### Note\nfine print  \nnext line\n```\n## not a heading\n```\n#hashtag\nand more\n",
			want: []kb.Entry{{Question: "How do I pay?", Line: 1,
				Answer: "Options:\n- Visa\n- PayPal\n1. first\n#### Note\nfine print\nnext line\n```\n## not a heading\n```\n#hashtag and more"}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			base, err := kb.Parse([]byte(tt.markdown))
			if err != nil {
				t.Fatalf("Parse: %v", err)
			}
			if got := base.Entries(); !reflect.DeepEqual(got, tt.want) {
				t.Fatalf("entries:\n got %#v\nwant %#v", got, tt.want)
			}
			if got := base.Sections(); !reflect.DeepEqual(got, tt.sections) && (len(got) != 0 || len(tt.sections) != 0) {
				t.Fatalf("sections = %q, want %q", got, tt.sections)
			}
		})
	}
}

func TestParse_errors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		markdown string
		contains string
	}{
		{"empty", "", "empty"},
		{"only whitespace", " \n\t\n", "empty"},
		{"no questions", "# Shop FAQ\n\nWelcome to our shop.\n", "no questions"},
		{"question without answer", "## Where are you?\nAlso: Address?\n\n## Hours?\n9-5\n", `line 1: question "Where are you?" has no answer`},
		{"last question without answer", "## Hours?\n9-5\n## Phone?\n", `line 3: question "Phone?" has no answer`},
		{"empty heading", "## Hours?\n9-5\n##\n", "line 3: empty heading"},
		{"not UTF-8", "## Hours?\n\xff\xfe\n", "UTF-8"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			base, err := kb.Parse([]byte(tt.markdown))
			if err == nil {
				t.Fatalf("Parse = %+v, want an error", base.Entries())
			}
			if code := handoff.ErrorCode(err); code != handoff.EINVALID {
				t.Fatalf("code = %q, want %q", code, handoff.EINVALID)
			}
			if msg := handoff.ErrorMessage(err); !strings.Contains(msg, tt.contains) {
				t.Fatalf("message %q does not contain %q", msg, tt.contains)
			}
		})
	}
}

func TestLoad(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	good := filepath.Join(dir, "faq.md")
	bad := filepath.Join(dir, "bad.md")
	if err := os.WriteFile(good, []byte("## Hours?\nMon–Fri 9:00–17:00.\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(bad, []byte("# Title only\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name    string
		path    string
		entries int
		code    string
	}{
		{"valid file", good, 1, ""},
		{"no questions", bad, 0, handoff.EINVALID},
		{"missing file", filepath.Join(dir, "missing.md"), 0, handoff.EINTERNAL},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			base, err := kb.Load(tt.path)
			if got := handoff.ErrorCode(err); got != tt.code {
				t.Fatalf("code = %q, want %q (%v)", got, tt.code, err)
			}
			if err != nil {
				if !strings.Contains(err.Error(), filepath.Base(tt.path)) {
					t.Fatalf("error %q does not name the file", err)
				}
				return
			}
			if n := len(base.Entries()); n != tt.entries {
				t.Fatalf("%d entries, want %d", n, tt.entries)
			}
		})
	}
}

func TestDefault_matchesExample(t *testing.T) {
	t.Parallel()
	example, err := os.ReadFile(filepath.Join("..", "..", "examples", "faq.md"))
	if err != nil {
		t.Fatal(err)
	}
	embedded, err := os.ReadFile("default_faq.md")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(example, embedded) {
		t.Fatal("internal/kb/default_faq.md differs from examples/faq.md; copy examples/faq.md over it")
	}
	fromExample, err := kb.Load(filepath.Join("..", "..", "examples", "faq.md"))
	if err != nil {
		t.Fatal(err)
	}
	if got, want := kb.Default().Entries(), fromExample.Entries(); !reflect.DeepEqual(got, want) {
		t.Fatal("Default() does not hold the entries of examples/faq.md")
	}
	if n := len(fromExample.Entries()); n < 18 || n > 25 {
		t.Fatalf("example FAQ has %d entries, want about 20", n)
	}
}

func TestDefault_coversShopTopics(t *testing.T) {
	t.Parallel()
	base := kb.Default()
	for _, e := range base.Entries() {
		t.Run(e.Question, func(t *testing.T) {
			t.Parallel()
			// Every question of the FAQ, asked verbatim, is answered by itself without a hedge.
			r := MustReply(t, base, customer(e.Question))
			if len(r.Sources) == 0 || r.Sources[0] != e.Question || r.Confidence < kb.HedgeBelow {
				t.Fatalf("reply = %+v", r)
			}
			for _, alt := range e.Alternatives {
				if m := base.Search(alt, 1); len(m) == 0 || m[0].Entry.Question != e.Question {
					t.Errorf("alternative %q finds %+v", alt, m)
				}
			}
		})
	}
}
