package policy

import (
	"testing"
	"time"

	"supportbot/storage"
)

// delivered is a web order placed and delivered at Paris times, with one
// plain item.
func delivered(tb testing.TB, placed, at string) (storage.Order, storage.Item) {
	tb.Helper()
	o := order(tb, 1, placed, 5000, item(5000))
	o.ShippedAt = mustTime(tb, placed).Add(24 * time.Hour)
	o.DeliveredAt = mustTime(tb, at)
	return o, o.Items[0]
}

func TestReturnWindow(t *testing.T) {
	tests := []struct {
		name     string
		placed   string
		at       string // delivery
		now      string
		ok       bool
		deadline string // day, end of it
		extended bool
	}{
		{"day 30 after delivery", "2026-02-25 10:00", "2026-03-01 15:00", "2026-03-31 23:59", true, "2026-03-31", false},
		{"day 31 after delivery", "2026-02-25 10:00", "2026-03-01 15:00", "2026-04-01 00:00", false, "2026-03-31", false},
		{"delivered late at night counts in shop time", "2026-02-25 10:00", "2026-03-01 23:50", "2026-03-31 23:00", true, "2026-03-31", false},
		{"window over the October clock change", "2026-09-28 10:00", "2026-10-01 09:00", "2026-10-31 23:59", true, "2026-10-31", false},
		{"December order returned on 30 January", "2025-12-10 10:00", "2025-12-15 11:00", "2026-01-30 16:00", true, "2026-01-31", true},
		{"December order on 1 February", "2025-12-10 10:00", "2025-12-15 11:00", "2026-02-01 00:00", false, "2026-01-31", true},
		{"December order delivered on 20 January keeps 30 days", "2025-12-28 10:00", "2026-01-20 10:00", "2026-02-15 10:00", true, "2026-02-19", false},
		{"holiday order whose normal window ends later", "2025-12-31 20:00", "2026-01-05 10:00", "2026-02-03 10:00", true, "2026-02-04", false},
		{"placed 1 November", "2025-11-01 00:30", "2025-11-04 10:00", "2026-01-31 12:00", true, "2026-01-31", true},
		{"placed 31 October, no extension", "2025-10-31 23:30", "2025-11-04 10:00", "2025-12-05 10:00", false, "2025-12-04", false},
		{"placed 31 December late evening", "2025-12-31 23:30", "2026-01-02 10:00", "2026-01-31 23:59", true, "2026-02-01", false},
	}
	cfg := Defaults()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			o, it := delivered(t, tt.placed, tt.at)
			got := ReturnEligibility(cfg, o, it, 0, mustTime(t, tt.now))
			want := ReturnDecision{OK: tt.ok, Deadline: endOf(t, tt.deadline), Extended: tt.extended}
			if !tt.ok {
				want.Reason = ReasonWindowClosed
			}
			if got.OK != want.OK || got.Reason != want.Reason || !got.Deadline.Equal(want.Deadline) || got.Extended != want.Extended {
				t.Errorf("ReturnEligibility() = %+v, want %+v", got, want)
			}
		})
	}
}

// The holiday period starts and ends at midnight in the shop's zone, not
// in the zone of the time stored.
func TestReturnHolidayInShopTime(t *testing.T) {
	o, it := delivered(t, "2025-11-01 00:30", "2025-11-05 10:00")
	o.PlacedAt = o.PlacedAt.UTC() // 31 October, 23:30 UTC
	got := ReturnEligibility(Defaults(), o, it, 0, mustTime(t, "2026-01-20 10:00"))
	if !got.OK || !got.Extended {
		t.Errorf("ReturnEligibility() = %+v, want OK with the holiday extension", got)
	}
}

func TestReturnRefusals(t *testing.T) {
	now := mustTime(t, "2026-03-10 12:00")
	base, _ := delivered(t, "2026-03-01 10:00", "2026-03-03 10:00")
	tests := []struct {
		name     string
		change   func(o *storage.Order, it *storage.Item)
		returned int
		reason   string
	}{
		{"plain item", func(*storage.Order, *storage.Item) {}, 0, ""},
		{"personalised", func(_ *storage.Order, it *storage.Item) { it.Personalized = true }, 0, ReasonPersonalized},
		{"e-gift card", func(_ *storage.Order, it *storage.Item) { it.Kind = storage.KindEGiftCard }, 0, ReasonGiftCard},
		{"already returned", func(*storage.Order, *storage.Item) {}, 1, ReasonAlreadyReturned},
		{"one of two returned", func(_ *storage.Order, it *storage.Item) { it.Quantity = 2 }, 1, ""},
		{"both of two returned", func(_ *storage.Order, it *storage.Item) { it.Quantity = 2 }, 2, ReasonAlreadyReturned},
		{"cancelled order", func(o *storage.Order, _ *storage.Item) {
			o.Status, o.DeliveredAt, o.CancelledAt = storage.StatusCancelled, time.Time{}, now
		}, 0, ReasonCancelled},
		{"in transit", func(o *storage.Order, _ *storage.Item) {
			o.Status, o.DeliveredAt = storage.StatusInTransit, time.Time{}
		}, 0, ReasonNotDelivered},
		{"waiting at the pickup point", func(o *storage.Order, _ *storage.Item) {
			o.Status, o.DeliveredAt = storage.StatusReadyForPickup, time.Time{}
		}, 0, ReasonAtPickupPoint},
		{"bought in store", func(o *storage.Order, _ *storage.Item) {
			o.Channel, o.ShippedAt, o.DeliveredAt = storage.ChannelStore, time.Time{}, time.Time{}
		}, 0, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			o := base
			o.Items = append([]storage.Item(nil), base.Items...)
			tt.change(&o, &o.Items[0])
			got := ReturnEligibility(Defaults(), o, o.Items[0], tt.returned, now)
			if got.OK != (tt.reason == "") || got.Reason != tt.reason {
				t.Errorf("ReturnEligibility() = %+v, want reason %q", got, tt.reason)
			}
		})
	}
}

func TestReturnDeliveryDateFallback(t *testing.T) {
	cfg := Defaults()
	o, it := delivered(t, "2026-03-01 10:00", "2026-03-05 10:00")
	o.DeliveredAt = time.Time{} // delivered, date missing: counted from shipping on 2 March
	got := ReturnEligibility(cfg, o, it, 0, mustTime(t, "2026-04-01 10:00"))
	if want := endOf(t, "2026-04-01"); !got.OK || !got.Deadline.Equal(want) {
		t.Errorf("ReturnEligibility() = %+v, want OK until %v", got, want)
	}
	o.ShippedAt = time.Time{} // then from ordering on 1 March
	got = ReturnEligibility(cfg, o, it, 0, mustTime(t, "2026-04-01 10:00"))
	if want := endOf(t, "2026-03-31"); got.OK || !got.Deadline.Equal(want) {
		t.Errorf("ReturnEligibility() = %+v, want closed since %v", got, want)
	}
}

func TestReturnHolidayOff(t *testing.T) {
	cfg := Defaults()
	cfg.Returns.HolidayStart, cfg.Returns.HolidayEnd, cfg.Returns.HolidayUntil = MonthDay{}, MonthDay{}, MonthDay{}
	o, it := delivered(t, "2025-12-10 10:00", "2025-12-15 11:00")
	got := ReturnEligibility(cfg, o, it, 0, mustTime(t, "2026-01-30 16:00"))
	if got.OK || got.Extended || !got.Deadline.Equal(endOf(t, "2026-01-14")) {
		t.Errorf("ReturnEligibility() = %+v, want closed on 14 January", got)
	}
}

func TestHolidayUntilAcrossNewYear(t *testing.T) {
	r := ReturnRules{
		HolidayStart: MonthDay{time.December, 15},
		HolidayEnd:   MonthDay{time.January, 15},
		HolidayUntil: MonthDay{time.February, 28},
	}
	tests := []struct {
		placed Date
		want   Date
		ok     bool
	}{
		{Date{2025, time.December, 14}, Date{}, false},
		{Date{2025, time.December, 15}, Date{2026, time.February, 28}, true},
		{Date{2026, time.January, 1}, Date{2026, time.February, 28}, true},
		{Date{2026, time.January, 15}, Date{2026, time.February, 28}, true},
		{Date{2026, time.January, 16}, Date{}, false},
	}
	for _, tt := range tests {
		t.Run(tt.placed.String(), func(t *testing.T) {
			got, ok := holidayUntil(r, tt.placed)
			if got != tt.want || ok != tt.ok {
				t.Errorf("holidayUntil(%s) = %s, %v; want %s, %v", tt.placed, got, ok, tt.want, tt.ok)
			}
		})
	}
}
