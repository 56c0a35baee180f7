package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"io"
	"log/slog"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestLogOptions(t *testing.T) {
	tests := []struct {
		name      string
		env       map[string]string
		args      []string
		def       slog.Level
		wantJSON  bool
		wantLevel slog.Level
		wantErr   string // in the error of Parse or of handler
	}{
		{name: "defaults", def: slog.LevelInfo, wantLevel: slog.LevelInfo},
		{name: "the command's own default", def: slog.LevelWarn, wantLevel: slog.LevelWarn},
		{name: "flags", args: []string{"--log-format", "json", "--log-level", "debug"}, wantJSON: true, wantLevel: slog.LevelDebug},
		{name: "any case", args: []string{"--log-format=JSON", "--log-level=Error"}, wantJSON: true, wantLevel: slog.LevelError},
		{name: "environment", env: map[string]string{"SUPPORTBOT_LOG_FORMAT": "json", "SUPPORTBOT_LOG_LEVEL": "warn"},
			wantJSON: true, wantLevel: slog.LevelWarn},
		{name: "a flag wins over the environment", env: map[string]string{"SUPPORTBOT_LOG_LEVEL": "error"},
			args: []string{"--log-level", "debug"}, wantLevel: slog.LevelDebug},
		{name: "a flag replaces a bad variable", env: map[string]string{"SUPPORTBOT_LOG_FORMAT": "xml"},
			args: []string{"--log-format", "text"}, wantLevel: slog.LevelInfo},
		{name: "bad format flag", args: []string{"--log-format", "xml"}, wantErr: `invalid value "xml" for flag -log-format: want text or json`},
		{name: "bad level flag", args: []string{"--log-level", "loud"}, wantErr: `invalid value "loud" for flag -log-level: want debug, info, warn or error`},
		{name: "a level slog would take but we do not", args: []string{"--log-level", "info+2"}, wantErr: "want debug, info, warn or error"},
		{name: "bad format variable", env: map[string]string{"SUPPORTBOT_LOG_FORMAT": "xml"}, wantErr: `SUPPORTBOT_LOG_FORMAT: want text or json, got "xml"`},
		{name: "bad level variable", env: map[string]string{"SUPPORTBOT_LOG_LEVEL": "verbose"}, wantErr: `SUPPORTBOT_LOG_LEVEL: want debug, info, warn or error, got "verbose"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fs := flag.NewFlagSet("test", flag.ContinueOnError)
			fs.SetOutput(io.Discard)
			o := addLogFlags(fs, func(k string) string { return tt.env[k] }, tt.def)
			var out bytes.Buffer
			err := fs.Parse(tt.args)
			var h slog.Handler
			if err == nil {
				h, err = o.handler(fs, &out)
			}
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("error = %v, want one with %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			ctx := context.Background()
			if !h.Enabled(ctx, tt.wantLevel) || h.Enabled(ctx, tt.wantLevel-1) {
				t.Errorf("handler's least level is not %v", tt.wantLevel)
			}
			slog.New(h).Log(ctx, slog.LevelError, "hello", "k", "v")
			line := out.String()
			if gotJSON := json.Valid(out.Bytes()); gotJSON != tt.wantJSON {
				t.Errorf("JSON = %v, want %v: %s", gotJSON, tt.wantJSON, line)
			}
			if !tt.wantJSON && !strings.Contains(line, "msg=hello k=v") {
				t.Errorf("text line = %q", line)
			}
		})
	}
}

// serve --log-format json writes one JSON object a line; chat refuses a
// bad level before it opens anything.
func TestServeLogsJSON(t *testing.T) {
	bin := mustBinary(t)
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, "serve", "--addr", "127.0.0.1:0", "--db", filepath.Join(t.TempDir(), "x.db"),
		"--log-format", "json", "--log-level", "debug")
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer cmd.Wait()
	defer cmd.Process.Kill()
	sc := bufio.NewScanner(stderr)
	var msgs []string
	for sc.Scan() {
		var rec struct {
			Level, Msg, Addr string
		}
		if err := json.Unmarshal(sc.Bytes(), &rec); err != nil {
			t.Fatalf("log line is not JSON: %q", sc.Text())
		}
		msgs = append(msgs, rec.Msg)
		if rec.Msg == "ready" {
			break
		}
	}
	if len(msgs) == 0 || msgs[len(msgs)-1] != "ready" {
		t.Fatalf("serve never logged ready; logged %q", msgs)
	}
	if !strings.Contains(strings.Join(msgs, "|"), "listening") {
		t.Errorf("no listening line in %q", msgs)
	}

	chatDB := filepath.Join(t.TempDir(), "y.db")
	out, err := runBinary(t, []string{"SUPPORTBOT_LOG_LEVEL=chatty"}, "chat", "--db", chatDB)
	if err == nil || !strings.Contains(out, "SUPPORTBOT_LOG_LEVEL") || !strings.Contains(out, "Usage: supportbot chat") {
		t.Errorf("chat with a bad log level: %v\n%s", err, out)
	}
	if _, statErr := os.Stat(chatDB); statErr == nil {
		t.Error("chat opened the database before refusing its options")
	}
}
