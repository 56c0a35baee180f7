package bot

import (
	"context"
	"time"

	"supportbot/storage"
)

// Store is what the engine needs from the account store. storage/sqlite
// implements it; cmd/supportbot plugs it in.
//
// Lookups return storage.ErrNotFound when nothing matches. Order numbers and
// loyalty card numbers are matched after normalisation (case, dashes and
// spaces ignored); e-mails case-insensitively.
type Store interface {
	CustomerByEmail(ctx context.Context, email string) (storage.Customer, error)
	CustomerByLoyaltyCard(ctx context.Context, card string) (storage.Customer, error)
	CustomerByID(ctx context.Context, id int64) (storage.Customer, error)
	// OrderByNumber returns the order with its items.
	OrderByNumber(ctx context.Context, number string) (storage.Order, error)
	// OrdersByCustomer returns the customer's orders with their items, newest first.
	OrdersByCustomer(ctx context.Context, customerID int64) ([]storage.Order, error)
	PointsAdjustments(ctx context.Context, customerID int64) ([]storage.PointsAdjustment, error)
	// ReturnsByCustomer returns the customer's returns with their items, newest first.
	ReturnsByCustomer(ctx context.Context, customerID int64) ([]storage.Return, error)
	// RefundsByCustomer returns the refunds of the customer's orders, newest first.
	RefundsByCustomer(ctx context.Context, customerID int64) ([]storage.Refund, error)
	// VouchersByCustomer returns the customer's vouchers, ending soonest first.
	VouchersByCustomer(ctx context.Context, customerID int64) ([]storage.Voucher, error)

	// CreateReturn assigns an RA number and stores the return. It fails with
	// storage.ErrConflict if an item would be returned more times than it
	// was bought.
	CreateReturn(ctx context.Context, r storage.Return) (storage.Return, error)
	// CancelOrder marks a pending order cancelled. It fails with
	// storage.ErrConflict if the order is no longer pending.
	CancelOrder(ctx context.Context, orderID int64, at time.Time) error

	// CreateTicket assigns a ticket reference and stores the ticket and its attachments.
	CreateTicket(ctx context.Context, t storage.Ticket) (storage.Ticket, error)
	AddAttachment(ctx context.Context, a storage.Attachment) (storage.Attachment, error)
	SetTicketStatus(ctx context.Context, ticketID int64, status string) error

	// AttemptVerification checks an e-mail against an order or loyalty card
	// number and records the attempt, as one atomic step: allow sees the
	// recent failures of the conversation, the number and the e-mail, as
	// left by every attempt before this one, and may refuse it (a lock-out),
	// in which case nothing is judged or recorded. Its work must not depend
	// on whether the e-mail or the number exist.
	AttemptVerification(ctx context.Context, c storage.IdentityClaim, allow func(storage.RecentFailures) bool) (storage.Verification, error)

	// Conversation returns the stored conversation, or storage.ErrNotFound.
	Conversation(ctx context.Context, id string) (storage.Conversation, error)
	// SaveTurn writes the conversation (creating it if new) and appends the
	// turn's messages to the transcript, in one transaction. It returns the
	// messages with their IDs set.
	SaveTurn(ctx context.Context, c storage.Conversation, msgs []storage.Message) ([]storage.Message, error)
	// Transcript returns the last limit messages, oldest first.
	Transcript(ctx context.Context, conversationID string, limit int) ([]storage.Message, error)
	// MessagesAfter returns the messages with an ID above afterID, oldest first.
	MessagesAfter(ctx context.Context, conversationID string, afterID int64) ([]storage.Message, error)

	LinkIdentity(ctx context.Context, id storage.Identity) error
	// IdentityCustomer returns the customer linked to a platform user, or storage.ErrNotFound.
	IdentityCustomer(ctx context.Context, channel, userID string) (int64, error)
	UnlinkIdentity(ctx context.Context, channel, userID string) error

	CreateHandoff(ctx context.Context, h storage.Handoff) (storage.Handoff, error)
	UpdateHandoff(ctx context.Context, h storage.Handoff) error
	// OpenHandoff returns the conversation's hand-off that is not resolved, or storage.ErrNotFound.
	OpenHandoff(ctx context.Context, conversationID string) (storage.Handoff, error)
	HandoffByDeskRef(ctx context.Context, ref string) (storage.Handoff, error)
	// OpenHandoffs lists the hand-offs not resolved, oldest first.
	OpenHandoffs(ctx context.Context) ([]storage.Handoff, error)

	// WithTx runs fn as one unit of work: every write made with the
	// context fn gets is committed together when fn returns nil, and none
	// of it otherwise; reads with that context see the unit's writes. A
	// failed write undoes only its own part, so the turn can go on (tell
	// the customer the item is already returned) and commit the rest.
	WithTx(ctx context.Context, fn func(ctx context.Context) error) error
	// ClaimDelivery records that a turn consumed a delivery and what it
	// answered (result); false if the delivery was already claimed.
	ClaimDelivery(ctx context.Context, source, key, result string) (bool, error)
	// DeliveryResult returns what the committed turn that consumed a
	// delivery answered, or storage.ErrNotFound.
	DeliveryResult(ctx context.Context, source, key string) (string, error)
	// Enqueue adds messages to the outbox, to be sent by the delivery
	// worker once the unit of work that wrote them commits.
	Enqueue(ctx context.Context, msgs []storage.OutboxMessage) error

	// The account area's cases and requests (issue 14): delivery
	// addresses, cases the customer follows, refunds the shop owes.

	// AddressesByCustomer returns the customer's delivery addresses in the
	// shop's order, one of them the default; none is an empty list.
	AddressesByCustomer(ctx context.Context, customerID int64) ([]storage.Address, error)
	// TicketsByCustomer returns the customer's tickets (cases and
	// requests) with their status and outcome, newest first, without
	// attachments.
	TicketsByCustomer(ctx context.Context, customerID int64) ([]storage.Ticket, error)
	// RefundsWaiting lists what the shop owes and has not refunded, oldest
	// first: returns received before the time given, cancelled orders
	// cancelled before it.
	RefundsWaiting(ctx context.Context, before time.Time) ([]storage.WaitingRefund, error)
	// OpenTickets lists the tickets of the kinds given that are open or in
	// progress, oldest first, without attachments.
	OpenTickets(ctx context.Context, kinds ...string) ([]storage.Ticket, error)

	// MarkProcessed records that a delivery (a Telegram update_id, a Slack
	// event_id, a Discord message ID) was handled. It returns false if it
	// was already recorded, so that a redelivery is processed once.
	MarkProcessed(ctx context.Context, source, key string) (bool, error)
}
