package main

import (
	"encoding/json"

	"supportbot/storage"
)

// The account area's part of a customer export: refunds, vouchers and
// invoices, in the import file's terms.
type (
	exportInvoice struct {
		Number string `json:"number"`
		Date   string `json:"date"`
		URL    string `json:"url,omitempty"`
	}
	exportRefund struct {
		Order      string      `json:"order"`
		RANumber   string      `json:"ra_number,omitempty"`
		Amount     json.Number `json:"amount"`
		Currency   string      `json:"currency"`
		Method     string      `json:"method"`
		RefundedAt string      `json:"refunded_at"`
	}
	exportAddress struct {
		Label      string `json:"label,omitempty"`
		Name       string `json:"name,omitempty"`
		Line1      string `json:"line1"`
		Line2      string `json:"line2,omitempty"`
		PostalCode string `json:"postal_code"`
		City       string `json:"city"`
		Country    string `json:"country"`
		Default    bool   `json:"default,omitempty"`
	}
	exportVoucher struct {
		Code         string      `json:"code"`
		Amount       json.Number `json:"amount,omitempty"`
		Percent      int         `json:"percent,omitempty"`
		Currency     string      `json:"currency"`
		MinimumOrder json.Number `json:"minimum_order,omitempty"`
		ValidFrom    string      `json:"valid_from,omitempty"`
		ValidUntil   string      `json:"valid_until,omitempty"`
		Used         bool        `json:"used"`
		Origin       string      `json:"origin"`
	}
)

func exportInvoiceOf(inv storage.Invoice) *exportInvoice {
	if inv.Number == "" {
		return nil
	}
	return &exportInvoice{Number: inv.Number, Date: rfc3339(inv.Date), URL: inv.URL}
}

func exportRefunds(d storage.CustomerData) []exportRefund {
	numbers := make(map[int64]string, len(d.Orders))
	for _, o := range d.Orders {
		numbers[o.ID] = o.Number
	}
	out := []exportRefund{}
	for _, f := range d.Refunds {
		out = append(out, exportRefund{Order: numbers[f.OrderID], RANumber: f.RANumber,
			Amount: json.Number(storage.FormatCents(f.AmountCents)), Currency: f.Currency, Method: f.Method,
			RefundedAt: rfc3339(f.RefundedAt)})
	}
	return out
}

func exportVouchers(d storage.CustomerData) []exportVoucher {
	out := []exportVoucher{}
	for _, v := range d.Vouchers {
		ev := exportVoucher{Code: v.Code, Percent: v.Percent, Currency: v.Currency, ValidFrom: rfc3339(v.ValidFrom),
			ValidUntil: rfc3339(v.ValidUntil), Used: v.Used, Origin: v.Origin}
		if v.AmountCents > 0 {
			ev.Amount = json.Number(storage.FormatCents(v.AmountCents))
		}
		if v.MinimumOrderCents > 0 {
			ev.MinimumOrder = json.Number(storage.FormatCents(v.MinimumOrderCents))
		}
		out = append(out, ev)
	}
	return out
}

func exportAddressOf(a storage.Address) exportAddress {
	return exportAddress{Label: a.Label, Name: a.Name, Line1: a.Line1, Line2: a.Line2, PostalCode: a.PostalCode,
		City: a.City, Country: a.Country, Default: a.Default}
}

func exportAddresses(list []storage.Address) []exportAddress {
	out := []exportAddress{}
	for _, a := range list {
		out = append(out, exportAddressOf(a))
	}
	return out
}
