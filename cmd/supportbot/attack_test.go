package main

import (
	"bufio"
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/big"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// The attacks of the security review (issue 11), run against the real
// program. They are benchmarks, not tests: they take tens of seconds and
// report figures for BENCHMARKS.md. The end-to-end test that guards the
// lock-out is TestServeGuessingIsStopped.

// randomID returns a 32-character hex conversation ID, as the web page makes.
func randomID() string {
	b := make([]byte, 16)
	rand.Read(b)
	return hex.EncodeToString(b)
}

// guessResult is what one guess got back.
type guessResult int

const (
	guessFailed guessResult = iota
	guessLocked
	guessVerified
	guessThrottled
	guessOther
)

// guess posts one verification attempt in a new conversation.
func guess(ctx context.Context, client *http.Client, url, email, order string) (guessResult, error) {
	body, _ := json.Marshal(map[string]string{
		"conversation_id": randomID(),
		"text":            "where is my order " + order + "? " + email,
	})
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, url, bytes.NewReader(body))
	if err != nil {
		return guessOther, err
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := client.Do(req)
	if err != nil {
		return guessOther, err
	}
	data, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	if err != nil {
		return guessOther, err
	}
	if resp.StatusCode == http.StatusTooManyRequests {
		if resp.Header.Get("Retry-After") == "" {
			return guessOther, fmt.Errorf("429 without Retry-After")
		}
		return guessThrottled, nil
	}
	if resp.StatusCode != http.StatusOK {
		return guessOther, fmt.Errorf("status %d: %s", resp.StatusCode, data)
	}
	text := strings.ToLower(string(data))
	switch {
	case strings.Contains(text, "verified"):
		return guessVerified, nil
	case strings.Contains(text, "paused"):
		return guessLocked, nil
	case strings.Contains(text, "couldn't verify"):
		return guessFailed, nil
	}
	return guessOther, nil
}

// guessTally counts what a run of guesses got.
type guessTally struct {
	counts        [guessOther + 1]int
	firstVerified int // 1-based guess number, 0 if none
}

// guessOrders makes n guesses at the orders of a customer whose e-mail is
// known, each from a new conversation, one client, trying the demo shop's
// order numbers in random order.
func guessOrders(ctx context.Context, url, email string, n int, d time.Duration) (guessTally, error) {
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 4}}
	defer client.CloseIdleConnections()
	var tally guessTally
	deadline := time.Now().Add(d)
	for i := 0; i < n && time.Now().Before(deadline); i++ {
		k, _ := rand.Int(rand.Reader, big.NewInt(2000))
		order := fmt.Sprintf("OP-%06d", 100000+k.Int64())
		res, err := guess(ctx, client, url, email, order)
		if err != nil {
			return tally, err
		}
		tally.counts[res]++
		if res == guessVerified && tally.firstVerified == 0 {
			tally.firstVerified = i + 1
		}
	}
	return tally, nil
}

// BenchmarkGuessing is finding 1 of the review: one client, a known
// e-mail, order numbers guessed from new conversations for 20 seconds:
// go test -run '^$' -bench Guessing -benchtime 1x ./cmd/supportbot/
func BenchmarkGuessing(b *testing.B) {
	p := startBinary(b, nil, "--demo", "--db", filepath.Join(b.TempDir(), "guess.db"))
	const d = 20 * time.Second
	start := time.Now()
	tally, err := guessOrders(context.Background(), p.url("/api/v1/chat"), "sophie.laurent@example.fr", 1<<30, d)
	if err != nil {
		b.Fatal(err)
	}
	elapsed := time.Since(start)
	perMin := func(n int) float64 { return float64(n) / elapsed.Minutes() }
	evaluated := tally.counts[guessFailed] + tally.counts[guessVerified]
	b.ReportMetric(perMin(evaluated), "evaluated-guesses/min")
	b.ReportMetric(perMin(tally.counts[guessLocked]), "locked-answers/min")
	b.ReportMetric(perMin(tally.counts[guessThrottled]), "429/min")
	b.ReportMetric(float64(tally.counts[guessVerified]), "verified")
	b.ReportMetric(float64(tally.firstVerified), "first-verified-at")
}

// BenchmarkHeldConnections is finding 4: 10 requests whose body comes one
// byte every 2 seconds, then 200 keep-alive connections left idle after one
// request, all from one address; how many the server still holds after 5
// and 45 seconds:
// go test -run '^$' -bench HeldConnections -benchtime 1x ./cmd/supportbot/
func BenchmarkHeldConnections(b *testing.B) {
	p := startBinary(b, []string{"SUPPORTBOT_RATE_LIMIT=on"}, "--demo", "--db", filepath.Join(b.TempDir(), "conns.db"))
	var slow []net.Conn
	var mu sync.Mutex
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	for range 10 {
		c, err := net.Dial("tcp", p.addr)
		if err != nil {
			b.Fatal(err)
		}
		defer c.Close()
		fmt.Fprintf(c, "POST /api/v1/chat HTTP/1.1\r\nHost: %s\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n", p.addr)
		mu.Lock()
		slow = append(slow, c)
		mu.Unlock()
		go func() {
			for ctx.Err() == nil {
				if _, err := c.Write([]byte(" ")); err != nil {
					return
				}
				time.Sleep(2 * time.Second)
			}
		}()
	}
	var idle []net.Conn
	for range 200 {
		c, err := net.Dial("tcp", p.addr)
		if err != nil {
			b.Fatal(err)
		}
		defer c.Close()
		fmt.Fprintf(c, "GET /healthz HTTP/1.1\r\nHost: %s\r\n\r\n", p.addr)
		idle = append(idle, c)
	}
	// Drain the answer (or the refusal) of each.
	for _, c := range idle {
		c.SetReadDeadline(time.Now().Add(2 * time.Second))
		br := bufio.NewReader(c)
		if resp, err := http.ReadResponse(br, nil); err == nil {
			io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
		}
	}
	open := func(conns []net.Conn) int {
		n := 0
		for _, c := range conns {
			c.SetReadDeadline(time.Now().Add(10 * time.Millisecond))
			var buf [512]byte
			_, err := c.Read(buf[:])
			if ne, ok := err.(net.Error); ok && ne.Timeout() {
				n++
			}
		}
		return n
	}
	time.Sleep(5 * time.Second)
	mu.Lock()
	b.ReportMetric(float64(open(idle)), "idle-held-5s")
	b.ReportMetric(float64(open(slow)), "slow-held-5s")
	mu.Unlock()
	time.Sleep(40 * time.Second)
	mu.Lock()
	b.ReportMetric(float64(open(idle)), "idle-held-45s")
	b.ReportMetric(float64(open(slow)), "slow-held-45s")
	mu.Unlock()
}

// Issue 11, finding 1, end to end: one client, the real program with its
// default settings, 10,000 tries at a customer's account from a new
// conversation each time, the right order number among them every 100th
// try. At most max_attempts of them are judged, then the e-mail is locked
// and the client gets 429s; none verifies.
func TestServeGuessingIsStopped(t *testing.T) {
	p := startBinary(t, nil, "--demo", "--db", filepath.Join(t.TempDir(), "guess.db"))
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 4}}
	defer client.CloseIdleConnections()
	var tally guessTally
	start := time.Now()
	for i := range 10000 {
		order := fmt.Sprintf("OP-2%05d", i)
		if i%100 == 99 {
			order = "OP-100701"
		}
		res, err := guess(context.Background(), client, p.url("/api/v1/chat"), "sophie.laurent@example.fr", order)
		if err != nil {
			t.Fatalf("try %d: %v", i, err)
		}
		tally.counts[res]++
	}
	t.Logf("10,000 tries in %v: %d failed, %d locked, %d verified, %d 429, %d other",
		time.Since(start).Round(time.Millisecond), tally.counts[guessFailed], tally.counts[guessLocked],
		tally.counts[guessVerified], tally.counts[guessThrottled], tally.counts[guessOther])
	if n := tally.counts[guessFailed]; n > 5 {
		t.Errorf("%d tries judged, want at most 5 (verification.max_attempts)", n)
	}
	if tally.counts[guessVerified] > 0 {
		t.Errorf("%d tries verified", tally.counts[guessVerified])
	}
	if tally.counts[guessThrottled] < 9000 {
		t.Errorf("%d tries got 429, want nearly all", tally.counts[guessThrottled])
	}
	// The store agrees: five failures recorded for the e-mail, no success.
	resp, err := http.Get(p.url("/metrics"))
	if err != nil {
		t.Fatal(err)
	}
	metrics, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if bytes.Contains(metrics, []byte(`supportbot_verifications_total{result="ok"}`)) ||
		!bytes.Contains(metrics, []byte(`supportbot_verifications_total{result="failed"} 5`)) {
		t.Errorf("metrics:\n%s", grepLines(metrics, "supportbot_verifications_total"))
	}
}

func grepLines(b []byte, substr string) string {
	var out []string
	for _, l := range strings.Split(string(b), "\n") {
		if strings.Contains(l, substr) {
			out = append(out, l)
		}
	}
	return strings.Join(out, "\n")
}

// Issue 11, finding 4, end to end: an idle keep-alive connection and a
// body sent a byte at a time are cut off after the configured timeouts,
// and one address holds at most connections_per_client connections.
func TestServeCutsSlowAndIdleConnections(t *testing.T) {
	dir := t.TempDir()
	cfg := filepath.Join(dir, "supportbot.toml")
	if err := os.WriteFile(cfg, []byte("[http]\nread_timeout = \"2s\"\nidle_timeout = \"1s\"\n\n[rate_limit]\nconnections_per_client = 5\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	p := startBinary(t, nil, "--demo", "--config", cfg, "--db", filepath.Join(dir, "conns.db"))
	closedWithin := func(c net.Conn, d time.Duration) bool {
		c.SetReadDeadline(time.Now().Add(d))
		_, err := io.Copy(io.Discard, c)
		// EOF, or a reset when the server closed it with our bytes still
		// unread (the slow body goes on writing): closed either way. Only
		// the deadline means it is still open.
		return !errors.Is(err, os.ErrDeadlineExceeded)
	}
	dialTo := func(addr string) net.Conn {
		c, err := net.Dial("tcp", addr)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { c.Close() })
		return c
	}
	dial := func() net.Conn { return dialTo(p.addr) }
	idle := dial()
	fmt.Fprintf(idle, "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
	// Bounds far above the timeouts (1 s, 2 s), so that a busy machine
	// does not fail the test; without the timeouts the connections stay
	// open for good.
	if !closedWithin(idle, 10*time.Second) {
		t.Error("an idle keep-alive connection stayed open past idle_timeout")
	}
	slow := dial()
	fmt.Fprintf(slow, "POST /api/v1/chat HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{")
	go func() {
		for range 10 {
			time.Sleep(500 * time.Millisecond)
			if _, err := slow.Write([]byte(" ")); err != nil {
				return
			}
		}
	}()
	if !closedWithin(slow, 12*time.Second) {
		t.Error("a body sent a byte at a time kept its connection past read_timeout")
	}
	// The ceiling on open connections, on a server of its own whose read
	// timeout (15 s by default) cannot close the held connections while
	// a busy machine stalls the test: with the 2 s above, the sixth
	// connection was sometimes accepted because held ones had just been
	// cut.
	cfg2 := filepath.Join(dir, "ceiling.toml")
	if err := os.WriteFile(cfg2, []byte("[rate_limit]\nconnections_per_client = 5\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	p2 := startBinary(t, nil, "--demo", "--config", cfg2, "--db", filepath.Join(dir, "ceiling.db"))
	dial2 := func() net.Conn { return dialTo(p2.addr) }
	// Up to three rounds: on a heavily loaded machine the sixth
	// connection now and then got no answer in time (not explained yet:
	// the refusal's write deadline, or a starved accept loop; each
	// failed round logs the held connections' state); a ceiling that
	// does not hold fails all three.
	var failures []string
	for round := range 3 {
		var held []net.Conn
		for range 5 {
			held = append(held, dial2())
		}
		time.Sleep(200 * time.Millisecond)
		extra := dial2()
		extra.SetReadDeadline(time.Now().Add(5 * time.Second))
		resp, err := http.ReadResponse(bufio.NewReader(extra), nil)
		ok := err == nil && resp.StatusCode == http.StatusTooManyRequests
		if !ok {
			state := make([]string, len(held))
			for i, c := range held {
				c.SetReadDeadline(time.Now().Add(10 * time.Millisecond))
				_, rerr := c.Read(make([]byte, 1))
				state[i] = fmt.Sprint(rerr)
			}
			failures = append(failures, fmt.Sprintf("round %d: %v, %v (held connections: %s)", round+1, resp, err, strings.Join(state, "; ")))
		}
		for _, c := range append(held, extra) {
			c.Close()
		}
		if ok {
			break
		}
		time.Sleep(500 * time.Millisecond) // the server sees the closes
	}
	if len(failures) == 3 {
		t.Errorf("sixth connection from one address, want 429:\n%s", strings.Join(failures, "\n"))
	} else if len(failures) > 0 {
		t.Logf("sixth connection refused only after: %s", strings.Join(failures, "; "))
	}
}
