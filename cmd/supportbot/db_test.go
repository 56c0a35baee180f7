package main

import (
	"flag"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// --db wins over SUPPORTBOT_DB, which wins over supportbot.db (SPEC §9).
func TestDatabasePrecedence(t *testing.T) {
	tests := []struct {
		name    string
		args    []string
		env     string
		want    string
		wantErr bool
	}{
		{"neither", nil, "", "supportbot.db", false},
		{"environment", nil, "postgres://bot@db.internal/shop?sslmode=disable", "postgres://bot@db.internal/shop?sslmode=disable", false},
		{"flag", []string{"--db", "shop.db"}, "", "shop.db", false},
		{"flag over environment", []string{"--db", "shop.db"}, "/var/lib/other.db", "shop.db", false},
		{"URL flag over environment", []string{"--db=postgresql://bot@h/shop"}, "x.db", "postgresql://bot@h/shop", false},
		{"empty flag refused", []string{"--db", ""}, "x.db", "", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fs := flag.NewFlagSet("test", flag.ContinueOnError)
			fs.SetOutput(io.Discard)
			flagged := dbFlag(fs)
			if err := fs.Parse(tt.args); err != nil {
				t.Fatal(err)
			}
			getenv := func(k string) string {
				if k == dbEnv {
					return tt.env
				}
				return ""
			}
			got, err := database(fs, *flagged, getenv)
			if (err != nil) != tt.wantErr || got != tt.want {
				t.Errorf("database() = %q, %v; want %q (error %v)", got, err, tt.want, tt.wantErr)
			}
		})
	}
}

// The commands read SUPPORTBOT_DB from the process environment: import
// writes into the database it names, and --db still overrides it.
func TestImportCommandDatabaseFromEnvironment(t *testing.T) {
	dir := t.TempDir()
	fromEnv, fromFlag := filepath.Join(dir, "env.db"), filepath.Join(dir, "flag.db")
	t.Setenv(dbEnv, fromEnv)
	if _, _, err := runImport(t, "testdata/import/shop.json"); err != nil {
		t.Fatal(err)
	}
	if n := countOrders(t, fromEnv); n != 5 {
		t.Errorf("orders in $%s's database = %d, want 5", dbEnv, n)
	}
	if _, err := os.Stat(defaultDB); err == nil {
		t.Errorf("%s was created in the working folder despite $%s", defaultDB, dbEnv)
	}
	if _, _, err := runImport(t, "--db", fromFlag, "testdata/import/shop.json"); err != nil {
		t.Fatal(err)
	}
	if n := countOrders(t, fromFlag); n != 5 {
		t.Errorf("orders in --db's database = %d, want 5", n)
	}
}

// A PostgreSQL URL selects PostgreSQL: one that nothing answers fails
// with an error that never shows the URL's password.
func TestPostgresURLUnreachable(t *testing.T) {
	_, _, err := runImport(t, "--db", "postgres://bot:s3cret@127.0.0.1:1/shop?sslmode=disable", "testdata/import/shop.json")
	if err == nil || !strings.Contains(err.Error(), "127.0.0.1") {
		t.Fatalf("import to an unreachable PostgreSQL URL = %v, want an error naming the server", err)
	}
	if strings.Contains(err.Error(), "s3cret") {
		t.Errorf("error %q shows the password", err)
	}
}
