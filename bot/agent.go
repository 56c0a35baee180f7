package bot

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"supportbot/storage"
	"time"
)

// AgentTake records that an agent took the hand-off, and tells the customer
// a person has joined.
func (e *Engine) AgentTake(ctx context.Context, ref, agentID, agentName string) error {
	return e.agentTurn(ctx, ref, Delivery{}, func(ctx context.Context, a *agentTurn) error {
		if a.h.State == storage.HandoffWithAgent && a.h.AgentID == agentID {
			return nil // pressed twice
		}
		a.take(agentID, agentName)
		a.tell("agent_joined", map[string]any{"Agent": a.label(agentName)})
		return nil
	})
}

// AgentMessage is what a person wrote in a hand-off's thread.
type AgentMessage struct {
	Ref       string // the hand-off's reference on the desk
	AgentID   string
	AgentName string // "" when the desk cannot tell: the customer reads a label that still says a person writes
	Text      string
	// Files are the files attached to the message, sent to the customer
	// as links after the text.
	Files []AgentFile
	// Delivery is the desk's key of this message (Slack's event_id),
	// consumed in the transaction of the turn that sends it on: a
	// redelivery after that turn committed changes nothing, one whose turn
	// did not commit is handled as new.
	Delivery Delivery
}

// AgentFile is a file an agent attached to a thread message.
type AgentFile struct {
	Name string
	URL  string
}

// AgentReply sends an agent's message to the customer, marked as coming
// from a person. A message starting with "note:" is an internal note: it
// goes to the transcript and never to the customer.
func (e *Engine) AgentReply(ctx context.Context, ref, agentID, agentName, text string) error {
	return e.AgentWrote(ctx, AgentMessage{Ref: ref, AgentID: agentID, AgentName: agentName, Text: text})
}

// AgentWrote is AgentReply with the message's files and delivery key.
func (e *Engine) AgentWrote(ctx context.Context, m AgentMessage) error {
	return e.agentTurn(ctx, m.Ref, m.Delivery, func(ctx context.Context, a *agentTurn) error {
		if note, ok := cutNote(m.Text); ok {
			a.record(storage.FromNote, m.AgentName, note)
			return nil
		}
		if a.h.State == storage.HandoffRequested {
			a.take(m.AgentID, m.AgentName)
		}
		text := strings.TrimSpace(m.Text)
		for _, f := range m.Files {
			line := e.texts.T(a.conv.Lang, "agent_file", map[string]any{"Name": f.Name, "URL": f.URL})
			text = strings.TrimSpace(text + "\n" + line)
		}
		if text == "" {
			return nil
		}
		a.record(storage.FromAgent, m.AgentName, text)
		a.replies = append(a.replies, Reply{Text: text, Agent: a.label(m.AgentName)})
		return nil
	})
}

// AgentResolve hands the conversation back to the bot, which tells the
// customer.
func (e *Engine) AgentResolve(ctx context.Context, ref, agentID, agentName string) error {
	return e.agentTurn(ctx, ref, Delivery{}, func(ctx context.Context, a *agentTurn) error {
		a.h.State, a.h.ResolvedAt = storage.HandoffResolved, a.now
		if a.h.AgentName == "" {
			a.h.AgentID, a.h.AgentName = agentID, agentName
		}
		a.conv.Handoff = storage.HandoffNone
		if d, err := decodeDialogue(a.conv.State); err == nil {
			d.Case = "" // the next request for a person opens a new case
			a.conv.State = d.encode()
		}
		a.tell("agent_resolved", map[string]any{"Agent": a.label(agentName)})
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

// label is how the customer sees an agent: their first name, or, when the
// desk could not tell it, words that still say a person writes.
func (a *agentTurn) label(agentName string) string {
	if f := firstName(agentName); f != "" {
		return f
	}
	return a.e.texts.T(a.conv.Lang, "agent_unnamed", nil)
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
// and delivers what the customer must see on their channel (handoffTurn);
// ref is the hand-off's desk reference.
func (e *Engine) agentTurn(ctx context.Context, ref string, d Delivery, act func(context.Context, *agentTurn) error) error {
	err := e.handoffTurn(ctx, func(ctx context.Context) (storage.Handoff, error) {
		return e.store.HandoffByDeskRef(ctx, ref)
	}, d, act)
	if err != nil && !errors.Is(err, ErrHandoffClosed) {
		return fmt.Errorf("hand-off %s: %w", ref, err)
	}
	return err
}

// handoffTurn runs an action on a hand-off (find reads it) under the
// conversation's lock, saves it and delivers what the customer must see on
// their channel. The hand-off, the ticket, the transcript, the delivery
// consumed (d, when it has a key) and, on a channel delivered from the
// outbox, the messages to the customer are committed together; a channel
// with a Sender instead is sent to after the commit. An action whose
// delivery a committed turn already consumed does nothing; one on a
// resolved hand-off returns ErrHandoffClosed.
func (e *Engine) handoffTurn(ctx context.Context, find func(context.Context) (storage.Handoff, error), d Delivery, act func(context.Context, *agentTurn) error) error {
	h, err := find(ctx)
	if err != nil {
		return err
	}
	unlock := e.locks.lock(h.ConversationID)
	defer unlock()
	if _, dup, err := e.delivered(ctx, Incoming{ConversationID: h.ConversationID, Delivery: d}); dup || err != nil {
		return err
	}
	var a *agentTurn
	err = e.store.WithTx(ctx, func(ctx context.Context) error {
		if err := e.lockAcross(ctx, h.ConversationID); err != nil {
			return err
		}
		// Read again under the lock: the customer may have left meanwhile.
		h, err := find(ctx)
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
			if err := e.enqueue(ctx, a.conv, storage.OutboxNotice, a.replies); err != nil {
				return err
			}
		}
		return e.claim(ctx, d, Response{ConversationID: a.conv.ID, Replies: a.replies})
	})
	if errors.Is(err, errClaimed) {
		return nil // another process committed the same delivery meanwhile
	}
	if err != nil {
		return err
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
			return fmt.Errorf("deliver to %s: %w", a.conv.Channel, err)
		}
	}
	return nil
}

// HandoffRef returns where the hand-off's root message was posted on the
// desk, "" while it is not posted yet: the desk's transport asks it for
// the messages written into the outbox before the root message went out.
func (e *Engine) HandoffRef(ctx context.Context, handoffID int64) (string, error) {
	h, err := e.store.HandoffByID(ctx, handoffID)
	if err != nil {
		return "", fmt.Errorf("hand-off %d: %w", handoffID, err)
	}
	return h.DeskRef, nil
}

// DeskOpened records where the desk's transport posted a hand-off's root
// message, so that the team's actions in its thread find the hand-off.
// It is recorded even when the customer has left the queue meanwhile: the
// thread then shows that too.
func (e *Engine) DeskOpened(ctx context.Context, handoffID int64, ref string) error {
	h, err := e.store.HandoffByID(ctx, handoffID)
	if err != nil {
		return fmt.Errorf("hand-off %d: %w", handoffID, err)
	}
	unlock := e.locks.lock(h.ConversationID)
	defer unlock()
	err = e.store.WithTx(ctx, func(ctx context.Context) error {
		if err := e.lockAcross(ctx, h.ConversationID); err != nil {
			return err
		}
		h, err := e.store.HandoffByID(ctx, handoffID)
		if err != nil {
			return err
		}
		h.DeskRef = ref
		return e.store.UpdateHandoff(ctx, h)
	})
	if err != nil {
		return fmt.Errorf("hand-off %d: record desk reference: %w", handoffID, err)
	}
	return nil
}

// DeskUndelivered is the desk's delivery worker's OnDead. A hand-off whose
// root message never reached the desk is nobody's: it is closed, its
// ticket stays for the team, and the customer — told earlier that a
// person would answer — is told that the team will write back instead.
// Other dead letters of the desk are left to the log and the metric.
func (e *Engine) DeskUndelivered(ctx context.Context, m storage.OutboxMessage, cause error) {
	var p DeskPayload
	if err := json.Unmarshal([]byte(m.Payload), &p); err != nil || p.Kind != DeskOpen || p.Brief == nil {
		return
	}
	err := e.handoffTurn(ctx, func(ctx context.Context) (storage.Handoff, error) {
		return e.store.HandoffByID(ctx, p.HandoffID)
	}, Delivery{}, func(ctx context.Context, a *agentTurn) error {
		if a.h.DeskRef != "" {
			return nil // posted after all
		}
		a.h.State, a.h.ResolvedAt = storage.HandoffResolved, a.now
		a.conv.Handoff = storage.HandoffNone
		a.tell("handoff_desk_unreachable", map[string]any{
			"Ticket": p.Brief.Ticket.Ref, "Contact": p.Brief.Ticket.Details["contact_email"],
		})
		return nil
	})
	if err != nil && !errors.Is(err, ErrHandoffClosed) {
		e.log.ErrorContext(ctx, "tell the customer the desk was not reached", "handoff", p.HandoffID, "err", err)
		return
	}
	e.log.WarnContext(ctx, "hand-off not posted to the desk: closed, the customer told", "handoff", p.HandoffID, "cause", cause)
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
