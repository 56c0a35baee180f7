package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"supportbot/storage/backend"
)

func runImport(t *testing.T, args ...string) (stdout, stderr string, err error) {
	t.Helper()
	var out, errOut bytes.Buffer
	err = (&ImportCommand{Stdout: &out, Stderr: &errOut}).Run(context.Background(), args)
	return out.String(), errOut.String(), err
}

func TestImportCommand(t *testing.T) {
	db := filepath.Join(t.TempDir(), "shop.db")
	stdout, _, err := runImport(t, "--db", db, "testdata/import/shop.json")
	if err != nil {
		t.Fatal(err)
	}
	want := "imported 4 customers (3 new, 1 created from orders), 5 orders (5 new), 2 points adjustments (2 new)\n"
	if stdout != want {
		t.Errorf("first import printed %q, want %q", stdout, want)
	}
	stdout, _, err = runImport(t, "--db", db, "testdata/import/shop.json")
	if err != nil {
		t.Fatal(err)
	}
	want = "imported 3 customers (3 unchanged), 5 orders (5 unchanged), 2 points adjustments (2 already present)\n"
	if stdout != want {
		t.Errorf("second import printed %q, want %q", stdout, want)
	}
	if n := countOrders(t, db); n != 5 {
		t.Errorf("orders after two imports = %d, want 5", n)
	}
}

func TestImportCommandBadFile(t *testing.T) {
	db := filepath.Join(t.TempDir(), "shop.db")
	if _, _, err := runImport(t, "--db", db, "testdata/import/shop.json"); err != nil {
		t.Fatal(err)
	}
	stdout, _, err := runImport(t, "--db", db, "testdata/import/bad.json")
	if err == nil {
		t.Fatal("importing a bad file succeeded")
	}
	if want := "orders[1] (CL-900002): items[0].quantity: must be at least 1, got -2"; !strings.Contains(err.Error(), want) {
		t.Errorf("error = %q, want it to contain %q", err, want)
	}
	if stdout != "" {
		t.Errorf("stdout = %q, want nothing", stdout)
	}
	if n := countOrders(t, db); n != 5 {
		t.Errorf("orders after a refused import = %d, want 5", n)
	}
}

func TestImportCommandBadFileCreatesNoDatabase(t *testing.T) {
	db := filepath.Join(t.TempDir(), "shop.db")
	if _, _, err := runImport(t, "--db", db, "testdata/import/bad.json"); err == nil {
		t.Fatal("importing a bad file succeeded")
	}
	if _, err := os.Stat(db); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("a refused file created the database: %v", err)
	}
}

func TestImportCommandUsage(t *testing.T) {
	dir := t.TempDir()
	tests := []struct {
		name    string
		args    []string
		wantErr string
		stdout  string
	}{
		{"help", []string{"--help"}, flag.ErrHelp.Error(), "Usage: supportbot import"},
		{"no file", []string{"--db", filepath.Join(dir, "a.db")}, "expected one FILE.json", ""},
		{"two files", []string{"a.json", "b.json"}, "expected one FILE.json", ""},
		{"missing file", []string{"--db", filepath.Join(dir, "b.db"), filepath.Join(dir, "none.json")}, "no such file", ""},
		{"unknown flag", []string{"--dbx", "x"}, "flag provided but not defined", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			stdout, _, err := runImport(t, tt.args...)
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("error = %v, want one containing %q", err, tt.wantErr)
			}
			if !strings.Contains(stdout, tt.stdout) {
				t.Errorf("stdout = %q, want it to contain %q", stdout, tt.stdout)
			}
		})
	}
}

func countOrders(t *testing.T, path string) int {
	t.Helper()
	db, err := backend.Open(context.Background(), path, backend.Config{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	n, err := db.CountOrders(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return n
}
