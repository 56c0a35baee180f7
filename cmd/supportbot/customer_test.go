package main

import (
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"supportbot/storage"
	"supportbot/storage/backend"
	"supportbot/storage/demo"
)

// seedCustomerDB makes a database with the demo shop and, for Sophie, a
// verified web conversation 100 days old and another from today.
func seedCustomerDB(t *testing.T) string {
	t.Helper()
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "shop.db")
	db, err := backend.Open(ctx, path, backend.Config{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Import(ctx, demo.Shop(time.Now())); err != nil {
		t.Fatal(err)
	}
	sophie, err := db.CustomerByEmail(ctx, "sophie.laurent@example.fr")
	if err != nil {
		t.Fatal(err)
	}
	old := time.Now().AddDate(0, 0, -100)
	for _, c := range []struct {
		id string
		at time.Time
	}{{"web:old-conversation-0001", old}, {"web:new-conversation-0001", time.Now()}} {
		conv := storage.Conversation{ID: c.id, Channel: "web", CustomerID: sophie.ID, CreatedAt: c.at, UpdatedAt: c.at}
		msgs := []storage.Message{{From: storage.FromCustomer, Text: "j'habite 3 rue des Lilas", At: c.at}}
		if _, err := db.SaveTurn(ctx, conv, msgs); err != nil {
			t.Fatal(err)
		}
	}
	if err := db.RecordVerification(ctx, storage.VerificationAttempt{ConversationID: "web:x", OrderKey: "order:OP1",
		EmailKey: storage.EmailKey("sophie.laurent@example.fr"), At: old}); err != nil {
		t.Fatal(err)
	}
	return path
}

// Issue 11, finding 6: "customer export" prints everything held about a
// customer as JSON; "customer erase" removes it and keeps the orders'
// totals; the program's own binary does both.
func TestCustomerExportAndErase(t *testing.T) {
	path := seedCustomerDB(t)
	out, err := runBinary(t, nil, "customer", "export", "--db", path, "Sophie.Laurent@example.fr")
	if err != nil {
		t.Fatalf("export: %v\n%s", err, out)
	}
	var f exportFile
	if err := json.Unmarshal([]byte(out), &f); err != nil {
		t.Fatalf("export is not JSON: %v\n%s", err, out)
	}
	if f.Customer.Name != "Sophie Laurent" || len(f.Orders) == 0 || len(f.Conversations) != 2 ||
		len(f.VerificationAttempts) != 1 || !strings.Contains(out, "3 rue des Lilas") {
		t.Errorf("export lacks data:\n%s", out)
	}
	out, err = runBinary(t, nil, "customer", "erase", "--db", path, "sophie.laurent@example.fr")
	if err != nil || !strings.Contains(out, "2 conversations (2 messages)") {
		t.Fatalf("erase: %v\n%s", err, out)
	}
	if out, err := runBinary(t, nil, "customer", "export", "--db", path, "sophie.laurent@example.fr"); err == nil ||
		!strings.Contains(out, "no customer with this e-mail") {
		t.Errorf("export after erasure: %v\n%s", err, out)
	}
	db, err := backend.Open(context.Background(), path, backend.Config{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	o, err := db.OrderByNumber(context.Background(), "OP-100701")
	if err != nil || o.TotalCents == 0 || len(o.Items) == 0 || strings.Contains(o.Email, "sophie") {
		t.Errorf("order after erasure: %+v, %v", o, err)
	}
	for _, args := range [][]string{{"customer"}, {"customer", "erase"}, {"customer", "export", "not-an-email"}} {
		if out, err := runBinary(t, nil, args...); err == nil {
			t.Errorf("%v accepted:\n%s", args, out)
		}
	}
}

// Issue 11, finding 6: serve purges what is older than the retention
// settings in the background, from its start.
func TestServePurgesOldRecords(t *testing.T) {
	path := seedCustomerDB(t)
	p := startBinary(t, nil, "--db", path)
	db, err := backend.Open(context.Background(), path, backend.Config{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	deadline := time.Now().Add(10 * time.Second)
	for {
		_, errOld := db.Conversation(context.Background(), "web:old-conversation-0001")
		_, errNew := db.Conversation(context.Background(), "web:new-conversation-0001")
		if errors.Is(errOld, storage.ErrNotFound) && errNew == nil {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("after 10 s: old conversation %v, new one %v; want the old one purged\n%s", errOld, errNew, p.stderr.String())
		}
		time.Sleep(100 * time.Millisecond)
	}
	// The log line follows the commit that the loop above saw.
	logged := func() bool { return strings.Contains(p.stderr.String(), "retention purge") }
	for wait := time.Now().Add(5 * time.Second); !logged() && time.Now().Before(wait); {
		time.Sleep(20 * time.Millisecond)
	}
	if !logged() {
		t.Errorf("the purge is not logged:\n%s", p.stderr.String())
	}
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if fi.Mode().Perm() != 0o600 {
		t.Errorf("database mode %o, want 600", fi.Mode().Perm())
	}
}
