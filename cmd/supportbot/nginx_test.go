package main

import (
	"bytes"
	"fmt"
	"io"
	"net"
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

// nginxBinary finds Debian's nginx, or skips the test.
func nginxBinary(t *testing.T) string {
	t.Helper()
	if p, err := exec.LookPath("nginx"); err == nil {
		return p
	}
	if _, err := os.Stat("/usr/sbin/nginx"); err == nil {
		return "/usr/sbin/nginx"
	}
	t.Skip("nginx is not installed (Debian: apt-get install nginx-light); the deployment's proxy is not tested")
	return ""
}

// The deployment's nginx configuration, in front of two real replicas:
// chat messages sent without pause all get their answer while one
// replica drains and stops on SIGTERM, since nginx sends its 503s and
// refused connections to the other.
func TestNginxInFrontOfTwoReplicas(t *testing.T) {
	nginx := nginxBinary(t)
	env := []string{"SUPPORTBOT_RATE_LIMIT=off"}
	r1 := startBinary(t, env, "--demo", "--db", t.TempDir()+"/r1.db")
	r2 := startBinary(t, env, "--demo", "--db", t.TempDir()+"/r2.db")

	dir := t.TempDir()
	port := freePort(t)
	conf := deployNginxConf(t, dir, port, r1.addr, r2.addr)
	check, err := exec.Command(nginx, "-t", "-p", dir, "-c", conf).CombinedOutput()
	if err != nil {
		t.Fatalf("nginx -t: %v\n%s", err, check)
	}
	proxy := exec.Command(nginx, "-p", dir, "-c", conf, "-g", "daemon off;")
	var proxyLog lockedBuffer
	proxy.Stdout, proxy.Stderr = &proxyLog, &proxyLog
	if err := proxy.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		proxy.Process.Signal(syscall.SIGQUIT)
		proxy.Wait()
	})
	front := "http://127.0.0.1:" + port
	waitFor(t, "nginx to answer", func() bool {
		resp, err := http.Get(front + "/readyz")
		if err != nil {
			return false
		}
		resp.Body.Close()
		return resp.StatusCode == http.StatusOK
	})
	for _, path := range []string{"/metrics", "/debug/pprof/"} {
		if code := getStatus(t, front+path); code != http.StatusNotFound {
			t.Errorf("GET %s through nginx = %d, want 404", path, code)
		}
	}

	var (
		mu    sync.Mutex
		codes = map[string]int{}
	)
	stop := time.Now().Add(4 * time.Second)
	var wg sync.WaitGroup
	for w := range 8 {
		wg.Go(func() {
			client := &http.Client{Timeout: 20 * time.Second}
			for i := 0; time.Now().Before(stop); i++ {
				body := fmt.Sprintf(`{"conversation_id": "nginx-test-%02d-0123456789", "text": "how long do I have to return an item? %d"}`, w, i)
				resp, err := client.Post(front+"/api/v1/chat", "application/json", strings.NewReader(body))
				key := "200"
				if err != nil {
					key = err.Error()
				} else {
					io.Copy(io.Discard, resp.Body)
					resp.Body.Close()
					key = fmt.Sprint(resp.StatusCode)
				}
				mu.Lock()
				codes[key]++
				mu.Unlock()
			}
		})
	}
	time.Sleep(1500 * time.Millisecond)
	r1.stop(t, syscall.SIGTERM)
	wg.Wait()

	total := 0
	for _, n := range codes {
		total += n
	}
	if codes["200"] != total || total == 0 {
		t.Errorf("answers through nginx while a replica stopped: %v, want all 200\nnginx:\n%s", codes, proxyLog.String())
	}
	t.Logf("%d chat messages, all answered, while one of two replicas drained and stopped", total)
	r2.stop(t, syscall.SIGTERM)
}

// deployNginxConf writes deploy/nginx.conf with the compose names replaced
// by the test's addresses, and returns its path.
func deployNginxConf(t *testing.T, dir, port, r1, r2 string) string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("..", "..", "deploy", "nginx.conf"))
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range []struct{ from, to string }{
		{"supportbot-1:8080", r1},
		{"supportbot-2:8080", r2},
		{"listen 80;", "listen 127.0.0.1:" + port + ";"},
		{"listen [::]:80;", ""},
		{"pid /tmp/nginx.pid;", "pid " + filepath.Join(dir, "nginx.pid") + ";"},
		{"access_log /dev/stdout;", "access_log off;"},
	} {
		if !bytes.Contains(data, []byte(r.from)) {
			t.Fatalf("deploy/nginx.conf no longer has %q", r.from)
		}
		data = bytes.ReplaceAll(data, []byte(r.from), []byte(r.to))
	}
	if m := regexp.MustCompile(`server\s+supportbot-`).Find(data); m != nil {
		t.Fatalf("deploy/nginx.conf has an upstream the test does not replace: %s", m)
	}
	path := filepath.Join(dir, "nginx.conf")
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// freePort returns a TCP port free on the loopback a moment ago.
func freePort(tb testing.TB) string {
	tb.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		tb.Fatal(err)
	}
	defer ln.Close()
	_, port, _ := net.SplitHostPort(ln.Addr().String())
	return port
}
