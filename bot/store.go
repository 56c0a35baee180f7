package bot

import (
	"context"
	"time"

	"supportbot/storage"
)

// Store is what the engine needs from the account store: one small
// interface per noun, each with its contract. Every backend (SQLite,
// PostgreSQL) implements the whole of it, and storage/storetest checks
// that it keeps every contract written here; cmd/supportbot plugs the
// store in.
//
// Common rules: lookups return an error wrapping storage.ErrNotFound when
// nothing matches, and a write refused because the record changed state in
// the meantime wraps storage.ErrConflict (errors.Is finds both). Times come
// back in UTC. Every method may be called from many goroutines, and with
// the context of a unit of work (UnitOfWork): then its reads see the
// unit's writes and its writes commit or roll back with it.
type Store interface {
	Customers
	Orders
	Returns
	Account
	Cases
	Tickets
	Verifier
	Conversations
	Identities
	Handoffs
	Deliveries
	Outbox
	UnitOfWork
}

// Customers finds the shop's customers and their loyalty ledger.
//
// E-mails match case-insensitively and without surrounding blanks; loyalty
// card numbers after normalisation (case, dashes and spaces ignored). An
// empty card matches nothing.
type Customers interface {
	CustomerByEmail(ctx context.Context, email string) (storage.Customer, error)
	CustomerByLoyaltyCard(ctx context.Context, card string) (storage.Customer, error)
	CustomerByID(ctx context.Context, id int64) (storage.Customer, error)
	// PointsAdjustments returns the customer's loyalty adjustments, oldest
	// first; an unknown customer has none (an empty list, no error).
	PointsAdjustments(ctx context.Context, customerID int64) ([]storage.PointsAdjustment, error)
}

// Orders finds orders and cancels them.
type Orders interface {
	// OrderByNumber returns the order with its items (in line order),
	// matching the number after storage.NormalizeOrderNumber ("cl 482913"
	// finds "CL-482913"). An empty or unknown number: storage.ErrNotFound.
	OrderByNumber(ctx context.Context, number string) (storage.Order, error)
	// OrdersByCustomer returns the customer's orders with their items,
	// newest first; an unknown customer has none (no error).
	OrdersByCustomer(ctx context.Context, customerID int64) ([]storage.Order, error)
	// CancelOrder marks a pending or preparing order cancelled at the given
	// time. The check and the write are one atomic step: of two
	// cancellations at once, one succeeds and the other fails with
	// storage.ErrConflict, as does cancelling an order that is no longer
	// pending or preparing (shipped, delivered, already cancelled). An
	// unknown order: storage.ErrNotFound. Whether cancelling is allowed
	// (hours since the order, personalised items) is the caller's policy.
	CancelOrder(ctx context.Context, orderID int64, at time.Time) error
}

// Returns opens returns and lists them.
type Returns interface {
	// CreateReturn assigns a new RA number ("RA-" and 8 letters or digits,
	// unique) and stores the return with its items. Status defaults to
	// requested, CreatedAt to now, CustomerID to the order's customer.
	//
	// As one atomic step it checks that the order exists, belongs to the
	// customer and has every item as a line (otherwise storage.ErrNotFound),
	// and that no item is returned more times than it was bought, counting
	// the returns not cancelled (otherwise storage.ErrConflict): of two
	// returns of an order's last unit made at once, exactly one succeeds.
	// A refused return writes nothing. Which items may be returned at all
	// is the caller's policy.
	CreateReturn(ctx context.Context, r storage.Return) (storage.Return, error)
	// ReturnsByCustomer returns the customer's returns with their items,
	// newest first; an unknown customer has none (no error).
	ReturnsByCustomer(ctx context.Context, customerID int64) ([]storage.Return, error)
	// WithdrawReturn cancels a return whose parcel the shop has not
	// received yet, as one step: storage.ErrConflict once it has been
	// received (or was cancelled), storage.ErrNotFound for an unknown one.
	WithdrawReturn(ctx context.Context, returnID int64) error
}

// Account reads what the shop did after the sale: refunds and vouchers.
// An unknown customer has none (an empty list, no error).
type Account interface {
	// RefundsByCustomer returns the refunds of the customer's orders,
	// newest first, each with the RA number of its return if it has one.
	RefundsByCustomer(ctx context.Context, customerID int64) ([]storage.Refund, error)
	// VouchersByCustomer returns the customer's vouchers, those ending
	// soonest first and those without an end last.
	VouchersByCustomer(ctx context.Context, customerID int64) ([]storage.Voucher, error)
}

// Tickets stores what a person must follow up.
type Tickets interface {
	// CreateTicket assigns a new unique reference ("TK-" and 8 letters or
	// digits) and stores the ticket and its attachments in one atomic
	// step, returning it with its ID, reference and attachment IDs set.
	// Status defaults to open, CreatedAt to now.
	CreateTicket(ctx context.Context, t storage.Ticket) (storage.Ticket, error)
	// AddAttachment adds a file to an existing ticket (a photo sent after
	// it was opened) and returns it with its ID; an unknown ticket:
	// storage.ErrNotFound.
	AddAttachment(ctx context.Context, a storage.Attachment) (storage.Attachment, error)
	// SetTicketStatus opens or resolves a ticket; an unknown ticket:
	// storage.ErrNotFound.
	SetTicketStatus(ctx context.Context, ticketID int64, status string) error
	// SetTicketDetail sets one entry of a ticket's details (the contact
	// address put right after it was opened); an unknown ticket:
	// storage.ErrNotFound.
	SetTicketDetail(ctx context.Context, ticketID int64, key, value string) error
}

// Verifier judges identity claims and keeps the count of failed ones.
type Verifier interface {
	// AttemptVerification checks an e-mail against an order or loyalty card
	// number and records the attempt, as one atomic step: allow sees the
	// recent failures of the conversation, the number and the e-mail, as
	// left by every attempt before this one, and may refuse it (a lock-out),
	// in which case nothing is judged or recorded. Attempts made at once,
	// even from several processes, are each counted after the ones before
	// them: with a limit of five, a hundred attempts at once are judged
	// five times, never more. Its work must not depend on whether the
	// e-mail or the number exist (the time taken tells nothing). Inside a
	// unit of work, a store may record the attempt apart, committed at
	// once (SQLite does when the unit has not written yet, so that the
	// turn does not hold the single writer from its identity check on): a
	// guess then counts even if its turn fails; it never counts less.
	AttemptVerification(ctx context.Context, c storage.IdentityClaim, allow func(storage.RecentFailures) bool) (storage.Verification, error)
}

// Conversations keeps the conversations and their transcripts.
type Conversations interface {
	// Conversation returns the stored conversation, or storage.ErrNotFound.
	Conversation(ctx context.Context, id string) (storage.Conversation, error)
	// SaveTurn writes the conversation, creating it if new (CreatedAt then
	// defaults to now; an existing one keeps its own), and appends the
	// turn's messages to the transcript, in one atomic step. UpdatedAt and
	// each message's At default to now, a message's ConversationID to the
	// conversation's. It returns the messages with their IDs set; IDs grow
	// with each message saved.
	SaveTurn(ctx context.Context, c storage.Conversation, msgs []storage.Message) ([]storage.Message, error)
	// Transcript returns the last limit messages, oldest first; a limit of
	// 0 or less returns them all. An unknown conversation has none.
	Transcript(ctx context.Context, conversationID string, limit int) ([]storage.Message, error)
	// MessagesAfter returns the messages with an ID above afterID, oldest
	// first: what a desk or a web page has not shown yet.
	MessagesAfter(ctx context.Context, conversationID string, afterID int64) ([]storage.Message, error)
}

// Identities links chat platform users to verified customers.
type Identities interface {
	// LinkIdentity links a platform user to a customer, replacing any
	// previous link of that user. LinkedAt defaults to now.
	LinkIdentity(ctx context.Context, id storage.Identity) error
	// IdentityCustomer returns the customer linked to a platform user, or storage.ErrNotFound.
	IdentityCustomer(ctx context.Context, channel, userID string) (int64, error)
	// UnlinkIdentity removes a user's link ("/logout"); unlinking a user
	// who is not linked is not an error.
	UnlinkIdentity(ctx context.Context, channel, userID string) error
}

// Handoffs keeps the conversations handed to a person.
type Handoffs interface {
	// CreateHandoff stores a new hand-off and returns it with its ID. State
	// defaults to requested, CreatedAt to now. A conversation has at most
	// one hand-off not resolved: creating a second fails with
	// storage.ErrConflict.
	CreateHandoff(ctx context.Context, h storage.Handoff) (storage.Handoff, error)
	// UpdateHandoff writes the hand-off's state, agent, desk reference,
	// reason, ticket and times, found by ID (storage.ErrNotFound
	// otherwise). Reopening a resolved hand-off while the conversation has
	// another open one fails with storage.ErrConflict.
	UpdateHandoff(ctx context.Context, h storage.Handoff) error
	// OpenHandoff returns the conversation's hand-off that is not resolved, or storage.ErrNotFound.
	OpenHandoff(ctx context.Context, conversationID string) (storage.Handoff, error)
	// HandoffByDeskRef returns the hand-off posted at this desk reference
	// (the newest if several); an empty or unknown one: storage.ErrNotFound.
	HandoffByDeskRef(ctx context.Context, ref string) (storage.Handoff, error)
	// HandoffByID returns the hand-off, or storage.ErrNotFound.
	HandoffByID(ctx context.Context, id int64) (storage.Handoff, error)
	// OpenHandoffs lists the hand-offs not resolved, oldest first: the agents' queue.
	OpenHandoffs(ctx context.Context) ([]storage.Handoff, error)
}

// Deliveries remembers which platform deliveries (a Telegram update_id, a
// Slack event_id, a Discord message ID) were handled, so that a redelivery,
// even after a restart or on another process, is handled once. A delivery
// is named by its source ("telegram", "slack", "discord") and key.
type Deliveries interface {
	// ClaimDelivery records that a turn consumed a delivery and what it
	// answered (result); false if the delivery was already claimed or
	// marked. Of many claims of one delivery at once exactly one gets
	// true. Within a unit of work the claim commits with the turn, so a
	// turn that did not commit leaves the delivery unclaimed.
	ClaimDelivery(ctx context.Context, source, key, result string) (bool, error)
	// DeliveryResult returns what the committed turn that consumed a
	// delivery answered, or storage.ErrNotFound. A delivery recorded by
	// MarkProcessed alone has an empty result.
	DeliveryResult(ctx context.Context, source, key string) (string, error)
	// MarkProcessed records that a delivery was handled outside of a turn
	// (a command, a group message). It returns true the first time and
	// false for a redelivery.
	MarkProcessed(ctx context.Context, source, key string) (bool, error)
}

// Cases are the account area's cases and requests (issue 14): delivery
// addresses, the cases a customer follows, the refunds the shop owes.
type Cases interface {
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
}

// Outbox queues the messages a turn decided to send.
type Outbox interface {
	// Enqueue adds messages to the outbox, in order, to be sent by the
	// delivery worker once the unit of work that wrote them commits (none
	// of them if it does not). IDs grow in the order given, and messages of
	// one recipient on one channel are sent in ID order. CreatedAt and
	// NextAt default to now, IdemKey to a new unique reference.
	Enqueue(ctx context.Context, msgs []storage.OutboxMessage) error
}

// UnitOfWork makes several store calls one transaction.
type UnitOfWork interface {
	// WithTx runs fn as one unit of work: every write made with the
	// context fn gets is committed together when fn returns nil, and none
	// of it when fn returns an error or panics; reads with that context
	// see the unit's writes, reads with another context see none of them
	// before the commit. A store method that fails inside the unit
	// undoes only its own part (a savepoint), so the turn can go on (tell
	// the customer the item is already returned) and commit the rest. A
	// WithTx nested in another joins it. An error of the commit is
	// returned.
	WithTx(ctx context.Context, fn func(ctx context.Context) error) error
}
