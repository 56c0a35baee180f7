package slack

import (
	"context"
	"errors"
	"strings"

	slackapi "github.com/slack-go/slack"

	"supportbot/bot"
	"supportbot/storage"
)

// Limits of a command's answer, well within the 4,000 characters of a
// message.
const (
	maxListed   = 20 // orders, items, queue entries
	maxArgRunes = 254
)

// command answers a slash command, for the person who typed it only, and
// only to a member of the support team, in the support channel or in a
// direct message. Every answer is a 200 with a message: a bad argument or
// a failed lookup is worded, never an HTTP error.
func (d *Desk) command(ctx context.Context, cmd slackapi.SlashCommand) slackapi.Msg {
	switch {
	case !d.agent(ctx, cmd.UserID):
		return ephemeral(d.t("desk_cmd_not_agent", nil))
	case !d.privatePlace(cmd.ChannelID):
		return ephemeral(d.t("desk_cmd_wrong_place", nil))
	}
	arg := strings.TrimSpace(plainText(cmd.Text))
	var text string
	switch strings.TrimPrefix(cmd.Command, "/") {
	case "order":
		text = d.orderCommand(ctx, arg)
	case "customer":
		text = d.customerCommand(ctx, cmd.Command, arg, false)
	case "points":
		text = d.customerCommand(ctx, cmd.Command, arg, true)
	case "handoffs":
		text = d.queueCommand(ctx)
	case "refunds":
		text = d.refundsCommand(ctx)
	case "requests":
		text = d.requestsCommand(ctx)
	default:
		text = d.t("desk_cmd_help", nil)
	}
	return ephemeral(text)
}

// ephemeral is an answer only the person who typed the command sees.
func ephemeral(text string) slackapi.Msg {
	return slackapi.Msg{ResponseType: slackapi.ResponseTypeEphemeral, Text: text}
}

func (d *Desk) orderCommand(ctx context.Context, arg string) string {
	if arg == "" || len([]rune(arg)) > 40 {
		return d.t("desk_cmd_order_usage", nil)
	}
	v, err := d.engine.LookupOrder(ctx, arg)
	if errors.Is(err, storage.ErrNotFound) {
		return d.t("desk_cmd_order_not_found", map[string]any{"Number": escape(arg)})
	}
	if err != nil {
		d.log.ErrorContext(ctx, "slack /order", "err", err)
		return d.t("desk_cmd_failed", nil)
	}
	return d.orderView(v)
}

func (d *Desk) customerCommand(ctx context.Context, name, arg string, points bool) string {
	if !looksLikeEmail(arg) {
		return d.t("desk_cmd_email_usage", map[string]any{"Command": name})
	}
	v, err := d.engine.LookupCustomer(ctx, arg)
	if errors.Is(err, storage.ErrNotFound) {
		return d.t("desk_cmd_customer_not_found", map[string]any{"Email": escape(arg)})
	}
	if err != nil {
		// The error names the e-mail looked up: the log must not.
		d.log.ErrorContext(ctx, "slack "+name, "err", strings.ReplaceAll(err.Error(), arg, "[e-mail]"))
		return d.t("desk_cmd_failed", nil)
	}
	if points {
		return d.pointsView(v)
	}
	return d.customerView(v)
}

// looksLikeEmail accepts one word with an @ inside: the store decides
// whether such a customer exists.
func looksLikeEmail(s string) bool {
	at := strings.IndexByte(s, '@')
	return at > 0 && at < len(s)-1 && len(s) <= maxArgRunes && !strings.ContainsAny(s, " \t\n<>")
}

func (d *Desk) queueCommand(ctx context.Context) string {
	q, err := d.engine.Queue(ctx)
	if err != nil {
		d.log.ErrorContext(ctx, "slack /handoffs", "err", err)
		return d.t("desk_cmd_failed", nil)
	}
	if len(q) == 0 {
		return d.t("desk_queue_empty", nil)
	}
	lines := []string{d.n("desk_queue_title", len(q), nil)}
	for i, e := range q {
		if i == maxListed {
			lines = append(lines, d.n("desk_more", len(q)-i, nil))
			break
		}
		lines = append(lines, d.queueLine(e))
	}
	return strings.Join(lines, "\n")
}

func (d *Desk) queueLine(e bot.QueueEntry) string {
	customer := d.t("desk_customer_unverified", nil)
	if e.Customer != "" {
		customer = escape(e.Customer)
	}
	state := d.t("desk_queue_requested", nil)
	if e.Handoff.State == storage.HandoffWithAgent {
		state = d.t("desk_queue_with_agent", map[string]any{"Agent": escape(e.Handoff.AgentName)})
	}
	return d.t("desk_queue_line", map[string]any{
		"Waiting": d.waited(e.Waiting), "Channel": d.word("desk_channel_", e.Channel),
		"Customer": customer, "State": state,
	})
}

// refundsCommand lists the refunds waiting longer than the configured
// delay, oldest first.
func (d *Desk) refundsCommand(ctx context.Context) string {
	list, err := d.engine.LateRefunds(ctx)
	if err != nil {
		d.log.ErrorContext(ctx, "slack /refunds", "err", err)
		return d.t("desk_cmd_failed", nil)
	}
	days := d.engine.RefundDays()
	if len(list) == 0 {
		return d.t("desk_refunds_none", map[string]any{"Days": days})
	}
	lines := []string{d.n("desk_refunds_title", len(list), map[string]any{"Days": days})}
	for i, w := range list {
		if i == maxListed {
			lines = append(lines, d.n("desk_more", len(list)-i, nil))
			break
		}
		id := "desk_refunds_return"
		if w.RANumber == "" {
			id = "desk_refunds_cancelled"
		}
		lines = append(lines, d.t(id, map[string]any{
			"Number": escape(w.OrderNumber), "RA": escape(w.RANumber), "Email": escape(w.Email),
			"Amount": d.money(w.AmountCents, w.Currency), "Date": d.date(w.Since),
		}))
	}
	return strings.Join(lines, "\n")
}

// requestsCommand lists the exchanges, address changes and account
// requests customers made to the bot and the team has not done yet,
// oldest first, with what each asks.
func (d *Desk) requestsCommand(ctx context.Context) string {
	list, err := d.engine.OpenRequests(ctx)
	if err != nil {
		d.log.ErrorContext(ctx, "slack /requests", "err", err)
		return d.t("desk_cmd_failed", nil)
	}
	if len(list) == 0 {
		return d.t("desk_requests_none", nil)
	}
	lines := []string{d.n("desk_requests_title", len(list), nil)}
	for i, r := range list {
		if i == maxListed {
			lines = append(lines, d.n("desk_more", len(list)-i, nil))
			break
		}
		lines = append(lines, d.t("desk_request_line", map[string]any{
			"Ticket": escape(r.Ticket.Ref), "Kind": d.word("desk_case_kind_", r.Ticket.Kind),
			"Email": escape(r.Customer.Email), "Number": escape(r.Order), "Date": d.date(r.Ticket.CreatedAt),
			"Details": strings.ReplaceAll(ticketDetails(r.Ticket), "\n", " · "),
		}))
	}
	return strings.Join(lines, "\n")
}
