package bot

import (
	"errors"
	"strings"

	"supportbot/bot/policy"
	"supportbot/intents"
	"supportbot/storage"
)

// Return reasons offered as buttons. A defective item ships back at the
// shop's cost; a wrong item has its own flow.
var returnReasons = []string{"size", "changed_mind", "defective", "wrong_item", "not_as_described", "other"}

const reasonDefective = "defective"

// startReturn lists the order's returnable items, asks which and why,
// confirms, and creates the return with its RA number. Items outside the
// window or never returnable are refused with the reason and the date.
func (e *Engine) startReturn(t *turn) {
	if _, ok := e.identify(t); !ok {
		return
	}
	o, ok := e.pickOrder(t, isDelivered)
	if !ok {
		return
	}
	returns, err := e.customerReturns(t)
	if err != nil {
		e.fail(t, "list returns", err)
		return
	}
	open, refused := e.returnable(t, o, returns)
	tk := t.d.Task
	data := e.orderData(t, o)
	if len(open) == 0 {
		t.d.Task = nil
		e.say(t, "return_none", data)
		e.sayRefusals(t, refused)
		e.say(t, "return_none_help", nil, e.button(t, "button_human", payloadHuman))
		return
	}
	if len(tk.ItemIDs) == 0 && !e.chooseReturnItems(t, o, open, refused) {
		return
	}
	items := selected(o.Items, tk.ItemIDs)
	data["Item"] = itemNames(items)
	if tk.Reason == "" {
		e.askReturnReason(t, data)
		return
	}
	if tk.Step != stepConfirm {
		e.confirmReturn(t, data)
		return
	}
	switch e.yesNo(t) {
	case 1:
		e.createReturn(t, o, items, returns)
	case -1:
		t.d.Task = nil
		e.say(t, "return_aborted", nil)
	default:
		e.confirmReturn(t, data)
	}
}

// refusal is an item that can't be returned, and why.
type refusal struct {
	item     storage.Item
	decision policy.ReturnDecision
}

// returnable splits an order's items into those that can be returned now
// and those that can't.
func (e *Engine) returnable(t *turn, o storage.Order, returns []storage.Return) ([]storage.Item, []refusal) {
	var open []storage.Item
	var refused []refusal
	for _, it := range o.Items {
		dec := policy.ReturnEligibility(e.policy, o, it, policy.Returned(returns, it.ID), t.now)
		if dec.OK {
			open = append(open, it)
			continue
		}
		refused = append(refused, refusal{it, dec})
	}
	return open, refused
}

// chooseReturnItems settles which items to return; it reports false when it
// asked.
func (e *Engine) chooseReturnItems(t *turn, o storage.Order, open []storage.Item, refused []refusal) bool {
	tk := t.d.Task
	picked := e.pickItems(t, o.Items)
	for _, it := range picked {
		for _, r := range refused {
			if r.item.ID == it.ID {
				// The customer named an item that can't go back: say why,
				// then offer the others.
				e.sayRefusals(t, []refusal{r})
				picked = nil
				break
			}
		}
	}
	if len(picked) == 0 && len(open) == 1 && len(o.Items) == 1 {
		picked = open
	}
	if len(picked) == 0 {
		tk.Step = stepItem
		e.say(t, "return_which_item", e.orderData(t, o), itemButtons(open)...)
		if len(refused) > 0 && t.input.payload == "" {
			e.sayRefusals(t, refused)
		}
		return false
	}
	for _, it := range picked {
		tk.ItemIDs = append(tk.ItemIDs, it.ID)
	}
	t.input.free = false
	return true
}

// askReturnReason takes the reason from this message or asks for it.
func (e *Engine) askReturnReason(t *turn, data map[string]any) {
	tk := t.d.Task
	if r, ok := strings.CutPrefix(t.input.payload, prefixReason); ok {
		tk.Reason = r
	} else if tk.Step == stepReason && t.input.free {
		tk.Reason = "other: " + strings.TrimSpace(t.input.text)
	}
	if tk.Reason == "" {
		tk.Step = stepReason
		bs := make([]Button, 0, len(returnReasons))
		for _, r := range returnReasons {
			bs = append(bs, e.button(t, "return_reason_"+r, prefixReason+r))
		}
		e.say(t, "return_ask_reason", data, bs...)
		return
	}
	if tk.Reason == "wrong_item" {
		// A wrong item is the shop's mistake: its own flow, free return.
		t.d.Task = &task{Intent: intents.WrongItem, Order: tk.Order, ItemIDs: tk.ItemIDs, Step: stepReceived}
		e.runTask(t)
		return
	}
	e.confirmReturn(t, data)
}

// confirmReturn asks for a yes before creating the return.
func (e *Engine) confirmReturn(t *turn, data map[string]any) {
	tk := t.d.Task
	tk.Step = stepConfirm
	data["Reason"] = e.reasonText(t, tk.Reason)
	id := "return_confirm"
	if tk.Reason == reasonDefective {
		id = "return_confirm_defective"
	}
	e.say(t, id, data, e.button(t, "button_yes", payloadYes), e.button(t, "button_no", payloadNo))
}

func (e *Engine) reasonText(t *turn, reason string) string {
	if free, ok := strings.CutPrefix(reason, "other: "); ok {
		return free
	}
	return e.text(t, "return_reason_"+reason, nil)
}

// createReturn stores the return and gives the RA number and instructions.
func (e *Engine) createReturn(t *turn, o storage.Order, items []storage.Item, returns []storage.Return) {
	tk := t.d.Task
	r := storage.Return{OrderID: o.ID, CustomerID: o.CustomerID, Reason: tk.Reason, Status: storage.ReturnOpen, CreatedAt: t.now}
	for _, it := range items {
		r.Items = append(r.Items, storage.ReturnItem{ItemID: it.ID, Quantity: it.Quantity - policy.Returned(returns, it.ID)})
	}
	created, err := e.store.CreateReturn(t.ctx, r)
	t.d.Task = nil
	t.accountChanged()
	if errors.Is(err, storage.ErrConflict) {
		e.say(t, "return_conflict", nil)
		return
	}
	if err != nil {
		e.fail(t, "create return", err)
		return
	}
	t.d.Last = &done{Kind: didReturn, Order: o.Number, RA: created.RANumber, Defective: tk.Reason == reasonDefective}
	data := e.orderData(t, o)
	data["RA"] = created.RANumber
	data["Item"] = itemNames(items)
	e.say(t, "return_created", data)
	id := "return_instructions"
	if tk.Reason == reasonDefective {
		id = "return_instructions_defective"
	}
	e.say(t, id, data)
}

// sayRefusals tells why items can't be returned, one line each.
func (e *Engine) sayRefusals(t *turn, refused []refusal) {
	var lines []string
	for _, r := range refused {
		data := map[string]any{"Item": r.item.Name}
		if !r.decision.Deadline.IsZero() {
			data["Deadline"] = e.fmt.date(t.lang(), r.decision.Deadline, t.now)
		}
		lines = append(lines, e.text(t, "return_refused_"+r.decision.Reason, data))
	}
	if len(lines) > 0 {
		t.replies = append(t.replies, Reply{Text: strings.Join(lines, "\n")})
	}
}
