package demo

import (
	"time"

	"supportbot/storage"
)

// account adds the account area: returns the shop has moved along, refunds,
// vouchers and invoices, for customers of their own so that the balances
// and situations above stay as documented.
//
//	margaux.chevalier@example.fr OP-102201  a return refunded to her card; vouchers valid,
//	                                        expired and used; an invoice with its link
//	william.harris@example.com   OP-102301  a return received, refund under way; an invoice
//	                                        without a link; a valid and an expired voucher
//	ambre.leroy@example.fr       OP-102401  a return rejected, with the reason;
//	                             OP-102402  cancelled and refunded;
//	                             OP-102403  being prepared: no invoice yet
func (s *shop) account() {
	for _, c := range []storage.ImportCustomer{
		{Email: "margaux.chevalier@example.fr", Name: "Margaux Chevalier", Language: "fr", LoyaltyCard: "OPL-1031-31"},
		{Email: "william.harris@example.com", Name: "William Harris", Language: "en"},
		{Email: "ambre.leroy@example.fr", Name: "Ambre Leroy", Language: "fr"},
	} {
		s.addCustomer(c)
	}
	s.refunded()
	s.awaitingRefund()
	s.rejected()
}

// refunded: the necklace of OP-102201 came back and was refunded.
func (s *shop) refunded() {
	const email = "margaux.chevalier@example.fr"
	b := s.order("OP-102201", email, 30*day, one(necklace), one(earrings)).
		ship(colissimo, "6A18542297397", day).deliver(3 * day)
	b.invoice("FA-OP-102201", "https://opaline.example/compte/factures/FA-OP-102201.pdf")
	s.ret("RA-7K2M9Q4B", b, storage.ReturnRefunded, "trop long", 22*day, 15*day, "", necklace)
	s.refund(b, "RA-7K2M9Q4B", necklace.cents, storage.RefundCard, 12*day)
	s.voucher("MERCI15", email, 0, 15, 0, 6*day, storage.VoucherGoodwill, false)
	s.voucher("FIDELITE10", email, 1000, 0, 5000, 45*day, storage.VoucherLoyalty, false)
	s.voucher("PRINTEMPS5", email, 500, 0, 0, -20*day, storage.VoucherGift, false)
	s.voucher("BIENVENUE10", email, 1000, 0, 0, 100*day, storage.VoucherGift, true)
}

// awaitingRefund: the scarf of OP-102301 arrived back four days ago.
func (s *shop) awaitingRefund() {
	const email = "william.harris@example.com"
	b := s.order("OP-102301", email, 16*day, one(watch), one(scarf)).
		ship(ups, "1Z999AA10123456807", day).deliver(3 * day)
	b.invoice("FA-OP-102301", "")
	s.ret("RA-3X8P5N2D", b, storage.ReturnReceived, "changed my mind", 10*day, 4*day, "", scarf)
	s.voucher("SORRY10", email, 1000, 0, 0, 60*day, storage.VoucherGoodwill, false)
	s.voucher("BDAY20", email, 0, 20, 4000, -3*day, storage.VoucherGift, false)
}

// rejected: the bangle of OP-102401 came back worn; OP-102402 was
// cancelled and refunded; OP-102403 is being prepared.
func (s *shop) rejected() {
	const email = "ambre.leroy@example.fr"
	b := s.order("OP-102401", email, 26*day, one(bangle), one(hairClip)).
		ship(mondialRelay, "41630158", day).deliver(4 * day)
	b.invoice("FA-OP-102401", "https://opaline.example/compte/factures/FA-OP-102401.pdf")
	s.ret("RA-9Q4T6M1Z", b, storage.ReturnRejected, "ne me plaît plus", 18*day, 12*day,
		"bracelet porté et rayé, il vous a été renvoyé", bangle)
	c := s.order("OP-102402", email, 9*day, one(scarf)).cancel()
	s.refund(c, "", scarf.cents, storage.RefundCard, 7*day)
	p := s.order("OP-102403", email, 20*time.Hour, one(anklet))
	p.order().Status = storage.StatusPreparing
}

// invoice gives the order its invoice, issued when it shipped.
func (b orderBuilder) invoice(number, url string) orderBuilder {
	o := b.order()
	o.Invoice = &storage.ImportInvoice{Number: number, Date: o.ShippedAt, URL: url}
	return b
}

// ret adds a return of one unit of each product, asked for and received
// so long ago (received 0: not yet).
func (s *shop) ret(ra string, b orderBuilder, status, reason string, asked, received time.Duration, rejection string, products ...product) {
	r := storage.ImportReturn{
		RANumber: ra, Order: b.order().Number, Status: status, Reason: reason,
		RejectionReason: rejection, CreatedAt: s.now.Add(-asked),
	}
	if status == storage.ReturnOpen {
		r.Status = storage.ReturnRequested
	}
	if received > 0 {
		r.ReceivedAt = s.now.Add(-received)
	}
	for _, p := range products {
		r.Items = append(r.Items, storage.ImportReturnItem{SKU: p.sku, Quantity: 1})
	}
	s.file.Returns = append(s.file.Returns, r)
}

func (s *shop) refund(b orderBuilder, ra string, cents int64, method string, ago time.Duration) {
	s.file.Refunds = append(s.file.Refunds, storage.ImportRefund{
		Order: b.order().Number, RANumber: ra, AmountCents: cents, Method: method, RefundedAt: s.now.Add(-ago),
	})
}

// voucher adds a voucher valid from a month ago until so long from now
// (negative: it has ended).
func (s *shop) voucher(code, email string, cents int64, percent int, minimum int64, until time.Duration, origin string, used bool) {
	s.file.Vouchers = append(s.file.Vouchers, storage.ImportVoucher{
		Code: code, Email: email, AmountCents: cents, Percent: percent, Currency: "EUR", MinimumOrderCents: minimum,
		ValidFrom: s.now.Add(-30 * day), ValidUntil: s.now.Add(until), Used: used, Origin: origin,
	})
}
