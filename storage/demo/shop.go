package demo

import (
	"fmt"
	"time"

	"supportbot/storage"
)

const day = 24 * time.Hour

// Carriers, as the bot's configuration names them.
const (
	colissimo    = "colissimo"
	mondialRelay = "mondial_relay"
	chronopost   = "chronopost"
	dhl          = "dhl"
	ups          = "ups"
)

// product is an article of the catalogue, named in both languages: a
// French customer's order lists its French name.
type product struct {
	sku          string
	fr, en       string
	cents        int64
	personalized bool
	kind         string
}

// The catalogue. These are values, not state: nothing changes them.
var (
	bangle           = product{"OP-BR-ARG", "Bracelet jonc argent", "Silver bangle", 4900, false, ""}
	earrings         = product{"OP-BO-LUNE", "Boucles d'oreilles Lune", "Moon earrings", 2490, false, ""}
	necklace         = product{"OP-COL-PERLE", "Collier perle d'eau douce", "Freshwater pearl necklace", 7900, false, ""}
	goldRing         = product{"OP-BAG-OR", "Bague fine plaqué or", "Gold-plated ring", 3450, false, ""}
	scarf            = product{"OP-FOU-SOIE", "Foulard en soie", "Silk scarf", 3900, false, ""}
	clutch           = product{"OP-POCH-VEL", "Pochette velours", "Velvet clutch", 4500, false, ""}
	watch            = product{"OP-MTR-CUIR", "Montre bracelet cuir", "Leather strap watch", 12900, false, ""}
	hairClip         = product{"OP-BARR-NAC", "Barrette nacre", "Mother-of-pearl hair clip", 1990, false, ""}
	anklet           = product{"OP-CHV-ARG", "Chaîne de cheville", "Anklet", 2200, false, ""}
	jewelBox         = product{"OP-BOITE", "Boîte à bijoux", "Jewellery box", 3500, false, ""}
	engravedPendant  = product{"OP-PEND-GRAV", "Pendentif gravé à vos initiales", "Pendant engraved with your initials", 5990, true, ""}
	engravedBracelet = product{"OP-GOUR-GRAV", "Gourmette gravée", "Engraved ID bracelet", 6900, true, ""}
)

// line is a product and how many were bought.
type line struct {
	p   product
	qty int
}

func one(p product) line        { return line{p, 1} }
func qty(p product, n int) line { return line{p, n} }
func giftCard(cents int64) line {
	return line{product{"OP-CARTE", "Carte cadeau électronique", "E-gift card", cents, false, storage.KindEGiftCard}, 1}
}

// shop accumulates the demo file.
type shop struct {
	now   time.Time
	file  *storage.ImportFile
	langs map[string]string // e-mail → language
}

func newShop(now time.Time) *shop {
	return &shop{now: now, file: &storage.ImportFile{}, langs: make(map[string]string)}
}

func (s *shop) addCustomer(c storage.ImportCustomer) {
	s.file.Customers = append(s.file.Customers, c)
	s.langs[c.Email] = c.Language
}

func (s *shop) adjust(email string, points int, reason string, ago time.Duration) {
	s.file.PointsAdjustments = append(s.file.PointsAdjustments, storage.ImportPointsAdjustment{
		Email: email, Points: points, Reason: reason, At: s.now.Add(-ago),
	})
}

// orderBuilder sets an order's journey after it is placed; each step
// moves its status on.
type orderBuilder struct {
	s *shop
	i int // index in s.file.Orders
}

func (b orderBuilder) order() *storage.ImportOrder { return &b.s.file.Orders[b.i] }

// order adds a pending web order placed ago before now.
func (s *shop) order(number, email string, ago time.Duration, lines ...line) orderBuilder {
	return s.orderAt(number, email, s.now.Add(-ago), lines...)
}

func (s *shop) orderAt(number, email string, placed time.Time, lines ...line) orderBuilder {
	o := storage.ImportOrder{
		Number: number, Email: email, PlacedAt: placed, Channel: storage.ChannelWeb,
		Status: storage.StatusPending, Currency: "EUR",
	}
	for _, l := range lines {
		name := l.p.en
		if s.langs[email] == "fr" {
			name = l.p.fr
		}
		kind := l.p.kind
		if kind == "" {
			kind = storage.KindProduct
		}
		o.Items = append(o.Items, storage.ImportItem{
			SKU: l.p.sku, Name: name, Quantity: l.qty, UnitPriceCents: l.p.cents,
			Personalized: l.p.personalized, Kind: kind,
		})
		o.TotalCents += int64(l.qty) * l.p.cents
	}
	s.file.Orders = append(s.file.Orders, o)
	return orderBuilder{s, len(s.file.Orders) - 1}
}

// ship hands the order to a carrier after a delay from placing.
func (b orderBuilder) ship(carrier, tracking string, after time.Duration) orderBuilder {
	o := b.order()
	o.Status, o.Carrier, o.TrackingNumber = storage.StatusShipped, carrier, tracking
	o.ShippedAt = o.PlacedAt.Add(after)
	return b
}

func (b orderBuilder) transit() orderBuilder {
	o := b.order()
	o.Status = storage.StatusInTransit
	return b
}

func (b orderBuilder) pickup() orderBuilder {
	o := b.order()
	o.Status = storage.StatusReadyForPickup
	return b
}

// deliver marks the order delivered a delay after placing.
func (b orderBuilder) deliver(after time.Duration) orderBuilder {
	o := b.order()
	o.Status, o.DeliveredAt = storage.StatusDelivered, o.PlacedAt.Add(after)
	return b
}

// cancel cancels the order two hours after it was placed.
func (b orderBuilder) cancel() orderBuilder {
	o := b.order()
	o.Status, o.CancelledAt = storage.StatusCancelled, o.PlacedAt.Add(2*time.Hour)
	return b
}

// inStore makes the order a purchase at the shop's counter, handed over at
// once.
func (b orderBuilder) inStore() orderBuilder {
	o := b.order()
	o.Channel, o.Status, o.DeliveredAt = storage.ChannelStore, storage.StatusDelivered, o.PlacedAt
	return b
}

// reseller makes the order a purchase at a partner shop, collected there.
func (b orderBuilder) reseller() orderBuilder {
	o := b.order()
	o.Channel, o.Status, o.DeliveredAt = storage.ChannelReseller, storage.StatusDelivered, o.PlacedAt
	return b
}

func (b orderBuilder) paidWithGiftCard() orderBuilder {
	o := b.order()
	o.PaidWithGiftCard = true
	return b
}

// outsideWindow adds an order delivered long enough ago that its return
// window has closed. Placed in November or December, the holiday
// extension would keep it open until the end of January: it is then moved
// back to October.
func (s *shop) outsideWindow(number, email string, ago time.Duration, lines ...line) {
	placed := s.now.Add(-ago)
	if m := placed.Month(); m == time.November || m == time.December {
		placed = time.Date(placed.Year(), time.October, 20, 10, 0, 0, 0, time.UTC)
	}
	s.orderAt(number, email, placed, lines...).ship(colissimo, "6A18542297373", day).deliver(4 * day)
}

// lastDecember adds an order placed on 12 December of last year, for the
// holiday return rule.
func (s *shop) lastDecember(number, email string, lines ...line) {
	placed := time.Date(s.now.Year()-1, time.December, 12, 14, 30, 0, 0, time.UTC)
	s.orderAt(number, email, placed, lines...).ship(colissimo, "6A18542297380", day).deliver(4 * day)
}

func orderNumber(n int) string { return fmt.Sprintf("OP-%06d", n) }

func trackingNumber(format string, n int) string { return fmt.Sprintf(format, n) }
