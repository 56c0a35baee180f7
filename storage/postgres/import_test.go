package postgres

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"golang.org/x/tools/txtar"

	"supportbot/storage"
)

var update = flag.Bool("update", false, "rewrite the want sections of testdata/import/*.txtar")

// TestImportRefusedWritesNothing imports each testdata/import/*.txtar into
// a database holding the seed shop and a return, checks the problems listed
// in its want section, and checks that not one row changed.
func TestImportRefusedWritesNothing(t *testing.T) {
	files, err := filepath.Glob("testdata/import/*.txtar")
	if err != nil || len(files) == 0 {
		t.Fatalf("no test files: %v", err)
	}
	for _, file := range files {
		t.Run(strings.TrimSuffix(filepath.Base(file), ".txtar"), func(t *testing.T) {
			ar, err := txtar.ParseFile(file)
			if err != nil {
				t.Fatal(err)
			}
			db := mustSeed(t)
			mustReturnEarrings(t, db)
			before := dump(t, db)

			err = decodeAndImport(db, section(t, ar, "import.json"))
			got := problemLines(t, err)
			if *update {
				setSection(ar, "want", got)
				if err := os.WriteFile(file, txtar.Format(ar), 0o644); err != nil {
					t.Fatal(err)
				}
			} else if diff := cmp.Diff(string(section(t, ar, "want")), got); diff != "" {
				t.Errorf("problems differ (-want +got):\n%s", diff)
			}
			if got == "" {
				t.Fatal("the file was accepted; every case here must be refused")
			}
			if diff := cmp.Diff(before, dump(t, db)); diff != "" {
				t.Errorf("a refused import changed the database (-before +after):\n%s", diff)
			}
		})
	}
}

func decodeAndImport(db *DB, data []byte) error {
	f, err := storage.DecodeImport(bytes.NewReader(data))
	if err != nil {
		return err
	}
	_, err = db.Import(context.Background(), f)
	return err
}

// mustReturnEarrings opens a return of both earrings of CL-482913.
func mustReturnEarrings(tb testing.TB, db *DB) storage.Return {
	tb.Helper()
	o := mustOrder(tb, db, "CL-482913")
	r, err := db.CreateReturn(context.Background(), storage.Return{
		OrderID: o.ID, Reason: "too big", Items: []storage.ReturnItem{{ItemID: o.Items[1].ID, Quantity: 2}},
	})
	if err != nil {
		tb.Fatalf("CreateReturn: %v", err)
	}
	return r
}

func problemLines(tb testing.TB, err error) string {
	tb.Helper()
	if err == nil {
		return ""
	}
	var ie *storage.ImportError
	if !errors.As(err, &ie) {
		tb.Fatalf("error %v (%T) is not an *storage.ImportError", err, err)
	}
	var b strings.Builder
	for _, p := range ie.Problems {
		b.WriteString(p.String() + "\n")
	}
	return b.String()
}

func section(tb testing.TB, ar *txtar.Archive, name string) []byte {
	tb.Helper()
	for _, f := range ar.Files {
		if f.Name == name {
			return f.Data
		}
	}
	tb.Fatalf("no %s section", name)
	return nil
}

func setSection(ar *txtar.Archive, name, data string) {
	for i := range ar.Files {
		if ar.Files[i].Name == name {
			ar.Files[i].Data = []byte(data)
		}
	}
}

func TestImportStats(t *testing.T) {
	db := mustOpen(t)
	stats, err := db.Import(context.Background(), mustDecode(t, "testdata/seed.json"))
	if err != nil {
		t.Fatal(err)
	}
	want := storage.ImportStats{CustomersNew: 3, OrdersNew: 4, AdjustmentsNew: 1}
	if stats != want {
		t.Errorf("first import stats = %+v, want %+v", stats, want)
	}
	stats, err = db.Import(context.Background(), mustDecode(t, "testdata/seed.json"))
	if err != nil {
		t.Fatal(err)
	}
	want = storage.ImportStats{CustomersUnchanged: 3, OrdersUnchanged: 4, AdjustmentsPresent: 1}
	if stats != want {
		t.Errorf("second import stats = %+v, want %+v", stats, want)
	}
}

func TestImportTwiceChangesNothing(t *testing.T) {
	db := mustSeed(t)
	mustReturnEarrings(t, db)
	before := dump(t, db)
	db.Now = func() time.Time { return testNow.Add(time.Hour) }
	if _, err := db.Import(context.Background(), mustDecode(t, "testdata/seed.json")); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(before, dump(t, db)); diff != "" {
		t.Errorf("re-importing the same file changed the database (-before +after):\n%s", diff)
	}
}

func TestImportUpdates(t *testing.T) {
	ctx := context.Background()
	db := mustSeed(t)
	r := mustReturnEarrings(t, db)
	old := mustOrder(t, db, "CL-482913")

	f := mustDecode(t, "testdata/seed.json")
	f.Customers[1].Name = "Thomas Baker"
	f.Customers[1].LoyaltyCard = "OPL 9999 01"
	f.Orders[0].Number = "cl 482913"
	f.Orders[0].Items[0].Name = "Bague Opaline gravée"
	f.Orders[0].Items = append(f.Orders[0].Items, storage.ImportItem{Name: "Écrin", Quantity: 1, UnitPriceCents: 500})
	f.Orders[2].Status = storage.StatusDelivered
	f.Orders[2].DeliveredAt = time.Date(2025, 2, 25, 10, 0, 0, 0, time.UTC)
	f.Orders[2].Items = f.Orders[2].Items[:1]
	stats, err := db.Import(ctx, f)
	if err != nil {
		t.Fatal(err)
	}
	want := storage.ImportStats{CustomersUpdated: 1, CustomersUnchanged: 2, OrdersUpdated: 2, OrdersUnchanged: 2, AdjustmentsPresent: 1}
	if stats != want {
		t.Errorf("stats = %+v, want %+v", stats, want)
	}

	tom, err := db.CustomerByLoyaltyCard(ctx, "opl-9999-01")
	if err != nil || tom.Name != "Thomas Baker" {
		t.Errorf("CustomerByLoyaltyCard = %+v, %v; want Thomas Baker", tom, err)
	}
	got := mustOrder(t, db, "CL-482913")
	if got.Number != "CL-482913" || len(got.Items) != 3 {
		t.Fatalf("order = %s with %d items, want CL-482913 with 3", got.Number, len(got.Items))
	}
	for i := range 2 {
		if got.Items[i].ID != old.Items[i].ID {
			t.Errorf("item %d ID = %d, want %d kept", i, got.Items[i].ID, old.Items[i].ID)
		}
	}
	if got.Items[0].Name != "Bague Opaline gravée" || got.Items[2].Name != "Écrin" {
		t.Errorf("items = %+v", got.Items)
	}
	returns, err := db.ReturnsByCustomer(ctx, got.CustomerID)
	if err != nil || len(returns) != 1 || returns[0].RANumber != r.RANumber {
		t.Errorf("returns after re-import = %+v, %v", returns, err)
	}
	transit := mustOrder(t, db, "CL-482931")
	if transit.Status != storage.StatusDelivered || !transit.DeliveredAt.Equal(f.Orders[2].DeliveredAt) || len(transit.Items) != 1 {
		t.Errorf("CL-482931 = %s delivered %v with %d items, want delivered with 1 item", transit.Status, transit.DeliveredAt, len(transit.Items))
	}
	if n := countRows(t, db, "order_items"); n != 6 {
		t.Errorf("order_items rows = %d, want 6 (one added, one removed)", n)
	}
}

func TestImportCreatesCustomerFromOrder(t *testing.T) {
	ctx := context.Background()
	db := mustSeed(t)
	f := &storage.ImportFile{Orders: []storage.ImportOrder{{
		Number: "CL-777001", Email: " Guest@Example.com ", PlacedAt: testNow, Status: storage.StatusPending,
		TotalCents: 1000, Items: []storage.ImportItem{{Name: "Ring", Quantity: 1, UnitPriceCents: 1000}},
	}}}
	stats, err := db.Import(ctx, f)
	if err != nil {
		t.Fatal(err)
	}
	if stats.CustomersFromOrders != 1 || stats.OrdersNew != 1 {
		t.Errorf("stats = %+v, want 1 customer from orders and 1 new order", stats)
	}
	c, err := db.CustomerByEmail(ctx, "guest@example.com")
	if err != nil {
		t.Fatalf("customer created from the order: %v", err)
	}
	o := mustOrder(t, db, "cl777001")
	if o.CustomerID != c.ID || o.Email != "guest@example.com" || o.Channel != storage.ChannelWeb || o.Currency != "EUR" {
		t.Errorf("order = %+v, want customer %d, web, EUR", o, c.ID)
	}
	if o.Items[0].Kind != storage.KindProduct {
		t.Errorf("item kind = %q, want product", o.Items[0].Kind)
	}
}

func TestImportCancelledAt(t *testing.T) {
	ctx := context.Background()
	db := mustSeed(t)
	f := mustDecode(t, "testdata/seed.json")
	f.Orders[1].Status = storage.StatusCancelled
	if _, err := db.Import(ctx, f); err != nil {
		t.Fatal(err)
	}
	if o := mustOrder(t, db, "CL-482920"); !o.CancelledAt.Equal(testNow) {
		t.Errorf("CancelledAt = %v, want the import time %v", o.CancelledAt, testNow)
	}
	db.Now = func() time.Time { return testNow.Add(time.Hour) }
	if _, err := db.Import(ctx, f); err != nil {
		t.Fatal(err)
	}
	if o := mustOrder(t, db, "CL-482920"); !o.CancelledAt.Equal(testNow) {
		t.Errorf("CancelledAt after re-import = %v, want kept at %v", o.CancelledAt, testNow)
	}
	f.Orders[1].Status = storage.StatusPending
	if _, err := db.Import(ctx, f); err != nil {
		t.Fatal(err)
	}
	if o := mustOrder(t, db, "CL-482920"); !o.CancelledAt.IsZero() {
		t.Errorf("CancelledAt of a pending order = %v, want zero", o.CancelledAt)
	}
}

func TestImportInvalidGoBuiltFile(t *testing.T) {
	db := mustSeed(t)
	before := dump(t, db)
	f := &storage.ImportFile{Orders: []storage.ImportOrder{{Number: "CL-1", Email: "x@example.com"}}}
	_, err := db.Import(context.Background(), f)
	if problemLines(t, err) == "" {
		t.Fatal("Import accepted an order without status, time or items")
	}
	if diff := cmp.Diff(before, dump(t, db)); diff != "" {
		t.Errorf("database changed (-before +after):\n%s", diff)
	}
}

// Issue 11, finding 8: a re-import that gives an order to another customer
// is refused while a return of it is in progress, naming the record; once
// the return is closed, the order moves and its returns with it.
func TestReimportMovingAnOrderWithAReturn(t *testing.T) {
	ctx := context.Background()
	db := mustSeed(t)
	r := mustReturnEarrings(t, db)
	ana := mustOrder(t, db, "CL-482913").CustomerID
	f := mustDecode(t, "testdata/seed.json")
	f.Orders[0].Email = "tom.baker@example.com"
	before := dump(t, db)
	_, err := db.Import(ctx, f)
	var ie *storage.ImportError
	if !errors.As(err, &ie) || !strings.Contains(err.Error(), "orders[0] (CL-482913): email: the order cannot move to another customer while its return "+r.RANumber+" is in progress") {
		t.Fatalf("import = %v, want the move refused", err)
	}
	if after := dump(t, db); after != before {
		t.Error("a refused import changed the database")
	}
	if err := db.SetReturnStatus(ctx, r.ID, storage.ReturnRefunded); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Import(ctx, f); err != nil {
		t.Fatalf("import after the return closed: %v", err)
	}
	tom, _ := db.CustomerByEmail(ctx, "tom.baker@example.com")
	if o := mustOrder(t, db, "CL-482913"); o.CustomerID != tom.ID {
		t.Errorf("order customer = %d, want Tom (%d)", o.CustomerID, tom.ID)
	}
	if rs, _ := db.ReturnsByCustomer(ctx, tom.ID); len(rs) != 1 || rs[0].RANumber != r.RANumber {
		t.Errorf("Tom's returns = %+v, want the order's return", rs)
	}
	if rs, _ := db.ReturnsByCustomer(ctx, ana); len(rs) != 0 {
		t.Errorf("Ana keeps the moved order's returns: %+v", rs)
	}
}
