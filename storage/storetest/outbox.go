package storetest

import (
	"context"
	"fmt"
	"testing"
	"time"

	"supportbot/storage"
)

func (s *suite) outboxTests() []test {
	return []test{
		{"EnqueueDefaults", s.enqueueDefaults},
		{"OrderPerRecipient", s.outboxOrder},
		{"RetryAndDead", s.outboxRetryAndDead},
		{"Prune", s.outboxPrune},
	}
}

func reply(recipient, payload string) storage.OutboxMessage {
	return storage.OutboxMessage{Channel: "telegram", Recipient: recipient, Kind: storage.OutboxReply, Payload: payload}
}

func payloads(msgs []storage.OutboxMessage) []string {
	var p []string
	for _, m := range msgs {
		p = append(p, m.Recipient+":"+m.Payload)
	}
	return p
}

func (s *suite) enqueueDefaults(t *testing.T) {
	ctx := context.Background()
	db := s.open(t)
	later := Now.Add(time.Hour)
	keyed := reply("1", "b")
	keyed.IdemKey, keyed.NextAt = "tg-1-b", later
	if err := db.Enqueue(ctx, []storage.OutboxMessage{reply("1", "a"), keyed}); err != nil {
		t.Fatal(err)
	}
	got, err := db.OutboxMessages(ctx, "telegram")
	if err != nil || len(got) != 2 {
		t.Fatalf("OutboxMessages = %+v, %v; want 2", got, err)
	}
	a, b := got[0], got[1]
	if a.ID == 0 || b.ID <= a.ID || a.Payload != "a" || a.State != storage.OutboxPending || a.Attempts != 0 ||
		!a.CreatedAt.Equal(Now) || !a.NextAt.Equal(Now) || a.IdemKey == "" || a.Kind != storage.OutboxReply {
		t.Errorf("first message = %+v, want pending, created and due now, with an idempotency key", a)
	}
	if b.IdemKey != "tg-1-b" || !b.NextAt.Equal(later) {
		t.Errorf("second message = %+v, want its own key and due time kept", b)
	}
	if other, err := db.OutboxMessages(ctx, "discord"); err != nil || len(other) != 0 {
		t.Errorf("another channel's outbox = %+v, %v; want empty", other, err)
	}
	// Idempotency keys are unique even when the store makes them.
	if err := db.Enqueue(ctx, []storage.OutboxMessage{reply("1", "c"), reply("1", "d")}); err != nil {
		t.Fatal(err)
	}
	all, _ := db.OutboxMessages(ctx, "telegram")
	keys := map[string]bool{}
	for _, m := range all {
		keys[m.IdemKey] = true
	}
	if len(keys) != 4 {
		t.Errorf("%d distinct idempotency keys for 4 messages", len(keys))
	}
}

// Messages of one recipient go out in order: DueOutbox offers only each
// recipient's oldest pending message, and a later one waits for it.
func (s *suite) outboxOrder(t *testing.T) {
	ctx := context.Background()
	db := s.open(t)
	var msgs []storage.OutboxMessage
	for i := range 3 {
		for _, r := range []string{"1", "2"} {
			msgs = append(msgs, reply(r, fmt.Sprint(i)))
		}
	}
	if err := db.Enqueue(ctx, msgs); err != nil {
		t.Fatal(err)
	}
	var sent []string
	for range 10 {
		due, err := db.DueOutbox(ctx, "telegram", Now, 10)
		if err != nil {
			t.Fatal(err)
		}
		if len(due) == 0 {
			break
		}
		if len(due) > 2 {
			t.Fatalf("DueOutbox = %v, want one message per recipient", payloads(due))
		}
		for _, m := range due {
			sent = append(sent, m.Recipient+":"+m.Payload)
			if err := db.OutboxSent(ctx, m.ID, Now); err != nil {
				t.Fatal(err)
			}
		}
	}
	if diff := cmpDiff([]string{"1:0", "2:0", "1:1", "2:1", "1:2", "2:2"}, sent); diff != "" {
		t.Errorf("sending order (-want +got):\n%s", diff)
	}
	all, _ := db.OutboxMessages(ctx, "telegram")
	for _, m := range all {
		if m.State != storage.OutboxSent || m.Attempts != 1 || !m.DoneAt.Equal(Now) {
			t.Errorf("message %s after sending: %s, %d attempts, done %v", m.Payload, m.State, m.Attempts, m.DoneAt)
		}
	}
}

// A retry waits its time and holds back the recipient's later messages; a
// dead letter does not.
func (s *suite) outboxRetryAndDead(t *testing.T) {
	ctx := context.Background()
	db := s.open(t)
	if err := db.Enqueue(ctx, []storage.OutboxMessage{reply("1", "a"), reply("1", "b"), reply("2", "c")}); err != nil {
		t.Fatal(err)
	}
	due, err := db.DueOutbox(ctx, "telegram", Now, 10)
	if err != nil || len(due) != 2 || due[0].Payload != "a" || due[1].Payload != "c" {
		t.Fatalf("DueOutbox = %v, %v; want a and c", payloads(due), err)
	}
	a := due[0]
	if err := db.OutboxRetry(ctx, a.ID, Now.Add(time.Minute), true, "timeout"); err != nil {
		t.Fatal(err)
	}
	if err := db.OutboxRetry(ctx, a.ID, Now.Add(2*time.Minute), false, "429"); err != nil {
		t.Fatal(err)
	}
	due, _ = db.DueOutbox(ctx, "telegram", Now.Add(time.Minute), 10)
	if diff := cmpDiff([]string{"2:c"}, payloads(due)); diff != "" {
		t.Errorf("due while a waits (-want +got):\n%s", diff)
	}
	due, _ = db.DueOutbox(ctx, "telegram", Now.Add(2*time.Minute), 10)
	if len(due) != 2 || due[0].ID != a.ID || due[0].Attempts != 1 || due[0].LastError != "429" {
		t.Fatalf("due after the wait = %+v; want a again, 1 attempt counted, last error 429", due)
	}
	if err := db.OutboxDead(ctx, a.ID, Now.Add(3*time.Minute), "blocked"); err != nil {
		t.Fatal(err)
	}
	due, _ = db.DueOutbox(ctx, "telegram", Now.Add(3*time.Minute), 10)
	if diff := cmpDiff([]string{"1:b", "2:c"}, payloads(due)); diff != "" {
		t.Errorf("due after a dead letter (-want +got):\n%s", diff)
	}
	all, _ := db.OutboxMessages(ctx, "telegram")
	if all[0].State != storage.OutboxDead || all[0].Attempts != 2 || all[0].LastError != "blocked" {
		t.Errorf("dead letter = %+v", all[0])
	}
	// A message no longer pending is not changed again.
	if err := db.OutboxSent(ctx, a.ID, Now); err != nil {
		t.Fatal(err)
	}
	if all, _ := db.OutboxMessages(ctx, "telegram"); all[0].State != storage.OutboxDead {
		t.Errorf("a dead letter became %s", all[0].State)
	}
}

func (s *suite) outboxPrune(t *testing.T) {
	ctx := context.Background()
	db := s.open(t)
	if err := db.Enqueue(ctx, []storage.OutboxMessage{reply("1", "old"), reply("2", "dead"), reply("3", "new"), reply("4", "pending")}); err != nil {
		t.Fatal(err)
	}
	all, _ := db.OutboxMessages(ctx, "telegram")
	db.OutboxSent(ctx, all[0].ID, Now.Add(-48*time.Hour))
	db.OutboxDead(ctx, all[1].ID, Now.Add(-48*time.Hour), "gone")
	db.OutboxSent(ctx, all[2].ID, Now)
	n, err := db.PruneOutbox(ctx, Now.Add(-24*time.Hour))
	if err != nil || n != 1 {
		t.Errorf("PruneOutbox = %d, %v; want 1", n, err)
	}
	left, _ := db.OutboxMessages(ctx, "telegram")
	if diff := cmpDiff([]string{"2:dead", "3:new", "4:pending"}, payloads(left)); diff != "" {
		t.Errorf("left after pruning (-want +got):\n%s", diff)
	}
}
