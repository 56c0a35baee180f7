package main

import (
	"bytes"
	"context"
	"path/filepath"
	"testing"
)

// The command prints one line per file and fails when one fails.
func TestTestCommand(t *testing.T) {
	var out bytes.Buffer
	c := &TestCommand{Stdout: &out, Stderr: &out}
	good := filepath.Join("..", "..", "bot", "testdata", "conversations", "track_en.txt")
	if err := c.Run(context.Background(), []string{good}); err != nil {
		t.Fatalf("Run(%s) = %v\n%s", good, err, out.String())
	}
	if got := out.String(); !bytes.HasPrefix([]byte(got), []byte("ok   "+good)) {
		t.Errorf("output = %q, want a line starting with %q", got, "ok   "+good)
	}
	out.Reset()
	bad := filepath.Join("testdata", "scripts", "failing.txt")
	if err := c.Run(context.Background(), []string{good, bad}); err == nil {
		t.Fatalf("Run with a failing file succeeded\n%s", out.String())
	}
	if !bytes.Contains(out.Bytes(), []byte("FAIL "+bad)) {
		t.Errorf("output does not report the failing file:\n%s", out.String())
	}
}
