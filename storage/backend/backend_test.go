package backend_test

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"supportbot/storage"
	"supportbot/storage/backend"
	"supportbot/storage/storetest"
)

// The product's contract and the conformance suite's are one method set:
// each converts to the other.
var (
	_ storetest.Store = backend.Store(nil)
	_ backend.Store   = storetest.Store(nil)
)

func TestIsPostgres(t *testing.T) {
	tests := []struct {
		dsn  string
		want bool
	}{
		{"postgres://bot@db:5432/shop?sslmode=require", true},
		{"postgresql://bot@db/shop", true},
		{"POSTGRES://bot@db/shop", true},
		{"supportbot.db", false},
		{"/var/lib/supportbot/shop.db", false},
		{"postgres.db", false},
		{"./postgres://x", false},
		{"file:shop.db", false},
		{"mysql://bot@db/shop", false},
		{"", false},
	}
	for _, tt := range tests {
		if got := backend.IsPostgres(tt.dsn); got != tt.want {
			t.Errorf("IsPostgres(%q) = %v, want %v", tt.dsn, got, tt.want)
		}
	}
}

func TestDescribe(t *testing.T) {
	tests := []struct{ dsn, want string }{
		{"shop.db", "shop.db"},
		{"postgres://bot:s3cret@db:5432/shop?sslmode=require&password=x", "postgres://bot@db:5432/shop"},
		{"postgresql://db/shop", "postgresql://db/shop"},
	}
	for _, tt := range tests {
		if got := backend.Describe(tt.dsn); got != tt.want {
			t.Errorf("Describe(%q) = %q, want %q", tt.dsn, got, tt.want)
		}
	}
}

// A PostgreSQL URL opens PostgreSQL: one that nothing answers fails, and
// the error never shows the password.
func TestOpenPostgresUnreachable(t *testing.T) {
	for _, dsn := range []string{"postgres://bot:s3cret@127.0.0.1:1/shop", "postgresql://bot:s3cret@127.0.0.1:1/shop?sslmode=disable"} {
		db, err := backend.Open(context.Background(), dsn, backend.Config{})
		if err == nil || db != nil {
			t.Errorf("Open(%q) = %v, %v; want an error", dsn, db, err)
		}
		if err != nil && strings.Contains(err.Error(), "s3cret") {
			t.Errorf("error %q shows the password", err)
		}
	}
}

func TestOpenEmpty(t *testing.T) {
	if _, err := backend.Open(context.Background(), "", backend.Config{}); err == nil {
		t.Error("Open(\"\") succeeded")
	}
}

// A file path opens SQLite, with the clock given.
func TestOpenSQLite(t *testing.T) {
	ctx := context.Background()
	at := time.Date(2025, 3, 15, 9, 0, 0, 0, time.UTC)
	path := filepath.Join(t.TempDir(), "shop.db")
	db, err := backend.Open(ctx, path, backend.Config{Now: func() time.Time { return at }})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if err := db.Enqueue(ctx, []storage.OutboxMessage{{Channel: "telegram", Recipient: "1", Kind: storage.OutboxReply, Payload: "{}"}}); err != nil {
		t.Fatal(err)
	}
	msgs, err := db.OutboxMessages(ctx, "telegram")
	if err != nil || len(msgs) != 1 || !msgs[0].CreatedAt.Equal(at) {
		t.Errorf("OutboxMessages = %+v, %v; want one stamped %v by the clock given", msgs, err, at)
	}
	if err := db.Ping(ctx); err != nil {
		t.Errorf("Ping = %v", err)
	}
}
