package bot

import (
	"context"
	"errors"
	"time"

	"supportbot/bot/policy"
	"supportbot/intents"
	"supportbot/storage"
)

// Reasons for a hand-off, as the team sees them.
const (
	reasonAsked         = "asked"
	reasonMissingParcel = "missing_parcel"
	reasonWrongItem     = "wrong_item"
	reasonMissingItem   = "missing_item"
)

// briefMessages is how many of the last messages a hand-off carries to the team.
const briefMessages = 10

// ackEvery is how often a customer waiting for an agent is told that their
// messages reach the team.
const ackEvery = 10 * time.Minute

// AgentDesk is where the support team works hand-offs (Slack). The engine
// tells it about new hand-offs and the customer's messages; the desk calls
// the engine's Agent methods for what agents do.
type AgentDesk interface {
	// Open posts a new hand-off and returns the desk's reference for it,
	// which the engine stores to route the agents' actions back.
	Open(ctx context.Context, b Brief) (ref string, err error)
	// Relay posts a customer's message into an open hand-off.
	Relay(ctx context.Context, ref string, msg storage.Message, attachments []storage.Attachment) error
	// Closed tells the team the hand-off ended without them: the customer
	// left the queue.
	Closed(ctx context.Context, ref string) error
}

// Brief is what the team gets with a hand-off.
type Brief struct {
	Handoff      storage.Handoff
	Conversation storage.Conversation
	// Customer is set only once the conversation is verified: the team
	// sees no name the customer has not proven.
	Customer *storage.Customer
	Order    *storage.Order
	Ticket   storage.Ticket
	Recent   []storage.Message // oldest first, the current message included
	Reason   string
	// Account is the verified customer's returns, refunds, vouchers and
	// cases; nil before verification.
	Account *AccountView
}

// askForPerson is the human_agent flow. A conversation has one case with
// the team: asking again refers to it. Without a desk to talk in, the team
// answers by e-mail, so a customer not verified is first asked where.
func (e *Engine) askForPerson(t *turn) {
	tk := t.d.Task
	if t.d.Case != "" {
		t.d.Task = nil
		e.say(t, e.byHours(t, "handoff_already"), map[string]any{"Ticket": t.d.Case, "When": e.nextOpening(t)})
		return
	}
	contact := ""
	if tk.Step == stepContact && t.input.payload == "" && (e.texts.Mentions(t.lang(), keywordLeave, t.input.norm) ||
		e.texts.Mentions(t.lang(), keywordNoHuman, t.input.norm) || e.texts.Mentions(t.lang(), keywordStop, t.input.norm)) {
		// "bob@example.com but actually never mind, I'll call instead":
		// the address, taken back in the same breath; no case.
		t.d.Task = nil
		e.say(t, "flow_left", map[string]any{"Flow": e.text(t, e.flows[intents.HumanAgent].name, nil)})
		return
	}
	if d := &t.d; t.conv.CustomerID == 0 && d.ForOther && tk.Step != stepContact {
		// Someone who writes for the holder ("my elderly father doesn't
		// have internet…"): the person is reached at the writer's own
		// address, never with the holder's details (the button offered
		// to them gave the refusal again; round 108a).
		d.Email, d.OrderRef, d.Card = "", "", ""
	} else if t.conv.CustomerID == 0 && (d.Email != "" && (d.OrderRef != "" || d.Card != "") ||
		tk.Step == stepIdentity && e.hasEntity(t, intents.EntityEmail, intents.EntityOrderNumber, intents.EntityLoyaltyCard)) {
		// "passez-moi un conseiller svp, OP-101201 thomas.girard@…":
		// the details check who they are, so the team gets the case on
		// the customer's account (it was opened on no one's). A check
		// that fails says so, and the details put right are checked in
		// their turn; without them, the person is still reached below.
		wasContact, email := tk.Step == stepContact, d.Email
		if email == "" {
			email, _ = e.entity(t, intents.EntityEmail)
		}
		if _, ok := e.identify(t); !ok {
			if !wasContact || email == "" || t.d.Task != tk {
				return
			}
			// The address given where to write, with an order named
			// before that is not its holder's ("talk to a person about
			// OP-100101", then "sophie.laurent@…"): the check failed and
			// said so, and the person is still reached at that address,
			// on no one's account (the address was asked again, and no
			// case opened; round 69b).
			contact = email
		}
		tk.Step = ""
	}
	if t.d.Email == "" && e.tellsSubject(t) {
		// What the request is about, told instead of the address: noted
		// (the team reads the conversation), and the address asked
		// again.
		e.say(t, "handoff_subject_noted", nil)
		return
	}
	switch {
	case contact != "":
	case t.conv.CustomerID != 0:
		contact = e.contact(t)
	case t.d.Email != "":
		contact = t.d.Email
	case e.desk == nil && (tk.Step != stepContact || t.input.text == "" && t.input.payload == ""):
		// Asked first, and asked again after a question in between
		// ("c'est quoi vos horaires ?"): only an answer without an
		// address gives up.
		tk.Step = stepContact
		e.say(t, "handoff_ask_email", nil)
		return
	case e.desk == nil && (t.u.Intent == intents.HumanAgent || e.asksWhy(t)):
		// "human" again, "how long will that take?": nobody is live
		// here; when the team answers, and the address asked again
		// (the request was dropped).
		e.say(t, e.byHours(t, "handoff_ask_email_again"), map[string]any{"When": e.nextOpening(t)})
		return
	case e.desk == nil:
		e.noContact(t)
		return
	}
	t.d.Task = nil
	e.startHandoff(t, reasonAsked, nil, contact)
}

// noContact ends a request for a person without an address to answer
// to: the team can't write back, so the customer is told how to reach it.
func (e *Engine) noContact(t *turn) {
	t.d.Task = nil
	e.say(t, "handoff_no_contact", map[string]any{"Email": e.shop.Email, "Phone": e.shop.Phone, "Hours": hoursText(e.texts, e.fmt, e.policy.Hours, t.lang())})
}

// contact is the verified customer's e-mail address, for the team to
// write back; "" when it can't be read.
func (e *Engine) contact(t *turn) string {
	c, err := e.customer(t)
	if err != nil {
		return ""
	}
	return c.Email
}

// startHandoff hands the conversation to the support team, with a ticket.
// Without a desk the ticket is the hand-off, and the customer is told
// honestly when someone will come back to them, and at which address.
func (e *Engine) startHandoff(t *turn, reason string, ticket *storage.Ticket, contact string) {
	if e.desk == nil && ticket != nil {
		// The team writes back by e-mail, and the bot still talks: the
		// other problem told in the same message comes next.
		t.d.forgetBut()
	} else {
		t.d.forget()
	}
	e.metrics.handoff(reason)
	if ticket == nil {
		tk := storage.Ticket{
			Kind: storage.TicketHandoff, Status: storage.TicketOpen, ConversationID: t.conv.ID,
			CustomerID: t.conv.CustomerID, Summary: "customer asked for a person", CreatedAt: t.now,
			Details: map[string]string{"contact_email": contact},
		}
		if o, ok := e.orderInFocus(t); ok {
			// Without a desk, the ticket is all the team gets besides
			// the transcript: the order the conversation was about saves
			// it a search.
			tk.OrderID = o.ID
		}
		tk, err := e.store.CreateTicket(t.ctx, tk)
		if err != nil {
			e.fail(t, "open hand-off ticket", err)
			return
		}
		ticket = &tk
	}
	t.d.Case = ticket.Ref
	data := map[string]any{"Ticket": ticket.Ref, "When": e.nextOpening(t), "Contact": contact}
	if e.desk == nil {
		// The team writes back by e-mail: the customer may still take
		// the request back ("never mind the person then").
		about := aboutHandoff
		if ticket.Kind == storage.TicketWrongItem || ticket.Kind == storage.TicketClaim {
			about = aboutItem
		}
		t.doneNow = true
		t.d.Last = &done{Kind: didRequest, Ticket: ticket.Ref, TicketID: ticket.ID, About: about,
			What: e.text(t, "what_"+about, nil), Contact: ticket.Details["contact_email"]}
		e.say(t, e.byHours(t, "handoff_recorded"), data)
		return
	}
	h, err := e.store.CreateHandoff(t.ctx, storage.Handoff{
		ConversationID: t.conv.ID, TicketID: ticket.ID, State: storage.HandoffRequested,
		Reason: reason, CreatedAt: t.now,
	})
	if err != nil {
		e.fail(t, "create hand-off", err)
		return
	}
	if e.outbox[OutboxDesk] == nil {
		ref, err := e.desk.Open(t.ctx, e.brief(t, h, *ticket, reason))
		if err != nil {
			e.log.ErrorContext(t.ctx, "open hand-off on desk", "conversation", t.conv.ID, "err", err)
			h.State, h.ResolvedAt = storage.HandoffResolved, t.now
			if err := e.store.UpdateHandoff(t.ctx, h); err != nil {
				e.log.ErrorContext(t.ctx, "close failed hand-off", "conversation", t.conv.ID, "err", err)
			}
			e.say(t, e.byHours(t, "handoff_recorded"), data)
			return
		}
		h.DeskRef = ref
		if err := e.store.UpdateHandoff(t.ctx, h); err != nil {
			e.fail(t, "store hand-off reference", err)
			return
		}
	} else {
		// The root message is posted by the desk's delivery worker once
		// the turn is committed, never by the turn itself: a call to the
		// desk here would hold the database's writer, and every other
		// turn with it, for as long as the desk takes to answer. Should
		// it never get through, DeskUndelivered tells the customer.
		b := e.brief(t, h, *ticket, reason)
		if err := e.enqueueDesk(t, DeskPayload{Kind: DeskOpen, HandoffID: h.ID, Brief: &b}); err != nil {
			e.fail(t, "open hand-off on desk", err)
			return
		}
	}
	t.conv.Handoff = storage.HandoffRequested
	t.d.AckedAt = t.now
	e.say(t, e.byHours(t, "handoff_open"), data)
}

// byHours picks the variant of a message for when the team is at work
// ("…_now") or not ("…_later").
func (e *Engine) byHours(t *turn, id string) string {
	if policy.Open(e.policy, t.now) {
		return id + "_now"
	}
	return id + "_later"
}

// nextOpening words when the team is next at work.
func (e *Engine) nextOpening(t *turn) string {
	return e.fmt.dateTime(t.lang(), policy.NextOpening(e.policy, t.now), t.now)
}

// brief gathers what the team needs to pick the conversation up.
func (e *Engine) brief(t *turn, h storage.Handoff, ticket storage.Ticket, reason string) Brief {
	b := Brief{Handoff: h, Conversation: t.conv, Ticket: ticket, Reason: reason}
	if t.conv.CustomerID != 0 {
		if c, err := e.customer(t); err == nil {
			b.Customer = &c
		}
		if acct, err := e.accountView(t.ctx, t.conv.CustomerID, 0); err == nil {
			b.Account = &acct
		} else {
			e.log.WarnContext(t.ctx, "account for hand-off", "conversation", t.conv.ID, "err", err)
		}
		if o, ok := e.orderInFocus(t); ok {
			b.Order = &o
		}
	}
	recent, err := e.store.Transcript(t.ctx, t.conv.ID, briefMessages-1)
	if err != nil {
		e.log.WarnContext(t.ctx, "transcript for hand-off", "conversation", t.conv.ID, "err", err)
	}
	b.Recent = append(recent, storage.Message{
		ConversationID: t.conv.ID, From: storage.FromCustomer, Text: t.in.Text, At: t.now,
	})
	return b
}

// orderInFocus returns the verified customer's order the conversation is
// about, if any.
func (e *Engine) orderInFocus(t *turn) (storage.Order, bool) {
	if t.conv.CustomerID == 0 || t.d.Order == "" {
		return storage.Order{}, false
	}
	orders, err := e.customerOrders(t)
	if err != nil {
		return storage.Order{}, false
	}
	return findOrder(orders, t.d.Order)
}

// relayToAgent passes a customer's message to the team while a person has
// the conversation. The bot stays quiet, except to confirm now and then that
// the team gets the messages while nobody has taken the conversation yet.
func (e *Engine) relayToAgent(t *turn) {
	h, err := e.store.OpenHandoff(t.ctx, t.conv.ID)
	if errors.Is(err, storage.ErrNotFound) {
		// The hand-off ended without the conversation knowing: the bot
		// takes the conversation back.
		t.conv.Handoff = storage.HandoffNone
		e.respond(t)
		return
	}
	if err != nil {
		e.fail(t, "load hand-off", err)
		return
	}
	if t.conv.Handoff == storage.HandoffRequested && (t.in.Payload == payloadStop || e.texts.IsKeyword(t.lang(), keywordStop, t.input.norm)) {
		e.leaveQueue(t, h)
		return
	}
	msg := storage.Message{ConversationID: t.conv.ID, From: storage.FromCustomer, Text: t.in.Text, At: t.now}
	switch {
	case e.desk == nil:
	case e.outbox[OutboxDesk] != nil:
		// Committed with the turn, posted by the desk's worker in order,
		// after the hand-off's root message.
		atts := append([]storage.Attachment(nil), t.in.Attachments...)
		if err := e.enqueueDesk(t, DeskPayload{Kind: DeskRelay, Ref: h.DeskRef, HandoffID: h.ID, Message: msg, Attachments: atts}); err != nil {
			e.fail(t, "relay to desk", err)
			return
		}
	case h.DeskRef == "":
	default:
		if err := e.desk.Relay(t.ctx, h.DeskRef, msg, t.in.Attachments); err != nil {
			e.log.ErrorContext(t.ctx, "relay to desk", "conversation", t.conv.ID, "err", err)
		}
	}
	for _, a := range t.in.Attachments {
		a.TicketID = h.TicketID
		if _, err := e.store.AddAttachment(t.ctx, a); err != nil {
			e.log.ErrorContext(t.ctx, "store attachment", "conversation", t.conv.ID, "err", err)
		}
	}
	if t.conv.Handoff == storage.HandoffRequested && t.now.Sub(t.d.AckedAt) >= ackEvery {
		t.d.AckedAt = t.now
		e.say(t, "handoff_waiting", nil, e.button(t, "button_back_to_bot", payloadStop))
	}
}

// leaveQueue ends a hand-off nobody has taken, at the customer's request.
func (e *Engine) leaveQueue(t *turn, h storage.Handoff) {
	h.State, h.ResolvedAt = storage.HandoffResolved, t.now
	if err := e.store.UpdateHandoff(t.ctx, h); err != nil {
		e.fail(t, "leave queue", err)
		return
	}
	switch {
	case e.desk == nil:
	case e.outbox[OutboxDesk] != nil:
		if err := e.enqueueDesk(t, DeskPayload{Kind: DeskClosed, Ref: h.DeskRef, HandoffID: h.ID}); err != nil {
			e.fail(t, "tell desk the customer left", err)
			return
		}
	case h.DeskRef == "":
	default:
		if err := e.desk.Closed(t.ctx, h.DeskRef); err != nil {
			e.log.ErrorContext(t.ctx, "tell desk the customer left", "conversation", t.conv.ID, "err", err)
		}
	}
	t.conv.Handoff = storage.HandoffNone
	t.d.Case = ""
	e.say(t, "handoff_left", nil, e.menu(t)...)
}
