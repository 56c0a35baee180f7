package policy

import (
	"time"

	"supportbot/storage"
)

// Estimate is what the customer can expect of an order in its current
// status.
type Estimate struct {
	Status string
	// Window is the usual delay of the current status (12–24 hours, 2–4
	// working days); the zero Delay when nothing more is due (delivered,
	// ready for pickup, cancelled).
	Window Delay
	// Since is the event Window counts from: ordering for a pending order,
	// shipping after that. Zero when nothing is due.
	Since time.Time
	// Due is the latest time the current status should end: Since plus the
	// Window's maximum, and for an order in transit the DeliveryDue date,
	// since the store keeps no time for the carrier's scans. Zero when
	// nothing is due.
	Due time.Time
	// Late is true when now is past Due.
	Late bool
	// DeliveryFrom and DeliveryDue are the ends of the days Delivery.Min
	// and Delivery.Max working days after shipping: the parcel normally
	// arrives between them. Zero before shipping and once it arrived. A
	// parcel in transit past DeliveryDue calls for a carrier investigation.
	// The window never starts in the past: once its first day has come,
	// DeliveryFrom is the end of today (DeliveryDue at the latest).
	DeliveryFrom, DeliveryDue time.Time
}

// Expected returns the estimate of order at now. A shipped order missing its
// shipping date gets no due dates rather than wrong ones.
func Expected(cfg Config, order storage.Order, now time.Time) Estimate {
	e := Estimate{Status: order.Status}
	d := cfg.Delivery
	switch order.Status {
	case storage.StatusPending, storage.StatusPreparing:
		e.Window, e.Since = d.Pending, order.PlacedAt
		e.Due = order.PlacedAt.Add(time.Duration(d.Pending.Max) * time.Hour)
	case storage.StatusShipped, storage.StatusInTransit:
		if order.ShippedAt.IsZero() {
			return e
		}
		e.Since = order.ShippedAt
		e.DeliveryFrom = cfg.AddWorkingDays(order.ShippedAt, d.Delivery.Min).End(cfg.Location)
		e.DeliveryDue = cfg.AddWorkingDays(order.ShippedAt, d.Delivery.Max).End(cfg.Location)
		if today := DateOf(now, cfg.Location).End(cfg.Location); e.DeliveryFrom.Before(today) {
			e.DeliveryFrom = today
			if e.DeliveryDue.Before(today) {
				e.DeliveryFrom = e.DeliveryDue
			}
		}
		if order.Status == storage.StatusShipped {
			e.Window = d.Shipped
			e.Due = order.ShippedAt.Add(time.Duration(d.Shipped.Max) * time.Hour)
		} else {
			e.Window = d.InTransit
			e.Due = e.DeliveryDue
		}
	default:
		return e
	}
	e.Late = now.After(e.Due)
	return e
}

// SentByEmail reports whether items are all e-gift cards, which are sent by
// e-mail: no parcel, no carrier, nothing to return.
func SentByEmail(items []storage.Item) bool {
	for _, it := range items {
		if it.Kind != storage.KindEGiftCard {
			return false
		}
	}
	return len(items) > 0
}

// Arrival returns the days an order that has not arrived yet should
// arrive between: the delivery window once it has shipped, and before
// that the window counted from the days it should leave (the pending
// delay from ordering, or today when that has passed). false for an order
// with nothing due: delivered, ready for pickup, cancelled, or shipped
// without a shipping date.
func Arrival(cfg Config, order storage.Order, now time.Time) (from, due Date, ok bool) {
	est := Expected(cfg, order, now)
	loc := cfg.Location
	switch order.Status {
	case storage.StatusShipped, storage.StatusInTransit:
		if est.DeliveryDue.IsZero() {
			return Date{}, Date{}, false
		}
		return DateOf(est.DeliveryFrom, loc), DateOf(est.DeliveryDue, loc), true
	case storage.StatusPending, storage.StatusPreparing:
		d := cfg.Delivery
		first := order.PlacedAt.Add(time.Duration(d.Pending.Min) * time.Hour)
		last := est.Due
		if first.Before(now) {
			first = now
		}
		if last.Before(now) {
			last = now
		}
		return cfg.AddWorkingDays(first, d.Delivery.Min), cfg.AddWorkingDays(last, d.Delivery.Max), true
	}
	return Date{}, Date{}, false
}
