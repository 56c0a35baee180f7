package storetest

import (
	"context"
	"errors"
	"testing"
	"time"

	"supportbot/storage"
)

// A unit of work commits every write made with its context, or none.
func (s *suite) withTx(t *testing.T) {
	errTurn := errors.New("turn failed")
	tests := []struct {
		name       string
		fnErr      error
		wantReturn bool
	}{
		{"committed", nil, true},
		{"rolled back", errTurn, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx := context.Background()
			db := s.seed(t)
			o := mustOrder(t, db, "CL-482913")
			conv := storage.Conversation{ID: "test:tx", Channel: "test", Lang: "fr"}
			err := db.WithTx(ctx, func(ctx context.Context) error {
				r, err := db.CreateReturn(ctx, storage.Return{OrderID: o.ID,
					Items: []storage.ReturnItem{{ItemID: o.Items[1].ID, Quantity: 1}}})
				if err != nil {
					return err
				}
				// Reads inside the unit see its writes.
				rs, err := db.ReturnsByCustomer(ctx, o.CustomerID)
				if err != nil || len(rs) != 1 || rs[0].RANumber != r.RANumber {
					t.Errorf("ReturnsByCustomer inside the unit = %v, %v; want the new return", rs, err)
				}
				// Reads outside it don't, yet.
				if rs, err := db.ReturnsByCustomer(context.Background(), o.CustomerID); err != nil || len(rs) != 0 {
					t.Errorf("ReturnsByCustomer outside the unit = %v, %v; want none before the commit", rs, err)
				}
				// A failed step undoes its own writes only.
				if _, err := db.CreateReturn(ctx, storage.Return{OrderID: o.ID,
					Items: []storage.ReturnItem{{ItemID: o.Items[1].ID, Quantity: 2}}}); !errors.Is(err, storage.ErrConflict) {
					t.Errorf("return of more than remains: err = %v, want ErrConflict", err)
				}
				if _, err := db.SaveTurn(ctx, conv, []storage.Message{{From: storage.FromBot, Text: r.RANumber}}); err != nil {
					return err
				}
				if err := db.Enqueue(ctx, []storage.OutboxMessage{{Channel: "test", Recipient: conv.ID, Kind: storage.OutboxReply, Payload: "{}"}}); err != nil {
					return err
				}
				if ok, err := db.ClaimDelivery(ctx, "test", "1", "{}"); err != nil || !ok {
					t.Errorf("ClaimDelivery = %v, %v; want true", ok, err)
				}
				return tt.fnErr
			})
			if !errors.Is(err, tt.fnErr) {
				t.Fatalf("WithTx = %v, want %v", err, tt.fnErr)
			}
			rs, err := db.ReturnsByCustomer(ctx, o.CustomerID)
			if err != nil {
				t.Fatal(err)
			}
			_, convErr := db.Conversation(ctx, conv.ID)
			outbox, err := db.OutboxMessages(ctx, "test")
			if err != nil {
				t.Fatal(err)
			}
			_, claimErr := db.DeliveryResult(ctx, "test", "1")
			got := []bool{len(rs) == 1, convErr == nil, len(outbox) == 1, claimErr == nil}
			for i, g := range got {
				if g != tt.wantReturn {
					t.Errorf("write %d (return, conversation, outbox, delivery) committed = %v, want %v", i, g, tt.wantReturn)
				}
			}
			if tt.wantReturn && len(rs) != 1 {
				t.Errorf("%d returns committed, want 1 (the refused one undone)", len(rs))
			}
		})
	}
}

func (s *suite) txTests() []test {
	return []test{
		{"CommitAndRollback", s.withTx},
		{"Panic", s.withTxPanic},
		{"Nested", s.withTxNested},
		{"FailedStepUndoesOnlyItself", s.withTxSavepoint},
		{"EndedUnit", s.withTxEnded},
		{"ReadOnly", s.withTxReadOnly},
	}
}

// A panic in the unit rolls it back, and the store stays usable.
func (s *suite) withTxPanic(t *testing.T) {
	ctx := context.Background()
	db := s.open(t)
	func() {
		defer func() {
			if recover() == nil {
				t.Error("the panic did not reach the caller")
			}
		}()
		db.WithTx(ctx, func(ctx context.Context) error {
			if _, err := db.MarkProcessed(ctx, "test", "panic"); err != nil {
				t.Error(err)
			}
			panic("boom")
		})
	}()
	wctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	if ok, err := db.MarkProcessed(wctx, "test", "panic"); err != nil || !ok {
		t.Errorf("MarkProcessed after the panicking unit = %v, %v; want true (rolled back, store free)", ok, err)
	}
}

// A unit of work inside another joins it: its writes commit or roll back
// with the outer one.
func (s *suite) withTxNested(t *testing.T) {
	ctx := context.Background()
	db := s.open(t)
	errOuter := errors.New("outer failed")
	err := db.WithTx(ctx, func(ctx context.Context) error {
		if err := db.WithTx(ctx, func(ctx context.Context) error {
			_, err := db.MarkProcessed(ctx, "test", "inner")
			return err
		}); err != nil {
			return err
		}
		return errOuter
	})
	if !errors.Is(err, errOuter) {
		t.Fatalf("WithTx = %v, want %v", err, errOuter)
	}
	if ok, err := db.MarkProcessed(ctx, "test", "inner"); err != nil || !ok {
		t.Errorf("the inner unit's write survived the outer rollback (MarkProcessed = %v, %v)", ok, err)
	}
	if err := db.WithTx(ctx, func(ctx context.Context) error {
		return db.WithTx(ctx, func(ctx context.Context) error {
			_, err := db.MarkProcessed(ctx, "test", "both")
			return err
		})
	}); err != nil {
		t.Fatal(err)
	}
	if ok, _ := db.MarkProcessed(ctx, "test", "both"); ok {
		t.Error("the inner unit's write was not committed with the outer one")
	}
}

// Each failing store call inside a unit undoes only its own writes: a
// hand-off refused, a cancellation refused; the rest commits.
func (s *suite) withTxSavepoint(t *testing.T) {
	ctx := context.Background()
	db := s.seed(t)
	delivered := mustOrder(t, db, "CL-482913")
	pending := mustOrder(t, db, "CL-482920")
	err := db.WithTx(ctx, func(ctx context.Context) error {
		if _, err := db.CreateHandoff(ctx, storage.Handoff{ConversationID: "web:sp"}); err != nil {
			return err
		}
		if _, err := db.CreateHandoff(ctx, storage.Handoff{ConversationID: "web:sp"}); !errors.Is(err, storage.ErrConflict) {
			t.Errorf("second open hand-off = %v, want ErrConflict", err)
		}
		if err := db.CancelOrder(ctx, delivered.ID, Now); !errors.Is(err, storage.ErrConflict) {
			t.Errorf("cancelling a delivered order = %v, want ErrConflict", err)
		}
		if err := db.CancelOrder(ctx, pending.ID, Now); err != nil {
			return err
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if h, err := db.OpenHandoff(ctx, "web:sp"); err != nil || h.ID == 0 {
		t.Errorf("OpenHandoff = %+v, %v; want the first hand-off committed", h, err)
	}
	if o := mustOrder(t, db, "CL-482920"); o.Status != storage.StatusCancelled {
		t.Errorf("pending order = %s, want cancelled", o.Status)
	}
	if o := mustOrder(t, db, "CL-482913"); o.Status != storage.StatusDelivered {
		t.Errorf("delivered order = %s, want unchanged", o.Status)
	}
}

// A store call made with the context of a unit that has ended does not
// write outside any transaction: it fails, and the store stays usable.
func (s *suite) withTxEnded(t *testing.T) {
	db := s.seed(t)
	var kept context.Context
	if err := db.WithTx(context.Background(), func(ctx context.Context) error {
		kept = ctx
		_, err := db.MarkProcessed(ctx, "test", "inside")
		return err
	}); err != nil {
		t.Fatal(err)
	}
	if _, err := db.MarkProcessed(kept, "test", "late"); err == nil {
		t.Error("a write with an ended unit's context succeeded")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if ok, err := db.MarkProcessed(ctx, "test", "late"); err != nil || !ok {
		t.Errorf("MarkProcessed after the unit = %v, %v; want true (the late write was not made)", ok, err)
	}
}

// A unit that only reads commits nothing and holds nothing back.
func (s *suite) withTxReadOnly(t *testing.T) {
	ctx := context.Background()
	db := s.seed(t)
	var o storage.Order
	if err := db.WithTx(ctx, func(ctx context.Context) error {
		var err error
		o, err = db.OrderByNumber(ctx, "CL-482913")
		return err
	}); err != nil {
		t.Fatal(err)
	}
	if o.Number != "CL-482913" || len(o.Items) != 2 {
		t.Errorf("order read in a unit = %+v", o)
	}
	wctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	if _, err := db.MarkProcessed(wctx, "test", "after"); err != nil {
		t.Errorf("write after a read-only unit: %v", err)
	}
}
