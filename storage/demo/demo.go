// Package demo builds "Opaline", the demo shop: a jewellery and accessories
// shop with 35 customers and 67 orders (numbers OP- and 6 digits), dated
// relative to the moment it is built, so that every flow of the bot can be
// tried at once with "supportbot serve --demo" or "supportbot chat --demo".
//
// Customers to try (verify with the e-mail and the order number, or the
// loyalty card where given):
//
//	camille.durand@example.fr   OP-100101  140 points, 10 short of the 150 reward (card OPL-1001-01)
//	oliver.smith@example.com    OP-100201  290 points, 10 short of the 300 reward (card OPL-1002-02)
//	ines.moreau@example.fr      OP-100301  207 points available, 63 pending (purchase 5 days old)
//	lucas.bernard@example.fr    OP-100401  pending, placed an hour ago: can be cancelled
//	emma.johnson@example.com    OP-100501  pending for 2 days: too late to cancel
//	james.wilson@example.com    OP-100801  in transit with DHL, past its expected date: investigation
//	amelia.brown@example.com    OP-101001  delivered 5 days ago: return the earrings or the scarf
//	lea.fontaine@example.fr     OP-101101  delivered 40 days ago: outside the return window
//	thomas.girard@example.fr    OP-101201  marked delivered 2 days ago but not received: claim
//	jade.mercier@example.fr     OP-101401  engraved bracelet (not returnable) and a ring (returnable);
//	                            OP-101402  pending with an engraved pendant: cannot be cancelled
//
// Other situations: hugo.petit@example.fr OP-100601 (shipped 10 hours ago),
// sophie.laurent@example.fr OP-100701 (in transit, on time),
// chloe.roux@example.fr OP-100901 (ready for pickup at a Mondial Relay
// point), manon.lefebvre@example.fr OP-101301 (cancelled),
// george.taylor@example.com OP-101501 (an e-gift card, not returnable),
// alice.martin@example.fr OP-101601 (paid with a gift card, earns no
// points), nathan.dubois@example.fr OP-101701 (bought in store),
// charlotte.evans@example.com OP-101801 (bought at a partner reseller, earns
// no points), paul.garnier@example.fr OP-101901 (placed in December last
// year), zoe.lambert@example.fr OP-102001 (delivered 3 days ago, for a
// wrong item report).
//
// The account area (account.go): margaux.chevalier@example.fr OP-102201
// (a return refunded, vouchers valid, expired and used, an invoice with its
// link), william.harris@example.com OP-102301 (a return received, its
// refund under way, an invoice without a link, a valid and an expired
// voucher), ambre.leroy@example.fr OP-102401 (a return rejected, with the
// reason; OP-102402 cancelled and refunded; OP-102403 being prepared).
//
// Cases and requests (cases.go): elise.marchand@example.fr OP-102501
// (pending: its address can be changed; OP-102502 delivered, a ring to
// exchange and an engraved pendant that can't be; OP-102503 late, an
// investigation in progress with its outcome; OP-102504 cancelled and
// not refunded, late; two addresses, newsletter on), henry.clarke@example.com OP-102601 (being prepared, with its
// address; OP-102602 delivered, items to exchange; OP-102603 shipped, too
// late for the address; a claim resolved with its outcome and a wrong item
// open; newsletter off).
package demo

import (
	"time"

	"supportbot/storage"
)

// Shop returns the demo shop with its dates relative to now: the order
// "placed an hour ago" is placed an hour before now.
func Shop(now time.Time) *storage.ImportFile {
	s := newShop(now.UTC().Truncate(time.Minute))
	s.customers()
	s.loyalty()
	s.inFlight()
	s.afterDelivery()
	s.fillers()
	s.account()
	s.cases()
	return s.file
}

func (s *shop) customers() {
	for _, c := range []storage.ImportCustomer{
		{Email: "camille.durand@example.fr", Name: "Camille Durand", Phone: "+33 6 11 22 33 44", Language: "fr", LoyaltyCard: "OPL-1001-01"},
		{Email: "oliver.smith@example.com", Name: "Oliver Smith", Phone: "+44 7700 900123", Language: "en", LoyaltyCard: "OPL-1002-02"},
		{Email: "ines.moreau@example.fr", Name: "Inès Moreau", Language: "fr", LoyaltyCard: "OPL-1003-03"},
		{Email: "lucas.bernard@example.fr", Name: "Lucas Bernard", Phone: "06 45 67 89 10", Language: "fr"},
		{Email: "emma.johnson@example.com", Name: "Emma Johnson", Language: "en"},
		{Email: "hugo.petit@example.fr", Name: "Hugo Petit", Language: "fr"},
		{Email: "sophie.laurent@example.fr", Name: "Sophie Laurent", Language: "fr", LoyaltyCard: "OPL-1007-07"},
		{Email: "james.wilson@example.com", Name: "James Wilson", Language: "en"},
		{Email: "chloe.roux@example.fr", Name: "Chloé Roux", Language: "fr"},
		{Email: "amelia.brown@example.com", Name: "Amelia Brown", Language: "en", LoyaltyCard: "OPL-1010-10"},
		{Email: "lea.fontaine@example.fr", Name: "Léa Fontaine", Language: "fr"},
		{Email: "thomas.girard@example.fr", Name: "Thomas Girard", Phone: "+33 7 81 23 45 67", Language: "fr"},
		{Email: "manon.lefebvre@example.fr", Name: "Manon Lefebvre", Language: "fr"},
		{Email: "jade.mercier@example.fr", Name: "Jade Mercier", Language: "fr", LoyaltyCard: "OPL-1014-14"},
		{Email: "george.taylor@example.com", Name: "George Taylor", Language: "en"},
		{Email: "alice.martin@example.fr", Name: "Alice Martin", Language: "fr"},
		{Email: "nathan.dubois@example.fr", Name: "Nathan Dubois", Language: "fr", LoyaltyCard: "OPL-1017-17"},
		{Email: "charlotte.evans@example.com", Name: "Charlotte Evans", Language: "en"},
		{Email: "paul.garnier@example.fr", Name: "Paul Garnier", Language: "fr"},
		{Email: "zoe.lambert@example.fr", Name: "Zoé Lambert", Language: "fr"},
		{Email: "julien.rousseau@example.fr", Name: "Julien Rousseau", Language: "fr"},
		{Email: "olivia.davies@example.com", Name: "Olivia Davies", Language: "en"},
		{Email: "antoine.blanc@example.fr", Name: "Antoine Blanc", Language: "fr"},
		{Email: "sarah.miller@example.com", Name: "Sarah Miller", Language: "en"},
		{Email: "louise.henry@example.fr", Name: "Louise Henry", Language: "fr"},
		{Email: "maxime.faure@example.fr", Name: "Maxime Faure", Language: "fr"},
		{Email: "grace.wright@example.com", Name: "Grace Wright", Language: "en"},
		{Email: "clara.andre@example.fr", Name: "Clara André", Language: "fr"},
		{Email: "daniel.clarke@example.com", Name: "Daniel Clarke", Language: "en"},
		{Email: "elise.mathieu@example.fr", Name: "Élise Mathieu", Language: "fr"},
	} {
		s.addCustomer(c)
	}
}

// The orders behind the situations listed in the package documentation
// come in three groups. Times are "placed so long ago", then "shipped" and
// "delivered" so long after placing.

// loyalty sets the balances of the customers near a reward.
func (s *shop) loyalty() {
	// Loyalty: 101 + 39 = 140 points.
	s.order("OP-100101", "camille.durand@example.fr", 46*day, one(necklace), one(anklet)).
		ship(colissimo, "6A18542297311", day).deliver(3 * day)
	s.order("OP-100102", "camille.durand@example.fr", 25*day, one(scarf)).
		ship(mondialRelay, "41629873", day).deliver(4 * day)

	// Loyalty: 230 + 35 + 25 = 290 points.
	s.order("OP-100201", "oliver.smith@example.com", 70*day, one(watch), one(necklace), one(anklet)).
		ship(ups, "1Z999AA10123456784", day).deliver(3 * day)
	s.order("OP-100202", "oliver.smith@example.com", 33*day, one(jewelBox)).
		ship(dhl, "3318254976", day).deliver(4 * day)
	s.adjust("oliver.smith@example.com", 25, "goodwill gesture: parcel delivered late", 28*day)

	// Loyalty: 207 available, 63 pending.
	s.order("OP-100301", "ines.moreau@example.fr", 5*day, one(earrings), one(scarf)).
		ship(colissimo, "6A18542297328", day).deliver(4 * day)
	s.order("OP-100302", "ines.moreau@example.fr", 50*day, one(necklace), one(bangle), one(goldRing), one(clutch)).
		ship(chronopost, "XY250173984FR", day).deliver(2 * day)

	s.adjust("thomas.girard@example.fr", 30, "goodwill gesture: carrier delay", 90*day)
	s.adjust("julien.rousseau@example.fr", -15, "correction: points of a returned item", 40*day)
}

// inFlight adds orders not yet delivered: to cancel, to track.
func (s *shop) inFlight() {
	// Cancellation: allowed, then too late.
	s.order("OP-100401", "lucas.bernard@example.fr", time.Hour, one(necklace))
	s.order("OP-100501", "emma.johnson@example.com", 2*day, one(bangle), qty(earrings, 2))

	// Tracking: shipped, in transit on time, in transit late, ready for pickup.
	s.order("OP-100601", "hugo.petit@example.fr", 30*time.Hour, one(watch)).
		ship(colissimo, "6A18542297335", 20*time.Hour)
	s.order("OP-100701", "sophie.laurent@example.fr", 2*day, one(goldRing), one(hairClip)).
		ship(chronopost, "XY250174011FR", day).transit()
	s.order("OP-100801", "james.wilson@example.com", 14*day, one(clutch), one(scarf)).
		ship(dhl, "3318255012", day).transit()
	s.order("OP-100901", "chloe.roux@example.fr", 5*day, one(bangle)).
		ship(mondialRelay, "41630127", day).pickup()

	s.order("OP-101301", "manon.lefebvre@example.fr", 10*day, one(clutch)).cancel()
	// Personalised: cannot be cancelled.
	s.order("OP-101402", "jade.mercier@example.fr", 3*time.Hour, one(engravedPendant))
}

// afterDelivery adds delivered orders: to return, to report missing or
// wrong, and purchases that earn no points.
func (s *shop) afterDelivery() {
	// Returns: inside the window, outside it.
	s.order("OP-101001", "amelia.brown@example.com", 9*day, qty(earrings, 2), one(scarf)).
		ship(ups, "1Z999AA10123456791", day).deliver(4 * day)
	s.outsideWindow("OP-101101", "lea.fontaine@example.fr", 44*day, one(necklace), one(hairClip))

	// Missing parcel: marked delivered two days ago.
	s.order("OP-101201", "thomas.girard@example.fr", 6*day, one(watch)).
		ship(colissimo, "6A18542297342", day).deliver(4 * day)

	// Personalised item: not returnable; the ring is.
	s.order("OP-101401", "jade.mercier@example.fr", 10*day, one(engravedBracelet), one(goldRing)).
		ship(colissimo, "6A18542297359", day).deliver(4 * day)

	// An e-gift card, sent by e-mail minutes after the order.
	s.order("OP-101501", "george.taylor@example.com", 8*day, giftCard(5000)).deliver(5 * time.Minute)

	// Paid with a gift card: no points; the older order earns 39.
	s.order("OP-101601", "alice.martin@example.fr", 20*day, one(clutch)).
		ship(mondialRelay, "41630134", day).deliver(5 * day).paidWithGiftCard()
	s.order("OP-101602", "alice.martin@example.fr", 60*day, one(scarf)).
		ship(colissimo, "6A18542297366", day).deliver(3 * day)

	s.order("OP-101701", "nathan.dubois@example.fr", 18*day, one(goldRing), one(hairClip)).inStore()
	s.order("OP-101801", "charlotte.evans@example.com", 15*day, one(watch)).reseller()

	s.lastDecember("OP-101901", "paul.garnier@example.fr", one(watch), one(jewelBox))

	// Wrong item: delivered three days ago.
	s.order("OP-102001", "zoe.lambert@example.fr", 7*day, one(bangle), qty(earrings, 1)).
		ship(mondialRelay, "41630141", day).deliver(4 * day)
}

// fillers gives the other customers a history of two or three orders, so
// that lists of orders and the agents' queue look like a real shop's.
func (s *shop) fillers() {
	emails := []string{
		"julien.rousseau@example.fr", "olivia.davies@example.com", "antoine.blanc@example.fr",
		"sarah.miller@example.com", "louise.henry@example.fr", "maxime.faure@example.fr",
		"grace.wright@example.com", "clara.andre@example.fr", "daniel.clarke@example.com",
		"elise.mathieu@example.fr",
	}
	products := []product{bangle, earrings, necklace, goldRing, scarf, clutch, hairClip, anklet, jewelBox, watch}
	carriers := []struct{ name, tracking string }{
		{colissimo, "6A185423%05d"}, {mondialRelay, "416%05d"}, {chronopost, "XY25%07dFR"},
		{dhl, "33%08d"}, {ups, "1Z999AA1%010d"},
	}
	n := 102101
	for i, email := range emails {
		for j := range 2 + i%2 {
			c := carriers[(i+j)%len(carriers)]
			ob := s.order(orderNumber(n), email, time.Duration(300-40*j-7*i)*day,
				one(products[(i+j)%len(products)]), one(products[(i+2*j+3)%len(products)]))
			ob.ship(c.name, trackingNumber(c.tracking, n), day).deliver(3 * day)
			n++
		}
	}
	// A few recent orders still on their way, for the order lists.
	s.order(orderNumber(n), "olivia.davies@example.com", 3*day, one(anklet)).
		ship(ups, trackingNumber("1Z999AA1%010d", n), day).transit()
	s.order(orderNumber(n+1), "maxime.faure@example.fr", 20*time.Hour, one(hairClip), one(scarf))
	s.order(orderNumber(n+2), "clara.andre@example.fr", 4*day, one(necklace)).
		ship(mondialRelay, trackingNumber("416%05d", n+2), 2*day).pickup()
	s.order(orderNumber(n+3), "daniel.clarke@example.com", 12*day, one(bangle)).cancel()
	s.order(orderNumber(n+4), "elise.mathieu@example.fr", 16*day, one(clutch)).
		ship(chronopost, trackingNumber("XY25%07dFR", n+4), day).deliver(2 * day)
}
