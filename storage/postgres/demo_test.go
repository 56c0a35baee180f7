package postgres

import (
	"context"
	"testing"

	"github.com/google/go-cmp/cmp"

	"supportbot/storage"
	"supportbot/storage/demo"
	"supportbot/storage/sqlite"
)

// The demo shop, imported into PostgreSQL and into SQLite, reads back the
// same from both: every customer's export, IDs included, the refunds
// waiting and the cases open, and the same import statistics, the first
// time and the second.
func TestDemoShopSameAsSQLite(t *testing.T) {
	ctx := context.Background()
	pg := mustOpen(t)
	lite, err := sqlite.Open(ctx, ":memory:")
	if err != nil {
		t.Fatal(err)
	}
	defer lite.Close()
	lite.Now = pg.Now
	shop := demo.Shop(testNow)
	for round := 1; round <= 2; round++ {
		want, err := lite.Import(ctx, shop)
		if err != nil {
			t.Fatal(err)
		}
		got, err := pg.Import(ctx, shop)
		if err != nil {
			t.Fatal(err)
		}
		if got != want {
			t.Errorf("import %d: stats %+v, want %+v as on SQLite", round, got, want)
		}
	}
	seen := map[string]bool{}
	for _, c := range shop.Customers {
		seen[storage.NormalizeEmail(c.Email)] = true
	}
	for _, o := range shop.Orders {
		seen[storage.NormalizeEmail(o.Email)] = true
	}
	if len(seen) < 10 {
		t.Fatalf("the demo shop has %d customers: too few to compare", len(seen))
	}
	for email := range seen {
		want, err := lite.ExportCustomer(ctx, email)
		if err != nil {
			t.Fatal(err)
		}
		got, err := pg.ExportCustomer(ctx, email)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("export of %s differs from SQLite's (-sqlite +postgres):\n%s", email, diff)
		}
	}
	// The team's lists, across customers: what the shop owes, the cases
	// and requests not closed.
	wantWaiting, err := lite.RefundsWaiting(ctx, testNow)
	if err != nil {
		t.Fatal(err)
	}
	gotWaiting, err := pg.RefundsWaiting(ctx, testNow)
	if err != nil {
		t.Fatal(err)
	}
	if len(wantWaiting) == 0 {
		t.Error("the demo shop owes no refund: nothing to compare")
	}
	if diff := cmp.Diff(wantWaiting, gotWaiting); diff != "" {
		t.Errorf("refunds waiting differ from SQLite's (-sqlite +postgres):\n%s", diff)
	}
	kinds := append([]string{storage.TicketClaim, storage.TicketInvestigation, storage.TicketWrongItem}, storage.RequestKinds...)
	wantOpen, err := lite.OpenTickets(ctx, kinds...)
	if err != nil {
		t.Fatal(err)
	}
	gotOpen, err := pg.OpenTickets(ctx, kinds...)
	if err != nil {
		t.Fatal(err)
	}
	if len(wantOpen) == 0 {
		t.Error("the demo shop has no case open: nothing to compare")
	}
	if diff := cmp.Diff(wantOpen, gotOpen); diff != "" {
		t.Errorf("open cases differ from SQLite's (-sqlite +postgres):\n%s", diff)
	}
}
