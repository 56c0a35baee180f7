package postgres

import (
	"context"
	"errors"
	"regexp"
	"testing"

	"supportbot/storage"
)

var tkPattern = regexp.MustCompile(`^TK-[A-Z0-9]{8}$`)

func TestCreateTicket(t *testing.T) {
	ctx := context.Background()
	db := mustSeed(t)
	o := mustOrder(t, db, "CL-482913")
	tk, err := db.CreateTicket(ctx, storage.Ticket{
		Kind: storage.TicketWrongItem, ConversationID: "web:abc", CustomerID: o.CustomerID, OrderID: o.ID,
		Summary:     "received a bracelet instead of earrings",
		Details:     map[string]string{"item": "EAR-07", "received": "bracelet"},
		Attachments: []storage.Attachment{{Name: "photo.jpg", ContentType: "image/jpeg", Data: []byte{0xff, 0xd8, 0xff}}},
	})
	if err != nil {
		t.Fatal(err)
	}
	if !tkPattern.MatchString(tk.Ref) || tk.ID == 0 || tk.Status != storage.TicketOpen || !tk.CreatedAt.Equal(testNow) {
		t.Errorf("CreateTicket = %+v, want a TK reference, open, created now", tk)
	}
	if len(tk.Attachments) != 1 || tk.Attachments[0].ID == 0 || tk.Attachments[0].TicketID != tk.ID {
		t.Fatalf("attachments = %+v, want one with IDs set", tk.Attachments)
	}
	more, err := db.AddAttachment(ctx, storage.Attachment{TicketID: tk.ID, Name: "box.png", ContentType: "image/png", Data: []byte("png")})
	if err != nil {
		t.Fatal(err)
	}
	if err := db.SetTicketStatus(ctx, tk.ID, storage.TicketResolved); err != nil {
		t.Fatal(err)
	}
	got, err := db.TicketByID(ctx, tk.ID)
	if err != nil {
		t.Fatal(err)
	}
	want := tk
	want.Status = storage.TicketResolved
	want.Attachments = append(want.Attachments, more)
	if diff := cmpDiff(want, got); diff != "" {
		t.Errorf("TicketByID differs (-want +got):\n%s", diff)
	}
}

func TestTicketWithoutCustomer(t *testing.T) {
	ctx := context.Background()
	db := mustOpen(t)
	tk, err := db.CreateTicket(ctx, storage.Ticket{Kind: storage.TicketHandoff, ConversationID: "telegram:42", Summary: "asked for a person"})
	if err != nil {
		t.Fatal(err)
	}
	got, err := db.TicketByID(ctx, tk.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.CustomerID != 0 || got.OrderID != 0 || len(got.Details) != 0 || got.Attachments != nil {
		t.Errorf("ticket = %+v, want no customer, order, details or attachments", got)
	}
}

func TestTicketErrors(t *testing.T) {
	ctx := context.Background()
	db := mustOpen(t)
	if _, err := db.AddAttachment(ctx, storage.Attachment{TicketID: 9999, Data: []byte("x")}); !errors.Is(err, storage.ErrNotFound) {
		t.Errorf("AddAttachment(unknown ticket) = %v, want ErrNotFound", err)
	}
	if err := db.SetTicketStatus(ctx, 9999, storage.TicketResolved); !errors.Is(err, storage.ErrNotFound) {
		t.Errorf("SetTicketStatus(unknown) = %v, want ErrNotFound", err)
	}
	if err := db.SetTicketStatus(ctx, 1, "lost"); err == nil {
		t.Error("SetTicketStatus(bad status) succeeded")
	}
	if _, err := db.TicketByID(ctx, 9999); !errors.Is(err, storage.ErrNotFound) {
		t.Errorf("TicketByID(unknown) = %v, want ErrNotFound", err)
	}
	if _, err := db.CreateTicket(ctx, storage.Ticket{Kind: storage.TicketClaim, CustomerID: 9999}); err == nil {
		t.Error("CreateTicket for an unknown customer succeeded, want a foreign key error")
	}
}
