package main

import (
	"context"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/chromedp"

	"github.com/handoffhq/handoff"
	"github.com/handoffhq/handoff/internal/web"
)

// The browser tests drive the real service in headless Chromium. They need /usr/bin/chromium
// (apt-get install -y chromium): without it they are skipped locally and fail under CI=true.
// HANDOFF_SCREENSHOTS=1 saves screenshots of the console and the widget to docs/screenshots.

const chromiumPath = "/usr/bin/chromium"

// stepTimeout bounds every browser step; waits for the live view use their own, shorter budgets.
const stepTimeout = 20 * time.Second

// liveBudget is how soon the console must show a handoff after the customer's message.
const liveBudget = time.Second

// browser is one headless Chromium.
type browser struct {
	root context.Context
	base string
}

func newBrowser(t *testing.T, base string) *browser {
	t.Helper()
	if _, err := os.Stat(chromiumPath); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("browser tests need Chromium at %s (apt-get install -y chromium): %v", chromiumPath, err)
		}
		t.Skipf("Chromium is not installed at %s (apt-get install -y chromium)", chromiumPath)
	}
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(chromiumPath),
		chromedp.Headless, chromedp.NoSandbox, chromedp.DisableGPU, chromedp.NoFirstRun, chromedp.NoDefaultBrowserCheck,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.Flag("disable-background-timer-throttling", true),
		chromedp.Flag("disable-backgrounding-occluded-windows", true),
		chromedp.Flag("disable-renderer-backgrounding", true),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(1440, 900),
	}
	alloc, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	root, cancelRoot := chromedp.NewContext(alloc)
	t.Cleanup(func() {
		cancelRoot()
		cancelAlloc()
	})
	if err := chromedp.Do(root, chromedp.Navigate("about:blank")); err != nil {
		t.Fatalf("start Chromium: %v", err)
	}
	return &browser{root: root, base: base}
}

// tab opens a tab in a browser context of its own: its own cookies and localStorage, like a
// different person on a different machine.
func (b *browser) tab(t *testing.T) context.Context {
	t.Helper()
	ctx, cancel := chromedp.NewContext(b.root, chromedp.WithNewBrowserContext())
	t.Cleanup(cancel)
	if err := chromedp.Do(ctx, chromedp.Navigate("about:blank")); err != nil {
		t.Fatalf("open tab: %v", err)
	}
	return ctx
}

// do runs browser steps with a bounded time.
func do(t *testing.T, ctx context.Context, what string, steps ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	tctx, cancel := context.WithTimeout(ctx, stepTimeout)
	defer cancel()
	if err := chromedp.Do(tctx, steps...); err != nil {
		t.Fatalf("%s: %v", what, err)
	}
}

// waitFor polls a JavaScript condition in the page until it is true or within has passed. A
// poll that loses its page context (the page was still replacing its document) starts again.
func waitFor(t *testing.T, ctx context.Context, what, cond string, within time.Duration) {
	t.Helper()
	deadline := time.Now().Add(within)
	for {
		tctx, cancel := context.WithTimeout(ctx, time.Until(deadline)+stepTimeout)
		_, err := chromedp.Run(tctx, chromedp.Poll[bool](cond, chromedp.WithPollingTimeout(time.Until(deadline)), chromedp.WithPollingInterval(20*time.Millisecond)))
		cancel()
		if err == nil {
			return
		}
		if !strings.Contains(err.Error(), "Cannot find context with specified id") || time.Now().After(deadline) {
			t.Fatalf("%s: %v", what, err)
		}
	}
}

// eval evaluates a JavaScript expression (awaiting a promise) and decodes its value.
func eval[T any](t *testing.T, ctx context.Context, expr string) T {
	t.Helper()
	tctx, cancel := context.WithTimeout(ctx, stepTimeout)
	defer cancel()
	v, err := chromedp.Run(tctx, chromedp.Evaluate[T](expr, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatalf("evaluate %s: %v", expr, err)
	}
	return v
}

// shadow is the widget's shadow root in the page.
const shadow = `document.querySelector('#handoff-widget').shadowRoot`

// inWidget selects an element inside the widget.
func inWidget(sel string) chromedp.JSPath {
	return chromedp.JSPath(shadow + `.querySelector(` + strconv.Quote(sel) + `)`)
}

// js quotes s as a JavaScript string literal.
func js(s string) string { return strconv.Quote(s) }

// screenshot saves the tab's viewport to docs/screenshots/name when HANDOFF_SCREENSHOTS=1.
func screenshot(t *testing.T, ctx context.Context, name string) {
	t.Helper()
	if os.Getenv("HANDOFF_SCREENSHOTS") != "1" {
		return
	}
	waitFor(t, ctx, "animations finish before the screenshot", `document.getAnimations().every(a => a.playState !== 'running' || a.effect.getTiming().iterations === Infinity)`, 8*time.Second)
	tctx, cancel := context.WithTimeout(ctx, stepTimeout)
	defer cancel()
	png, err := chromedp.Run(tctx, chromedp.CaptureScreenshot())
	if err != nil {
		t.Fatalf("screenshot %s: %v", name, err)
	}
	dir := filepath.Join("..", "..", "docs", "screenshots")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, name), png, 0o644); err != nil {
		t.Fatal(err)
	}
}

// mustAgent creates a console login.
func mustAgent(t *testing.T, m *Main, name, display, team, role string) {
	t.Helper()
	if _, err := web.CreateAgent(context.Background(), m.Store, web.NewAgent{Name: name, DisplayName: display, Team: team, Role: role, Password: name + "-password"}, time.Now()); err != nil {
		t.Fatal(err)
	}
}

// login logs an agent in through the login form and waits for the inbox.
func login(t *testing.T, ctx context.Context, base, name string) {
	t.Helper()
	do(t, ctx, "log in as "+name,
		chromedp.Navigate(base+"/console/login"),
		chromedp.SendKeys(chromedp.ID("login-name"), name),
		chromedp.SendKeys(chromedp.ID("login-password"), name+"-password"),
		chromedp.Click(chromedp.ID("login-submit")),
		chromedp.WaitVisible(chromedp.ID("inbox")),
	)
	waitFor(t, ctx, name+": console live", `document.getElementById('live-status').dataset.state === 'live'`, 10*time.Second)
}

// pressEnter presses Enter in the focused element the way a keyboard does: a key down the page
// can cancel, and no character typed after it.
var pressEnter = chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
	for _, typ := range []input.DispatchKeyEventType{input.DispatchKeyEventTypeRawKeyDown, input.DispatchKeyEventTypeKeyUp} {
		_, err := cdp.Call(ctx, t, input.DispatchKeyEvent, input.DispatchKeyEventParams{
			Type: typ, Key: "Enter", Code: "Enter", WindowsVirtualKeyCode: 13, NativeVirtualKeyCode: 13})
		if err != nil {
			return err
		}
	}
	return nil
})

// sendAsCustomer types a message into the widget and presses Enter.
func sendAsCustomer(t *testing.T, ctx context.Context, text string) {
	t.Helper()
	do(t, ctx, "customer sends "+text, chromedp.SendKeys(inWidget(".hw-input"), text), pressEnter)
}

// count returns how many elements match a widget selector.
func widgetCount(t *testing.T, ctx context.Context, sel string) int {
	t.Helper()
	return eval[int](t, ctx, shadow+`.querySelectorAll(`+js(sel)+`).length`)
}

// seedInbox fills the inbox with a few conversations through the API so the console has
// something to sort: a request for a person, a complex dispute, one held by an agent, two with the AI.
func seedInbox(t *testing.T, m *Main) {
	t.Helper()
	type msg struct{ conv, channel, name, text string }
	msgs := []msg{
		{"seed-dana", "web", "Dana Whitfield", "My card was charged twice for the same order. Can I talk to a real person please?"},
		{"seed-priya", "shopify", "Priya Natarajan", "Order #1001 arrived damaged, #1002 never came, and I was billed twice. I want a refund or I will file a chargeback with my bank."},
		{"seed-jonas", "web", "Jonas Berg", "Do you ship to Norway?"},
		{"seed-aiko", "messenger", "Aiko Tanaka", "What sizes does the Fjell jacket come in?"},
		{"seed-chris", "instagram", "Chris Doyle", "Hi, I need to change the delivery address of my order."},
	}
	ids := map[string]int64{}
	for i, x := range msgs {
		body := fmt.Sprintf(`{"channel":%q,"role":"customer","text":%q,"external_id":"seed-%d","conversation_external_id":%q,"customer":{"name":%q}}`,
			x.channel, x.text, i, x.conv, x.name)
		status, out := post(t, m, "/api/v1/messages", body)
		if status != http.StatusCreated {
			t.Fatalf("seed %s: %d %v", x.conv, status, out)
		}
		ids[x.conv] = int64(out["conversation"].(map[string]any)["id"].(float64))
	}
	if status, out := post(t, m, fmt.Sprintf("/api/v1/conversations/%d/claim", ids["seed-chris"]), `{"agent":"tom","display_name":"Tom","team":"Billing"}`); status != http.StatusOK {
		t.Fatalf("seed claim: %d %v", status, out)
	}
}

// TestBrowserTakeover is the whole story: a customer chats in the demo widget, gets angry, the
// console shows the paused conversation at once, an agent claims it and replies, the customer
// sees the agent, the agent hands back and the AI answers again. Along the way: a second agent
// cannot claim, typing shows on both sides, HTML is shown as text, and a reload keeps the chat.
func TestBrowserTakeover(t *testing.T) {
	m := startMain(t, t.TempDir())
	defer m.Close()
	base := m.Server.URL()
	b := newBrowser(t, base)
	mustAgent(t, m, "sara", "Sara", "Support", handoff.AgentRoleAdmin)
	mustAgent(t, m, "tom", "Tom", "Billing", handoff.AgentRoleAgent)
	seedInbox(t, m)

	// The customer opens the demo store and chats with the AI.
	customer := b.tab(t)
	do(t, customer, "open the demo page", chromedp.Navigate(base+"/demo?name=Alex%20Morgan"))
	waitFor(t, customer, "widget loads", `!!(document.querySelector('#handoff-widget') && `+shadow+`.querySelector('.hw-launcher'))`, 10*time.Second)
	do(t, customer, "open the chat", chromedp.Click(inWidget(".hw-launcher")))
	sendAsCustomer(t, customer, "Hi! Where is my order #4521? It was due on Monday.")
	waitFor(t, customer, "the AI answers", shadow+`.querySelectorAll('.hw-msg[data-role=ai]').length >= 1`, 15*time.Second)
	if got := eval[string](t, customer, shadow+`.querySelector('.hw-msg[data-role=ai] .hw-author').textContent`); got != "AI Assistant" {
		t.Fatalf("AI message labelled %q, want AI Assistant", got)
	}

	// Tom watches the inbox.
	tom := b.tab(t)
	login(t, tom, base, "tom")

	// Two angry messages: the console shows the handoff within a second of the customer pressing Enter.
	do(t, customer, "customer types", chromedp.SendKeys(inWidget(".hw-input"), "This is absolutely horrible, the worst service ever. I am furious!!!"))
	start := time.Now()
	do(t, customer, "customer presses Enter", pressEnter)
	waitFor(t, tom, "the inbox shows the paused conversation within a second",
		`Array.from(document.querySelectorAll('.conv-row.state-paused')).some(r => r.textContent.includes('Alex Morgan') && r.textContent.includes('Angry customer'))`, liveBudget)
	t.Logf("trigger → console inbox: %v", time.Since(start))
	sendAsCustomer(t, customer, "Nobody answers me and this is a disgrace. I want my money back NOW!!!")
	waitFor(t, customer, "the customer is told a person is coming",
		shadow+`.querySelector('.hw-title').textContent.includes('Connecting you to our team') && `+shadow+`.querySelectorAll('.hw-msg[data-role=system]').length >= 1`, 10*time.Second)
	waitFor(t, customer, "the second angry message is delivered", shadow+`.querySelectorAll('.hw-msg[data-role=customer]:not([data-pending])').length === 3`, 10*time.Second)
	screenshot(t, tom, "console-inbox.png")

	// Tom opens it: paused, with the signals per turn and the reason.
	// The inbox re-renders on every event, so follow the row's link rather than click a node that may be replaced.
	href := eval[string](t, tom, `Array.from(document.querySelectorAll('.conv-row a')).find(a => a.textContent.includes('Alex Morgan')).getAttribute('href')`)
	do(t, tom, "open the conversation", chromedp.Navigate(base+href), chromedp.WaitVisible(chromedp.ID("state-banner")))
	waitFor(t, tom, "console live on the conversation", `document.getElementById('live-status').dataset.state === 'live'`, 10*time.Second)
	banner := eval[string](t, tom, `document.getElementById('state-banner').textContent`)
	if !strings.Contains(banner, "CONVERSATION PAUSED") || !strings.Contains(banner, "Angry customer") {
		t.Fatalf("banner = %q, want CONVERSATION PAUSED with the reason", banner)
	}
	chips := eval[string](t, tom, `Array.from(document.querySelectorAll('.msg-customer .chip')).map(c => c.textContent).join(' | ')`)
	for _, want := range []string{"NEGATIVE_TONE", "sentiment", "escalation"} {
		if !strings.Contains(chips, want) {
			t.Errorf("signal chips %q lack %s", chips, want)
		}
	}
	evalPanel := eval[string](t, tom, `document.getElementById('evaluation').textContent + document.getElementById('packet').textContent`)
	for _, want := range []string{"Angry customer", "Context transferred", "sentiment"} {
		if !strings.Contains(evalPanel, want) {
			t.Errorf("evaluation and packet panels lack %q", want)
		}
	}
	convURL := eval[string](t, tom, `location.pathname`)

	// Sara logs in and claims it.
	sara := b.tab(t)
	login(t, sara, base, "sara")
	do(t, sara, "open the conversation", chromedp.Navigate(base+convURL), chromedp.WaitVisible(chromedp.ID("btn-claim")))
	do(t, sara, "claim", chromedp.Click(chromedp.ID("btn-claim")), chromedp.WaitVisible(chromedp.ID("btn-handback")))
	waitFor(t, sara, "console live after the claim", `document.getElementById('live-status').dataset.state === 'live'`, 10*time.Second)
	banner = eval[string](t, sara, `document.getElementById('state-banner').textContent.replace(/\s+/g, ' ')`)
	if !regexp.MustCompile(`HUMAN · ACTIVE — Sara · Support — joined \d+:\d\d`).MatchString(banner) {
		t.Fatalf("banner after claim = %q", banner)
	}

	// The customer sees Sara join, with the HUMAN badge.
	waitFor(t, customer, "the widget shows Sara with a HUMAN badge",
		shadow+`.querySelector('.hw-title').textContent.includes('Sara') && !!`+shadow+`.querySelector('.hw-title .hw-badge-human')`, 5*time.Second)
	waitFor(t, customer, "the widget says Sara joined",
		`Array.from(`+shadow+`.querySelectorAll('.hw-msg[data-role=system]')).some(m => m.textContent.includes('Sara from Support joined'))`, 5*time.Second)

	// Tom cannot claim it any more: his page shows who holds it, and the server refuses.
	waitFor(t, tom, "Tom sees who holds it", `(document.getElementById('held-by') || {}).textContent === 'Held by Sara · Support' && !document.getElementById('btn-claim')`, 5*time.Second)
	refused := eval[[]any](t, tom, `fetch(location.pathname + '/claim', {method: 'POST', headers: {'Accept': 'application/json', 'X-CSRF-Token': document.querySelector('meta[name=csrf-token]').content}})
		.then(r => r.json().then(j => [r.status, j.error.message]))`)
	if len(refused) != 2 || refused[0] != float64(http.StatusConflict) || !strings.Contains(fmt.Sprint(refused[1]), "Sara · Support") {
		t.Fatalf("second claim answered %v, want 409 naming Sara · Support", refused)
	}
	tomReply := eval[[]any](t, tom, `fetch(location.pathname + '/messages', {method: 'POST', headers: {'Accept': 'application/json', 'Content-Type': 'application/json', 'X-CSRF-Token': document.querySelector('meta[name=csrf-token]').content}, body: JSON.stringify({text: 'hello', client_id: 'tom1'})})
		.then(r => r.json().then(j => [r.status, j.error.message]))`)
	if len(tomReply) != 2 || tomReply[0] != float64(http.StatusConflict) {
		t.Fatalf("a reply from an agent who does not hold the conversation answered %v, want 409", tomReply)
	}

	// Typing shows on both sides.
	do(t, customer, "customer types", chromedp.SendKeys(inWidget(".hw-input"), "Ok so"))
	waitFor(t, sara, "Sara sees the customer typing", `!document.getElementById('typing').hidden && document.getElementById('typing-text').textContent.includes('Customer is typing')`, 5*time.Second)
	eval[bool](t, customer, shadow+`.querySelector('.hw-input').value = '', true`)
	do(t, sara, "Sara types", chromedp.SendKeys(chromedp.ID("composer-text"), "Hi Alex, I'm Sara"))
	waitFor(t, customer, "the customer sees Sara typing", `!`+shadow+`.querySelector('.hw-typing').hidden && `+shadow+`.querySelector('.hw-typing').textContent.includes('Sara is typing')`, 5*time.Second)

	// Sara replies; the customer sees it as Sara, HUMAN.
	reply := "Hi Alex, I'm Sara from Support. I'm sorry about the wait. I've refunded order #4521 in full; you'll see it within 3 to 5 days."
	do(t, sara, "Sara sends", chromedp.SendKeys(chromedp.ID("composer-text"), strings.TrimPrefix(reply, "Hi Alex, I'm Sara")), pressEnter)
	waitFor(t, sara, "Sara's reply is in her transcript", `Array.from(document.querySelectorAll('.msg-agent .bubble')).some(b => b.textContent === `+js(reply)+`)`, 5*time.Second)
	waitFor(t, customer, "the customer gets Sara's reply",
		`Array.from(`+shadow+`.querySelectorAll('.hw-msg[data-role=agent]')).some(m => m.querySelector('.hw-text').textContent === `+js(reply)+
			` && m.querySelector('.hw-author').textContent.startsWith('Sara') && !!m.querySelector('.hw-badge-human'))`, 5*time.Second)
	sendAsCustomer(t, customer, "Thank you Sara, that really helps.")
	waitFor(t, sara, "Sara gets the customer's answer", `Array.from(document.querySelectorAll('.msg-customer .bubble')).some(b => b.textContent === 'Thank you Sara, that really helps.')`, 5*time.Second)
	screenshot(t, sara, "console-conversation.png")
	screenshot(t, customer, "widget.png")

	// HTML from a customer is text in the widget and in the console, live and after a reload.
	xss := `<img src=x onerror="window.__xss=1"><script>window.__xss=2</script><b>bold?</b>`
	sendAsCustomer(t, customer, xss)
	waitFor(t, customer, "the widget shows the HTML as text", `Array.from(`+shadow+`.querySelectorAll('.hw-msg[data-role=customer] .hw-text')).some(e => e.textContent === `+js(xss)+`)`, 5*time.Second)
	waitFor(t, sara, "the console shows the HTML as text", `Array.from(document.querySelectorAll('.msg-customer .bubble')).some(b => b.textContent === `+js(xss)+`)`, 5*time.Second)
	// checkNoMarkup fails if any text container under root holds an element, or the script ran.
	checkNoMarkup := func(who string, ctx context.Context, root, text string) {
		t.Helper()
		expr := `Array.from(` + root + `.querySelectorAll(` + js(text) + `)).some(e => e.children.length > 0) || window.__xss !== undefined`
		if got := eval[bool](t, ctx, expr); got {
			t.Fatalf("%s: customer HTML became markup or ran", who)
		}
	}
	checkNoMarkup("widget", customer, shadow, ".hw-text")
	checkNoMarkup("console", sara, "document", ".bubble")
	do(t, sara, "reload the conversation", chromedp.Reload(), chromedp.WaitVisible(chromedp.ID("transcript")))
	waitFor(t, sara, "the reloaded console shows the HTML as text", `Array.from(document.querySelectorAll('.msg-customer .bubble')).some(b => b.textContent === `+js(xss)+`)`, 5*time.Second)
	checkNoMarkup("console after reload", sara, "document", ".bubble")
	do(t, tom, "Tom opens the inbox", chromedp.Navigate(base+"/console"), chromedp.WaitVisible(chromedp.ID("inbox")))
	waitFor(t, tom, "the inbox shows the HTML as text", `Array.from(document.querySelectorAll('.conv-row .last')).some(e => e.textContent.includes('<img src=x'))`, 5*time.Second)
	checkNoMarkup("inbox", tom, "document", ".conv-row .last")

	// Sara hands back; the AI answers again.
	waitFor(t, sara, "console live before the hand back", `document.getElementById('live-status').dataset.state === 'live'`, 10*time.Second)
	do(t, sara, "hand back", chromedp.Click(chromedp.ID("btn-handback")), chromedp.WaitVisible(chromedp.ID("btn-pause")))
	banner = eval[string](t, sara, `document.getElementById('state-banner').textContent`)
	if !strings.Contains(banner, "AI · ACTIVE") {
		t.Fatalf("banner after hand back = %q", banner)
	}
	waitFor(t, customer, "the widget shows the AI again", shadow+`.querySelector('.hw-title').textContent === 'AI Assistant'`, 5*time.Second)
	before := widgetCount(t, customer, ".hw-msg[data-role=ai]")
	sendAsCustomer(t, customer, "One more question: what is your return policy?")
	waitFor(t, customer, "the AI answers again", shadow+`.querySelectorAll('.hw-msg[data-role=ai]').length > `+strconv.Itoa(before), 15*time.Second)

	// A reload keeps the whole chat, once.
	ids := eval[[]any](t, customer, `Array.from(`+shadow+`.querySelectorAll('.hw-msg')).map(m => m.dataset.id || '')`)
	do(t, customer, "reload the demo page", chromedp.Reload())
	waitFor(t, customer, "the widget restores the chat", `!!document.querySelector('#handoff-widget') && `+shadow+`.querySelectorAll('.hw-msg').length >= `+strconv.Itoa(len(ids)), 10*time.Second)
	after := eval[[]any](t, customer, `Array.from(`+shadow+`.querySelectorAll('.hw-msg')).map(m => m.dataset.id || '')`)
	if fmt.Sprint(after) != fmt.Sprint(ids) {
		t.Fatalf("after reload the widget shows %v, before it showed %v", after, ids)
	}
	if open := eval[bool](t, customer, `!`+shadow+`.querySelector('.hw-panel').hidden`); !open {
		t.Error("the chat panel did not stay open across the reload")
	}

	// Sara closes it: a closed conversation shows its score and the parts of the score.
	do(t, sara, "open the conversation again", chromedp.Navigate(base+convURL), chromedp.WaitVisible(chromedp.ID("btn-close")))
	do(t, sara, "close", chromedp.Click(chromedp.ID("btn-close")), chromedp.WaitVisible(chromedp.ID("score-card")))
	card := eval[string](t, sara, `document.getElementById('score-card').textContent + document.getElementById('state-banner').textContent`)
	for _, want := range []string{"Evaluation score", "Sentiment recovery", "Resolved", "Time to human", "Handed off in time", "Handoff needed", "CLOSED"} {
		if !strings.Contains(card, want) {
			t.Errorf("closed conversation lacks %q", want)
		}
	}

	// The overview counts the handoffs per rule and per channel.
	do(t, sara, "overview", chromedp.Navigate(base+"/console/overview"), chromedp.WaitVisible(chromedp.CSS(".stats")))
	overview := eval[string](t, sara, `document.querySelector('.main').textContent`)
	for _, want := range []string{"Angry customer", "Customer asked for a person", "median time to claim", "false-handoff rate"} {
		if !strings.Contains(overview, want) {
			t.Errorf("overview lacks %q", want)
		}
	}
	screenshot(t, sara, "console-overview.png")
	do(t, sara, "rules", chromedp.Navigate(base+"/console/rules"), chromedp.WaitVisible(chromedp.ID("rule-angry_sentiment")))
	if fired := eval[string](t, sara, `document.getElementById('rule-angry_sentiment').textContent`); strings.Contains(fired, "never") {
		t.Errorf("angry_sentiment shows it never fired: %q", fired)
	}
	screenshot(t, sara, "console-rules.png")
	do(t, sara, "channels", chromedp.Navigate(base+"/console/channels"), chromedp.WaitVisible(chromedp.CSS(".safety-panel")))
	if head := eval[string](t, sara, `document.querySelector('.safety-head').textContent`); !strings.Contains(head, "SAFETY_NET · CHANNELS · ARMED") {
		t.Errorf("channels panel says %q", head)
	}
	screenshot(t, sara, "console-channels.png")
}

// TestBrowserRuleBuilder checks the CEL field live, saves a rule from the builder, disables it,
// dry-runs it and exports the set.
func TestBrowserRuleBuilder(t *testing.T) {
	m := startMain(t, t.TempDir())
	defer m.Close()
	base := m.Server.URL()
	b := newBrowser(t, base)
	mustAgent(t, m, "sara", "Sara", "Support", handoff.AgentRoleAdmin)
	tab := b.tab(t)
	login(t, tab, base, "sara")
	do(t, tab, "new rule", chromedp.Navigate(base+"/console/rules/new"), chromedp.WaitVisible(chromedp.ID("expr")))

	do(t, tab, "type a broken expression", chromedp.SendKeys(chromedp.ID("expr"), "signals.sentiment < "))
	waitFor(t, tab, "the error position shows", `document.getElementById('expr-status').textContent.includes('line 1, column 21') && !document.getElementById('expr-caret').hidden`, 5*time.Second)
	if caret := eval[string](t, tab, `document.getElementById('expr-caret').textContent`); !strings.HasSuffix(caret, strings.Repeat(" ", 20)+"^") {
		t.Fatalf("caret = %q, want ^ under column 21", caret)
	}
	do(t, tab, "fix the expression", chromedp.SendKeys(chromedp.ID("expr"), "-0.3 && conversation.channel == 'instagram'"))
	waitFor(t, tab, "the expression is valid", `document.getElementById('expr-status').textContent.includes('Valid expression') && document.getElementById('expr-caret').hidden`, 5*time.Second)

	do(t, tab, "fill in the rule",
		chromedp.SendKeys(chromedp.CSS("input[name=name]"), "Unhappy on Instagram"),
		chromedp.SetValue(chromedp.CSS(".cond-row select[name=signal]"), "complexity"),
		chromedp.SetValue(chromedp.CSS(".cond-row select[name=op]"), ">="),
		chromedp.SendKeys(chromedp.CSS(".cond-row input[name=value]"), "0.5"),
		chromedp.SendKeys(chromedp.CSS("input[name=keywords]"), "refund, chargeback"),
		chromedp.Click(chromedp.CSS("input[name=channels][value=instagram]")),
		chromedp.SendKeys(chromedp.CSS("input[name=tag]"), "instagram_unhappy"),
		chromedp.Click(chromedp.ID("rule-save")),
		chromedp.WaitVisible(chromedp.ID("rule-unhappy_on_instagram")),
	)
	row := eval[string](t, tab, `document.getElementById('rule-unhappy_on_instagram').textContent`)
	for _, want := range []string{"complexity >= 0.50", "text any_of [refund, chargeback]", "signals.sentiment < -0.3", "instagram", "pause_ai", "tag:instagram_unhappy", "never"} {
		if !strings.Contains(row, want) {
			t.Errorf("rule row lacks %q: %s", want, row)
		}
	}
	do(t, tab, "disable it", chromedp.Click(chromedp.CSS("#rule-unhappy_on_instagram .switch")), chromedp.WaitVisible(chromedp.CSS("#rule-unhappy_on_instagram.disabled")))
	do(t, tab, "dry run", chromedp.Click(chromedp.ID("dry-run")), chromedp.WaitVisible(chromedp.ID("dryrun-result")))
	yaml := eval[string](t, tab, `fetch('/console/rules/export').then(r => r.text())`)
	if !strings.Contains(yaml, "id: unhappy_on_instagram") || !strings.Contains(yaml, "enabled: false") {
		t.Fatalf("export lacks the new, disabled rule:\n%s", yaml)
	}
}

// TestBrowserLoginAndCSRF covers a wrong password and a forged form.
func TestBrowserLoginAndCSRF(t *testing.T) {
	m := startMain(t, t.TempDir())
	defer m.Close()
	base := m.Server.URL()
	b := newBrowser(t, base)
	mustAgent(t, m, "sara", "Sara", "Support", handoff.AgentRoleAdmin)
	status, out := post(t, m, "/api/v1/messages", `{"channel":"web","role":"customer","text":"Do you ship to Norway?","external_id":"n1","conversation_external_id":"csrf-conv"}`)
	if status != http.StatusCreated {
		t.Fatalf("seed: %d %v", status, out)
	}
	id := int64(out["conversation"].(map[string]any)["id"].(float64))

	tab := b.tab(t)
	do(t, tab, "wrong password",
		chromedp.Navigate(base+"/console/login"),
		chromedp.SendKeys(chromedp.ID("login-name"), "sara"),
		chromedp.SendKeys(chromedp.ID("login-password"), "not-her-password"),
		chromedp.Click(chromedp.ID("login-submit")),
		chromedp.WaitVisible(chromedp.ID("login-error")),
	)
	if msg := eval[string](t, tab, `document.getElementById('login-error').textContent`); msg != "Wrong name or password." {
		t.Fatalf("login error = %q", msg)
	}
	if loc := eval[string](t, tab, `location.pathname`); loc != "/console/login" {
		t.Fatalf("after a failed login the page is %s", loc)
	}

	login(t, tab, base, "sara")
	do(t, tab, "open the conversation", chromedp.Navigate(fmt.Sprintf("%s/console/conversations/%d", base, id)), chromedp.WaitVisible(chromedp.ID("btn-pause")))
	// A form from elsewhere: it carries the session cookie but not the session's token.
	eval[bool](t, tab, `(() => {
		const f = document.createElement('form');
		f.method = 'post';
		f.action = location.pathname + '/pause';
		const i = document.createElement('input');
		i.name = 'csrf';
		i.value = 'forged';
		f.appendChild(i);
		document.body.appendChild(f);
		f.submit();
		return true;
	})()`)
	do(t, tab, "submit the forged form", chromedp.WaitVisible(chromedp.ID("page-error")))
	if msg := eval[string](t, tab, `document.getElementById('page-error').textContent`); !strings.Contains(msg, "CSRF") {
		t.Fatalf("forged form: page says %q", msg)
	}
	if title := eval[string](t, tab, `document.title`); !strings.HasPrefix(title, "Forbidden") {
		t.Fatalf("forged form: page title %q, want the 403 page", title)
	}
	var conv *handoff.Conversation
	if err := m.Store.View(context.Background(), func(tx handoff.Tx) error {
		var err error
		conv, err = tx.ConversationByID(context.Background(), id)
		return err
	}); err != nil {
		t.Fatal(err)
	}
	if conv.State != handoff.StateAIActive {
		t.Fatalf("the forged form changed the state to %s", conv.State)
	}
}

// TestAgentAdd creates console logins with `handoff agent add`; the browser tests log in with them.
func TestAgentAdd(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	pwFile := filepath.Join(t.TempDir(), "pw")
	if err := os.WriteFile(pwFile, []byte("tom-password\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	env := func(kv ...string) func(string) string {
		return func(k string) string {
			for i := 0; i+1 < len(kv); i += 2 {
				if kv[i] == k {
					return kv[i+1]
				}
			}
			return ""
		}
	}
	tests := []struct {
		name   string
		args   []string
		stdin  string
		getenv func(string) string
		code   int
		out    string // in stdout, or in stderr when code != 0
	}{
		{"admin, password from the environment", []string{"--name", "sara", "--display-name", "Sara", "--team", "Support", "--role", "admin"}, "",
			env("HANDOFF_AGENT_PASSWORD", "sara-password"), 0, "Created admin sara (Sara · Support)"},
		{"agent, password from a file", []string{"--name", "Tom", "--display-name", "Tom", "--team", "Billing", "--password-file", pwFile}, "", env(), 0, "Created agent tom (Tom · Billing)"},
		{"password on stdin", []string{"--name", "eve", "--display-name", "Eve"}, "eve-password\n", env(), 0, "Created agent eve (Eve)"},
		{"name taken", []string{"--name", "sara", "--display-name", "Sara"}, "another-password\n", env(), 1, `agent "sara" already exists`},
		{"short password", []string{"--name", "max", "--display-name", "Max"}, "short\n", env(), 1, "at least 8 characters"},
		{"no password", []string{"--name", "max", "--display-name", "Max"}, "", env(), 1, "no password given"},
		{"bad role", []string{"--name", "max", "--display-name", "Max", "--role", "root"}, "long-enough\n", env(), 1, "role must be admin or agent"},
		{"missing display name", []string{"--name", "max"}, "", env(), 2, "--name and --display-name are required"},
		{"unknown subcommand", nil, "", env(), 2, "Usage:"},
	}
	for _, tt := range tests {
		args := []string{"agent"}
		if tt.args != nil {
			args = append(args, "add", "--data-dir", dir)
			args = append(args, tt.args...)
		}
		var stdout, stderr strings.Builder
		code := run(context.Background(), args, strings.NewReader(tt.stdin), &stdout, &stderr, tt.getenv)
		out := stdout.String()
		if code != 0 {
			out = stderr.String()
		}
		if code != tt.code || !strings.Contains(out, tt.out) {
			t.Errorf("%s: exit %d, want %d; output %q lacks %q", tt.name, code, tt.code, out, tt.out)
		}
	}
	m := startMain(t, dir)
	defer m.Close()
	var agents []*handoff.Agent
	if err := m.Store.View(context.Background(), func(tx handoff.Tx) error {
		var err error
		agents, err = tx.ListAgents(context.Background())
		return err
	}); err != nil {
		t.Fatal(err)
	}
	if len(agents) != 3 || agents[1].Name != "sara" || agents[1].Role != handoff.AgentRoleAdmin || !web.CheckPassword(agents[1].PasswordHash, "sara-password") {
		t.Fatalf("stored agents: %+v", agents)
	}
}
