package storage

import "encoding/json"

type (
	jsonReturn struct {
		RANumber        string           `json:"ra_number"`
		Order           string           `json:"order"`
		Status          string           `json:"status"`
		Reason          string           `json:"reason,omitempty"`
		RejectionReason string           `json:"rejection_reason,omitempty"`
		CreatedAt       string           `json:"created_at"`
		ReceivedAt      string           `json:"received_at,omitempty"`
		Items           []jsonReturnItem `json:"items,omitempty"`
	}
	jsonReturnItem struct {
		SKU      string `json:"sku"`
		Quantity int    `json:"quantity"`
	}
	jsonRefund struct {
		Order      string      `json:"order"`
		RANumber   string      `json:"ra_number,omitempty"`
		Amount     json.Number `json:"amount"`
		Method     string      `json:"method"`
		RefundedAt string      `json:"refunded_at"`
	}
	jsonVoucher struct {
		Code         string      `json:"code"`
		Email        string      `json:"email"`
		Amount       json.Number `json:"amount,omitempty"`
		Percent      int         `json:"percent,omitempty"`
		Currency     string      `json:"currency,omitempty"`
		MinimumOrder json.Number `json:"minimum_order,omitempty"`
		ValidFrom    string      `json:"valid_from,omitempty"`
		ValidUntil   string      `json:"valid_until,omitempty"`
		Used         bool        `json:"used,omitempty"`
		Origin       string      `json:"origin"`
	}
)

// encodeAccount adds the returns, refunds and vouchers of f to out.
func encodeAccount(out *jsonFile, f *ImportFile) {
	for _, r := range f.Returns {
		j := jsonReturn{
			RANumber: r.RANumber, Order: r.Order, Status: r.Status, Reason: r.Reason,
			RejectionReason: r.RejectionReason, CreatedAt: formatTime(r.CreatedAt), ReceivedAt: formatTime(r.ReceivedAt),
		}
		for _, it := range r.Items {
			j.Items = append(j.Items, jsonReturnItem(it))
		}
		out.Returns = append(out.Returns, j)
	}
	for _, r := range f.Refunds {
		out.Refunds = append(out.Refunds, jsonRefund{
			Order: r.Order, RANumber: r.RANumber, Amount: json.Number(FormatCents(r.AmountCents)),
			Method: r.Method, RefundedAt: formatTime(r.RefundedAt),
		})
	}
	for _, v := range f.Vouchers {
		j := jsonVoucher{
			Code: v.Code, Email: v.Email, Percent: v.Percent, Currency: v.Currency,
			ValidFrom: formatTime(v.ValidFrom), ValidUntil: formatTime(v.ValidUntil), Used: v.Used, Origin: v.Origin,
		}
		if v.AmountCents != 0 {
			j.Amount = json.Number(FormatCents(v.AmountCents))
		}
		if v.MinimumOrderCents != 0 {
			j.MinimumOrder = json.Number(FormatCents(v.MinimumOrderCents))
		}
		out.Vouchers = append(out.Vouchers, j)
	}
}
