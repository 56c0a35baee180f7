package storetest

import (
	"context"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"supportbot/storage"
)

// importAccount loads the account area: returns, refunds, vouchers, an
// invoice; importing it again matches every record.
func (s *suite) importAccount(t *testing.T) {
	ctx := context.Background()
	db := s.seed(t)
	stats, err := db.Import(ctx, mustDecode(t, "account.json"))
	if err != nil {
		t.Fatal(err)
	}
	want := storage.ImportStats{CustomersFromOrders: 0, OrdersNew: 1, OrdersUpdated: 1,
		ReturnsNew: 1, RefundsNew: 2, VouchersNew: 3}
	if stats != want {
		t.Errorf("stats = %+v, want %+v", stats, want)
	}

	o := mustOrder(t, db, "CL-482920")
	wantInvoice := storage.Invoice{Number: "FA-2025-0042", Date: time.Date(2025, 3, 10, 8, 31, 0, 0, time.UTC),
		URL: "https://shop.example/invoices/FA-2025-0042.pdf"}
	if o.Status != storage.StatusPreparing || o.Invoice != wantInvoice {
		t.Errorf("CL-482920 = %s, invoice %+v; want preparing, %+v", o.Status, o.Invoice, wantInvoice)
	}
	ring := mustOrder(t, db, "CL-482913")
	returns, err := db.ReturnsByCustomer(ctx, ring.CustomerID)
	if err != nil || len(returns) != 1 {
		t.Fatalf("ReturnsByCustomer = %+v, %v", returns, err)
	}
	r := returns[0]
	if r.RANumber != "RA-SHOP01" || r.Status != storage.ReturnRefunded || r.OrderID != ring.ID ||
		!r.ReceivedAt.Equal(time.Date(2025, 3, 8, 10, 0, 0, 0, time.UTC)) ||
		len(r.Items) != 1 || r.Items[0] != (storage.ReturnItem{ItemID: ring.Items[0].ID, Quantity: 1}) {
		t.Errorf("return = %+v", r)
	}
	refunds, err := db.RefundsByCustomer(ctx, ring.CustomerID)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, f := range refunds {
		got = append(got, f.RANumber+" "+storage.FormatCents(f.AmountCents)+" "+f.Currency+" "+f.Method)
	}
	if diff := cmp.Diff([]string{" 20.00 EUR paypal", "RA-SHOP01 59.90 EUR card"}, got); diff != "" {
		t.Errorf("refunds, newest first (-want +got):\n%s", diff)
	}
	vouchers, err := db.VouchersByCustomer(ctx, ring.CustomerID)
	if err != nil {
		t.Fatal(err)
	}
	got = nil
	for _, v := range vouchers {
		got = append(got, v.Code)
	}
	if diff := cmp.Diff([]string{"OUPS15", "FIDELITE10", "CADEAU5"}, got); diff != "" {
		t.Errorf("vouchers, ending soonest first (-want +got):\n%s", diff)
	}
	if v := vouchers[1]; v.AmountCents != 1000 || v.MinimumOrderCents != 5000 || v.Origin != storage.VoucherLoyalty ||
		!v.Usable(Now) || !vouchers[0].Expired(Now) || vouchers[2].Usable(Now) {
		t.Errorf("vouchers = %+v", vouchers)
	}

	accountOrders := append(seedOrders, "CL-482950")
	before := state(t, db, seedEmails, accountOrders)
	s.clock.set(Now.Add(time.Hour))
	stats, err = db.Import(ctx, mustDecode(t, "account.json"))
	if err != nil {
		t.Fatal(err)
	}
	if stats.ReturnsMatched != 1 || stats.RefundsMatched != 2 || stats.VouchersMatched != 3 || stats.ReturnsNew+stats.RefundsNew+stats.VouchersNew != 0 {
		t.Errorf("second import stats = %+v, want everything matched", stats)
	}
	if diff := cmp.Diff(before, state(t, db, seedEmails, accountOrders)); diff != "" {
		t.Errorf("re-importing the same file changed the store (-before +after):\n%s", diff)
	}
}

// importReturnUpdatesBotReturn: the shop follows up a return the bot
// opened, by its RA number, without repeating its items.
func (s *suite) importReturnUpdatesBotReturn(t *testing.T) {
	ctx := context.Background()
	db := s.seed(t)
	r := MustReturnEarrings(t, db)
	f := &storage.ImportFile{Returns: []storage.ImportReturn{{
		RANumber: r.RANumber, Order: "cl482913", Status: storage.ReturnRejected, RejectionReason: "boucles portées",
		CreatedAt: r.CreatedAt, ReceivedAt: r.CreatedAt.Add(72 * time.Hour),
	}}}
	if _, err := db.Import(ctx, f); err != nil {
		t.Fatal(err)
	}
	returns, err := db.ReturnsByCustomer(ctx, r.CustomerID)
	if err != nil || len(returns) != 1 {
		t.Fatalf("ReturnsByCustomer = %+v, %v", returns, err)
	}
	got := returns[0]
	if got.Status != storage.ReturnRejected || got.RejectionReason != "boucles portées" || len(got.Items) != 1 || got.Items[0].Quantity != 2 {
		t.Errorf("return = %+v, want rejected with its items kept", got)
	}
}

// importAccountRefusedAgainstStore covers refusals that depend on what
// the store already holds: an RA number of another order, a voucher code
// of another customer. Nothing is written.
func (s *suite) importAccountRefusedAgainstStore(t *testing.T) {
	ctx := context.Background()
	db := s.seed(t)
	r := MustReturnEarrings(t, db)
	if _, err := db.Import(ctx, &storage.ImportFile{Vouchers: []storage.ImportVoucher{{
		Code: "MERCI10", Email: "ana.martin@example.fr", AmountCents: 1000, Origin: storage.VoucherGift,
	}}}); err != nil {
		t.Fatal(err)
	}
	before := state(t, db, seedEmails, seedOrders)
	f := &storage.ImportFile{
		Returns: []storage.ImportReturn{{RANumber: r.RANumber, Order: "CL-482931", Status: storage.ReturnRequested,
			CreatedAt: Now, Items: []storage.ImportReturnItem{{SKU: "WATCH-02", Quantity: 1}}}},
		Vouchers: []storage.ImportVoucher{{Code: "merci10", Email: "tom.baker@example.com", AmountCents: 1000, Origin: storage.VoucherGift}},
	}
	err := f.Validate()
	if err == nil {
		_, err = db.Import(ctx, f)
	}
	want := "returns[0] (" + r.RANumber + "): order: this RA number belongs to another order\n" +
		"vouchers[0] (merci10): code: already held by another customer\n"
	if diff := cmp.Diff(want, problemLines(t, err)); diff != "" {
		t.Errorf("problems (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(before, state(t, db, seedEmails, seedOrders)); diff != "" {
		t.Errorf("a refused import changed the store (-before +after):\n%s", diff)
	}
}
