package bot

import (
	"errors"
	"strings"
	"time"

	"supportbot/intents"
	"supportbot/storage"
)

// collectIdentity keeps the identity pieces a not-yet-verified customer
// gives, in any order and over several messages.
func (e *Engine) collectIdentity(t *turn) {
	if t.conv.CustomerID != 0 {
		return
	}
	if v, ok := e.entity(t, intents.EntityEmail); ok {
		t.d.Email = strings.ToLower(v)
	}
	if v, ok := e.entity(t, intents.EntityOrderNumber); ok {
		t.d.OrderRef, t.d.Card = v, ""
	}
	if v, ok := e.entity(t, intents.EntityLoyaltyCard); ok {
		t.d.Card, t.d.OrderRef = v, ""
	}
}

// identify returns the verified customer of the conversation. When the
// conversation is not verified yet it asks for what is missing, or checks
// the pieces given; it reports false until the check succeeds.
//
// Nothing said before success depends on whether the e-mail or the order
// exists: a mismatch, an unknown e-mail and an unknown order all get the
// same answer.
func (e *Engine) identify(t *turn) (storage.Customer, bool) {
	if t.conv.CustomerID != 0 {
		c, err := e.customer(t)
		if err != nil {
			e.fail(t, "load verified customer", err)
			t.d.Task = nil
			return storage.Customer{}, false
		}
		return c, true
	}
	t.d.Task.Step = stepIdentity
	d := &t.d
	key := orderKey(d.OrderRef, d.Card)
	switch {
	case d.Email == "" && key == "":
		e.say(t, "identity_ask", nil)
		return storage.Customer{}, false
	case d.Email == "":
		e.say(t, "identity_ask_email", nil)
		return storage.Customer{}, false
	case key == "":
		e.say(t, "identity_ask_order", nil)
		return storage.Customer{}, false
	}
	// Both pieces are here: an attempt, unless the conversation or the
	// order is locked.
	convTimes, orderTimes, err := e.store.FailedVerifications(t.ctx, t.conv.ID, key, t.now.Add(-e.verify.Window-e.verify.Lockout))
	if err != nil {
		e.fail(t, "count failed verifications", err)
		return storage.Customer{}, false
	}
	if until := e.lockedUntil(convTimes, orderTimes, t.now); !until.IsZero() {
		e.metrics.verification("locked")
		d.Email, d.OrderRef, d.Card = "", "", ""
		e.say(t, "identity_locked", map[string]any{"Until": e.fmt.clock(t.lang(), until)})
		return storage.Customer{}, false
	}
	return e.checkIdentity(t, key, convTimes, orderTimes)
}

// checkIdentity checks an e-mail against an order number or loyalty card.
// convTimes and orderTimes are the recent failures, to tell the customer
// when this failure is the one that locks.
func (e *Engine) checkIdentity(t *turn, key string, convTimes, orderTimes []time.Time) (storage.Customer, bool) {
	d := &t.d
	cust, order, ok, err := e.match(t, d.Email, d.OrderRef, d.Card)
	if err != nil {
		e.fail(t, "verify identity", err)
		return storage.Customer{}, false
	}
	attempt := storage.VerificationAttempt{ConversationID: t.conv.ID, OrderKey: key, Success: ok, At: t.now}
	if err := e.store.RecordVerification(t.ctx, attempt); err != nil {
		e.fail(t, "record verification", err)
		return storage.Customer{}, false
	}
	d.Email, d.OrderRef, d.Card = "", "", ""
	if !ok {
		e.metrics.verification("failed")
		if until := e.lockedUntil(append(convTimes, t.now), append(orderTimes, t.now), t.now); !until.IsZero() {
			e.say(t, "identity_locked", map[string]any{"Until": e.fmt.clock(t.lang(), until)})
			return storage.Customer{}, false
		}
		e.say(t, "identity_failed", nil)
		return storage.Customer{}, false
	}
	e.metrics.verification("ok")
	t.conv.CustomerID = cust.ID
	if order.ID != 0 {
		d.Order = order.Number
	}
	if t.in.UserID != "" {
		link := storage.Identity{Channel: t.in.Channel, UserID: t.in.UserID, CustomerID: cust.ID, LinkedAt: t.now}
		if err := e.store.LinkIdentity(t.ctx, link); err != nil {
			// The conversation is verified all the same; only the next
			// conversation on this account will ask again.
			e.log.WarnContext(t.ctx, "link identity", "conversation", t.conv.ID, "err", err)
		}
	}
	e.say(t, "identity_ok", map[string]any{"Name": firstName(cust.Name)})
	return cust, true
}

// match looks the pieces up. ok is false for any mismatch, whatever its cause.
func (e *Engine) match(t *turn, email, orderRef, card string) (storage.Customer, storage.Order, bool, error) {
	cust, err := e.store.CustomerByEmail(t.ctx, email)
	if errors.Is(err, storage.ErrNotFound) {
		return storage.Customer{}, storage.Order{}, false, nil
	}
	if err != nil {
		return storage.Customer{}, storage.Order{}, false, err
	}
	if card != "" {
		byCard, err := e.store.CustomerByLoyaltyCard(t.ctx, card)
		if errors.Is(err, storage.ErrNotFound) {
			return storage.Customer{}, storage.Order{}, false, nil
		}
		if err != nil {
			return storage.Customer{}, storage.Order{}, false, err
		}
		return cust, storage.Order{}, byCard.ID == cust.ID, nil
	}
	order, err := e.store.OrderByNumber(t.ctx, orderRef)
	if errors.Is(err, storage.ErrNotFound) {
		return storage.Customer{}, storage.Order{}, false, nil
	}
	if err != nil {
		return storage.Customer{}, storage.Order{}, false, err
	}
	if order.CustomerID != cust.ID {
		return storage.Customer{}, storage.Order{}, false, nil
	}
	return cust, order, true, nil
}

// orderKey is what verification attempts are counted against: the order
// number or the loyalty card, normalised.
func orderKey(orderRef, card string) string {
	switch {
	case orderRef != "":
		return "order:" + storage.NormalizeOrderNumber(orderRef)
	case card != "":
		return "card:" + storage.NormalizeCard(card)
	}
	return ""
}

// lockedUntil returns when the lock-out ends, or zero if there is none:
// MaxAttempts failures within Window lock for Lockout from the last of them,
// counted for the conversation and for the order separately.
func (e *Engine) lockedUntil(convTimes, orderTimes []time.Time, now time.Time) time.Time {
	var until time.Time
	for _, times := range [][]time.Time{convTimes, orderTimes} {
		if u := lockEnd(times, e.verify, now); u.After(until) {
			until = u
		}
	}
	return until
}

// lockEnd is lockedUntil for one series of failure times, oldest first.
func lockEnd(times []time.Time, cfg VerifyConfig, now time.Time) time.Time {
	var until time.Time
	n := cfg.MaxAttempts
	for i := n - 1; i < len(times); i++ {
		if times[i].Sub(times[i-n+1]) <= cfg.Window {
			if end := times[i].Add(cfg.Lockout); end.After(now) && end.After(until) {
				until = end
			}
		}
	}
	return until
}

// firstName is how the bot addresses a verified customer.
func firstName(name string) string {
	f := strings.Fields(name)
	if len(f) == 0 {
		return ""
	}
	return f[0]
}
