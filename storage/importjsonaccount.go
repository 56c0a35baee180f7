package storage

import (
	"encoding/json"
	"fmt"
	"strings"
)

// Wire types of the account area's records (see importjson.go).
type (
	wireInvoice struct {
		Number string `json:"number"`
		Date   string `json:"date"`
		URL    string `json:"url"`
	}
	wireReturn struct {
		RANumber        string            `json:"ra_number"`
		Order           string            `json:"order"`
		Status          string            `json:"status"`
		Reason          string            `json:"reason"`
		RejectionReason string            `json:"rejection_reason"`
		CreatedAt       string            `json:"created_at"`
		ReceivedAt      string            `json:"received_at"`
		Items           []json.RawMessage `json:"items"`
	}
	wireReturnItem struct {
		SKU      string          `json:"sku"`
		Quantity json.RawMessage `json:"quantity"`
	}
	wireRefund struct {
		Order      string          `json:"order"`
		RANumber   string          `json:"ra_number"`
		Amount     json.RawMessage `json:"amount"`
		Method     string          `json:"method"`
		RefundedAt string          `json:"refunded_at"`
	}
	wireVoucher struct {
		Code         string          `json:"code"`
		Email        string          `json:"email"`
		Amount       json.RawMessage `json:"amount"`
		Percent      json.RawMessage `json:"percent"`
		Currency     string          `json:"currency"`
		MinimumOrder json.RawMessage `json:"minimum_order"`
		ValidFrom    string          `json:"valid_from"`
		ValidUntil   string          `json:"valid_until"`
		Used         bool            `json:"used"`
		Origin       string          `json:"origin"`
	}
)

// decodeAccount decodes and checks the returns, refunds and vouchers.
func decodeAccount(ps *problems, v *validator, w *wireFile, f *ImportFile) {
	for i, raw := range w.Returns {
		if r, ok := decodeReturn(ps, i, raw); ok {
			v.ret(returnLabel(i, r.RANumber), r)
			f.Returns = append(f.Returns, r)
		}
	}
	for i, raw := range w.Refunds {
		if r, ok := decodeRefund(ps, i, raw); ok {
			v.refund(refundLabel(i, r.Order), r)
			f.Refunds = append(f.Refunds, r)
		}
	}
	for i, raw := range w.Vouchers {
		if vo, ok := decodeVoucher(ps, i, raw); ok {
			v.voucher(voucherLabel(i, vo.Code), vo)
			f.Vouchers = append(f.Vouchers, vo)
		}
	}
}

func decodeInvoice(ps *problems, rec string, w *wireInvoice) *ImportInvoice {
	if w == nil {
		return nil
	}
	return &ImportInvoice{
		Number: strings.TrimSpace(w.Number),
		Date:   parseTime(ps, rec, "invoice.date", w.Date),
		URL:    strings.TrimSpace(w.URL),
	}
}

func decodeReturn(ps *problems, i int, raw []byte) (ImportReturn, bool) {
	var w wireReturn
	label := failedLabel("returns", i, raw, "ra_number")
	if !checkRaw(ps, label, raw) {
		return ImportReturn{}, false
	}
	if err := decodeRecord(raw, &w); err != nil {
		addJSONProblem(ps, label, "", err)
		return ImportReturn{}, false
	}
	ra := strings.ToUpper(strings.TrimSpace(w.RANumber))
	rec := returnLabel(i, ra)
	r := ImportReturn{
		RANumber:        ra,
		Order:           strings.TrimSpace(w.Order),
		Status:          strings.TrimSpace(w.Status),
		Reason:          strings.TrimSpace(w.Reason),
		RejectionReason: strings.TrimSpace(w.RejectionReason),
		CreatedAt:       parseTime(ps, rec, "created_at", w.CreatedAt),
		ReceivedAt:      parseTime(ps, rec, "received_at", w.ReceivedAt),
	}
	ok := true
	for j, rawItem := range w.Items {
		prefix := fmt.Sprintf("items[%d]", j)
		var wi wireReturnItem
		if err := decodeRecord(rawItem, &wi); err != nil {
			addJSONProblem(ps, rec, prefix, err)
			ok = false
			continue
		}
		r.Items = append(r.Items, ImportReturnItem{
			SKU:      strings.TrimSpace(wi.SKU),
			Quantity: parseWhole(ps, rec, prefix+".quantity", wi.Quantity),
		})
	}
	return r, ok
}

func decodeRefund(ps *problems, i int, raw []byte) (ImportRefund, bool) {
	var w wireRefund
	label := failedLabel("refunds", i, raw, "order")
	if !checkRaw(ps, label, raw) {
		return ImportRefund{}, false
	}
	if err := decodeRecord(raw, &w); err != nil {
		addJSONProblem(ps, label, "", err)
		return ImportRefund{}, false
	}
	rec := refundLabel(i, w.Order)
	return ImportRefund{
		Order:       strings.TrimSpace(w.Order),
		RANumber:    strings.ToUpper(strings.TrimSpace(w.RANumber)),
		AmountCents: parseMoney(ps, rec, "amount", w.Amount),
		Method:      strings.TrimSpace(w.Method),
		RefundedAt:  parseTime(ps, rec, "refunded_at", w.RefundedAt),
	}, true
}

func decodeVoucher(ps *problems, i int, raw []byte) (ImportVoucher, bool) {
	var w wireVoucher
	label := failedLabel("vouchers", i, raw, "code")
	if !checkRaw(ps, label, raw) {
		return ImportVoucher{}, false
	}
	if err := decodeRecord(raw, &w); err != nil {
		addJSONProblem(ps, label, "", err)
		return ImportVoucher{}, false
	}
	code := NormalizeVoucherCode(w.Code)
	rec := voucherLabel(i, code)
	v := ImportVoucher{
		Code:       code,
		Email:      NormalizeEmail(w.Email),
		Currency:   orDefault(strings.TrimSpace(w.Currency), "EUR"),
		ValidFrom:  parseTime(ps, rec, "valid_from", w.ValidFrom),
		ValidUntil: parseTime(ps, rec, "valid_until", w.ValidUntil),
		Used:       w.Used,
		Origin:     strings.TrimSpace(w.Origin),
	}
	if present(w.Amount) {
		v.AmountCents = parseMoney(ps, rec, "amount", w.Amount)
	}
	if present(w.Percent) {
		v.Percent = parseWhole(ps, rec, "percent", w.Percent)
	}
	if present(w.MinimumOrder) {
		v.MinimumOrderCents = parseMoney(ps, rec, "minimum_order", w.MinimumOrder)
	}
	return v, true
}

// present reports whether an optional number was written.
func present(raw json.RawMessage) bool {
	s := strings.TrimSpace(string(raw))
	return s != "" && s != "null"
}
