package storage

import "errors"

// Sentinel errors, checked with errors.Is. Every backend wraps the same
// ones, so that callers never depend on which database answered.
var (
	// ErrNotFound means the record asked for does not exist.
	ErrNotFound = errors.New("not found")
	// ErrConflict means the write was refused because the record changed
	// state in the meantime, e.g. cancelling an order that has just shipped
	// or returning more units than remain.
	ErrConflict = errors.New("conflict")
	// ErrOpenHandoff is returned by EraseCustomer while a person has one of
	// the customer's conversations: the desk would be left pointing at
	// nothing.
	ErrOpenHandoff = errors.New("a hand-off of this customer is still open: resolve it first")
)
