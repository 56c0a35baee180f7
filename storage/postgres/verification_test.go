package postgres

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

func TestAttemptVerification(t *testing.T) {
	ctx := context.Background()
	db := mustSeed(t)
	ana, err := db.CustomerByEmail(ctx, "ana.martin@example.fr")
	if err != nil {
		t.Fatal(err)
	}
	claim := func(conv, email, order string) storage.IdentityClaim {
		return storage.IdentityClaim{ConversationID: conv, Email: email, OrderNumber: order, At: testNow, Since: testNow.Add(-time.Hour)}
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
		{"loyalty card", storage.IdentityClaim{ConversationID: "web:e", Email: "ana.martin@example.fr", LoyaltyCard: "opl 0042 17", At: testNow}, true},
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
func TestAttemptVerificationCountsFailures(t *testing.T) {
	ctx := context.Background()
	db := mustSeed(t)
	for i := range 3 {
		c := storage.IdentityClaim{ConversationID: fmt.Sprintf("web:%d", i), Email: "ana.martin@example.fr",
			OrderNumber: fmt.Sprintf("CL-00000%d", i), At: testNow.Add(time.Duration(i) * time.Second), Since: testNow.Add(-time.Hour)}
		if _, err := db.AttemptVerification(ctx, c, allowUnder(3)); err != nil {
			t.Fatal(err)
		}
	}
	var seen storage.RecentFailures
	v, err := db.AttemptVerification(ctx, storage.IdentityClaim{ConversationID: "web:0", Email: " ANA.MARTIN@example.fr",
		OrderNumber: "CL-482913", At: testNow.Add(time.Minute), Since: testNow.Add(-time.Hour), CountLastMinute: 10},
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
	var n int
	var keys string
	if err := db.pool.QueryRow(ctx, `SELECT COUNT(*), string_agg(email_key, ',') FROM verification_attempts`).Scan(&n, &keys); err != nil {
		t.Fatal(err)
	}
	if n != 3 {
		t.Errorf("%d attempts recorded, want 3 (the refused one is not)", n)
	}
	if strings.Contains(keys, "ana") || !strings.HasPrefix(keys, "email:") {
		t.Errorf("e-mail keys %q are not hashes", keys)
	}
}

// A hundred simultaneous attempts on one order: exactly five are judged.
func TestAttemptVerificationIsAtomic(t *testing.T) {
	ctx := context.Background()
	db := mustOpen(t)
	if _, err := db.Import(ctx, mustDecode(t, "testdata/seed.json")); err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	var mu sync.Mutex
	judged := 0
	for i := range 100 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			v, err := db.AttemptVerification(ctx, storage.IdentityClaim{ConversationID: fmt.Sprintf("web:%d", i),
				Email: fmt.Sprintf("guess%d@example.com", i), OrderNumber: "CL-482913", At: testNow, Since: testNow.Add(-time.Hour)},
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
func TestAttemptVerificationReferences(t *testing.T) {
	db := mustOpen(t)
	ctx := context.Background()
	f := &storage.ImportFile{
		Customers: []storage.ImportCustomer{
			{Email: "ana@example.com", LoyaltyCard: "CARTE-55012"},
			{Email: "ben@example.com"},
		},
		Orders: []storage.ImportOrder{
			{Number: "OP-100401", Email: "ana@example.com", PlacedAt: testNow, Status: storage.StatusPending, TotalCents: 1000, Items: []storage.ImportItem{{Name: "Ring", Quantity: 1, UnitPriceCents: 1000}}},
			{Number: "OP-100402", Email: "ben@example.com", PlacedAt: testNow, Status: storage.StatusPending, TotalCents: 1000, Items: []storage.ImportItem{{Name: "Ring", Quantity: 1, UnitPriceCents: 1000}}},
			{Number: "CL-100402", Email: "ana@example.com", PlacedAt: testNow, Status: storage.StatusPending, TotalCents: 1000, Items: []storage.ImportItem{{Name: "Ring", Quantity: 1, UnitPriceCents: 1000}}},
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
			Email: tt.email, OrderNumber: tt.order, LoyaltyCard: tt.card, At: testNow, Since: testNow.Add(-time.Hour)},
			func(storage.RecentFailures) bool { return true })
		if err != nil {
			t.Fatal(err)
		}
		if v.Matched != tt.want {
			t.Errorf("%s with %q/%q: matched %v, want %v", tt.email, tt.order, tt.card, v.Matched, tt.want)
		}
	}
}
