package bot

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"

	"supportbot/storage"
)

// OutboxPayload is a message to a customer as the engine writes it to the
// outbox (storage.OutboxMessage.Payload, in JSON): the channel's transport
// reads it back to send it.
type OutboxPayload struct {
	ConversationID string `json:"conversation_id"`
	Lang           string `json:"lang"`
	Reply          Reply  `json:"reply"`
}

// OutboxDesk is the outbox channel of the agent desk: a new hand-off's
// root message, a customer's messages relayed into their hand-off's
// thread, and the notice that they left the queue. The recipient is the
// hand-off (DeskRecipient), so that the root message is posted before
// anything goes into its thread.
const OutboxDesk = "desk"

// Desk outbox message kinds.
const (
	DeskOpen        = "open"        // a new hand-off: the root message of its thread
	DeskRelay       = "relay"       // a customer's message, into the thread
	DeskClosed      = "closed"      // the customer left the queue
	DeskUndelivered = "undelivered" // an agent's reply the customer will not get
)

// DeskPayload is a message for the agent desk as the engine writes it to
// the outbox; the desk's transport reads it back and posts it.
type DeskPayload struct {
	Kind string `json:"kind"`
	// Ref is the hand-off's desk reference when it was known as the row
	// was written; empty while the root message is not posted yet, when
	// the transport finds it from HandoffID (Engine.HandoffRef).
	Ref       string `json:"ref"`
	HandoffID int64  `json:"handoff_id,omitempty"`
	// Brief is what the root message shows (DeskOpen).
	Brief   *Brief          `json:"brief,omitempty"`
	Message storage.Message `json:"message,omitzero"`
	// Attachments are named only: the files are stored with the ticket.
	Attachments []storage.Attachment `json:"attachments,omitempty"`
}

// DeskRecipient is the outbox recipient of a hand-off's desk messages.
func DeskRecipient(handoffID int64) string {
	return "handoff/" + strconv.FormatInt(handoffID, 10)
}

// Undelivered tells the agents that a message to a customer became a dead
// letter, in the hand-off's thread when it was an agent's reply during an
// open hand-off; it is the customer channels' delivery workers' OnDead.
// Other dead letters are left to the log and the metric.
func (e *Engine) Undelivered(ctx context.Context, m storage.OutboxMessage, _ error) {
	var p OutboxPayload
	if err := json.Unmarshal([]byte(m.Payload), &p); err != nil || p.Reply.Agent == "" ||
		e.desk == nil || e.outbox[OutboxDesk] == nil {
		return
	}
	h, err := e.store.OpenHandoff(ctx, p.ConversationID)
	if err != nil || h.DeskRef == "" {
		return
	}
	b, err := json.Marshal(DeskPayload{Kind: DeskUndelivered, Ref: h.DeskRef, HandoffID: h.ID,
		Message: storage.Message{ConversationID: p.ConversationID, From: storage.FromAgent, Text: p.Reply.Text}})
	if err == nil {
		err = e.store.Enqueue(ctx, []storage.OutboxMessage{{
			Channel: OutboxDesk, Recipient: DeskRecipient(h.ID), Kind: storage.OutboxNotice, Payload: string(b),
		}})
	}
	if err != nil {
		e.log.ErrorContext(ctx, "tell the desk a reply was not delivered", "conversation", p.ConversationID, "err", err)
		return
	}
	e.wake(OutboxDesk, true)
}

// enqueueDesk writes a message for the desk into the outbox, in the turn's
// unit of work.
func (e *Engine) enqueueDesk(t *turn, p DeskPayload) error {
	for i := range p.Attachments {
		p.Attachments[i].Data = nil
	}
	b, err := json.Marshal(p)
	if err != nil {
		return fmt.Errorf("desk payload: %w", err)
	}
	kind := storage.OutboxRelay
	if p.Kind != DeskRelay {
		kind = storage.OutboxNotice
	}
	if err := e.store.Enqueue(t.ctx, []storage.OutboxMessage{{
		Channel: OutboxDesk, Recipient: DeskRecipient(p.HandoffID), Kind: kind, Payload: string(b),
	}}); err != nil {
		return err
	}
	t.deskQueued = true
	return nil
}

// SetOutbox makes a channel's messages — replies, agents' replies,
// notices — go through the outbox: written in the transaction of the
// turn that decides them, then sent by the delivery worker, which wake
// (may be nil) tells that there is something new. Such a channel's
// Sender, if any, is no longer used.
func (e *Engine) SetOutbox(channel string, wake func()) {
	if wake == nil {
		wake = func() {}
	}
	e.outbox[channel] = wake
}

// enqueue writes replies to a conversation into the outbox, one row per
// reply, in the unit of work of ctx.
func (e *Engine) enqueue(ctx context.Context, conv storage.Conversation, kind string, replies []Reply) error {
	if len(replies) == 0 {
		return nil
	}
	msgs := make([]storage.OutboxMessage, 0, len(replies))
	for _, r := range replies {
		p, err := json.Marshal(OutboxPayload{ConversationID: conv.ID, Lang: conv.Lang, Reply: r})
		if err != nil {
			return fmt.Errorf("outbox payload: %w", err)
		}
		msgs = append(msgs, storage.OutboxMessage{
			Channel: conv.Channel, Recipient: conv.ID, Kind: kind, Payload: string(p),
		})
	}
	return e.store.Enqueue(ctx, msgs)
}

// wake tells a channel's delivery worker that the transaction just
// committed queued messages.
func (e *Engine) wake(channel string, queued bool) {
	if w := e.outbox[channel]; w != nil && queued {
		w()
	}
}

// errClaimed rolls back a turn whose delivery another process committed
// first.
var errClaimed = errors.New("delivery already claimed")

// claim records, in the turn's transaction, the delivery the turn
// consumed and the response it gave.
func (e *Engine) claim(ctx context.Context, d Delivery, resp Response) error {
	if d.Key == "" {
		return nil
	}
	result, err := json.Marshal(resp)
	if err != nil {
		return fmt.Errorf("delivery result: %w", err)
	}
	fresh, err := e.store.ClaimDelivery(ctx, d.Source, d.Key, string(result))
	if err != nil {
		return err
	}
	if !fresh {
		return errClaimed
	}
	return nil
}

// delivered returns the response of the committed turn that already
// consumed the message's delivery, if one did.
func (e *Engine) delivered(ctx context.Context, in Incoming) (Response, bool, error) {
	if in.Delivery.Key == "" {
		return Response{}, false, nil
	}
	result, err := e.store.DeliveryResult(ctx, in.Delivery.Source, in.Delivery.Key)
	if errors.Is(err, storage.ErrNotFound) {
		return Response{}, false, nil
	}
	if err != nil {
		return Response{}, false, fmt.Errorf("handle %s: %w", in.ConversationID, err)
	}
	resp := Response{ConversationID: in.ConversationID}
	if result != "" {
		if err := json.Unmarshal([]byte(result), &resp); err != nil {
			return Response{}, false, fmt.Errorf("handle %s: stored response: %w", in.ConversationID, err)
		}
	}
	resp.Duplicate = true
	e.metrics.duplicate(in.Delivery.Source)
	return resp, true, nil
}
