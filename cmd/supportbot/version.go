package main

import (
	"fmt"
	"io"
	"runtime"
	"runtime/debug"
	"strings"

	"github.com/prometheus/client_golang/prometheus"
)

// version and revision, when set at link time, replace what the build
// information says. A build from a source tree without its .git folder (a
// container build, a release tarball) has no VCS stamp, so the release
// script gives them:
//
//	go build -ldflags "-X main.version=v1.4.0 -X main.revision=$(git rev-parse HEAD)" ./cmd/supportbot
//
// They are package variables only because -X can set nothing else; nothing
// writes them at run time.
var (
	version  string
	revision string
)

// buildInfo is what "supportbot --version" prints: which code this binary
// is, for an operator's bug report.
type buildInfo struct {
	Version   string // module version, or the -X override
	Revision  string // VCS commit
	Time      string // VCS commit time, RFC 3339
	Modified  string // "true": built from a tree with uncommitted changes; "" unknown
	GoVersion string
	Platform  string // GOOS/GOARCH
}

// readBuildInfo gathers the binary's build information; read is
// debug.ReadBuildInfo outside tests. The -X values win over the stamped
// ones.
func readBuildInfo(read func() (*debug.BuildInfo, bool), versionX, revisionX string) buildInfo {
	b := buildInfo{Version: "(devel)", GoVersion: runtime.Version(), Platform: runtime.GOOS + "/" + runtime.GOARCH}
	if info, ok := read(); ok {
		if info.Main.Version != "" {
			b.Version = info.Main.Version
		}
		if info.GoVersion != "" {
			b.GoVersion = info.GoVersion
		}
		for _, s := range info.Settings {
			switch s.Key {
			case "vcs.revision":
				b.Revision = s.Value
			case "vcs.time":
				b.Time = s.Value
			case "vcs.modified":
				b.Modified = s.Value
			}
		}
	}
	if versionX != "" {
		b.Version = versionX
	}
	if revisionX != "" {
		b.Revision = revisionX
	}
	return b
}

// binaryBuildInfo is this process's build information.
func binaryBuildInfo() buildInfo {
	return readBuildInfo(debug.ReadBuildInfo, version, revision)
}

// write prints the information, one fact a line; unknown facts are left
// out rather than printed empty.
func (b buildInfo) write(w io.Writer) error {
	var s strings.Builder
	fmt.Fprintf(&s, "supportbot %s\n", b.Version)
	if b.Revision != "" {
		fmt.Fprintf(&s, "  revision  %s\n", b.Revision)
	}
	if b.Time != "" {
		fmt.Fprintf(&s, "  time      %s\n", b.Time)
	}
	if b.Modified != "" {
		fmt.Fprintf(&s, "  modified  %s\n", b.Modified)
	}
	fmt.Fprintf(&s, "  go        %s %s\n", b.GoVersion, b.Platform)
	_, err := io.WriteString(w, s.String())
	return err
}

// collector exports the build information as the metric
// supportbot_build_info, always 1, so that a dashboard shows which
// release each replica runs.
func (b buildInfo) collector() prometheus.Collector {
	g := prometheus.NewGaugeVec(prometheus.GaugeOpts{
		Name: "supportbot_build_info",
		Help: "Build information of the running binary; always 1.",
	}, []string{"version", "revision", "goversion"})
	g.WithLabelValues(b.Version, b.Revision, b.GoVersion).Set(1)
	return g
}
