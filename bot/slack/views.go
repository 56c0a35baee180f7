package slack

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"supportbot/bot"
	"supportbot/storage"
)

// orderView words an order for /order.
func (d *Desk) orderView(v bot.OrderView) string {
	o := v.Order
	lines := []string{
		d.t("desk_order_title", map[string]any{"Number": escape(o.Number), "Status": d.word("desk_status_", o.Status)}),
		d.t("desk_order_customer", map[string]any{"Name": escape(v.Customer.Name), "Email": escape(v.Customer.Email)}),
		d.t("desk_order_placed", map[string]any{
			"Date": d.date(o.PlacedAt), "Channel": d.word("desk_sales_", o.Channel), "Total": d.money(o.TotalCents, o.Currency),
		}),
	}
	if o.PaidWithGiftCard {
		lines = append(lines, d.t("desk_order_gift_card", nil))
	}
	if o.Carrier != "" || o.TrackingNumber != "" {
		tracking := escape(o.TrackingNumber)
		if v.TrackingURL != "" {
			tracking = "<" + v.TrackingURL + "|" + escape(o.TrackingNumber) + ">"
		}
		lines = append(lines, d.t("desk_order_carrier", map[string]any{"Carrier": escape(v.Carrier), "Tracking": tracking}))
	}
	for _, e := range []struct {
		id string
		at time.Time
	}{{"desk_order_shipped", o.ShippedAt}, {"desk_order_delivered", o.DeliveredAt}, {"desk_order_cancelled", o.CancelledAt}} {
		if !e.at.IsZero() {
			lines = append(lines, d.t(e.id, map[string]any{"Date": d.date(e.at)}))
		}
	}
	if !v.Estimate.Due.IsZero() {
		id := "desk_order_due"
		if v.Estimate.Late {
			id = "desk_order_late"
		}
		lines = append(lines, d.t(id, map[string]any{"Date": d.date(v.Estimate.Due)}))
	}
	for i, it := range o.Items {
		if i == maxListed {
			lines = append(lines, d.n("desk_more", len(o.Items)-i, nil))
			break
		}
		lines = append(lines, d.itemLine(it, o.Currency))
	}
	for _, r := range v.Returns {
		lines = append(lines, d.t("desk_order_return", map[string]any{
			"RA": escape(r.RANumber), "Status": d.word("desk_return_", r.Status), "Date": d.date(r.CreatedAt),
		}))
	}
	lines = append(lines, d.refundLines(v.Account.Refunds)...)
	lines = append(lines, d.caseLines(v.Account.Cases)...)
	return strings.Join(lines, "\n")
}

func (d *Desk) itemLine(it storage.Item, currency string) string {
	line := d.t("desk_order_item", map[string]any{
		"Quantity": it.Quantity, "Name": escape(it.Name), "SKU": escape(it.SKU),
		"Price": d.money(it.UnitPriceCents*int64(it.Quantity), currency),
	})
	if it.Personalized {
		line = d.t("desk_order_item_personalized", map[string]any{"Item": line})
	}
	return line
}

// customerView words a customer for /customer.
func (d *Desk) customerView(v bot.CustomerView) string {
	c := v.Customer
	lines := []string{d.t("desk_customer_title", map[string]any{"Name": escape(c.Name), "Email": escape(c.Email)})}
	if c.Phone != "" {
		lines = append(lines, d.t("desk_customer_phone", map[string]any{"Phone": escape(c.Phone)}))
	}
	if c.LoyaltyCard != "" {
		lines = append(lines, d.t("desk_customer_card", map[string]any{"Card": escape(c.LoyaltyCard)}))
	}
	if c.Language != "" {
		lines = append(lines, d.t("desk_customer_language", map[string]any{"Lang": d.word("desk_lang_", c.Language)}))
	}
	lines = append(lines, d.t("desk_customer_points", map[string]any{"Available": v.Balance.Available, "Pending": v.Balance.Pending}))
	if len(v.Orders) == 0 {
		lines = append(lines, d.t("desk_customer_no_orders", nil))
	} else {
		lines = append(lines, d.n("desk_customer_orders", len(v.Orders), nil))
	}
	for i, o := range v.Orders {
		if i == maxListed {
			lines = append(lines, d.n("desk_more", len(v.Orders)-i, nil))
			break
		}
		lines = append(lines, d.t("desk_customer_order", map[string]any{
			"Number": escape(o.Number), "Status": d.word("desk_status_", o.Status),
			"Date": d.date(o.PlacedAt), "Total": d.money(o.TotalCents, o.Currency),
		}))
	}
	lines = append(lines, d.accountLines(v.Account)...)
	return strings.Join(lines, "\n")
}

// pointsView words a customer's loyalty balance for /points.
func (d *Desk) pointsView(v bot.CustomerView) string {
	b := v.Balance
	lines := []string{
		d.t("desk_points_title", map[string]any{"Name": escape(v.Customer.Name), "Email": escape(v.Customer.Email)}),
		d.n("desk_points_available", b.Available, nil),
	}
	if b.Pending > 0 {
		lines = append(lines, d.n("desk_points_pending", b.Pending, map[string]any{"Date": d.date(b.NextRelease)}))
	}
	if b.Tier != nil {
		lines = append(lines, d.t("desk_points_tier", map[string]any{"Points": b.Tier.Points, "Reward": d.reward(b.Tier.Reward)}))
	} else {
		lines = append(lines, d.t("desk_points_no_tier", nil))
	}
	if b.Next != nil {
		lines = append(lines, d.t("desk_points_next", map[string]any{
			"Points": b.Next.Points, "Reward": d.reward(b.Next.Reward), "Missing": b.Missing,
		}))
	} else {
		lines = append(lines, d.t("desk_points_top", nil))
	}
	return strings.Join(lines, "\n")
}

// reward words a loyalty reward with the bot's own texts ("reward_…").
func (d *Desk) reward(key string) string { return d.word("reward_", key) }

// date writes a date and time in the team's language and time zone.
func (d *Desk) date(t time.Time) string {
	t = t.In(d.cfg.Location)
	return d.t("desk_date", map[string]any{
		"Year": t.Year(), "Month": fmt.Sprintf("%02d", int(t.Month())), "Day": fmt.Sprintf("%02d", t.Day()),
		"Hour": fmt.Sprintf("%02d", t.Hour()), "Minute": fmt.Sprintf("%02d", t.Minute()),
	})
}

// money writes an amount in cents.
func (d *Desk) money(cents int64, currency string) string {
	sign := ""
	if cents < 0 {
		sign, cents = "-", -cents
	}
	cur := strings.ToUpper(currency)
	if cur == "" || cur == "EUR" {
		cur = "€"
	}
	return d.t("desk_money", map[string]any{
		"Units": sign + strconv.FormatInt(cents/100, 10), "Cents": fmt.Sprintf("%02d", cents%100), "Currency": escape(cur),
	})
}

// waited writes how long a customer has waited: minutes, then hours, then
// days.
func (d *Desk) waited(w time.Duration) string {
	w = max(w, 0)
	mins := int(w / time.Minute)
	switch {
	case mins < 60:
		return d.t("desk_wait_minutes", map[string]any{"Minutes": mins})
	case mins < 24*60:
		return d.t("desk_wait_hours", map[string]any{"Hours": mins / 60, "Minutes": fmt.Sprintf("%02d", mins%60)})
	default:
		return d.t("desk_wait_days", map[string]any{"Days": mins / (24 * 60), "Hours": mins % (24 * 60) / 60})
	}
}
