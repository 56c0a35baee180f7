package slack

import (
	"maps"
	"slices"
	"strings"
	"unicode/utf8"

	slackapi "github.com/slack-go/slack"

	"supportbot/bot"
	"supportbot/storage"
)

// Action IDs of the buttons on a hand-off's root message. The hand-off is
// the message the button is in (the payload's container, "<channel>/<ts>"):
// the reference exists only once the message is posted, so the buttons'
// value is the ticket's reference, for people reading the payload.
const (
	ActionTake    = "handoff_take"
	ActionResolve = "handoff_resolve"
	// ActionCaseStatus is the menu beside them that sets the status of
	// the hand-off's case (its ticket): one option per
	// storage.TicketStatuses, the status as the option's value.
	ActionCaseStatus = "case_status"
)

// Block IDs of the parts of the root message that change with the
// hand-off's state.
const (
	blockState   = "handoff_state"
	blockActions = "handoff_actions"
)

// maxRecentChars keeps the brief's last messages within the 3,000
// characters of a section block.
const maxRecentChars = 2800

// rootText is the root message's notification preview.
func (d *Desk) rootText(b bot.Brief) string {
	return d.t("desk_root_text", map[string]any{
		"Ticket": b.Ticket.Ref, "Channel": d.word("desk_channel_", b.Conversation.Channel), "Customer": d.customerName(b),
	})
}

// customerName shows the customer's name only once they have proven who
// they are.
func (d *Desk) customerName(b bot.Brief) string {
	if b.Customer == nil {
		return d.t("desk_customer_unverified", nil)
	}
	name := escape(trimRunes(b.Customer.Name, 100))
	if b.Customer.Email != "" {
		name += " · " + escape(b.Customer.Email)
	}
	return name
}

// rootBlocks is the hand-off as the team first sees it.
func (d *Desk) rootBlocks(b bot.Brief) []slackapi.Block {
	verification := d.t("desk_unverified", nil)
	if b.Customer != nil {
		verification = d.t("desk_verified", nil)
	}
	order := d.t("desk_no_order", nil)
	if b.Order != nil {
		order = d.t("desk_order_line", map[string]any{
			"Number": escape(b.Order.Number), "Status": d.word("desk_status_", b.Order.Status),
		})
	}
	fields := []*slackapi.TextBlockObject{
		field(d.t("desk_label_customer", nil), d.customerName(b)),
		field(d.t("desk_label_channel", nil), d.word("desk_channel_", b.Conversation.Channel)),
		field(d.t("desk_label_language", nil), d.word("desk_lang_", b.Conversation.Lang)),
		field(d.t("desk_label_verification", nil), verification),
		field(d.t("desk_label_order", nil), order),
		field(d.t("desk_label_reason", nil), d.word("desk_reason_", b.Reason)),
		field(d.t("desk_label_ticket", nil), escape(b.Ticket.Ref)),
	}
	blocks := []slackapi.Block{
		slackapi.NewHeaderBlock(slackapi.NewTextBlockObject(slackapi.PlainTextType,
			trimRunes(d.t("desk_root_header", map[string]any{"Ticket": b.Ticket.Ref}), 150), true, false)),
		slackapi.NewSectionBlock(nil, fields, nil),
	}
	if details := ticketDetails(b.Ticket); details != "" {
		blocks = append(blocks, slackapi.NewContextBlock("handoff_ticket",
			slackapi.NewTextBlockObject(slackapi.MarkdownType, details, false, true)))
	}
	if b.Account != nil {
		if lines := d.accountLines(*b.Account); len(lines) > 0 {
			text := d.t("desk_account_title", nil) + "\n" + strings.Join(lines, "\n")
			blocks = append(blocks, slackapi.NewSectionBlock(slackapi.NewTextBlockObject(slackapi.MarkdownType,
				trimRunes(text, 3000), false, true), nil, nil, slackapi.SectionBlockOptionBlockID("handoff_account")))
		}
	}
	blocks = append(blocks,
		slackapi.NewSectionBlock(slackapi.NewTextBlockObject(slackapi.MarkdownType, d.recent(b.Recent), false, true), nil, nil,
			slackapi.SectionBlockOptionBlockID("handoff_recent")),
		d.stateBlock("desk_state_waiting", ""),
		d.buttons(b.Ticket.Ref, true),
	)
	return blocks
}

// verbatim is a section showing text that holds what a customer wrote:
// with verbatim set, Slack shows it as written and makes no link, channel
// name or mention of it (a customer's "@here" or bare URL stays text).
// Section text is limited to 3,000 characters.
func verbatim(text string) slackapi.Block {
	return slackapi.NewSectionBlock(slackapi.NewTextBlockObject(slackapi.MarkdownType, trimRunes(text, 3000), false, true), nil, nil)
}

// field is one labelled value of the brief; verbatim, since values such as
// the customer's name come from outside.
func field(label, value string) *slackapi.TextBlockObject {
	return slackapi.NewTextBlockObject(slackapi.MarkdownType, "*"+label+"*\n"+value, false, true)
}

// ticketDetails words what a claim or wrong-item ticket records (which
// items, what arrived, how many photos); a plain hand-off ticket has
// nothing more to say.
func ticketDetails(t storage.Ticket) string {
	var lines []string
	for _, k := range slices.Sorted(maps.Keys(t.Details)) {
		if v := strings.TrimSpace(t.Details[k]); v != "" {
			lines = append(lines, escape(k)+": "+escape(trimRunes(v, 300)))
		}
	}
	return strings.Join(lines, "\n")
}

// recent quotes the last messages of the conversation, labelled by who
// wrote them: as many of the newest as fit.
func (d *Desk) recent(msgs []storage.Message) string {
	var lines []string
	size := 0
	for _, m := range slices.Backward(msgs) {
		text := strings.TrimSpace(m.Text)
		if text == "" {
			continue
		}
		label := d.word("desk_from_", m.From)
		if m.Author != "" {
			label += " " + escape(trimRunes(m.Author, 50))
		}
		line := quote("*" + label + "* : " + quoteBody(text, maxRecentRunes))
		if size+utf8.RuneCountInString(line)+1 > maxRecentChars {
			break
		}
		size += utf8.RuneCountInString(line) + 1
		lines = append(lines, line)
	}
	if len(lines) == 0 {
		return d.t("desk_recent_title", nil) + "\n" + d.t("desk_recent_none", nil)
	}
	slices.Reverse(lines)
	return d.t("desk_recent_title", nil) + "\n" + strings.Join(lines, "\n")
}

// stateBlock shows where the hand-off stands.
func (d *Desk) stateBlock(id, agent string) slackapi.Block {
	text := d.t(id, map[string]any{"Agent": escape(agent)})
	return slackapi.NewContextBlock(blockState, slackapi.NewTextBlockObject(slackapi.MarkdownType, text, false, true))
}

// buttons are the actions left on a hand-off: Take while nobody has it,
// Resolve until it is resolved, and the case's status menu beside them.
func (d *Desk) buttons(value string, take bool) slackapi.Block {
	var elems []slackapi.BlockElement
	if take {
		elems = append(elems, slackapi.NewButtonBlockElement(ActionTake, value,
			slackapi.NewTextBlockObject(slackapi.PlainTextType, d.t("desk_button_take", nil), true, false)).
			WithStyle(slackapi.StylePrimary))
	}
	elems = append(elems, slackapi.NewButtonBlockElement(ActionResolve, value,
		slackapi.NewTextBlockObject(slackapi.PlainTextType, d.t("desk_button_resolve", nil), true, false)),
		d.statusMenu())
	return slackapi.NewActionBlock(blockActions, elems...)
}

// statusOnly is what stays of the actions once the hand-off is resolved:
// the case may go on (a claim with the carrier), so its menu stays.
func (d *Desk) statusOnly() slackapi.Block {
	return slackapi.NewActionBlock(blockActions, d.statusMenu())
}

// statusMenu is the static select that sets the case's status.
func (d *Desk) statusMenu() *slackapi.SelectBlockElement {
	opts := make([]*slackapi.OptionBlockObject, 0, len(storage.TicketStatuses))
	for _, s := range storage.TicketStatuses {
		opts = append(opts, slackapi.NewOptionBlockObject(s,
			slackapi.NewTextBlockObject(slackapi.PlainTextType, trimRunes(d.word("desk_case_status_", s), 75), false, false), nil))
	}
	return slackapi.NewOptionsSelectBlockElement(slackapi.OptTypeStatic,
		slackapi.NewTextBlockObject(slackapi.PlainTextType, d.t("desk_case_status_placeholder", nil), false, false),
		ActionCaseStatus, opts...)
}

// restate replaces the state of a root message's blocks, and its buttons
// (none when actions is nil).
func restate(blocks []slackapi.Block, state, actions slackapi.Block) []slackapi.Block {
	out := make([]slackapi.Block, 0, len(blocks)+1)
	seen := false
	for _, b := range blocks {
		switch b.ID() {
		case blockState:
			out = append(out, state)
			seen = true
		case blockActions:
			if actions != nil {
				out = append(out, actions)
			}
		default:
			out = append(out, b)
		}
	}
	if !seen {
		out = append(out, state)
	}
	return out
}
