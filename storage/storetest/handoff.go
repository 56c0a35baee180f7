package storetest

import (
	"context"
	"errors"
	"testing"
	"time"

	"supportbot/storage"
)

func (s *suite) handoffLifecycle(t *testing.T) {
	ctx := context.Background()
	db := s.open(t)
	first, err := db.CreateHandoff(ctx, storage.Handoff{ConversationID: "web:a", Reason: "asked for a person"})
	if err != nil {
		t.Fatal(err)
	}
	if first.ID == 0 || first.State != storage.HandoffRequested || !first.CreatedAt.Equal(Now) {
		t.Errorf("CreateHandoff = %+v, want requested now", first)
	}
	s.clock.set(Now.Add(time.Minute))
	second, err := db.CreateHandoff(ctx, storage.Handoff{ConversationID: "telegram:7"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.CreateHandoff(ctx, storage.Handoff{ConversationID: "web:a"}); !errors.Is(err, storage.ErrConflict) {
		t.Errorf("second open hand-off for web:a = %v, want ErrConflict", err)
	}

	first.State, first.AgentID, first.AgentName = storage.HandoffWithAgent, "U123", "Camille"
	first.DeskRef, first.TakenAt = "C42/1710000000.000100", Now.Add(2*time.Minute)
	if err := db.UpdateHandoff(ctx, first); err != nil {
		t.Fatal(err)
	}
	got, err := db.OpenHandoff(ctx, "web:a")
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmpDiff(first, got); diff != "" {
		t.Errorf("OpenHandoff differs (-want +got):\n%s", diff)
	}
	if byRef, err := db.HandoffByDeskRef(ctx, first.DeskRef); err != nil || byRef.ID != first.ID {
		t.Errorf("HandoffByDeskRef = %+v, %v", byRef, err)
	}
	if byID, err := db.HandoffByID(ctx, second.ID); err != nil {
		t.Errorf("HandoffByID = %v", err)
	} else if diff := cmpDiff(second, byID); diff != "" {
		t.Errorf("HandoffByID differs (-want +got):\n%s", diff)
	}
	open, err := db.OpenHandoffs(ctx)
	if err != nil || len(open) != 2 || open[0].ID != first.ID || open[1].ID != second.ID {
		t.Errorf("OpenHandoffs = %+v, %v; want web:a then telegram:7", open, err)
	}

	first.State, first.ResolvedAt = storage.HandoffResolved, Now.Add(time.Hour)
	if err := db.UpdateHandoff(ctx, first); err != nil {
		t.Fatal(err)
	}
	if _, err := db.OpenHandoff(ctx, "web:a"); !errors.Is(err, storage.ErrNotFound) {
		t.Errorf("OpenHandoff after resolve = %v, want ErrNotFound", err)
	}
	if open, _ := db.OpenHandoffs(ctx); len(open) != 1 || open[0].ID != second.ID {
		t.Errorf("OpenHandoffs after resolve = %+v, want only telegram:7", open)
	}
	if _, err := db.CreateHandoff(ctx, storage.Handoff{ConversationID: "web:a"}); err != nil {
		t.Errorf("new hand-off after the first was resolved = %v", err)
	}
	if err := db.UpdateHandoff(ctx, storage.Handoff{ID: 9999, State: storage.HandoffResolved}); !errors.Is(err, storage.ErrNotFound) {
		t.Errorf("UpdateHandoff(unknown) = %v, want ErrNotFound", err)
	}
	if _, err := db.HandoffByDeskRef(ctx, ""); !errors.Is(err, storage.ErrNotFound) {
		t.Errorf("HandoffByDeskRef(empty) = %v, want ErrNotFound", err)
	}
	if _, err := db.HandoffByID(ctx, 9999); !errors.Is(err, storage.ErrNotFound) {
		t.Errorf("HandoffByID(unknown) = %v, want ErrNotFound", err)
	}
}

func (s *suite) handoffTests() []test {
	return []test{
		{"Lifecycle", s.handoffLifecycle},
		{"ReopenConflict", s.handoffReopenConflict},
	}
}

// Reopening a resolved hand-off while its conversation has another open
// one is refused: a conversation has one person at a time.
func (s *suite) handoffReopenConflict(t *testing.T) {
	ctx := context.Background()
	db := s.open(t)
	first, err := db.CreateHandoff(ctx, storage.Handoff{ConversationID: "web:a"})
	if err != nil {
		t.Fatal(err)
	}
	first.State, first.ResolvedAt = storage.HandoffResolved, Now
	if err := db.UpdateHandoff(ctx, first); err != nil {
		t.Fatal(err)
	}
	second, err := db.CreateHandoff(ctx, storage.Handoff{ConversationID: "web:a", DeskRef: "ref-2"})
	if err != nil {
		t.Fatal(err)
	}
	first.State, first.ResolvedAt = storage.HandoffWithAgent, time.Time{}
	if err := db.UpdateHandoff(ctx, first); !errors.Is(err, storage.ErrConflict) {
		t.Errorf("reopening beside an open hand-off = %v, want ErrConflict", err)
	}
	if h, err := db.OpenHandoff(ctx, "web:a"); err != nil || h.ID != second.ID {
		t.Errorf("OpenHandoff = %+v, %v; want the second, unchanged", h, err)
	}
	// The newest hand-off posted at a desk reference is the one found.
	first.State, first.ResolvedAt, first.DeskRef = storage.HandoffResolved, Now, "ref-2"
	if err := db.UpdateHandoff(ctx, first); err != nil {
		t.Fatal(err)
	}
	if h, err := db.HandoffByDeskRef(ctx, "ref-2"); err != nil || h.ID != second.ID {
		t.Errorf("HandoffByDeskRef = %+v, %v; want the newest (%d)", h, err, second.ID)
	}
}
