package storage

import "errors"

// Sentinel errors, checked with errors.Is.
var (
	// ErrNotFound means the record asked for does not exist.
	ErrNotFound = errors.New("not found")
	// ErrConflict means the write was refused because the record changed
	// state in the meantime, e.g. cancelling an order that has just shipped
	// or returning more units than remain.
	ErrConflict = errors.New("conflict")
)
