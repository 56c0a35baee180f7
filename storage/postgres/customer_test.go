package postgres

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"supportbot/storage"
)

func cmpDiff(want, got any) string { return cmp.Diff(want, got) }

func TestCustomerLookups(t *testing.T) {
	ctx := context.Background()
	db := mustSeed(t)
	ana, err := db.CustomerByEmail(ctx, " Ana.Martin@EXAMPLE.fr")
	if err != nil {
		t.Fatal(err)
	}
	want := storage.Customer{ID: ana.ID, Email: "ana.martin@example.fr", Name: "Ana Martin",
		Phone: "+33 6 12 34 56 78", Language: "fr", LoyaltyCard: "OPL-0042-17"}
	if diff := cmpDiff(want, ana); diff != "" {
		t.Errorf("CustomerByEmail differs (-want +got):\n%s", diff)
	}
	for _, card := range []string{"OPL-0042-17", "opl004217", "OPL 0042 17"} {
		c, err := db.CustomerByLoyaltyCard(ctx, card)
		if err != nil || c.ID != ana.ID {
			t.Errorf("CustomerByLoyaltyCard(%q) = %d, %v; want %d", card, c.ID, err, ana.ID)
		}
	}
	if c, err := db.CustomerByID(ctx, ana.ID); err != nil || c != ana {
		t.Errorf("CustomerByID = %+v, %v", c, err)
	}
	for name, lookup := range map[string]func() error{
		"unknown e-mail": func() error { _, err := db.CustomerByEmail(ctx, "nobody@example.com"); return err },
		"unknown card":   func() error { _, err := db.CustomerByLoyaltyCard(ctx, "OPL-0000-00"); return err },
		"empty card":     func() error { _, err := db.CustomerByLoyaltyCard(ctx, ""); return err },
		"unknown id":     func() error { _, err := db.CustomerByID(ctx, 9999); return err },
	} {
		if err := lookup(); !errors.Is(err, storage.ErrNotFound) {
			t.Errorf("%s: error = %v, want ErrNotFound", name, err)
		}
	}
}

func TestPointsAdjustments(t *testing.T) {
	ctx := context.Background()
	db := mustSeed(t)
	tom, err := db.CustomerByEmail(ctx, "tom.baker@example.com")
	if err != nil {
		t.Fatal(err)
	}
	list, err := db.PointsAdjustments(ctx, tom.ID)
	if err != nil {
		t.Fatal(err)
	}
	want := []storage.PointsAdjustment{{ID: list[0].ID, CustomerID: tom.ID, Points: 50,
		Reason: "goodwill: late parcel", At: time.Date(2025, 2, 28, 10, 0, 0, 0, time.UTC)}}
	if diff := cmpDiff(want, list); diff != "" {
		t.Errorf("PointsAdjustments differs (-want +got):\n%s", diff)
	}
	if none, err := db.PointsAdjustments(ctx, 9999); err != nil || len(none) != 0 {
		t.Errorf("PointsAdjustments(unknown) = %v, %v; want empty", none, err)
	}
}
