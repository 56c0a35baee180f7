package policy

import (
	"time"

	"supportbot/storage"
)

// Reason codes of a refused return or cancellation. They are stable: the
// bot turns each into a locale message.
const (
	ReasonCancelled        = "cancelled"         // the order was cancelled
	ReasonGiftCard         = "gift_card"         // e-gift cards: never returnable, not cancellable once due
	ReasonPersonalized     = "personalized"      // personalised or engraved item
	ReasonAlreadyReturned  = "already_returned"  // every unit is already in a return
	ReasonNotDelivered     = "not_delivered"     // nothing to return yet
	ReasonWindowClosed     = "window_closed"     // past Deadline
	ReasonAlreadyCancelled = "already_cancelled" // cancelling a cancelled order
	ReasonShipped          = "shipped"           // the order has left the warehouse, on its way
	ReasonDelivered        = "delivered"         // the order has reached the customer
	ReasonAtPickupPoint    = "at_pickup_point"   // the parcel waits at the pickup point
	ReasonInStore          = "in_store"          // bought in a shop: taken home at once
	ReasonTooLate          = "too_late"          // past the cancellation window
	ReasonNotAllowed       = "not_allowed"       // the shop allows no cancellation (Cancellation.Hours is 0)
)

// ReturnDecision says whether an item can be returned now.
type ReturnDecision struct {
	OK     bool
	Reason string // a Reason code when !OK
	// Deadline is the last instant the item may be returned, when the
	// window applies (also when it has closed); zero for items that are
	// never returnable or not yet delivered.
	Deadline time.Time
	// Extended is true when Deadline comes from the holiday extension
	// rather than the normal window.
	Extended bool
}

// ReturnEligibility decides whether one more unit of item, from order, may
// be returned at now. alreadyReturned is the number of its units in returns
// that are not cancelled (see Returned).
//
// The window runs Returns.Days after the day of delivery, through the end of
// the last day in shop time: delivered on the 1st with 30 days, returnable
// through the 31st. An order placed within the holiday period may instead be
// returned until the end of the following Returns.HolidayUntil when that is
// later; an order placed in December but delivered late in January keeps
// its normal window. An in-store purchase without a delivery date counts as
// delivered when bought. A delivered order missing its delivery date is
// counted from its shipping (or, failing that, ordering) date: the window
// may then be shorter than the true one, never longer.
func ReturnEligibility(cfg Config, order storage.Order, item storage.Item, alreadyReturned int, now time.Time) ReturnDecision {
	switch {
	case order.Status == storage.StatusCancelled:
		return ReturnDecision{Reason: ReasonCancelled}
	case item.Kind == storage.KindEGiftCard:
		return ReturnDecision{Reason: ReasonGiftCard}
	case item.Personalized:
		return ReturnDecision{Reason: ReasonPersonalized}
	case alreadyReturned >= item.Quantity:
		return ReturnDecision{Reason: ReasonAlreadyReturned}
	}
	delivered, ok := deliveryDate(order)
	switch {
	case !ok && order.Status == storage.StatusReadyForPickup:
		return ReturnDecision{Reason: ReasonAtPickupPoint}
	case !ok:
		return ReturnDecision{Reason: ReasonNotDelivered}
	}
	deadline, extended := returnDeadline(cfg, order.PlacedAt, delivered)
	d := ReturnDecision{OK: !now.After(deadline), Deadline: deadline, Extended: extended}
	if !d.OK {
		d.Reason = ReasonWindowClosed
	}
	return d
}

// deliveryDate returns when the order reached the customer, and false if it
// has not.
func deliveryDate(o storage.Order) (time.Time, bool) {
	switch {
	case !o.DeliveredAt.IsZero():
		return o.DeliveredAt, true
	case o.Channel == storage.ChannelStore:
		return o.PlacedAt, true
	case o.Status != storage.StatusDelivered:
		return time.Time{}, false
	case !o.ShippedAt.IsZero():
		return o.ShippedAt, true
	default:
		return o.PlacedAt, true
	}
}

// returnDeadline returns the end of the return window of an order placed and
// delivered at the given times, and whether the holiday extension set it.
func returnDeadline(cfg Config, placed, delivered time.Time) (time.Time, bool) {
	loc := cfg.Location
	normal := DateOf(delivered, loc).AddDays(cfg.Returns.Days).End(loc)
	until, ok := holidayUntil(cfg.Returns, DateOf(placed, loc))
	if !ok {
		return normal, false
	}
	if holiday := until.End(loc); holiday.After(normal) {
		return holiday, true
	}
	return normal, false
}

// holidayUntil returns the last day of the extended window of an order
// placed on the given day, and false if that day is outside the holiday
// period. The period may span the new year (start 15 December, end 15
// January).
func holidayUntil(r ReturnRules, placed Date) (Date, bool) {
	if r.HolidayStart.IsZero() || r.HolidayEnd.IsZero() || r.HolidayUntil.IsZero() {
		return Date{}, false
	}
	// The day is in the period when the period's next end comes before the
	// period's next start.
	end := nextOccurrence(placed, r.HolidayEnd)
	start := nextOccurrence(placed.AddDays(1), r.HolidayStart)
	if !end.Before(start) {
		return Date{}, false
	}
	return nextOccurrence(end, r.HolidayUntil), true
}
