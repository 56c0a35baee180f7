package policy

import (
	"time"

	"supportbot/storage"
)

// CancelDecision says whether an order can be cancelled now.
type CancelDecision struct {
	OK     bool
	Reason string // a Reason code when !OK
	// Deadline is the end of the cancellation window (ordering time plus
	// Cancellation.Hours), set whatever the decision.
	Deadline time.Time
}

// CanCancel decides whether the order may be cancelled at now: only while
// it is still pending (not handed to the carrier), within
// Cancellation.Hours of ordering — an elapsed duration, so a daylight-saving
// change neither adds nor removes an hour — and never when any item is
// personalised, since making it has started.
//
// An order of e-gift cards only is refused with ReasonGiftCard whatever
// the rule, since what the customer can do instead (a return) does not
// apply to it.
//
// When several reasons apply, the most lasting one is given: cancelled,
// then where the order already is (bought in store, delivered, at the
// pickup point, shipped), then personalised, then too late. Where it is
// decides what the customer can do instead, so it is told first.
func CanCancel(cfg Config, order storage.Order, now time.Time) CancelDecision {
	d := CancelDecision{Deadline: order.PlacedAt.Add(time.Duration(cfg.Cancellation.Hours) * time.Hour)}
	switch {
	case order.Status == storage.StatusCancelled:
		d.Reason = ReasonAlreadyCancelled
	case order.Status != storage.StatusPending && order.Status != storage.StatusPreparing:
		d.Reason = dispatchedReason(order)
	case hasPersonalized(order):
		d.Reason = ReasonPersonalized
	case cfg.Cancellation.Hours == 0:
		d.Reason = ReasonNotAllowed
	case now.After(d.Deadline):
		d.Reason = ReasonTooLate
	default:
		d.OK = true
	}
	if !d.OK && d.Reason != ReasonAlreadyCancelled && SentByEmail(order.Items) {
		// Nothing ships and nothing comes back: the refusal is about the card.
		d.Reason = ReasonGiftCard
	}
	return d
}

// dispatchedReason says where an order that is no longer pending is.
func dispatchedReason(o storage.Order) string {
	switch {
	case o.Channel == storage.ChannelStore:
		return ReasonInStore
	case o.Status == storage.StatusDelivered:
		return ReasonDelivered
	case o.Status == storage.StatusReadyForPickup:
		return ReasonAtPickupPoint
	}
	return ReasonShipped
}

func hasPersonalized(o storage.Order) bool {
	for _, it := range o.Items {
		if it.Personalized {
			return true
		}
	}
	return false
}
