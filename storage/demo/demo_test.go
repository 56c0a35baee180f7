package demo_test

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"supportbot/storage"
	"supportbot/storage/backend"
	"supportbot/storage/demo"
)

// nows are moments the demo is built at: an ordinary day, and days around
// the holiday return period and the new year.
var nows = []time.Time{
	time.Date(2025, 6, 18, 10, 30, 0, 0, time.UTC),
	time.Date(2025, 11, 15, 8, 0, 0, 0, time.UTC),
	time.Date(2025, 12, 31, 23, 30, 0, 0, time.UTC),
	time.Date(2026, 1, 10, 9, 0, 0, 0, time.UTC),
	time.Date(2026, 2, 1, 0, 5, 0, 0, time.UTC),
}

func TestShopImportsCleanly(t *testing.T) {
	ctx := context.Background()
	for _, now := range nows {
		t.Run(now.Format("2006-01-02"), func(t *testing.T) {
			f := demo.Shop(now)
			if err := f.Validate(); err != nil {
				t.Fatalf("Validate() = %v", err)
			}
			db, err := backend.Open(ctx, filepath.Join(t.TempDir(), "demo.db"), backend.Config{})
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			stats, err := db.Import(ctx, f)
			if err != nil {
				t.Fatalf("Import() = %v", err)
			}
			want := storage.ImportStats{CustomersNew: 35, OrdersNew: 67, AdjustmentsNew: 3, ReturnsNew: 3, RefundsNew: 2, VouchersNew: 6, TicketsNew: 3}
			if stats != want {
				t.Errorf("stats = %+v, want %+v", stats, want)
			}
			for _, o := range f.Orders {
				if o.PlacedAt.After(now) || o.ShippedAt.After(now) || o.DeliveredAt.After(now) {
					t.Errorf("%s has a date after now: placed %v shipped %v delivered %v", o.Number, o.PlacedAt, o.ShippedAt, o.DeliveredAt)
				}
			}
		})
	}
}

func TestShopCoversEverySituation(t *testing.T) {
	f := demo.Shop(nows[0])
	seen := map[string]bool{}
	for _, o := range f.Orders {
		seen["status "+o.Status] = true
		seen["channel "+o.Channel] = true
		seen["carrier "+o.Carrier] = true
		if o.PaidWithGiftCard {
			seen["paid with gift card"] = true
		}
		for _, it := range o.Items {
			seen["kind "+it.Kind] = true
			if it.Personalized {
				seen["personalised"] = true
			}
		}
	}
	for _, c := range f.Customers {
		seen["language "+c.Language] = true
	}
	for _, want := range []string{
		"status pending", "status preparing", "status shipped", "status in_transit", "status ready_for_pickup", "status delivered",
		"status cancelled", "channel web", "channel store", "channel reseller", "carrier colissimo",
		"carrier mondial_relay", "carrier chronopost", "carrier dhl", "carrier ups", "paid with gift card",
		"kind product", "kind e_gift_card", "personalised", "language fr", "language en",
	} {
		if !seen[want] {
			t.Errorf("the demo shop has no order with %s", want)
		}
	}
}

// TestDocumentedCustomers checks the situations the package documentation
// promises, at every moment of nows.
func TestDocumentedCustomers(t *testing.T) {
	for _, now := range nows {
		t.Run(now.Format("2006-01-02"), func(t *testing.T) {
			f := demo.Shop(now)
			orders := map[string]storage.ImportOrder{}
			for _, o := range f.Orders {
				orders[o.Number] = o
			}
			tests := []struct {
				number, email, status string
				check                 func(o storage.ImportOrder) bool
			}{
				{"OP-100401", "lucas.bernard@example.fr", storage.StatusPending,
					func(o storage.ImportOrder) bool { return now.Sub(o.PlacedAt) <= 2*time.Hour }},
				{"OP-100501", "emma.johnson@example.com", storage.StatusPending,
					func(o storage.ImportOrder) bool { return now.Sub(o.PlacedAt) > 36*time.Hour }},
				{"OP-100601", "hugo.petit@example.fr", storage.StatusShipped,
					func(o storage.ImportOrder) bool { return now.Sub(o.ShippedAt) < 24*time.Hour }},
				{"OP-100701", "sophie.laurent@example.fr", storage.StatusInTransit,
					func(o storage.ImportOrder) bool { return now.Sub(o.ShippedAt) <= 48*time.Hour }},
				{"OP-100801", "james.wilson@example.com", storage.StatusInTransit,
					func(o storage.ImportOrder) bool { return now.Sub(o.ShippedAt) >= 10*24*time.Hour }},
				{"OP-100901", "chloe.roux@example.fr", storage.StatusReadyForPickup, nil},
				{"OP-101001", "amelia.brown@example.com", storage.StatusDelivered,
					func(o storage.ImportOrder) bool { return now.Sub(o.DeliveredAt) < 7*24*time.Hour }},
				{"OP-101101", "lea.fontaine@example.fr", storage.StatusDelivered, outsideWindow(now)},
				{"OP-101201", "thomas.girard@example.fr", storage.StatusDelivered,
					func(o storage.ImportOrder) bool { return now.Sub(o.DeliveredAt) <= 3*24*time.Hour }},
				{"OP-101301", "manon.lefebvre@example.fr", storage.StatusCancelled, nil},
				{"OP-101401", "jade.mercier@example.fr", storage.StatusDelivered,
					func(o storage.ImportOrder) bool { return o.Items[0].Personalized && !o.Items[1].Personalized }},
				{"OP-101402", "jade.mercier@example.fr", storage.StatusPending,
					func(o storage.ImportOrder) bool { return o.Items[0].Personalized && now.Sub(o.PlacedAt) < 24*time.Hour }},
				{"OP-101501", "george.taylor@example.com", storage.StatusDelivered,
					func(o storage.ImportOrder) bool { return o.Items[0].Kind == storage.KindEGiftCard }},
				{"OP-101601", "alice.martin@example.fr", storage.StatusDelivered,
					func(o storage.ImportOrder) bool { return o.PaidWithGiftCard }},
				{"OP-101701", "nathan.dubois@example.fr", storage.StatusDelivered,
					func(o storage.ImportOrder) bool { return o.Channel == storage.ChannelStore && o.Carrier == "" }},
				{"OP-101801", "charlotte.evans@example.com", storage.StatusDelivered,
					func(o storage.ImportOrder) bool { return o.Channel == storage.ChannelReseller }},
				{"OP-101901", "paul.garnier@example.fr", storage.StatusDelivered,
					func(o storage.ImportOrder) bool {
						return o.PlacedAt.Month() == time.December && o.PlacedAt.Year() == now.Year()-1
					}},
				{"OP-102001", "zoe.lambert@example.fr", storage.StatusDelivered, nil},
			}
			for _, tt := range tests {
				o, ok := orders[tt.number]
				switch {
				case !ok:
					t.Errorf("%s: no such order", tt.number)
				case o.Email != tt.email || o.Status != tt.status:
					t.Errorf("%s: %s, %s; want %s, %s", tt.number, o.Email, o.Status, tt.email, tt.status)
				case tt.check != nil && !tt.check(o):
					t.Errorf("%s: not in the documented situation: %+v", tt.number, o)
				}
			}
		})
	}
}

// outsideWindow is true when the 30-day return window has closed and the
// holiday extension (orders of 1 Nov–31 Dec, returnable until 31 January)
// does not apply.
func outsideWindow(now time.Time) func(o storage.ImportOrder) bool {
	return func(o storage.ImportOrder) bool {
		holiday := o.PlacedAt.Month() == time.November || o.PlacedAt.Month() == time.December
		return now.Sub(o.DeliveredAt) > 31*24*time.Hour && !holiday
	}
}

// TestDocumentedPoints recomputes the loyalty balances the documentation
// promises with the rules of SPEC §6: one point per whole euro of each
// order, none for cancelled, gift-card-paid or reseller orders, pending for
// 14 days, plus adjustments.
func TestDocumentedPoints(t *testing.T) {
	for _, now := range nows {
		f := demo.Shop(now)
		tests := []struct {
			email              string
			available, pending int
		}{
			{"camille.durand@example.fr", 140, 0},
			{"oliver.smith@example.com", 290, 0},
			{"ines.moreau@example.fr", 207, 63},
			{"alice.martin@example.fr", 39, 0},
			{"charlotte.evans@example.com", 0, 0},
			{"nathan.dubois@example.fr", 54, 0},
		}
		for _, tt := range tests {
			available, pending := points(f, tt.email, now)
			if available != tt.available || pending != tt.pending {
				t.Errorf("%s at %s: %d available, %d pending; want %d, %d",
					tt.email, now.Format(time.DateOnly), available, pending, tt.available, tt.pending)
			}
		}
	}
}

func points(f *storage.ImportFile, email string, now time.Time) (available, pending int) {
	for _, o := range f.Orders {
		if o.Email != email || o.Status == storage.StatusCancelled || o.PaidWithGiftCard || o.Channel == storage.ChannelReseller {
			continue
		}
		p := int(o.TotalCents / 100)
		// Two days of margin around the 14 days, whatever the shop's time zone.
		switch age := now.Sub(o.PlacedAt); {
		case age >= 16*24*time.Hour:
			available += p
		case age <= 12*24*time.Hour:
			pending += p
		default:
			return -1, -1
		}
	}
	for _, a := range f.PointsAdjustments {
		if a.Email == email {
			available += a.Points
		}
	}
	return available, pending
}

func TestShopIsDeterministic(t *testing.T) {
	a, b := demo.Shop(nows[0]), demo.Shop(nows[0])
	if len(a.Orders) != len(b.Orders) {
		t.Fatal("two builds differ")
	}
	for i := range a.Orders {
		if a.Orders[i].Number != b.Orders[i].Number || !a.Orders[i].PlacedAt.Equal(b.Orders[i].PlacedAt) {
			t.Fatalf("order %d differs between two builds", i)
		}
	}
}

// TestTrackingNumbersUnique: no two orders of the demo share a parcel, or
// each customer would get a link to the other's.
func TestTrackingNumbersUnique(t *testing.T) {
	seen := map[string]string{}
	for _, o := range demo.Shop(nows[0]).Orders {
		if o.TrackingNumber == "" {
			continue
		}
		if other, ok := seen[o.TrackingNumber]; ok {
			t.Errorf("orders %s and %s share tracking number %s", other, o.Number, o.TrackingNumber)
		}
		seen[o.TrackingNumber] = o.Number
	}
}

// TestAccountArea checks the account situations account.go documents, once
// imported: each return's status, the refunds and the vouchers.
func TestAccountArea(t *testing.T) {
	ctx := context.Background()
	now := nows[0]
	db, err := backend.Open(ctx, filepath.Join(t.TempDir(), "demo.db"), backend.Config{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Import(ctx, demo.Shop(now)); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		email, status     string
		refunds, usable   int
		expired, invoiced int
	}{
		{"margaux.chevalier@example.fr", storage.ReturnRefunded, 1, 2, 1, 1},
		{"william.harris@example.com", storage.ReturnReceived, 0, 1, 1, 1},
		{"ambre.leroy@example.fr", storage.ReturnRejected, 1, 0, 0, 1},
	}
	for _, tt := range tests {
		c, err := db.CustomerByEmail(ctx, tt.email)
		if err != nil {
			t.Fatal(err)
		}
		returns, _ := db.ReturnsByCustomer(ctx, c.ID)
		refunds, _ := db.RefundsByCustomer(ctx, c.ID)
		vouchers, _ := db.VouchersByCustomer(ctx, c.ID)
		orders, _ := db.OrdersByCustomer(ctx, c.ID)
		usable, expired, invoiced := 0, 0, 0
		for _, v := range vouchers {
			if v.Usable(now) {
				usable++
			} else if v.Expired(now) && !v.Used {
				expired++
			}
		}
		for _, o := range orders {
			if o.Invoice.Number != "" {
				invoiced++
			}
		}
		if len(returns) != 1 || returns[0].Status != tt.status || len(refunds) != tt.refunds ||
			usable != tt.usable || expired != tt.expired || invoiced != tt.invoiced {
			t.Errorf("%s: returns %+v, %d refunds, %d usable and %d expired vouchers, %d invoices; want one %s return, %d, %d, %d, %d",
				tt.email, returns, len(refunds), usable, expired, invoiced, tt.status, tt.refunds, tt.usable, tt.expired, tt.invoiced)
		}
	}
}

// Load fills an empty store and leaves one that holds orders alone.
func TestLoad(t *testing.T) {
	ctx := context.Background()
	db, err := backend.Open(ctx, filepath.Join(t.TempDir(), "demo.db"), backend.Config{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	now := nows[0]
	stats, held, err := demo.Load(ctx, db, now)
	if err != nil || held != 0 || stats.OrdersNew != len(demo.Shop(now).Orders) {
		t.Fatalf("Load(empty) = %+v, %d, %v; want every order new", stats, held, err)
	}
	stats, held, err = demo.Load(ctx, db, now)
	if err != nil || held != len(demo.Shop(now).Orders) || stats != (storage.ImportStats{}) {
		t.Errorf("Load(loaded) = %+v, %d, %v; want nothing imported, %d orders held", stats, held, err, len(demo.Shop(now).Orders))
	}
}

// TestCasesArea: the customers of the cases and requests have their
// addresses, consent, shipping addresses and cases as documented.
func TestCasesArea(t *testing.T) {
	ctx := context.Background()
	now := nows[0]
	db, err := backend.Open(ctx, filepath.Join(t.TempDir(), "demo.db"), backend.Config{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Import(ctx, demo.Shop(now)); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		email      string
		newsletter bool
		addresses  int
		cases      []string // ref and status, newest first
		shipping   string   // an order that has its shipping address
	}{
		{"elise.marchand@example.fr", true, 2, []string{"TK-7D2E5M1A in_progress"}, "OP-102501"},
		{"henry.clarke@example.com", false, 1, []string{"TK-9N5R2W7C open", "TK-3H8K4P6B resolved"}, "OP-102601"},
	}
	for _, tt := range tests {
		c, err := db.CustomerByEmail(ctx, tt.email)
		if err != nil {
			t.Fatal(err)
		}
		addrs, _ := db.AddressesByCustomer(ctx, c.ID)
		tickets, _ := db.TicketsByCustomer(ctx, c.ID)
		var got []string
		for _, tk := range tickets {
			got = append(got, tk.Ref+" "+tk.Status)
		}
		o, err := db.OrderByNumber(ctx, tt.shipping)
		if err != nil {
			t.Fatal(err)
		}
		if c.Newsletter != tt.newsletter || len(addrs) != tt.addresses || !addrs[0].Default ||
			strings.Join(got, ",") != strings.Join(tt.cases, ",") || o.ShippingAddress.IsZero() {
			t.Errorf("%s: newsletter %v, addresses %+v, cases %v, %s shipping to %+v; want %v, %d addresses, %v, an address",
				tt.email, c.Newsletter, addrs, got, tt.shipping, o.ShippingAddress, tt.newsletter, tt.addresses, tt.cases)
		}
	}
	late, err := db.RefundsWaiting(ctx, now.AddDate(0, 0, -14))
	if err != nil || len(late) != 1 || late[0].OrderNumber != "OP-102504" {
		t.Errorf("refunds waiting past 14 days = %+v, %v; want OP-102504 alone", late, err)
	}
}
