package postgres

import (
	"context"
	"errors"
	"testing"
	"time"

	"supportbot/storage"
)

func TestOrderByNumber(t *testing.T) {
	db := mustSeed(t)
	tests := []struct {
		name, number, want string
		wantErr            error
	}{
		{"display form", "CL-482913", "CL-482913", nil},
		{"lower case", "cl482913", "CL-482913", nil},
		{"space", "CL 482913", "CL-482913", nil},
		{"blanks around", "  cl-482913 ", "CL-482913", nil},
		{"unknown", "CL-000000", "", storage.ErrNotFound},
		{"empty", "", "", storage.ErrNotFound},
		{"punctuation only", "--", "", storage.ErrNotFound},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			o, err := db.OrderByNumber(context.Background(), tt.number)
			if !errors.Is(err, tt.wantErr) {
				t.Fatalf("OrderByNumber(%q) error = %v, want %v", tt.number, err, tt.wantErr)
			}
			if o.Number != tt.want {
				t.Errorf("OrderByNumber(%q) = %q, want %q", tt.number, o.Number, tt.want)
			}
		})
	}
}

func TestOrderFields(t *testing.T) {
	db := mustSeed(t)
	o := mustOrder(t, db, "CL-482913")
	ana, err := db.CustomerByEmail(context.Background(), "ANA.MARTIN@example.fr")
	if err != nil {
		t.Fatal(err)
	}
	want := storage.Order{
		ID: o.ID, Number: "CL-482913", CustomerID: ana.ID, Email: "ana.martin@example.fr",
		PlacedAt: time.Date(2025, 3, 1, 9, 0, 0, 0, time.UTC), Channel: storage.ChannelWeb,
		Status: storage.StatusDelivered, Carrier: "colissimo", TrackingNumber: "6A12345678901",
		ShippedAt: time.Date(2025, 3, 2, 11, 0, 0, 0, time.UTC), DeliveredAt: time.Date(2025, 3, 4, 11, 0, 0, 0, time.UTC),
		TotalCents: 8950, Currency: "EUR",
		Items: []storage.Item{
			{ID: o.Items[0].ID, OrderID: o.ID, SKU: "RING-01", Name: "Bague Opaline", Quantity: 1, UnitPriceCents: 5990, Personalized: true, Kind: storage.KindProduct},
			{ID: o.Items[1].ID, OrderID: o.ID, SKU: "EAR-07", Name: "Boucles d'oreilles Lune", Quantity: 2, UnitPriceCents: 1480, Kind: storage.KindProduct},
		},
	}
	if diff := cmpDiff(want, o); diff != "" {
		t.Errorf("order differs (-want +got):\n%s", diff)
	}
	if o.PlacedAt.Location() != time.UTC {
		t.Errorf("PlacedAt location = %v, want UTC", o.PlacedAt.Location())
	}
	byID, err := db.OrderByID(context.Background(), o.ID)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmpDiff(o, byID); diff != "" {
		t.Errorf("OrderByID differs from OrderByNumber:\n%s", diff)
	}
}

func TestOrdersByCustomer(t *testing.T) {
	ctx := context.Background()
	db := mustSeed(t)
	ana, err := db.CustomerByLoyaltyCard(ctx, "opl0042 17")
	if err != nil {
		t.Fatal(err)
	}
	orders, err := db.OrdersByCustomer(ctx, ana.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(orders) != 2 || orders[0].Number != "CL-482920" || orders[1].Number != "CL-482913" {
		t.Fatalf("OrdersByCustomer = %v, want CL-482920 then CL-482913", numbers(orders))
	}
	if len(orders[0].Items) != 1 || len(orders[1].Items) != 2 {
		t.Errorf("item counts = %d, %d; want 1, 2", len(orders[0].Items), len(orders[1].Items))
	}
	none, err := db.OrdersByCustomer(ctx, 9999)
	if err != nil || len(none) != 0 {
		t.Errorf("OrdersByCustomer(unknown) = %v, %v; want empty", none, err)
	}
}

func numbers(orders []storage.Order) []string {
	var s []string
	for _, o := range orders {
		s = append(s, o.Number)
	}
	return s
}

func TestCancelOrder(t *testing.T) {
	ctx := context.Background()
	db := mustSeed(t)
	pending := mustOrder(t, db, "CL-482920")
	delivered := mustOrder(t, db, "CL-482913")
	when := testNow.Add(-time.Minute)

	if err := db.CancelOrder(ctx, pending.ID, when); err != nil {
		t.Fatalf("CancelOrder(pending) = %v", err)
	}
	got := mustOrder(t, db, "CL-482920")
	if got.Status != storage.StatusCancelled || !got.CancelledAt.Equal(when) {
		t.Errorf("after cancel: status %s at %v, want cancelled at %v", got.Status, got.CancelledAt, when)
	}
	tests := []struct {
		name    string
		id      int64
		wantErr error
	}{
		{"already cancelled", pending.ID, storage.ErrConflict},
		{"delivered", delivered.ID, storage.ErrConflict},
		{"unknown", 9999, storage.ErrNotFound},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if err := db.CancelOrder(ctx, tt.id, when); !errors.Is(err, tt.wantErr) {
				t.Errorf("CancelOrder = %v, want %v", err, tt.wantErr)
			}
		})
	}
	if d := mustOrder(t, db, "CL-482913"); d.Status != storage.StatusDelivered || !d.CancelledAt.IsZero() {
		t.Errorf("delivered order changed: %s, %v", d.Status, d.CancelledAt)
	}
}

func TestCountOrders(t *testing.T) {
	ctx := context.Background()
	db := mustOpen(t)
	if n, err := db.CountOrders(ctx); err != nil || n != 0 {
		t.Errorf("CountOrders(empty) = %d, %v; want 0", n, err)
	}
	if _, err := db.Import(ctx, mustDecode(t, "testdata/seed.json")); err != nil {
		t.Fatal(err)
	}
	if n, err := db.CountOrders(ctx); err != nil || n != 4 {
		t.Errorf("CountOrders = %d, %v; want 4", n, err)
	}
}
