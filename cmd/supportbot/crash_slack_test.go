package main

import (
	"context"
	"fmt"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"os"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"supportbot/bot/slack/slackfake"
	"supportbot/bot/telegram/telegramtest"
	"supportbot/storage/sqlite"
)

// Issue 12, "done means", on the agent desk: six Telegram customers handed
// to the team, and an agent answering each in their Slack thread, six
// replies one after the other, delivered as Slack does (a 3-second
// deadline, then retries with X-Slack-Retry-Num), while the binary is
// killed with SIGKILL at random points and restarted behind the same
// public address. Every reply is acknowledged to Slack, and reaches its
// customer in the order written, once (Telegram has no idempotency key: a
// reply in flight at a kill may show twice, right after itself).
func TestSlackAgentRepliesSurviveKills(t *testing.T) {
	tg := telegramtest.NewServer(t, e2eTelegramToken)
	sl := slackfake.New(slackfake.Config{})
	t.Cleanup(sl.Close)
	sl.AddUser(slackfake.User{ID: "UJULIE01", Name: "julie", RealName: "Julie Moreau"})
	sl.Join(e2eSlackChannel, "UJULIE01")
	dbPath := t.TempDir() + "/crash.db"

	// Slack posts to one public address, whichever process is behind it.
	var backend atomic.Pointer[string]
	proxy := &httputil.ReverseProxy{
		Rewrite: func(r *httputil.ProxyRequest) {
			u, _ := url.Parse("http://" + *backend.Load())
			r.SetURL(u)
		},
		ErrorHandler: func(w http.ResponseWriter, r *http.Request, err error) {
			http.Error(w, "bad gateway", http.StatusBadGateway)
		},
	}
	public := httptest.NewServer(proxy)
	t.Cleanup(public.Close)
	start := func() *process {
		p := startBinary(t, channelEnv(tg, sl), "--demo", "--db", dbPath)
		backend.Store(&p.addr)
		return p
	}

	p := start()
	var customers []telegramtest.Customer
	for i := range 6 {
		c := telegramtest.Customer{ID: int64(9100 + i), LanguageCode: "en"}
		customers = append(customers, c)
		tg.SendText(c, "I want to talk to a person please")
	}
	db, err := sqlite.Open(context.Background(), dbPath)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	threads := map[int64]string{} // customer -> root ts
	waitFor(t, "every hand-off in Slack", func() bool {
		hs, err := db.OpenHandoffs(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		for _, h := range hs {
			var id int64
			if _, err := fmt.Sscanf(h.ConversationID, "telegram:%d", &id); err == nil && h.DeskRef != "" {
				threads[id] = strings.TrimPrefix(h.DeskRef, e2eSlackChannel+"/")
			}
		}
		return len(threads) == len(customers)
	})

	const replies = 6
	signer := slackfake.Signer{Secret: e2eSlackSecret}
	var (
		wg       sync.WaitGroup
		mu       sync.Mutex
		notAcked []string
		retried  int
	)
	for _, c := range customers {
		wg.Go(func() {
			for n := range replies {
				ts := sl.NewTS()
				ev := slackfake.Event{ID: fmt.Sprintf("EvCrash%d%02d", c.ID, n),
					Inner: slackfake.ThreadReply(e2eSlackChannel, threads[c.ID], ts, "UJULIE01", fmt.Sprintf("reply %d of %d", n+1, replies))}
				d := signer.Deliver(public.URL+"/slack/events", ev, time.Second, 10*time.Second, 30*time.Second)
				mu.Lock()
				if !d.Acked {
					notAcked = append(notAcked, fmt.Sprintf("%s %v", ev.ID, d.Statuses))
				}
				if len(d.Statuses) > 1 {
					retried++
				}
				mu.Unlock()
				time.Sleep(150 * time.Millisecond) // the agent types the next one
			}
		})
	}
	rng := rand.New(rand.NewPCG(12, 2028))
	kills := 0
	for k := range 3 {
		// The first kill lands while the turns wait for the writer, which
		// the test holds as an import would: events surely in hand.
		release := func() {}
		if k == 0 {
			release = holdSQLiteWriter(t, dbPath)
		}
		time.Sleep(time.Duration(200+rng.IntN(900)) * time.Millisecond)
		if err := p.cmd.Process.Signal(syscall.SIGKILL); err != nil {
			t.Fatal(err)
		}
		<-p.done
		release()
		kills++
		p = start()
	}
	wg.Wait()
	if len(notAcked) > 0 {
		t.Errorf("events never acknowledged to Slack: %v", notAcked)
	}
	waitOutboxSent(t, db, "telegram")
	p.stop(t, os.Interrupt)

	twice := 0
	for _, c := range customers {
		var got []string
		for _, m := range tg.Sent(c.ID) {
			if i := strings.Index(m.Text, "reply "); i >= 0 {
				text := m.Text[i:]
				if len(got) > 0 && got[len(got)-1] == text {
					twice++
					continue
				}
				got = append(got, text)
			}
		}
		var want []string
		for n := range replies {
			want = append(want, fmt.Sprintf("reply %d of %d", n+1, replies))
		}
		if strings.Join(got, "|") != strings.Join(want, "|") {
			t.Errorf("customer %d got the agent's replies %q, want %q, in order", c.ID, got, want)
		}
	}
	if twice > 8*kills {
		t.Errorf("%d replies shown twice over %d kills", twice, kills)
	}
	if retried == 0 {
		t.Error("no delivery met a kill: the test proves nothing")
	}
	t.Logf("%d kills, %d events retried by Slack, %d replies shown twice", kills, retried, twice)
}
