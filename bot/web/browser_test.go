package web

import (
	"context"
	"fmt"
	"net/http/httptest"
	"os/exec"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	cdplog "github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"

	"supportbot/bot"
	"supportbot/intents"
	"supportbot/storage"
)

// scriptedEngine is a conversation engine that plays a fixed script, with
// a transcript and a hand-off the test drives: what the page does with an
// agent's replies can't be reached through the real engine without an
// agent desk.
type scriptedEngine struct {
	mu      sync.Mutex
	lines   []storage.Message
	handoff bool
}

var _ HandoffReporter = (*scriptedEngine)(nil)

func (e *scriptedEngine) add(convID, from, author, text string) {
	e.lines = append(e.lines, storage.Message{
		ID: int64(len(e.lines) + 1), ConversationID: convID, From: from, Author: author, Text: text, At: time.Now(),
	})
}

func (e *scriptedEngine) Handle(ctx context.Context, in bot.Incoming) (bot.Response, error) {
	e.mu.Lock()
	defer e.mu.Unlock()
	said := in.Text
	if said == "" {
		said = in.Payload
	}
	e.add(in.ConversationID, storage.FromCustomer, "", said)
	resp := bot.Response{ConversationID: in.ConversationID, Lang: "fr", Intent: intents.OOS}
	switch {
	case e.handoff:
		// The bot keeps quiet while an agent has the conversation.
	case in.Payload != "":
		resp.Replies = []bot.Reply{{Text: "Vous avez choisi " + in.Payload + "."}}
	case in.Text == "un conseiller":
		e.handoff = true
		resp.Replies = []bot.Reply{{Text: "Je vous passe un conseiller."}}
	case in.Text == "hello":
		resp.Lang = "en"
		resp.Replies = []bot.Reply{{Text: "Hello! How can I help?"}}
	default:
		resp.Intent = intents.TrackOrder
		resp.Replies = []bot.Reply{{
			Text:    "Votre colis est en route : https://www.laposte.fr/outils/suivre-vos-envois?code=6A123.",
			Buttons: []bot.Button{{Label: "Oui", Payload: "/yes"}, {Label: "Non", Payload: "/no"}},
		}}
	}
	for _, r := range resp.Replies {
		e.add(in.ConversationID, storage.FromBot, "", r.Text)
	}
	resp.Handoff = e.handoff
	return resp, nil
}

func (e *scriptedEngine) Understand(ctx context.Context, text, fallbackLang string) bot.Understanding {
	return bot.Understanding{Intent: intents.OOS, Lang: "fr"}
}

func (e *scriptedEngine) Messages(ctx context.Context, conversationID string, afterID int64) ([]storage.Message, error) {
	e.mu.Lock()
	defer e.mu.Unlock()
	var out []storage.Message
	for _, m := range e.lines {
		if m.ConversationID == conversationID && m.ID > afterID {
			out = append(out, m)
		}
	}
	return out, nil
}

func (e *scriptedEngine) InHandoff(ctx context.Context, conversationID string) (bool, error) {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.handoff, nil
}

// agentSays adds what an agent writes in the desk, as the engine would.
func (e *scriptedEngine) agentSays(convID, name, text string) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.add(convID, storage.FromNote, name, "note: client pressé")
	e.add(convID, storage.FromAgent, name, text)
}

// handBack ends the hand-off with the bot's notice.
func (e *scriptedEngine) handBack(convID string) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.handoff = false
	e.add(convID, storage.FromBot, "", "L'assistant reprend la conversation.")
}

// newBrowser starts a headless Chromium with a fresh profile, or skips the
// test when none is installed. It fails the test on any script error or
// console error, which is where a Content-Security-Policy violation shows.
func newBrowser(t *testing.T) context.Context {
	t.Helper()
	if testing.Short() {
		t.Skip("browser test skipped in -short mode")
	}
	path, err := exec.LookPath("chromium")
	if err != nil {
		t.Skip("no chromium installed: browser test skipped")
	}
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(),
		chromedp.ExecPath(path),
		chromedp.Flag("headless", true),
		chromedp.Flag("no-sandbox", true),
		chromedp.Flag("disable-gpu", true),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("no-first-run", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(360, 740),
	)
	ctx, cancelCtx := chromedp.NewContext(allocCtx)
	ctx, cancelTimeout := context.WithTimeout(ctx, 60*time.Second)
	t.Cleanup(func() {
		cancelTimeout()
		cancelCtx()
		cancelAlloc()
	})
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("start chromium: %v", err)
	}
	if _, err := chromedp.Call(ctx, cdplog.Enable, cdp.Empty{}); err != nil {
		t.Fatalf("enable log: %v", err)
	}
	var mu sync.Mutex
	var problems []string
	err = chromedp.Listen(ctx, func(ev any) {
		var p string
		switch ev := ev.(type) {
		case *runtime.EventExceptionThrown:
			d := ev.ExceptionDetails
			p = fmt.Sprintf("exception at %s:%d: %s", d.URL, d.LineNumber+1, d.Text)
			if d.Exception != nil {
				p += " " + d.Exception.Description
			}
		case *runtime.EventConsoleAPICalled:
			if ev.Type == runtime.ConsoleAPICalledTypeError {
				p = fmt.Sprintf("console.error: %v", ev.Args)
			}
		case *cdplog.EventEntryAdded:
			if ev.Entry.Level == cdplog.EntryLevelError {
				p = fmt.Sprintf("%s: %s", ev.Entry.Source, ev.Entry.Text)
			}
		}
		if p != "" {
			mu.Lock()
			problems = append(problems, p)
			mu.Unlock()
		}
	})
	if err != nil {
		t.Fatalf("listen: %v", err)
	}
	t.Cleanup(func() {
		mu.Lock()
		defer mu.Unlock()
		for _, p := range problems {
			t.Errorf("browser reported %s", p)
		}
	})
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(360, 740, chromedp.EmulateMobile)); err != nil {
		t.Fatalf("emulate a phone: %v", err)
	}
	return ctx
}

// browse runs browser steps, failing the test with what the page shows.
func browse(t *testing.T, ctx context.Context, what string, steps ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	if err := chromedp.Do(ctx, steps...); err != nil {
		t.Fatalf("%s: %v\npage shows:\n%s", what, err, pageText(ctx))
	}
}

// waitUntil waits for a JavaScript condition to hold.
func waitUntil(t *testing.T, ctx context.Context, what, cond string) {
	t.Helper()
	browse(t, ctx, "wait until "+what, chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		_, err := chromedp.Poll[bool](cond, chromedp.WithPollingInterval(50*time.Millisecond), chromedp.WithPollingTimeout(15*time.Second))(ctx, tg)
		return err
	}))
}

// eval returns the value of a JavaScript expression.
func eval[T any](t *testing.T, ctx context.Context, expr string) T {
	t.Helper()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](expr))
	if err != nil {
		t.Fatalf("evaluate %s: %v", expr, err)
	}
	return v
}

// pageText is the page's visible text, for failure messages.
func pageText(ctx context.Context) string {
	ctx, cancel := context.WithTimeout(ctx, 2*time.Second)
	defer cancel()
	s, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.body.innerText`))
	if err != nil {
		return "(unavailable: " + err.Error() + ")"
	}
	return s
}

// say types a message and presses Enter, as a customer would.
func say(t *testing.T, ctx context.Context, text string) {
	t.Helper()
	before := eval[int](t, ctx, `document.querySelectorAll('#log .msg').length`)
	browse(t, ctx, "say "+text, chromedp.SendKeys("#message", text+"\r"))
	waitUntil(t, ctx, "the message shows", fmt.Sprintf(`document.querySelectorAll('#log .msg').length > %d`, before))
}

// lastBotText waits for the bot to answer and returns its last message.
func waitIdle(t *testing.T, ctx context.Context) {
	t.Helper()
	waitUntil(t, ctx, "the answer arrives", `document.getElementById('typing').hidden`)
}

func TestBrowserChat(t *testing.T) {
	ctx := newBrowser(t)
	engine := &scriptedEngine{}
	ts := httptest.NewServer(New(Config{Engine: engine, ShopName: "Maison Lumen", Texts: mustTexts(t)}))
	defer ts.Close()

	browse(t, ctx, "open the page", chromedp.Navigate(ts.URL+"/?lang=fr"), chromedp.WaitVisible("#welcome"))
	if got := eval[string](t, ctx, `document.documentElement.lang`); got != "fr" {
		t.Errorf("page language = %q, want fr", got)
	}
	// A phone screen: nothing wider than 360 px, the composer at the bottom.
	if w := eval[int](t, ctx, `document.documentElement.scrollWidth`); w > 360 {
		t.Errorf("page is %d px wide on a 360 px screen", w)
	}
	if gap := eval[float64](t, ctx, `innerHeight - document.getElementById('composer').getBoundingClientRect().bottom`); gap < 0 || gap > 1 {
		t.Errorf("composer ends %v px above the bottom of the screen, want 0", gap)
	}

	say(t, ctx, "où est mon colis ?")
	waitIdle(t, ctx)
	if got := eval[string](t, ctx, `[...document.querySelectorAll('#log .msg-customer .bubble')].pop().textContent`); got != "où est mon colis ?" {
		t.Errorf("customer message shows %q", got)
	}
	if got := eval[string](t, ctx, `document.activeElement.id`); got != "message" {
		t.Errorf("focus is on %q after sending, want the message field", got)
	}
	link := eval[string](t, ctx, `[...document.querySelectorAll('#log .msg-bot .bubble a')].pop().href`)
	if link != "https://www.laposte.fr/outils/suivre-vos-envois?code=6A123" {
		t.Errorf("tracking link = %q", link)
	}

	// Keyboard only: focus the first choice and press Enter.
	browse(t, ctx, "choose with the keyboard", chromedp.Focus(`#log .choices button`), chromedp.KeyEvent("\r"))
	waitUntil(t, ctx, "the choice is answered", `document.body.innerText.includes('Vous avez choisi /yes.')`)
	if got := eval[string](t, ctx, `[...document.querySelectorAll('#log .msg-customer .bubble')].pop().textContent`); got != "Oui" {
		t.Errorf("pressed button shows as %q, want its label", got)
	}
	if n := eval[int](t, ctx, `document.querySelectorAll('#log .choices button:not(:disabled)').length`); n != 0 {
		t.Errorf("%d old choices still enabled", n)
	}

	// A person takes over.
	say(t, ctx, "un conseiller")
	waitUntil(t, ctx, "the hand-off shows", `!document.getElementById('status').hidden`)
	convID := "web:" + eval[string](t, ctx, `JSON.parse(localStorage.getItem('supportbot.chat.v1')).id`)
	engine.agentSays(convID, "Julie", "Bonjour, c'est Julie. Je regarde votre commande.")
	waitUntil(t, ctx, "the agent's reply shows", `document.querySelector('#log .msg-agent') !== null`)
	if got := eval[string](t, ctx, `document.querySelector('#log .msg-agent .who').textContent`); got != "Julie · service client" {
		t.Errorf("agent's reply is signed %q", got)
	}
	if strings.Contains(pageText(ctx), "client pressé") {
		t.Errorf("an internal note reached the page")
	}
	engine.handBack(convID)
	waitUntil(t, ctx, "the hand-off ends", `document.getElementById('status').hidden`)
	if !strings.Contains(pageText(ctx), "L'assistant reprend la conversation.") {
		t.Errorf("the bot's notice did not show")
	}

	// A reload keeps the conversation.
	count := eval[int](t, ctx, `document.querySelectorAll('#log .msg').length`)
	browse(t, ctx, "reload", chromedp.Reload(), chromedp.WaitVisible("#welcome"))
	if got := eval[int](t, ctx, `document.querySelectorAll('#log .msg').length`); got != count {
		t.Errorf("after reload %d messages, want %d", got, count)
	}
	if !strings.Contains(pageText(ctx), "Bonjour, c'est Julie.") {
		t.Errorf("after reload the agent's reply is gone")
	}

	// The page follows the conversation's language.
	say(t, ctx, "hello")
	waitIdle(t, ctx)
	if got := eval[string](t, ctx, `document.documentElement.lang + '|' + document.getElementById('send').textContent`); got != "en|Send" {
		t.Errorf("after an English answer, page language and send button = %q, want en|Send", got)
	}

	// A new conversation starts afresh.
	oldID := eval[string](t, ctx, `JSON.parse(localStorage.getItem('supportbot.chat.v1')).id`)
	browse(t, ctx, "start a new conversation", chromedp.Click("#new-conversation"))
	if got := eval[int](t, ctx, `document.querySelectorAll('#log .msg').length`); got != 1 {
		t.Errorf("new conversation shows %d messages, want the welcome only", got)
	}
	newID := eval[string](t, ctx, `JSON.parse(localStorage.getItem('supportbot.chat.v1')).id`)
	if newID == oldID || len(newID) != 32 {
		t.Errorf("new conversation ID %q (was %q), want 32 new hex digits", newID, oldID)
	}
}
