package bot

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"

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
