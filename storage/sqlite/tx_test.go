package sqlite

import (
	"context"
	"errors"
	"testing"
	"time"
)

// A unit that only reads holds no transaction, and a store call made with
// the context of a unit that ended fails rather than begin a transaction
// nobody commits.
func TestWithTxEnded(t *testing.T) {
	db := mustSeed(t)
	var kept context.Context
	if err := db.WithTx(context.Background(), func(ctx context.Context) error {
		kept = ctx
		_, err := db.OrderByNumber(ctx, "CL-482913")
		return err
	}); err != nil {
		t.Fatal(err)
	}
	if _, err := db.MarkProcessed(kept, "test", "late"); !errors.Is(err, errTxDone) {
		t.Errorf("write after the unit ended: err = %v, want errTxDone", err)
	}
	// The writer is free.
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if _, err := db.MarkProcessed(ctx, "test", "free"); err != nil {
		t.Errorf("write after the unit: %v", err)
	}
}

// An in-memory database has one connection for reads and writes: the
// unit's reads must go through its transaction, not wait for it.
func TestWithTxInMemory(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	db, err := Open(ctx, ":memory:")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	err = db.WithTx(ctx, func(ctx context.Context) error {
		if _, err := db.MarkProcessed(ctx, "test", "1"); err != nil {
			return err
		}
		_, err := db.DeliveryResult(ctx, "test", "1")
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
}
