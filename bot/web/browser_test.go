package web

import (
	"context"
	"fmt"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/chromedp/chromedp"

	"supportbot/bot"
	"supportbot/bot/web/webtest"
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

func TestBrowserChat(t *testing.T) {
	// The engine first: training it can take minutes on a busy machine, and
	// the browser's deadline starts when it does.
	engine := newRealEngine(t)
	ctx := webtest.NewBrowser(t)
	desk := &deskDouble{}
	engine.SetDesk(desk)
	ts := httptest.NewServer(mustNew(t, Config{Engine: engine, ShopName: "Maison Lumen", Texts: mustTexts(t)}))
	defer ts.Close()

	webtest.Browse(t, ctx, "open the page", chromedp.Navigate(ts.URL+"/?lang=fr"), chromedp.WaitVisible("#welcome"))
	if got := webtest.Eval[string](t, ctx, `document.documentElement.lang`); got != "fr" {
		t.Errorf("page language = %q, want fr", got)
	}
	// A phone screen: nothing wider than 360 px, the composer at the bottom.
	if w := webtest.Eval[int](t, ctx, `document.documentElement.scrollWidth`); w > 360 {
		t.Errorf("page is %d px wide on a 360 px screen", w)
	}
	if gap := webtest.Eval[float64](t, ctx, `innerHeight - document.getElementById('composer').getBoundingClientRect().bottom`); gap < 0 || gap > 1 {
		t.Errorf("composer ends %v px above the bottom of the screen, want 0", gap)
	}

	webtest.Say(t, ctx, "bonjour")
	if got := webtest.Eval[string](t, ctx, `[...document.querySelectorAll('#log .msg-customer .bubble')].pop().textContent`); got != "bonjour" {
		t.Errorf("customer message shows %q", got)
	}
	if got := webtest.Eval[string](t, ctx, `document.activeElement.id`); got != "message" {
		t.Errorf("focus is on %q after sending, want the message field", got)
	}

	// Keyboard only: focus the first choice offered and press Enter.
	label := webtest.Eval[string](t, ctx, `(document.querySelector('#log .choices button:not(:disabled)') || {}).textContent || ''`)
	if label == "" {
		t.Fatalf("the bot offers no button:\n%s", webtest.PageText(ctx))
	}
	bots := webtest.Eval[int](t, ctx, `document.querySelectorAll('#log .msg-bot').length`)
	webtest.Browse(t, ctx, "choose with the keyboard", chromedp.Focus(`#log .choices button:not(:disabled)`), chromedp.KeyEvent("\r"))
	webtest.WaitUntil(t, ctx, "the choice is answered", fmt.Sprintf(
		`document.getElementById('typing').hidden && document.querySelectorAll('#log .msg-bot').length > %d`, bots))
	if got := webtest.Eval[string](t, ctx, `[...document.querySelectorAll('#log .msg-customer .bubble')].pop().textContent`); got != label {
		t.Errorf("pressed button shows as %q, want its label %q", got, label)
	}
	if n := webtest.Eval[int](t, ctx, `[...document.querySelectorAll('#log .msg')].slice(0, -1).reduce((n, m) => n + m.querySelectorAll('.choices button:not(:disabled)').length, 0)`); n != 0 {
		t.Errorf("%d older choices still enabled", n)
	}

	// A person takes over.
	webtest.Say(t, ctx, "je veux parler à un conseiller")
	webtest.WaitUntil(t, ctx, "the hand-off shows", `!document.getElementById('status').hidden`)
	ref := desk.lastRef(t)
	bg := context.Background()
	if err := engine.AgentReply(bg, ref, "U1", "Julie Martin", "note: cliente pressée"); err != nil {
		t.Fatal(err)
	}
	if err := engine.AgentReply(bg, ref, "U1", "Julie Martin", "Bonjour, c'est Julie. Je regarde votre commande."); err != nil {
		t.Fatal(err)
	}
	webtest.WaitUntil(t, ctx, "the agent's reply shows", `document.querySelector('#log .msg-agent') !== null`)
	if got := webtest.Eval[string](t, ctx, `document.querySelector('#log .msg-agent .who').textContent`); got != "Julie · service client" {
		t.Errorf("agent's reply is signed %q, want Julie · service client", got)
	}
	if strings.Contains(webtest.PageText(ctx), "pressée") {
		t.Errorf("an internal note reached the page")
	}
	before := webtest.Eval[int](t, ctx, `document.querySelectorAll('#log .msg-bot').length`)
	if err := engine.AgentResolve(bg, ref, "U1", "Julie Martin"); err != nil {
		t.Fatal(err)
	}
	webtest.WaitUntil(t, ctx, "the hand-off ends", `document.getElementById('status').hidden`)
	webtest.WaitUntil(t, ctx, "the bot says it is back", fmt.Sprintf(`document.querySelectorAll('#log .msg-bot').length > %d`, before))

	// A reload keeps the conversation.
	shown := webtest.Eval[string](t, ctx, `document.getElementById('log').innerText`)
	webtest.Browse(t, ctx, "reload", chromedp.Reload(), chromedp.WaitVisible("#welcome"))
	if got := webtest.Eval[string](t, ctx, `document.getElementById('log').innerText`); got != shown {
		t.Errorf("after reload the chat shows:\n%s\nwant:\n%s", got, shown)
	}

	// The page follows the conversation's language.
	webtest.Say(t, ctx, "hello, where is my parcel?")
	if got := webtest.Eval[string](t, ctx, `document.documentElement.lang + '|' + document.getElementById('send').textContent`); got != "en|Send" {
		t.Errorf("after an English answer, page language and send button = %q, want en|Send", got)
	}

	// A new conversation starts afresh.
	oldID := webtest.Eval[string](t, ctx, `JSON.parse(localStorage.getItem('supportbot.chat.v1')).id`)
	webtest.Browse(t, ctx, "start a new conversation", chromedp.Click("#new-conversation"))
	if got := webtest.Eval[int](t, ctx, `document.querySelectorAll('#log .msg').length`); got != 1 {
		t.Errorf("new conversation shows %d messages, want the welcome only", got)
	}
	newID := webtest.Eval[string](t, ctx, `JSON.parse(localStorage.getItem('supportbot.chat.v1')).id`)
	if newID == oldID || len(newID) != 32 {
		t.Errorf("new conversation ID %q (was %q), want 32 new hex digits", newID, oldID)
	}
}

// Issue 11, finding 1: when the server says to slow down (429), the page
// says so in the customer's language and gives the message back to send
// again, in a real browser; the page's own requests pass the origin check.
func TestBrowserSlowDown(t *testing.T) {
	engine := newRealEngine(t)
	ctx := webtest.NewBrowser(t, "status of 429 (Too Many Requests)")
	ts := httptest.NewServer(mustNew(t, Config{Engine: engine, ShopName: "Maison Lumen", Texts: mustTexts(t),
		Limits: Limits{ConversationPerMinute: 2}}))
	defer ts.Close()
	webtest.Browse(t, ctx, "open the page", chromedp.Navigate(ts.URL+"/?lang=fr"), chromedp.WaitVisible("#welcome"))
	webtest.Say(t, ctx, "bonjour")
	webtest.Say(t, ctx, "merci")
	webtest.Browse(t, ctx, "send a third message",
		chromedp.SendKeys("#message", "encore moi\r"))
	webtest.WaitUntil(t, ctx, "the page says to wait", `!document.getElementById('error').hidden`)
	if got := webtest.Eval[string](t, ctx, `document.getElementById('error').textContent`); !strings.Contains(got, "Patientez") {
		t.Errorf("error line %q, want the slow-down text", got)
	}
	if got := webtest.Eval[string](t, ctx, `document.getElementById('message').value`); got != "encore moi" {
		t.Errorf("message field %q, want the message given back", got)
	}
}
