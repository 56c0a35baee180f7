package storetest

import (
	"context"
	"slices"
	"testing"
	"time"

	"supportbot/storage"
)

func (s *suite) channelStateTests() []test {
	return []test{
		{"DMChannels", s.dmChannels},
		{"OpenConversations", s.openConversations},
		{"PendingOutbox", s.pendingOutbox},
	}
}

func (s *suite) dmChannels(t *testing.T) {
	ctx := context.Background()
	db := s.open(t)
	for _, seen := range []struct {
		id string
		at time.Time
	}{
		{"a", Now.Add(-3 * time.Hour)},
		{"b", Now.Add(-time.Hour)},
		{"c", Now.Add(-2 * time.Hour)},
		{"a", Now.Add(-30 * time.Minute)}, // seen again: the latest time counts
		{"c", Now.Add(-5 * time.Hour)},    // an older time does not move it back
	} {
		if err := db.SeenDMChannel(ctx, "discord", seen.id, seen.at); err != nil {
			t.Fatal(err)
		}
	}
	if err := db.SeenDMChannel(ctx, "other", "z", Now); err != nil {
		t.Fatal(err)
	}
	got, err := db.DMChannels(ctx, "discord", Now.Add(-4*time.Hour), 10)
	if want := []string{"a", "b", "c"}; err != nil || !slices.Equal(got, want) {
		t.Errorf("DMChannels = %q, %v; want %q, most recently seen first", got, err, want)
	}
	if got, err := db.DMChannels(ctx, "discord", Now.Add(-90*time.Minute), 10); err != nil || !slices.Equal(got, []string{"a", "b"}) {
		t.Errorf("DMChannels since 90 minutes = %q, %v; want a, b", got, err)
	}
	if got, err := db.DMChannels(ctx, "discord", time.Time{}, 1); err != nil || !slices.Equal(got, []string{"a"}) {
		t.Errorf("DMChannels limit 1 = %q, %v; want a", got, err)
	}
	n, err := db.PruneDMChannels(ctx, Now.Add(-90*time.Minute))
	if err != nil || n != 1 {
		t.Errorf("PruneDMChannels = %d, %v; want 1 (c)", n, err)
	}
	if got, err := db.DMChannels(ctx, "discord", time.Time{}, 10); err != nil || !slices.Equal(got, []string{"a", "b"}) {
		t.Errorf("DMChannels after the prune = %q, %v; want a, b", got, err)
	}
}

func (s *suite) openConversations(t *testing.T) {
	ctx := context.Background()
	db := s.open(t)
	save := func(id, channel string, at time.Time) {
		t.Helper()
		s.clock.set(at)
		c := storage.Conversation{ID: id, Channel: channel, CreatedAt: at, UpdatedAt: at}
		if _, err := db.SaveTurn(ctx, c, []storage.Message{{ConversationID: id, From: storage.FromCustomer, Text: "hi", At: at}}); err != nil {
			t.Fatal(err)
		}
	}
	save("discord:old", "discord", Now.Add(-48*time.Hour))
	save("discord:handoff", "discord", Now.Add(-72*time.Hour))
	save("discord:recent", "discord", Now.Add(-time.Hour))
	save("telegram:1", "telegram", Now)
	s.clock.set(Now)
	if _, err := db.CreateHandoff(ctx, storage.Handoff{ConversationID: "discord:handoff", Reason: "asked for a person"}); err != nil {
		t.Fatal(err)
	}
	c, err := db.Conversation(ctx, "discord:handoff")
	if err != nil {
		t.Fatal(err)
	}
	c.Handoff = storage.HandoffRequested
	c.UpdatedAt = Now.Add(-72 * time.Hour)
	if _, err := db.SaveTurn(ctx, c, nil); err != nil {
		t.Fatal(err)
	}
	got, err := db.OpenConversations(ctx, "discord", Now.Add(-24*time.Hour), 10)
	if err != nil || !slices.Contains(got, "discord:recent") || !slices.Contains(got, "discord:handoff") ||
		slices.Contains(got, "discord:old") || slices.Contains(got, "telegram:1") || len(got) != 2 {
		t.Errorf("OpenConversations = %q, %v; want the recent one and the one with a hand-off", got, err)
	}
	if got, err := db.OpenConversations(ctx, "discord", Now.Add(-24*time.Hour), 1); err != nil || len(got) != 1 {
		t.Errorf("OpenConversations limit 1 = %q, %v; want one", got, err)
	}
}

func (s *suite) pendingOutbox(t *testing.T) {
	ctx := context.Background()
	db := s.open(t)
	if n, err := db.PendingOutbox(ctx, "telegram"); err != nil || n != 0 {
		t.Errorf("PendingOutbox of an empty outbox = %d, %v", n, err)
	}
	if err := db.Enqueue(ctx, []storage.OutboxMessage{reply("1", "a"), reply("1", "b"), reply("2", "c")}); err != nil {
		t.Fatal(err)
	}
	msgs, err := db.OutboxMessages(ctx, "telegram")
	if err != nil || len(msgs) != 3 {
		t.Fatalf("OutboxMessages = %+v, %v", msgs, err)
	}
	if err := db.OutboxSent(ctx, msgs[0].ID, Now); err != nil {
		t.Fatal(err)
	}
	if err := db.OutboxDead(ctx, msgs[1].ID, Now, "refused"); err != nil {
		t.Fatal(err)
	}
	if n, err := db.PendingOutbox(ctx, "telegram"); err != nil || n != 1 {
		t.Errorf("PendingOutbox = %d, %v; want 1 (one sent, one dead)", n, err)
	}
	if n, err := db.PendingOutbox(ctx, "discord"); err != nil || n != 0 {
		t.Errorf("PendingOutbox of another channel = %d, %v; want 0", n, err)
	}
}
