package bot

import (
	"fmt"
	"strings"

	"supportbot/bot/policy"
	"supportbot/intents"
	"supportbot/storage"
)

// photoChannels carry pictures from the customer.
var photoChannels = map[string]bool{ChannelTelegram: true, ChannelDiscord: true}

// wrongItem handles a wrong item received: which item was wrong, what
// arrived instead (a photo where the channel carries them), a ticket, and a
// person to arrange the exchange. Return shipping is on the shop.
func (e *Engine) wrongItem(t *turn) {
	if _, ok := e.identify(t); !ok {
		return
	}
	o, ok := e.pickOrder(t, isDelivered)
	if !ok {
		return
	}
	tk := t.d.Task
	data := e.orderData(t, o)
	if o.Status != storage.StatusDelivered {
		t.d.Task = nil
		e.sayNotDelivered(t, o, data)
		return
	}
	if e.describesDefect(t) {
		// "la chaîne de mon collier est cassée": not another item than
		// the one ordered, a faulty one — a return for a defect, or the
		// warranty once the return period is over.
		t.d.Task = &task{Intent: intents.StartReturn, Order: o.Number, ItemIDs: tk.ItemIDs, Said: tk.Said, Reason: reasonDefective}
		e.runTask(t)
		return
	}
	if len(tk.ItemIDs) == 0 {
		items := e.pickItems(t, o.Items)
		if len(items) == 0 && len(o.Items) == 1 {
			items = o.Items
		}
		if len(items) == 0 {
			tk.Step = stepItem
			e.say(t, "wrong_which_item", data, itemButtons(o.Items)...)
			return
		}
		for _, it := range items {
			tk.ItemIDs = append(tk.ItemIDs, it.ID)
		}
		t.input.free = false // the item's name is not the description
	}
	if tk.Step == stepReceived && (t.input.free || len(t.input.photos) > 0) {
		if t.input.free {
			tk.Note = strings.TrimSpace(tk.Note + "\n" + t.input.text)
		}
		e.fileWrongItem(t, o, selected(o.Items, tk.ItemIDs))
		return
	}
	tk.Step = stepReceived
	items := selected(o.Items, tk.ItemIDs)
	data["Item"] = itemNames(items)
	if policy.SentByEmail(items) {
		e.say(t, "wrong_ask_received_email", data)
		return
	}
	if photoChannels[t.conv.Channel] {
		e.say(t, "wrong_ask_received_photo", data)
		return
	}
	e.say(t, "wrong_ask_received", data)
}

// sayNotDelivered answers a wrong-item report about an order that has not
// reached the customer, in the words of where it is.
func (e *Engine) sayNotDelivered(t *turn, o storage.Order, data map[string]any) {
	switch o.Status {
	case storage.StatusCancelled:
		e.say(t, "track_cancelled", data)
	case storage.StatusReadyForPickup:
		e.say(t, "wrong_at_pickup_point", data)
	default:
		e.say(t, "wrong_not_delivered", data)
	}
}

// fileWrongItem opens the ticket, with the photos, and hands the
// conversation to a person.
func (e *Engine) fileWrongItem(t *turn, o storage.Order, items []storage.Item) {
	tk := t.d.Task
	details := map[string]string{
		"items":    itemNames(items),
		"received": tk.Note,
		"photos":   fmt.Sprint(len(t.input.photos)),
	}
	ticket, err := e.store.CreateTicket(t.ctx, storage.Ticket{
		Kind: storage.TicketWrongItem, Status: storage.TicketOpen, ConversationID: t.conv.ID,
		CustomerID: t.conv.CustomerID, OrderID: o.ID, Summary: "wrong item received: " + itemNames(items),
		Details: details, CreatedAt: t.now, Attachments: t.input.photos,
	})
	if err != nil {
		e.fail(t, "open wrong-item ticket", err)
		return
	}
	t.d.Task = nil
	data := e.orderData(t, o)
	data["Ticket"] = ticket.Ref
	data["Item"] = itemNames(items)
	if policy.SentByEmail(items) {
		e.say(t, "wrong_filed_email", data)
	} else {
		e.say(t, "wrong_filed", data)
	}
	e.startHandoff(t, reasonWrongItem, &ticket, e.contact(t))
}

// selected returns the items whose IDs are in ids, in order.
func selected(items []storage.Item, ids []int64) []storage.Item {
	var out []storage.Item
	for _, it := range items {
		for _, id := range ids {
			if it.ID == id {
				out = append(out, it)
				break
			}
		}
	}
	return out
}

// describesDefect reports whether the request, or this message, says the
// item is faulty rather than another item than the one ordered.
func (e *Engine) describesDefect(t *turn) bool {
	lang := t.lang()
	for _, text := range []string{t.d.Task.Said, t.input.text} {
		norm := intents.Normalize(text)
		if text != "" && e.texts.Mentions(lang, "reason_"+reasonDefective, norm) && !e.texts.Mentions(lang, "reason_wrong_item", norm) {
			return true
		}
	}
	return false
}
