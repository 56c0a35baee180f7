package sqlite

import (
	"context"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"supportbot/storage"
)

// TestImportCases imports delivery addresses, newsletter consent, an
// order's shipping address and cases, reads them back, updates a case the
// bot opened, and checks that importing the same file twice changes
// nothing and that a file without the new fields leaves them as they are.
func TestImportCases(t *testing.T) {
	ctx := context.Background()
	db := mustSeed(t)
	yes := true
	home := storage.Address{Label: "Maison", Name: "Ana Martin", Line1: "12 rue des Lilas", PostalCode: "69003",
		City: "Lyon", Country: "FR", Default: true}
	work := storage.Address{Label: "Bureau", Line1: "3 place Bellecour", Line2: "2e étage", PostalCode: "69002",
		City: "Lyon", Country: "FR"}
	ship := storage.Address{Name: "Ana Martin", Line1: "12 rue des Lilas", PostalCode: "69003", City: "Lyon", Country: "FR"}
	bot, err := db.CreateTicket(ctx, storage.Ticket{Kind: storage.TicketInvestigation, ConversationID: "web:a",
		CustomerID: 1, OrderID: 1, CreatedAt: testNow})
	if err != nil {
		t.Fatal(err)
	}
	f := &storage.ImportFile{
		Customers: []storage.ImportCustomer{{Email: "ana.martin@example.fr", Name: "Ana Martin", Phone: "+33 6 12 34 56 78",
			Language: "fr", LoyaltyCard: "OPL-0042-17", Newsletter: &yes, Addresses: []storage.Address{home, work}}},
		Orders: []storage.ImportOrder{{Number: "CL-482920", Email: "ana.martin@example.fr", PlacedAt: time.Date(2025, 3, 10, 8, 30, 0, 0, time.UTC),
			Status: storage.StatusPending, TotalCents: 3500, ShippingAddress: &ship,
			Items: []storage.ImportItem{{SKU: "NECK-03", Name: "Collier Perle", Quantity: 1, UnitPriceCents: 3500}}}},
		Tickets: []storage.ImportTicket{
			{Ref: bot.Ref, Status: storage.TicketInProgress, Outcome: "enquête ouverte chez le transporteur"},
			{Ref: "TK-SHOP9", Kind: storage.TicketClaim, Order: "CL-482913", Status: storage.TicketResolved,
				Outcome: "colis retrouvé et relivré", CreatedAt: testNow.Add(-48 * time.Hour)},
		},
	}
	stats, err := db.Import(ctx, f)
	if err != nil {
		t.Fatal(err)
	}
	if stats.CustomersUpdated != 1 || stats.OrdersUpdated != 1 || stats.TicketsMatched != 1 || stats.TicketsNew != 1 {
		t.Errorf("stats = %+v", stats)
	}
	c, err := db.CustomerByEmail(ctx, "ana.martin@example.fr")
	if err != nil || !c.Newsletter {
		t.Errorf("customer = %+v, %v; want newsletter on", c, err)
	}
	addrs, err := db.AddressesByCustomer(ctx, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]storage.Address{home, work}, addrs); diff != "" {
		t.Errorf("addresses (-want +got):\n%s", diff)
	}
	if o := mustOrder(t, db, "CL-482920"); o.ShippingAddress != ship {
		t.Errorf("shipping address = %+v, want %+v", o.ShippingAddress, ship)
	}
	tickets, err := db.TicketsByCustomer(ctx, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, tk := range tickets {
		got = append(got, tk.Ref+" "+tk.Kind+" "+tk.Status+" "+tk.Outcome)
	}
	want := []string{bot.Ref + " investigation in_progress enquête ouverte chez le transporteur",
		"TK-SHOP9 claim resolved colis retrouvé et relivré"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("tickets, newest first (-want +got):\n%s", diff)
	}

	before := dump(t, db)
	if _, err := db.Import(ctx, f); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(before, dump(t, db), cmp.Transformer("", dropUpdated)); diff != "" {
		t.Errorf("re-importing the same file changed the database (-before +after):\n%s", diff)
	}
	// An older file, without the new fields, keeps what is stored.
	old := &storage.ImportFile{Customers: []storage.ImportCustomer{{Email: "ana.martin@example.fr", Name: "Ana Martin",
		Phone: "+33 6 12 34 56 78", Language: "fr", LoyaltyCard: "OPL-0042-17"}},
		Orders: []storage.ImportOrder{{Number: "CL-482920", Email: "ana.martin@example.fr", PlacedAt: time.Date(2025, 3, 10, 8, 30, 0, 0, time.UTC),
			Status: storage.StatusPending, TotalCents: 3500,
			Items: []storage.ImportItem{{SKU: "NECK-03", Name: "Collier Perle", Quantity: 1, UnitPriceCents: 3500}}}}}
	if _, err := db.Import(ctx, old); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(before, dump(t, db), cmp.Transformer("", dropUpdated)); diff != "" {
		t.Errorf("a file without addresses or consent changed them (-before +after):\n%s", diff)
	}
	// An agent's status stays an allowed one.
	if err := db.SetTicketStatus(ctx, bot.ID, "lost"); err == nil {
		t.Error("SetTicketStatus accepted an unknown status")
	}
	if err := db.SetTicketStatus(ctx, bot.ID, storage.TicketRejected); err != nil {
		t.Fatal(err)
	}
	if tk, err := db.TicketByID(ctx, bot.ID); err != nil || tk.Status != storage.TicketRejected || tk.Outcome == "" {
		t.Errorf("ticket = %+v, %v; want rejected with its outcome kept", tk, err)
	}
}

// TestRefundsWaiting lists a return received long ago without a refund
// and a cancelled order without one, and leaves out what is refunded or
// too recent.
func TestRefundsWaiting(t *testing.T) {
	ctx := context.Background()
	db := mustSeed(t)
	r := mustReturnEarrings(t, db)
	f := &storage.ImportFile{
		Orders: []storage.ImportOrder{{Number: "CL-900010", Email: "tom.baker@example.com", PlacedAt: testNow.Add(-30 * 24 * time.Hour),
			Status: storage.StatusCancelled, CancelledAt: testNow.Add(-20 * 24 * time.Hour), TotalCents: 4200,
			Items: []storage.ImportItem{{Name: "Sac", Quantity: 1, UnitPriceCents: 4200}}},
			{Number: "CL-900011", Email: "tom.baker@example.com", PlacedAt: testNow.Add(-30 * 24 * time.Hour),
				Status: storage.StatusCancelled, CancelledAt: testNow.Add(-time.Hour), TotalCents: 1000,
				Items: []storage.ImportItem{{Name: "Porte-clés", Quantity: 1, UnitPriceCents: 1000}}}},
		Returns: []storage.ImportReturn{{RANumber: r.RANumber, Order: "CL-482913", Status: storage.ReturnReceived,
			CreatedAt: testNow.Add(-20 * 24 * time.Hour), ReceivedAt: testNow.Add(-18 * 24 * time.Hour)}},
	}
	if _, err := db.Import(ctx, f); err != nil {
		t.Fatal(err)
	}
	list, err := db.RefundsWaiting(ctx, testNow.Add(-14*24*time.Hour+2*time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, w := range list {
		got = append(got, w.OrderNumber+" "+w.RANumber+" "+storage.FormatCents(w.AmountCents))
	}
	// Oldest first: the order cancelled 20 days ago, then the return's two
	// pairs of earrings at 14.80 each, received 18 days ago; the second
	// order was cancelled an hour ago.
	want := []string{"CL-900010  42.00", "CL-482913 " + r.RANumber + " 29.60"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("refunds waiting (-want +got):\n%s", diff)
	}
}

// TestOpenTickets lists the open and in-progress tickets of the kinds
// asked, oldest first, and leaves out closed ones and other kinds.
func TestOpenTickets(t *testing.T) {
	ctx := context.Background()
	db := mustSeed(t)
	var refs []string
	for i, k := range []struct{ kind, status string }{
		{storage.TicketExchange, storage.TicketOpen},
		{storage.TicketAddressChange, storage.TicketInProgress},
		{storage.TicketAccountRequest, storage.TicketResolved},
		{storage.TicketClaim, storage.TicketOpen},
	} {
		tk, err := db.CreateTicket(ctx, storage.Ticket{Kind: k.kind, Status: k.status, CustomerID: 1,
			CreatedAt: testNow.Add(time.Duration(i) * time.Hour)})
		if err != nil {
			t.Fatal(err)
		}
		refs = append(refs, tk.Ref)
	}
	list, err := db.OpenTickets(ctx, storage.RequestKinds...)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, tk := range list {
		got = append(got, tk.Ref)
	}
	if diff := cmp.Diff(refs[:2], got); diff != "" {
		t.Errorf("open requests (-want +got):\n%s", diff)
	}
}
