package web

import (
	"context"
	"net/http"
	"net/url"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/handoffhq/handoff"
	"github.com/handoffhq/handoff/internal/live"
)

// Inbox limits.
const (
	inboxPerState = 200 // paused and human_active conversations listed at most
	inboxRecentAI = 25  // recent AI conversations listed under them
	inboxSnippets = 50  // rows per section that show the customer's last message
	snippetLength = 140
)

// reasonLabels name the handoff reasons that are not rules.
var reasonLabels = map[string]string{
	"manual":         "Manual takeover",
	"agent_reply":    "An agent replied",
	"external_human": "A person replied outside handoff",
	"ai_error":       "The AI could not answer",
	"channel_paused": "Channel kill switch",
}

// inboxFilter is the inbox's query: ?state=&channel=&tag=.
type inboxFilter struct {
	State   handoff.State
	Channel string
	Tag     string
}

func (f inboxFilter) query() string {
	v := url.Values{}
	if f.State != "" {
		v.Set("state", string(f.State))
	}
	if f.Channel != "" {
		v.Set("channel", f.Channel)
	}
	if f.Tag != "" {
		v.Set("tag", f.Tag)
	}
	return v.Encode()
}

func parseInboxFilter(r *http.Request) (inboxFilter, error) {
	q := r.URL.Query()
	f := inboxFilter{State: handoff.State(q.Get("state")), Channel: q.Get("channel"), Tag: strings.TrimSpace(q.Get("tag"))}
	switch f.State {
	case "", handoff.StateAIActive, handoff.StatePaused, handoff.StateHumanActive, handoff.StateClosed:
	default:
		return f, handoff.Errorf(handoff.EINVALID, "unknown state %q", f.State)
	}
	if f.Channel != "" && !handoff.ValidChannel(f.Channel) {
		return f, handoff.Errorf(handoff.EINVALID, "unknown channel %q", f.Channel)
	}
	if len(f.Tag) > 64 {
		return f, handoff.Errorf(handoff.EINVALID, "tag is too long")
	}
	return f, nil
}

// inboxRow is one conversation in the inbox.
type inboxRow struct {
	Conv        *handoff.Conversation
	Customer    string
	Reason      string
	Explanation string
	WaitSecs    float64
	Last        string
	Updated     string
}

// inboxSection is one group of rows.
type inboxSection struct {
	Title string
	State handoff.State
	Rows  []inboxRow
	Total int
	Empty string
}

// inboxData is the inbox page's and the inbox list partial's data.
type inboxData struct {
	Filter   inboxFilter
	Query    string
	Counts   map[string]int
	Sections []inboxSection
	Channels []string
	Tags     []string
}

// ruleNames maps rule ids to their names, for reasons.
func ruleNames(ctx context.Context, tx handoff.Tx) (map[string]string, error) {
	rs, err := tx.ListRules(ctx)
	names := map[string]string{}
	for _, r := range rs {
		names[r.ID] = cmpOr(r.Name, r.ID)
	}
	return names, err
}

// reasonLabel names a handoff reason for people.
func reasonLabel(names map[string]string, reason string) string {
	if reason == "" {
		return ""
	}
	if n, ok := names[reason]; ok {
		return n
	}
	if l, ok := reasonLabels[reason]; ok {
		return l
	}
	return reason
}

func snippet(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	if utf8.RuneCountInString(s) <= snippetLength {
		return s
	}
	return string([]rune(s)[:snippetLength-1]) + "…"
}

// loadInbox reads what the inbox shows for f.
func (c *Console) loadInbox(ctx context.Context, f inboxFilter) (*inboxData, error) {
	now := c.now()
	d := &inboxData{Filter: f, Query: f.query(), Counts: map[string]int{}, Channels: handoff.Channels}
	err := c.store.View(ctx, func(tx handoff.Tx) error {
		names, err := ruleNames(ctx, tx)
		if err != nil {
			return err
		}
		for _, s := range []handoff.State{handoff.StatePaused, handoff.StateHumanActive, handoff.StateAIActive, handoff.StateClosed} {
			_, n, err := tx.ListConversations(ctx, handoff.ConversationFilter{State: s, Channel: f.Channel, Tag: f.Tag, Limit: 1})
			if err != nil {
				return err
			}
			d.Counts[string(s)] = n
		}
		type want struct {
			state handoff.State
			title string
			limit int
			empty string
		}
		wants := []want{
			{handoff.StatePaused, "Waiting for a person", inboxPerState, "Nobody is waiting. The AI is handling every conversation."},
			{handoff.StateHumanActive, "With an agent", inboxPerState, "No conversation is held by an agent."},
			{handoff.StateAIActive, "AI handling", inboxRecentAI, "No conversations with the AI right now."},
		}
		if f.State != "" {
			wants = []want{{f.State, StateLabel(f.State), inboxPerState, "No " + strings.ToLower(StateLabel(f.State)) + " conversations."}}
		}
		tags := map[string]bool{}
		for _, w := range wants {
			convs, total, err := tx.ListConversations(ctx, handoff.ConversationFilter{State: w.state, Channel: f.Channel, Tag: f.Tag, Limit: w.limit})
			if err != nil {
				return err
			}
			if w.state == handoff.StatePaused || w.state == handoff.StateHumanActive {
				sortByNeed(convs)
			}
			sec := inboxSection{Title: w.title, State: w.state, Total: total, Empty: w.empty}
			for i, cv := range convs {
				row := inboxRow{Conv: cv, Customer: CustomerName(cv), Reason: reasonLabel(names, cv.HandoffReason),
					Explanation: cv.HandoffExplanation, Updated: ago(now, cv.UpdatedAt)}
				if cv.PausedAt != nil && cv.State == handoff.StatePaused {
					row.WaitSecs = now.Sub(*cv.PausedAt).Seconds()
				}
				if i < inboxSnippets {
					msgs, err := tx.ListMessages(ctx, cv.ID)
					if err != nil {
						return err
					}
					for j := len(msgs) - 1; j >= 0; j-- {
						if msgs[j].Role == handoff.RoleCustomer {
							row.Last = snippet(msgs[j].Text)
							break
						}
					}
				}
				for _, t := range cv.Tags {
					tags[t] = true
				}
				sec.Rows = append(sec.Rows, row)
			}
			d.Sections = append(d.Sections, sec)
		}
		for t := range tags {
			d.Tags = append(d.Tags, t)
		}
		if f.Tag != "" && !tags[f.Tag] {
			d.Tags = append(d.Tags, f.Tag)
		}
		sort.Strings(d.Tags)
		return nil
	})
	return d, err
}

// sortByNeed orders conversations by priority, then by how long they have waited.
func sortByNeed(cs []*handoff.Conversation) {
	sort.SliceStable(cs, func(i, j int) bool {
		a, b := cs[i], cs[j]
		if ra, rb := handoff.PriorityRank(a.Priority), handoff.PriorityRank(b.Priority); ra != rb {
			return ra > rb
		}
		ta, tb := a.PausedAt, b.PausedAt
		if a.State == handoff.StateHumanActive {
			ta, tb = a.ClaimedAt, b.ClaimedAt
		}
		switch {
		case ta != nil && tb != nil && !ta.Equal(*tb):
			return ta.Before(*tb)
		case ta != nil && tb == nil:
			return true
		case ta == nil && tb != nil:
			return false
		}
		return a.ID < b.ID
	})
}

// cursor is the newest event id; pages read it before their data so the live view replays
// anything that happens in between.
func (c *Console) cursor(ctx context.Context) int64 {
	id, err := live.LastEventID(ctx, c.store)
	if err != nil {
		return c.cfg.Hub.Last()
	}
	return max(id, 0)
}

// countState counts conversations in one state.
func (c *Console) countState(r *http.Request, s handoff.State) int {
	n := 0
	_ = c.store.View(r.Context(), func(tx handoff.Tx) error {
		var err error
		_, n, err = tx.ListConversations(r.Context(), handoff.ConversationFilter{State: s, Limit: 1})
		return err
	})
	return n
}

func (c *Console) handleInbox(w http.ResponseWriter, r *http.Request) {
	f, err := parseInboxFilter(r)
	if err != nil {
		c.fail(w, r, err)
		return
	}
	cur := c.cursor(r.Context())
	d, err := c.loadInbox(r.Context(), f)
	if err != nil {
		c.fail(w, r, err)
		return
	}
	c.render(w, r, http.StatusOK, "inbox", page{Title: "Inbox", Nav: "inbox", Cursor: cur, Waiting: d.Counts[string(handoff.StatePaused)], Data: d})
}

func (c *Console) handleInboxList(w http.ResponseWriter, r *http.Request) {
	f, err := parseInboxFilter(r)
	if err != nil {
		c.fail(w, r, err)
		return
	}
	d, err := c.loadInbox(r.Context(), f)
	if err != nil {
		c.fail(w, r, err)
		return
	}
	c.renderPartial(w, "inbox_list", d)
}
