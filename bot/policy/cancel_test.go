package policy

import (
	"testing"
	"time"

	"supportbot/storage"
)

func TestCanCancel(t *testing.T) {
	pending := func(tb testing.TB, placed string) storage.Order {
		o := order(tb, 1, placed, 5000, item(5000))
		o.Status = storage.StatusPending
		return o
	}
	tests := []struct {
		name     string
		placed   string
		now      string
		change   func(o *storage.Order)
		reason   string
		deadline string
	}{
		{"23:59 after ordering", "2026-03-10 10:00", "2026-03-11 09:59", nil, "", "2026-03-11 10:00"},
		{"exactly 24 hours", "2026-03-10 10:00", "2026-03-11 10:00", nil, "", "2026-03-11 10:00"},
		{"24:01 after ordering", "2026-03-10 10:00", "2026-03-11 10:01", nil, ReasonTooLate, "2026-03-11 10:00"},
		// Clocks go forward on 29 March at 02:00: 24 hours after Saturday
		// noon is Sunday 13:00.
		{"23:30 elapsed over the clock change", "2026-03-28 12:00", "2026-03-29 12:30", nil, "", "2026-03-29 13:00"},
		{"24:30 elapsed over the clock change", "2026-03-28 12:00", "2026-03-29 13:30", nil, ReasonTooLate, "2026-03-29 13:00"},
		{"shipped", "2026-03-10 10:00", "2026-03-10 15:00", func(o *storage.Order) {
			o.Status, o.ShippedAt = storage.StatusShipped, mustTime(t, "2026-03-10 14:00")
		}, ReasonShipped, "2026-03-11 10:00"},
		{"delivered", "2026-03-10 10:00", "2026-03-10 15:00", func(o *storage.Order) { o.Status = storage.StatusDelivered }, ReasonDelivered, "2026-03-11 10:00"},
		{"at the pickup point", "2026-03-10 10:00", "2026-03-10 15:00", func(o *storage.Order) { o.Status = storage.StatusReadyForPickup }, ReasonAtPickupPoint, "2026-03-11 10:00"},
		{"bought in store", "2026-03-10 10:00", "2026-03-10 15:00", func(o *storage.Order) {
			o.Channel, o.Status, o.DeliveredAt = storage.ChannelStore, storage.StatusDelivered, o.PlacedAt
		}, ReasonInStore, "2026-03-11 10:00"},
		// Where the order is says more than what it contains.
		{"delivered with a personalised item", "2026-03-10 10:00", "2026-03-14 10:00", func(o *storage.Order) {
			o.Status = storage.StatusDelivered
			o.Items = append(o.Items, storage.Item{ID: 2, Quantity: 1, UnitPriceCents: 3000, Personalized: true})
		}, ReasonDelivered, "2026-03-11 10:00"},
		{"personalised item", "2026-03-10 10:00", "2026-03-10 10:05", func(o *storage.Order) {
			o.Items = append(o.Items, storage.Item{ID: 2, Quantity: 1, UnitPriceCents: 3000, Personalized: true})
		}, ReasonPersonalized, "2026-03-11 10:00"},
		{"e-gift card sent", "2026-03-10 10:00", "2026-03-10 11:00", func(o *storage.Order) {
			o.Status, o.DeliveredAt = storage.StatusDelivered, mustTime(t, "2026-03-10 10:05")
			o.Items[0].Kind = storage.KindEGiftCard
		}, ReasonGiftCard, "2026-03-11 10:00"},
		{"e-gift card too late", "2026-03-10 10:00", "2026-03-11 11:00", func(o *storage.Order) {
			o.Items[0].Kind = storage.KindEGiftCard
		}, ReasonGiftCard, "2026-03-11 10:00"},
		{"e-gift card in time", "2026-03-10 10:00", "2026-03-10 11:00", func(o *storage.Order) {
			o.Items[0].Kind = storage.KindEGiftCard
		}, "", "2026-03-11 10:00"},
		{"e-gift card and a product", "2026-03-10 10:00", "2026-03-10 15:00", func(o *storage.Order) {
			o.Status = storage.StatusShipped
			o.Items = append(o.Items, storage.Item{ID: 2, Quantity: 1, UnitPriceCents: 3000, Kind: storage.KindEGiftCard})
		}, ReasonShipped, "2026-03-11 10:00"},
		{"already cancelled", "2026-03-10 10:00", "2026-03-10 11:00", func(o *storage.Order) {
			o.Status, o.CancelledAt = storage.StatusCancelled, mustTime(t, "2026-03-10 10:30")
		}, ReasonAlreadyCancelled, "2026-03-11 10:00"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			o := pending(t, tt.placed)
			if tt.change != nil {
				tt.change(&o)
			}
			got := CanCancel(Defaults(), o, mustTime(t, tt.now))
			want := CancelDecision{OK: tt.reason == "", Reason: tt.reason, Deadline: mustTime(t, tt.deadline)}
			if got.OK != want.OK || got.Reason != want.Reason || !got.Deadline.Equal(want.Deadline) {
				t.Errorf("CanCancel() = %+v, want %+v", got, want)
			}
		})
	}
}

func TestCanCancelDisabled(t *testing.T) {
	cfg := Defaults()
	cfg.Cancellation.Hours = 0
	o := order(t, 1, "2026-03-10 10:00", 5000, item(5000))
	o.Status = storage.StatusPending
	got := CanCancel(cfg, o, o.PlacedAt.Add(time.Minute))
	if got.OK || got.Reason != ReasonNotAllowed {
		t.Errorf("CanCancel() = %+v, want refused with %q", got, ReasonNotAllowed)
	}
}
