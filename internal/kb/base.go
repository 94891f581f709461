package kb

import (
	_ "embed"
	"math"
	"slices"
)

// BM25 parameters and field weights; see the package documentation.
const (
	k1             = 1.2
	b              = 0.75
	questionWeight = 2.0 // question and its Also: phrasings
	answerWeight   = 1.0
	unknownIDF     = 0.5 // share of the largest idf charged for a word the FAQ never uses
)

//go:embed default_faq.md
var defaultFAQ []byte

// Base is a parsed, indexed FAQ. It is immutable after Parse and safe for concurrent use.
type Base struct {
	entries  []Entry
	sections []string // section names that have entries, in file order
	postings map[string][]posting
	maxIDF   float64 // idf of a word no entry contains
}

// posting records that a term occurs in one entry.
type posting struct {
	doc    int
	weight float64 // idf-free BM25 weight of the term in this entry: 2·sat(question) + 1·sat(answer)
}

// Match is one ranked entry for a query.
type Match struct {
	Entry Entry   `json:"entry"`
	Score float64 `json:"score"`
}

// Default returns the knowledge base built from the bundled example FAQ of the Northwind Supply shop.
func Default() *Base {
	base, err := Parse(defaultFAQ)
	if err != nil {
		panic("kb: bundled FAQ does not parse: " + err.Error())
	}
	return base
}

func newBase(entries []Entry) *Base {
	base := &Base{entries: entries, postings: make(map[string][]posting)}
	qLen := make([]float64, len(entries)) // question-field length of each entry, in terms
	aLen := make([]float64, len(entries)) // answer-field length of each entry, in terms
	var avgQ, avgA float64
	type counts struct{ q, a float64 }
	perDoc := make([]map[string]*counts, len(entries))
	for i, e := range entries {
		if e.Section != "" && !slices.Contains(base.sections, e.Section) {
			base.sections = append(base.sections, e.Section)
		}
		m := make(map[string]*counts)
		for _, q := range append([]string{e.Question}, e.Alternatives...) {
			for _, t := range terms(q) {
				if m[t] == nil {
					m[t] = &counts{}
				}
				m[t].q++
				qLen[i]++
			}
		}
		for _, t := range terms(e.Answer) {
			if m[t] == nil {
				m[t] = &counts{}
			}
			m[t].a++
			aLen[i]++
		}
		perDoc[i] = m
		avgQ += qLen[i]
		avgA += aLen[i]
	}
	n := float64(len(entries))
	avgQ = max(avgQ/n, 1)
	avgA = max(avgA/n, 1)
	base.maxIDF = idf(n, 0)
	for i, m := range perDoc {
		for t, c := range m {
			w := questionWeight*sat(c.q, qLen[i], avgQ) + answerWeight*sat(c.a, aLen[i], avgA)
			base.postings[t] = append(base.postings[t], posting{doc: i, weight: w})
		}
	}
	for t := range base.postings {
		slices.SortFunc(base.postings[t], func(x, y posting) int { return x.doc - y.doc })
	}
	return base
}

// idf is the Okapi BM25 inverse document frequency, kept positive: ln(1 + (N − n + 0.5)/(n + 0.5)).
func idf(n, df float64) float64 { return math.Log(1 + (n-df+0.5)/(df+0.5)) }

// sat is the BM25 term-frequency saturation with length normalisation.
func sat(tf, length, avg float64) float64 {
	if tf == 0 {
		return 0
	}
	return tf * (k1 + 1) / (tf + k1*(1-b+b*length/avg))
}

// Entries returns a copy of the FAQ entries in file order.
func (base *Base) Entries() []Entry {
	out := make([]Entry, len(base.entries))
	for i, e := range base.entries {
		e.Alternatives = slices.Clone(e.Alternatives)
		out[i] = e
	}
	return out
}

// Sections returns the names of the sections that hold questions, in file order.
func (base *Base) Sections() []string { return slices.Clone(base.sections) }

// Search ranks the entries for query with BM25 and returns up to limit matches with a positive score, best first.
func (base *Base) Search(query string, limit int) []Match {
	r := base.rank(weigh(terms(query), 1, nil), nil)
	if limit >= 0 && len(r.hits) > limit {
		r.hits = r.hits[:limit]
	}
	out := make([]Match, len(r.hits))
	for i, h := range r.hits {
		e := base.entries[h.doc]
		e.Alternatives = slices.Clone(e.Alternatives)
		out[i] = Match{Entry: e, Score: h.score}
	}
	return out
}

// Confidence returns the confidence of the best answer to query, in [0,1] (see the package documentation).
func (base *Base) Confidence(query string) float64 {
	return base.rank(weigh(terms(query), 1, nil), nil).confidence
}

// containing returns the entries that hold any of ts, or nil if the FAQ knows none of them.
func (base *Base) containing(ts []string) map[int]bool {
	var docs map[int]bool
	for _, t := range ts {
		for _, p := range base.postings[t] {
			if docs == nil {
				docs = make(map[int]bool)
			}
			docs[p.doc] = true
		}
	}
	return docs
}

// weigh adds each term not yet in q with weight w; q keeps its order of first appearance.
func weigh(ts []string, w float64, q []queryTerm) []queryTerm {
outer:
	for _, t := range ts {
		for _, have := range q {
			if have.term == t {
				continue outer
			}
		}
		q = append(q, queryTerm{term: t, weight: w})
	}
	return q
}

type queryTerm struct {
	term   string
	weight float64
}

type hit struct {
	doc   int
	score float64
}

type ranking struct {
	hits       []hit // positive scores, best first; ties keep file order
	confidence float64
}

// rank scores every entry containing a query term and derives the confidence of the best one.
// If eligible is not nil, only the entries it holds are ranked.
func (base *Base) rank(q []queryTerm, eligible map[int]bool) ranking {
	n := float64(len(base.entries))
	scores := make(map[int]float64)
	ref := 0.0
	for _, qt := range q {
		ps := base.postings[qt.term]
		if len(ps) == 0 {
			ref += qt.weight * unknownIDF * base.maxIDF * questionWeight
			continue
		}
		w := idf(n, float64(len(ps)))
		ref += qt.weight * w * questionWeight
		for _, p := range ps {
			if eligible == nil || eligible[p.doc] {
				scores[p.doc] += qt.weight * w * p.weight
			}
		}
	}
	var r ranking
	for d, s := range scores {
		if s > 0 {
			r.hits = append(r.hits, hit{doc: d, score: s})
		}
	}
	slices.SortFunc(r.hits, func(x, y hit) int {
		if x.score != y.score {
			if x.score > y.score {
				return -1
			}
			return 1
		}
		return x.doc - y.doc
	})
	r.confidence = confidence(r.hits, ref, questionWeight*unknownIDF*base.maxIDF)
	return r
}

// confidence is quality · (1 − ½·(s2/s1)³) with quality = min(1, s1 / max(ref, minRef)).
func confidence(hits []hit, ref, minRef float64) float64 {
	if len(hits) == 0 || ref <= 0 {
		return 0
	}
	s1, s2 := hits[0].score, 0.0
	if len(hits) > 1 {
		s2 = hits[1].score
	}
	quality := min(1, s1/max(ref, minRef))
	ratio := s2 / s1 // 1 − margin
	return clamp01(quality * (1 - 0.5*ratio*ratio*ratio))
}

func clamp01(x float64) float64 { return max(0, min(1, x)) }
