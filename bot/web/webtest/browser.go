// Package webtest drives the web chat in a real headless Chromium (Debian's
// chromium, through chromedp) for browser tests: a phone-sized page whose
// script errors and Content-Security-Policy violations fail the test.
package webtest

import (
	"context"
	"fmt"
	"os/exec"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	cdplog "github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
)

// NewBrowser starts a headless Chromium with a fresh profile, or skips the
// test when none is installed. It fails the test on any script error or
// console error, which is where a Content-Security-Policy violation shows,
// except those containing one of expected (a 429 the test provokes).
func NewBrowser(t *testing.T, expected ...string) context.Context {
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
	ctx, cancelTimeout := context.WithTimeout(ctx, 2*time.Minute)
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
		for _, e := range expected {
			if strings.Contains(p, e) {
				p = ""
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

// Browse runs browser steps, failing the test with what the page shows.
func Browse(t *testing.T, ctx context.Context, what string, steps ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	if err := chromedp.Do(ctx, steps...); err != nil {
		t.Fatalf("%s: %v\npage shows:\n%s", what, err, PageText(ctx))
	}
}

// WaitUntil waits for a JavaScript condition to hold.
func WaitUntil(t *testing.T, ctx context.Context, what, cond string) {
	t.Helper()
	Browse(t, ctx, "wait until "+what, chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		_, err := chromedp.Poll[bool](cond, chromedp.WithPollingInterval(50*time.Millisecond), chromedp.WithPollingTimeout(15*time.Second))(ctx, tg)
		return err
	}))
}

// Eval returns the value of a JavaScript expression.
func Eval[T any](t *testing.T, ctx context.Context, expr string) T {
	t.Helper()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](expr))
	if err != nil {
		t.Fatalf("evaluate %s: %v", expr, err)
	}
	return v
}

// PageText is the page's visible text, for failure messages.
func PageText(ctx context.Context) string {
	ctx, cancel := context.WithTimeout(ctx, 2*time.Second)
	defer cancel()
	s, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.body.innerText`))
	if err != nil {
		return "(unavailable: " + err.Error() + ")"
	}
	return s
}

// Say types a message, presses Enter and waits for the answer.
func Say(t *testing.T, ctx context.Context, text string) {
	t.Helper()
	count := Eval[int](t, ctx, `document.querySelectorAll('#log .msg').length`)
	Browse(t, ctx, "say "+text, chromedp.SendKeys("#message", text+"\r"))
	WaitUntil(t, ctx, "the answer to "+text, fmt.Sprintf(
		`document.getElementById('typing').hidden && document.querySelectorAll('#log .msg').length > %d`, count+1))
	if !Eval[bool](t, ctx, `document.getElementById('error').hidden`) {
		t.Fatalf("after %q the page shows an error:\n%s", text, PageText(ctx))
	}
}
