package storage

import "time"

// Cutoffs say what Purge deletes: records older than each time. A zero
// time deletes nothing of that kind.
type Cutoffs struct {
	// Conversations not updated since Transcripts go, with their messages
	// and resolved hand-offs, unless a hand-off is still open or a ticket
	// of theirs still open.
	Transcripts time.Time
	// Attempts: identity check attempts made before.
	Attempts time.Time
	// Tickets resolved before go, with their attachments.
	Tickets time.Time
}

// Purged counts what Purge deleted.
type Purged struct {
	Conversations, Messages, Attempts, Tickets, Attachments int64
}
