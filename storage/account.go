package storage

import "time"

// ReturnRequested is how the import file writes an open return: the RA
// number is issued and the parcel not yet received (ReturnOpen).
const ReturnRequested = "requested"

// Refund methods, as written in the import file.
const (
	RefundCard         = "card"
	RefundPayPal       = "paypal"
	RefundBankTransfer = "bank_transfer"
	RefundGiftCard     = "gift_card"
	RefundVoucher      = "voucher"
	RefundCash         = "cash"
)

// RefundMethods lists the refund methods in a stable order.
var RefundMethods = []string{RefundCard, RefundPayPal, RefundBankTransfer, RefundGiftCard, RefundVoucher, RefundCash}

// Voucher origins.
const (
	VoucherLoyalty  = "loyalty_reward" // a reward of the loyalty programme
	VoucherGoodwill = "goodwill"       // a gesture of the support team
	VoucherGift     = "gift"           // offered: a promotion, a birthday
)

// Invoice is an order's invoice. A zero Number means the shop has not
// issued one yet. URL is the link the shop gave; when empty the bot builds
// one from its configured template, if any.
type Invoice struct {
	Number string
	Date   time.Time
	URL    string
}

// Refund is money the shop sent back for an order: for a return
// (ReturnID and RANumber set) or for a cancelled order.
type Refund struct {
	ID          int64
	OrderID     int64
	ReturnID    int64  // 0 for the refund of a cancelled order
	RANumber    string // "" for the refund of a cancelled order
	AmountCents int64
	Currency    string
	Method      string // one of RefundMethods
	RefundedAt  time.Time
}

// Voucher is a discount code held by one customer. Exactly one of
// AmountCents and Percent is set.
type Voucher struct {
	ID                int64
	CustomerID        int64
	Code              string // upper-case, as the customer types it at checkout
	AmountCents       int64
	Percent           int
	Currency          string
	MinimumOrderCents int64     // 0: no minimum
	ValidFrom         time.Time // zero: valid from its creation
	ValidUntil        time.Time // zero: no end
	Used              bool
	Origin            string // VoucherLoyalty, VoucherGoodwill or VoucherGift
}

// Usable reports whether the voucher can be used at now: not used, and
// inside its validity.
func (v Voucher) Usable(now time.Time) bool {
	return !v.Used && !v.NotYet(now) && !v.Expired(now)
}

// Expired reports whether the voucher's validity ended before now.
func (v Voucher) Expired(now time.Time) bool {
	return !v.ValidUntil.IsZero() && now.After(v.ValidUntil)
}

// NotYet reports whether the voucher's validity starts after now.
func (v Voucher) NotYet(now time.Time) bool {
	return !v.ValidFrom.IsZero() && now.Before(v.ValidFrom)
}

// Address is a postal address: one of a customer's delivery addresses
// (Label and Default set) or the one an order ships to.
type Address struct {
	Label      string // the customer's name for it ("Maison", "Bureau"); empty on an order
	Name       string // who receives the parcel
	Line1      string
	Line2      string
	PostalCode string
	City       string
	Country    string // ISO 3166 code, upper-case: "FR"
	Default    bool   // the customer's default delivery address
}

// IsZero reports whether no address is recorded.
func (a Address) IsZero() bool { return a.Line1 == "" && a.City == "" && a.PostalCode == "" }

// Ticket statuses beyond open and resolved: what the shop or an agent
// says of a case while and after it is handled.
const (
	TicketInProgress = "in_progress" // the team (or the carrier) is on it
	TicketRejected   = "rejected"    // closed without what the customer asked: Outcome says why
)

// TicketStatuses lists the statuses a case can have, in the order an
// agent's menu offers them.
var TicketStatuses = []string{TicketOpen, TicketInProgress, TicketResolved, TicketRejected}

// ValidDetailKey reports whether key can name an entry of a ticket's
// details: lower-case ASCII letters, digits and underscores, starting with
// a letter ("contact_email").
func ValidDetailKey(key string) bool {
	if key == "" || key[0] < 'a' || key[0] > 'z' {
		return false
	}
	for _, c := range []byte(key) {
		if (c < 'a' || c > 'z') && (c < '0' || c > '9') && c != '_' {
			return false
		}
	}
	return true
}

// TicketClosed reports whether a ticket status ends the case.
func TicketClosed(status string) bool { return status == TicketResolved || status == TicketRejected }

// Ticket kinds of the account area: requests the team carries out.
const (
	TicketExchange       = "exchange"        // an item for another size or colour
	TicketAddressChange  = "address_change"  // a new delivery address for an order not shipped
	TicketAccountRequest = "account_request" // unsubscribe from the newsletter, correct details
)

// RequestKinds are the ticket kinds of requests the team carries out
// without a conversation to take (the /requests command lists them).
var RequestKinds = []string{TicketExchange, TicketAddressChange, TicketAccountRequest}

// WaitingRefund is money the shop owes and has not sent: a return
// received, or an order cancelled, with no refund recorded.
type WaitingRefund struct {
	OrderID     int64
	OrderNumber string
	CustomerID  int64
	Email       string
	RANumber    string    // "" for a cancelled order
	Since       time.Time // when the return arrived or the order was cancelled
	AmountCents int64     // what is due: the returned items, or the order's total
	Currency    string
}
