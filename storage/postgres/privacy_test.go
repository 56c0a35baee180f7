package postgres

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"supportbot/storage"
)

// seedPrivacy gives Ana a conversation with a hand-off, a ticket with a
// photo, a Telegram link and failed checks; Tom a conversation too.
func seedPrivacy(t *testing.T, db *DB) (ana, tom storage.Customer) {
	t.Helper()
	ctx := context.Background()
	ana, _ = db.CustomerByEmail(ctx, "ana.martin@example.fr")
	tom, _ = db.CustomerByEmail(ctx, "tom.baker@example.com")
	old := testNow.Add(-100 * 24 * time.Hour)
	for _, c := range []struct {
		id   string
		cust int64
		at   time.Time
	}{{"web:ana-old", ana.ID, old}, {"web:ana-new", ana.ID, testNow}, {"web:tom-old", tom.ID, old}} {
		if _, err := db.SaveTurn(ctx, storage.Conversation{ID: c.id, Channel: "web", CustomerID: c.cust, CreatedAt: c.at, UpdatedAt: c.at},
			[]storage.Message{{From: storage.FromCustomer, Text: "mon adresse est 3 rue des Lilas", At: c.at}}); err != nil {
			t.Fatal(err)
		}
	}
	tk, err := db.CreateTicket(ctx, storage.Ticket{Kind: storage.TicketWrongItem, ConversationID: "web:ana-old", CustomerID: ana.ID,
		Summary: "wrong ring", CreatedAt: old, Attachments: []storage.Attachment{{Name: "photo.jpg", Data: []byte("jpeg")}}})
	if err != nil {
		t.Fatal(err)
	}
	h, err := db.CreateHandoff(ctx, storage.Handoff{ConversationID: "web:ana-old", TicketID: tk.ID, CreatedAt: old})
	if err != nil {
		t.Fatal(err)
	}
	h.State, h.ResolvedAt = storage.HandoffResolved, old
	if err := db.UpdateHandoff(ctx, h); err != nil {
		t.Fatal(err)
	}
	if err := db.LinkIdentity(ctx, storage.Identity{Channel: "telegram", UserID: "42", CustomerID: ana.ID}); err != nil {
		t.Fatal(err)
	}
	for _, at := range []time.Time{old, testNow} {
		if err := db.RecordVerification(ctx, storage.VerificationAttempt{ConversationID: "web:guess", OrderKey: "order:X1",
			EmailKey: storage.EmailKey("ana.martin@example.fr"), At: at}); err != nil {
			t.Fatal(err)
		}
	}
	return ana, tom
}

func count(t *testing.T, db *DB, query string, args ...any) int {
	t.Helper()
	var n int
	if err := db.pool.QueryRow(context.Background(), query, args...).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// Issue 11, finding 6: old transcripts, attempts and resolved tickets with
// their attachments are purged; recent ones, and conversations a person
// still has, stay.
func TestPurge(t *testing.T) {
	ctx := context.Background()
	db := mustSeed(t)
	ana, _ := seedPrivacy(t, db)
	// A ticket resolved long ago, another still open.
	tk, _ := db.CreateTicket(ctx, storage.Ticket{Kind: storage.TicketClaim, ConversationID: "web:ana-new", CustomerID: ana.ID})
	db.Now = func() time.Time { return testNow.Add(-400 * 24 * time.Hour) }
	old, _ := db.CreateTicket(ctx, storage.Ticket{Kind: storage.TicketClaim, Attachments: []storage.Attachment{{Name: "a.jpg", Data: []byte("x")}}})
	db.SetTicketStatus(ctx, old.ID, storage.TicketResolved)
	db.Now = func() time.Time { return testNow }
	cut := testNow.Add(-90 * 24 * time.Hour)
	p, err := db.Purge(ctx, storage.Cutoffs{Transcripts: cut, Attempts: cut, Tickets: testNow.Add(-365 * 24 * time.Hour)})
	if err != nil {
		t.Fatal(err)
	}
	// web:tom-old goes; web:ana-old stays, its wrong-item ticket still open.
	if p.Conversations != 1 || p.Messages != 1 || p.Attempts != 1 || p.Tickets != 1 || p.Attachments != 1 {
		t.Errorf("purged %+v, want 1 conversation, 1 message, 1 attempt, 1 ticket, 1 attachment", p)
	}
	if n := count(t, db, `SELECT COUNT(*) FROM conversations WHERE id = 'web:tom-old'`); n != 0 {
		t.Error("an old conversation was kept")
	}
	if n := count(t, db, `SELECT COUNT(*) FROM conversations WHERE id IN ('web:ana-new', 'web:ana-old')`); n != 2 {
		t.Error("a recent conversation, or one with an open ticket, was purged")
	}
	if _, err := db.TicketByID(ctx, tk.ID); err != nil {
		t.Errorf("an open ticket was purged: %v", err)
	}
	// Once the ticket is resolved and old, the conversation goes too.
	db.SetTicketStatus(ctx, 1, storage.TicketResolved)
	if p, err := db.Purge(ctx, storage.Cutoffs{Transcripts: cut}); err != nil || p.Conversations != 1 {
		t.Errorf("second purge = %+v, %v; want web:ana-old", p, err)
	}
}

// Issue 11, finding 6: export gives everything held about a customer;
// erase removes it, keeping the orders' totals and items.
func TestExportAndEraseCustomer(t *testing.T) {
	ctx := context.Background()
	db := mustSeed(t)
	ana, tom := seedPrivacy(t, db)
	d, err := db.ExportCustomer(ctx, "Ana.Martin@example.fr")
	if err != nil {
		t.Fatal(err)
	}
	if d.Customer.ID != ana.ID || len(d.Orders) != 2 || len(d.Conversations) != 2 || len(d.Tickets) != 1 ||
		len(d.Tickets[0].Attachments) != 1 || len(d.Identities) != 1 || len(d.VerificationAttempts) != 2 ||
		len(d.Conversations[0].Messages) != 1 || len(d.Conversations[0].Handoffs) != 1 {
		t.Errorf("export: %d orders, %d conversations, %d tickets, %d identities, %d attempts",
			len(d.Orders), len(d.Conversations), len(d.Tickets), len(d.Identities), len(d.VerificationAttempts))
	}
	totals := map[string]int64{}
	for _, o := range d.Orders {
		totals[o.Number] = o.TotalCents
	}
	e, err := db.EraseCustomer(ctx, "ana.martin@example.fr")
	if err != nil {
		t.Fatal(err)
	}
	if e.Conversations != 2 || e.Tickets != 1 || e.Attachments != 1 || e.Identities != 1 || e.Attempts != 2 || e.OrdersKept != 2 {
		t.Errorf("erased %+v", e)
	}
	if _, err := db.CustomerByEmail(ctx, "ana.martin@example.fr"); !errors.Is(err, storage.ErrNotFound) {
		t.Errorf("the e-mail still finds a customer: %v", err)
	}
	c, _ := db.CustomerByID(ctx, ana.ID)
	if c.Name != "" || c.Phone != "" || c.LoyaltyCard != "" || strings.Contains(c.Email, "ana") {
		t.Errorf("customer after erasure: %+v", c)
	}
	orders, _ := db.OrdersByCustomer(ctx, ana.ID)
	for _, o := range orders {
		if o.TotalCents != totals[o.Number] || len(o.Items) == 0 || o.TrackingNumber != "" || strings.Contains(o.Email, "ana") {
			t.Errorf("order %s after erasure: %+v", o.Number, o)
		}
	}
	for _, table := range []string{"messages", "attachments", "identities"} {
		if n := count(t, db, `SELECT COUNT(*) FROM `+table+` WHERE `+map[string]string{
			"messages": "conversation_id LIKE 'web:ana%'", "attachments": "true", "identities": "true"}[table]); n != 0 {
			t.Errorf("%d rows left in %s", n, table)
		}
	}
	if d, err := db.ExportCustomer(ctx, "tom.baker@example.com"); err != nil || d.Customer.ID != tom.ID || len(d.Conversations) != 1 {
		t.Errorf("another customer's data changed: %+v, %v", d, err)
	}
	if _, err := db.EraseCustomer(ctx, "nobody@example.fr"); !errors.Is(err, storage.ErrNotFound) {
		t.Errorf("erasing an unknown e-mail = %v, want ErrNotFound", err)
	}
}
