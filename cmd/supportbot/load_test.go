package main

import (
	"bufio"
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"supportbot/bot"
	"supportbot/bot/web"
	"supportbot/config"
	"supportbot/storage/backend"
	"supportbot/storage/demo"
)

// loadScript is what each simulated customer says, in a loop: a mix of
// small talk, verification, account questions and FAQ, as real chats have.
var loadScript = []struct{ email, order string }{
	{"sophie.laurent@example.fr", "OP-100701"},
	{"camille.durand@example.fr", "OP-100101"},
	{"amelia.brown@example.com", "OP-101001"},
	{"hugo.petit@example.fr", "OP-100601"},
}

func loadTurns(email, order string) []string {
	return []string{
		"bonjour",
		"où en est ma commande ?",
		email + " " + order,
		"et mes points ?",
		"combien de temps pour retourner un article ?",
		"merci beaucoup",
		"where is my parcel " + order,
		"au revoir",
	}
}

// chatTarget sends one customer message and waits for the answer.
type chatTarget func(ctx context.Context, conv, text string) error

// newLoadEngine wires the real engine on a SQLite file with the demo shop.
func newLoadEngine(tb testing.TB) (*bot.Engine, backend.Store) {
	return newDemoEngine(tb, filepath.Join(tb.TempDir(), "load.db"))
}

// newDemoEngine wires the real engine on the database dsn names, the demo
// shop imported into it.
func newDemoEngine(tb testing.TB, dsn string) (*bot.Engine, backend.Store) {
	tb.Helper()
	ctx := context.Background()
	cfg, err := config.Load("")
	if err != nil {
		tb.Fatal(err)
	}
	db, err := backend.Open(ctx, dsn, backend.Config{})
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { db.Close() })
	if _, err := db.Import(ctx, demo.Shop(time.Now())); err != nil {
		tb.Fatal(err)
	}
	br, err := config.NewKnowledge(cfg, time.Now, bot.ModelCacheDir(os.Getenv), nil)
	if err != nil {
		tb.Fatal(err)
	}
	e, err := config.NewEngine(cfg, br, db, slog.New(slog.DiscardHandler), nil, time.Now)
	if err != nil {
		tb.Fatal(err)
	}
	return e, db
}

func inProcess(e *bot.Engine) chatTarget {
	return func(ctx context.Context, conv, text string) error {
		_, err := e.Handle(ctx, bot.Incoming{ConversationID: "web:" + conv, Channel: bot.ChannelWeb, Text: text})
		return err
	}
}

// overHTTP serves the web API on loopback and posts to it.
func overHTTP(tb testing.TB, e *bot.Engine) chatTarget {
	tb.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		tb.Fatal(err)
	}
	h, err := web.New(web.Config{Engine: e, Texts: e.Texts()})
	if err != nil {
		tb.Fatal(err)
	}
	srv := &http.Server{Handler: h}
	go srv.Serve(ln)
	tb.Cleanup(func() { srv.Close() })
	return httpClient("http://" + ln.Addr().String() + "/api/v1/chat")
}

// httpClient posts customer messages to a chat API URL.
func httpClient(url string) chatTarget {
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 200}}
	return func(ctx context.Context, conv, text string) error {
		body, _ := json.Marshal(map[string]string{"conversation_id": conv, "text": text})
		req, err := http.NewRequestWithContext(ctx, http.MethodPost, url, bytes.NewReader(body))
		if err != nil {
			return err
		}
		req.Header.Set("Content-Type", "application/json")
		resp, err := client.Do(req)
		if err != nil {
			return err
		}
		defer resp.Body.Close()
		var out struct {
			Replies []json.RawMessage `json:"replies"`
		}
		data, err := io.ReadAll(resp.Body) // to the end, so the connection is reused
		if err != nil {
			return err
		}
		if err := json.Unmarshal(data, &out); err != nil {
			return err
		}
		if resp.StatusCode != http.StatusOK || len(out.Replies) == 0 {
			return fmt.Errorf("status %d, %d replies: %.200s", resp.StatusCode, len(out.Replies), data)
		}
		return nil
	}
}

// runLoad sends n messages from `conversations` customers talking at once,
// each waiting for the answer before writing again, and returns every
// message's latency and the time it all took.
func runLoad(ctx context.Context, target chatTarget, conversations, n int, run string) ([]time.Duration, time.Duration, error) {
	return drive(ctx, target, conversations, 0, false, n, run)
}

// runPaced is runLoad at a set total rate: each conversation writes every
// conversations/rate seconds (at once if the last answer came later), so
// latency is measured at a load the server is meant to carry rather than
// at saturation.
func runPaced(ctx context.Context, target chatTarget, conversations int, rate float64, n int, run string) ([]time.Duration, time.Duration, error) {
	return drive(ctx, target, conversations, time.Duration(float64(conversations)/rate*float64(time.Second)), false, n, run)
}

// runPacedStaggered is runPaced with each conversation starting at another
// step of the script (conversation w at step w mod 8, its first pass
// through the script cut short), so that the same kind of message — the
// identity check, the account reads — does not arrive from every
// conversation within the same few milliseconds, as it does in lockstep.
func runPacedStaggered(ctx context.Context, target chatTarget, conversations int, rate float64, n int, run string) ([]time.Duration, time.Duration, error) {
	return drive(ctx, target, conversations, time.Duration(float64(conversations)/rate*float64(time.Second)), true, n, run)
}

// drive runs the customers; interval 0 means writing back to back;
// staggered starts conversation w at step w of the script.
func drive(ctx context.Context, target chatTarget, conversations int, interval time.Duration, staggered bool, n int, run string) ([]time.Duration, time.Duration, error) {
	var next atomic.Int64
	lat := make([]time.Duration, n)
	var wg sync.WaitGroup
	var firstErr atomic.Value
	start := time.Now()
	for w := range conversations {
		wg.Add(1)
		go func() {
			defer wg.Done()
			cust := loadScript[w%len(loadScript)]
			turns := loadTurns(cust.email, cust.order)
			// Spread the conversations' first messages over one interval.
			due := start.Add(interval * time.Duration(w) / time.Duration(conversations))
			for round := 0; ; round++ {
				// A new conversation every pass through the script, as
				// new customers keep arriving.
				conv := fmt.Sprintf("load-%s-%d-%d", run, w, round)
				script := turns
				if staggered && round == 0 {
					script = turns[w%len(turns):]
				}
				for _, text := range script {
					if interval > 0 {
						time.Sleep(time.Until(due))
						due = due.Add(interval)
					}
					i := next.Add(1) - 1
					if i >= int64(n) {
						return
					}
					t0 := time.Now()
					if err := target(ctx, conv, text); err != nil {
						firstErr.CompareAndSwap(nil, err)
						return
					}
					lat[i] = time.Since(t0)
				}
			}
		}()
	}
	wg.Wait()
	if err, ok := firstErr.Load().(error); ok {
		return nil, 0, err
	}
	return lat, time.Since(start), nil
}

// reportLatency reports throughput and the median and 99th percentile of
// latency; it sorts lat.
func reportLatency(b *testing.B, lat []time.Duration, elapsed time.Duration) {
	slices.Sort(lat)
	b.ReportMetric(float64(len(lat))/elapsed.Seconds(), "msgs/s")
	b.ReportMetric(float64(percentile(lat, 0.50).Microseconds())/1000, "p50-ms")
	b.ReportMetric(float64(percentile(lat, 0.99).Microseconds())/1000, "p99-ms")
}

func percentile(sorted []time.Duration, p float64) time.Duration {
	if len(sorted) == 0 {
		return 0
	}
	return sorted[min(len(sorted)-1, int(float64(len(sorted))*p))]
}

func benchmarkChat(b *testing.B, overNetwork bool) {
	e, _ := newLoadEngine(b)
	target := inProcess(e)
	if overNetwork {
		target = overHTTP(b, e)
	}
	for _, conversations := range []int{1, 10, 100} {
		b.Run(fmt.Sprintf("conversations=%d", conversations), func(b *testing.B) {
			// Warm up caches and the connection pool outside the timing.
			if _, _, err := runLoad(context.Background(), target, conversations, conversations*8, "warm"+b.Name()); err != nil {
				b.Fatal(err)
			}
			b.ResetTimer()
			lat, elapsed, err := runLoad(context.Background(), target, conversations, b.N, b.Name())
			b.StopTimer()
			if err != nil {
				b.Fatal(err)
			}
			reportLatency(b, lat, elapsed)
		})
	}
}

// BenchmarkChatInProcess measures the engine on SQLite on disk, called
// directly: go test -run '^$' -bench ChatInProcess -benchtime 20000x ./cmd/supportbot/
func BenchmarkChatInProcess(b *testing.B) { benchmarkChat(b, false) }

// BenchmarkChatHTTP measures the same through the JSON API over loopback.
func BenchmarkChatHTTP(b *testing.B) { benchmarkChat(b, true) }

// BenchmarkChatPaced measures latency with 100 conversations writing 2,000
// messages a second in all, in process and over loopback HTTP:
// go test -run '^$' -bench ChatPaced -benchtime 20000x ./cmd/supportbot/
func BenchmarkChatPaced(b *testing.B) {
	for _, mode := range []struct {
		name string
		http bool
	}{{"in-process", false}, {"http", true}} {
		b.Run(mode.name, func(b *testing.B) {
			e, _ := newLoadEngine(b)
			target := inProcess(e)
			if mode.http {
				target = overHTTP(b, e)
			}
			// Warm up: open the connections, fill the caches.
			if _, _, err := runPaced(context.Background(), target, 100, 2000, 2000, "warm"+b.Name()); err != nil {
				b.Fatal(err)
			}
			b.ResetTimer()
			lat, elapsed, err := runPaced(context.Background(), target, 100, 2000, b.N, b.Name())
			b.StopTimer()
			if err != nil {
				b.Fatal(err)
			}
			slow := 0
			for _, d := range lat {
				if d > 10*time.Millisecond {
					slow++
				}
			}
			reportLatency(b, lat, elapsed)
			b.ReportMetric(float64(lat[len(lat)-1].Microseconds())/1000, "max-ms")
			b.ReportMetric(float64(slow), "over-10ms")
		})
	}
}

// BenchmarkChatServe measures the real program, "supportbot serve --demo"
// in its own process with a database on disk, over loopback HTTP, from this
// process: 1, 10 and 100 conversations at saturation, then 100 writing
// 2,000 messages a second in all:
// go test -run '^$' -bench ChatServe -benchtime 20000x ./cmd/supportbot/
func BenchmarkChatServe(b *testing.B) {
	// One address drives every conversation: the per-client limits are off,
	// the lock-outs stay.
	p := startBinary(b, []string{"SUPPORTBOT_RATE_LIMIT=off"}, "--demo", "--db", filepath.Join(b.TempDir(), "serve.db"))
	target := httpClient(p.url("/api/v1/chat"))
	for _, conversations := range []int{1, 10, 100} {
		b.Run(fmt.Sprintf("conversations=%d", conversations), func(b *testing.B) {
			if _, _, err := runLoad(context.Background(), target, conversations, conversations*8, "warm"+b.Name()); err != nil {
				b.Fatal(err)
			}
			b.ResetTimer()
			lat, elapsed, err := runLoad(context.Background(), target, conversations, b.N, b.Name())
			b.StopTimer()
			if err != nil {
				b.Fatal(err)
			}
			reportLatency(b, lat, elapsed)
		})
	}
	b.Run("paced-2000/s", func(b *testing.B) {
		if _, _, err := runPaced(context.Background(), target, 100, 2000, 2000, "warm"+b.Name()); err != nil {
			b.Fatal(err)
		}
		b.ResetTimer()
		lat, elapsed, err := runPaced(context.Background(), target, 100, 2000, b.N, b.Name())
		b.StopTimer()
		if err != nil {
			b.Fatal(err)
		}
		reportLatency(b, lat, elapsed)
	})
}

// BenchmarkChatMemory sends messages from 100 conversations at a time and
// reports the live heap after each tenth of the run, to show that memory
// stays flat: go test -run '^$' -bench ChatMemory -benchtime 100000x ./cmd/supportbot/
func BenchmarkChatMemory(b *testing.B) {
	e, _ := newLoadEngine(b)
	target := inProcess(e)
	heap := func() float64 {
		runtime.GC()
		var m runtime.MemStats
		runtime.ReadMemStats(&m)
		return float64(m.HeapAlloc) / (1 << 20)
	}
	chunk := max(b.N/10, 1)
	var first, peak float64
	b.ResetTimer()
	for i := 0; i*chunk < b.N; i++ {
		n := min(chunk, b.N-i*chunk)
		if _, _, err := runLoad(context.Background(), target, 100, n, fmt.Sprintf("mem%d", i)); err != nil {
			b.Fatal(err)
		}
		h := heap()
		if i == 0 {
			first = h
		}
		peak = max(peak, h)
		b.Logf("after %d messages: heap %.1f MiB", i*chunk+n, h)
	}
	b.ReportMetric(first, "heap-first-MiB")
	b.ReportMetric(peak, "heap-peak-MiB")
}

// roundRobinClient sends each message to the next of several servers, as a
// load balancer without session affinity does: the messages of one
// conversation land on every replica in turn.
func roundRobinClient(urls []string) chatTarget {
	targets := make([]chatTarget, len(urls))
	for i, u := range urls {
		targets[i] = httpClient(u)
	}
	var next atomic.Uint64
	return func(ctx context.Context, conv, text string) error {
		return targets[next.Add(1)%uint64(len(targets))](ctx, conv, text)
	}
}

// BenchmarkChatReplicas measures the real program at 100 conversations
// talking at once (each waits for its answer), on SQLite in one process and
// on PostgreSQL with 1, 2 and 3 replicas, the messages spread over the
// replicas in turn:
// go test -run '^$' -bench ChatReplicas -benchtime 10000x ./cmd/supportbot/
// The load generator, the replicas and PostgreSQL share the machine's cores.
func BenchmarkChatReplicas(b *testing.B) {
	for _, c := range []struct {
		name     string
		replicas int
		postgres bool
	}{
		{"sqlite", 1, false},
		{"postgres/replicas=1", 1, true},
		{"postgres/replicas=2", 2, true},
		{"postgres/replicas=3", 3, true},
	} {
		b.Run(c.name, func(b *testing.B) {
			db := filepath.Join(b.TempDir(), "serve.db")
			if c.postgres {
				db = postgresDatabase(b)
			}
			env := []string{"SUPPORTBOT_RATE_LIMIT=off", "SUPPORTBOT_DB=" + db}
			var urls []string
			for i := range c.replicas {
				var args []string
				if i == 0 {
					args = append(args, "--demo") // the others find the shop loaded
				}
				urls = append(urls, startBinary(b, env, args...).url("/api/v1/chat"))
			}
			target := roundRobinClient(urls)
			if _, _, err := runLoad(context.Background(), target, 100, 800, "warm"+b.Name()); err != nil {
				b.Fatal(err)
			}
			b.ResetTimer()
			lat, elapsed, err := runLoad(context.Background(), target, 100, b.N, b.Name())
			b.StopTimer()
			if err != nil {
				b.Fatal(err)
			}
			reportLatency(b, lat, elapsed)
		})
	}
}

// startEcho builds and runs testdata/echo, the bare JSON server the chat
// benchmarks compare with, and returns its chat URL and process ID.
func startEcho(tb testing.TB) (string, int) {
	tb.Helper()
	bin := filepath.Join(tb.TempDir(), "echo")
	if out, err := exec.Command("go", "build", "-o", bin, "./testdata/echo").CombinedOutput(); err != nil {
		tb.Fatalf("build the echo server: %v\n%s", err, out)
	}
	cmd := exec.Command(bin)
	stderr, err := cmd.StderrPipe()
	if err != nil {
		tb.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() {
		cmd.Process.Kill()
		cmd.Wait()
	})
	sc := bufio.NewScanner(stderr)
	for sc.Scan() {
		if m := listeningLine.FindStringSubmatch(sc.Text()); m != nil {
			go io.Copy(io.Discard, stderr)
			return "http://" + m[1] + "/api/v1/chat", cmd.Process.Pid
		}
	}
	tb.Fatal("the echo server did not start")
	return "", 0
}

// processCPU returns the CPU time (user and system) a process has used so
// far, from /proc: a server's CPU time for each message is a steadier
// figure than its throughput on a machine whose speed varies.
func processCPU(pid int) (time.Duration, error) {
	buf, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return 0, err
	}
	// The fields after the command name, which is in parentheses and may
	// hold spaces: state is the first, utime and stime the 12th and 13th.
	s := string(buf)
	fields := strings.Fields(s[strings.LastIndexByte(s, ')')+1:])
	if len(fields) < 13 {
		return 0, fmt.Errorf("/proc/%d/stat: %d fields", pid, len(fields))
	}
	var ticks int64
	for _, f := range fields[11:13] {
		n, err := strconv.ParseInt(f, 10, 64)
		if err != nil {
			return 0, fmt.Errorf("/proc/%d/stat: %w", pid, err)
		}
		ticks += n
	}
	// Linux reports these in USER_HZ, 100 a second on every architecture
	// Go supports.
	return time.Duration(ticks) * 10 * time.Millisecond, nil
}

// BenchmarkChatServeVsEcho drives supportbot serve (the demo shop, SQLite
// on disk) and, in the same run with the same load generator, a bare Go
// JSON echo server (the ceiling for any HTTP JSON service on this machine):
// 100 conversations at saturation, then paced at 2,000 messages a second.
// serve's share of the echo server's throughput is the figure of issue 12:
// go test -run '^$' -bench ChatServeVsEcho -benchtime 20000x ./cmd/supportbot/
//
// With SUPPORTBOT_BENCH_CPUPROFILE=FILE, serve's own CPU profile over 5
// seconds of the saturated run is written to FILE (go tool pprof FILE).
func BenchmarkChatServeVsEcho(b *testing.B) {
	args := []string{"--demo", "--db", filepath.Join(b.TempDir(), "serve.db")}
	profile := os.Getenv("SUPPORTBOT_BENCH_CPUPROFILE")
	var admin string
	if profile != "" {
		admin = "127.0.0.1:" + freePort(b)
		args = append(args, "--admin-addr", admin)
	}
	serve := startBinary(b, []string{"SUPPORTBOT_RATE_LIMIT=off"}, args...)
	echoURL, echoPID := startEcho(b)
	targets := []struct {
		name string
		url  string
		pid  int
	}{
		{"echo", echoURL, echoPID},
		{"serve", serve.url("/api/v1/chat"), serve.cmd.Process.Pid},
	}
	for _, tt := range targets {
		target := httpClient(tt.url)
		b.Run(tt.name+"/saturated", func(b *testing.B) {
			if _, _, err := runLoad(context.Background(), target, 100, 800, "warm"+b.Name()); err != nil {
				b.Fatal(err)
			}
			if tt.name == "serve" && profile != "" && b.N > 1 {
				done := make(chan struct{})
				defer func() { <-done }()
				go func() {
					defer close(done)
					if err := fetchProfile("http://"+admin+"/debug/pprof/profile?seconds=5", profile); err != nil {
						b.Error(err)
					}
				}()
			}
			cpu0, err := processCPU(tt.pid)
			if err != nil {
				b.Fatal(err)
			}
			b.ResetTimer()
			lat, elapsed, err := runLoad(context.Background(), target, 100, b.N, b.Name())
			b.StopTimer()
			if err != nil {
				b.Fatal(err)
			}
			cpu1, err := processCPU(tt.pid)
			if err != nil {
				b.Fatal(err)
			}
			reportLatency(b, lat, elapsed)
			b.ReportMetric(float64((cpu1-cpu0).Microseconds())/float64(len(lat)), "server-cpu-µs/msg")
		})
		for _, shape := range []struct {
			name string
			run  func(context.Context, chatTarget, int, float64, int, string) ([]time.Duration, time.Duration, error)
		}{{"paced-2000/s", runPaced}, {"paced-2000/s-staggered", runPacedStaggered}} {
			b.Run(tt.name+"/"+shape.name, func(b *testing.B) {
				b.ResetTimer()
				lat, elapsed, err := shape.run(context.Background(), target, 100, 2000, b.N, b.Name())
				b.StopTimer()
				if err != nil {
					b.Fatal(err)
				}
				reportLatency(b, lat, elapsed)
			})
		}
	}
}

// BenchmarkChatServeGrowth measures supportbot serve (the demo shop, SQLite
// on disk) as its database fills up to a million stored messages: a window
// of b.N messages paced at 2,000 a second from 100 conversations on the
// empty database, then after every further 250,000 messages written at
// saturation, until a million are stored (each turn stores the customer's
// message and the bot's replies: about three messages a turn). Latency must
// stay flat:
// go test -run '^$' -bench ChatServeGrowth -benchtime 20000x -timeout 60m ./cmd/supportbot/
func BenchmarkChatServeGrowth(b *testing.B) {
	if b.N < 100 {
		return // the framework's first probe (b.N = 1): the windows need -benchtime 20000x or so
	}
	db := filepath.Join(b.TempDir(), "serve.db")
	serve := startBinary(b, []string{"SUPPORTBOT_RATE_LIMIT=off"}, "--demo", "--db", db)
	target := httpClient(serve.url("/api/v1/chat"))
	ctx := context.Background()
	stored := func() int {
		conn, err := sql.Open("sqlite3", "file:"+db+"?mode=ro")
		if err != nil {
			b.Fatal(err)
		}
		defer conn.Close()
		var n int
		if err := conn.QueryRow(`SELECT COUNT(*) FROM messages`).Scan(&n); err != nil {
			b.Fatal(err)
		}
		return n
	}
	const step, total = 250_000, 1_000_000
	b.ResetTimer()
	for stage := 0; ; stage++ {
		lat, elapsed, err := runPaced(ctx, target, 100, 2000, b.N, fmt.Sprintf("growth-paced-%d", stage))
		if err != nil {
			b.Fatal(err)
		}
		slices.Sort(lat)
		n := stored()
		b.Logf("%9d messages stored: paced %4.0f msg/s, p50 %6.2f ms, p99 %6.2f ms, max %6.1f ms",
			n, float64(len(lat))/elapsed.Seconds(), ms(percentile(lat, 0.5)), ms(percentile(lat, 0.99)), ms(lat[len(lat)-1]))
		b.ReportMetric(ms(percentile(lat, 0.99)), fmt.Sprintf("p99-ms@%dk", n/step*step/1000))
		if n >= total {
			return
		}
		// Fill at saturation: each turn stores about three messages.
		fill := (min(total, n/step*step+step) - n) / 3
		lat, elapsed, err = runLoad(ctx, target, 100, max(fill, 1), fmt.Sprintf("growth-fill-%d", stage))
		if err != nil {
			b.Fatal(err)
		}
		b.Logf("filled %d turns at %.0f msg/s", len(lat), float64(len(lat))/elapsed.Seconds())
	}
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

// fetchProfile saves what a pprof endpoint answers to path.
func fetchProfile(url, path string) error {
	resp, err := http.Get(url)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("profile: %s", resp.Status)
	}
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	if _, err := io.Copy(f, resp.Body); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
