package sqlite_test

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"supportbot/storage/sqlite"
	"supportbot/storage/storetest"
)

// TestStore holds the SQLite store to the contract every backend keeps.
func TestStore(t *testing.T) {
	storetest.Run(t, func(t *testing.T, now func() time.Time) storetest.Store {
		db, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), "store.db"))
		if err != nil {
			t.Fatal(err)
		}
		db.Now = now
		t.Cleanup(func() { db.Close() })
		return db
	})
}
