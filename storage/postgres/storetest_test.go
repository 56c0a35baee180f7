package postgres

import (
	"testing"
	"time"

	"supportbot/storage/storetest"
)

// TestStore holds the PostgreSQL store to the contract every backend
// keeps, each subtest on a database of its own.
func TestStore(t *testing.T) {
	storetest.Run(t, func(t *testing.T, now func() time.Time) storetest.Store {
		db := mustOpen(t)
		db.Now = now
		return db
	})
}
