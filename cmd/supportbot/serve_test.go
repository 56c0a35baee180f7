package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

var (
	binaryOnce sync.Once
	binaryPath string
	binaryErr  error
)

// mustBinary builds the supportbot binary once per test run, for tests that
// run the real program.
func mustBinary(t testing.TB) string {
	t.Helper()
	if testing.Short() {
		t.Skip("builds and runs the binary; skipped with -short")
	}
	binaryOnce.Do(func() {
		dir, err := os.MkdirTemp("", "supportbot-bin-")
		if err != nil {
			binaryErr = err
			return
		}
		binaryPath = filepath.Join(dir, "supportbot")
		out, err := exec.Command("go", "build", "-o", binaryPath, ".").CombinedOutput()
		if err != nil {
			binaryErr = err
			binaryPath = string(out)
		}
	})
	if binaryErr != nil {
		t.Fatalf("go build: %v\n%s", binaryErr, binaryPath)
	}
	return binaryPath
}

// process is the real program running in a test.
type process struct {
	cmd    *exec.Cmd
	addr   string
	stderr *lockedBuffer
	done   chan error
}

var listeningLine = regexp.MustCompile(`msg=listening addr=(\S+)`)

// startServe runs "supportbot serve" with args on a free port and waits
// until it is ready.
func startBinary(t testing.TB, env []string, args ...string) *process {
	t.Helper()
	bin := mustBinary(t)
	args = append([]string{"serve", "--addr", "127.0.0.1:0"}, args...)
	cmd := exec.Command(bin, args...)
	cmd.Env = append(os.Environ(), env...)
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	p := &process{cmd: cmd, stderr: &lockedBuffer{}, done: make(chan error, 1)}
	t.Cleanup(func() {
		if p.cmd.ProcessState == nil {
			p.cmd.Process.Kill()
			<-p.done
		}
	})
	found := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(stderr)
		for sc.Scan() {
			line := sc.Text()
			p.stderr.Write([]byte(line + "\n"))
			if m := listeningLine.FindStringSubmatch(line); m != nil {
				select {
				case found <- m[1]:
				default:
				}
			}
		}
		p.done <- cmd.Wait()
	}()
	select {
	case p.addr = <-found:
	case <-time.After(30 * time.Second):
		t.Fatalf("serve did not start:\n%s", p.stderr.String())
	}
	p.waitReady(t)
	return p
}

func (p *process) url(path string) string { return "http://" + p.addr + path }

func (p *process) waitReady(t testing.TB) {
	t.Helper()
	deadline := time.Now().Add(60 * time.Second)
	for time.Now().Before(deadline) {
		resp, err := http.Get(p.url("/readyz"))
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return
			}
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Fatalf("serve never became ready:\n%s", p.stderr.String())
}

// stop sends sig and waits for a clean exit.
func (p *process) stop(t testing.TB, sig os.Signal) {
	t.Helper()
	if err := p.cmd.Process.Signal(sig); err != nil {
		t.Fatal(err)
	}
	select {
	case err := <-p.done:
		if err != nil {
			t.Fatalf("serve exited with %v after %v:\n%s", err, sig, p.stderr.String())
		}
	case <-time.After(15 * time.Second):
		t.Fatalf("serve did not stop after %v:\n%s", sig, p.stderr.String())
	}
}

func postJSON(t *testing.T, url string, body any) (int, map[string]any) {
	t.Helper()
	b, _ := json.Marshal(body)
	resp, err := http.Post(url, "application/json", bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var out map[string]any
	data, _ := io.ReadAll(resp.Body)
	if err := json.Unmarshal(data, &out); err != nil {
		t.Fatalf("POST %s: %d %q is not JSON: %v", url, resp.StatusCode, data, err)
	}
	return resp.StatusCode, out
}

// The README's run command: serve --demo answers on the web API, reports
// health, readiness and metrics, and stops cleanly on SIGTERM and SIGINT.
func TestServeDemo(t *testing.T) {
	for _, sig := range []os.Signal{syscall.SIGTERM, os.Interrupt} {
		t.Run(sig.String(), func(t *testing.T) {
			db := filepath.Join(t.TempDir(), "supportbot.db")
			p := startBinary(t, nil, "--demo", "--db", db)
			for _, path := range []string{"/healthz", "/readyz", "/metrics", "/"} {
				resp, err := http.Get(p.url(path))
				if err != nil {
					t.Fatal(err)
				}
				resp.Body.Close()
				if resp.StatusCode != http.StatusOK {
					t.Errorf("GET %s = %d, want 200", path, resp.StatusCode)
				}
			}
			code, out := postJSON(t, p.url("/api/v1/chat"), map[string]string{
				"conversation_id": "serve-test-0123456789", "text": "where is my order OP-100701? sophie.laurent@example.fr",
			})
			if code != http.StatusOK {
				t.Fatalf("chat = %d %v", code, out)
			}
			if s, _ := json.Marshal(out["replies"]); !strings.Contains(string(s), "XY250174011FR") {
				t.Errorf("chat replies %s lack the tracking number", s)
			}
			resp, err := http.Get(p.url("/metrics"))
			if err != nil {
				t.Fatal(err)
			}
			metrics, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if !bytes.Contains(metrics, []byte(`supportbot_messages_total{channel="web",intent="track_order"} 1`)) {
				t.Errorf("metrics do not count the message:\n%s", metrics)
			}
			p.stop(t, sig)
		})
	}
}

// A bad config file stops serve at start with a message naming the key.
func TestServeRefusesBadConfig(t *testing.T) {
	bin := mustBinary(t)
	cfg := filepath.Join(t.TempDir(), "bad.toml")
	if err := os.WriteFile(cfg, []byte("[returns]\ndays = 0\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	out, err := exec.CommandContext(ctx, bin, "serve", "--config", cfg, "--db", filepath.Join(t.TempDir(), "x.db")).CombinedOutput()
	if err == nil {
		t.Fatalf("serve accepted a bad config:\n%s", out)
	}
	if !strings.Contains(string(out), "returns.days") {
		t.Errorf("error does not name the key:\n%s", out)
	}
}

// runBinary runs the binary to its end with env added, and returns what it
// printed.
func runBinary(t *testing.T, env []string, args ...string) (string, error) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, mustBinary(t), args...)
	cmd.Env = append(os.Environ(), env...)
	out, err := cmd.CombinedOutput()
	return string(out), err
}
