package postgres

import (
	"bytes"
	"context"
	"fmt"
	"io/fs"
	"os"
	"strings"
	"testing"
	"time"

	"supportbot/storage"
	"supportbot/storage/postgres/pgtest"
)

// server is the PostgreSQL server of this test binary; nil without one.
var server *pgtest.Server

func TestMain(m *testing.M) {
	if os.Getenv(crashEnv) != "" {
		// The crash child uses its parent's server.
		os.Exit(m.Run())
	}
	pgtest.Main(m, &server)
}

// template is the migrated database every test database copies.
const template = "supportbot_template"

// testNow is the fixed clock of the tests.
var testNow = time.Date(2025, 3, 15, 9, 0, 0, 0, time.UTC)

// newDatabase returns the URL of a new migrated database.
func newDatabase(tb testing.TB) string {
	tb.Helper()
	if server != nil {
		err := server.Template(context.Background(), template, func(url string) error {
			db, err := Open(context.Background(), url)
			if err != nil {
				return err
			}
			return db.Close()
		})
		if err != nil {
			tb.Fatal(err)
		}
	}
	return server.NewDatabase(tb, template)
}

// mustOpen opens a new database, with the clock fixed at testNow.
func mustOpen(tb testing.TB) *DB {
	tb.Helper()
	return mustOpenURL(tb, newDatabase(tb))
}

func mustOpenURL(tb testing.TB, url string) *DB {
	tb.Helper()
	db, err := Open(context.Background(), url)
	if err != nil {
		tb.Fatalf("Open: %v", err)
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

// dump writes every row of every table, in a fixed order, so that two
// states of a database can be compared exactly.
func dump(tb testing.TB, db *DB) string {
	tb.Helper()
	ctx := context.Background()
	rows, err := db.pool.Query(ctx, `SELECT table_name FROM information_schema.tables
		WHERE table_schema = 'public' ORDER BY table_name`)
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
		rows, err := db.pool.Query(ctx, `SELECT * FROM "`+table+`" AS t ORDER BY t::text`)
		if err != nil {
			tb.Fatal(err)
		}
		cols := rows.FieldDescriptions()
		for rows.Next() {
			vals, err := rows.Values()
			if err != nil {
				tb.Fatal(err)
			}
			for i, v := range vals {
				if bs, ok := v.([]byte); ok {
					v = string(bs)
				}
				if t, ok := v.(time.Time); ok {
					v = t.UTC().Format(time.RFC3339Nano)
				}
				fmt.Fprintf(&b, "%s=%v ", cols[i].Name, v)
			}
			b.WriteString("\n")
		}
		if err := rows.Err(); err != nil {
			tb.Fatal(err)
		}
		rows.Close()
	}
	return b.String()
}

func countRows(tb testing.TB, db *DB, table string) int {
	tb.Helper()
	var n int
	if err := db.pool.QueryRow(context.Background(), `SELECT COUNT(*) FROM `+table).Scan(&n); err != nil {
		tb.Fatal(err)
	}
	return n
}

func TestOpenMigratesOnce(t *testing.T) {
	url := newDatabase(t)
	db := mustOpenURL(t, url)
	db.Close()
	db = mustOpenURL(t, url)
	rows, err := db.pool.Query(context.Background(), `SELECT name FROM schema_migrations ORDER BY name`)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for rows.Next() {
		var n string
		rows.Scan(&n)
		names = append(names, n)
	}
	rows.Close()
	files, err := fs.Glob(migrationFS, "migrations/*.sql")
	if err != nil {
		t.Fatal(err)
	}
	if got, want := strings.Join(names, ","), strings.Join(files, ","); got != want || len(files) < 1 {
		t.Errorf("schema_migrations = %q, want %q", got, want)
	}
	if err := db.Ping(context.Background()); err != nil {
		t.Errorf("Ping() = %v", err)
	}
}

// Replicas starting at once on an empty database migrate it once: the
// others wait for the advisory lock, then find nothing to do.
func TestOpenConcurrently(t *testing.T) {
	if server == nil {
		newDatabase(t) // skips or fails
	}
	name, err := server.CreateDatabase(context.Background(), "")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { server.DropDatabase(context.Background(), name) })
	url := server.URL(name)
	errs := make(chan error, 4)
	for range 4 {
		go func() {
			db, err := Open(context.Background(), url)
			if err == nil {
				db.Close()
			}
			errs <- err
		}()
	}
	for range 4 {
		if err := <-errs; err != nil {
			t.Errorf("Open: %v", err)
		}
	}
	db := mustOpenURL(t, url)
	files, err := fs.Glob(migrationFS, "migrations/*.sql")
	if err != nil {
		t.Fatal(err)
	}
	// One row per migration: none applied twice.
	if n := countRows(t, db, "schema_migrations"); n != len(files) {
		t.Errorf("schema_migrations rows = %d, want %d", n, len(files))
	}
}

func TestOpenBadURL(t *testing.T) {
	_, err := Open(context.Background(), "postgres://user:secret@[::1")
	if err == nil || strings.Contains(err.Error(), "secret") {
		t.Errorf("Open(bad URL) = %v, want an error that does not show the password", err)
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

func TestIsURL(t *testing.T) {
	for db, want := range map[string]bool{
		"postgres://shop@db/supportbot":   true,
		"postgresql://shop@db/supportbot": true,
		"supportbot.db":                   false,
		"/var/lib/supportbot/postgres.db": false,
		"postgres.db":                     false,
	} {
		if got := IsURL(db); got != want {
			t.Errorf("IsURL(%q) = %v, want %v", db, got, want)
		}
	}
}

// allowUnder returns a rule that allows an attempt while each series of
// failures is under n.
func allowUnder(n int) func(storage.RecentFailures) bool {
	return func(f storage.RecentFailures) bool {
		return len(f.Conversation) < n && len(f.Order) < n && len(f.Email) < n
	}
}
