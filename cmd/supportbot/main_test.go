package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"sync"
	"testing"

	"supportbot/storage/postgres/pgtest"
)

// pg is the PostgreSQL server of this test binary, started by the first
// test that needs one (most tests here don't), stopped by TestMain.
var pg struct {
	once sync.Once
	srv  *pgtest.Server
	err  error
}

func TestMain(m *testing.M) {
	code := m.Run()
	if pg.srv != nil {
		if err := pg.srv.Stop(); err != nil {
			fmt.Fprintf(os.Stderr, "stop PostgreSQL: %v\n", err)
		}
	}
	os.Exit(code)
}

// postgresDatabase returns the URL of a new, empty PostgreSQL database,
// or skips the test where PostgreSQL is not installed (fails it under
// SUPPORTBOT_REQUIRE_POSTGRES=1, as in CI).
func postgresDatabase(t testing.TB) string {
	t.Helper()
	pg.once.Do(func() { pg.srv, pg.err = pgtest.Start(context.Background()) })
	switch {
	case errors.Is(pg.err, pgtest.ErrNoPostgres) && !pgtest.Required():
		t.Skipf("skipping: %v", pg.err)
	case pg.err != nil:
		t.Fatalf("start PostgreSQL: %v", pg.err)
	}
	return pg.srv.NewDatabase(t, "")
}
