// Package storage defines the shop's account data — customers, orders,
// loyalty points, returns, tickets — and the conversation records the bot
// keeps: state, transcript, channel identities, verification attempts and
// hand-offs.
//
// The types here are plain values shared by every implementation. The SQLite
// implementation lives in storage/sqlite; a PostgreSQL one can be added beside
// it, since callers depend on interfaces they declare themselves (see bot.Store)
// rather than on a concrete database.
//
// Money is held in integer cents so that loyalty points (one per whole euro)
// and refunds never suffer from floating-point rounding.
package storage

import "time"

// Order statuses, as written in the import file.
const (
	StatusPending        = "pending"   // validated, waiting to be prepared
	StatusPreparing      = "preparing" // being prepared: not left yet
	StatusShipped        = "shipped"
	StatusInTransit      = "in_transit"
	StatusReadyForPickup = "ready_for_pickup"
	StatusDelivered      = "delivered"
	StatusCancelled      = "cancelled"
)

// Sales channels of an order. Reseller purchases are made at a partner shop
// and earn no loyalty points.
const (
	ChannelWeb      = "web"
	ChannelStore    = "store"
	ChannelReseller = "reseller"
)

// Item kinds.
const (
	KindProduct   = "product"
	KindEGiftCard = "e_gift_card"
)

// Customer is a shop customer, identified by e-mail.
type Customer struct {
	ID          int64
	Email       string // lower-cased
	Name        string
	Phone       string
	Language    string // "fr" or "en"; empty if unknown
	LoyaltyCard string // empty if none
	// Newsletter is whether the customer agreed to receive the shop's
	// newsletter.
	Newsletter bool
}

// Order is one purchase, online or in store, with its items.
type Order struct {
	ID               int64
	Number           string // display form, e.g. "CL-482913"
	CustomerID       int64
	Email            string
	PlacedAt         time.Time
	Channel          string // ChannelWeb, ChannelStore or ChannelReseller
	Status           string // one of the Status constants
	Carrier          string // e.g. "colissimo"; empty before shipping
	TrackingNumber   string
	ShippedAt        time.Time // zero if not shipped
	DeliveredAt      time.Time // zero if not delivered
	CancelledAt      time.Time // zero unless cancelled
	TotalCents       int64
	Currency         string
	PaidWithGiftCard bool
	Items            []Item
	Invoice          Invoice // zero Number: no invoice yet
	ShippingAddress  Address // where it goes; zero if the shop gave none (or bought in store)
}

// Item is one line of an order.
type Item struct {
	ID             int64
	OrderID        int64
	SKU            string
	Name           string
	Quantity       int
	UnitPriceCents int64
	Personalized   bool
	Kind           string // KindProduct or KindEGiftCard
}

// PointsAdjustment is a manual entry in a customer's loyalty ledger, such as
// a goodwill gesture or a correction by the support team.
type PointsAdjustment struct {
	ID         int64
	CustomerID int64
	Points     int // may be negative
	Reason     string
	At         time.Time
}

// Return statuses.
const (
	ReturnOpen      = "open"      // RA issued, parcel not yet received
	ReturnReceived  = "received"  // parcel received, under inspection
	ReturnRefunded  = "refunded"  // refund sent
	ReturnCancelled = "cancelled" // customer gave up; the points are kept
	ReturnRejected  = "rejected"  // refused by the shop; RejectionReason says why
)

// Return is a return authorisation for some items of one order.
type Return struct {
	ID         int64
	RANumber   string // "RA-" followed by upper-case letters and digits
	OrderID    int64
	CustomerID int64
	Reason     string
	Status     string
	CreatedAt  time.Time
	Items      []ReturnItem
	// ReceivedAt is when the shop received the parcel; zero before.
	ReceivedAt time.Time
	// RejectionReason says, in the shop's words, why a rejected return
	// was refused.
	RejectionReason string
}

// ReturnItem is how many units of an order item a return takes back.
type ReturnItem struct {
	ItemID   int64
	Quantity int
}

// Ticket kinds.
const (
	TicketClaim         = "claim"         // parcel marked delivered but not received
	TicketInvestigation = "investigation" // carrier investigation, parcel late in transit
	TicketWrongItem     = "wrong_item"
	TicketHandoff       = "handoff" // customer asked for a person
)

// Ticket statuses.
const (
	TicketOpen     = "open"
	TicketResolved = "resolved"
)

// Ticket is a case for the support team.
type Ticket struct {
	ID             int64
	Ref            string // "TK-" followed by upper-case letters and digits
	Kind           string
	Status         string
	ConversationID string
	CustomerID     int64 // 0 if the conversation was not verified
	OrderID        int64 // 0 if no order is concerned
	Summary        string
	Details        map[string]string
	CreatedAt      time.Time
	Attachments    []Attachment
	// Outcome is a short word of how the case ended or stands, by the
	// shop (import) or an agent: "colis retrouvé, livré le 12".
	Outcome   string
	UpdatedAt time.Time
}

// Attachment is a file a customer sent with a ticket, such as a photo of the
// wrong item received.
type Attachment struct {
	ID          int64
	TicketID    int64
	Name        string
	ContentType string
	Data        []byte
	CreatedAt   time.Time
}

// Hand-off states of a conversation.
const (
	HandoffNone      = ""          // the bot answers
	HandoffRequested = "requested" // waiting for an agent
	HandoffWithAgent = "with_agent"
	HandoffResolved  = "resolved"
)

// Conversation is the bot's record of one chat with one customer on one
// channel. State is the dialogue state, opaque to storage: the bot encodes it.
type Conversation struct {
	ID         string // e.g. "web:4f2a…", "telegram:123456"
	Channel    string // "web", "telegram", "discord", "terminal"
	Lang       string // language in use, "fr" or "en"
	CustomerID int64  // verified customer, 0 if not verified
	Handoff    string // one of the Handoff constants
	State      []byte
	CreatedAt  time.Time
	UpdatedAt  time.Time
}

// Message directions in a transcript.
const (
	FromCustomer = "customer"
	FromBot      = "bot"
	FromAgent    = "agent"
	FromNote     = "note" // internal note by an agent, never shown to the customer
)

// Message is one line of a conversation's transcript.
type Message struct {
	ID             int64
	ConversationID string
	From           string // FromCustomer, FromBot, FromAgent or FromNote
	Author         string // agent's name for FromAgent and FromNote
	Text           string
	Intent         string // for customer messages: what the bot understood
	Confidence     float64
	At             time.Time
}

// Identity links a user of a chat platform to a verified customer, so that a
// Telegram or Discord user stays verified until they log out.
type Identity struct {
	Channel    string // "telegram", "discord"
	UserID     string
	CustomerID int64
	LinkedAt   time.Time
}

// VerificationAttempt is one try at proving who the customer is. OrderKey is
// the normalised order number or loyalty card given (VerificationKey), so
// that an order can be locked on its own, whatever conversation the
// attempts come from; EmailKey (EmailKey) does the same for the e-mail.
type VerificationAttempt struct {
	ConversationID string
	OrderKey       string
	EmailKey       string
	Success        bool
	At             time.Time
}

// Handoff is a conversation handed to the human support team.
type Handoff struct {
	ID             int64
	ConversationID string
	TicketID       int64
	State          string // HandoffRequested, HandoffWithAgent or HandoffResolved
	AgentID        string
	AgentName      string
	DeskRef        string // the agent desk's reference, e.g. the Slack thread "channel/ts"
	Reason         string
	CreatedAt      time.Time
	TakenAt        time.Time
	ResolvedAt     time.Time
}

// CustomerData is everything the store holds about one customer, for a
// data-protection request (access or portability).
type CustomerData struct {
	Customer          Customer
	Orders            []Order
	PointsAdjustments []PointsAdjustment
	Returns           []Return
	Refunds           []Refund
	Vouchers          []Voucher
	Addresses         []Address
	Tickets           []Ticket // with their attachments
	Conversations     []ConversationData
	Identities        []Identity
	// VerificationAttempts made with the customer's e-mail, from any
	// conversation.
	VerificationAttempts []VerificationAttempt
}

// ConversationData is one of a customer's conversations with its
// transcript and hand-offs.
type ConversationData struct {
	Conversation Conversation
	Messages     []Message
	Handoffs     []Handoff
}

// Erased counts what erasing a customer removed and what it kept.
type Erased struct {
	CustomerID                                    int64
	Conversations, Messages, Tickets, Attachments int
	Identities, Attempts, PointsAdjustments       int
	Vouchers, Addresses                           int
	OrdersKept, ReturnsKept                       int
}
