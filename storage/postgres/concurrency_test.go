package postgres

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"supportbot/storage"
)

// TestConcurrentConversations runs many conversations at once against one
// database file, each saving turns, opening tickets and returns and reading
// orders, then counts the rows: no write may be lost or doubled.
func TestConcurrentConversations(t *testing.T) {
	ctx := context.Background()
	db := mustSeed(t)
	f := &storage.ImportFile{Orders: []storage.ImportOrder{{
		Number: "CL-500000", Email: "tom.baker@example.com", PlacedAt: testNow, Status: storage.StatusDelivered,
		DeliveredAt: testNow, Carrier: "ups", TotalCents: 100000,
		Items: []storage.ImportItem{{Name: "Beads", Quantity: 1000, UnitPriceCents: 100}},
	}}}
	if _, err := db.Import(ctx, f); err != nil {
		t.Fatal(err)
	}
	beads := mustOrder(t, db, "CL-500000")

	const workers, turns = 16, 10
	var wg sync.WaitGroup
	errs := make(chan error, workers*turns)
	for w := range workers {
		wg.Go(func() {
			conv := storage.Conversation{ID: fmt.Sprintf("web:%d", w), Channel: "web", Lang: "en"}
			for i := range turns {
				if err := oneTurn(ctx, db, conv, beads, i); err != nil {
					errs <- fmt.Errorf("worker %d turn %d: %w", w, i, err)
					return
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	for table, want := range map[string]int{
		"conversations": workers,
		"messages":      workers * turns * 2,
		"tickets":       workers * turns,
		"returns":       workers * turns,
		"return_items":  workers * turns,
	} {
		if got := countRows(t, db, table); got != want {
			t.Errorf("%s rows = %d, want %d", table, got, want)
		}
	}
	var distinct int
	if err := db.pool.QueryRow(ctx, `SELECT COUNT(DISTINCT ra_number) FROM returns`).Scan(&distinct); err != nil || distinct != workers*turns {
		t.Errorf("distinct RA numbers = %d, %v; want %d", distinct, err, workers*turns)
	}
	for w := range workers {
		msgs, err := db.Transcript(ctx, fmt.Sprintf("web:%d", w), 0)
		if err != nil || len(msgs) != turns*2 {
			t.Errorf("transcript of web:%d = %d messages, %v; want %d", w, len(msgs), err, turns*2)
		}
	}
}

func oneTurn(ctx context.Context, db *DB, conv storage.Conversation, o storage.Order, i int) error {
	if _, err := db.OrderByNumber(ctx, o.Number); err != nil {
		return err
	}
	if _, err := db.SaveTurn(ctx, conv, []storage.Message{
		{From: storage.FromCustomer, Text: fmt.Sprintf("turn %d", i)},
		{From: storage.FromBot, Text: "ok"},
	}); err != nil {
		return err
	}
	if _, err := db.CreateTicket(ctx, storage.Ticket{Kind: storage.TicketClaim, ConversationID: conv.ID,
		OrderID: o.ID, Summary: "missing"}); err != nil {
		return err
	}
	_, err := db.CreateReturn(ctx, storage.Return{OrderID: o.ID,
		Items: []storage.ReturnItem{{ItemID: o.Items[0].ID, Quantity: 1}}})
	return err
}

// TestReadsDoNotWaitForWriter holds a write transaction open, as a long
// import does, and checks that lookups still answer: readers have their own
// connections and WAL lets them read the last committed state.
func TestReadsDoNotWaitForWriter(t *testing.T) {
	ctx := context.Background()
	db := mustSeed(t)
	tx, err := db.pool.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback(ctx)
	if _, err := tx.Exec(ctx, `UPDATE orders SET status = 'cancelled'`); err != nil {
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
