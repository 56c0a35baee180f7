package demo

import (
	"time"

	"supportbot/storage"
)

// cases adds the account area's cases and requests, for customers of
// their own:
//
//	elise.marchand@example.fr  OP-102501  pending, with its delivery address: can be sent elsewhere;
//	                           OP-102502  delivered 6 days ago: the ring can be exchanged, the
//	                                      engraved pendant not;
//	                           OP-102503  in transit, late: an investigation in progress with an
//	                                      outcome; two delivery addresses, newsletter on;
//	                           OP-102504  cancelled 25 days ago, not refunded yet: /refunds lists it
//	henry.clarke@example.com   OP-102601  being prepared, with its address;
//	                           OP-102602  delivered 4 days ago: earrings or scarf can be exchanged;
//	                           OP-102603  shipped yesterday: too late to change the address;
//	                                      a claim resolved with its outcome, a wrong item open;
//	                                      one address, newsletter off
func (s *shop) cases() {
	yes, no := true, false
	elise := storage.ImportCustomer{Email: "elise.marchand@example.fr", Name: "Élise Marchand", Phone: "+33 6 72 18 45 90",
		Language: "fr", Newsletter: &yes, Addresses: []storage.Address{
			{Label: "Maison", Name: "Élise Marchand", Line1: "12 rue des Lilas", PostalCode: "69003", City: "Lyon", Country: "FR", Default: true},
			{Label: "Bureau", Name: "Élise Marchand", Line1: "3 place Bellecour", Line2: "2e étage", PostalCode: "69002", City: "Lyon", Country: "FR"},
		}}
	henry := storage.ImportCustomer{Email: "henry.clarke@example.com", Name: "Henry Clarke", Language: "en", Newsletter: &no,
		Addresses: []storage.Address{
			{Label: "Home", Name: "Henry Clarke", Line1: "27 Rue Oberkampf", PostalCode: "75011", City: "Paris", Country: "FR", Default: true},
		}}
	s.addCustomer(elise)
	s.addCustomer(henry)

	home, office := elise.Addresses[0], henry.Addresses[0]
	home.Label, home.Default, office.Label, office.Default = "", false, "", false
	s.order("OP-102501", elise.Email, 3*time.Hour, one(clutch)).shipTo(home)
	s.order("OP-102502", elise.Email, 9*day, one(goldRing), one(engravedPendant)).shipTo(home).
		ship(colissimo, "6A18542297411", day).deliver(3 * day)
	late := s.order("OP-102503", elise.Email, 16*day, one(jewelBox)).shipTo(home).
		ship(colissimo, "6A18542297428", day).transit()
	s.order("OP-102504", elise.Email, 25*day, one(scarf)).cancel()
	s.ticket("TK-7D2E5M1A", storage.TicketInvestigation, late, storage.TicketInProgress,
		"Colissimo a retrouvé la trace du colis à son centre de tri de Lyon ; livraison attendue sous 3 jours.", 5*day)

	s.order("OP-102601", henry.Email, 20*time.Hour, one(watch)).shipTo(office).preparing()
	s.order("OP-102602", henry.Email, 7*day, one(earrings), one(scarf)).shipTo(office).
		ship(ups, "1Z999AA10123456811", day).deliver(3 * day)
	gone := s.order("OP-102603", henry.Email, 2*day, one(necklace)).shipTo(office).ship(ups, "1Z999AA10123456828", day)
	s.ticket("TK-3H8K4P6B", storage.TicketClaim, gone, storage.TicketResolved,
		"The parcel was found at the UPS depot and delivered to you; nothing more to do.", 12*day)
	s.ticket("TK-9N5R2W7C", storage.TicketWrongItem, gone, storage.TicketOpen, "", time.Hour)
}

// shipTo gives the order its delivery address.
func (b orderBuilder) shipTo(a storage.Address) orderBuilder {
	b.order().ShippingAddress = &a
	return b
}

// preparing marks a pending order as being prepared.
func (b orderBuilder) preparing() orderBuilder {
	b.order().Status = storage.StatusPreparing
	return b
}

// ticket adds a case the shop follows, opened so long ago.
func (s *shop) ticket(ref, kind string, b orderBuilder, status, outcome string, ago time.Duration) {
	s.file.Tickets = append(s.file.Tickets, storage.ImportTicket{
		Ref: ref, Kind: kind, Order: b.order().Number, Status: status, Outcome: outcome, CreatedAt: s.now.Add(-ago),
	})
}
