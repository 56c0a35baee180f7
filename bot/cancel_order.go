package bot

import (
	"errors"

	"supportbot/bot/policy"
	"supportbot/intents"
	"supportbot/storage"
)

// cancelOrder cancels an order after a yes, when the policy allows it;
// otherwise it says why and offers a return or a person.
func (e *Engine) cancelOrder(t *turn) {
	if _, ok := e.identify(t); !ok {
		return
	}
	o, ok := e.pickOrder(t, isPending)
	if !ok {
		return
	}
	tk := t.d.Task
	data := e.orderData(t, o)
	dec := policy.CanCancel(e.policy, o, t.now)
	if !dec.OK {
		t.d.Task = nil
		e.refuseCancel(t, dec, data)
		return
	}
	if tk.Step != stepConfirm {
		tk.Step = stepConfirm
		data["ItemNames"] = itemNames(o.Items)
		e.say(t, "cancel_confirm", data, e.button(t, "button_yes", payloadYes), e.button(t, "button_no", payloadNo))
		return
	}
	switch e.yesNo(t) {
	case 1:
		t.d.Task = nil
		err := e.store.CancelOrder(t.ctx, o.ID, t.now)
		t.accountChanged()
		if errors.Is(err, storage.ErrConflict) {
			// It left the warehouse while the customer was deciding.
			e.refuseCancel(t, policy.CancelDecision{Reason: policy.ReasonShipped}, data)
			return
		}
		if err != nil {
			e.fail(t, "cancel order", err)
			return
		}
		t.d.Last = &done{Kind: didCancel, Order: o.Number}
		e.say(t, "cancel_done", data)
	case -1:
		t.d.Task = nil
		e.say(t, "cancel_kept", data)
	default:
		e.say(t, "cancel_confirm_again", data, e.button(t, "button_yes", payloadYes), e.button(t, "button_no", payloadNo))
	}
}

// returnInstead are the refusals after which a return is what the customer
// can do: the order is on its way, arrived, or bought.
var returnInstead = map[string]bool{
	policy.ReasonShipped: true, policy.ReasonTooLate: true, policy.ReasonDelivered: true,
	policy.ReasonAtPickupPoint: true, policy.ReasonInStore: true,
}

// refuseCancel says why an order can't be cancelled and what is possible
// instead.
func (e *Engine) refuseCancel(t *turn, dec policy.CancelDecision, data map[string]any) {
	data["Hours"] = e.policy.Cancellation.Hours
	if !dec.Deadline.IsZero() {
		data["Deadline"] = e.fmt.dateTime(t.lang(), dec.Deadline, t.now)
	}
	buttons := []Button{e.button(t, "button_human", payloadHuman)}
	if returnInstead[dec.Reason] {
		buttons = append([]Button{e.button(t, "button_return", prefixIntent+intents.StartReturn)}, buttons...)
	}
	e.say(t, "cancel_refused_"+dec.Reason, data, buttons...)
}
