package storetest

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"supportbot/storage"
)

// allowUnder returns a rule that allows an attempt while each series of
// failures is under n.
func allowUnder(n int) func(storage.RecentFailures) bool {
	return func(f storage.RecentFailures) bool {
		return len(f.Conversation) < n && len(f.Order) < n && len(f.Email) < n
	}
}

func (s *suite) attemptVerification(t *testing.T) {
	ctx := context.Background()
	db := s.seed(t)
	ana, err := db.CustomerByEmail(ctx, "ana.martin@example.fr")
	if err != nil {
		t.Fatal(err)
	}
	claim := func(conv, email, order string) storage.IdentityClaim {
		return storage.IdentityClaim{ConversationID: conv, Email: email, OrderNumber: order, At: Now, Since: Now.Add(-time.Hour)}
	}
	tests := []struct {
		name    string
		claim   storage.IdentityClaim
		matched bool
	}{
		{"right pair", claim("web:a", "Ana.Martin@example.fr ", "cl 482913"), true},
		{"someone else's order", claim("web:b", "ana.martin@example.fr", "CL-482914"), false},
		{"unknown e-mail", claim("web:c", "nobody@example.fr", "CL-482913"), false},
		{"unknown order", claim("web:d", "ana.martin@example.fr", "CL-000000"), false},
		{"loyalty card", storage.IdentityClaim{ConversationID: "web:e", Email: "ana.martin@example.fr", LoyaltyCard: "opl 0042 17", At: Now}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v, err := db.AttemptVerification(ctx, tt.claim, allowUnder(5))
			if err != nil {
				t.Fatal(err)
			}
			if v.Refused || v.Matched != tt.matched || (tt.matched && v.CustomerID != ana.ID) || (!tt.matched && v.CustomerID != 0) {
				t.Errorf("got %+v, want matched %v (customer %d)", v, tt.matched, ana.ID)
			}
		})
	}
}

// Failures count per conversation, per number and per e-mail (by its
// hash), and shop-wide per minute; a refused attempt is not recorded.
func (s *suite) attemptVerificationCountsFailures(t *testing.T) {
	ctx := context.Background()
	db := s.seed(t)
	for i := range 3 {
		c := storage.IdentityClaim{ConversationID: fmt.Sprintf("web:%d", i), Email: "ana.martin@example.fr",
			OrderNumber: fmt.Sprintf("CL-00000%d", i), At: Now.Add(time.Duration(i) * time.Second), Since: Now.Add(-time.Hour)}
		if _, err := db.AttemptVerification(ctx, c, allowUnder(3)); err != nil {
			t.Fatal(err)
		}
	}
	var seen storage.RecentFailures
	v, err := db.AttemptVerification(ctx, storage.IdentityClaim{ConversationID: "web:0", Email: " ANA.MARTIN@example.fr",
		OrderNumber: "CL-482913", At: Now.Add(time.Minute), Since: Now.Add(-time.Hour), CountLastMinute: 10},
		func(f storage.RecentFailures) bool { seen = f; return false })
	if err != nil {
		t.Fatal(err)
	}
	if !v.Refused || v.Matched {
		t.Errorf("refused attempt = %+v, want refused and not judged", v)
	}
	if len(seen.Conversation) != 1 || len(seen.Order) != 0 || len(seen.Email) != 3 || seen.LastMinute != 3 {
		t.Errorf("failures seen = %d by conversation, %d by order, %d by e-mail, %d in the last minute; want 1, 0, 3, 3",
			len(seen.Conversation), len(seen.Order), len(seen.Email), seen.LastMinute)
	}
	d, err := db.ExportCustomer(ctx, "ana.martin@example.fr")
	if err != nil {
		t.Fatal(err)
	}
	if n := len(d.VerificationAttempts); n != 3 {
		t.Errorf("%d attempts recorded, want 3 (the refused one is not)", n)
	}
	for _, a := range d.VerificationAttempts {
		if strings.Contains(a.EmailKey, "ana") || a.EmailKey != storage.EmailKey("ana.martin@example.fr") {
			t.Errorf("e-mail key %q is not the address's hash", a.EmailKey)
		}
	}
}

// A hundred simultaneous attempts on one order: exactly five are judged,
// the lock-out counted exactly.
func (s *suite) attemptVerificationIsAtomic(t *testing.T) {
	ctx := context.Background()
	db := s.seed(t)
	var wg sync.WaitGroup
	var mu sync.Mutex
	judged := 0
	for i := range 100 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			v, err := db.AttemptVerification(ctx, storage.IdentityClaim{ConversationID: fmt.Sprintf("web:%d", i),
				Email: fmt.Sprintf("guess%d@example.com", i), OrderNumber: "CL-482913", At: Now, Since: Now.Add(-time.Hour)},
				allowUnder(5))
			if err != nil {
				t.Error(err)
				return
			}
			mu.Lock()
			if !v.Refused {
				judged++
			}
			mu.Unlock()
		}()
	}
	wg.Wait()
	if judged != 5 {
		t.Errorf("%d attempts judged, want 5", judged)
	}
}

// A reference is found however the customer gives it: the order number
// in any form, its digits alone when one order has them, or a loyalty
// card number given where an order number was asked (one attempt).
func (s *suite) attemptVerificationReferences(t *testing.T) {
	db := s.open(t)
	ctx := context.Background()
	f := &storage.ImportFile{
		Customers: []storage.ImportCustomer{
			{Email: "ana@example.com", LoyaltyCard: "CARTE-55012"},
			{Email: "ben@example.com"},
		},
		Orders: []storage.ImportOrder{
			{Number: "OP-100401", Email: "ana@example.com", PlacedAt: Now, Status: storage.StatusPending, TotalCents: 1000, Items: []storage.ImportItem{{Name: "Ring", Quantity: 1, UnitPriceCents: 1000}}},
			{Number: "OP-100402", Email: "ben@example.com", PlacedAt: Now, Status: storage.StatusPending, TotalCents: 1000, Items: []storage.ImportItem{{Name: "Ring", Quantity: 1, UnitPriceCents: 1000}}},
			{Number: "CL-100402", Email: "ana@example.com", PlacedAt: Now, Status: storage.StatusPending, TotalCents: 1000, Items: []storage.ImportItem{{Name: "Ring", Quantity: 1, UnitPriceCents: 1000}}},
		},
	}
	if _, err := db.Import(ctx, f); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		email, order, card string
		want               bool
	}{
		{"ana@example.com", "OP-100401", "", true},
		{"ana@example.com", "op100401", "", true},
		{"ana@example.com", "100401", "", true},      // digits alone, one order has them
		{"ana@example.com", "100402", "", false},     // two orders end with them: no guess
		{"ana@example.com", "CARTE-55012", "", true}, // a card given as an order number
		{"ana@example.com", "", "OP-100401", true},   // and the other way round
		{"ben@example.com", "100401", "", false},
		{"ben@example.com", "CARTE-55012", "", false},
	}
	for i, tt := range tests {
		v, err := db.AttemptVerification(ctx, storage.IdentityClaim{ConversationID: fmt.Sprintf("web:ref%d", i),
			Email: tt.email, OrderNumber: tt.order, LoyaltyCard: tt.card, At: Now, Since: Now.Add(-time.Hour)},
			func(storage.RecentFailures) bool { return true })
		if err != nil {
			t.Fatal(err)
		}
		if v.Matched != tt.want {
			t.Errorf("%s with %q/%q: matched %v, want %v", tt.email, tt.order, tt.card, v.Matched, tt.want)
		}
	}
}

// Simultaneous attempts of one conversation, each inside a turn's unit of
// work as the engine makes them, are counted exactly too.
func (s *suite) attemptVerificationInUnitsIsAtomic(t *testing.T) {
	ctx := context.Background()
	db := s.seed(t)
	var mu sync.Mutex
	judged := 0
	errs := race(20, func(i int) error {
		return db.WithTx(ctx, func(ctx context.Context) error {
			v, err := db.AttemptVerification(ctx, storage.IdentityClaim{ConversationID: "web:one",
				Email: "ana.martin@example.fr", OrderNumber: fmt.Sprintf("CL-9%05d", i), At: Now, Since: Now.Add(-time.Hour)},
				allowUnder(5))
			if err != nil {
				return err
			}
			mu.Lock()
			if !v.Refused {
				judged++
			}
			mu.Unlock()
			_, err = db.SaveTurn(ctx, storage.Conversation{ID: "web:one", Channel: "web"},
				[]storage.Message{{From: storage.FromBot, Text: "checked"}})
			return err
		})
	})
	for _, err := range errs {
		if err != nil {
			t.Errorf("turn = %v", err)
		}
	}
	if judged != 5 {
		t.Errorf("%d attempts judged, want 5", judged)
	}
	byConv, _, err := db.FailedVerifications(ctx, "web:one", "", Now.Add(-time.Hour))
	if err != nil || len(byConv) != 5 {
		t.Errorf("failures recorded = %d, %v; want 5", len(byConv), err)
	}
}

func (s *suite) verificationTests() []test {
	return []test{
		{"AttemptVerification", s.attemptVerification},
		{"CountsFailures", s.attemptVerificationCountsFailures},
		{"ParallelAttemptsCountedExactly", s.attemptVerificationIsAtomic},
		{"ParallelAttemptsInUnitsCountedExactly", s.attemptVerificationInUnitsIsAtomic},
		{"References", s.attemptVerificationReferences},
		{"FailedVerifications", s.failedVerifications},
	}
}
