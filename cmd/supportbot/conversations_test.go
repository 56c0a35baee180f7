package main

import (
	"bytes"
	"context"
	"path/filepath"
	"testing"
)

// TestConversations runs the conversation tests in testdata/conversations,
// as "supportbot test" does, each against a fresh store.
func TestConversations(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("testdata", "conversations", "*.txt"))
	if err != nil {
		t.Fatal(err)
	}
	if len(files) == 0 {
		t.Fatal("no conversation tests found")
	}
	base, err := loadConfig("")
	if err != nil {
		t.Fatal(err)
	}
	clock := &testClock{}
	brains := map[string]*brain{}
	for _, name := range files {
		t.Run(filepath.Base(name), func(t *testing.T) {
			var out bytes.Buffer
			c := &TestCommand{Stdout: &out, Stderr: &out}
			ok, err := c.runFile(context.Background(), name, base, "", clock, brains)
			if err != nil {
				t.Fatalf("%v\n%s", err, out.String())
			}
			if !ok {
				t.Errorf("\n%s", out.String())
			}
		})
	}
}

// The command prints one line per file and fails when one fails.
func TestTestCommand(t *testing.T) {
	var out bytes.Buffer
	c := &TestCommand{Stdout: &out, Stderr: &out}
	good := filepath.Join("testdata", "conversations", "track_en.txt")
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
