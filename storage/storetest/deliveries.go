package storetest

import (
	"context"
	"errors"
	"testing"
	"time"

	"supportbot/storage"
)

func (s *suite) deliveryTests() []test {
	return []test{
		{"MarkProcessed", s.markProcessed},
		{"ClaimDelivery", s.claimDelivery},
	}
}

func (s *suite) markProcessed(t *testing.T) {
	ctx := context.Background()
	db := s.open(t)
	for i, want := range []bool{true, false} {
		if got, err := db.MarkProcessed(ctx, "telegram", "1001"); err != nil || got != want {
			t.Errorf("MarkProcessed call %d = %v, %v; want %v", i, got, err, want)
		}
	}
	if got, err := db.MarkProcessed(ctx, "slack", "1001"); err != nil || !got {
		t.Errorf("same key from another source = %v, %v; want true", got, err)
	}
	if got, err := db.DeliveryResult(ctx, "telegram", "1001"); err != nil || got != "" {
		t.Errorf("DeliveryResult of a marked delivery = %q, %v; want empty", got, err)
	}
	s.clock.set(Now.Add(72 * time.Hour))
	if _, err := db.MarkProcessed(ctx, "telegram", "1002"); err != nil {
		t.Fatal(err)
	}
	if n, err := db.PruneProcessed(ctx, Now.Add(time.Hour)); err != nil || n != 2 {
		t.Errorf("PruneProcessed = %d, %v; want 2", n, err)
	}
	if got, _ := db.MarkProcessed(ctx, "telegram", "1002"); got {
		t.Error("PruneProcessed removed a recent delivery")
	}
	if got, _ := db.MarkProcessed(ctx, "telegram", "1001"); !got {
		t.Error("a pruned delivery is still known")
	}
}

func (s *suite) claimDelivery(t *testing.T) {
	ctx := context.Background()
	db := s.open(t)
	if _, err := db.DeliveryResult(ctx, "telegram", "7"); !errors.Is(err, storage.ErrNotFound) {
		t.Errorf("DeliveryResult(unclaimed) = %v, want ErrNotFound", err)
	}
	if ok, err := db.ClaimDelivery(ctx, "telegram", "7", `{"text":"bonjour"}`); err != nil || !ok {
		t.Fatalf("first ClaimDelivery = %v, %v; want true", ok, err)
	}
	if ok, err := db.ClaimDelivery(ctx, "telegram", "7", "other"); err != nil || ok {
		t.Errorf("second ClaimDelivery = %v, %v; want false", ok, err)
	}
	if ok, err := db.MarkProcessed(ctx, "telegram", "7"); err != nil || ok {
		t.Errorf("MarkProcessed of a claimed delivery = %v, %v; want false", ok, err)
	}
	if got, err := db.DeliveryResult(ctx, "telegram", "7"); err != nil || got != `{"text":"bonjour"}` {
		t.Errorf("DeliveryResult = %q, %v; want the first claim's", got, err)
	}
	if ok, err := db.MarkProcessed(ctx, "discord", "8"); err != nil || !ok {
		t.Fatal(ok, err)
	}
	if ok, err := db.ClaimDelivery(ctx, "discord", "8", "x"); err != nil || ok {
		t.Errorf("ClaimDelivery of a marked delivery = %v, %v; want false", ok, err)
	}
}
