package postgres

import (
	"context"
	"errors"
	"testing"
	"time"

	"supportbot/storage"
)

func TestIdentities(t *testing.T) {
	ctx := context.Background()
	db := mustSeed(t)
	ana, _ := db.CustomerByEmail(ctx, "ana.martin@example.fr")
	tom, _ := db.CustomerByEmail(ctx, "tom.baker@example.com")
	if _, err := db.IdentityCustomer(ctx, "telegram", "42"); !errors.Is(err, storage.ErrNotFound) {
		t.Errorf("IdentityCustomer before linking = %v, want ErrNotFound", err)
	}
	for _, id := range []int64{ana.ID, tom.ID} {
		if err := db.LinkIdentity(ctx, storage.Identity{Channel: "telegram", UserID: "42", CustomerID: id}); err != nil {
			t.Fatal(err)
		}
		if got, err := db.IdentityCustomer(ctx, "telegram", "42"); err != nil || got != id {
			t.Errorf("IdentityCustomer = %d, %v; want %d", got, err, id)
		}
	}
	if _, err := db.IdentityCustomer(ctx, "discord", "42"); !errors.Is(err, storage.ErrNotFound) {
		t.Errorf("same user ID on another channel = %v, want ErrNotFound", err)
	}
	for range 2 {
		if err := db.UnlinkIdentity(ctx, "telegram", "42"); err != nil {
			t.Errorf("UnlinkIdentity = %v", err)
		}
	}
	if _, err := db.IdentityCustomer(ctx, "telegram", "42"); !errors.Is(err, storage.ErrNotFound) {
		t.Errorf("IdentityCustomer after unlinking = %v, want ErrNotFound", err)
	}
}

func TestFailedVerifications(t *testing.T) {
	ctx := context.Background()
	db := mustOpen(t)
	attempts := []storage.VerificationAttempt{
		{ConversationID: "web:a", OrderKey: "CL482913", At: testNow.Add(-20 * time.Minute)}, // too old
		{ConversationID: "web:a", OrderKey: "CL482913", At: testNow.Add(-10 * time.Minute)},
		{ConversationID: "web:a", OrderKey: "CL999999", At: testNow.Add(-5 * time.Minute)},
		{ConversationID: "web:b", OrderKey: "CL482913", At: testNow.Add(-time.Minute)},
		{ConversationID: "web:a", OrderKey: "CL482913", Success: true},
		{ConversationID: "web:a", OrderKey: ""},
	}
	for _, a := range attempts {
		if err := db.RecordVerification(ctx, a); err != nil {
			t.Fatal(err)
		}
	}
	since := testNow.Add(-15 * time.Minute)
	byConv, byOrder, err := db.FailedVerifications(ctx, "web:a", "CL482913", since)
	if err != nil {
		t.Fatal(err)
	}
	wantConv := []time.Time{testNow.Add(-10 * time.Minute), testNow.Add(-5 * time.Minute), testNow}
	wantOrder := []time.Time{testNow.Add(-10 * time.Minute), testNow.Add(-time.Minute)}
	if diff := cmpDiff(wantConv, byConv); diff != "" {
		t.Errorf("failures by conversation differ (-want +got):\n%s", diff)
	}
	if diff := cmpDiff(wantOrder, byOrder); diff != "" {
		t.Errorf("failures by order differ (-want +got):\n%s", diff)
	}
	byConv, byOrder, err = db.FailedVerifications(ctx, "web:c", "", since)
	if err != nil || len(byConv) != 0 || len(byOrder) != 0 {
		t.Errorf("FailedVerifications(web:c, empty key) = %v, %v, %v; want none", byConv, byOrder, err)
	}
}

func TestMarkProcessed(t *testing.T) {
	ctx := context.Background()
	url := newDatabase(t)
	db := mustOpenURL(t, url)
	for i, want := range []bool{true, false} {
		if got, err := db.MarkProcessed(ctx, "telegram", "1001"); err != nil || got != want {
			t.Errorf("MarkProcessed call %d = %v, %v; want %v", i, got, err, want)
		}
	}
	if got, err := db.MarkProcessed(ctx, "slack", "1001"); err != nil || !got {
		t.Errorf("same key from another source = %v, %v; want true", got, err)
	}
	db.Close()
	db = mustOpenURL(t, url)
	if got, err := db.MarkProcessed(ctx, "telegram", "1001"); err != nil || got {
		t.Errorf("MarkProcessed after a restart = %v, %v; want false", got, err)
	}
	db.Now = func() time.Time { return testNow.Add(72 * time.Hour) }
	db.MarkProcessed(ctx, "telegram", "1002")
	if n, err := db.PruneProcessed(ctx, testNow.Add(time.Hour)); err != nil || n != 2 {
		t.Errorf("PruneProcessed = %d, %v; want 2", n, err)
	}
	if got, _ := db.MarkProcessed(ctx, "telegram", "1002"); got {
		t.Error("PruneProcessed removed a recent delivery")
	}
}
