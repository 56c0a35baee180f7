package bot

import (
	"fmt"

	"supportbot/bot/policy"
	"supportbot/storage"
)

// points tells the customer's loyalty balance: available and pending
// points, the tier reached and what the next reward still needs.
func (e *Engine) points(t *turn) {
	cust, ok := e.identify(t)
	if !ok {
		return
	}
	t.d.Task = nil
	b, err := e.balance(t, cust)
	if err != nil {
		e.fail(t, "loyalty balance", err)
		return
	}
	lang := t.lang()
	e.sayN(t, "points_available", b.Available, nil)
	if b.Pending > 0 {
		e.sayN(t, "points_pending", b.Pending, map[string]any{
			"Days":    e.policy.Loyalty.PendingDays,
			"Release": e.fmt.date(lang, b.NextRelease, t.now),
		})
	}
	if b.Tier != nil {
		e.say(t, "points_tier", map[string]any{"Points": b.Tier.Points, "Reward": e.reward(t, b.Tier.Reward)})
	}
	if b.Next != nil {
		e.sayN(t, "points_next", b.Missing, map[string]any{
			"Points": b.Next.Points, "Reward": e.reward(t, b.Next.Reward),
		})
	} else if b.Tier != nil {
		e.say(t, "points_top_tier", nil)
	}
}

// balance computes a customer's loyalty balance from the store.
func (e *Engine) balance(t *turn, cust storage.Customer) (policy.Balance, error) {
	orders, err := e.store.OrdersByCustomer(t.ctx, cust.ID)
	if err != nil {
		return policy.Balance{}, err
	}
	returns, err := e.store.ReturnsByCustomer(t.ctx, cust.ID)
	if err != nil {
		return policy.Balance{}, err
	}
	adj, err := e.store.PointsAdjustments(t.ctx, cust.ID)
	if err != nil {
		return policy.Balance{}, err
	}
	return policy.Loyalty(e.policy, orders, returns, adj, t.now), nil
}

// reward words a tier's reward from its key.
func (e *Engine) reward(t *turn, key string) string {
	id := fmt.Sprintf("reward_%s", key)
	if !e.texts.Has(t.lang(), id) {
		return key
	}
	return e.text(t, id, nil)
}
