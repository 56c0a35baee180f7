// Package storetest is the conformance suite of the account store: one
// set of tests that every backend (SQLite, PostgreSQL) must pass, so that
// the engine, the commands and the channels can rely on the contract
// written in bot.Store and the storage interfaces rather than on one
// database's behaviour.
//
// A backend runs it from its own tests:
//
//	func TestStore(t *testing.T) {
//		storetest.Run(t, func(t *testing.T, now func() time.Time) storetest.Store {
//			db := openFresh(t) // an empty database of its own
//			db.Now = now
//			t.Cleanup(func() { db.Close() })
//			return db
//		})
//	}
//
// Subtests are named per noun and rule ("Orders/CancelOrder/delivered"),
// so that a backend's failures say which part of the contract it breaks.
// Only the stores' public methods are used: what a backend writes is
// checked through what it reads back.
package storetest

import (
	"bytes"
	"context"
	"embed"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"supportbot/bot"
	"supportbot/bot/delivery"
	"supportbot/storage"
)

// Store is the whole method set the product uses from a backend; the
// suite checks each method. It matches backend.Store method for method.
type Store interface {
	bot.Store
	delivery.Store
	storage.Importer
	storage.Privacy
	storage.Retention
	storage.ChannelState
	storage.Records
	Ping(ctx context.Context) error
	Close() error
}

// Opener returns a new, empty store whose clock, for the records it
// stamps itself, is now. The store must be closed when t ends.
type Opener func(t *testing.T, now func() time.Time) Store

// Now is the suite's fixed clock, where a test does not move it.
var Now = time.Date(2025, 3, 15, 9, 0, 0, 0, time.UTC)

//go:embed testdata
var testdata embed.FS

// Run runs the whole suite against the stores open returns.
func Run(t *testing.T, open Opener) {
	s := &suite{opener: open}
	groups := []struct {
		name  string
		tests []test
	}{
		{"Customers", s.customerTests()},
		{"Orders", s.orderTests()},
		{"Returns", s.returnTests()},
		{"Account", s.accountTests()},
		{"Cases", s.caseTests()},
		{"Tickets", s.ticketTests()},
		{"Conversations", s.conversationTests()},
		{"Identities", s.identityTests()},
		{"Handoffs", s.handoffTests()},
		{"Verification", s.verificationTests()},
		{"Deliveries", s.deliveryTests()},
		{"Outbox", s.outboxTests()},
		{"ChannelState", s.channelStateTests()},
		{"UnitOfWork", s.txTests()},
		{"Import", s.importTests()},
		{"Privacy", s.privacyTests()},
		{"Retention", s.retentionTests()},
		{"Concurrency", s.concurrencyTests()},
		{"Lifecycle", s.lifecycleTests()},
	}
	for _, g := range groups {
		t.Run(g.name, func(t *testing.T) {
			for _, tt := range g.tests {
				t.Run(tt.name, tt.run)
			}
		})
	}
}

// test is one named rule of the contract.
type test struct {
	name string
	run  func(t *testing.T)
}

// suite holds the opener and the clock of the test running. Subtests run
// one after another, so one clock serves them all.
type suite struct {
	opener Opener
	clock  clock
}

// open returns an empty store, its clock set back to Now.
func (s *suite) open(t *testing.T) Store {
	t.Helper()
	s.clock.set(Now)
	return s.opener(t, s.clock.now)
}

// seed returns a store holding testdata/seed.json: three customers, four
// orders, one points adjustment.
func (s *suite) seed(t *testing.T) Store {
	t.Helper()
	db := s.open(t)
	if _, err := db.Import(context.Background(), Seed(t)); err != nil {
		t.Fatalf("import seed: %v", err)
	}
	return db
}

// clock is a settable clock, safe for the goroutines a store may run.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *clock) set(t time.Time) {
	c.mu.Lock()
	c.t = t
	c.mu.Unlock()
}

// Seed returns the suite's seed shop (testdata/seed.json): Ana
// (ana.martin@example.fr, card OPL-0042-17) with CL-482913 (delivered: a
// personalised ring and two earrings) and CL-482920 (pending); Tom
// (tom.baker@example.com) with CL-482931 (in transit) and a points
// adjustment; Léa (lea.roux@example.fr) with CL-482944 (bought in store).
func Seed(tb testing.TB) *storage.ImportFile {
	tb.Helper()
	return mustDecode(tb, "seed.json")
}

// mustDecode reads an import file from testdata.
func mustDecode(tb testing.TB, name string) *storage.ImportFile {
	tb.Helper()
	data, err := testdata.ReadFile("testdata/" + name)
	if err != nil {
		tb.Fatal(err)
	}
	f, err := storage.DecodeImport(bytes.NewReader(data))
	if err != nil {
		tb.Fatalf("DecodeImport(%s): %v", name, err)
	}
	return f
}

func mustOrder(tb testing.TB, db Store, number string) storage.Order {
	tb.Helper()
	o, err := db.OrderByNumber(context.Background(), number)
	if err != nil {
		tb.Fatalf("OrderByNumber(%q): %v", number, err)
	}
	return o
}

func mustCustomer(tb testing.TB, db Store, email string) storage.Customer {
	tb.Helper()
	c, err := db.CustomerByEmail(context.Background(), email)
	if err != nil {
		tb.Fatalf("CustomerByEmail(%q): %v", email, err)
	}
	return c
}

// MustReturnEarrings opens a return of both earrings of CL-482913 in the
// seed shop (Seed); the backends' crash tests use it too.
func MustReturnEarrings(tb testing.TB, db Store) storage.Return {
	tb.Helper()
	o := mustOrder(tb, db, "CL-482913")
	r, err := db.CreateReturn(context.Background(), storage.Return{
		OrderID: o.ID, Reason: "too big", Items: []storage.ReturnItem{{ItemID: o.Items[1].ID, Quantity: 2}},
	})
	if err != nil {
		tb.Fatalf("CreateReturn: %v", err)
	}
	return r
}

func cmpDiff(want, got any) string { return cmp.Diff(want, got) }

// problemLines lists the problems of an *storage.ImportError, one a line.
func problemLines(tb testing.TB, err error) string {
	tb.Helper()
	if err == nil {
		return ""
	}
	var ie *storage.ImportError
	if !errors.As(err, &ie) {
		tb.Fatalf("error %v (%T) is not an *storage.ImportError", err, err)
	}
	var b []byte
	for _, p := range ie.Problems {
		b = append(b, p.String()+"\n"...)
	}
	return string(b)
}
