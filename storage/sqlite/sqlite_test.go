package sqlite

import (
	"bytes"
	"context"
	"database/sql"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"supportbot/storage"
)

// testNow is the fixed clock of the tests.
var testNow = time.Date(2025, 3, 15, 9, 0, 0, 0, time.UTC)

// mustOpen opens a fresh database file in a temporary directory, with the
// clock fixed at testNow.
func mustOpen(tb testing.TB) *DB {
	tb.Helper()
	return mustOpenPath(tb, filepath.Join(tb.TempDir(), "test.db"))
}

func mustOpenPath(tb testing.TB, path string) *DB {
	tb.Helper()
	db, err := Open(context.Background(), path)
	if err != nil {
		tb.Fatalf("Open(%s): %v", path, err)
	}
	db.Now = func() time.Time { return testNow }
	tb.Cleanup(func() { db.Close() })
	return db
}

// mustDecode reads an import file from testdata.
func mustDecode(tb testing.TB, path string) *storage.ImportFile {
	tb.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		tb.Fatal(err)
	}
	f, err := storage.DecodeImport(bytes.NewReader(data))
	if err != nil {
		tb.Fatalf("DecodeImport(%s): %v", path, err)
	}
	return f
}

// mustSeed opens a database holding testdata/seed.json.
func mustSeed(tb testing.TB) *DB {
	tb.Helper()
	db := mustOpen(tb)
	if _, err := db.Import(context.Background(), mustDecode(tb, "testdata/seed.json")); err != nil {
		tb.Fatalf("import seed: %v", err)
	}
	return db
}

func mustOrder(tb testing.TB, db *DB, number string) storage.Order {
	tb.Helper()
	o, err := db.OrderByNumber(context.Background(), number)
	if err != nil {
		tb.Fatalf("OrderByNumber(%q): %v", number, err)
	}
	return o
}

// dump writes every row of every table, in rowid order, so that two states
// of a database can be compared exactly.
func dump(tb testing.TB, db *DB) string {
	tb.Helper()
	ctx := context.Background()
	rows, err := db.read.QueryContext(ctx, `SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name`)
	if err != nil {
		tb.Fatal(err)
	}
	var tables []string
	for rows.Next() {
		var name string
		if err := rows.Scan(&name); err != nil {
			tb.Fatal(err)
		}
		tables = append(tables, name)
	}
	rows.Close()
	var b strings.Builder
	for _, table := range tables {
		fmt.Fprintf(&b, "== %s\n", table)
		dumpTable(tb, db.read, table, &b)
	}
	return b.String()
}

func dumpTable(tb testing.TB, q *sql.DB, table string, b *strings.Builder) {
	tb.Helper()
	rows, err := q.Query(`SELECT * FROM "` + table + `" ORDER BY rowid`)
	if err != nil {
		// Tables without rowid are ordered by their primary key.
		rows, err = q.Query(`SELECT * FROM "` + table + `"`)
		if err != nil {
			tb.Fatal(err)
		}
	}
	defer rows.Close()
	cols, _ := rows.Columns()
	vals := make([]any, len(cols))
	ptrs := make([]any, len(cols))
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	for rows.Next() {
		if err := rows.Scan(ptrs...); err != nil {
			tb.Fatal(err)
		}
		for i, v := range vals {
			if bs, ok := v.([]byte); ok {
				v = string(bs)
			}
			fmt.Fprintf(b, "%s=%v ", cols[i], v)
		}
		b.WriteString("\n")
	}
	if err := rows.Err(); err != nil {
		tb.Fatal(err)
	}
}

func TestOpenMigratesOnce(t *testing.T) {
	path := filepath.Join(t.TempDir(), "shop.db")
	db := mustOpenPath(t, path)
	db.Close()
	db = mustOpenPath(t, path)
	var names []string
	rows, err := db.read.Query(`SELECT name FROM schema_migrations ORDER BY name`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var n string
		rows.Scan(&n)
		names = append(names, n)
	}
	files, err := fs.Glob(migrationFS, "migrations/*.sql")
	if err != nil {
		t.Fatal(err)
	}
	if got, want := strings.Join(names, ","), strings.Join(files, ","); got != want || len(files) < 2 {
		t.Errorf("schema_migrations = %q, want %q", got, want)
	}
	var mode string
	if err := db.write.QueryRow(`PRAGMA journal_mode`).Scan(&mode); err != nil || mode != "wal" {
		t.Errorf("journal_mode = %q, %v; want wal", mode, err)
	}
	var fk int
	if err := db.read.QueryRow(`PRAGMA foreign_keys`).Scan(&fk); err != nil || fk != 1 {
		t.Errorf("foreign_keys on the read pool = %d, %v; want 1", fk, err)
	}
	if err := db.Ping(context.Background()); err != nil {
		t.Errorf("Ping() = %v", err)
	}
}

func TestOpenPathWithSpecialCharacters(t *testing.T) {
	path := filepath.Join(t.TempDir(), "my shop?#%.db")
	db := mustOpenPath(t, path)
	if _, err := db.MarkProcessed(context.Background(), "test", "1"); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(path); err != nil {
		t.Errorf("database file not at %q: %v", path, err)
	}
}

func TestOpenMemory(t *testing.T) {
	db := mustOpenPath(t, ":memory:")
	ctx := context.Background()
	if _, err := db.Import(ctx, mustDecode(t, "testdata/seed.json")); err != nil {
		t.Fatal(err)
	}
	if n, err := db.CountOrders(ctx); err != nil || n != 4 {
		t.Errorf("CountOrders() = %d, %v; want 4", n, err)
	}
}

func TestNewRef(t *testing.T) {
	seen := make(map[string]bool)
	for range 1000 {
		r := newRef("RA-")
		if len(r) != 11 || !strings.HasPrefix(r, "RA-") || strings.Trim(r[3:], refAlphabet) != "" {
			t.Fatalf("newRef = %q, want RA- and 8 characters of %s", r, refAlphabet)
		}
		if seen[r] {
			t.Fatalf("newRef repeated %q", r)
		}
		seen[r] = true
	}
}
