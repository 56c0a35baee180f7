package main

import (
	"io"
	"net/http"
	"regexp"
	"strings"
	"syscall"
	"testing"
)

var adminLine = regexp.MustCompile(`msg="admin listening" addr=(\S+)`)

// get fetches url and returns its status and body.
func get(t *testing.T, url string) (int, string) {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(body)
}

// With --admin-addr, the metrics and the profiler are on the admin
// listener only; the probes are on both. Without it, the metrics stay on
// the public listener, and there is no profiler at all.
func TestServeAdminAddr(t *testing.T) {
	type want struct {
		path string
		code int
	}
	tests := []struct {
		name          string
		args          []string
		public, admin []want
	}{
		{
			name: "admin listener",
			args: []string{"--admin-addr", "127.0.0.1:0"},
			public: []want{
				{"/healthz", 200}, {"/readyz", 200}, {"/metrics", 404}, {"/debug/pprof/", 404}, {"/debug/pprof/goroutine?debug=1", 404},
			},
			admin: []want{
				{"/healthz", 200}, {"/readyz", 200}, {"/metrics", 200}, {"/debug/pprof/", 200}, {"/debug/pprof/goroutine?debug=1", 200},
				{"/", 404}, {"/api/v1/chat", 404},
			},
		},
		{
			name:   "no admin listener",
			public: []want{{"/healthz", 200}, {"/readyz", 200}, {"/metrics", 200}, {"/debug/pprof/", 404}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := startBinary(t, nil, append([]string{"--db", t.TempDir() + "/admin.db"}, tt.args...)...)
			for _, w := range tt.public {
				if code, body := get(t, p.url(w.path)); code != w.code {
					t.Errorf("public GET %s = %d, want %d: %.200s", w.path, code, w.code, body)
				}
			}
			m := adminLine.FindStringSubmatch(p.stderr.String())
			if len(tt.admin) > 0 && m == nil {
				t.Fatalf("no admin listener logged:\n%s", p.stderr.String())
			}
			if len(tt.admin) == 0 && m != nil {
				t.Fatalf("an admin listener without --admin-addr: %s", m[0])
			}
			for _, w := range tt.admin {
				if code, body := get(t, "http://"+m[1]+w.path); code != w.code {
					t.Errorf("admin GET %s = %d, want %d: %.200s", w.path, code, w.code, body)
				}
			}
			if len(tt.admin) > 0 {
				_, metrics := get(t, "http://"+m[1]+"/metrics")
				for _, name := range []string{"supportbot_build_info{", "supportbot_store_group_commits_total "} {
					if !strings.Contains(metrics, name) {
						t.Errorf("admin /metrics lacks %s", name)
					}
				}
				// The container's health check, run against the admin
				// listener's probe.
				if out, err := runBinary(t, nil, "healthcheck", "--addr", m[1], "--path", "/readyz"); err != nil {
					t.Errorf("healthcheck: %v\n%s", err, out)
				}
			}
			p.stop(t, syscall.SIGTERM)
			if len(tt.admin) > 0 {
				if _, err := http.Get("http://" + m[1] + "/healthz"); err == nil {
					t.Error("the admin listener still answers after the stop")
				}
			}
		})
	}
}
