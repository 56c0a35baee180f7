package storetest

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"supportbot/storage"
)

func (s *suite) saveTurn(t *testing.T) {
	ctx := context.Background()
	db := s.seed(t)
	ana, _ := db.CustomerByEmail(ctx, "ana.martin@example.fr")
	c := storage.Conversation{ID: "web:4f2a", Channel: "web", Lang: "fr", State: []byte(`{"flow":"track"}`)}
	msgs, err := db.SaveTurn(ctx, c, []storage.Message{
		{From: storage.FromCustomer, Text: "où est ma commande ?", Intent: "track_order", Confidence: 0.93},
		{From: storage.FromBot, Text: "Quel est votre e-mail ?"},
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(msgs) != 2 || msgs[0].ID == 0 || msgs[1].ID <= msgs[0].ID || msgs[0].ConversationID != c.ID || !msgs[0].At.Equal(Now) {
		t.Fatalf("SaveTurn messages = %+v", msgs)
	}

	later := Now.Add(time.Minute)
	s.clock.set(later)
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
		State: []byte(`{}`), CreatedAt: Now, UpdatedAt: later}
	if diff := cmpDiff(want, got); diff != "" {
		t.Errorf("Conversation differs (-want +got):\n%s", diff)
	}
	// The same customer, another language and state: the usual turn.
	c.Lang, c.State, c.UpdatedAt = "en", []byte(`{"flow":"points"}`), later.Add(time.Second)
	if _, err := db.SaveTurn(ctx, c, nil); err != nil {
		t.Fatal(err)
	}
	want.Lang, want.State, want.UpdatedAt = "en", c.State, c.UpdatedAt
	if got, err := db.Conversation(ctx, c.ID); err != nil {
		t.Fatal(err)
	} else if diff := cmpDiff(want, got); diff != "" {
		t.Errorf("Conversation after a turn of the same customer differs (-want +got):\n%s", diff)
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

// saveLongTurn saves a turn of more messages than one statement inserts
// (a long answer split into many): every ID returned is the stored one, in
// order.
func (s *suite) saveLongTurn(t *testing.T) {
	ctx := context.Background()
	db := s.open(t)
	c := storage.Conversation{ID: "web:long", Channel: "web", Lang: "en"}
	if _, err := db.SaveTurn(ctx, storage.Conversation{ID: "web:other", Channel: "web"},
		[]storage.Message{{From: storage.FromCustomer, Text: "hello"}}); err != nil {
		t.Fatal(err)
	}
	in := make([]storage.Message, 37)
	for i := range in {
		in[i] = storage.Message{From: storage.FromBot, Text: fmt.Sprintf("part %d", i)}
	}
	in[0].From = storage.FromCustomer
	msgs, err := db.SaveTurn(ctx, c, in)
	if err != nil {
		t.Fatal(err)
	}
	all, err := db.Transcript(ctx, c.ID, 0)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmpDiff(msgs, all); diff != "" {
		t.Errorf("a long turn's messages as returned differ from the transcript (-returned +stored):\n%s", diff)
	}
}

func (s *suite) saveTurnErrors(t *testing.T) {
	ctx := context.Background()
	db := s.open(t)
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
	for _, id := range []string{"web:a", "web:b"} {
		if _, err := db.Conversation(ctx, id); !errors.Is(err, storage.ErrNotFound) {
			t.Errorf("Conversation(%s) after a refused turn = %v, want ErrNotFound", id, err)
		}
	}
}

func (s *suite) conversationTests() []test {
	return []test{
		{"SaveTurn", s.saveTurn},
		{"LongTurn", s.saveLongTurn},
		{"Errors", s.saveTurnErrors},
	}
}
