package bot

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"supportbot/storage"
	"time"
)

// AgentTake records that an agent took the hand-off, and tells the customer
// a person has joined.
func (e *Engine) AgentTake(ctx context.Context, ref, agentID, agentName string) error {
	return e.agentTurn(ctx, ref, func(ctx context.Context, a *agentTurn) error {
		if a.h.State == storage.HandoffWithAgent && a.h.AgentID == agentID {
			return nil // pressed twice
		}
		a.take(agentID, agentName)
		a.tell("agent_joined", map[string]any{"Agent": firstName(agentName)})
		return nil
	})
}

// AgentReply sends an agent's message to the customer, marked as coming
// from a person. A message starting with "note:" is an internal note: it
// goes to the transcript and never to the customer.
func (e *Engine) AgentReply(ctx context.Context, ref, agentID, agentName, text string) error {
	return e.agentTurn(ctx, ref, func(ctx context.Context, a *agentTurn) error {
		if note, ok := cutNote(text); ok {
			a.record(storage.FromNote, agentName, note)
			return nil
		}
		if a.h.State == storage.HandoffRequested {
			a.take(agentID, agentName)
		}
		a.record(storage.FromAgent, agentName, text)
		a.replies = append(a.replies, Reply{Text: text, Agent: firstName(agentName)})
		return nil
	})
}

// AgentResolve hands the conversation back to the bot, which tells the
// customer.
func (e *Engine) AgentResolve(ctx context.Context, ref, agentID, agentName string) error {
	return e.agentTurn(ctx, ref, func(ctx context.Context, a *agentTurn) error {
		a.h.State, a.h.ResolvedAt = storage.HandoffResolved, a.now
		if a.h.AgentName == "" {
			a.h.AgentID, a.h.AgentName = agentID, agentName
		}
		a.conv.Handoff = storage.HandoffNone
		if d, err := decodeDialogue(a.conv.State); err == nil {
			d.Case = "" // the next request for a person opens a new case
			a.conv.State = d.encode()
		}
		a.tell("agent_resolved", map[string]any{"Agent": firstName(agentName)})
		return e.store.SetTicketStatus(ctx, a.h.TicketID, storage.TicketResolved)
	})
}

// ErrHandoffClosed is returned for an agent's action on a hand-off that is
// already resolved.
var ErrHandoffClosed = errors.New("hand-off already resolved")

// agentTurn is one action of an agent on a conversation.
type agentTurn struct {
	e       *Engine
	h       storage.Handoff
	conv    storage.Conversation
	now     time.Time
	msgs    []storage.Message
	replies []Reply
}

func (a *agentTurn) take(agentID, agentName string) {
	a.h.State, a.h.AgentID, a.h.AgentName, a.h.TakenAt = storage.HandoffWithAgent, agentID, agentName, a.now
	a.conv.Handoff = storage.HandoffWithAgent
}

func (a *agentTurn) record(from, author, text string) {
	a.msgs = append(a.msgs, storage.Message{ConversationID: a.conv.ID, From: from, Author: author, Text: text, At: a.now})
}

// tell adds a message from the bot to the customer.
func (a *agentTurn) tell(id string, data map[string]any) {
	text := a.e.texts.T(a.conv.Lang, id, data)
	a.record(storage.FromBot, "", text)
	a.replies = append(a.replies, Reply{Text: text})
}

// agentTurn runs an agent's action under the conversation's lock, saves it
// and delivers what the customer must see on their channel. The hand-off,
// the ticket, the transcript and, on a channel delivered from the outbox,
// the messages to the customer are committed together; a channel with a
// Sender instead is sent to after the commit.
func (e *Engine) agentTurn(ctx context.Context, ref string, act func(context.Context, *agentTurn) error) error {
	h, err := e.store.HandoffByDeskRef(ctx, ref)
	if err != nil {
		return fmt.Errorf("hand-off %s: %w", ref, err)
	}
	unlock := e.locks.lock(h.ConversationID)
	defer unlock()
	var a *agentTurn
	err = e.store.WithTx(ctx, func(ctx context.Context) error {
		if err := e.lockAcross(ctx, h.ConversationID); err != nil {
			return err
		}
		// Read again under the lock: the customer may have left meanwhile.
		h, err := e.store.HandoffByDeskRef(ctx, ref)
		if err != nil {
			return err
		}
		if h.State == storage.HandoffResolved {
			return ErrHandoffClosed
		}
		conv, err := e.store.Conversation(ctx, h.ConversationID)
		if err != nil {
			return err
		}
		a = &agentTurn{e: e, h: h, conv: conv, now: e.now()}
		if err := act(ctx, a); err != nil {
			return err
		}
		if err := e.store.UpdateHandoff(ctx, a.h); err != nil {
			return err
		}
		a.conv.UpdatedAt = a.now
		if _, err := e.store.SaveTurn(ctx, a.conv, a.msgs); err != nil {
			return err
		}
		if e.outbox[a.conv.Channel] != nil {
			return e.enqueue(ctx, a.conv, storage.OutboxNotice, a.replies)
		}
		return nil
	})
	if errors.Is(err, ErrHandoffClosed) {
		return err
	}
	if err != nil {
		return fmt.Errorf("hand-off %s: %w", ref, err)
	}
	if len(a.replies) == 0 {
		return nil
	}
	if e.outbox[a.conv.Channel] != nil {
		e.wake(a.conv.Channel, true)
		return nil
	}
	if s := e.senders[a.conv.Channel]; s != nil {
		if err := s.Send(ctx, a.conv, a.replies); err != nil {
			return fmt.Errorf("hand-off %s: deliver to %s: %w", ref, a.conv.Channel, err)
		}
	}
	return nil
}

// cutNote reports whether an agent's message is an internal note
// ("note: …"), and returns its text.
func cutNote(text string) (string, bool) {
	s := strings.TrimSpace(text)
	if len(s) >= 5 && strings.EqualFold(s[:5], "note:") {
		return strings.TrimSpace(s[5:]), true
	}
	return "", false
}
