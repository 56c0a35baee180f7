package storage

import (
	"fmt"
	"strings"
	"time"
)

// ImportFile is the shop data loaded by "supportbot import": customers,
// their orders, manual loyalty-points entries, and the account area the
// shop keeps up to date: returns, refunds and vouchers. DecodeImport reads it from
// the JSON import file; the demo shop builds one in Go.
//
// Records are matched with what the store already holds, so importing the
// same file twice changes nothing: customers by e-mail (case-insensitive),
// orders by NormalizeOrderNumber, points adjustments by (e-mail, time,
// points, reason), returns by RA number, refunds by (order, RA number,
// time), vouchers by code.
type ImportFile struct {
	Customers         []ImportCustomer
	Orders            []ImportOrder
	PointsAdjustments []ImportPointsAdjustment
	Returns           []ImportReturn
	Refunds           []ImportRefund
	Vouchers          []ImportVoucher
	Tickets           []ImportTicket
}

// ImportCustomer is one entry of the file's "customers" list.
type ImportCustomer struct {
	Email       string
	Name        string
	Phone       string
	Language    string // "fr", "en" or empty
	LoyaltyCard string // empty if none
	Newsletter  *bool  // nil: keep the stored consent (false for a new customer)
	// Addresses are the customer's delivery addresses, one of them the
	// default; nil keeps the stored ones, an empty list removes them.
	Addresses []Address
}

// ImportOrder is one entry of the file's "orders" list. Zero times mean the
// field was absent. An order whose e-mail matches no customer, in the file or
// in the store, creates that customer.
type ImportOrder struct {
	Number           string // as written in the file; shown as DisplayOrderNumber
	Email            string
	PlacedAt         time.Time
	Channel          string // ChannelWeb (the default), ChannelStore or ChannelReseller
	Status           string
	Carrier          string
	TrackingNumber   string
	ShippedAt        time.Time
	DeliveredAt      time.Time
	CancelledAt      time.Time // optional, only when cancelled: refunds are due from it
	TotalCents       int64
	Currency         string // "EUR" by default
	PaidWithGiftCard bool
	Items            []ImportItem
	Invoice          *ImportInvoice // nil: no invoice yet
	ShippingAddress  *Address       // nil: keep the stored one (none for a new order)
}

// ImportItem is one line of an imported order.
type ImportItem struct {
	SKU            string
	Name           string
	Quantity       int
	UnitPriceCents int64
	Personalized   bool
	Kind           string // KindProduct (the default) or KindEGiftCard
}

// ImportPointsAdjustment is one entry of the file's "points_adjustments"
// list: a manual line in a customer's loyalty ledger. Its customer must be
// in the file or already in the store.
type ImportPointsAdjustment struct {
	Email  string
	Points int
	Reason string
	At     time.Time
}

// Limits on imported values. They are far above what a shop needs and keep
// a broken or hostile file from filling the database with junk.
const (
	maxTextLen     = 200
	maxQuantity    = 100_000
	maxPoints      = 1_000_000
	maxNumberLen   = 32
	minNumberKey   = 3
	maxItemsPerRow = 1000
)

// Validate checks every record of f and returns an *ImportError listing the
// problems found, or nil. DecodeImport calls it; call it yourself on a file
// built in Go. E-mails are compared lower-cased and trimmed.
func (f *ImportFile) Validate() error {
	var ps problems
	f.validate(&ps)
	return ps.err()
}

func (f *ImportFile) validate(ps *problems) {
	v := newValidator(ps)
	for i, c := range f.Customers {
		v.customer(customerLabel(i, c.Email), c)
	}
	for i, o := range f.Orders {
		v.order(orderLabel(i, o.Number), o)
	}
	for i, a := range f.PointsAdjustments {
		v.adjustment(adjustmentLabel(i, a.Email), a)
	}
	for i, r := range f.Returns {
		v.ret(returnLabel(i, r.RANumber), r)
	}
	for i, r := range f.Refunds {
		v.refund(refundLabel(i, r.Order), r)
	}
	for i, vo := range f.Vouchers {
		v.voucher(voucherLabel(i, vo.Code), vo)
	}
	for i, t := range f.Tickets {
		v.ticket(ticketLabel(i, t.Ref), t)
	}
}

// validator checks records one at a time and remembers what it has seen to
// refuse duplicates. DecodeImport feeds it as it decodes, so records that
// could not be decoded are simply skipped.
type validator struct {
	ps          *problems
	emails      map[string]string // normalised e-mail → record label
	cards       map[string]string
	numbers     map[string]string
	adjustments map[adjustmentKey]string
	ras         map[string]string
	refunds     map[string]string
	codes       map[string]string
	tickets     map[string]string
}

func newValidator(ps *problems) *validator {
	return &validator{
		ps:          ps,
		emails:      make(map[string]string),
		cards:       make(map[string]string),
		numbers:     make(map[string]string),
		adjustments: make(map[adjustmentKey]string),
		ras:         make(map[string]string),
		refunds:     make(map[string]string),
		codes:       make(map[string]string),
		tickets:     make(map[string]string),
	}
}

func (v *validator) customer(rec string, c ImportCustomer) {
	validateCustomer(v.ps, rec, c)
	v.unique(v.emails, NormalizeEmail(c.Email), rec, "email", "duplicate of %s")
	v.unique(v.cards, NormalizeCard(c.LoyaltyCard), rec, "loyalty_card", "same card as %s")
}

func (v *validator) order(rec string, o ImportOrder) {
	validateOrder(v.ps, rec, o)
	v.unique(v.numbers, NormalizeOrderNumber(o.Number), rec, "number", "duplicate of %s")
}

func (v *validator) adjustment(rec string, a ImportPointsAdjustment) {
	validateAdjustment(v.ps, rec, a)
	key := adjustmentKey{NormalizeEmail(a.Email), a.At.UnixNano(), a.Points, a.Reason}
	if prev, ok := v.adjustments[key]; ok {
		v.ps.add(rec, "", "duplicate of %s", prev)
		return
	}
	v.adjustments[key] = rec
}

func (v *validator) ret(rec string, r ImportReturn) {
	validateReturn(v.ps, rec, r)
	v.unique(v.ras, r.RANumber, rec, "ra_number", "duplicate of %s")
}

func (v *validator) refund(rec string, r ImportRefund) {
	validateRefund(v.ps, rec, r)
	key := fmt.Sprintf("%s|%s|%d", NormalizeOrderNumber(r.Order), r.RANumber, r.RefundedAt.UnixNano())
	v.unique(v.refunds, key, rec, "", "duplicate of %s")
}

func (v *validator) voucher(rec string, vo ImportVoucher) {
	validateVoucher(v.ps, rec, vo)
	v.unique(v.codes, NormalizeVoucherCode(vo.Code), rec, "code", "duplicate of %s")
}

func (v *validator) ticket(rec string, t ImportTicket) {
	validateTicket(v.ps, rec, t)
	v.unique(v.tickets, t.Ref, rec, "ref", "duplicate of %s")
}

func (v *validator) unique(seen map[string]string, key, rec, field, format string) {
	if key == "" {
		return
	}
	if prev, ok := seen[key]; ok {
		v.ps.add(rec, field, format, prev)
		return
	}
	seen[key] = rec
}

type adjustmentKey struct {
	email  string
	at     int64
	points int
	reason string
}

func customerLabel(i int, email string) string {
	return fmt.Sprintf("customers[%d] (%s)", i, labelText(email))
}

func orderLabel(i int, number string) string {
	return fmt.Sprintf("orders[%d] (%s)", i, labelText(number))
}

func adjustmentLabel(i int, email string) string {
	return fmt.Sprintf("points_adjustments[%d] (%s)", i, labelText(email))
}

// labelText keeps a record label short and printable whatever the file holds.
func labelText(s string) string {
	s = strings.TrimSpace(s)
	if s == "" {
		return "no identifier"
	}
	if len(s) > 40 {
		s = s[:40] + "…"
	}
	return strings.ToValidUTF8(strings.Map(func(r rune) rune {
		if r < ' ' || r == 0x7f {
			return '?'
		}
		return r
	}, s), "?")
}

func validateCustomer(ps *problems, rec string, c ImportCustomer) {
	if msg := checkEmail(c.Email); msg != "" {
		ps.add(rec, "email", "%s", msg)
	}
	checkText(ps, rec, "name", c.Name, false)
	if msg := checkPhone(c.Phone); msg != "" {
		ps.add(rec, "phone", "%s", msg)
	}
	switch strings.ToLower(c.Language) {
	case "", "fr", "en":
	default:
		ps.add(rec, "language", "must be fr, en or empty, got %q", c.Language)
	}
	if c.LoyaltyCard != "" {
		if msg := checkIdentifier(c.LoyaltyCard); msg != "" {
			ps.add(rec, "loyalty_card", "%s", msg)
		}
	}
	validateAddresses(ps, rec, c.Addresses)
}

func validateOrder(ps *problems, rec string, o ImportOrder) {
	if msg := checkIdentifier(o.Number); msg != "" {
		ps.add(rec, "number", "%s", msg)
	}
	if msg := checkEmail(o.Email); msg != "" {
		ps.add(rec, "email", "%s", msg)
	}
	if !oneOf(o.Channel, "", ChannelWeb, ChannelStore, ChannelReseller) {
		ps.add(rec, "channel", "must be web, store or reseller, got %q", o.Channel)
	}
	if o.Status == "" {
		ps.add(rec, "status", "required")
	} else if !oneOf(o.Status, StatusPending, StatusPreparing, StatusShipped, StatusInTransit, StatusReadyForPickup, StatusDelivered, StatusCancelled) {
		ps.add(rec, "status", "must be pending, preparing, shipped, in_transit, ready_for_pickup, delivered or cancelled, got %q", o.Status)
	}
	if o.Carrier != "" && !isSlug(o.Carrier) {
		ps.add(rec, "carrier", "must be a lower-case name such as colissimo, got %q", o.Carrier)
	}
	if o.TrackingNumber != "" {
		if msg := checkTracking(o.TrackingNumber); msg != "" {
			ps.add(rec, "tracking_number", "%s", msg)
		} else if o.Carrier == "" {
			ps.add(rec, "carrier", "required when tracking_number is set")
		}
	}
	validateOrderTimes(ps, rec, o)
	if o.TotalCents < 0 {
		ps.add(rec, "total", "must not be negative, got %s", FormatCents(o.TotalCents))
	}
	if o.Currency != "" && (len(o.Currency) != 3 || strings.ToUpper(o.Currency) != o.Currency || !isLetters(o.Currency)) {
		ps.add(rec, "currency", "must be a three-letter code such as EUR, got %q", o.Currency)
	}
	if len(o.Items) == 0 {
		ps.add(rec, "items", "at least one item is required")
	}
	if len(o.Items) > maxItemsPerRow {
		ps.add(rec, "items", "at most %d items, got %d", maxItemsPerRow, len(o.Items))
	}
	for j, it := range o.Items {
		validateItem(ps, rec, fmt.Sprintf("items[%d].", j), it)
	}
	validateInvoice(ps, rec, o)
	if o.ShippingAddress != nil {
		validateAddress(ps, rec, "shipping_address.", *o.ShippingAddress)
	}
}

// validateOrderTimes checks that the order's dates exist where its status
// needs them and follow each other: the bot computes delays and return
// windows from them.
func validateOrderTimes(ps *problems, rec string, o ImportOrder) {
	if o.PlacedAt.IsZero() {
		ps.add(rec, "placed_at", "required")
	}
	checkYear(ps, rec, "placed_at", o.PlacedAt)
	checkYear(ps, rec, "shipped_at", o.ShippedAt)
	checkYear(ps, rec, "delivered_at", o.DeliveredAt)
	checkYear(ps, rec, "cancelled_at", o.CancelledAt)
	if !o.CancelledAt.IsZero() && o.Status != StatusCancelled {
		ps.add(rec, "cancelled_at", "only for a cancelled order, got status %s", o.Status)
	}
	if !o.CancelledAt.IsZero() && !o.PlacedAt.IsZero() && o.CancelledAt.Before(o.PlacedAt) {
		ps.add(rec, "cancelled_at", "must not be before placed_at (%s), got %s", rfc3339(o.PlacedAt), rfc3339(o.CancelledAt))
	}
	switch o.Status {
	case StatusPending, StatusPreparing:
		if !o.ShippedAt.IsZero() {
			ps.add(rec, "shipped_at", "must be empty while the order is %s", o.Status)
		}
		if !o.DeliveredAt.IsZero() {
			ps.add(rec, "delivered_at", "must be empty while the order is %s", o.Status)
		}
	case StatusShipped, StatusInTransit:
		if o.ShippedAt.IsZero() {
			ps.add(rec, "shipped_at", "required when status is %s", o.Status)
		}
		if !o.DeliveredAt.IsZero() {
			ps.add(rec, "delivered_at", "must be empty when status is %s", o.Status)
		}
	case StatusDelivered:
		if o.DeliveredAt.IsZero() {
			ps.add(rec, "delivered_at", "required when status is delivered")
		}
	}
	if !o.PlacedAt.IsZero() && !o.ShippedAt.IsZero() && o.ShippedAt.Before(o.PlacedAt) {
		ps.add(rec, "shipped_at", "must not be before placed_at (%s), got %s", rfc3339(o.PlacedAt), rfc3339(o.ShippedAt))
	}
	after, name := o.ShippedAt, "shipped_at"
	if after.IsZero() {
		after, name = o.PlacedAt, "placed_at"
	}
	if !after.IsZero() && !o.DeliveredAt.IsZero() && o.DeliveredAt.Before(after) {
		ps.add(rec, "delivered_at", "must not be before %s (%s), got %s", name, rfc3339(after), rfc3339(o.DeliveredAt))
	}
}

func validateItem(ps *problems, rec, prefix string, it ImportItem) {
	if it.SKU != "" && len(it.SKU) > 64 {
		ps.add(rec, prefix+"sku", "at most 64 characters")
	}
	checkText(ps, rec, prefix+"name", it.Name, true)
	if it.Quantity < 1 {
		ps.add(rec, prefix+"quantity", "must be at least 1, got %d", it.Quantity)
	} else if it.Quantity > maxQuantity {
		ps.add(rec, prefix+"quantity", "must be at most %d, got %d", maxQuantity, it.Quantity)
	}
	if it.UnitPriceCents < 0 {
		ps.add(rec, prefix+"unit_price", "must not be negative, got %s", FormatCents(it.UnitPriceCents))
	}
	if !oneOf(it.Kind, "", KindProduct, KindEGiftCard) {
		ps.add(rec, prefix+"kind", "must be product or e_gift_card, got %q", it.Kind)
	}
}

func validateAdjustment(ps *problems, rec string, a ImportPointsAdjustment) {
	if msg := checkEmail(a.Email); msg != "" {
		ps.add(rec, "email", "%s", msg)
	}
	if a.Points == 0 {
		ps.add(rec, "points", "must not be zero")
	} else if a.Points > maxPoints || a.Points < -maxPoints {
		ps.add(rec, "points", "must be between -%d and %d, got %d", maxPoints, maxPoints, a.Points)
	}
	checkText(ps, rec, "reason", a.Reason, true)
	if a.At.IsZero() {
		ps.add(rec, "at", "required")
	}
	checkYear(ps, rec, "at", a.At)
}

// Times outside these years are typing mistakes, and some cannot be
// written back in RFC 3339 once moved to UTC.
const minYear, maxYear = 1970, 2999

func checkYear(ps *problems, rec, field string, t time.Time) {
	if t.IsZero() {
		return
	}
	if y := t.UTC().Year(); y < minYear || y > maxYear {
		ps.add(rec, field, "must be between the years %d and %d, got %d", minYear, maxYear, y)
	}
}

func checkText(ps *problems, rec, field, s string, required bool) {
	switch {
	case required && strings.TrimSpace(s) == "":
		ps.add(rec, field, "required")
	case len(s) > maxTextLen:
		ps.add(rec, field, "at most %d bytes, got %d", maxTextLen, len(s))
	}
}

func oneOf(s string, allowed ...string) bool {
	for _, a := range allowed {
		if s == a {
			return true
		}
	}
	return false
}

func rfc3339(t time.Time) string { return t.UTC().Format(time.RFC3339) }

// checkPhone accepts what people write in a phone field: digits, a leading
// plus, spaces, dots, dashes and brackets.
func checkPhone(s string) string {
	if len(s) > 32 {
		return fmt.Sprintf("at most 32 characters, got %d", len(s))
	}
	for i := 0; i < len(s); i++ {
		if !isDigit(s[i]) && strings.IndexByte("+ .-()", s[i]) < 0 {
			return fmt.Sprintf("must be digits, spaces and + . - ( ), got %q", labelText(s))
		}
	}
	return ""
}

func checkTracking(s string) string {
	if len(s) > 64 {
		return fmt.Sprintf("at most 64 characters, got %d", len(s))
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !isUpper(c) && !isDigit(c) && !(c >= 'a' && c <= 'z') && c != '-' {
			return fmt.Sprintf("must be letters, digits and dashes, got %q", labelText(s))
		}
	}
	return ""
}

// isSlug reports whether s is a lower-case identifier such as "mondial_relay".
func isSlug(s string) bool {
	if len(s) > 32 {
		return false
	}
	for i := 0; i < len(s); i++ {
		if !isLowerAlnum(s[i]) && s[i] != '_' {
			return false
		}
	}
	return s != ""
}

func isLetters(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !isUpper(c) && !(c >= 'a' && c <= 'z') {
			return false
		}
	}
	return true
}
