package bot_test

import (
	"context"
	"strings"
	"testing"

	"supportbot/bot"
	"supportbot/bot/bottest"
	"supportbot/storage"
)

// Without a desk, the hand-off ticket is what the team gets besides the
// transcript: it names the order the verified customer was asking about.
func TestHandoffTicketNamesTheOrder(t *testing.T) {
	tests := []struct {
		name, email string
		turns       []string
		order       string // "" for none
	}{
		{
			name:  "after a question about an order",
			email: "amelia.brown@example.com",
			turns: []string{"where is my order? amelia.brown@example.com OP-101001", "I want to talk to a person", "yes"},
			order: "OP-101001",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			db := bottest.Store(t)
			e := bottest.Engine(t, db)
			conv := "test:handoff-ticket-" + strings.ReplaceAll(tt.name, " ", "-")
			var last string
			for _, text := range tt.turns {
				resp, err := handle(t, e, bot.Incoming{ConversationID: conv, Text: text})
				if err != nil {
					t.Fatalf("%q: %v", text, err)
				}
				last = joined(resp.Replies)
			}
			ctx := context.Background()
			c, err := db.CustomerByEmail(ctx, tt.email)
			if err != nil {
				t.Fatal(err)
			}
			tks, err := db.TicketsByCustomer(ctx, c.ID)
			if err != nil {
				t.Fatal(err)
			}
			var handoff *storage.Ticket
			for i := range tks {
				if tks[i].Kind == storage.TicketHandoff {
					handoff = &tks[i]
				}
			}
			if handoff == nil {
				t.Fatalf("no hand-off ticket; last answer %q", last)
			}
			want, err := db.OrderByNumber(ctx, tt.order)
			if err != nil {
				t.Fatal(err)
			}
			if handoff.OrderID != want.ID {
				t.Errorf("hand-off ticket's order = %d, want %d (%s)", handoff.OrderID, want.ID, tt.order)
			}
		})
	}
}

// The address to write to, put right just after the request was passed to
// the team, is the one on its ticket.
func TestHandoffContactPutRight(t *testing.T) {
	db := bottest.Store(t)
	e := bottest.Engine(t, db)
	ctx := context.Background()
	for _, text := range []string{"where is my order? amelia.brown@example.com OP-101001", "I want to talk to a person", "yes",
		"please write to me at amelia.work@example.com instead"} {
		if _, err := handle(t, e, bot.Incoming{ConversationID: "test:contact", Text: text}); err != nil {
			t.Fatalf("%q: %v", text, err)
		}
	}
	c, err := db.CustomerByEmail(ctx, "amelia.brown@example.com")
	if err != nil {
		t.Fatal(err)
	}
	tks, err := db.TicketsByCustomer(ctx, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, tk := range tks {
		if tk.Kind == storage.TicketHandoff {
			found = true
			if got := tk.Details["contact_email"]; got != "amelia.work@example.com" {
				t.Errorf("ticket %s writes to %q, want amelia.work@example.com", tk.Ref, got)
			}
		}
	}
	if !found {
		t.Fatal("no hand-off ticket")
	}
}
