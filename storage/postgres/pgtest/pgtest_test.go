package pgtest

import (
	"context"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
)

var server *Server

func TestMain(m *testing.M) { Main(m, &server) }

// Each test database is a copy of the template, with its tables, and
// starts empty of connections; it is gone after the test.
func TestNewDatabase(t *testing.T) {
	ctx := context.Background()
	if server != nil {
		err := server.Template(ctx, "tmpl", func(url string) error {
			conn, err := pgx.Connect(ctx, url)
			if err != nil {
				return err
			}
			defer conn.Close(ctx)
			_, err = conn.Exec(ctx, `CREATE TABLE marker (n int); INSERT INTO marker VALUES (42)`)
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	var name string
	t.Run("copy", func(t *testing.T) {
		start := time.Now()
		url := server.NewDatabase(t, "tmpl")
		t.Logf("database created in %v", time.Since(start))
		conn, err := pgx.Connect(ctx, url)
		if err != nil {
			t.Fatal(err)
		}
		defer conn.Close(ctx)
		var n int
		if err := conn.QueryRow(ctx, `SELECT n FROM marker`).Scan(&n); err != nil || n != 42 {
			t.Errorf("marker = %d, %v; want 42 from the template", n, err)
		}
		if err := conn.QueryRow(ctx, `SELECT current_database()`).Scan(&name); err != nil {
			t.Fatal(err)
		}
	})
	if server == nil {
		return
	}
	conn, err := pgx.Connect(ctx, server.URL("postgres"))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	var n int
	if err := conn.QueryRow(ctx, `SELECT COUNT(*) FROM pg_database WHERE datname = $1`, name).Scan(&n); err != nil || n != 0 {
		t.Errorf("database %s still exists after its test (%d, %v)", name, n, err)
	}
}

func TestBinDir(t *testing.T) {
	dir, err := BinDir()
	if err != nil {
		if Required() {
			t.Fatal(err)
		}
		t.Skip(err)
	}
	if !isExec(dir+"/initdb") || !isExec(dir+"/postgres") {
		t.Errorf("BinDir() = %s, without initdb and postgres", dir)
	}
}

// Without a server, NewDatabase skips the test, saying why.
func TestNewDatabaseWithoutServer(t *testing.T) {
	if Required() {
		t.Skip("under " + RequireEnv + "=1 a missing server fails the test instead")
	}
	var skipped bool
	t.Run("no server", func(t *testing.T) {
		defer func() { skipped = t.Skipped() }()
		var none *Server
		none.NewDatabase(t, "")
		t.Error("NewDatabase returned without a server")
	})
	if !skipped {
		t.Error("the test was not skipped")
	}
}
