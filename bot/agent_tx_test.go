package bot_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"supportbot/bot"
	"supportbot/bot/bottest"
	"supportbot/storage"
)

// stubDesk is an agent desk that takes every hand-off, under one
// reference.
type stubDesk struct{}

func (stubDesk) Open(context.Context, bot.Brief) (string, error) { return "desk/1", nil }
func (stubDesk) Relay(context.Context, string, storage.Message, []storage.Attachment) error {
	return nil
}
func (stubDesk) Closed(context.Context, string) error { return nil }

// Issue 12, point 1: an agent's message consumes its delivery key (Slack's
// event_id) in the transaction that records it and queues it for the
// customer: none of it when the turn fails, all of it once, however often
// the desk delivers it again. An agent the desk cannot name is shown under
// a label that says a person writes.
func TestAgentMessageConsumesItsDelivery(t *testing.T) {
	ctx := context.Background()
	store := &saveFailingStore{Store: bottest.Store(t)}
	e := bottest.Engine(t, store.Store, func(c *bot.Config) { c.Store = store })
	e.SetDesk(stubDesk{})
	e.SetOutbox(bot.ChannelTest, nil)
	conv := "test:agent-delivery"
	if resp, err := handle(t, e, bot.Incoming{ConversationID: conv, Text: "I want to talk to a person"}); err != nil || !resp.Handoff {
		t.Fatalf("hand-off: %+v, %v", resp, err)
	}
	before, err := store.OutboxMessages(ctx, bot.ChannelTest)
	if err != nil {
		t.Fatal(err)
	}
	m := bot.AgentMessage{Ref: "desk/1", AgentID: "U1", Text: "Hello, I'm looking into it.",
		Delivery: bot.Delivery{Source: "slack", Key: "Ev1"}}

	store.fail.Store(true)
	if err := e.AgentWrote(ctx, m); err == nil {
		t.Fatal("AgentWrote with a failing save succeeded")
	}
	if _, err := store.DeliveryResult(ctx, "slack", "Ev1"); !errors.Is(err, storage.ErrNotFound) {
		t.Errorf("a failed turn consumed its delivery: %v", err)
	}
	store.fail.Store(false)
	for range 2 {
		if err := e.AgentWrote(ctx, m); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := store.DeliveryResult(ctx, "slack", "Ev1"); err != nil {
		t.Errorf("the delivery was not consumed: %v", err)
	}
	after, err := store.OutboxMessages(ctx, bot.ChannelTest)
	if err != nil {
		t.Fatal(err)
	}
	queued := after[len(before):]
	if len(queued) != 1 || !strings.Contains(queued[0].Payload, "looking into it") ||
		!strings.Contains(queued[0].Payload, `"agent":"Your advisor"`) {
		t.Errorf("queued %+v, want the reply once, under the label of a person", queued)
	}
}
