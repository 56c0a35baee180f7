package storage

import "time"

// Outbox message states.
const (
	OutboxPending = "pending"
	OutboxSent    = "sent"
	OutboxDead    = "dead" // given up after the last retry
)

// Outbox message kinds.
const (
	OutboxReply  = "reply"  // the bot's answer to a customer's message
	OutboxRelay  = "relay"  // a customer's message posted into an agent's thread
	OutboxNotice = "notice" // a message the customer did not just ask for: an agent's reply, a hand-back
)

// OutboxMessage is one message to send on a platform, written in the
// transaction of the turn that decided it and sent afterwards. Messages of
// one recipient on one channel are sent in ID order.
type OutboxMessage struct {
	ID        int64
	Channel   string // "telegram", "discord", "desk" (the agent desk)
	Recipient string // the chat or thread whose order is kept
	Kind      string // OutboxReply, OutboxRelay or OutboxNotice
	// Payload is the message in a form its channel's transport reads
	// (JSON), opaque to the store.
	Payload string
	// IdemKey identifies the message on the platform, so that a retry
	// after an unknown outcome does not post twice where the platform
	// dedupes. Unique; the store sets one when empty.
	IdemKey   string
	State     string
	Attempts  int
	NextAt    time.Time
	LastError string
	CreatedAt time.Time
	DoneAt    time.Time
}
