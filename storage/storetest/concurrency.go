package storetest

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"

	"supportbot/storage"
)

func (s *suite) concurrencyTests() []test {
	return []test{
		{"Conversations", s.concurrentConversations},
		{"TwoCancellations", s.concurrentCancellations},
		{"TwoReturnsOfTheLastItemInUnits", s.concurrentReturnsInUnits},
		{"ClaimDeliveryOnce", s.concurrentClaims},
		{"MarkProcessedOnce", s.concurrentMarks},
	}
}

// concurrentConversations runs many conversations at once, each saving
// turns, opening tickets and returns and reading orders, then reads
// everything back: no write may be lost or doubled.
func (s *suite) concurrentConversations(t *testing.T) {
	ctx := context.Background()
	db := s.seed(t)
	f := &storage.ImportFile{Orders: []storage.ImportOrder{{
		Number: "CL-500000", Email: "tom.baker@example.com", PlacedAt: Now, Status: storage.StatusDelivered,
		DeliveredAt: Now, Carrier: "ups", TotalCents: 100000,
		Items: []storage.ImportItem{{Name: "Beads", Quantity: 1000, UnitPriceCents: 100}},
	}}}
	if _, err := db.Import(ctx, f); err != nil {
		t.Fatal(err)
	}
	beads := mustOrder(t, db, "CL-500000")

	const workers, turns = 16, 10
	var wg sync.WaitGroup
	var mu sync.Mutex
	tickets := map[int64]bool{}
	errs := make(chan error, workers*turns)
	for w := range workers {
		wg.Go(func() {
			conv := storage.Conversation{ID: fmt.Sprintf("web:%d", w), Channel: "web", Lang: "en"}
			for i := range turns {
				tk, err := oneTurn(ctx, db, conv, beads, i)
				if err != nil {
					errs <- fmt.Errorf("worker %d turn %d: %w", w, i, err)
					return
				}
				mu.Lock()
				tickets[tk] = true
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	if len(tickets) != workers*turns {
		t.Errorf("%d distinct ticket IDs, want %d", len(tickets), workers*turns)
	}
	for id := range tickets {
		if _, err := db.TicketByID(ctx, id); err != nil {
			t.Errorf("TicketByID(%d) = %v", id, err)
		}
	}
	returns, err := db.ReturnsByCustomer(ctx, beads.CustomerID)
	if err != nil {
		t.Fatal(err)
	}
	ras := map[string]bool{}
	units := 0
	for _, r := range returns {
		ras[r.RANumber] = true
		for _, it := range r.Items {
			units += it.Quantity
		}
	}
	if len(returns) != workers*turns || len(ras) != workers*turns || units != workers*turns {
		t.Errorf("%d returns, %d distinct RA numbers, %d units; want %d of each", len(returns), len(ras), units, workers*turns)
	}
	for w := range workers {
		msgs, err := db.Transcript(ctx, fmt.Sprintf("web:%d", w), 0)
		if err != nil || len(msgs) != turns*2 {
			t.Errorf("transcript of web:%d = %d messages, %v; want %d", w, len(msgs), err, turns*2)
		}
		for i := 1; i < len(msgs); i++ {
			if msgs[i].ID <= msgs[i-1].ID {
				t.Errorf("transcript of web:%d not in ID order at %d", w, i)
			}
		}
	}
}

// oneTurn is a turn's writes; it returns the ticket's ID.
func oneTurn(ctx context.Context, db Store, conv storage.Conversation, o storage.Order, i int) (int64, error) {
	if _, err := db.OrderByNumber(ctx, o.Number); err != nil {
		return 0, err
	}
	if _, err := db.SaveTurn(ctx, conv, []storage.Message{
		{From: storage.FromCustomer, Text: fmt.Sprintf("turn %d", i)},
		{From: storage.FromBot, Text: "ok"},
	}); err != nil {
		return 0, err
	}
	tk, err := db.CreateTicket(ctx, storage.Ticket{Kind: storage.TicketClaim, ConversationID: conv.ID,
		OrderID: o.ID, Summary: "missing"})
	if err != nil {
		return 0, err
	}
	_, err = db.CreateReturn(ctx, storage.Return{OrderID: o.ID,
		Items: []storage.ReturnItem{{ItemID: o.Items[0].ID, Quantity: 1}}})
	return tk.ID, err
}

// race runs fn n times at once and returns the errors, in call order.
func race(n int, fn func(i int) error) []error {
	errs := make([]error, n)
	var wg sync.WaitGroup
	start := make(chan struct{})
	for i := range n {
		wg.Go(func() {
			<-start
			errs[i] = fn(i)
		})
	}
	close(start)
	wg.Wait()
	return errs
}

// oneWins checks that exactly one call succeeded and every other failed
// with storage.ErrConflict.
func oneWins(t *testing.T, what string, errs []error) {
	t.Helper()
	won := 0
	for _, err := range errs {
		switch {
		case err == nil:
			won++
		case !errors.Is(err, storage.ErrConflict):
			t.Errorf("%s = %v, want success or ErrConflict", what, err)
		}
	}
	if won != 1 {
		t.Errorf("%d of %d %s succeeded, want exactly 1", won, len(errs), what)
	}
}

// concurrentCancellations: two customers' devices cancel one order at
// once; one cancellation happens, the other is told it is too late.
func (s *suite) concurrentCancellations(t *testing.T) {
	ctx := context.Background()
	db := s.seed(t)
	o := mustOrder(t, db, "CL-482920")
	errs := race(2, func(int) error { return db.CancelOrder(ctx, o.ID, Now) })
	oneWins(t, "cancellations", errs)
	if got := mustOrder(t, db, "CL-482920"); got.Status != storage.StatusCancelled || !got.CancelledAt.Equal(Now) {
		t.Errorf("order after the race: %s at %v, want cancelled at %v", got.Status, got.CancelledAt, Now)
	}
}

// concurrentReturnsInUnits: two turns, each a unit of work that also
// saves its conversation, return the last unit of an item at once: one
// turn commits its return, the other gets storage.ErrConflict from
// CreateReturn and still commits the rest of its turn.
func (s *suite) concurrentReturnsInUnits(t *testing.T) {
	ctx := context.Background()
	db := s.seed(t)
	o := mustOrder(t, db, "CL-482913")
	ring := o.Items[0].ID // one bought
	returnErrs := make([]error, 2)
	errs := race(2, func(i int) error {
		return db.WithTx(ctx, func(ctx context.Context) error {
			_, returnErrs[i] = db.CreateReturn(ctx, storage.Return{OrderID: o.ID,
				Items: []storage.ReturnItem{{ItemID: ring, Quantity: 1}}})
			if returnErrs[i] != nil && !errors.Is(returnErrs[i], storage.ErrConflict) {
				return returnErrs[i]
			}
			_, err := db.SaveTurn(ctx, storage.Conversation{ID: fmt.Sprintf("web:race%d", i), Channel: "web"},
				[]storage.Message{{From: storage.FromBot, Text: "done"}})
			return err
		})
	})
	for i, err := range errs {
		if err != nil {
			t.Errorf("turn %d = %v, want committed", i, err)
		}
	}
	oneWins(t, "returns of the last unit", returnErrs)
	rs, err := db.ReturnsByCustomer(ctx, o.CustomerID)
	if err != nil || len(rs) != 1 {
		t.Errorf("returns stored = %d, %v; want 1", len(rs), err)
	}
	for i := range 2 {
		if msgs, err := db.Transcript(ctx, fmt.Sprintf("web:race%d", i), 0); err != nil || len(msgs) != 1 {
			t.Errorf("turn %d's transcript = %d messages, %v; want 1 (the rest of the turn commits)", i, len(msgs), err)
		}
	}
}

// concurrentClaims: a redelivered update handled by many workers at once
// is claimed by exactly one.
func (s *suite) concurrentClaims(t *testing.T) {
	ctx := context.Background()
	db := s.open(t)
	const n = 16
	won := make([]bool, n)
	errs := race(n, func(i int) error {
		var err error
		won[i], err = db.ClaimDelivery(ctx, "telegram", "4242", fmt.Sprintf("answer %d", i))
		return err
	})
	winner := -1
	for i := range n {
		if errs[i] != nil {
			t.Errorf("ClaimDelivery %d = %v", i, errs[i])
		}
		if won[i] {
			if winner >= 0 {
				t.Errorf("claims %d and %d both won", winner, i)
			}
			winner = i
		}
	}
	if winner < 0 {
		t.Fatal("no claim won")
	}
	if got, err := db.DeliveryResult(ctx, "telegram", "4242"); err != nil || got != fmt.Sprintf("answer %d", winner) {
		t.Errorf("DeliveryResult = %q, %v; want the winner's answer %d", got, err, winner)
	}
}

// concurrentMarks: the same for deliveries handled outside a turn.
func (s *suite) concurrentMarks(t *testing.T) {
	ctx := context.Background()
	db := s.open(t)
	const n = 16
	var mu sync.Mutex
	first := 0
	errs := race(n, func(int) error {
		ok, err := db.MarkProcessed(ctx, "slack", "Ev42")
		if ok {
			mu.Lock()
			first++
			mu.Unlock()
		}
		return err
	})
	for _, err := range errs {
		if err != nil {
			t.Errorf("MarkProcessed = %v", err)
		}
	}
	if first != 1 {
		t.Errorf("%d of %d MarkProcessed calls were first, want 1", first, n)
	}
}
