package postgres

import (
	"context"
	"errors"
	"testing"
	"time"

	"supportbot/storage"
)

// A unit of work commits every write made with its context, or none.
func TestWithTx(t *testing.T) {
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
			db := mustSeed(t)
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

// In PostgreSQL a failed statement spoils its transaction: each store call
// inside a unit runs under a savepoint, so that the refusals a turn
// expects (a second hand-off, an order that shipped, an unknown ticket)
// leave the unit able to go on and commit.
func TestWithTxGoesOnAfterRefusals(t *testing.T) {
	ctx := context.Background()
	db := mustSeed(t)
	delivered := mustOrder(t, db, "CL-482913")
	if _, err := db.CreateHandoff(ctx, storage.Handoff{ConversationID: "web:u"}); err != nil {
		t.Fatal(err)
	}
	err := db.WithTx(ctx, func(ctx context.Context) error {
		if err := db.LockConversation(ctx, "web:u"); err != nil {
			return err
		}
		if _, err := db.CreateHandoff(ctx, storage.Handoff{ConversationID: "web:u"}); !errors.Is(err, storage.ErrConflict) {
			t.Errorf("second hand-off = %v, want ErrConflict", err)
		}
		if err := db.CancelOrder(ctx, delivered.ID, testNow); !errors.Is(err, storage.ErrConflict) {
			t.Errorf("cancel a delivered order = %v, want ErrConflict", err)
		}
		if err := db.SetTicketStatus(ctx, 9999, storage.TicketResolved); !errors.Is(err, storage.ErrNotFound) {
			t.Errorf("SetTicketStatus(unknown) = %v, want ErrNotFound", err)
		}
		if _, err := db.CreateTicket(ctx, storage.Ticket{Kind: storage.TicketClaim, CustomerID: 9999}); err == nil {
			t.Error("ticket of an unknown customer created")
		}
		_, err := db.SaveTurn(ctx, storage.Conversation{ID: "web:u", Channel: "web"},
			[]storage.Message{{From: storage.FromBot, Text: "déjà transmis"}})
		return err
	})
	if err != nil {
		t.Fatalf("WithTx = %v, want the unit committed", err)
	}
	if msgs, err := db.Transcript(ctx, "web:u", 0); err != nil || len(msgs) != 1 {
		t.Errorf("Transcript = %v, %v; want the turn's message", msgs, err)
	}
	if n := countRows(t, db, "tickets"); n != 0 {
		t.Errorf("%d tickets, want none", n)
	}
}
