package storage

import (
	"context"
	"time"
)

// The interfaces below are the parts of the store contract that lie
// outside the engine's (package bot declares those): loading the shop's
// data, data-protection requests, retention, and the record-level reads
// that commands, operators and tests use. Every backend implements them,
// and storage/storetest checks each rule written here.

// Importer loads a shop's data file.
//
// Import writes the whole file as one transaction: on any error nothing is
// written, whatever record was bad (a *ImportError names each problem, with
// the record and field). Customers are matched by normalised e-mail, orders
// by normalised number, returns by RA number, refunds by (order, return,
// time), vouchers by code (case-insensitively); a matched record is
// updated with the file's values, never duplicated. An order's items are
// updated line by line, keeping the IDs of the lines that stay, since
// returns refer to them; removing or reducing a line below what is being
// returned is refused. A points adjustment already in the ledger (same
// customer, time, points and reason) is not added again. So importing the
// same file twice changes nothing but the second run's counts, which say
// what was updated.
//
// An order whose e-mail matches no customer, in the file or the store,
// creates that customer with only an e-mail. A points adjustment for an
// unknown customer, a loyalty card or voucher code held by another
// customer, a return of an SKU the order does not have or of more units
// than were bought, a refund above the order's total, and giving an order
// to another customer while one of its returns is in progress are refused.
// Records written with a zero time are dated now.
type Importer interface {
	Import(ctx context.Context, f *ImportFile) (ImportStats, error)
}

// Privacy answers a customer's data-protection requests.
type Privacy interface {
	// ExportCustomer returns everything held about the customer with this
	// e-mail (matched as CustomerByEmail does), or ErrNotFound.
	ExportCustomer(ctx context.Context, email string) (CustomerData, error)
	// EraseCustomer deletes, in one transaction, the customer's
	// conversations and transcripts, tickets and attachments, linked chat
	// accounts, loyalty adjustments, vouchers and the identity checks made
	// with the e-mail or in those conversations, and blanks the name,
	// phone, loyalty card and e-mail (which becomes
	// erased-ID@erased.invalid); orders and returns stay with their
	// numbers, dates, items and totals, without e-mail, tracking number or
	// return reasons. A customer with a hand-off not resolved is refused
	// with ErrOpenHandoff and nothing changes. An unknown e-mail gives
	// ErrNotFound, after the identity checks made with it are deleted all
	// the same (counted in Erased.Attempts).
	EraseCustomer(ctx context.Context, email string) (Erased, error)
}

// ChannelState is what channel adapters keep beside the turns: the
// direct-message channels to read back after a restart (Discord offers no
// way to list them), the conversations still open, and the outbox's depth.
type ChannelState interface {
	// SeenDMChannel records that a message arrived in a platform's
	// direct-message channel at a time; the latest time is kept.
	SeenDMChannel(ctx context.Context, channel, id string, at time.Time) error
	// DMChannels returns the IDs of a platform's direct-message channels
	// seen at or after since, most recently seen first, at most limit.
	DMChannels(ctx context.Context, channel string, since time.Time, limit int) ([]string, error)
	// PruneDMChannels forgets the channels not seen since a time,
	// returning how many.
	PruneDMChannels(ctx context.Context, before time.Time) (int64, error)
	// OpenConversations returns the IDs of a channel's conversations
	// written in at or after since, or with a hand-off not resolved,
	// most recently updated first, at most limit.
	OpenConversations(ctx context.Context, channel string, since time.Time, limit int) ([]string, error)
	// PendingOutbox counts a channel's outbox messages neither sent nor
	// given up.
	PendingOutbox(ctx context.Context, channel string) (int, error)
}

// Retention forgets what is no longer needed.
type Retention interface {
	// Purge deletes the records older than the cutoffs (a zero cutoff
	// keeps everything of its kind) and says how many of each went:
	// verification attempts, resolved tickets with their attachments, and
	// conversations not updated since, with their transcripts and
	// hand-offs. A conversation with a hand-off not resolved or a ticket
	// still open is kept. It works in
	// batches, so it never holds the database for long, until nothing is
	// left or ctx ends.
	Purge(ctx context.Context, c Cutoffs) (Purged, error)
	// PruneProcessed forgets the handled deliveries recorded before a
	// time, returning how many.
	PruneProcessed(ctx context.Context, before time.Time) (int64, error)
	// PruneOutbox forgets the outbox messages sent before a time,
	// returning how many; dead letters are kept for operators.
	PruneOutbox(ctx context.Context, before time.Time) (int64, error)
}

// Records are the record-level reads and writes beyond the engine's, for
// commands, operators and tests.
type Records interface {
	// OrderByID returns the order with its items, or ErrNotFound.
	OrderByID(ctx context.Context, id int64) (Order, error)
	// CountOrders returns how many orders the store holds.
	CountOrders(ctx context.Context) (int, error)
	// TicketByID returns a ticket with its attachments, or ErrNotFound.
	TicketByID(ctx context.Context, id int64) (Ticket, error)
	// SetReturnStatus moves a return along (received, refunded) or
	// cancels it; a cancelled return frees its units to be returned again
	// and is final: changing it again fails with ErrConflict. An unknown
	// return: ErrNotFound.
	SetReturnStatus(ctx context.Context, returnID int64, status string) error
	// OutboxMessages returns a channel's outbox messages in any state,
	// oldest (lowest ID) first.
	OutboxMessages(ctx context.Context, channel string) ([]OutboxMessage, error)
	// RecordVerification stores one identity check attempt as given (At
	// defaults to now), without judging it.
	RecordVerification(ctx context.Context, a VerificationAttempt) error
	// FailedVerifications returns the times of the failed attempts made
	// since a time, oldest first: by the conversation and, separately, on
	// the order key from any conversation. An empty key matches nothing.
	FailedVerifications(ctx context.Context, conversationID, orderKey string, since time.Time) (byConversation, byOrder []time.Time, err error)
}
