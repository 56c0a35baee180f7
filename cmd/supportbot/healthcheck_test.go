package main

import (
	"bytes"
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

func TestProbeURL(t *testing.T) {
	tests := []struct {
		addr, path, want, wantErr string
	}{
		{addr: "127.0.0.1:8080", path: "/healthz", want: "http://127.0.0.1:8080/healthz"},
		{addr: "0.0.0.0:8080", path: "/healthz", want: "http://127.0.0.1:8080/healthz"},
		{addr: ":8080", path: "readyz", want: "http://127.0.0.1:8080/readyz"},
		{addr: "[::]:9090", path: "/healthz", want: "http://[::1]:9090/healthz"},
		{addr: "supportbot-1:8080", path: "/healthz", want: "http://supportbot-1:8080/healthz"},
		{addr: "8080", path: "/healthz", wantErr: "missing port"},
	}
	for _, tt := range tests {
		got, err := probeURL(tt.addr, tt.path)
		if tt.wantErr != "" {
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("probeURL(%q) error = %v, want %q", tt.addr, err, tt.wantErr)
			}
			continue
		}
		if err != nil || got != tt.want {
			t.Errorf("probeURL(%q, %q) = %q, %v; want %q", tt.addr, tt.path, got, err, tt.want)
		}
	}
}

// healthcheck succeeds on 200 only, and reads SUPPORTBOT_ADDR as serve
// does.
func TestHealthcheckCommand(t *testing.T) {
	status := http.StatusOK
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/healthz" {
			http.NotFound(w, r)
			return
		}
		w.WriteHeader(status)
	}))
	defer srv.Close()
	addr := strings.TrimPrefix(srv.URL, "http://")
	tests := []struct {
		name   string
		status int
		env    string
		args   []string
		ok     bool
	}{
		{name: "healthy", status: http.StatusOK, args: []string{"--addr", addr}, ok: true},
		{name: "address from the environment", status: http.StatusOK, env: addr, ok: true},
		{name: "unhealthy", status: http.StatusServiceUnavailable, args: []string{"--addr", addr}},
		{name: "another path", status: http.StatusOK, args: []string{"--addr", addr, "--path", "/readyz"}},
		{name: "nobody listening", status: http.StatusOK, args: []string{"--addr", "127.0.0.1:1"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			status = tt.status
			var stdout, stderr bytes.Buffer
			c := &HealthcheckCommand{Stdout: &stdout, Stderr: &stderr, Getenv: func(k string) string {
				if k == "SUPPORTBOT_ADDR" {
					return tt.env
				}
				return ""
			}}
			err := c.Run(context.Background(), tt.args)
			if tt.ok && err != nil {
				t.Errorf("healthcheck failed: %v", err)
			}
			if !tt.ok && err == nil {
				t.Errorf("healthcheck passed; printed %q", stdout.String())
			}
		})
	}
}
