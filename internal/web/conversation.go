package web

import (
	"context"
	"net/http"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"github.com/handoffhq/handoff"
	"github.com/handoffhq/handoff/internal/engine"
	handoffhttp "github.com/handoffhq/handoff/internal/http"
	"github.com/handoffhq/handoff/internal/state"
	"github.com/handoffhq/handoff/internal/ws"
)

// earlierEvaluations is how many evaluations before the latest the panel lists.
const earlierEvaluations = 8

// condView is one condition of a rule outcome.
type condView struct {
	Signal  string
	Op      string
	Want    string
	Actual  string
	Matched bool
}

// firedView is a rule that fired, with the values that fired it.
type firedView struct {
	Rule        string
	Name        string
	Actions     []string
	Explanation string
	Values      [][2]string
}

// nearView is a rule that nearly fired.
type nearView struct {
	Rule        string
	Name        string
	Closeness   float64
	Missed      []condView
	Explanation string
}

// evalView is one recorded evaluation.
type evalView struct {
	MessageID   int64
	Turn        int // customer turn number, from 1
	Text        string
	Clock       string
	Score       float64
	Fired       []firedView
	Near        []nearView
	Explanation string
	StateBefore handoff.State
	StateAfter  handoff.State
}

// convData is the conversation page's and the panels partial's data.
type convData struct {
	Conv        *handoff.Conversation
	Customer    string
	Messages    []MessageView
	Packet      *engine.Packet
	PacketVals  [][2]string
	PacketScore float64 // the escalation score of the turn that handed off
	Reason      string
	Latest      *evalView
	Earlier     []evalView
	Score       *handoff.Score
	Mine        bool
	HeldBy      string
	JoinedAfter string
	WaitSecs    float64
	ResumeIn    float64 // seconds until the safety net gives it back to the AI; 0 when not armed
	CanClaim    bool
	CanPause    bool
	CanResume   bool
	CanHandback bool
	CanClose    bool
	CSRF        string
	Notice      string // a conflict to show, e.g. who holds it
	Waiting     int    // paused conversations, for the navigation badge
}

func convID(r *http.Request) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		return 0, handoff.Errorf(handoff.ENOTFOUND, "no conversation %q", r.PathValue("id"))
	}
	return id, nil
}

// loadConversation reads everything the conversation view shows.
func (c *Console) loadConversation(ctx context.Context, id int64, v *viewer) (*convData, error) {
	now := c.now()
	d := &convData{CSRF: v.CSRF}
	var msgs []*handoff.Message
	var evals []*handoff.Evaluation
	var names map[string]string
	err := c.store.View(ctx, func(tx handoff.Tx) error {
		var err error
		if d.Conv, err = tx.ConversationByID(ctx, id); err != nil {
			return err
		}
		if msgs, err = tx.ListMessages(ctx, id); err != nil {
			return err
		}
		if evals, err = tx.ListEvaluations(ctx, id); err != nil {
			return err
		}
		if names, err = ruleNames(ctx, tx); err != nil {
			return err
		}
		if _, d.Waiting, err = tx.ListConversations(ctx, handoff.ConversationFilter{State: handoff.StatePaused, Limit: 1}); err != nil {
			return err
		}
		d.Score, err = tx.ScoreByConversation(ctx, id)
		if handoff.ErrorCode(err) == handoff.ENOTFOUND {
			d.Score, err = nil, nil
		}
		return err
	})
	if err != nil {
		return nil, err
	}
	cv := d.Conv
	d.Customer = CustomerName(cv)
	d.Messages = ViewTranscript(msgs, d.Customer)
	d.Reason = reasonLabel(names, cv.HandoffReason)
	if cv.FirstHandoffAt != nil || cv.State == handoff.StatePaused || cv.State == handoff.StateHumanActive {
		p := engine.BuildPacket(cv, msgs, evals, now)
		d.Packet = &p
		if d.Reason == "" {
			d.Reason = reasonLabel(names, cv.FirstHandoffReason)
		}
		for _, k := range sortedKeys(p.FiredValues) {
			d.PacketVals = append(d.PacketVals, [2]string{k, fmtValue(p.FiredValues[k])})
		}
		d.PacketScore = p.EscalationScore
		for i := len(evals) - 1; i >= 0; i-- {
			if f := evals[i].Fired; len(f) > 0 && f[0].Rule == cmpOr(cv.HandoffReason, cv.FirstHandoffReason) {
				d.PacketScore = evals[i].Signals.EscalationScore
				break
			}
		}
	}
	turn := map[int64]int{}
	n := 0
	text := map[int64]*handoff.Message{}
	for _, m := range msgs {
		if m.Role == handoff.RoleCustomer {
			n++
			turn[m.ID] = n
		}
		text[m.ID] = m
	}
	var views []evalView
	for _, e := range evals {
		ev := evalView{MessageID: e.MessageID, Turn: turn[e.MessageID], Clock: e.CreatedAt.UTC().Format("15:04:05"), Score: e.Signals.EscalationScore,
			Explanation: e.Explanation, StateBefore: e.StateBefore, StateAfter: e.StateAfter}
		if m := text[e.MessageID]; m != nil {
			ev.Text = snippet(m.Text)
			if m.Role != handoff.RoleCustomer {
				ev.Text = "AI: " + ev.Text
			}
		}
		for _, f := range e.Fired {
			fv := firedView{Rule: f.Rule, Name: cmpOr(f.Name, names[f.Rule]), Actions: f.Actions, Explanation: f.Explanation}
			for _, k := range sortedKeys(f.Values) {
				fv.Values = append(fv.Values, [2]string{k, fmtValue(f.Values[k])})
			}
			ev.Fired = append(ev.Fired, fv)
		}
		for _, nm := range e.NearMisses {
			nv := nearView{Rule: nm.Rule, Name: cmpOr(nm.Name, names[nm.Rule]), Closeness: nm.Closeness, Explanation: nm.Explanation}
			for _, m := range nm.Missed {
				nv.Missed = append(nv.Missed, condView{Signal: m.Signal, Op: m.Op, Want: fmtValue(m.Want), Actual: fmtValue(m.Actual), Matched: m.Matched})
			}
			ev.Near = append(ev.Near, nv)
		}
		sort.SliceStable(ev.Near, func(i, j int) bool { return ev.Near[i].Closeness > ev.Near[j].Closeness })
		views = append(views, ev)
	}
	if len(views) > 0 {
		last := views[len(views)-1]
		d.Latest = &last
		for i := len(views) - 2; i >= 0 && len(d.Earlier) < earlierEvaluations; i-- {
			d.Earlier = append(d.Earlier, views[i])
		}
	}
	d.Mine = cv.State == handoff.StateHumanActive && cv.AssignedAgent == v.Agent.Name
	if cv.State == handoff.StateHumanActive && !d.Mine {
		d.HeldBy = holder(cv)
	}
	if cv.State == handoff.StateHumanActive && cv.ClaimedAt != nil {
		from := cv.ClaimedAt
		if cv.PausedAt != nil {
			from = cv.PausedAt
		}
		d.JoinedAfter = Duration(cv.ClaimedAt.Sub(*from).Seconds())
	}
	if cv.State == handoff.StatePaused && cv.PausedAt != nil {
		d.WaitSecs = now.Sub(*cv.PausedAt).Seconds()
	}
	if cv.ResumeAt != nil && (cv.State == handoff.StatePaused || cv.State == handoff.StateHumanActive) {
		d.ResumeIn = max(0, cv.ResumeAt.Sub(now).Seconds())
	}
	d.CanClaim = state.Can(cv, state.Claim)
	d.CanPause = state.Can(cv, state.Pause)
	d.CanResume = cv.State == handoff.StatePaused
	d.CanHandback = d.Mine
	d.CanClose = state.Can(cv, state.Close) && (cv.State != handoff.StateHumanActive || d.Mine || v.IsAdmin())
	return d, nil
}

// holder names who holds a conversation: "Sara · Support".
func holder(cv *handoff.Conversation) string {
	name := cmpOr(cv.AgentName, cv.AssignedAgent)
	if cv.AssignedTeam != "" {
		return name + " · " + cv.AssignedTeam
	}
	return name
}

func (c *Console) handleConversation(w http.ResponseWriter, r *http.Request) {
	c.showConversation(w, r, http.StatusOK, "")
}

// showConversation renders the conversation page, with a notice when an action was refused.
func (c *Console) showConversation(w http.ResponseWriter, r *http.Request, status int, notice string) {
	id, err := convID(r)
	if err != nil {
		c.fail(w, r, err)
		return
	}
	cur := c.cursor(r.Context())
	d, err := c.loadConversation(r.Context(), id, viewerFrom(r.Context()))
	if err != nil {
		c.fail(w, r, err)
		return
	}
	d.Notice = notice
	c.render(w, r, status, "conversation", page{Title: d.Customer, Nav: "inbox", Cursor: cur, Waiting: d.Waiting, Data: d})
}

func (c *Console) handlePanels(w http.ResponseWriter, r *http.Request) {
	id, err := convID(r)
	if err != nil {
		c.fail(w, r, err)
		return
	}
	d, err := c.loadConversation(r.Context(), id, viewerFrom(r.Context()))
	if err != nil {
		c.fail(w, r, err)
		return
	}
	c.renderPartial(w, "conv_panels", d)
}

// actionFlash is the notice shown after each action.
var actionFlash = map[state.Action]string{
	state.Claim: "claimed", state.Handback: "handback", state.Pause: "pause", state.Resume: "resume", state.Close: "close",
}

func (c *Console) handleAction(w http.ResponseWriter, r *http.Request) {
	id, err := convID(r)
	if err != nil {
		c.fail(w, r, err)
		return
	}
	action := state.Action(r.PathValue("action"))
	if _, ok := actionFlash[action]; !ok {
		c.fail(w, r, handoff.Errorf(handoff.ENOTFOUND, "unknown action %q", action))
		return
	}
	v := viewerFrom(r.Context())
	conv, err := c.act(r, id, action, v)
	if err != nil {
		if handoff.ErrorCode(err) == handoff.ECONFLICT && !wantsJSON(r) {
			c.showConversation(w, r, http.StatusConflict, handoff.ErrorMessage(err))
			return
		}
		c.fail(w, r, err)
		return
	}
	if wantsJSON(r) {
		writeJSON(w, http.StatusOK, map[string]any{"conversation": conv})
		return
	}
	http.Redirect(w, r, "/console/conversations/"+strconv.FormatInt(id, 10)+"?flash="+actionFlash[action], http.StatusSeeOther)
}

// act performs a state action for the viewer; a conversation someone else holds can only be
// closed by an admin, and is never handed back or claimed by another agent.
func (c *Console) act(r *http.Request, id int64, action state.Action, v *viewer) (*handoff.Conversation, error) {
	var cv *handoff.Conversation
	err := c.store.View(r.Context(), func(tx handoff.Tx) error {
		var err error
		cv, err = tx.ConversationByID(r.Context(), id)
		return err
	})
	if err != nil {
		return nil, err
	}
	others := cv.State == handoff.StateHumanActive && cv.AssignedAgent != v.Agent.Name
	switch {
	case others && (action == state.Claim || action == state.Handback || action == state.Resume):
		return nil, handoff.Conflictf(cv.State, "%s already holds this conversation.", holder(cv))
	case others && action == state.Close && !v.IsAdmin():
		return nil, handoff.Conflictf(cv.State, "%s holds this conversation; only they or an admin can close it.", holder(cv))
	case action == state.Claim && cv.State == handoff.StateHumanActive:
		return nil, handoff.Conflictf(cv.State, "You already hold this conversation.")
	}
	req := engine.ActionRequest{ConversationID: id, Action: action,
		Agent: &state.Agent{Name: v.Agent.Name, DisplayName: v.Agent.DisplayName, Team: v.Agent.Team}}
	if action == state.Close {
		resolved := r.PostFormValue("resolved") != "false"
		req.Resolved = &resolved
	}
	conv, err := c.cfg.Engine.Act(r.Context(), req)
	if handoff.ErrorCode(err) == handoff.ECONFLICT {
		// Someone else acted first: say what the conversation is now.
		if cur, lerr := c.conversation(r.Context(), id); lerr == nil && cur.State == handoff.StateHumanActive && cur.AssignedAgent != v.Agent.Name {
			return nil, handoff.Conflictf(cur.State, "%s already holds this conversation.", holder(cur))
		}
	}
	return conv, err
}

func (c *Console) conversation(ctx context.Context, id int64) (*handoff.Conversation, error) {
	var cv *handoff.Conversation
	err := c.store.View(ctx, func(tx handoff.Tx) error {
		var err error
		cv, err = tx.ConversationByID(ctx, id)
		return err
	})
	return cv, err
}

var clientIDPattern = regexp.MustCompile(`^[A-Za-z0-9_-]{1,64}$`)

// replyBody is an agent's reply from the composer.
type replyBody struct {
	Text     string `json:"text"`
	ClientID string `json:"client_id"` // makes retries idempotent
}

// handleReply posts the agent's reply into the conversation; only the agent who holds it may (409 otherwise).
func (c *Console) handleReply(w http.ResponseWriter, r *http.Request) {
	id, err := convID(r)
	if err != nil {
		c.fail(w, r, err)
		return
	}
	var body replyBody
	if isForm(r) {
		body = replyBody{Text: r.PostFormValue("text"), ClientID: r.PostFormValue("client_id")}
	} else {
		raw, err := readAll(r)
		if err == nil {
			err = handoffhttp.DecodeJSON(raw, &body)
		}
		if err != nil {
			c.fail(w, r, err)
			return
		}
	}
	if strings.TrimSpace(body.Text) == "" {
		c.fail(w, r, handoff.Errorf(handoff.EINVALID, "write a reply first"))
		return
	}
	if body.ClientID == "" {
		body.ClientID = nonce()
	}
	if !clientIDPattern.MatchString(body.ClientID) {
		c.fail(w, r, handoff.Errorf(handoff.EINVALID, "client_id must be 1 to 64 letters, digits, - or _"))
		return
	}
	v := viewerFrom(r.Context())
	cv, err := c.conversation(r.Context(), id)
	if err != nil {
		c.fail(w, r, err)
		return
	}
	if cv.State != handoff.StateHumanActive || cv.AssignedAgent != v.Agent.Name {
		msg := "Claim the conversation before you reply."
		if cv.State == handoff.StateHumanActive {
			msg = holder(cv) + " holds this conversation; only they can reply."
		}
		err := handoff.Conflictf(cv.State, "%s", msg)
		if !wantsJSON(r) {
			c.showConversation(w, r, http.StatusConflict, msg)
			return
		}
		c.fail(w, r, err)
		return
	}
	res, err := c.cfg.Engine.Ingest(r.Context(), engine.IngestRequest{Channel: cv.Channel, Role: handoff.RoleAgent, Text: body.Text,
		ConversationID: id, Source: handoff.SourceConsole, Author: v.Agent.DisplayName, ExternalID: "console-" + body.ClientID})
	if err != nil {
		c.fail(w, r, err)
		return
	}
	c.cfg.Relay.Publish(ws.TypingEvent(id, "agent", v.Agent.DisplayName, false))
	if !wantsJSON(r) {
		http.Redirect(w, r, "/console/conversations/"+strconv.FormatInt(id, 10), http.StatusSeeOther)
		return
	}
	status := http.StatusCreated
	if res.Duplicate {
		status = http.StatusOK
	}
	writeJSON(w, status, map[string]any{"message": ViewMessage(res.Message, CustomerName(res.Conversation)), "duplicate": res.Duplicate})
}
