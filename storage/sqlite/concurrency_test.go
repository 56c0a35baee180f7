package sqlite

import (
	"context"
	"testing"
	"time"

	"supportbot/storage"
)

// TestReadsDoNotWaitForWriter holds a write transaction open, as a long
// import does, and checks that lookups still answer: readers have their own
// connections and WAL lets them read the last committed state.
func TestReadsDoNotWaitForWriter(t *testing.T) {
	ctx := context.Background()
	db := mustSeed(t)
	tx, err := db.write.BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, `UPDATE orders SET status = 'cancelled'`); err != nil {
		t.Fatal(err)
	}
	readCtx, cancel := context.WithTimeout(ctx, 2*time.Second)
	defer cancel()
	o, err := db.OrderByNumber(readCtx, "CL-482920")
	if err != nil {
		t.Fatalf("OrderByNumber during a write transaction: %v", err)
	}
	if o.Status != storage.StatusPending {
		t.Errorf("status = %s, want pending: uncommitted writes must not be visible", o.Status)
	}
}
