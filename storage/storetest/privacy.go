package storetest

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
func seedPrivacy(t *testing.T, db Store) (ana, tom storage.Customer) {
	t.Helper()
	ctx := context.Background()
	ana, _ = db.CustomerByEmail(ctx, "ana.martin@example.fr")
	tom, _ = db.CustomerByEmail(ctx, "tom.baker@example.com")
	old := Now.Add(-100 * 24 * time.Hour)
	for _, c := range []struct {
		id   string
		cust int64
		at   time.Time
	}{{"web:ana-old", ana.ID, old}, {"web:ana-new", ana.ID, Now}, {"web:tom-old", tom.ID, old}} {
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
	for _, at := range []time.Time{old, Now} {
		if err := db.RecordVerification(ctx, storage.VerificationAttempt{ConversationID: "web:guess", OrderKey: "order:X1",
			EmailKey: storage.EmailKey("ana.martin@example.fr"), At: at}); err != nil {
			t.Fatal(err)
		}
	}
	return ana, tom
}

// purge: old transcripts, attempts and resolved tickets with
// their attachments are purged; recent ones, and conversations a person
// still has, stay.
func (s *suite) purge(t *testing.T) {
	ctx := context.Background()
	db := s.seed(t)
	ana, _ := seedPrivacy(t, db)
	wrongRing := ticketOf(t, db, "ana.martin@example.fr", "wrong ring")
	// A ticket resolved long ago, another still open.
	tk, _ := db.CreateTicket(ctx, storage.Ticket{Kind: storage.TicketClaim, ConversationID: "web:ana-new", CustomerID: ana.ID})
	s.clock.set(Now.Add(-400 * 24 * time.Hour))
	old, _ := db.CreateTicket(ctx, storage.Ticket{Kind: storage.TicketClaim, Attachments: []storage.Attachment{{Name: "a.jpg", Data: []byte("x")}}})
	db.SetTicketStatus(ctx, old.ID, storage.TicketResolved)
	s.clock.set(Now)
	cut := Now.Add(-90 * 24 * time.Hour)
	p, err := db.Purge(ctx, storage.Cutoffs{Transcripts: cut, Attempts: cut, Tickets: Now.Add(-365 * 24 * time.Hour)})
	if err != nil {
		t.Fatal(err)
	}
	// web:tom-old goes; web:ana-old stays, its wrong-item ticket still open.
	if p.Conversations != 1 || p.Messages != 1 || p.Attempts != 1 || p.Tickets != 1 || p.Attachments != 1 {
		t.Errorf("purged %+v, want 1 conversation, 1 message, 1 attempt, 1 ticket, 1 attachment", p)
	}
	if _, err := db.Conversation(ctx, "web:tom-old"); !errors.Is(err, storage.ErrNotFound) {
		t.Errorf("an old conversation was kept: %v", err)
	}
	if msgs, _ := db.Transcript(ctx, "web:tom-old", 0); len(msgs) != 0 {
		t.Errorf("an old conversation's transcript was kept: %d messages", len(msgs))
	}
	for _, id := range []string{"web:ana-new", "web:ana-old"} {
		if _, err := db.Conversation(ctx, id); err != nil {
			t.Errorf("%s (recent, or with an open ticket) was purged: %v", id, err)
		}
	}
	if _, err := db.TicketByID(ctx, old.ID); !errors.Is(err, storage.ErrNotFound) {
		t.Errorf("an old resolved ticket was kept: %v", err)
	}
	if _, err := db.TicketByID(ctx, tk.ID); err != nil {
		t.Errorf("an open ticket was purged: %v", err)
	}
	// Once the ticket is resolved and old, the conversation goes too.
	if err := db.SetTicketStatus(ctx, wrongRing, storage.TicketResolved); err != nil {
		t.Fatal(err)
	}
	if p, err := db.Purge(ctx, storage.Cutoffs{Transcripts: cut}); err != nil || p.Conversations != 1 {
		t.Errorf("second purge = %+v, %v; want web:ana-old", p, err)
	}
}

// exportAndEraseCustomer: export gives everything held about a customer;
// erase removes it, keeping the orders' totals and items.
func (s *suite) exportAndEraseCustomer(t *testing.T) {
	ctx := context.Background()
	db := s.seed(t)
	ana, tom := seedPrivacy(t, db)
	wrongRing := ticketOf(t, db, "ana.martin@example.fr", "wrong ring")
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
	for _, id := range []string{"web:ana-old", "web:ana-new"} {
		if msgs, err := db.Transcript(ctx, id, 0); err != nil || len(msgs) != 0 {
			t.Errorf("%s: %d messages left, %v", id, len(msgs), err)
		}
	}
	if _, err := db.TicketByID(ctx, wrongRing); !errors.Is(err, storage.ErrNotFound) {
		t.Errorf("the ticket and its photo are left: %v", err)
	}
	if _, err := db.IdentityCustomer(ctx, "telegram", "42"); !errors.Is(err, storage.ErrNotFound) {
		t.Errorf("the Telegram link is left: %v", err)
	}
	if d, err := db.ExportCustomer(ctx, "tom.baker@example.com"); err != nil || d.Customer.ID != tom.ID || len(d.Conversations) != 1 {
		t.Errorf("another customer's data changed: %+v, %v", d, err)
	}
	if _, err := db.EraseCustomer(ctx, "nobody@example.fr"); !errors.Is(err, storage.ErrNotFound) {
		t.Errorf("erasing an unknown e-mail = %v, want ErrNotFound", err)
	}
}

// An open hand-off stops the erasure, which changes nothing; an unknown
// e-mail's identity checks go all the same.
func (s *suite) eraseRefusals(t *testing.T) {
	ctx := context.Background()
	db := s.seed(t)
	seedPrivacy(t, db)
	if _, err := db.CreateHandoff(ctx, storage.Handoff{ConversationID: "web:ana-new"}); err != nil {
		t.Fatal(err)
	}
	before := state(t, db, seedEmails, seedOrders)
	if _, err := db.EraseCustomer(ctx, "ana.martin@example.fr"); !errors.Is(err, storage.ErrOpenHandoff) {
		t.Errorf("EraseCustomer with an open hand-off = %v, want ErrOpenHandoff", err)
	}
	if diff := cmpDiff(before, state(t, db, seedEmails, seedOrders)); diff != "" {
		t.Errorf("a refused erasure changed the store (-before +after):\n%s", diff)
	}
	if err := db.RecordVerification(ctx, storage.VerificationAttempt{ConversationID: "web:z",
		EmailKey: storage.EmailKey("nobody@example.fr")}); err != nil {
		t.Fatal(err)
	}
	e, err := db.EraseCustomer(ctx, "Nobody@example.fr")
	if !errors.Is(err, storage.ErrNotFound) || e.Attempts != 1 {
		t.Errorf("EraseCustomer(unknown) = %+v, %v; want 1 attempt deleted and ErrNotFound", e, err)
	}
	if _, err := db.ExportCustomer(ctx, "nobody@example.fr"); !errors.Is(err, storage.ErrNotFound) {
		t.Errorf("ExportCustomer(unknown) = %v, want ErrNotFound", err)
	}
}

// ticketOf finds a customer's ticket by its summary.
func ticketOf(t *testing.T, db Store, email, summary string) int64 {
	t.Helper()
	d, err := db.ExportCustomer(context.Background(), email)
	if err != nil {
		t.Fatal(err)
	}
	for _, tk := range d.Tickets {
		if tk.Summary == summary {
			return tk.ID
		}
	}
	t.Fatalf("%s has no ticket %q", email, summary)
	return 0
}

func (s *suite) privacyTests() []test {
	return []test{
		{"ExportAndErase", s.exportAndEraseCustomer},
		{"EraseRefusals", s.eraseRefusals},
	}
}

func (s *suite) retentionTests() []test {
	return []test{
		{"Purge", s.purge},
	}
}
