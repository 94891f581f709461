package web

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/handoffhq/handoff"
	"github.com/handoffhq/handoff/internal/engine"
	handoffhttp "github.com/handoffhq/handoff/internal/http"
	"github.com/handoffhq/handoff/internal/rules"
)

// builderRows is how many condition rows the rule builder shows at least.
const builderRows = 3

// lastFiredScan is how many recently updated conversations "last fired" looks at.
const lastFiredScan = 500

// ruleRow is one rule in the rules list.
type ruleRow struct {
	Rule      *handoff.Rule
	When      string
	Actions   string
	LastFired string
	Fires     int
}

// dryRunView is a dry run's result as shown.
type dryRunView struct {
	Label  string
	Since  string
	Report *engine.DryRunReport
	Rules  []string // ids tested
}

// rulesData is the rules page's data.
type rulesData struct {
	Rules      []ruleRow
	DryRun     *dryRunView
	ImportText string
	Since      string
}

// describeCondition renders a condition as one line: "sentiment <= −0.60 and message_count >= 2".
func describeCondition(c *handoff.Condition) string {
	if c == nil {
		return ""
	}
	if c.IsGroup() {
		kids, sep := c.All, " and "
		if c.Any != nil {
			kids, sep = c.Any, " or "
		}
		parts := make([]string, 0, len(kids))
		for i := range kids {
			s := describeCondition(&kids[i])
			if kids[i].IsGroup() && len(kids[i].All)+len(kids[i].Any) > 1 {
				s = "(" + s + ")"
			}
			parts = append(parts, s)
		}
		return strings.Join(parts, sep)
	}
	return c.Signal + " " + c.Op + " " + fmtValue(c.Value)
}

func describeActions(as []handoff.Action) string {
	parts := make([]string, 0, len(as))
	for _, a := range as {
		s := a.String()
		switch a.Type {
		case handoff.ActionAssign:
			s = "assign:" + cmpOr(a.Team, a.Agent)
		case handoff.ActionReply:
			s = "reply"
		}
		parts = append(parts, s)
	}
	return strings.Join(parts, " · ")
}

func (c *Console) listRules(ctx context.Context) ([]*handoff.Rule, error) {
	var rs []*handoff.Rule
	err := c.store.View(ctx, func(tx handoff.Tx) error {
		var err error
		rs, err = tx.ListRules(ctx)
		return err
	})
	return rs, err
}

// loadRules builds the rules list with when each rule last fired among recent conversations.
func (c *Console) loadRules(ctx context.Context) ([]ruleRow, error) {
	now := c.now()
	var rs []*handoff.Rule
	last := map[string]time.Time{}
	fires := map[string]int{}
	err := c.store.View(ctx, func(tx handoff.Tx) error {
		var err error
		if rs, err = tx.ListRules(ctx); err != nil {
			return err
		}
		convs, _, err := tx.ListConversations(ctx, handoff.ConversationFilter{Limit: lastFiredScan})
		for _, cv := range convs {
			for id, at := range cv.RuleFiredAt {
				fires[id]++
				if at.After(last[id]) {
					last[id] = at
				}
			}
		}
		return err
	})
	if err != nil {
		return nil, err
	}
	rows := make([]ruleRow, 0, len(rs))
	for _, r := range rs {
		row := ruleRow{Rule: r, When: describeCondition(r.When), Actions: describeActions(r.Then), Fires: fires[r.ID], LastFired: "never"}
		if t, ok := last[r.ID]; ok {
			row.LastFired = ago(now, t)
		}
		if r.Expr != "" {
			if row.When != "" {
				row.When += " and "
			}
			row.When += "expr: " + r.Expr
		}
		rows = append(rows, row)
	}
	return rows, nil
}

func (c *Console) renderRules(w http.ResponseWriter, r *http.Request, status int, d rulesData, errMsg string) {
	rows, err := c.loadRules(r.Context())
	if err != nil {
		c.fail(w, r, err)
		return
	}
	d.Rules = rows
	if d.Since == "" {
		d.Since = "7d"
	}
	c.render(w, r, status, "rules", page{Title: "Rules", Nav: "rules", Error: errMsg, Data: d})
}

func (c *Console) handleRules(w http.ResponseWriter, r *http.Request) {
	c.renderRules(w, r, http.StatusOK, rulesData{}, "")
}

func (c *Console) handleRuleToggle(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	err := c.store.Write(r.Context(), func(tx handoff.Tx) error {
		rule, err := tx.RuleByID(r.Context(), id)
		if err != nil {
			return err
		}
		rule.Enabled = !rule.Enabled
		rule.UpdatedAt = c.now()
		return tx.PutRule(r.Context(), rule)
	})
	c.cfg.Engine.InvalidateRules()
	if err != nil {
		c.fail(w, r, err)
		return
	}
	http.Redirect(w, r, "/console/rules?flash=saved", http.StatusSeeOther)
}

func (c *Console) handleRuleDelete(w http.ResponseWriter, r *http.Request) {
	err := c.store.Write(r.Context(), func(tx handoff.Tx) error { return tx.DeleteRule(r.Context(), r.PathValue("id")) })
	c.cfg.Engine.InvalidateRules()
	if err != nil {
		c.fail(w, r, err)
		return
	}
	http.Redirect(w, r, "/console/rules?flash=deleted", http.StatusSeeOther)
}

func (c *Console) handleRuleExport(w http.ResponseWriter, r *http.Request) {
	rs, err := c.listRules(r.Context())
	if err != nil {
		c.fail(w, r, err)
		return
	}
	b, err := rules.MarshalYAML(rs)
	if err != nil {
		c.fail(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "application/yaml; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="handoff-rules.yaml"`)
	_, _ = w.Write(b)
}

// importText reads the YAML of an import: an uploaded file or the text area.
func importText(r *http.Request) (string, error) {
	if strings.HasPrefix(r.Header.Get("Content-Type"), "multipart/form-data") {
		if err := r.ParseMultipartForm(rules.MaxDocumentSize); err != nil {
			return "", handoff.Errorf(handoff.EINVALID, "cannot read the upload: %v", err)
		}
		if f, _, err := r.FormFile("file"); err == nil {
			defer f.Close()
			b, err := io.ReadAll(io.LimitReader(f, rules.MaxDocumentSize+1))
			if err != nil {
				return "", handoff.Errorf(handoff.EINVALID, "cannot read the upload: %v", err)
			}
			if len(b) > 0 {
				return string(b), nil
			}
		}
	}
	return r.PostFormValue("yaml"), nil
}

func (c *Console) handleRuleImport(w http.ResponseWriter, r *http.Request) {
	text, err := importText(r)
	if err != nil {
		c.renderRules(w, r, http.StatusBadRequest, rulesData{}, handoff.ErrorMessage(err))
		return
	}
	if strings.TrimSpace(text) == "" {
		c.renderRules(w, r, http.StatusBadRequest, rulesData{}, "Paste YAML or choose a file to import.")
		return
	}
	rs, err := rules.Parse([]byte(text))
	if err == nil {
		err = c.cfg.Engine.SaveRules(r.Context(), rs, r.PostFormValue("mode") == "replace", false)
	}
	if err != nil {
		if code := handoff.ErrorCode(err); code != handoff.EINVALID && code != handoff.ECONFLICT {
			c.fail(w, r, err)
			return
		}
		c.renderRules(w, r, http.StatusBadRequest, rulesData{ImportText: text}, "Nothing was imported. "+handoff.ErrorMessage(err))
		return
	}
	http.Redirect(w, r, "/console/rules?flash=imported", http.StatusSeeOther)
}

// condRow is one row of the rule builder.
type condRow struct {
	Signal string
	Op     string
	Value  string
}

// ruleForm is the rule builder's state.
type ruleForm struct {
	IsNew       bool
	Advanced    bool // the rule does more than the builder shows: edit it as YAML
	YAML        string
	ID          string
	Name        string
	Description string
	Enabled     bool
	Match       string // all or any
	Rows        []condRow
	Keywords    string
	Expr        string
	Channels    map[string]bool
	Cooldown    string
	Priority    int
	PauseAI     bool
	Notify      bool
	Tag         string
	SetPriority string
	AssignTeam  string
	Reply       string
}

// ruleFormData is the rule form page's data.
type ruleFormData struct {
	Form       ruleForm
	Signals    []string
	Operators  []string
	Channels   []string
	Priorities []string
	DryRun     *dryRunView
	ErrorField string
	ErrorLine  int
	ErrorCol   int
}

func signalNames() []string {
	out := []string{rules.TextSignal}
	for k := range handoff.SignalKinds {
		out = append(out, k)
	}
	sort.Strings(out[1:])
	return out
}

func newRuleFormData(f ruleForm) ruleFormData {
	for len(f.Rows) < builderRows {
		f.Rows = append(f.Rows, condRow{})
	}
	if f.Match == "" {
		f.Match = "all"
	}
	if f.Channels == nil {
		f.Channels = map[string]bool{}
	}
	return ruleFormData{Form: f, Signals: signalNames(), Operators: handoff.Operators, Channels: handoff.Channels, Priorities: rules.Priorities}
}

// formFromRule fills the builder from a stored rule, or marks it advanced when the builder cannot show it.
func formFromRule(r *handoff.Rule) ruleForm {
	f := ruleForm{ID: r.ID, Name: r.Name, Description: r.Description, Enabled: r.Enabled, Expr: r.Expr, Cooldown: r.Cooldown.String(),
		Priority: r.Priority, Channels: map[string]bool{}, Match: "all"}
	for _, ch := range r.Channels {
		f.Channels[ch] = true
	}
	if y, err := rules.MarshalYAML([]*handoff.Rule{r}); err == nil {
		f.YAML = string(y)
	}
	if w := r.When; w != nil {
		kids := w.All
		if w.Any != nil {
			kids, f.Match = w.Any, "any"
		}
		if !w.IsGroup() {
			kids = []handoff.Condition{*w}
		}
		if w.All != nil && w.Any != nil {
			f.Advanced = true
		}
		for _, k := range kids {
			switch {
			case k.IsGroup():
				f.Advanced = true
			case k.Signal == rules.TextSignal && k.Op == "any_of" && f.Keywords == "":
				f.Keywords = joinValues(k.Value)
			default:
				f.Rows = append(f.Rows, condRow{Signal: k.Signal, Op: k.Op, Value: joinValues(k.Value)})
			}
		}
	}
	for _, a := range r.Then {
		switch {
		case a.Type == handoff.ActionPauseAI:
			f.PauseAI = true
		case a.Type == handoff.ActionNotify && (len(a.Targets) == 0 || len(a.Targets) == 1 && a.Targets[0] == "team"):
			f.Notify = true
		case a.Type == handoff.ActionTag && f.Tag == "":
			f.Tag = a.Value
		case a.Type == handoff.ActionSetPriority:
			f.SetPriority = a.Value
		case a.Type == handoff.ActionAssign && a.Agent == "" && f.AssignTeam == "":
			f.AssignTeam = a.Team
		case a.Type == handoff.ActionReply && f.Reply == "":
			f.Reply = a.Value
		default:
			f.Advanced = true
		}
	}
	return f
}

func joinValues(v any) string {
	switch x := v.(type) {
	case []any:
		parts := make([]string, len(x))
		for i, p := range x {
			parts[i] = joinValues(p)
		}
		return strings.Join(parts, ", ")
	case []string:
		return strings.Join(x, ", ")
	case string:
		return x
	case float64:
		return strconv.FormatFloat(x, 'f', -1, 64)
	case int:
		return strconv.Itoa(x)
	case bool:
		return strconv.FormatBool(x)
	case nil:
		return ""
	}
	return fmt.Sprint(v)
}

// formFromRequest reads the builder's fields.
func formFromRequest(r *http.Request) ruleForm {
	f := ruleForm{IsNew: r.PostFormValue("is_new") == "1", ID: strings.TrimSpace(r.PostFormValue("id")), Name: strings.TrimSpace(r.PostFormValue("name")),
		Description: strings.TrimSpace(r.PostFormValue("description")), Enabled: r.PostFormValue("enabled") != "",
		Match: r.PostFormValue("match"), Keywords: r.PostFormValue("keywords"), Expr: strings.TrimSpace(r.PostFormValue("expr")),
		Cooldown: strings.TrimSpace(r.PostFormValue("cooldown")), Channels: map[string]bool{},
		PauseAI: r.PostFormValue("pause_ai") != "", Notify: r.PostFormValue("notify") != "", Tag: strings.TrimSpace(r.PostFormValue("tag")),
		SetPriority: r.PostFormValue("set_priority"), AssignTeam: strings.TrimSpace(r.PostFormValue("assign_team")), Reply: strings.TrimSpace(r.PostFormValue("reply"))}
	f.Priority, _ = strconv.Atoi(strings.TrimSpace(r.PostFormValue("priority")))
	for _, ch := range r.PostForm["channels"] {
		f.Channels[ch] = true
	}
	sig, ops, vals := r.PostForm["signal"], r.PostForm["op"], r.PostForm["value"]
	for i := range sig {
		row := condRow{Signal: sig[i]}
		if i < len(ops) {
			row.Op = ops[i]
		}
		if i < len(vals) {
			row.Value = strings.TrimSpace(vals[i])
		}
		if row.Signal != "" || row.Value != "" {
			f.Rows = append(f.Rows, row)
		}
	}
	return f
}

var slugRe = regexp.MustCompile(`[^a-z0-9]+`)

// slug makes a rule id from a name: "Angry customer" → "angry_customer".
func slug(s string) string {
	s = strings.Trim(slugRe.ReplaceAllString(strings.ToLower(s), "_"), "_")
	if len(s) > 64 {
		s = strings.TrimRight(s[:64], "_")
	}
	return s
}

func splitList(s string) []string {
	var out []string
	for _, p := range strings.Split(s, ",") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// conditionValue types a builder value for its signal and operator.
func conditionValue(signal, op, raw string) any {
	kind, known := handoff.SignalKinds[signal]
	switch {
	case op == "any_of":
		return splitList(raw)
	case op == "in":
		var nums []any
		for _, p := range splitList(raw) {
			if n, err := strconv.ParseFloat(p, 64); err == nil {
				nums = append(nums, n)
			} else {
				nums = append(nums, p)
			}
		}
		return nums
	case known && kind == handoff.SignalBool:
		if b, err := strconv.ParseBool(raw); err == nil {
			return b
		}
	case known && kind == handoff.SignalNumber:
		if n, err := strconv.ParseFloat(strings.Replace(raw, "−", "-", 1), 64); err == nil {
			return n
		}
	}
	return raw
}

// ruleFromForm builds the rule the builder describes and validates it like the API does.
func ruleFromForm(f ruleForm) (*handoff.Rule, error) {
	id := f.ID
	if id == "" {
		id = slug(f.Name)
	}
	r := map[string]any{"id": id, "name": f.Name, "enabled": f.Enabled, "priority": f.Priority}
	if f.Description != "" {
		r["description"] = f.Description
	}
	var conds []map[string]any
	for _, row := range f.Rows {
		if row.Signal == "" {
			continue
		}
		conds = append(conds, map[string]any{"signal": row.Signal, "op": row.Op, "value": conditionValue(row.Signal, row.Op, row.Value)})
	}
	if kw := splitList(f.Keywords); len(kw) > 0 {
		conds = append(conds, map[string]any{"signal": rules.TextSignal, "op": "any_of", "value": kw})
	}
	if len(conds) > 0 {
		match := "all"
		if f.Match == "any" {
			match = "any"
		}
		r["when"] = map[string]any{match: conds}
	}
	if f.Expr != "" {
		r["expr"] = f.Expr
	}
	var chans []string
	for _, ch := range handoff.Channels {
		if f.Channels[ch] {
			chans = append(chans, ch)
		}
	}
	if len(chans) > 0 {
		r["channels"] = chans
	}
	if f.Cooldown != "" {
		r["cooldown"] = f.Cooldown
	}
	then := []any{}
	if f.PauseAI {
		then = append(then, handoff.ActionPauseAI)
	}
	if f.Notify {
		then = append(then, map[string]any{handoff.ActionNotify: map[string]any{"targets": []string{"team"}}})
	}
	if f.Tag != "" {
		then = append(then, map[string]any{handoff.ActionTag: f.Tag})
	}
	if f.SetPriority != "" {
		then = append(then, map[string]any{handoff.ActionSetPriority: f.SetPriority})
	}
	if f.AssignTeam != "" {
		then = append(then, map[string]any{handoff.ActionAssign: map[string]any{"team": f.AssignTeam}})
	}
	if f.Reply != "" {
		then = append(then, map[string]any{handoff.ActionReply: f.Reply})
	}
	r["then"] = then
	b, err := json.Marshal(r)
	if err != nil {
		return nil, err
	}
	rs, err := rules.Parse(b)
	if err != nil {
		return nil, err
	}
	return rs[0], nil
}

func (c *Console) handleRuleForm(w http.ResponseWriter, r *http.Request) {
	f := ruleForm{IsNew: true, Enabled: true, PauseAI: true, Notify: true, Cooldown: "15m", Priority: 50}
	if id := r.PathValue("id"); id != "" {
		var rule *handoff.Rule
		err := c.store.View(r.Context(), func(tx handoff.Tx) error {
			var err error
			rule, err = tx.RuleByID(r.Context(), id)
			return err
		})
		if err != nil {
			c.fail(w, r, err)
			return
		}
		f = formFromRule(rule)
	}
	title := "New rule"
	if !f.IsNew {
		title = "Edit " + cmpOr(f.Name, f.ID)
	}
	c.render(w, r, http.StatusOK, "rule_form", page{Title: title, Nav: "rules", Data: newRuleFormData(f)})
}

// renderRuleFormError shows the builder again with the error and where it is.
func (c *Console) renderRuleFormError(w http.ResponseWriter, r *http.Request, f ruleForm, err error) {
	d := newRuleFormData(f)
	var ve *rules.ValidationError
	if asValidation(err, &ve) {
		d.ErrorField, d.ErrorLine, d.ErrorCol = ve.Field, ve.Line, ve.Column
	}
	status := handoffhttp.ErrorStatus(handoff.ErrorCode(err))
	c.render(w, r, status, "rule_form", page{Title: "Rule", Nav: "rules", Error: handoff.ErrorMessage(err), Data: d})
}

// asValidation finds the first rule validation error in err.
func asValidation(err error, ve **rules.ValidationError) bool { return errors.As(err, ve) }

func (c *Console) handleRuleSave(w http.ResponseWriter, r *http.Request) {
	f := formFromRequest(r)
	rule, err := ruleFromForm(f)
	if err == nil {
		err = c.cfg.Engine.SaveRules(r.Context(), []*handoff.Rule{rule}, false, f.IsNew)
	}
	if err != nil {
		if code := handoff.ErrorCode(err); code != handoff.EINVALID && code != handoff.ECONFLICT {
			c.fail(w, r, err)
			return
		}
		c.renderRuleFormError(w, r, f, err)
		return
	}
	http.Redirect(w, r, "/console/rules?flash=saved", http.StatusSeeOther)
}

// dryRunSince reads the look-back of a dry run: 1d, 7d or 30d.
func dryRunSince(v string) (string, time.Duration) {
	switch v {
	case "1d":
		return v, 24 * time.Hour
	case "30d":
		return v, 30 * 24 * time.Hour
	}
	return "7d", 7 * 24 * time.Hour
}

func (c *Console) handleDryRun(w http.ResponseWriter, r *http.Request) {
	label, back := dryRunSince(r.PostFormValue("since"))
	since := c.now().Add(-back)
	if r.PostFormValue("builder") == "1" {
		f := formFromRequest(r)
		rule, err := ruleFromForm(f)
		if err != nil {
			c.renderRuleFormError(w, r, f, err)
			return
		}
		rule.Enabled = true
		rep, err := c.cfg.Engine.DryRun(r.Context(), []*handoff.Rule{rule}, since, 0)
		if err != nil {
			c.renderRuleFormError(w, r, f, err)
			return
		}
		d := newRuleFormData(f)
		d.DryRun = &dryRunView{Label: "this rule", Since: label, Report: rep, Rules: []string{rule.ID}}
		c.render(w, r, http.StatusOK, "rule_form", page{Title: "Rule", Nav: "rules", Data: d})
		return
	}
	rs, err := c.listRules(r.Context())
	if err != nil {
		c.fail(w, r, err)
		return
	}
	label2 := "the current rule set"
	if id := r.PostFormValue("rule"); id != "" {
		var one []*handoff.Rule
		for _, x := range rs {
			if x.ID == id {
				cp := *x
				cp.Enabled = true
				one = append(one, &cp)
			}
		}
		if len(one) == 0 {
			c.fail(w, r, handoff.Errorf(handoff.ENOTFOUND, "rule %q not found", id))
			return
		}
		rs, label2 = one, "rule "+id
	}
	rep, err := c.cfg.Engine.DryRun(r.Context(), rs, since, 0)
	if err != nil {
		c.fail(w, r, err)
		return
	}
	ids := make([]string, len(rs))
	for i, x := range rs {
		ids[i] = x.ID
	}
	c.renderRules(w, r, http.StatusOK, rulesData{Since: label, DryRun: &dryRunView{Label: label2, Since: label, Report: rep, Rules: ids}}, "")
}
