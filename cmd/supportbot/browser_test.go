package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	cdplog "github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"

	"supportbot/storage"
	"supportbot/storage/demo"
)

// TestBrowserWebChat is the web chat end to end: the real program serving
// the demo shop, driven by a headless Chromium the way a customer would use
// it on a phone.
func TestBrowserWebChat(t *testing.T) {
	ctx := newBrowser(t)
	email, order := trackableDemoOrder(t)
	base := startServe(t)

	browse(t, ctx, "open the chat", chromedp.Navigate(base+"/?lang=fr"), chromedp.WaitVisible("#welcome"))

	say(t, ctx, "où en est ma commande ?")
	say(t, ctx, email)
	say(t, ctx, order.Number)
	if text := logText(t, ctx); !strings.Contains(text, order.TrackingNumber) {
		t.Fatalf("after verification the chat does not show tracking number %s:\n%s", order.TrackingNumber, text)
	}

	// The order has shipped: cancelling is no longer possible, and the bot
	// offers what can be done instead. Press the first choice.
	say(t, ctx, "je voudrais annuler ma commande")
	label := eval[string](t, ctx, `(document.querySelector('#log .choices button:not(:disabled)') || {}).textContent || ''`)
	if label == "" {
		t.Fatalf("the bot offers no button to press:\n%s", logText(t, ctx))
	}
	bots := eval[int](t, ctx, `document.querySelectorAll('#log .msg-bot').length`)
	browse(t, ctx, "press "+label, chromedp.Click(`#log .choices button:not(:disabled)`))
	waitUntil(t, ctx, "the answer to the button", fmt.Sprintf(
		`document.getElementById('typing').hidden && document.querySelectorAll('#log .msg-bot').length > %d`, bots))
	if got := eval[string](t, ctx, `[...document.querySelectorAll('#log .msg-customer .bubble')].pop().textContent`); got != label {
		t.Errorf("the pressed button shows as %q, want its label %q", got, label)
	}
	answer := eval[string](t, ctx, `[...document.querySelectorAll('#log .msg-bot .bubble')].pop().textContent`)
	if strings.TrimSpace(answer) == "" {
		t.Errorf("the answer to %q is empty", label)
	}

	// A reload keeps the conversation.
	before := logText(t, ctx)
	browse(t, ctx, "reload", chromedp.Reload(), chromedp.WaitVisible("#welcome"))
	if after := logText(t, ctx); after != before {
		t.Errorf("after a reload the chat shows:\n%s\nwant:\n%s", after, before)
	}
	if lang := eval[string](t, ctx, `document.documentElement.lang`); lang != "fr" {
		t.Errorf("page language = %q, want fr", lang)
	}
	if w := eval[int](t, ctx, `document.documentElement.scrollWidth`); w > 360 {
		t.Errorf("page is %d px wide on a 360 px screen", w)
	}
	t.Logf("the conversation as shown:\n%s", logText(t, ctx))
}

// trackableDemoOrder picks from the demo shop an order on its way, with a
// tracking number, and its customer's e-mail.
func trackableDemoOrder(t *testing.T) (string, storage.ImportOrder) {
	t.Helper()
	shop := demo.Shop(time.Now())
	for _, status := range []string{storage.StatusInTransit, storage.StatusShipped} {
		for _, o := range shop.Orders {
			if o.Status == status && o.TrackingNumber != "" && o.Email != "" {
				return o.Email, o
			}
		}
	}
	t.Fatal("the demo shop has no order in transit with a tracking number")
	return "", storage.ImportOrder{}
}

// startServe runs "supportbot serve --demo" on a free port with a fresh
// database and no channel credentials, and returns its base URL. The server
// stops at the end of the test.
func startServe(t *testing.T) string {
	t.Helper()
	ready := make(chan string, 1)
	var logs lockedBuffer
	cmd := &ServeCommand{
		Stdout: io.Discard,
		Stderr: &logs,
		Getenv: func(string) string { return "" },
		Ready:  ready,
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	args := []string{"--db", filepath.Join(t.TempDir(), "supportbot.db"), "--addr", "127.0.0.1:0", "--demo"}
	go func() { done <- cmd.Run(ctx, args) }()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("serve: %v", err)
		}
		if t.Failed() {
			t.Logf("server log:\n%s", logs.String())
		}
	})
	select {
	case addr := <-ready:
		return "http://" + addr
	case err := <-done:
		t.Fatalf("serve stopped before serving: %v\n%s", err, logs.String())
	case <-time.After(2 * time.Minute):
		t.Fatalf("serve not ready after 2 minutes:\n%s", logs.String())
	}
	return ""
}

// lockedBuffer is a buffer the server writes its log to while the test
// reads it.
type lockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// newBrowser starts a headless Chromium with a fresh profile and a phone's
// screen, or skips the test when none is installed. Script errors and
// console errors (where a Content-Security-Policy violation shows) fail the
// test.
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
	ctx, cancelTimeout := context.WithTimeout(ctx, 3*time.Minute)
	t.Cleanup(func() {
		cancelTimeout()
		cancelCtx()
		cancelAlloc()
	})
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("start chromium: %v", err)
	}
	if _, err := chromedp.Call(ctx, cdplog.Enable, cdp.Empty{}); err != nil {
		t.Fatalf("enable the browser log: %v", err)
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
		t.Fatalf("listen to the browser: %v", err)
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
		t.Fatalf("%s: %v\npage shows:\n%s", what, err, bodyText(ctx))
	}
}

// waitUntil waits for a JavaScript condition to hold.
func waitUntil(t *testing.T, ctx context.Context, what, cond string) {
	t.Helper()
	browse(t, ctx, "wait for "+what, chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		_, err := chromedp.Poll[bool](cond,
			chromedp.WithPollingInterval(50*time.Millisecond),
			chromedp.WithPollingTimeout(30*time.Second))(ctx, tg)
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

// bodyText is the page's visible text, for failure messages.
func bodyText(ctx context.Context) string {
	ctx, cancel := context.WithTimeout(ctx, 2*time.Second)
	defer cancel()
	s, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.body.innerText`))
	if err != nil {
		return "(unavailable: " + err.Error() + ")"
	}
	return s
}

// logText is the conversation as shown.
func logText(t *testing.T, ctx context.Context) string {
	t.Helper()
	return eval[string](t, ctx, `document.getElementById('log').innerText`)
}

// say types a message, presses Enter, and waits for the bot's answer.
func say(t *testing.T, ctx context.Context, text string) {
	t.Helper()
	bots := eval[int](t, ctx, `document.querySelectorAll('#log .msg-bot').length`)
	browse(t, ctx, "say "+text, chromedp.SendKeys("#message", text+"\r"))
	waitUntil(t, ctx, "the answer to "+text, fmt.Sprintf(
		`document.getElementById('typing').hidden && document.querySelectorAll('#log .msg-bot').length > %d`, bots))
	if !eval[bool](t, ctx, `document.getElementById('error').hidden`) {
		t.Fatalf("after %q the page shows an error:\n%s", text, bodyText(ctx))
	}
}
