package slack

import (
	"supportbot/bot"
	"supportbot/storage"
)

// The account area as the team reads it: in /order, /customer and the
// hand-off brief.

// maxAccountListed bounds each list of the account area in one answer.
const maxAccountListed = 5

// accountLines words a customer's returns, refunds, usable vouchers and
// cases, each list left out when empty.
func (d *Desk) accountLines(a bot.AccountView) []string {
	var lines []string
	for i, r := range a.Returns {
		if i == maxAccountListed {
			lines = append(lines, d.n("desk_more", len(a.Returns)-i, nil))
			break
		}
		lines = append(lines, d.t("desk_order_return", map[string]any{
			"RA": escape(r.RANumber), "Status": d.word("desk_return_", r.Status), "Date": d.date(r.CreatedAt),
		}))
	}
	lines = append(lines, d.refundLines(a.Refunds)...)
	for i, v := range a.Vouchers {
		if i == maxAccountListed {
			lines = append(lines, d.n("desk_more", len(a.Vouchers)-i, nil))
			break
		}
		lines = append(lines, d.voucherLine(v))
	}
	return append(lines, d.caseLines(a.Cases)...)
}

func (d *Desk) refundLines(refunds []storage.Refund) []string {
	var lines []string
	for i, f := range refunds {
		if i == maxAccountListed {
			lines = append(lines, d.n("desk_more", len(refunds)-i, nil))
			break
		}
		lines = append(lines, d.t("desk_refund_line", map[string]any{
			"Amount": d.money(f.AmountCents, f.Currency), "Method": d.word("desk_refund_method_", f.Method),
			"Date": d.date(f.RefundedAt), "RA": escape(f.RANumber),
		}))
	}
	return lines
}

func (d *Desk) voucherLine(v storage.Voucher) string {
	value := d.money(v.AmountCents, v.Currency)
	if v.Percent > 0 {
		value = d.t("desk_voucher_percent", map[string]any{"Percent": v.Percent})
	}
	data := map[string]any{"Code": escape(v.Code), "Value": value, "Origin": d.word("desk_voucher_", v.Origin)}
	if !v.ValidUntil.IsZero() {
		data["Until"] = d.date(v.ValidUntil)
	}
	return d.t("desk_voucher_line", data)
}

func (d *Desk) caseLines(cases []storage.Ticket) []string {
	var lines []string
	for i, c := range cases {
		if i == maxAccountListed {
			lines = append(lines, d.n("desk_more", len(cases)-i, nil))
			break
		}
		lines = append(lines, d.t("desk_case_line", map[string]any{
			"Ticket": escape(c.Ref), "Kind": d.word("desk_case_kind_", c.Kind), "Status": d.word("desk_case_status_", c.Status),
			"Date": d.date(c.CreatedAt), "Outcome": escape(trimRunes(c.Outcome, 200)),
		}))
	}
	return lines
}
