package bot

import (
	"context"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"supportbot/bot/policy"
	"supportbot/storage"
)

// points tells the customer's loyalty balance: available and pending
// points, the tier reached and what the next reward still needs.
func (e *Engine) points(t *turn) {
	if _, ok := e.identify(t); !ok {
		return
	}
	explain := t.d.Task != nil && t.d.Task.Explain || e.texts.Mentions(t.lang(), keywordWhy, t.input.norm)
	next := t.d.Task != nil && t.d.Task.NextReward
	t.d.Task = nil
	b, err := e.balance(t)
	if err != nil {
		e.fail(t, "loyalty balance", err)
		return
	}
	if explain {
		// "Why didn't I get points?": the balance alone repeats the
		// question; each order's share answers it.
		e.explainPoints(t, b)
		return
	}
	if next {
		// "how many more for the reward?" right after the balance: that
		// line alone, with the balance it counts from.
		if b.Next == nil {
			e.say(t, "points_top_tier", nil)
			return
		}
		e.sayNextRewardOf(t, b)
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

// balance computes the verified customer's loyalty balance at the turn's
// time.
func (e *Engine) balance(t *turn) (policy.Balance, error) {
	orders, err := e.customerOrders(t)
	if err != nil {
		return policy.Balance{}, err
	}
	returns, err := e.customerReturns(t)
	if err != nil {
		return policy.Balance{}, err
	}
	adj, err := e.store.PointsAdjustments(t.ctx, t.conv.CustomerID)
	if err != nil {
		return policy.Balance{}, fmt.Errorf("points: %w", err)
	}
	return policy.Loyalty(e.policy, orders, returns, adj, t.now), nil
}

// loyalty reads a customer's orders, returns and points adjustments and
// computes their balance at now; the orders come back too, newest first.
func (e *Engine) loyalty(ctx context.Context, customerID int64, now time.Time) ([]storage.Order, policy.Balance, error) {
	orders, err := e.store.OrdersByCustomer(ctx, customerID)
	if err != nil {
		return nil, policy.Balance{}, fmt.Errorf("orders: %w", err)
	}
	returns, err := e.store.ReturnsByCustomer(ctx, customerID)
	if err != nil {
		return nil, policy.Balance{}, fmt.Errorf("returns: %w", err)
	}
	adj, err := e.store.PointsAdjustments(ctx, customerID)
	if err != nil {
		return nil, policy.Balance{}, fmt.Errorf("points: %w", err)
	}
	return orders, policy.Loyalty(e.policy, orders, returns, adj, now), nil
}

// reward words a tier's reward from its key.
func (e *Engine) reward(t *turn, key string) string {
	id := fmt.Sprintf("reward_%s", key)
	if !e.texts.Has(t.lang(), id) {
		return key
	}
	return e.text(t, id, nil)
}

// maxExplained is how many recent orders a points explanation lists.
const maxExplained = 6

// explainPoints tells, order by order, what each recent purchase brought
// to the balance: points earned, pending until a date, or none and why
// (cancelled, paid with a gift card, bought at a reseller, returned).
func (e *Engine) explainPoints(t *turn, b policy.Balance) {
	orders, err := e.customerOrders(t)
	if err != nil {
		e.fail(t, "explain points", err)
		return
	}
	returns, err := e.customerReturns(t)
	if err != nil {
		e.fail(t, "explain points", err)
		return
	}
	lang := t.lang()
	var lines []string
	for i, c := range policy.Contributions(e.policy, orders, returns, t.now) {
		if i == maxExplained {
			break
		}
		data := map[string]any{
			"Number": c.Order.Number, "Placed": e.fmt.date(lang, c.Order.PlacedAt, t.now),
			"Points": c.Points, "Release": e.fmt.date(lang, c.Release, t.now),
		}
		id := "points_why_earned"
		switch {
		case c.Points == 0:
			id = "points_why_none_" + c.Why
		case c.Pending:
			id = "points_why_pending"
		case c.Why == policy.WhyPartly:
			id = "points_why_partly"
		}
		lines = append(lines, e.texts.N(lang, id, c.Points, data))
	}
	adjustments, err := e.store.PointsAdjustments(t.ctx, t.conv.CustomerID)
	if err != nil {
		e.fail(t, "explain points", err)
		return
	}
	// The team's own entries ("goodwill gesture", "correction: points of a
	// returned item") explain what the orders don't: the newest first.
	slices.SortFunc(adjustments, func(a, b storage.PointsAdjustment) int { return b.At.Compare(a.At) })
	for i, a := range adjustments {
		if i == maxExplained {
			break
		}
		id := "points_why_added"
		if a.Points < 0 {
			id = "points_why_removed"
		}
		lines = append(lines, e.texts.N(lang, id, abs(a.Points), map[string]any{
			"Date": e.fmt.date(lang, a.At, t.now), "Reason": a.Reason,
		}))
	}
	if len(lines) == 0 {
		e.say(t, "order_none", nil)
		return
	}
	e.sayN(t, "points_why_intro", b.Available, map[string]any{"Pending": b.Pending})
	t.replies = append(t.replies, Reply{Text: strings.Join(lines, "\n")})
	e.say(t, "points_why_rules", map[string]any{"Days": e.policy.Loyalty.PendingDays})
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}

// sayRewardAt tells what the number of points a question names gives: the
// highest tier it reaches, or the first tier when it reaches none.
func (e *Engine) sayRewardAt(t *turn) {
	n, _ := strconv.Atoi(pointsNumber.FindString(t.input.text))
	tiers := e.policy.Loyalty.Tiers // in increasing order of points
	if n < tiers[0].Points {
		e.say(t, "points_reward_first", map[string]any{"Points": tiers[0].Points, "Reward": e.reward(t, tiers[0].Reward)})
		return
	}
	tier := tiers[0]
	for _, tr := range tiers {
		if tr.Points <= n {
			tier = tr
		}
	}
	e.say(t, "points_reward_at", map[string]any{"Points": tier.Points, "Reward": e.reward(t, tier.Reward)})
}

// pointsNumber is the first number a message says.
var pointsNumber = regexp.MustCompile(`\d+`)
