package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"supportbot/bot/web/webtest"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"supportbot/storage"
	"supportbot/storage/demo"
)

// TestBrowserWebChat is the web chat end to end: the real program serving
// the demo shop, driven by a headless Chromium the way a customer would use
// it on a phone.
func TestBrowserWebChat(t *testing.T) {
	// The server first: it trains its classifier, which can take minutes on
	// a busy machine, and the browser's deadline starts with the browser.
	email, order := trackableDemoOrder(t)
	base := startServe(t)
	ctx := webtest.NewBrowser(t)

	webtest.Browse(t, ctx, "open the chat", chromedp.Navigate(base+"/?lang=fr"), chromedp.WaitVisible("#welcome"))

	webtest.Say(t, ctx, "où en est ma commande ?")
	webtest.Say(t, ctx, email)
	webtest.Say(t, ctx, order.Number)
	if text := logText(t, ctx); !strings.Contains(text, order.TrackingNumber) {
		t.Fatalf("after verification the chat does not show tracking number %s:\n%s", order.TrackingNumber, text)
	}

	// The order has shipped: cancelling is no longer possible, and the bot
	// offers what can be done instead. Press the first choice.
	webtest.Say(t, ctx, "je voudrais annuler ma commande")
	label := webtest.Eval[string](t, ctx, `(document.querySelector('#log .choices button:not(:disabled)') || {}).textContent || ''`)
	if label == "" {
		t.Fatalf("the bot offers no button to press:\n%s", logText(t, ctx))
	}
	bots := webtest.Eval[int](t, ctx, `document.querySelectorAll('#log .msg-bot').length`)
	webtest.Browse(t, ctx, "press "+label, chromedp.Click(`#log .choices button:not(:disabled)`))
	webtest.WaitUntil(t, ctx, "the answer to the button", fmt.Sprintf(
		`document.getElementById('typing').hidden && document.querySelectorAll('#log .msg-bot').length > %d`, bots))
	if got := webtest.Eval[string](t, ctx, `[...document.querySelectorAll('#log .msg-customer .bubble')].pop().textContent`); got != label {
		t.Errorf("the pressed button shows as %q, want its label %q", got, label)
	}
	answer := webtest.Eval[string](t, ctx, `[...document.querySelectorAll('#log .msg-bot .bubble')].pop().textContent`)
	if strings.TrimSpace(answer) == "" {
		t.Errorf("the answer to %q is empty", label)
	}

	// A reload keeps the conversation.
	before := logText(t, ctx)
	webtest.Browse(t, ctx, "reload", chromedp.Reload(), chromedp.WaitVisible("#welcome"))
	if after := logText(t, ctx); after != before {
		t.Errorf("after a reload the chat shows:\n%s\nwant:\n%s", after, before)
	}
	if lang := webtest.Eval[string](t, ctx, `document.documentElement.lang`); lang != "fr" {
		t.Errorf("page language = %q, want fr", lang)
	}
	if w := webtest.Eval[int](t, ctx, `document.documentElement.scrollWidth`); w > 360 {
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
		// No channel credentials; the model cache of the other tests.
		Getenv: func(k string) string {
			if k == "SUPPORTBOT_MODEL_CACHE" {
				return os.Getenv(k)
			}
			return ""
		},
		Ready: ready,
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
	case <-time.After(8 * time.Minute):
		t.Fatalf("serve not ready after 8 minutes:\n%s", logs.String())
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

// logText is the conversation as shown.
func logText(t *testing.T, ctx context.Context) string {
	t.Helper()
	return webtest.Eval[string](t, ctx, `document.getElementById('log').innerText`)
}
