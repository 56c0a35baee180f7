package storage

import (
	"crypto/sha256"
	"encoding/hex"
	"time"
)

// IdentityClaim is one try at proving who the customer is: an e-mail and
// either an order number or a loyalty card number, as the customer gave them.
type IdentityClaim struct {
	ConversationID string
	Email          string
	OrderNumber    string
	LoyaltyCard    string
	At             time.Time
	// Since is how far back failed attempts are counted.
	Since time.Time
	// CountLastMinute is how far failures in the last minute are counted
	// (RecentFailures.LastMinute): the shop-wide ceiling, which bounds the
	// work. 0: not counted.
	CountLastMinute int
}

// RecentFailures are the failed attempts since IdentityClaim.Since that bear
// on a claim, each series oldest first. Times rather than counts: a
// lock-out lasts a fixed time from the attempt that triggered it.
type RecentFailures struct {
	Conversation []time.Time // by the same conversation
	Order        []time.Time // on the same order or card number, from any conversation
	Email        []time.Time // with the same e-mail, from any conversation or channel
	// LastMinute counts failures from anywhere in the minute before the
	// claim: the shop-wide ceiling.
	LastMinute int
}

// Verification is the outcome of AttemptVerification.
type Verification struct {
	// Failures are those before this attempt.
	Failures RecentFailures
	// Refused is set when the caller's rule refused the attempt: it was
	// neither judged nor recorded.
	Refused bool
	// Matched is set when the e-mail and the number belong to one customer.
	Matched    bool
	CustomerID int64
}

// VerificationKey is what failed attempts on an order or a card are counted
// against: "order:" or "card:" and the normalised number; "" for neither.
func VerificationKey(orderNumber, card string) string {
	switch {
	case orderNumber != "":
		return "order:" + NormalizeOrderNumber(orderNumber)
	case card != "":
		return "card:" + NormalizeCard(card)
	}
	return ""
}

// EmailKey is what failed attempts with an e-mail are counted against: a
// hash of the normalised address, so that the attempts table (and a log
// line naming the key) holds no address in clear.
func EmailKey(email string) string {
	sum := sha256.Sum256([]byte("supportbot-email:" + NormalizeEmail(email)))
	return "email:" + hex.EncodeToString(sum[:16])
}
