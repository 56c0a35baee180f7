package bot_test

import (
	"context"
	"encoding/json"
	"errors"
	"strings"
	"sync/atomic"
	"testing"

	"supportbot/bot"
	"supportbot/bot/bottest"
	"supportbot/storage"
	"supportbot/storage/backend"
)

// saveFailingStore is the real store whose conversation save fails on
// demand, as a full disk or a lost connection would make it fail.
type saveFailingStore struct {
	backend.Store
	fail atomic.Bool
}

var errSaveFailed = errors.New("save failed (test)")

func (s *saveFailingStore) SaveTurn(ctx context.Context, c storage.Conversation, msgs []storage.Message) ([]storage.Message, error) {
	if s.fail.Load() {
		return nil, errSaveFailed
	}
	return s.Store.SaveTurn(ctx, c, msgs)
}

func handle(t *testing.T, e *bot.Engine, in bot.Incoming) (bot.Response, error) {
	t.Helper()
	if in.Channel == "" {
		in.Channel = bot.ChannelTest
	}
	return e.Handle(context.Background(), in)
}

func joined(rs []bot.Reply) string {
	var all []string
	for _, r := range rs {
		all = append(all, r.Text)
	}
	return strings.Join(all, "\n")
}

// A flow brought to its confirmation, the side effect its "yes" commits,
// and how to see whether it was committed.
var sideEffects = []struct {
	name      string
	setup     []string
	confirm   string
	shown     string // in the reply that reports the side effect
	committed func(t *testing.T, db backend.Store) bool
}{
	{
		name: "return",
		setup: []string{
			"I want to send back something I bought. amelia.brown@example.com OP-101001",
			"the silk scarf",
			"it is too short",
		},
		confirm: "yes",
		shown:   "RA-",
		committed: func(t *testing.T, db backend.Store) bool {
			c, err := db.CustomerByEmail(context.Background(), "amelia.brown@example.com")
			if err != nil {
				t.Fatal(err)
			}
			rs, err := db.ReturnsByCustomer(context.Background(), c.ID)
			if err != nil {
				t.Fatal(err)
			}
			return len(rs) > 0
		},
	},
	{
		name:    "cancellation",
		setup:   []string{"can you cancel my order? lucas.bernard@example.fr OP-100401"},
		confirm: "yes please",
		shown:   "is cancelled",
		committed: func(t *testing.T, db backend.Store) bool {
			o, err := db.OrderByNumber(context.Background(), "OP-100401")
			if err != nil {
				t.Fatal(err)
			}
			return o.Status == storage.StatusCancelled
		},
	},
}

// Issue 12, point 1: a turn whose conversation save fails commits none of
// its side effects; the same message sent again is handled as new and
// the customer sees what it did.
func TestFailedSaveCommitsNoSideEffect(t *testing.T) {
	for _, tt := range sideEffects {
		t.Run(tt.name, func(t *testing.T) {
			store := &saveFailingStore{Store: bottest.Store(t)}
			e := bottest.Engine(t, store.Store, func(c *bot.Config) { c.Store = store })
			conv := "test:failed-save-" + tt.name
			for _, text := range tt.setup {
				if _, err := handle(t, e, bot.Incoming{ConversationID: conv, Text: text}); err != nil {
					t.Fatalf("%q: %v", text, err)
				}
			}
			before, err := store.Transcript(context.Background(), conv, 0)
			if err != nil {
				t.Fatal(err)
			}
			in := bot.Incoming{ConversationID: conv, Text: tt.confirm, Delivery: bot.Delivery{Source: "test", Key: "1"}}

			store.fail.Store(true)
			if _, err := handle(t, e, in); !errors.Is(err, errSaveFailed) {
				t.Fatalf("Handle with a failing save: err = %v, want %v", err, errSaveFailed)
			}
			if tt.committed(t, store.Store) {
				t.Fatalf("the %s was committed though the turn's save failed", tt.name)
			}
			after, err := store.Transcript(context.Background(), conv, 0)
			if err != nil {
				t.Fatal(err)
			}
			if len(after) != len(before) {
				t.Errorf("transcript grew from %d to %d lines in a failed turn", len(before), len(after))
			}

			store.fail.Store(false)
			resp, err := handle(t, e, in)
			if err != nil {
				t.Fatal(err)
			}
			if resp.Duplicate {
				t.Fatal("a delivery whose turn did not commit was taken for a duplicate")
			}
			if got := joined(resp.Replies); !strings.Contains(got, tt.shown) {
				t.Errorf("retried turn answered %q, want it to show %q", got, tt.shown)
			}
			if !tt.committed(t, store.Store) {
				t.Errorf("the %s was not committed by the retried turn", tt.name)
			}
		})
	}
}

// Issue 12, point 1: a message redelivered after its turn committed is not
// handled again, and gets the same replies.
func TestRedeliveredTurnHandledOnce(t *testing.T) {
	for _, tt := range sideEffects {
		t.Run(tt.name, func(t *testing.T) {
			db := bottest.Store(t)
			e := bottest.Engine(t, db)
			conv := "test:redelivered-" + tt.name
			for _, text := range tt.setup {
				if _, err := handle(t, e, bot.Incoming{ConversationID: conv, Text: text}); err != nil {
					t.Fatalf("%q: %v", text, err)
				}
			}
			in := bot.Incoming{ConversationID: conv, Text: tt.confirm, Delivery: bot.Delivery{Source: "test", Key: "7"}}
			first, err := handle(t, e, in)
			if err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(joined(first.Replies), tt.shown) {
				t.Fatalf("first delivery answered %q, want %q", joined(first.Replies), tt.shown)
			}
			lines, err := db.Transcript(context.Background(), conv, 0)
			if err != nil {
				t.Fatal(err)
			}
			again, err := handle(t, e, in)
			if err != nil {
				t.Fatal(err)
			}
			if !again.Duplicate {
				t.Error("the redelivery was not marked Duplicate")
			}
			if got, want := joined(again.Replies), joined(first.Replies); got != want {
				t.Errorf("redelivery answered %q, want the first answer %q", got, want)
			}
			linesAfter, err := db.Transcript(context.Background(), conv, 0)
			if err != nil {
				t.Fatal(err)
			}
			if len(linesAfter) != len(lines) {
				t.Errorf("transcript grew from %d to %d lines on a redelivery", len(lines), len(linesAfter))
			}
		})
	}
}

// Issue 12, point 2: the replies of a channel delivered from the outbox are
// rows of the turn's transaction: none when the turn fails, all of them,
// in order, when it commits.
func TestRepliesQueuedInTheTurnsTransaction(t *testing.T) {
	store := &saveFailingStore{Store: bottest.Store(t)}
	e := bottest.Engine(t, store.Store, func(c *bot.Config) { c.Store = store })
	woken := 0
	e.SetOutbox(bot.ChannelTest, func() { woken++ })
	in := bot.Incoming{ConversationID: "test:outbox", Text: "hello, what are your opening hours?"}

	store.fail.Store(true)
	if _, err := handle(t, e, in); err == nil {
		t.Fatal("Handle with a failing save succeeded")
	}
	rows, err := store.OutboxMessages(context.Background(), bot.ChannelTest)
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 0 || woken != 0 {
		t.Fatalf("a failed turn queued %d messages and woke the worker %d times", len(rows), woken)
	}

	store.fail.Store(false)
	resp, err := handle(t, e, in)
	if err != nil {
		t.Fatal(err)
	}
	if !resp.Queued || woken != 1 {
		t.Errorf("Queued = %v, worker woken %d times; want true, 1", resp.Queued, woken)
	}
	rows, err = store.OutboxMessages(context.Background(), bot.ChannelTest)
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != len(resp.Replies) {
		t.Fatalf("%d messages queued for %d replies", len(rows), len(resp.Replies))
	}
	for i, r := range rows {
		if r.Recipient != in.ConversationID || r.State != storage.OutboxPending || r.IdemKey == "" ||
			!strings.Contains(r.Payload, jsonText(t, resp.Replies[i].Text)) {
			t.Errorf("row %d = %+v, want reply %q pending for %s", i, r, resp.Replies[i].Text, in.ConversationID)
		}
	}
}

// jsonText is s as it appears inside a JSON string.
func jsonText(t *testing.T, s string) string {
	t.Helper()
	b, err := json.Marshal(s)
	if err != nil {
		t.Fatal(err)
	}
	return strings.Trim(string(b), `"`)
}
