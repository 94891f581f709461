package web

import (
	"net/http"
	"sort"

	"github.com/handoffhq/handoff"
	handoffhttp "github.com/handoffhq/handoff/internal/http"
)

// overviewPages bounds how many pages of 500 conversations the overview reads.
const overviewPages = 20

// bar is one bar of a chart.
type bar struct {
	Label string // clipped to fit beside the bar
	Full  string
	Value float64
	Text  string
	Y     int // top of the bar's row, in SVG units
}

// chart is a small horizontal bar chart rendered as SVG on the server.
type chart struct {
	Title  string
	Bars   []bar
	Max    float64
	Height int
	Empty  string
}

const chartRow = 30

// chartLabel is the most characters a chart label shows.
const chartLabel = 24

func clipLabel(s string) string {
	r := []rune(s)
	if len(r) <= chartLabel {
		return s
	}
	return string(r[:chartLabel-1]) + "…"
}

func newChart(title, empty string, m map[string]float64, text func(float64) string) chart {
	ch := chart{Title: title, Empty: empty}
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		if m[keys[i]] != m[keys[j]] {
			return m[keys[i]] > m[keys[j]]
		}
		return keys[i] < keys[j]
	})
	for i, k := range keys {
		ch.Bars = append(ch.Bars, bar{Label: clipLabel(k), Full: k, Value: m[k], Text: text(m[k]), Y: i * chartRow})
		ch.Max = max(ch.Max, m[k])
	}
	ch.Height = max(len(keys)*chartRow, chartRow)
	return ch
}

// overviewData is the overview page's data.
type overviewData struct {
	Range         string
	Conversations int
	Handoffs      int
	HandoffRate   float64
	Claimed       int
	MedianClaim   string
	Scored        int
	AvgScore      float64
	FalseRate     float64
	Waiting       int
	PerRule       chart
	PerChannel    chart
	ScorePerRule  chart
	ScorePerChan  chart
	Truncated     bool
}

func (c *Console) handleOverview(w http.ResponseWriter, r *http.Request) {
	label, back := dryRunSince(r.URL.Query().Get("range"))
	now := c.now()
	since := now.Add(-back)
	d := overviewData{Range: label}
	perRule, perChan := map[string]float64{}, map[string]float64{}
	var claims []float64
	err := c.store.View(r.Context(), func(tx handoff.Tx) error {
		names, err := ruleNames(r.Context(), tx)
		if err != nil {
			return err
		}
		for p := 0; p < overviewPages; p++ {
			convs, total, err := tx.ListConversations(r.Context(), handoff.ConversationFilter{Since: since, Limit: 500, Offset: p * 500})
			if err != nil {
				return err
			}
			for _, cv := range convs {
				d.Conversations++
				if cv.State == handoff.StatePaused {
					d.Waiting++
				}
				if cv.FirstHandoffAt == nil {
					continue
				}
				d.Handoffs++
				perRule[reasonLabel(names, cmpOr(cv.FirstHandoffReason, "manual"))]++
				perChan[cv.Channel]++
				if cv.FirstClaimAt != nil {
					d.Claimed++
					claims = append(claims, max(0, cv.FirstClaimAt.Sub(*cv.FirstHandoffAt).Seconds()))
				}
			}
			if (p+1)*500 >= total {
				break
			}
			if p == overviewPages-1 {
				d.Truncated = true
			}
		}
		return nil
	})
	if err != nil {
		c.fail(w, r, err)
		return
	}
	if d.Conversations > 0 {
		d.HandoffRate = float64(d.Handoffs) / float64(d.Conversations)
	}
	d.MedianClaim = "–"
	if len(claims) > 0 {
		sort.Float64s(claims)
		mid := claims[len(claims)/2]
		if len(claims)%2 == 0 {
			mid = (claims[len(claims)/2-1] + claims[len(claims)/2]) / 2
		}
		d.MedianClaim = Duration(mid)
	}
	rep, err := handoffhttp.Evaluations(r, c.store, since)
	if err != nil {
		c.fail(w, r, err)
		return
	}
	d.Scored, d.AvgScore, d.FalseRate = len(rep.Scores), rep.Average, rep.FalseRate
	count := func(f float64) string { return fmtValue(f) }
	d.PerRule = newChart("Handoffs per rule", "No handoffs in this period.", perRule, count)
	d.PerChannel = newChart("Handoffs per channel", "No handoffs in this period.", perChan, count)
	sr, sc := map[string]float64{}, map[string]float64{}
	var names map[string]string
	_ = c.store.View(r.Context(), func(tx handoff.Tx) error {
		var err error
		names, err = ruleNames(r.Context(), tx)
		return err
	})
	for _, a := range rep.PerRule {
		sr[reasonLabel(names, cmpOr(a.Key, "manual"))] = a.Mean
	}
	for _, a := range rep.PerChan {
		sc[a.Key] = a.Mean
	}
	d.ScorePerRule = newChart("Average score per rule", "No closed conversations with a handoff yet.", sr, Num)
	d.ScorePerChan = newChart("Average score per channel", "No closed conversations yet.", sc, Num)
	c.render(w, r, http.StatusOK, "overview", page{Title: "Overview", Nav: "overview", Data: d})
}
