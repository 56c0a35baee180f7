package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"time"
)

// HealthcheckCommand is "supportbot healthcheck": it asks a running
// server's /healthz and exits non-zero unless it answers 200. A container
// image uses it as its HEALTHCHECK, so that the image needs no curl or
// wget.
type HealthcheckCommand struct {
	Stdout io.Writer
	Stderr io.Writer
	// Getenv reads SUPPORTBOT_ADDR; os.Getenv when nil.
	Getenv func(string) string
}

// Run runs the check once.
func (c *HealthcheckCommand) Run(ctx context.Context, args []string) error {
	getenv := c.Getenv
	if getenv == nil {
		getenv = os.Getenv
	}
	fs := flag.NewFlagSet("supportbot healthcheck", flag.ContinueOnError)
	fs.SetOutput(c.Stderr)
	addr := fs.String("addr", envOr(getenv, "SUPPORTBOT_ADDR", "127.0.0.1:8080"),
		"the server's listen address, as given to serve (env SUPPORTBOT_ADDR); an unspecified host (0.0.0.0, [::]) means this machine")
	path := fs.String("path", "/healthz", "the probe to ask: /healthz (the process serves) or /readyz (ready for work)")
	timeout := fs.Duration("timeout", 5*time.Second, "give up after this long")
	fs.Usage = func() {
		fmt.Fprintln(c.Stderr, "Usage: supportbot healthcheck [--addr HOST:PORT] [--path /healthz] [--timeout 5s]")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		fs.Usage()
		return fmt.Errorf("healthcheck: unexpected argument %q", fs.Arg(0))
	}
	target, err := probeURL(*addr, *path)
	if err != nil {
		return fmt.Errorf("healthcheck: %w", err)
	}
	ctx, cancel := context.WithTimeout(ctx, *timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, target, nil)
	if err != nil {
		return fmt.Errorf("healthcheck: %w", err)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return fmt.Errorf("healthcheck: %w", err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("healthcheck: %s answered %s", target, resp.Status)
	}
	fmt.Fprintf(c.Stdout, "%s: %s\n", target, resp.Status)
	return nil
}

// probeURL is the URL of path on the server listening at addr. A listen
// address with no host or an unspecified one is reached on the loopback
// of the same family.
func probeURL(addr, path string) (string, error) {
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return "", fmt.Errorf("--addr %q: %w", addr, err)
	}
	if ip := net.ParseIP(host); host == "" || ip != nil && ip.IsUnspecified() {
		host = "127.0.0.1"
		if ip != nil && ip.To4() == nil {
			host = "::1"
		}
	}
	if len(path) == 0 || path[0] != '/' {
		path = "/" + path
	}
	return "http://" + net.JoinHostPort(host, port) + path, nil
}
