package policy

import (
	"fmt"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"supportbot/storage"
)

// order builds a web order placed at a Paris time, with items of the given
// prices in euros-cents; the total is their sum unless total is set.
func order(tb testing.TB, id int64, placed string, total int64, items ...storage.Item) storage.Order {
	tb.Helper()
	o := storage.Order{
		ID: id, Number: fmt.Sprintf("CL-%06d", id), PlacedAt: mustTime(tb, placed),
		Channel: storage.ChannelWeb, Status: storage.StatusDelivered, TotalCents: total, Currency: "EUR",
	}
	for i, it := range items {
		it.OrderID = id
		if it.ID == 0 {
			it.ID = id*100 + int64(i) + 1
		}
		if it.Quantity == 0 {
			it.Quantity = 1
		}
		if it.Kind == "" {
			it.Kind = storage.KindProduct
		}
		o.Items = append(o.Items, it)
	}
	return o
}

func item(cents int64) storage.Item { return storage.Item{UnitPriceCents: cents} }

func ret(orderID int64, status string, lines ...storage.ReturnItem) storage.Return {
	return storage.Return{OrderID: orderID, Status: status, Items: lines}
}

func tierPtr(points int, reward string) *Tier { return &Tier{Points: points, Reward: reward} }

func TestLoyaltyOrders(t *testing.T) {
	now := mustTime(t, "2026-03-20 12:00")
	old := "2026-02-01 10:00"
	with := func(o storage.Order, f func(*storage.Order)) storage.Order { f(&o); return o }
	tests := []struct {
		name      string
		orders    []storage.Order
		available int
		pending   int
	}{
		{"whole euros only", []storage.Order{order(t, 1, old, 8999)}, 89, 0},
		{"under one euro", []storage.Order{order(t, 1, old, 99)}, 0, 0},
		{"in store", []storage.Order{with(order(t, 1, old, 4500), func(o *storage.Order) { o.Channel = storage.ChannelStore })}, 45, 0},
		{"paid with a gift card", []storage.Order{with(order(t, 1, old, 12000), func(o *storage.Order) { o.PaidWithGiftCard = true })}, 0, 0},
		{"cancelled", []storage.Order{with(order(t, 1, old, 12000), func(o *storage.Order) { o.Status = storage.StatusCancelled })}, 0, 0},
		{"reseller", []storage.Order{with(order(t, 1, old, 12000), func(o *storage.Order) { o.Channel = storage.ChannelReseller })}, 0, 0},
		{"buying an e-gift card earns", []storage.Order{order(t, 1, old, 5000, storage.Item{UnitPriceCents: 5000, Kind: storage.KindEGiftCard})}, 50, 0},
		{"negative total", []storage.Order{order(t, 1, old, -500)}, 0, 0},
		{"several orders", []storage.Order{order(t, 1, old, 8950), order(t, 2, old, 6050), order(t, 3, "2026-03-19 09:00", 2000)}, 149, 20},
		// Placed 6 March: 14 days old on 20 March.
		{"14 days old is available", []storage.Order{order(t, 1, "2026-03-06 18:00", 10000)}, 100, 0},
		{"13 days old is pending", []storage.Order{order(t, 1, "2026-03-07 08:00", 10000)}, 0, 100},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := Loyalty(Defaults(), tt.orders, nil, nil, now)
			if b.Available != tt.available || b.Pending != tt.pending {
				t.Errorf("Loyalty() = available %d, pending %d; want %d, %d", b.Available, b.Pending, tt.available, tt.pending)
			}
		})
	}
}

func TestLoyaltyPendingEdge(t *testing.T) {
	cfg := Defaults()
	// Placed late on 1 March: pending through 14 March, available from
	// the start of 15 March in Paris, even though 14 × 24 hours have not
	// yet passed.
	o := []storage.Order{order(t, 1, "2026-03-01 23:30", 20000)}
	tests := []struct {
		name      string
		now       string
		available int
		pending   int
	}{
		{"13 days old, last minute", "2026-03-14 23:59:59", 0, 200},
		{"14 days old, first minute", "2026-03-15 00:00", 200, 0},
		{"same day", "2026-03-01 23:45", 0, 200},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := Loyalty(cfg, o, nil, nil, mustTime(t, tt.now))
			if b.Available != tt.available || b.Pending != tt.pending {
				t.Errorf("Loyalty(%s) = available %d, pending %d; want %d, %d", tt.now, b.Available, b.Pending, tt.available, tt.pending)
			}
		})
	}
	b := Loyalty(cfg, o, nil, nil, mustTime(t, "2026-03-10 12:00"))
	if got, want := b.NextRelease, mustTime(t, "2026-03-15 00:00"); !got.Equal(want) {
		t.Errorf("NextRelease = %v, want %v", got, want)
	}
}

func TestLoyaltyPendingAcrossDST(t *testing.T) {
	// Placed on the Sunday clocks go forward: still whole calendar days.
	o := []storage.Order{order(t, 1, "2026-03-29 01:30", 5000)}
	b := Loyalty(Defaults(), o, nil, nil, mustTime(t, "2026-04-12 00:00"))
	if b.Available != 50 {
		t.Errorf("available on 12 April = %d, want 50", b.Available)
	}
	if want := mustTime(t, "2026-04-12 00:00"); !Loyalty(Defaults(), o, nil, nil, mustTime(t, "2026-04-11 23:59")).NextRelease.Equal(want) {
		t.Errorf("NextRelease is not %v", want)
	}
}

func TestLoyaltyReturns(t *testing.T) {
	now := mustTime(t, "2026-03-20 12:00")
	// 89.50 € = 50.00 + 39.50: earns 89 points.
	o := order(t, 1, "2026-02-01 10:00", 8950, item(5000), item(3950))
	tenDays := order(t, 2, "2026-03-15 10:00", 3000, storage.Item{UnitPriceCents: 1000, Quantity: 3})
	other := order(t, 3, "2026-02-01 10:00", 1000, item(1000))
	a, b := storage.ReturnItem{ItemID: 101, Quantity: 1}, storage.ReturnItem{ItemID: 102, Quantity: 1}
	tests := []struct {
		name      string
		returns   []storage.Return
		available int
		pending   int
	}{
		{"no return", nil, 99, 30},
		{"the 39.50 item returned keeps 50", []storage.Return{ret(1, storage.ReturnOpen, b)}, 60, 30},
		{"the 50.00 item returned keeps 39", []storage.Return{ret(1, storage.ReturnRefunded, a)}, 49, 30},
		{"both returned separately", []storage.Return{ret(1, storage.ReturnReceived, a), ret(1, storage.ReturnOpen, b)}, 10, 30},
		{"cancelled return keeps the points", []storage.Return{ret(1, storage.ReturnCancelled, a, b)}, 99, 30},
		{"pending order partly returned", []storage.Return{ret(2, storage.ReturnOpen, storage.ReturnItem{ItemID: 201, Quantity: 2})}, 99, 10},
		{"item of another order ignored", []storage.Return{ret(3, storage.ReturnOpen, a)}, 99, 30},
		{"more returned than bought stops at zero", []storage.Return{ret(3, storage.ReturnOpen, storage.ReturnItem{ItemID: 301, Quantity: 5})}, 89, 30},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Loyalty(Defaults(), []storage.Order{o, tenDays, other}, tt.returns, nil, now)
			if got.Available != tt.available || got.Pending != tt.pending {
				t.Errorf("Loyalty() = available %d, pending %d; want %d, %d", got.Available, got.Pending, tt.available, tt.pending)
			}
		})
	}
}

func TestLoyaltyAdjustments(t *testing.T) {
	now := mustTime(t, "2026-03-20 12:00")
	orders := []storage.Order{order(t, 1, "2026-01-10 10:00", 10000), order(t, 2, "2026-03-19 10:00", 4000)}
	tests := []struct {
		name        string
		adjustments []int
		available   int
	}{
		{"goodwill gesture counts at once", []int{50}, 150},
		{"correction", []int{50, -30}, 120},
		{"never shown below zero", []int{-500}, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var adj []storage.PointsAdjustment
			for _, p := range tt.adjustments {
				adj = append(adj, storage.PointsAdjustment{Points: p, At: now.AddDate(0, 0, 1)})
			}
			b := Loyalty(Defaults(), orders, nil, adj, now)
			if b.Available != tt.available || b.Pending != 40 {
				t.Errorf("Loyalty() = available %d, pending %d; want %d, 40", b.Available, b.Pending, tt.available)
			}
		})
	}
}

func TestLoyaltyTiers(t *testing.T) {
	now := mustTime(t, "2026-03-20 12:00")
	tests := []struct {
		name   string
		points int
		want   Balance
	}{
		{"none", 0, Balance{Next: tierPtr(150, "birthday_early_access"), Missing: 150}},
		{"149", 149, Balance{Available: 149, Next: tierPtr(150, "birthday_early_access"), Missing: 1}},
		{"exactly 150", 150, Balance{Available: 150, Tier: tierPtr(150, "birthday_early_access"), Next: tierPtr(300, "gift_card_or_donation"), Missing: 150}},
		{"499", 499, Balance{Available: 499, Tier: tierPtr(300, "gift_card_or_donation"), Next: tierPtr(500, "free_accessory"), Missing: 1}},
		{"exactly 1000, nothing next", 1000, Balance{Available: 1000, Tier: tierPtr(1000, "ambassador")}},
		{"beyond the last", 4321, Balance{Available: 4321, Tier: tierPtr(1000, "ambassador")}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			adj := []storage.PointsAdjustment{{Points: tt.points}}
			got := Loyalty(Defaults(), nil, nil, adj, now)
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("Loyalty() mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

func TestLoyaltyPendingDoesNotReachTier(t *testing.T) {
	now := mustTime(t, "2026-03-20 12:00")
	b := Loyalty(Defaults(), []storage.Order{order(t, 1, "2026-03-19 10:00", 20000)}, nil, nil, now)
	if b.Tier != nil || b.Missing != 150 || b.Pending != 200 {
		t.Errorf("Loyalty() = tier %v, missing %d, pending %d; want none, 150, 200", b.Tier, b.Missing, b.Pending)
	}
}

func TestLoyaltyRate(t *testing.T) {
	cfg := Defaults()
	cfg.Loyalty.PointsPerEuro = 2
	b := Loyalty(cfg, []storage.Order{order(t, 1, "2026-01-01 10:00", 8999)}, nil, nil, mustTime(t, "2026-03-01 10:00"))
	if b.Available != 178 {
		t.Errorf("available at 2 points per euro for 89.99 = %d, want 178", b.Available)
	}
}

func TestReturned(t *testing.T) {
	returns := []storage.Return{
		ret(1, storage.ReturnOpen, storage.ReturnItem{ItemID: 7, Quantity: 1}, storage.ReturnItem{ItemID: 8, Quantity: 1}),
		ret(1, storage.ReturnRefunded, storage.ReturnItem{ItemID: 7, Quantity: 2}),
		ret(1, storage.ReturnCancelled, storage.ReturnItem{ItemID: 7, Quantity: 4}),
	}
	if got := Returned(returns, 7); got != 3 {
		t.Errorf("Returned(7) = %d, want 3", got)
	}
}

func BenchmarkLoyalty(b *testing.B) {
	now := mustTime(b, "2026-03-20 12:00")
	var orders []storage.Order
	var returns []storage.Return
	for i := range int64(200) {
		o := order(b, i+1, "2026-01-01 10:00", 5000+i*37, item(2500), item(2500+i*37))
		o.PlacedAt = o.PlacedAt.Add(time.Duration(i) * 7 * time.Hour)
		orders = append(orders, o)
		if i%10 == 0 {
			returns = append(returns, ret(o.ID, storage.ReturnRefunded, storage.ReturnItem{ItemID: o.Items[0].ID, Quantity: 1}))
		}
	}
	cfg := Defaults()
	b.ReportAllocs()
	for b.Loop() {
		Loyalty(cfg, orders, returns, nil, now)
	}
}

func TestContributions(t *testing.T) {
	cfg := Defaults()
	now := mustTime(t, "2026-11-18 10:00")
	gift := order(t, 2, "2026-10-01 10:00", 5000, item(5000))
	gift.PaidWithGiftCard = true
	cancelled := order(t, 3, "2026-10-02 10:00", 4000, item(4000))
	cancelled.Status = storage.StatusCancelled
	reseller := order(t, 4, "2026-10-03 10:00", 3000, item(3000))
	reseller.Channel = storage.ChannelReseller
	returnedAll := order(t, 5, "2026-10-04 10:00", 2000, item(2000))
	partly := order(t, 6, "2026-10-05 10:00", 9000, item(6000), item(3000))
	recent := order(t, 7, "2026-11-10 10:00", 12050, item(12050))
	earned := order(t, 8, "2026-09-01 10:00", 8999, item(8999))
	returns := []storage.Return{
		ret(5, storage.ReturnOpen, storage.ReturnItem{ItemID: 501, Quantity: 1}),
		ret(6, storage.ReturnRefunded, storage.ReturnItem{ItemID: 602, Quantity: 1}),
	}
	got := Contributions(cfg, []storage.Order{recent, partly, returnedAll, reseller, cancelled, gift, earned}, returns, now)
	want := []struct {
		points  int
		why     string
		pending bool
	}{
		{120, WhyEarned, true},
		{60, WhyPartly, false},
		{0, WhyReturned, false},
		{0, WhyReseller, false},
		{0, WhyCancelled, false},
		{0, WhyGiftCard, false},
		{89, WhyEarned, false},
	}
	if len(got) != len(want) {
		t.Fatalf("got %d contributions, want %d", len(got), len(want))
	}
	for i, w := range want {
		g := got[i]
		if g.Points != w.points || g.Why != w.why || g.Pending != w.pending {
			t.Errorf("order %s: got %d points, why %q, pending %v; want %d, %q, %v", g.Order.Number, g.Points, g.Why, g.Pending, w.points, w.why, w.pending)
		}
	}
	if r := got[0].Release; !r.Equal(mustTime(t, "2026-11-24 00:00")) {
		t.Errorf("release of the recent order = %v, want 24 November at midnight", r)
	}
}
