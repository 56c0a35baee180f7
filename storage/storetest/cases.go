package storetest

import (
	"context"
	"errors"
	"maps"
	"slices"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"supportbot/storage"
)

// The account area's cases and requests (issue 14): delivery addresses,
// newsletter consent, an order's shipping address, cases with their status
// and outcome, the refunds the shop owes.

func (s *suite) caseTests() []test {
	return []test{
		{"Import", s.importCases},
		{"ImportRefusedAgainstStore", s.importCasesRefusedAgainstStore},
		{"TicketStatuses", s.ticketStatuses},
		{"TicketDetail", s.ticketDetail},
		{"RefundsWaiting", s.refundsWaiting},
		{"OpenTickets", s.openTickets},
		{"UnknownCustomerHasNone", s.casesUnknownCustomer},
		{"ExportAndErase", s.exportAndEraseCases},
		{"PurgeClosedCases", s.purgeClosedCases},
	}
}

var (
	anaHome = storage.Address{Label: "Maison", Name: "Ana Martin", Line1: "12 rue des Lilas", PostalCode: "69003",
		City: "Lyon", Country: "FR", Default: true}
	anaWork = storage.Address{Label: "Bureau", Line1: "3 place Bellecour", Line2: "2e étage", PostalCode: "69002",
		City: "Lyon", Country: "FR"}
	anaShip = storage.Address{Name: "Ana Martin", Line1: "12 rue des Lilas", PostalCode: "69003", City: "Lyon", Country: "FR"}
)

// anaCases is a file giving Ana her delivery addresses and consent,
// CL-482920 its shipping address, and two cases: the bot's (ref), whose
// status and outcome it sets, and one the shop opened.
func anaCases(ref string) *storage.ImportFile {
	yes := true
	return &storage.ImportFile{
		Customers: []storage.ImportCustomer{{Email: "ana.martin@example.fr", Name: "Ana Martin", Phone: "+33 6 12 34 56 78",
			Language: "fr", LoyaltyCard: "OPL-0042-17", Newsletter: &yes, Addresses: []storage.Address{anaHome, anaWork}}},
		Orders: []storage.ImportOrder{anaPending(&anaShip)},
		Tickets: []storage.ImportTicket{
			{Ref: ref, Status: storage.TicketInProgress, Outcome: "enquête ouverte chez le transporteur"},
			{Ref: "TK-SHOP9", Kind: storage.TicketClaim, Order: "CL-482913", Status: storage.TicketResolved,
				Outcome: "colis retrouvé et relivré", CreatedAt: Now.Add(-48 * time.Hour)},
		},
	}
}

// anaPending is the seed's CL-482920 as an import gives it, with a
// shipping address or none (nil).
func anaPending(ship *storage.Address) storage.ImportOrder {
	return storage.ImportOrder{Number: "CL-482920", Email: "ana.martin@example.fr", PlacedAt: time.Date(2025, 3, 10, 8, 30, 0, 0, time.UTC),
		Status: storage.StatusPending, TotalCents: 3500, ShippingAddress: ship,
		Items: []storage.ImportItem{{SKU: "NECK-03", Name: "Collier Perle", Quantity: 1, UnitPriceCents: 3500}}}
}

// importCases imports delivery addresses, newsletter consent, an order's
// shipping address and cases, reads them back, updates a case the bot
// opened, and checks that importing the same file twice changes nothing
// and that a file without the new fields leaves them as they are.
func (s *suite) importCases(t *testing.T) {
	ctx := context.Background()
	db := s.seed(t)
	ana := mustCustomer(t, db, "ana.martin@example.fr")
	ring := mustOrder(t, db, "CL-482913")
	bot, err := db.CreateTicket(ctx, storage.Ticket{Kind: storage.TicketInvestigation, ConversationID: "web:a",
		CustomerID: ana.ID, OrderID: ring.ID, CreatedAt: Now})
	if err != nil {
		t.Fatal(err)
	}
	f := anaCases(bot.Ref)
	s.clock.set(Now.Add(time.Hour))
	stats, err := db.Import(ctx, f)
	if err != nil {
		t.Fatal(err)
	}
	want := storage.ImportStats{CustomersUpdated: 1, OrdersUpdated: 1, TicketsMatched: 1, TicketsNew: 1}
	if stats != want {
		t.Errorf("stats = %+v, want %+v", stats, want)
	}
	if c := mustCustomer(t, db, "ana.martin@example.fr"); !c.Newsletter {
		t.Errorf("customer = %+v; want newsletter on", c)
	}
	addrs, err := db.AddressesByCustomer(ctx, ana.ID)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]storage.Address{anaHome, anaWork}, addrs); diff != "" {
		t.Errorf("addresses, in the file's order (-want +got):\n%s", diff)
	}
	if o := mustOrder(t, db, "CL-482920"); o.ShippingAddress != anaShip {
		t.Errorf("shipping address = %+v, want %+v", o.ShippingAddress, anaShip)
	}
	if o := mustOrder(t, db, "CL-482913"); !o.ShippingAddress.IsZero() {
		t.Errorf("an order given no address has %+v", o.ShippingAddress)
	}
	tickets, err := db.TicketsByCustomer(ctx, ana.ID)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, tk := range tickets {
		got = append(got, tk.Ref+" "+tk.Kind+" "+tk.Status+" "+tk.Outcome)
		if len(tk.Attachments) != 0 || !tk.UpdatedAt.Equal(Now.Add(time.Hour)) {
			t.Errorf("%s: %d attachments, updated %v; want none, updated at the import", tk.Ref, len(tk.Attachments), tk.UpdatedAt)
		}
	}
	wantTickets := []string{bot.Ref + " investigation in_progress enquête ouverte chez le transporteur",
		"TK-SHOP9 claim resolved colis retrouvé et relivré"}
	if diff := cmp.Diff(wantTickets, got); diff != "" {
		t.Errorf("tickets, newest first (-want +got):\n%s", diff)
	}
	shop := tickets[1]
	if shop.CustomerID != ana.ID || shop.OrderID != ring.ID || shop.ConversationID != "" ||
		!shop.CreatedAt.Equal(Now.Add(-48*time.Hour)) || len(shop.Details) != 0 {
		t.Errorf("the shop's case = %+v, want Ana's, about CL-482913, of no conversation", shop)
	}
	if tk, err := db.TicketByID(ctx, bot.ID); err != nil || tk.Status != storage.TicketInProgress ||
		tk.Outcome != "enquête ouverte chez le transporteur" || tk.ConversationID != "web:a" || !tk.CreatedAt.Equal(Now) {
		t.Errorf("TicketByID = %+v, %v; want the bot's case in progress, with its outcome", tk, err)
	}

	orders := append(slices.Clone(seedOrders), "CL-482920")
	before := state(t, db, seedEmails, orders)
	stats, err = db.Import(ctx, f)
	if err != nil {
		t.Fatal(err)
	}
	want = storage.ImportStats{CustomersUnchanged: 1, OrdersUnchanged: 1, TicketsMatched: 2}
	if stats != want {
		t.Errorf("second import stats = %+v, want %+v", stats, want)
	}
	if diff := cmp.Diff(before, state(t, db, seedEmails, orders)); diff != "" {
		t.Errorf("re-importing the same file changed the store (-before +after):\n%s", diff)
	}
	// An older file, without the new fields, keeps what is stored.
	old := &storage.ImportFile{Customers: []storage.ImportCustomer{{Email: "ana.martin@example.fr", Name: "Ana Martin",
		Phone: "+33 6 12 34 56 78", Language: "fr", LoyaltyCard: "OPL-0042-17"}},
		Orders: []storage.ImportOrder{anaPending(nil)}}
	stats, err = db.Import(ctx, old)
	if err != nil {
		t.Fatal(err)
	}
	if stats.CustomersUnchanged != 1 || stats.OrdersUnchanged != 1 {
		t.Errorf("stats of a file without the new fields = %+v, want both unchanged", stats)
	}
	if diff := cmp.Diff(before, state(t, db, seedEmails, orders)); diff != "" {
		t.Errorf("a file without addresses or consent changed them (-before +after):\n%s", diff)
	}
	// An empty list removes the addresses; consent given false withdraws it.
	no := false
	stats, err = db.Import(ctx, &storage.ImportFile{Customers: []storage.ImportCustomer{{Email: "ana.martin@example.fr",
		Name: "Ana Martin", Phone: "+33 6 12 34 56 78", Language: "fr", LoyaltyCard: "OPL-0042-17",
		Newsletter: &no, Addresses: []storage.Address{}}}})
	if err != nil {
		t.Fatal(err)
	}
	if stats.CustomersUpdated != 1 {
		t.Errorf("stats = %+v, want the customer updated", stats)
	}
	if addrs, err := db.AddressesByCustomer(ctx, ana.ID); err != nil || len(addrs) != 0 {
		t.Errorf("addresses after an empty list = %+v, %v; want none", addrs, err)
	}
	if c := mustCustomer(t, db, "ana.martin@example.fr"); c.Newsletter {
		t.Errorf("customer = %+v; want newsletter off", c)
	}
	// A new customer gets the file's addresses and consent; a customer
	// created by an order, none.
	yes := true
	_, err = db.Import(ctx, &storage.ImportFile{
		Customers: []storage.ImportCustomer{{Email: "zoe@example.fr", Name: "Zoé", Newsletter: &yes,
			Addresses: []storage.Address{anaWork, anaHome}}},
		Orders: []storage.ImportOrder{{Number: "CL-900001", Email: "max@example.fr", PlacedAt: Now, Status: storage.StatusPending,
			TotalCents: 1000, Items: []storage.ImportItem{{Name: "Bague", Quantity: 1, UnitPriceCents: 1000}}}},
	})
	if err != nil {
		t.Fatal(err)
	}
	zoe := mustCustomer(t, db, "zoe@example.fr")
	if addrs, err := db.AddressesByCustomer(ctx, zoe.ID); err != nil || !zoe.Newsletter ||
		cmp.Diff([]storage.Address{anaWork, anaHome}, addrs) != "" {
		t.Errorf("new customer %+v with addresses %+v, %v", zoe, addrs, err)
	}
	if c := mustCustomer(t, db, "max@example.fr"); c.Newsletter {
		t.Errorf("a customer created by an order has consented: %+v", c)
	}
}

// importCasesRefusedAgainstStore: a case the store holds cannot change
// kind or move to another order; nothing is written.
func (s *suite) importCasesRefusedAgainstStore(t *testing.T) {
	ctx := context.Background()
	db := s.seed(t)
	ring := mustOrder(t, db, "CL-482913")
	bot, err := db.CreateTicket(ctx, storage.Ticket{Kind: storage.TicketInvestigation, CustomerID: ring.CustomerID, OrderID: ring.ID})
	if err != nil {
		t.Fatal(err)
	}
	before := state(t, db, seedEmails, seedOrders)
	// Each file also opens a valid case of the shop's, which is not
	// written either.
	shopCase := storage.ImportTicket{Ref: "TK-SHOP8", Kind: storage.TicketClaim, Order: "CL-482920",
		Status: storage.TicketOpen, CreatedAt: Now}
	for _, tt := range []struct {
		ticket storage.ImportTicket
		want   string
	}{
		{storage.ImportTicket{Ref: bot.Ref, Kind: storage.TicketClaim, Status: storage.TicketResolved},
			"kind: this case is of kind investigation, got claim"},
		{storage.ImportTicket{Ref: bot.Ref, Order: "cl-482920", Status: storage.TicketResolved},
			"order: this case is not about order CL-482920"},
	} {
		_, err := db.Import(ctx, &storage.ImportFile{Tickets: []storage.ImportTicket{tt.ticket, shopCase}})
		want := "tickets[0] (" + bot.Ref + "): " + tt.want + "\n"
		if diff := cmp.Diff(want, problemLines(t, err)); diff != "" {
			t.Errorf("problems (-want +got):\n%s", diff)
		}
	}
	if diff := cmp.Diff(before, state(t, db, seedEmails, seedOrders)); diff != "" {
		t.Errorf("a refused import changed the store (-before +after):\n%s", diff)
	}
	if tk, err := db.TicketByID(ctx, bot.ID); err != nil || tk.Status != storage.TicketOpen {
		t.Errorf("TicketByID = %+v, %v; want the case still open", tk, err)
	}
}

// ticketDetail: one entry of a ticket's details is set, or added, and the
// others stay; a bad key or an unknown ticket change nothing.
func (s *suite) ticketDetail(t *testing.T) {
	ctx := context.Background()
	db := s.seed(t)
	tk, err := db.CreateTicket(ctx, storage.Ticket{Kind: storage.TicketHandoff,
		Details: map[string]string{"contact_email": "typo@exmaple.com", "reason": "asked for a person"}})
	if err != nil {
		t.Fatal(err)
	}
	at := Now.Add(time.Minute)
	s.clock.set(at)
	if err := db.SetTicketDetail(ctx, tk.ID, "contact_email", "right@example.com"); err != nil {
		t.Fatal(err)
	}
	if err := db.SetTicketDetail(ctx, tk.ID, "note", `quote " and \ kept`); err != nil {
		t.Fatal(err)
	}
	want := map[string]string{"contact_email": "right@example.com", "reason": "asked for a person", "note": `quote " and \ kept`}
	got, err := db.TicketByID(ctx, tk.ID)
	if err != nil || !maps.Equal(got.Details, want) || !got.UpdatedAt.Equal(at) {
		t.Errorf("after SetTicketDetail: %+v, %v; want details %v, updated at %v", got, err, want, at)
	}
	for _, key := range []string{"", "Contact", "a.b", "$.x", "contact email"} {
		if err := db.SetTicketDetail(ctx, tk.ID, key, "x"); err == nil || errors.Is(err, storage.ErrNotFound) {
			t.Errorf("SetTicketDetail(%q) = %v, want an error other than ErrNotFound", key, err)
		}
	}
	if err := db.SetTicketDetail(ctx, 9999, "contact_email", "x@example.com"); !errors.Is(err, storage.ErrNotFound) {
		t.Errorf("SetTicketDetail(unknown ticket) = %v, want ErrNotFound", err)
	}
	if got, _ := db.TicketByID(ctx, tk.ID); !maps.Equal(got.Details, want) {
		t.Errorf("a refused call changed the details: %v", got.Details)
	}
}

// ticketStatuses: an agent can set every status of storage.TicketStatuses,
// and no other; the outcome stays, the update time moves.
func (s *suite) ticketStatuses(t *testing.T) {
	ctx := context.Background()
	db := s.seed(t)
	ring := mustOrder(t, db, "CL-482913")
	tk, err := db.CreateTicket(ctx, storage.Ticket{Kind: storage.TicketClaim, CustomerID: ring.CustomerID, OrderID: ring.ID})
	if err != nil {
		t.Fatal(err)
	}
	if !tk.CreatedAt.Equal(Now) || !tk.UpdatedAt.Equal(Now) || tk.Outcome != "" {
		t.Errorf("CreateTicket = %+v, want created and updated now, no outcome", tk)
	}
	if got, err := db.TicketByID(ctx, tk.ID); err != nil || !got.UpdatedAt.Equal(Now) {
		t.Errorf("TicketByID = %+v, %v; want updated now", got, err)
	}
	if _, err := db.Import(ctx, &storage.ImportFile{Tickets: []storage.ImportTicket{{Ref: tk.Ref, Status: storage.TicketOpen,
		Outcome: "transporteur relancé"}}}); err != nil {
		t.Fatal(err)
	}
	for i, status := range append(slices.Clone(storage.TicketStatuses), storage.TicketOpen) {
		at := Now.Add(time.Duration(i+1) * time.Minute)
		s.clock.set(at)
		if err := db.SetTicketStatus(ctx, tk.ID, status); err != nil {
			t.Fatalf("SetTicketStatus(%s): %v", status, err)
		}
		got, err := db.TicketByID(ctx, tk.ID)
		if err != nil || got.Status != status || got.Outcome != "transporteur relancé" || !got.UpdatedAt.Equal(at) ||
			!got.CreatedAt.Equal(Now) {
			t.Errorf("after SetTicketStatus(%s): %+v, %v; want it, its outcome kept, updated at %v", status, got, err, at)
		}
	}
	if err := db.SetTicketStatus(ctx, tk.ID, "lost"); err == nil || errors.Is(err, storage.ErrNotFound) {
		t.Errorf("SetTicketStatus(lost) = %v, want an error other than ErrNotFound", err)
	}
	if err := db.SetTicketStatus(ctx, 9999, storage.TicketRejected); !errors.Is(err, storage.ErrNotFound) {
		t.Errorf("SetTicketStatus(unknown ticket) = %v, want ErrNotFound", err)
	}
	if got, _ := db.TicketByID(ctx, tk.ID); got.Status != storage.TicketOpen {
		t.Errorf("an unknown status changed the ticket: %+v", got)
	}
}

// refundsWaiting lists a return received long ago without a refund and a
// cancelled order without one, and leaves out what is refunded or too
// recent.
func (s *suite) refundsWaiting(t *testing.T) {
	ctx := context.Background()
	db := s.seed(t)
	r := MustReturnEarrings(t, db)
	f := &storage.ImportFile{
		Orders: []storage.ImportOrder{
			{Number: "CL-900010", Email: "tom.baker@example.com", PlacedAt: Now.Add(-30 * 24 * time.Hour),
				Status: storage.StatusCancelled, CancelledAt: Now.Add(-20 * 24 * time.Hour), TotalCents: 4200,
				Items: []storage.ImportItem{{Name: "Sac", Quantity: 1, UnitPriceCents: 4200}}},
			{Number: "CL-900011", Email: "tom.baker@example.com", PlacedAt: Now.Add(-30 * 24 * time.Hour),
				Status: storage.StatusCancelled, CancelledAt: Now.Add(-time.Hour), TotalCents: 1000,
				Items: []storage.ImportItem{{Name: "Porte-clés", Quantity: 1, UnitPriceCents: 1000}}},
			// Cancelled at the same time as CL-900010, and refunded.
			{Number: "CL-900012", Email: "tom.baker@example.com", PlacedAt: Now.Add(-30 * 24 * time.Hour),
				Status: storage.StatusCancelled, CancelledAt: Now.Add(-20 * 24 * time.Hour), TotalCents: 1500,
				Items: []storage.ImportItem{{Name: "Foulard", Quantity: 1, UnitPriceCents: 1500}}},
			// Cancelled at the same time too, not refunded: after CL-900010
			// by number.
			{Number: "CL-900009", Email: "lea.roux@example.fr", PlacedAt: Now.Add(-30 * 24 * time.Hour),
				Status: storage.StatusCancelled, CancelledAt: Now.Add(-20 * 24 * time.Hour), TotalCents: 900,
				Items: []storage.ImportItem{{Name: "Broche", Quantity: 1, UnitPriceCents: 900}}},
		},
		Returns: []storage.ImportReturn{{RANumber: r.RANumber, Order: "CL-482913", Status: storage.ReturnReceived,
			CreatedAt: Now.Add(-20 * 24 * time.Hour), ReceivedAt: Now.Add(-18 * 24 * time.Hour)}},
		Refunds: []storage.ImportRefund{{Order: "CL-900012", AmountCents: 1500, Method: "card",
			RefundedAt: Now.Add(-19 * 24 * time.Hour)}},
	}
	if _, err := db.Import(ctx, f); err != nil {
		t.Fatal(err)
	}
	list, err := db.RefundsWaiting(ctx, Now.Add(-14*24*time.Hour+2*time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, w := range list {
		got = append(got, w.OrderNumber+" "+w.RANumber+" "+storage.FormatCents(w.AmountCents)+" "+w.Currency)
	}
	// Oldest first, by order number at the same time: the orders cancelled
	// 20 days ago, then the return's two pairs of earrings at 14.80 each,
	// received 18 days ago; CL-900011 was cancelled an hour ago.
	want := []string{"CL-900009  9.00 EUR", "CL-900010  42.00 EUR", "CL-482913 " + r.RANumber + " 29.60 EUR"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("refunds waiting (-want +got):\n%s", diff)
	}
	tom := mustCustomer(t, db, "tom.baker@example.com")
	ring := mustOrder(t, db, "CL-482913")
	if w := list[1]; w.CustomerID != tom.ID || w.Email != "tom.baker@example.com" || !w.Since.Equal(Now.Add(-20*24*time.Hour)) {
		t.Errorf("CL-900010 waiting = %+v", w)
	}
	if w := list[2]; w.OrderID != ring.ID || w.CustomerID != ring.CustomerID || !w.Since.Equal(Now.Add(-18*24*time.Hour)) {
		t.Errorf("the return waiting = %+v", w)
	}
	// Refunded, the return leaves the list.
	if _, err := db.Import(ctx, &storage.ImportFile{Refunds: []storage.ImportRefund{{Order: "CL-482913", RANumber: r.RANumber,
		AmountCents: 2960, Method: "card", RefundedAt: Now}}}); err != nil {
		t.Fatal(err)
	}
	if list, err := db.RefundsWaiting(ctx, Now); err != nil || len(list) != 3 || list[2].OrderNumber != "CL-900011" {
		t.Errorf("after the refund: %+v, %v; want the three cancelled orders", list, err)
	}
}

// openTickets lists the open and in-progress tickets of the kinds asked,
// oldest first, and leaves out closed ones and other kinds.
func (s *suite) openTickets(t *testing.T) {
	ctx := context.Background()
	db := s.seed(t)
	ana := mustCustomer(t, db, "ana.martin@example.fr")
	var refs []string
	for i, k := range []struct{ kind, status string }{
		{storage.TicketAddressChange, storage.TicketInProgress},
		{storage.TicketExchange, storage.TicketOpen},
		{storage.TicketAccountRequest, storage.TicketResolved},
		{storage.TicketAccountRequest, storage.TicketRejected},
		{storage.TicketClaim, storage.TicketOpen},
		{storage.TicketAccountRequest, storage.TicketOpen},
	} {
		// The first is the newest: the list is by creation time, not ID.
		at := Now.Add(time.Duration(i) * time.Hour)
		if i == 0 {
			at = Now.Add(24 * time.Hour)
		}
		tk, err := db.CreateTicket(ctx, storage.Ticket{Kind: k.kind, Status: k.status, CustomerID: ana.ID, CreatedAt: at,
			Attachments: []storage.Attachment{{Name: "a.jpg", Data: []byte("x")}}})
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
		if len(tk.Attachments) != 0 {
			t.Errorf("%s: listed with its attachments", tk.Ref)
		}
	}
	if diff := cmp.Diff([]string{refs[1], refs[5], refs[0]}, got); diff != "" {
		t.Errorf("open requests, oldest first (-want +got):\n%s", diff)
	}
	if list, err := db.OpenTickets(ctx, storage.TicketClaim); err != nil || len(list) != 1 || list[0].Ref != refs[4] {
		t.Errorf("OpenTickets(claim) = %+v, %v; want the open claim", list, err)
	}
	if list, err := db.OpenTickets(ctx); err != nil || len(list) != 0 {
		t.Errorf("OpenTickets() = %+v, %v; want none", list, err)
	}
}

// Addresses and tickets of a customer without any (or of no customer)
// are empty lists, not errors.
func (s *suite) casesUnknownCustomer(t *testing.T) {
	ctx := context.Background()
	db := s.seed(t)
	for _, id := range []int64{mustCustomer(t, db, "lea.roux@example.fr").ID, 9999} {
		if as, err := db.AddressesByCustomer(ctx, id); err != nil || len(as) != 0 {
			t.Errorf("AddressesByCustomer(%d) = %v, %v; want none", id, as, err)
		}
		if ts, err := db.TicketsByCustomer(ctx, id); err != nil || len(ts) != 0 {
			t.Errorf("TicketsByCustomer(%d) = %v, %v; want none", id, ts, err)
		}
	}
	if ws, err := db.RefundsWaiting(ctx, Now); err != nil || len(ws) != 0 {
		t.Errorf("RefundsWaiting of the seed shop = %v, %v; want none", ws, err)
	}
}

// exportAndEraseCases: the export holds the addresses, consent, shipping
// addresses and cases with their outcome; erasure deletes the addresses,
// withdraws consent and blanks the shipping addresses but their country.
func (s *suite) exportAndEraseCases(t *testing.T) {
	ctx := context.Background()
	db := s.seed(t)
	ring := mustOrder(t, db, "CL-482913")
	bot, err := db.CreateTicket(ctx, storage.Ticket{Kind: storage.TicketInvestigation, CustomerID: ring.CustomerID, OrderID: ring.ID})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Import(ctx, anaCases(bot.Ref)); err != nil {
		t.Fatal(err)
	}
	d, err := db.ExportCustomer(ctx, "ana.martin@example.fr")
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]storage.Address{anaHome, anaWork}, d.Addresses); diff != "" {
		t.Errorf("exported addresses (-want +got):\n%s", diff)
	}
	var outcomes []string
	for _, tk := range d.Tickets {
		outcomes = append(outcomes, tk.Ref+" "+tk.Outcome)
	}
	if diff := cmp.Diff([]string{bot.Ref + " enquête ouverte chez le transporteur", "TK-SHOP9 colis retrouvé et relivré"}, outcomes); diff != "" {
		t.Errorf("exported cases (-want +got):\n%s", diff)
	}
	shipped := false
	for _, o := range d.Orders {
		shipped = shipped || o.ShippingAddress == anaShip
	}
	if !d.Customer.Newsletter || !shipped {
		t.Errorf("export: customer %+v, orders %+v; want consent and CL-482920's address", d.Customer, d.Orders)
	}
	e, err := db.EraseCustomer(ctx, "ana.martin@example.fr")
	if err != nil {
		t.Fatal(err)
	}
	if e.Addresses != 2 || e.Tickets != 2 || e.OrdersKept != 2 {
		t.Errorf("erased %+v, want 2 addresses, 2 tickets, 2 orders kept", e)
	}
	if as, err := db.AddressesByCustomer(ctx, e.CustomerID); err != nil || len(as) != 0 {
		t.Errorf("addresses after erasure = %+v, %v", as, err)
	}
	if c, err := db.CustomerByID(ctx, e.CustomerID); err != nil || c.Newsletter {
		t.Errorf("customer after erasure = %+v, %v; want no consent", c, err)
	}
	o, err := db.OrderByNumber(ctx, "CL-482920")
	if err != nil {
		t.Fatal(err)
	}
	if o.ShippingAddress != (storage.Address{Country: "FR"}) {
		t.Errorf("shipping address after erasure = %+v, want its country only", o.ShippingAddress)
	}
	if ts, err := db.TicketsByCustomer(ctx, e.CustomerID); err != nil || len(ts) != 0 {
		t.Errorf("tickets after erasure = %+v, %v", ts, err)
	}
}

// purgeClosedCases: a rejected case is closed, purged once old; a case in
// progress keeps its conversation as an open one does.
func (s *suite) purgeClosedCases(t *testing.T) {
	ctx := context.Background()
	db := s.seed(t)
	ana := mustCustomer(t, db, "ana.martin@example.fr")
	old := Now.Add(-400 * 24 * time.Hour)
	s.clock.set(old)
	for _, id := range []string{"web:busy", "web:done"} {
		if _, err := db.SaveTurn(ctx, storage.Conversation{ID: id, Channel: "web", CustomerID: ana.ID, CreatedAt: old, UpdatedAt: old},
			[]storage.Message{{From: storage.FromCustomer, Text: "mon colis ?", At: old}}); err != nil {
			t.Fatal(err)
		}
	}
	busy, err := db.CreateTicket(ctx, storage.Ticket{Kind: storage.TicketInvestigation, ConversationID: "web:busy", CustomerID: ana.ID})
	if err != nil {
		t.Fatal(err)
	}
	done, err := db.CreateTicket(ctx, storage.Ticket{Kind: storage.TicketClaim, ConversationID: "web:done", CustomerID: ana.ID,
		Attachments: []storage.Attachment{{Name: "a.jpg", Data: []byte("x")}}})
	if err != nil {
		t.Fatal(err)
	}
	for _, st := range []struct {
		id     int64
		status string
	}{{busy.ID, storage.TicketInProgress}, {done.ID, storage.TicketRejected}} {
		if err := db.SetTicketStatus(ctx, st.id, st.status); err != nil {
			t.Fatal(err)
		}
	}
	s.clock.set(Now)
	cut := Now.Add(-90 * 24 * time.Hour)
	p, err := db.Purge(ctx, storage.Cutoffs{Transcripts: cut, Tickets: Now.Add(-365 * 24 * time.Hour)})
	if err != nil {
		t.Fatal(err)
	}
	if p.Tickets != 1 || p.Attachments != 1 || p.Conversations != 1 {
		t.Errorf("purged %+v, want the rejected case with its photo, and its conversation", p)
	}
	if _, err := db.TicketByID(ctx, done.ID); !errors.Is(err, storage.ErrNotFound) {
		t.Errorf("an old rejected case was kept: %v", err)
	}
	if _, err := db.TicketByID(ctx, busy.ID); err != nil {
		t.Errorf("a case in progress was purged: %v", err)
	}
	if _, err := db.Conversation(ctx, "web:busy"); err != nil {
		t.Errorf("the conversation of a case in progress was purged: %v", err)
	}
}
