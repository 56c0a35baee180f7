package main

import (
	"bytes"
	"context"
	"os/exec"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

func TestReadBuildInfo(t *testing.T) {
	stamped := &debug.BuildInfo{
		GoVersion: "go1.26.8",
		Main:      debug.Module{Path: "supportbot", Version: "v0.0.0-20261203172807-74cc0afa757a+dirty"},
		Settings: []debug.BuildSetting{
			{Key: "vcs", Value: "git"},
			{Key: "vcs.revision", Value: "74cc0afa757a5ef6ff6404f88ebc463d23f4a26a"},
			{Key: "vcs.time", Value: "2026-12-03T17:28:07Z"},
			{Key: "vcs.modified", Value: "true"},
		},
	}
	platform := runtime.GOOS + "/" + runtime.GOARCH
	tests := []struct {
		name                string
		info                *debug.BuildInfo
		versionX, revisionX string
		want                buildInfo
	}{
		{
			name: "stamped by the go command",
			info: stamped,
			want: buildInfo{Version: "v0.0.0-20261203172807-74cc0afa757a+dirty", Revision: "74cc0afa757a5ef6ff6404f88ebc463d23f4a26a",
				Time: "2026-12-03T17:28:07Z", Modified: "true", GoVersion: "go1.26.8", Platform: platform},
		},
		{
			name: "-X wins",
			info: stamped, versionX: "v1.4.0", revisionX: "abc123",
			want: buildInfo{Version: "v1.4.0", Revision: "abc123", Time: "2026-12-03T17:28:07Z", Modified: "true",
				GoVersion: "go1.26.8", Platform: platform},
		},
		{
			name: "no build information",
			want: buildInfo{Version: "(devel)", GoVersion: runtime.Version(), Platform: platform},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			read := func() (*debug.BuildInfo, bool) { return tt.info, tt.info != nil }
			got := readBuildInfo(read, tt.versionX, tt.revisionX)
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("readBuildInfo (-want +got):\n%s", diff)
			}
		})
	}
}

// "supportbot --version" and "supportbot version" print the same, with the
// Go version the binary was built with.
func TestVersionCommand(t *testing.T) {
	var outs []string
	for _, arg := range []string{"--version", "version"} {
		var stdout, stderr bytes.Buffer
		if err := run(context.Background(), []string{arg}, nil, &stdout, &stderr); err != nil {
			t.Fatalf("%s: %v", arg, err)
		}
		outs = append(outs, stdout.String())
	}
	if outs[0] != outs[1] {
		t.Errorf("--version and version differ:\n%s\n%s", outs[0], outs[1])
	}
	if !strings.HasPrefix(outs[0], "supportbot ") || !strings.Contains(outs[0], runtime.Version()) {
		t.Errorf("version output lacks the name or the Go version:\n%s", outs[0])
	}
}

// The release build's -ldflags -X reach --version. The build has no VCS
// stamp, as in the container build (-buildvcs=false, no .git).
func TestVersionLinkFlags(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary; skipped with -short")
	}
	bin := filepath.Join(t.TempDir(), "supportbot")
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	build := exec.CommandContext(ctx, "go", "build", "-buildvcs=false", "-o", bin,
		"-ldflags", "-X main.version=v9.8.7 -X main.revision=feedface", ".")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	out, err := exec.CommandContext(ctx, bin, "--version").CombinedOutput()
	if err != nil {
		t.Fatalf("--version: %v\n%s", err, out)
	}
	for _, want := range []string{"supportbot v9.8.7\n", "revision  feedface\n", "go        " + runtime.Version()} {
		if !strings.Contains(string(out), want) {
			t.Errorf("--version lacks %q:\n%s", want, out)
		}
	}
	// Without a VCS stamp, whether the tree was modified is unknown, and
	// not printed as false.
	if strings.Contains(string(out), "modified") {
		t.Errorf("--version claims to know about modifications:\n%s", out)
	}
}
