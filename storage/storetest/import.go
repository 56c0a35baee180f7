package storetest

import (
	"bytes"
	"context"
	"errors"
	"io/fs"
	"path"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"golang.org/x/tools/txtar"

	"supportbot/storage"
)

// importRefusedWritesNothing imports each testdata/import/*.txtar into
// a store holding the seed shop and a return, checks the problems listed
// in its want section, and checks that no record changed: one bad record
// and the whole file is refused.
func (s *suite) importRefusedWritesNothing(t *testing.T) {
	files, err := fs.Glob(testdata, "testdata/import/*.txtar")
	if err != nil || len(files) == 0 {
		t.Fatalf("no test files: %v", err)
	}
	for _, file := range files {
		t.Run(strings.TrimSuffix(path.Base(file), ".txtar"), func(t *testing.T) {
			data, err := testdata.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			ar := txtar.Parse(data)
			db := s.seed(t)
			MustReturnEarrings(t, db)
			input := section(t, ar, "import.json")
			before := seedState(t, db, input)

			err = decodeAndImport(db, input)
			got := problemLines(t, err)
			if diff := cmp.Diff(string(section(t, ar, "want")), got); diff != "" {
				t.Errorf("problems differ (-want +got):\n%s", diff)
			}
			if got == "" {
				t.Fatal("the file was accepted; every case here must be refused")
			}
			if diff := cmp.Diff(before, seedState(t, db, input)); diff != "" {
				t.Errorf("a refused import changed the store (-before +after):\n%s", diff)
			}
		})
	}
}

func decodeAndImport(db Store, data []byte) error {
	f, err := storage.DecodeImport(bytes.NewReader(data))
	if err != nil {
		return err
	}
	_, err = db.Import(context.Background(), f)
	return err
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

func (s *suite) importStats(t *testing.T) {
	db := s.open(t)
	stats, err := db.Import(context.Background(), mustDecode(t, "seed.json"))
	if err != nil {
		t.Fatal(err)
	}
	want := storage.ImportStats{CustomersNew: 3, OrdersNew: 4, AdjustmentsNew: 1}
	if stats != want {
		t.Errorf("first import stats = %+v, want %+v", stats, want)
	}
	stats, err = db.Import(context.Background(), mustDecode(t, "seed.json"))
	if err != nil {
		t.Fatal(err)
	}
	want = storage.ImportStats{CustomersUnchanged: 3, OrdersUnchanged: 4, AdjustmentsPresent: 1}
	if stats != want {
		t.Errorf("second import stats = %+v, want %+v", stats, want)
	}
}

// importTwiceChangesNothing: a re-import updates, never duplicates, and
// adjustments already in the ledger are not added again.
func (s *suite) importTwiceChangesNothing(t *testing.T) {
	db := s.seed(t)
	MustReturnEarrings(t, db)
	before := state(t, db, seedEmails, seedOrders)
	s.clock.set(Now.Add(time.Hour))
	if _, err := db.Import(context.Background(), mustDecode(t, "seed.json")); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(before, state(t, db, seedEmails, seedOrders)); diff != "" {
		t.Errorf("re-importing the same file changed the store (-before +after):\n%s", diff)
	}
}

func (s *suite) importUpdates(t *testing.T) {
	ctx := context.Background()
	db := s.seed(t)
	r := MustReturnEarrings(t, db)
	old := mustOrder(t, db, "CL-482913")

	f := mustDecode(t, "seed.json")
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
	if n := countItems(t, db, seedOrders); n != 6 {
		t.Errorf("%d order items, want 6 (one added, one removed)", n)
	}
}

func (s *suite) importCreatesCustomerFromOrder(t *testing.T) {
	ctx := context.Background()
	db := s.seed(t)
	f := &storage.ImportFile{Orders: []storage.ImportOrder{{
		Number: "CL-777001", Email: " Guest@Example.com ", PlacedAt: Now, Status: storage.StatusPending,
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

func (s *suite) importCancelledAt(t *testing.T) {
	ctx := context.Background()
	db := s.seed(t)
	f := mustDecode(t, "seed.json")
	f.Orders[1].Status = storage.StatusCancelled
	if _, err := db.Import(ctx, f); err != nil {
		t.Fatal(err)
	}
	if o := mustOrder(t, db, "CL-482920"); !o.CancelledAt.Equal(Now) {
		t.Errorf("CancelledAt = %v, want the import time %v", o.CancelledAt, Now)
	}
	s.clock.set(Now.Add(time.Hour))
	if _, err := db.Import(ctx, f); err != nil {
		t.Fatal(err)
	}
	if o := mustOrder(t, db, "CL-482920"); !o.CancelledAt.Equal(Now) {
		t.Errorf("CancelledAt after re-import = %v, want kept at %v", o.CancelledAt, Now)
	}
	f.Orders[1].Status = storage.StatusPending
	if _, err := db.Import(ctx, f); err != nil {
		t.Fatal(err)
	}
	if o := mustOrder(t, db, "CL-482920"); !o.CancelledAt.IsZero() {
		t.Errorf("CancelledAt of a pending order = %v, want zero", o.CancelledAt)
	}
}

func (s *suite) importInvalidGoBuiltFile(t *testing.T) {
	db := s.seed(t)
	before := state(t, db, append(seedEmails, "x@example.com"), append(seedOrders, "CL-1"))
	f := &storage.ImportFile{Orders: []storage.ImportOrder{{Number: "CL-1", Email: "x@example.com"}}}
	_, err := db.Import(context.Background(), f)
	if problemLines(t, err) == "" {
		t.Fatal("Import accepted an order without status, time or items")
	}
	if diff := cmp.Diff(before, state(t, db, append(seedEmails, "x@example.com"), append(seedOrders, "CL-1"))); diff != "" {
		t.Errorf("store changed (-before +after):\n%s", diff)
	}
}

// reimportMovingAnOrderWithAReturn: a re-import that gives an order to another customer
// is refused while a return of it is in progress, naming the record; once
// the return is closed, the order moves and its returns with it.
func (s *suite) reimportMovingAnOrderWithAReturn(t *testing.T) {
	ctx := context.Background()
	db := s.seed(t)
	r := MustReturnEarrings(t, db)
	ana := mustOrder(t, db, "CL-482913").CustomerID
	f := mustDecode(t, "seed.json")
	f.Orders[0].Email = "tom.baker@example.com"
	before := state(t, db, seedEmails, seedOrders)
	_, err := db.Import(ctx, f)
	var ie *storage.ImportError
	if !errors.As(err, &ie) || !strings.Contains(err.Error(), "orders[0] (CL-482913): email: the order cannot move to another customer while its return "+r.RANumber+" is in progress") {
		t.Fatalf("import = %v, want the move refused", err)
	}
	if after := state(t, db, seedEmails, seedOrders); after != before {
		t.Error("a refused import changed the store")
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

// countItems counts the order lines of the orders named.
func countItems(tb testing.TB, db Store, numbers []string) int {
	tb.Helper()
	n := 0
	for _, num := range numbers {
		n += len(mustOrder(tb, db, num).Items)
	}
	return n
}

func (s *suite) importTests() []test {
	return []test{
		{"RefusedWritesNothing", s.importRefusedWritesNothing},
		{"Stats", s.importStats},
		{"TwiceChangesNothing", s.importTwiceChangesNothing},
		{"AdjustmentsIdempotent", s.importAdjustmentsIdempotent},
		{"UpdatesLineByLine", s.importUpdates},
		{"CreatesCustomerFromOrder", s.importCreatesCustomerFromOrder},
		{"CancelledAt", s.importCancelledAt},
		{"InvalidGoBuiltFile", s.importInvalidGoBuiltFile},
		{"MovingAnOrderWithAReturn", s.reimportMovingAnOrderWithAReturn},
		{"Account", s.importAccount},
		{"ReturnUpdatesBotReturn", s.importReturnUpdatesBotReturn},
		{"AccountRefusedAgainstStore", s.importAccountRefusedAgainstStore},
	}
}

// A points adjustment already in the ledger (same customer, time, points
// and reason), from whatever file, is not added again; one that differs
// in any of them is.
func (s *suite) importAdjustmentsIdempotent(t *testing.T) {
	ctx := context.Background()
	db := s.seed(t)
	at := time.Date(2025, 2, 28, 10, 0, 0, 0, time.UTC) // the seed's adjustment
	f := &storage.ImportFile{PointsAdjustments: []storage.ImportPointsAdjustment{
		{Email: "TOM.BAKER@example.com", Points: 50, Reason: "goodwill: late parcel", At: at},
		{Email: "tom.baker@example.com", Points: 50, Reason: "goodwill: late parcel", At: at.Add(time.Hour)},
		{Email: "tom.baker@example.com", Points: 20, Reason: "goodwill: late parcel", At: at},
	}}
	for i, want := range []storage.ImportStats{
		{AdjustmentsNew: 2, AdjustmentsPresent: 1},
		{AdjustmentsPresent: 3},
	} {
		stats, err := db.Import(ctx, f)
		if err != nil {
			t.Fatal(err)
		}
		if stats != want {
			t.Errorf("import %d stats = %+v, want %+v", i+1, stats, want)
		}
	}
	list, err := db.PointsAdjustments(ctx, mustCustomer(t, db, "tom.baker@example.com").ID)
	if err != nil || len(list) != 3 {
		t.Errorf("ledger = %+v, %v; want 3 entries", list, err)
	}
}
