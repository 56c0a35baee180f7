package postgres

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"supportbot/storage"
	"supportbot/storage/sqlite"
)

// store is what both backends offer, as the steps below use it.
type store interface {
	Import(ctx context.Context, f *storage.ImportFile) (storage.ImportStats, error)
	OrderByNumber(ctx context.Context, number string) (storage.Order, error)
	CustomerByEmail(ctx context.Context, email string) (storage.Customer, error)
	CreateReturn(ctx context.Context, r storage.Return) (storage.Return, error)
	SetReturnStatus(ctx context.Context, returnID int64, status string) error
	ReturnsByCustomer(ctx context.Context, customerID int64) ([]storage.Return, error)
	CancelOrder(ctx context.Context, orderID int64, when time.Time) error
	OrdersByCustomer(ctx context.Context, customerID int64) ([]storage.Order, error)
	CreateTicket(ctx context.Context, t storage.Ticket) (storage.Ticket, error)
	AddAttachment(ctx context.Context, a storage.Attachment) (storage.Attachment, error)
	SetTicketStatus(ctx context.Context, ticketID int64, status string) error
	TicketByID(ctx context.Context, id int64) (storage.Ticket, error)
	TicketsByCustomer(ctx context.Context, customerID int64) ([]storage.Ticket, error)
	OpenTickets(ctx context.Context, kinds ...string) ([]storage.Ticket, error)
	AddressesByCustomer(ctx context.Context, customerID int64) ([]storage.Address, error)
	RefundsWaiting(ctx context.Context, before time.Time) ([]storage.WaitingRefund, error)
	SaveTurn(ctx context.Context, c storage.Conversation, msgs []storage.Message) ([]storage.Message, error)
	Conversation(ctx context.Context, id string) (storage.Conversation, error)
	Transcript(ctx context.Context, conversationID string, limit int) ([]storage.Message, error)
	MessagesAfter(ctx context.Context, conversationID string, afterID int64) ([]storage.Message, error)
	CreateHandoff(ctx context.Context, h storage.Handoff) (storage.Handoff, error)
	UpdateHandoff(ctx context.Context, h storage.Handoff) error
	OpenHandoffs(ctx context.Context) ([]storage.Handoff, error)
	HandoffByDeskRef(ctx context.Context, deskRef string) (storage.Handoff, error)
	LinkIdentity(ctx context.Context, id storage.Identity) error
	IdentityCustomer(ctx context.Context, channel, userID string) (int64, error)
	AttemptVerification(ctx context.Context, c storage.IdentityClaim, allow func(storage.RecentFailures) bool) (storage.Verification, error)
	ClaimDelivery(ctx context.Context, source, key, result string) (bool, error)
	DeliveryResult(ctx context.Context, source, key string) (string, error)
	Enqueue(ctx context.Context, msgs []storage.OutboxMessage) error
	DueOutbox(ctx context.Context, channel string, now time.Time, limit int) ([]storage.OutboxMessage, error)
	OutboxSent(ctx context.Context, id int64, at time.Time) error
	OutboxMessages(ctx context.Context, channel string) ([]storage.OutboxMessage, error)
	WithTx(ctx context.Context, fn func(ctx context.Context) error) error
	Purge(ctx context.Context, c storage.Cutoffs) (storage.Purged, error)
	ExportCustomer(ctx context.Context, email string) (storage.CustomerData, error)
	EraseCustomer(ctx context.Context, email string) (storage.Erased, error)
}

var (
	_ store = (*DB)(nil)
	_ store = (*sqlite.DB)(nil)
)

// A day of the shop, played on both backends: every result, every error
// kind, and the final state are the same. References drawn at random (RA
// and TK numbers, outbox keys) are compared by shape.
func TestSameBehaviourAsSQLite(t *testing.T) {
	ctx := context.Background()
	pg := mustOpen(t)
	lite, err := sqlite.Open(ctx, t.TempDir()+"/same.db")
	if err != nil {
		t.Fatal(err)
	}
	defer lite.Close()
	lite.Now = pg.Now
	seed := mustDecode(t, "testdata/seed.json")
	account := mustDecode(t, "testdata/account.json")
	var got, want []string
	for _, s := range []store{lite, pg} {
		log := playDay(ctx, s, seed, account)
		if s == store(lite) {
			want = log
		} else {
			got = log
		}
	}
	if len(want) < 40 {
		t.Fatalf("the day has %d steps: too few", len(want))
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("PostgreSQL differs from SQLite (-sqlite +postgres):\n%s", diff)
	}
}

var randomRefs = regexp.MustCompile(`(RA|TK|ob)-[A-Z0-9]{8}`)

// playDay runs the steps on s and returns one line per step: its result
// and the kind of its error.
func playDay(ctx context.Context, s store, seed, account *storage.ImportFile) []string {
	var log []string
	note := func(step string, v any, err error) {
		kind := "ok"
		switch {
		case errors.Is(err, storage.ErrNotFound):
			kind = "not found"
		case errors.Is(err, storage.ErrConflict):
			kind = "conflict"
		case err != nil:
			kind = "error"
		}
		log = append(log, randomRefs.ReplaceAllString(fmt.Sprintf("%s: %s %+v", step, kind, v), "$1-x"))
	}
	st, err := s.Import(ctx, seed)
	note("import seed", st, err)
	st, err = s.Import(ctx, account)
	note("import account", st, err)
	ring, err := s.OrderByNumber(ctx, "cl 482913")
	note("order", ring, err)
	pending, err := s.OrderByNumber(ctx, "CL-482920")
	note("order", pending, err)
	ana, err := s.CustomerByEmail(ctx, " ANA.martin@example.fr")
	note("customer", ana, err)
	for i, items := range [][]storage.ReturnItem{
		{{ItemID: ring.Items[1].ID, Quantity: 1}},
		{{ItemID: ring.Items[1].ID, Quantity: 2}},
		{{ItemID: ring.Items[0].ID, Quantity: 1}, {ItemID: 9999, Quantity: 1}},
		{{ItemID: ring.Items[1].ID, Quantity: 1}},
	} {
		r, err := s.CreateReturn(ctx, storage.Return{OrderID: ring.ID, Reason: fmt.Sprint("reason ", i), Items: items})
		note("return", r, err)
	}
	rs, err := s.ReturnsByCustomer(ctx, ana.ID)
	note("returns", rs, err)
	if len(rs) > 0 {
		note("cancel return", nil, s.SetReturnStatus(ctx, rs[0].ID, storage.ReturnCancelled))
		note("reopen return", nil, s.SetReturnStatus(ctx, rs[0].ID, storage.ReturnOpen))
	}
	note("cancel pending", nil, s.CancelOrder(ctx, pending.ID, testNow))
	note("cancel again", nil, s.CancelOrder(ctx, pending.ID, testNow))
	note("cancel unknown", nil, s.CancelOrder(ctx, 9999, testNow))
	orders, err := s.OrdersByCustomer(ctx, ana.ID)
	note("orders", orders, err)

	tk, err := s.CreateTicket(ctx, storage.Ticket{Kind: storage.TicketWrongItem, ConversationID: "web:a", CustomerID: ana.ID,
		OrderID: ring.ID, Summary: "wrong", Details: map[string]string{"sku": "EAR-07"},
		Attachments: []storage.Attachment{{Name: "p.jpg", ContentType: "image/jpeg", Data: []byte("jpg")}}})
	note("ticket", tk, err)
	a, err := s.AddAttachment(ctx, storage.Attachment{TicketID: tk.ID, Name: "q.png", Data: []byte("png")})
	note("attachment", a, err)
	_, err = s.AddAttachment(ctx, storage.Attachment{TicketID: 9999})
	note("attachment to unknown", nil, err)
	note("resolve", nil, s.SetTicketStatus(ctx, tk.ID, storage.TicketResolved))
	got, err := s.TicketByID(ctx, tk.ID)
	note("ticket by id", got, err)
	note("reopen", nil, s.SetTicketStatus(ctx, tk.ID, storage.TicketInProgress))
	note("unknown status", nil, s.SetTicketStatus(ctx, tk.ID, "lost"))
	note("status of unknown", nil, s.SetTicketStatus(ctx, 9999, storage.TicketRejected))
	yes := true
	st, err = s.Import(ctx, &storage.ImportFile{
		Customers: []storage.ImportCustomer{{Email: ana.Email, Name: ana.Name, Phone: ana.Phone, Language: ana.Language,
			LoyaltyCard: ana.LoyaltyCard, Newsletter: &yes, Addresses: []storage.Address{
				{Label: "Maison", Line1: "12 rue des Lilas", PostalCode: "69003", City: "Lyon", Country: "FR"},
				{Label: "Bureau", Name: "Ana", Line1: "3 place Bellecour", PostalCode: "69002", City: "Lyon", Country: "FR", Default: true}}}},
		Tickets: []storage.ImportTicket{{Ref: tk.Ref, Status: storage.TicketRejected, Outcome: "article conforme"},
			{Ref: "TK-SHOP1", Kind: storage.TicketClaim, Order: ring.Number, Status: storage.TicketInProgress,
				Outcome: "enquête ouverte", CreatedAt: testNow.Add(-time.Hour)}},
	})
	note("import cases", st, err)
	_, err = s.Import(ctx, &storage.ImportFile{Tickets: []storage.ImportTicket{{Ref: tk.Ref, Kind: storage.TicketClaim,
		Status: storage.TicketOpen}}})
	note("import moving a case", nil, err)
	cs, err := s.CustomerByEmail(ctx, ana.Email)
	note("customer", cs, err)
	as, err := s.AddressesByCustomer(ctx, ana.ID)
	note("addresses", as, err)
	ts, err := s.TicketsByCustomer(ctx, ana.ID)
	note("tickets", ts, err)
	ts, err = s.OpenTickets(ctx, storage.TicketClaim, storage.TicketWrongItem)
	note("open tickets", ts, err)
	ws, err := s.RefundsWaiting(ctx, testNow.Add(time.Hour))
	note("refunds waiting", ws, err)

	conv := storage.Conversation{ID: "web:a", Channel: "web", Lang: "fr", State: []byte(`{"s":1}`)}
	msgs, err := s.SaveTurn(ctx, conv, []storage.Message{{From: storage.FromCustomer, Text: "bonjour", Intent: "greet", Confidence: 0.5},
		{From: storage.FromBot, Text: "Bonjour !"}})
	note("turn", msgs, err)
	conv.CustomerID, conv.Handoff = ana.ID, storage.HandoffRequested
	msgs, err = s.SaveTurn(ctx, conv, []storage.Message{{From: storage.FromAgent, Author: "Camille", Text: "je regarde"}})
	note("turn", msgs, err)
	c, err := s.Conversation(ctx, "web:a")
	note("conversation", c, err)
	tr, err := s.Transcript(ctx, "web:a", 2)
	note("transcript", tr, err)
	tr, err = s.MessagesAfter(ctx, "web:a", 1)
	note("after", tr, err)

	h, err := s.CreateHandoff(ctx, storage.Handoff{ConversationID: "web:a", TicketID: tk.ID, Reason: "person"})
	note("handoff", h, err)
	_, err = s.CreateHandoff(ctx, storage.Handoff{ConversationID: "web:a"})
	note("second handoff", nil, err)
	h.State, h.AgentName, h.DeskRef, h.TakenAt = storage.HandoffWithAgent, "Camille", "C1/2", testNow
	note("update handoff", nil, s.UpdateHandoff(ctx, h))
	hs, err := s.OpenHandoffs(ctx)
	note("open handoffs", hs, err)
	h2, err := s.HandoffByDeskRef(ctx, "C1/2")
	note("by desk ref", h2, err)
	h.State, h.ResolvedAt = storage.HandoffResolved, testNow.Add(time.Hour)
	note("resolve handoff", nil, s.UpdateHandoff(ctx, h))

	note("link", nil, s.LinkIdentity(ctx, storage.Identity{Channel: "telegram", UserID: "7", CustomerID: ana.ID}))
	id, err := s.IdentityCustomer(ctx, "telegram", "7")
	note("identity", id, err)
	for i := range 4 {
		v, err := s.AttemptVerification(ctx, storage.IdentityClaim{ConversationID: "web:v", Email: "ana.martin@example.fr",
			OrderNumber: []string{"CL-000001", "CL-482913", "482913", "OPL-0042-17"}[i], At: testNow.Add(time.Duration(i) * time.Second),
			Since: testNow.Add(-time.Hour), CountLastMinute: 10}, func(f storage.RecentFailures) bool { return len(f.Conversation) < 3 })
		note("verify", v, err)
	}

	err = s.WithTx(ctx, func(ctx context.Context) error {
		ok, err := s.ClaimDelivery(ctx, "telegram", "1", "answer")
		note("claim", ok, err)
		ok, err = s.ClaimDelivery(ctx, "telegram", "1", "again")
		note("claim again", ok, err)
		err = s.Enqueue(ctx, []storage.OutboxMessage{{Channel: "telegram", Recipient: "7", Kind: storage.OutboxReply, Payload: "1"},
			{Channel: "telegram", Recipient: "7", Kind: storage.OutboxReply, Payload: "2"},
			{Channel: "telegram", Recipient: "8", Kind: storage.OutboxReply, Payload: "3", IdemKey: "k"}})
		note("enqueue", nil, err)
		return err
	})
	note("unit", nil, err)
	r, err := s.DeliveryResult(ctx, "telegram", "1")
	note("delivery result", r, err)
	due, err := s.DueOutbox(ctx, "telegram", testNow, 10)
	note("due", due, err)
	if len(due) > 0 {
		note("sent", nil, s.OutboxSent(ctx, due[0].ID, testNow))
	}
	due, err = s.DueOutbox(ctx, "telegram", testNow, 10)
	note("due", due, err)
	ob, err := s.OutboxMessages(ctx, "telegram")
	note("outbox", ob, err)

	p, err := s.Purge(ctx, storage.Cutoffs{Transcripts: testNow.Add(time.Minute), Attempts: testNow.Add(2 * time.Second),
		Tickets: testNow.Add(time.Minute)})
	note("purge", p, err)
	d, err := s.ExportCustomer(ctx, "ana.martin@example.fr")
	note("export", d, err)
	e, err := s.EraseCustomer(ctx, "ana.martin@example.fr")
	note("erase", e, err)
	e, err = s.EraseCustomer(ctx, "ana.martin@example.fr")
	note("erase again", e, err)
	d, err = s.ExportCustomer(ctx, "tom.baker@example.com")
	note("export other", d, err)
	return log
}
