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
	"supportbot/storage"
)

// deskDouble is the support team's desk: it hands out references for the
// test to act as an agent with the engine's Agent methods.
type deskDouble struct {
	mu   sync.Mutex
	refs []string
}

var _ bot.AgentDesk = (*deskDouble)(nil)

func (d *deskDouble) Open(ctx context.Context, b bot.Brief) (string, error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	ref := fmt.Sprintf("desk-%d", len(d.refs)+1)
	d.refs = append(d.refs, ref)
	return ref, nil
}

func (d *deskDouble) Relay(ctx context.Context, ref string, msg storage.Message, attachments []storage.Attachment) error {
	return nil
}

func (d *deskDouble) Closed(ctx context.Context, ref string) error { return nil }

// lastRef is the reference of the latest hand-off.
func (d *deskDouble) lastRef(t *testing.T) string {
	t.Helper()
	d.mu.Lock()
	defer d.mu.Unlock()
	if len(d.refs) == 0 {
		t.Fatal("no hand-off reached the desk")
	}
	return d.refs[len(d.refs)-1]
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

// say types a message, presses Enter and waits for the answer.
func say(t *testing.T, ctx context.Context, text string) {
	t.Helper()
	count := eval[int](t, ctx, `document.querySelectorAll('#log .msg').length`)
	browse(t, ctx, "say "+text, chromedp.SendKeys("#message", text+"\r"))
	waitUntil(t, ctx, "the answer to "+text, fmt.Sprintf(
		`document.getElementById('typing').hidden && document.querySelectorAll('#log .msg').length > %d`, count+1))
	if !eval[bool](t, ctx, `document.getElementById('error').hidden`) {
		t.Fatalf("after %q the page shows an error:\n%s", text, pageText(ctx))
	}
}

func TestBrowserChat(t *testing.T) {
	ctx := newBrowser(t)
	engine := newRealEngine(t)
	desk := &deskDouble{}
	engine.SetDesk(desk)
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

	say(t, ctx, "bonjour")
	if got := eval[string](t, ctx, `[...document.querySelectorAll('#log .msg-customer .bubble')].pop().textContent`); got != "bonjour" {
		t.Errorf("customer message shows %q", got)
	}
	if got := eval[string](t, ctx, `document.activeElement.id`); got != "message" {
		t.Errorf("focus is on %q after sending, want the message field", got)
	}

	// Keyboard only: focus the first choice offered and press Enter.
	label := eval[string](t, ctx, `(document.querySelector('#log .choices button:not(:disabled)') || {}).textContent || ''`)
	if label == "" {
		t.Fatalf("the bot offers no button:\n%s", pageText(ctx))
	}
	bots := eval[int](t, ctx, `document.querySelectorAll('#log .msg-bot').length`)
	browse(t, ctx, "choose with the keyboard", chromedp.Focus(`#log .choices button:not(:disabled)`), chromedp.KeyEvent("\r"))
	waitUntil(t, ctx, "the choice is answered", fmt.Sprintf(
		`document.getElementById('typing').hidden && document.querySelectorAll('#log .msg-bot').length > %d`, bots))
	if got := eval[string](t, ctx, `[...document.querySelectorAll('#log .msg-customer .bubble')].pop().textContent`); got != label {
		t.Errorf("pressed button shows as %q, want its label %q", got, label)
	}
	if n := eval[int](t, ctx, `[...document.querySelectorAll('#log .msg')].slice(0, -1).reduce((n, m) => n + m.querySelectorAll('.choices button:not(:disabled)').length, 0)`); n != 0 {
		t.Errorf("%d older choices still enabled", n)
	}

	// A person takes over.
	say(t, ctx, "je veux parler à un conseiller")
	waitUntil(t, ctx, "the hand-off shows", `!document.getElementById('status').hidden`)
	ref := desk.lastRef(t)
	bg := context.Background()
	if err := engine.AgentReply(bg, ref, "U1", "Julie Martin", "note: cliente pressée"); err != nil {
		t.Fatal(err)
	}
	if err := engine.AgentReply(bg, ref, "U1", "Julie Martin", "Bonjour, c'est Julie. Je regarde votre commande."); err != nil {
		t.Fatal(err)
	}
	waitUntil(t, ctx, "the agent's reply shows", `document.querySelector('#log .msg-agent') !== null`)
	if got := eval[string](t, ctx, `document.querySelector('#log .msg-agent .who').textContent`); got != "Julie · service client" {
		t.Errorf("agent's reply is signed %q, want Julie · service client", got)
	}
	if strings.Contains(pageText(ctx), "pressée") {
		t.Errorf("an internal note reached the page")
	}
	before := eval[int](t, ctx, `document.querySelectorAll('#log .msg-bot').length`)
	if err := engine.AgentResolve(bg, ref, "U1", "Julie Martin"); err != nil {
		t.Fatal(err)
	}
	waitUntil(t, ctx, "the hand-off ends", `document.getElementById('status').hidden`)
	waitUntil(t, ctx, "the bot says it is back", fmt.Sprintf(`document.querySelectorAll('#log .msg-bot').length > %d`, before))

	// A reload keeps the conversation.
	shown := eval[string](t, ctx, `document.getElementById('log').innerText`)
	browse(t, ctx, "reload", chromedp.Reload(), chromedp.WaitVisible("#welcome"))
	if got := eval[string](t, ctx, `document.getElementById('log').innerText`); got != shown {
		t.Errorf("after reload the chat shows:\n%s\nwant:\n%s", got, shown)
	}

	// The page follows the conversation's language.
	say(t, ctx, "hello, where is my parcel?")
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
