package postgres

import (
	"context"
	"errors"
	"testing"
	"time"

	"supportbot/storage"
)

func TestSaveTurn(t *testing.T) {
	ctx := context.Background()
	db := mustSeed(t)
	ana, _ := db.CustomerByEmail(ctx, "ana.martin@example.fr")
	c := storage.Conversation{ID: "web:4f2a", Channel: "web", Lang: "fr", State: []byte(`{"flow":"track"}`)}
	msgs, err := db.SaveTurn(ctx, c, []storage.Message{
		{From: storage.FromCustomer, Text: "où est ma commande ?", Intent: "track_order", Confidence: 0.93},
		{From: storage.FromBot, Text: "Quel est votre e-mail ?"},
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(msgs) != 2 || msgs[0].ID == 0 || msgs[1].ID <= msgs[0].ID || msgs[0].ConversationID != c.ID || !msgs[0].At.Equal(testNow) {
		t.Fatalf("SaveTurn messages = %+v", msgs)
	}

	later := testNow.Add(time.Minute)
	db.Now = func() time.Time { return later }
	c.CustomerID, c.Handoff, c.State = ana.ID, storage.HandoffRequested, []byte(`{}`)
	more, err := db.SaveTurn(ctx, c, []storage.Message{{From: storage.FromCustomer, Text: "ana.martin@example.fr CL-482913"}})
	if err != nil {
		t.Fatal(err)
	}
	got, err := db.Conversation(ctx, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	want := storage.Conversation{ID: c.ID, Channel: "web", Lang: "fr", CustomerID: ana.ID, Handoff: storage.HandoffRequested,
		State: []byte(`{}`), CreatedAt: testNow, UpdatedAt: later}
	if diff := cmpDiff(want, got); diff != "" {
		t.Errorf("Conversation differs (-want +got):\n%s", diff)
	}

	all, err := db.Transcript(ctx, c.ID, 0)
	if err != nil || len(all) != 3 {
		t.Fatalf("Transcript(all) = %d messages, %v; want 3", len(all), err)
	}
	if diff := cmpDiff(append(msgs, more...), all); diff != "" {
		t.Errorf("Transcript differs (-want +got):\n%s", diff)
	}
	last, err := db.Transcript(ctx, c.ID, 2)
	if err != nil || len(last) != 2 || last[0].ID != msgs[1].ID || last[1].ID != more[0].ID {
		t.Errorf("Transcript(2) = %+v, %v; want the last two, oldest first", last, err)
	}
	after, err := db.MessagesAfter(ctx, c.ID, msgs[0].ID)
	if err != nil || len(after) != 2 || after[0].ID != msgs[1].ID {
		t.Errorf("MessagesAfter = %+v, %v; want the last two", after, err)
	}
}

func TestSaveTurnErrors(t *testing.T) {
	ctx := context.Background()
	db := mustOpen(t)
	if _, err := db.Conversation(ctx, "web:none"); !errors.Is(err, storage.ErrNotFound) {
		t.Errorf("Conversation(unknown) = %v, want ErrNotFound", err)
	}
	if _, err := db.SaveTurn(ctx, storage.Conversation{}, nil); err == nil {
		t.Error("SaveTurn without an ID succeeded")
	}
	_, err := db.SaveTurn(ctx, storage.Conversation{ID: "web:a", Channel: "web"},
		[]storage.Message{{ConversationID: "web:b", From: storage.FromBot, Text: "hi"}})
	if err == nil {
		t.Error("SaveTurn with another conversation's message succeeded")
	}
	if n := countRows(t, db, "conversations"); n != 0 {
		t.Errorf("conversations rows = %d, want 0 after refused turns", n)
	}
}

// The conversations a channel adapter reads back after a restart: those
// written in recently, and those with a hand-off still open however old,
// of that channel only, newest first.
func TestOpenConversations(t *testing.T) {
	ctx := context.Background()
	db := mustSeed(t)
	save := func(id, channel, handoff string, at time.Time) {
		t.Helper()
		db.Now = func() time.Time { return at }
		c := storage.Conversation{ID: id, Channel: channel, Lang: "en", Handoff: handoff, UpdatedAt: at}
		if _, err := db.SaveTurn(ctx, c, []storage.Message{{From: storage.FromCustomer, Text: "hi"}}); err != nil {
			t.Fatal(err)
		}
	}
	save("discord:dm:1", "discord", "", testNow.Add(-30*24*time.Hour))                       // idle
	save("discord:dm:2", "discord", storage.HandoffWithAgent, testNow.Add(-20*24*time.Hour)) // old, with an agent
	save("discord:dm:3", "discord", "", testNow.Add(-time.Hour))                             // recent
	save("discord:dm:4", "discord", storage.HandoffResolved, testNow.Add(-10*24*time.Hour))  // old, resolved
	save("telegram:5", "telegram", "", testNow.Add(-time.Minute))                            // another channel
	save("discord:dm:6", "discord", storage.HandoffRequested, testNow.Add(-2*time.Hour))     // recent, waiting

	got, err := db.OpenConversations(ctx, "discord", testNow.Add(-7*24*time.Hour), 10)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"discord:dm:3", "discord:dm:6", "discord:dm:2"}
	if diff := cmpDiff(want, got); diff != "" {
		t.Errorf("OpenConversations differs (-want +got):\n%s", diff)
	}
	if got, _ := db.OpenConversations(ctx, "discord", testNow.Add(-7*24*time.Hour), 1); len(got) != 1 || got[0] != "discord:dm:3" {
		t.Errorf("OpenConversations with limit 1 = %q, want the newest", got)
	}
}
