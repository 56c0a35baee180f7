package main

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"supportbot/bot/slack/slackfake"
	"supportbot/bot/telegram/telegramtest"
	"supportbot/storage"
	"supportbot/storage/sqlite"
)

// A graceful stop with the real binary and real channels (on their
// fakes): a chat request in hand when SIGTERM arrives is answered and its
// turn kept; while it runs, /readyz says 503, and a Slack event or a new
// chat message gets 503 with Retry-After; the store closes after
// everything else stopped.
func TestServeDrainsOnSIGTERM(t *testing.T) {
	tg := telegramtest.NewServer(t, e2eTelegramToken)
	sl := slackfake.New(slackfake.Config{})
	t.Cleanup(sl.Close)
	db := t.TempDir() + "/drain.db"
	p := startBinary(t, channelEnv(tg, sl), "--demo", "--db", db)

	// A chat request whose body is on its way: "Expect: 100-continue"
	// makes the server say when the handler begins reading it, so the
	// request is known to be in hand before the signal.
	const conv = "drain-test-0123456789"
	body := fmt.Sprintf(`{"conversation_id": %q, "text": "where is my order OP-100701? sophie.laurent@example.fr"}`, conv)
	conn, err := net.Dial("tcp", p.addr)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	fmt.Fprintf(conn, "POST /api/v1/chat HTTP/1.1\r\nHost: %s\r\nContent-Type: application/json\r\nContent-Length: %d\r\nExpect: 100-continue\r\n\r\n", p.addr, len(body))
	in := bufio.NewReader(conn)
	conn.SetReadDeadline(time.Now().Add(20 * time.Second))
	if line, err := in.ReadString('\n'); err != nil || !strings.Contains(line, "100 Continue") {
		t.Fatalf("no 100 Continue: %q, %v\n%s", line, err, p.stderr.String())
	}
	in.ReadString('\n') // the blank line that ends the interim answer
	half := len(body) / 2
	io.WriteString(conn, body[:half])

	if err := p.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	waitFor(t, "/readyz to say 503 while draining", func() bool {
		resp, err := http.Get(p.url("/readyz"))
		if err != nil {
			return false
		}
		resp.Body.Close()
		return resp.StatusCode == http.StatusServiceUnavailable
	})
	if code := getStatus(t, p.url("/healthz")); code != http.StatusOK {
		t.Errorf("GET /healthz while draining = %d, want 200", code)
	}

	// New work is refused so that the platform, or the page, tries again.
	signer := slackfake.Signer{Secret: e2eSlackSecret}
	event := slackfake.ThreadReply(e2eSlackChannel, "1700000000.000100", sl.NewTS(), "UAGENT01", "hello")
	newWork := map[string]*http.Request{
		"slack event": signer.EventRequest(p.url("/slack/events"), slackfake.Event{ID: "EvDrain1", Inner: event}),
		"chat":        mustRequest(t, p.url("/api/v1/chat"), `{"conversation_id": "drain-test-other-0123", "text": "hello"}`),
	}
	for name, r := range newWork {
		resp, err := http.DefaultClient.Do(r)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusServiceUnavailable || resp.Header.Get("Retry-After") == "" {
			t.Errorf("%s while draining = %d, Retry-After %q; want 503 with Retry-After", name, resp.StatusCode, resp.Header.Get("Retry-After"))
		}
	}

	// The request in hand completes.
	io.WriteString(conn, body[half:])
	resp, err := http.ReadResponse(in, nil)
	if err != nil {
		t.Fatalf("the request in hand got no answer: %v\n%s", err, p.stderr.String())
	}
	answer, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK || !strings.Contains(string(answer), "XY250174011FR") {
		t.Errorf("the request in hand = %d %s, want 200 with the tracking number", resp.StatusCode, answer)
	}

	select {
	case err := <-p.done:
		if err != nil {
			t.Fatalf("serve exited with %v:\n%s", err, p.stderr.String())
		}
	case <-time.After(30 * time.Second):
		t.Fatalf("serve did not stop:\n%s", p.stderr.String())
	}
	// Each step after the one before, the store last.
	logs := p.stderr.String()
	last := -1
	for _, step := range []string{"msg=draining", "msg=\"drain: requests in hand finished\"", "msg=\"drain: channels stopped\"",
		"msg=\"drain: delivery workers stopped\"", "msg=\"store closed\""} {
		i := strings.Index(logs, step)
		if i < 0 || i < last {
			t.Fatalf("%s missing or out of order:\n%s", step, logs)
		}
		last = i
	}
	if strings.Contains(logs, "still in hand") {
		t.Errorf("the drain gave up on requests in hand:\n%s", logs)
	}

	// The turn answered during the drain was committed before the store
	// closed: a restarted server has it.
	p = startBinary(t, nil, "--db", db)
	var transcript struct {
		Messages []struct{ From, Text string }
	}
	mustGetJSON(t, p.url("/api/v1/conversations/"+conv+"/messages"), &transcript)
	if len(transcript.Messages) < 2 || !strings.Contains(transcript.Messages[0].Text, "OP-100701") {
		t.Errorf("transcript after the restart = %+v, want the customer's message and the answer", transcript.Messages)
	}
	p.stop(t, syscall.SIGTERM)
}

// The outbox is sent before the store closes: a reply that waits behind
// another still being sent when SIGTERM arrives (a recipient's messages go
// one at a time) is sent during the drain, not left for the next start.
func TestServeDrainSendsTheOutbox(t *testing.T) {
	tg := telegramtest.NewServer(t, e2eTelegramToken)
	// Telegram's sendMessage is held at this proxy until release closes.
	release := make(chan struct{})
	held := make(chan struct{}, 16)
	target, err := url.Parse(tg.URL())
	if err != nil {
		t.Fatal(err)
	}
	fake := httputil.NewSingleHostReverseProxy(target)
	fake.ErrorLog = log.New(io.Discard, "", 0) // the long poll cut at the stop
	proxy := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasSuffix(r.URL.Path, "/sendMessage") {
			held <- struct{}{}
			<-release
		}
		fake.ServeHTTP(w, r)
	}))
	defer proxy.Close()
	defer func() {
		select {
		case <-release:
		default:
			close(release)
		}
	}()
	env := []string{"TELEGRAM_BOT_TOKEN=" + e2eTelegramToken, "TELEGRAM_API_ENDPOINT=" + proxy.URL}
	p := startBinary(t, env, "--demo", "--db", t.TempDir()+"/outbox.db", "--drain-timeout", "20s")

	customer := telegramtest.Customer{ID: 5151, FirstName: "Léa", LanguageCode: "fr"}
	tg.SendText(customer, "bonjour")
	select {
	case <-held: // the first reply is being sent
	case <-time.After(20 * time.Second):
		t.Fatalf("no reply was sent:\n%s", p.stderr.String())
	}
	tg.SendText(customer, "combien de temps ai-je pour retourner un article ?")
	tg.WaitConfirmed() // both turns committed, their replies in the outbox

	if err := p.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	waitFor(t, "the drain to reach the outbox", func() bool {
		return strings.Contains(p.stderr.String(), "drain: channels stopped")
	})
	close(release)
	select {
	case err := <-p.done:
		if err != nil {
			t.Fatalf("serve exited with %v:\n%s", err, p.stderr.String())
		}
	case <-time.After(30 * time.Second):
		t.Fatalf("serve did not stop:\n%s", p.stderr.String())
	}
	if got := sentText(tg, customer.ID); !strings.Contains(got, "30 jours") {
		t.Errorf("the reply waiting in the outbox was not sent before the stop; sent:\n%s\nlog:\n%s", got, p.stderr.String())
	}
	if strings.Contains(p.stderr.String(), "outbox not empty") {
		t.Errorf("the drain left the outbox:\n%s", p.stderr.String())
	}
}

// A second signal during the drain stops the process at once, as an
// operator pressing Ctrl-C twice expects.
func TestServeSecondSignalStopsAtOnce(t *testing.T) {
	p := startBinary(t, nil, "--db", t.TempDir()+"/twice.db", "--drain-timeout", "5m")
	// A request in hand that never completes holds the drain.
	conn, err := net.Dial("tcp", p.addr)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	fmt.Fprintf(conn, "POST /api/v1/chat HTTP/1.1\r\nHost: %s\r\nContent-Type: application/json\r\nContent-Length: 100\r\nExpect: 100-continue\r\n\r\n", p.addr)
	conn.SetReadDeadline(time.Now().Add(20 * time.Second))
	if line, err := bufio.NewReader(conn).ReadString('\n'); err != nil || !strings.Contains(line, "100 Continue") {
		t.Fatalf("no 100 Continue: %q, %v", line, err)
	}
	p.cmd.Process.Signal(os.Interrupt)
	waitFor(t, "the drain", func() bool { return strings.Contains(p.stderr.String(), "msg=draining") })
	select {
	case err := <-p.done:
		t.Fatalf("serve stopped (%v) with a request in hand, before its drain timeout", err)
	case <-time.After(300 * time.Millisecond):
	}
	p.cmd.Process.Signal(os.Interrupt)
	select {
	case err := <-p.done:
		if err == nil {
			t.Error("serve exited 0 after a second signal; want killed by it")
		}
	case <-time.After(10 * time.Second):
		t.Fatalf("serve did not stop at the second signal:\n%s", p.stderr.String())
	}
}

func getStatus(t *testing.T, url string) int {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	return resp.StatusCode
}

func mustRequest(t *testing.T, url, body string) *http.Request {
	t.Helper()
	r, err := http.NewRequest(http.MethodPost, url, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	r.Header.Set("Content-Type", "application/json")
	return r
}

func mustGetJSON(t *testing.T, url string, v any) {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	data, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("GET %s = %d %s", url, resp.StatusCode, data)
	}
	if err := json.Unmarshal(data, v); err != nil {
		t.Fatalf("GET %s: %v in %s", url, err, data)
	}
}

// The gate: what it lets in, what it refuses while draining, and that its
// wait ends only when the requests in hand have.
func TestGate(t *testing.T) {
	tests := []struct {
		method, path string
		work         bool
	}{
		{"POST", "/api/v1/chat", true},
		{"POST", "/api/v1/parse", true},
		{"POST", "/telegram/webhook", true},
		{"POST", "/slack/events", true},
		{"GET", "/slack/oauth", true},
		{"GET", "/", false},
		{"GET", "/api/v1/conversations/x/messages", false},
		{"HEAD", "/", false},
	}
	for _, tt := range tests {
		r := httptest.NewRequest(tt.method, tt.path, nil)
		if got := bringsWork(r); got != tt.work {
			t.Errorf("bringsWork(%s %s) = %v, want %v", tt.method, tt.path, got, tt.work)
		}
	}

	var g gate
	release := make(chan struct{})
	entered := make(chan struct{})
	h := g.handler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/slow" {
			close(entered)
			<-release
		}
		w.WriteHeader(http.StatusNoContent)
	}))
	srv := httptest.NewServer(h)
	defer srv.Close()
	slow := make(chan int, 1)
	go func() {
		resp, err := http.Post(srv.URL+"/slow", "application/json", nil)
		if err != nil {
			slow <- 0
			return
		}
		resp.Body.Close()
		slow <- resp.StatusCode
	}()
	<-entered
	g.close()
	resp, err := http.Post(srv.URL+"/new", "application/json", nil)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusServiceUnavailable || resp.Header.Get("Retry-After") != drainRetryAfter {
		t.Errorf("POST while draining = %d, Retry-After %q", resp.StatusCode, resp.Header.Get("Retry-After"))
	}
	if code := getStatus(t, srv.URL+"/page"); code != http.StatusNoContent {
		t.Errorf("GET while draining = %d, want it served", code)
	}
	short, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	if err := g.wait(short); err == nil {
		t.Error("wait returned while a request was in hand")
	}
	close(release)
	if err := g.wait(context.Background()); err != nil {
		t.Errorf("wait: %v", err)
	}
	if code := <-slow; code != http.StatusNoContent {
		t.Errorf("the request in hand = %d, want 204", code)
	}
}

// The delivery workers are told from the intake by their run's name, and
// each is mapped to the outbox channel it sends.
func TestSplitRuns(t *testing.T) {
	ch := &channels{runs: []channelRun{{name: "telegram"}, {name: "telegram outbox"}, {name: "slack"}, {name: "slack outbox"}, {name: "discord"}}}
	intake, outbox := ch.splitRuns()
	var got []string
	for _, r := range intake.runs {
		got = append(got, r.name)
	}
	for _, r := range outbox.runs {
		got = append(got, "outbox:"+outboxChannel(r.name))
	}
	want := "telegram slack discord outbox:telegram outbox:desk"
	if strings.Join(got, " ") != want {
		t.Errorf("split = %q, want %q", strings.Join(got, " "), want)
	}
}

// The flush waits for the messages written before it began, on the real
// store, and not for those written after (another replica's, on a shared
// database).
func TestFlushOutboxWaitsForEarlierMessages(t *testing.T) {
	ctx := context.Background()
	db, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "flush.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	s := &server{db: db}
	now := time.Now()
	if err := db.Enqueue(ctx, []storage.OutboxMessage{
		{Channel: "telegram", Recipient: "1", Kind: storage.OutboxReply, Payload: "{}", CreatedAt: now.Add(-time.Second), NextAt: now.Add(-time.Second)},
	}); err != nil {
		t.Fatal(err)
	}
	workers := &channels{runs: []channelRun{{name: "telegram outbox"}}}

	short, cancel := context.WithTimeout(ctx, 200*time.Millisecond)
	defer cancel()
	if err := flushOutbox(short, workers, s.outboxDue); err == nil {
		t.Fatal("flush returned while a message written before it was due")
	}

	// Once it is sent, a message written after the flush began, due too,
	// does not hold the flush.
	msgs, err := db.OutboxMessages(ctx, "telegram")
	if err != nil || len(msgs) != 1 {
		t.Fatalf("outbox = %v, %v", msgs, err)
	}
	later := now.Add(time.Hour)
	if err := db.Enqueue(ctx, []storage.OutboxMessage{
		{Channel: "telegram", Recipient: "2", Kind: storage.OutboxReply, Payload: "{}", CreatedAt: later, NextAt: now.Add(-time.Second)},
	}); err != nil {
		t.Fatal(err)
	}
	go func() {
		time.Sleep(100 * time.Millisecond)
		db.OutboxSent(ctx, msgs[0].ID, time.Now())
	}()
	wait, cancel2 := context.WithTimeout(ctx, 10*time.Second)
	defer cancel2()
	if err := flushOutbox(wait, workers, s.outboxDue); err != nil {
		t.Errorf("flush: %v; want it done once the earlier message was sent", err)
	}
}

// Under concurrent requests, nothing is admitted after close, and wait
// returns only once every admitted request has left.
func TestGateUnderLoad(t *testing.T) {
	var g gate
	var (
		inHand   atomic.Int64
		admitted atomic.Int64
		closed   atomic.Bool
		late     atomic.Int64 // admitted after close returned
	)
	var wg sync.WaitGroup
	for range 16 {
		wg.Go(func() {
			for range 500 {
				wasClosed := closed.Load()
				if !g.enter() {
					continue
				}
				if wasClosed {
					late.Add(1)
				}
				admitted.Add(1)
				inHand.Add(1)
				time.Sleep(50 * time.Microsecond) // the request's work
				inHand.Add(-1)
				g.leave()
			}
		})
	}
	time.Sleep(5 * time.Millisecond)
	g.close()
	closed.Store(true)
	if err := g.wait(context.Background()); err != nil {
		t.Fatal(err)
	}
	if n := inHand.Load(); n != 0 {
		t.Errorf("wait returned with %d requests in hand", n)
	}
	wg.Wait()
	if n := late.Load(); n != 0 {
		t.Errorf("%d requests admitted after close", n)
	}
	if admitted.Load() == 0 {
		t.Error("nothing was admitted before close")
	}
}
