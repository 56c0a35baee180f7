package policy

import (
	"time"

	"supportbot/storage"
)

// Balance is a customer's loyalty account at a moment.
type Balance struct {
	Available int // points the customer can use now; never below 0
	Pending   int // points of purchases younger than Loyalty.PendingDays
	// NextRelease is the first instant some pending points become
	// available; zero if nothing is pending.
	NextRelease time.Time

	Tier    *Tier // highest tier reached with the available points; nil if none
	Next    *Tier // next tier to reach; nil after the last one
	Missing int   // available points still needed for Next; 0 if Next is nil
}

// Loyalty computes a customer's balance from all their orders, returns and
// manual adjustments.
//
// The rules (SPEC §6), made precise:
//   - An order earns floor(total in cents / 100) × PointsPerEuro: whole euros
//     only, online and in store alike.
//   - Cancelled orders, orders paid with a gift card and purchases at a
//     partner reseller earn nothing.
//   - Buying an e-gift card is a purchase like any other and earns points;
//     the order later paid with that card earns none, so the money is
//     counted once.
//   - A return that is not cancelled or rejected (open, received or refunded) takes back
//     the points of what it returns: the order then earns the points of the
//     value kept, floor((total − returned value) / 100) × PointsPerEuro,
//     where the returned value is quantity × unit price of each returned
//     line. Taking the floor once on the kept value, rather than per item,
//     means returning every item in turn never takes back more than the
//     order earned, and an order never counts below zero.
//   - An order's points are pending until the start of the day, in shop
//     time, that is PendingDays after the day it was placed (placed on the
//     1st with 14 days: pending through the 14th, available on the 15th).
//     They never expire.
//   - Adjustments count at once, whatever their date, and may be negative;
//     Available is shown as 0 rather than below.
//
// Tiers are reached with available points only: pending points may still
// be returned.
func Loyalty(cfg Config, orders []storage.Order, returns []storage.Return, adjustments []storage.PointsAdjustment, now time.Time) Balance {
	returned := returnedValues(orders, returns)
	var b Balance
	for _, o := range orders {
		pts := OrderPoints(cfg, o, returned[o.ID])
		if pts == 0 {
			continue
		}
		release := DateOf(o.PlacedAt, cfg.Location).AddDays(cfg.Loyalty.PendingDays).Start(cfg.Location)
		if now.Before(release) {
			b.Pending += pts
			if b.NextRelease.IsZero() || release.Before(b.NextRelease) {
				b.NextRelease = release
			}
			continue
		}
		b.Available += pts
	}
	for _, a := range adjustments {
		b.Available += a.Points
	}
	b.Available = max(b.Available, 0)
	b.Tier, b.Next = tiers(cfg.Loyalty.Tiers, b.Available)
	if b.Next != nil {
		b.Missing = b.Next.Points - b.Available
	}
	return b
}

// OrderPoints returns the points an order earns once returnedCents worth of
// its items have been returned, following the rules of Loyalty.
func OrderPoints(cfg Config, o storage.Order, returnedCents int64) int {
	if o.Status == storage.StatusCancelled || !o.CancelledAt.IsZero() ||
		o.PaidWithGiftCard || o.Channel == storage.ChannelReseller {
		return 0
	}
	kept := o.TotalCents - returnedCents
	if kept <= 0 {
		return 0
	}
	return int(kept/100) * cfg.Loyalty.PointsPerEuro
}

// returnedValues sums, per order ID, the value of the items taken back by
// returns that are not cancelled. Lines naming an item that is not in the
// return's order are ignored.
func returnedValues(orders []storage.Order, returns []storage.Return) map[int64]int64 {
	type line struct{ order, item int64 }
	prices := map[line]int64{} // unit prices
	for _, o := range orders {
		for _, it := range o.Items {
			prices[line{o.ID, it.ID}] = it.UnitPriceCents
		}
	}
	sums := map[int64]int64{}
	for _, r := range returns {
		if r.Status == storage.ReturnCancelled || r.Status == storage.ReturnRejected {
			// The customer keeps the items, and their points.
			continue
		}
		for _, ri := range r.Items {
			if p, ok := prices[line{r.OrderID, ri.ItemID}]; ok && ri.Quantity > 0 {
				sums[r.OrderID] += p * int64(ri.Quantity)
			}
		}
	}
	return sums
}

// Returned counts the units of an item taken back by returns that are not
// cancelled: the alreadyReturned of ReturnEligibility.
func Returned(returns []storage.Return, itemID int64) int {
	n := 0
	for _, r := range returns {
		if r.Status == storage.ReturnCancelled {
			continue
		}
		for _, ri := range r.Items {
			if ri.ItemID == itemID {
				n += ri.Quantity
			}
		}
	}
	return n
}

// tiers returns the highest tier reached with points and the one after it.
// It expects tiers in increasing order, as Validate requires.
func tiers(ts []Tier, points int) (reached, next *Tier) {
	for i := range ts {
		t := ts[i]
		if points >= t.Points {
			reached = &t
			continue
		}
		return reached, &t
	}
	return reached, nil
}

// Why an order earns no points, or fewer than its total (Contribution.Why).
const (
	WhyEarned    = ""                // earned in full
	WhyCancelled = "cancelled"       // cancelled: nothing
	WhyGiftCard  = "gift_card"       // paid with a gift card: nothing
	WhyReseller  = "reseller"        // bought at a partner reseller: nothing
	WhyReturned  = "returned"        // all of it returned: nothing
	WhyPartly    = "partly_returned" // part of it returned: the points of what was kept
)

// Contribution is what one order brings to the balance, and why.
type Contribution struct {
	Order  storage.Order
	Points int
	Why    string // one of the Why constants
	// Pending is set while the points wait for the purchase to be
	// PendingDays old; Release is when they become available.
	Pending bool
	Release time.Time
}

// Contributions explains a balance order by order, newest first as
// orders come: the points each earned (by the rules of Loyalty), pending
// until when, or why it earned nothing.
func Contributions(cfg Config, orders []storage.Order, returns []storage.Return, now time.Time) []Contribution {
	returned := returnedValues(orders, returns)
	out := make([]Contribution, 0, len(orders))
	for _, o := range orders {
		c := Contribution{Order: o, Points: OrderPoints(cfg, o, returned[o.ID])}
		switch {
		case o.Status == storage.StatusCancelled || !o.CancelledAt.IsZero():
			c.Why = WhyCancelled
		case o.PaidWithGiftCard:
			c.Why = WhyGiftCard
		case o.Channel == storage.ChannelReseller:
			c.Why = WhyReseller
		case returned[o.ID] > 0 && c.Points == 0:
			c.Why = WhyReturned
		case returned[o.ID] > 0:
			c.Why = WhyPartly
		}
		if c.Points > 0 {
			c.Release = DateOf(o.PlacedAt, cfg.Location).AddDays(cfg.Loyalty.PendingDays).Start(cfg.Location)
			c.Pending = now.Before(c.Release)
		}
		out = append(out, c)
	}
	return out
}
