package storage

import (
	"encoding/json"
	"fmt"
	"io"
	"time"
)

// EncodeImport writes f in the JSON import file format, indented, so that
// DecodeImport reads back the same records. It is how test fixtures and the
// demo shop can be saved as a file.
func EncodeImport(w io.Writer, f *ImportFile) error {
	out := jsonFile{
		Customers:         make([]wireCustomer, 0, len(f.Customers)),
		Orders:            make([]jsonOrder, 0, len(f.Orders)),
		PointsAdjustments: make([]jsonAdjustment, 0, len(f.PointsAdjustments)),
	}
	for _, c := range f.Customers {
		j := wireCustomer{Email: c.Email, Name: c.Name, Phone: c.Phone, Language: c.Language,
			LoyaltyCard: c.LoyaltyCard, Newsletter: c.Newsletter}
		if c.Addresses != nil {
			list := make([]wireAddress, 0, len(c.Addresses))
			for _, a := range c.Addresses {
				list = append(list, encodeAddress(a))
			}
			j.Addresses = &list
		}
		out.Customers = append(out.Customers, j)
	}
	for _, o := range f.Orders {
		out.Orders = append(out.Orders, encodeOrder(o))
	}
	for _, a := range f.PointsAdjustments {
		out.PointsAdjustments = append(out.PointsAdjustments, jsonAdjustment{
			Email: a.Email, Points: a.Points, Reason: a.Reason, At: formatTime(a.At),
		})
	}
	encodeAccount(&out, f)
	encodeTickets(&out, f)
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	if err := enc.Encode(out); err != nil {
		return fmt.Errorf("encode import file: %w", err)
	}
	return nil
}

func encodeOrder(o ImportOrder) jsonOrder {
	j := jsonOrder{
		Number:           o.Number,
		Email:            o.Email,
		PlacedAt:         formatTime(o.PlacedAt),
		Channel:          o.Channel,
		Status:           o.Status,
		Carrier:          o.Carrier,
		TrackingNumber:   o.TrackingNumber,
		ShippedAt:        formatTime(o.ShippedAt),
		DeliveredAt:      formatTime(o.DeliveredAt),
		CancelledAt:      formatTime(o.CancelledAt),
		Total:            json.Number(FormatCents(o.TotalCents)),
		Currency:         o.Currency,
		PaidWithGiftCard: o.PaidWithGiftCard,
		Items:            make([]jsonItem, 0, len(o.Items)),
	}
	if a := o.ShippingAddress; a != nil {
		w := encodeAddress(*a)
		j.ShippingAddress = &w
	}
	if inv := o.Invoice; inv != nil {
		j.Invoice = &wireInvoice{Number: inv.Number, Date: formatTime(inv.Date), URL: inv.URL}
	}
	for _, it := range o.Items {
		j.Items = append(j.Items, jsonItem{
			SKU:          it.SKU,
			Name:         it.Name,
			Quantity:     it.Quantity,
			UnitPrice:    json.Number(FormatCents(it.UnitPriceCents)),
			Personalized: it.Personalized,
			Kind:         it.Kind,
		})
	}
	return j
}

// formatTime writes a time in RFC 3339 with as many fraction digits as it
// needs; the zero time is written as "" and left out.
func formatTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format(time.RFC3339Nano)
}

type (
	jsonFile struct {
		Customers         []wireCustomer   `json:"customers"`
		Orders            []jsonOrder      `json:"orders"`
		PointsAdjustments []jsonAdjustment `json:"points_adjustments"`
		Returns           []jsonReturn     `json:"returns,omitempty"`
		Refunds           []jsonRefund     `json:"refunds,omitempty"`
		Vouchers          []jsonVoucher    `json:"vouchers,omitempty"`
		Tickets           []wireTicket     `json:"tickets,omitempty"`
	}
	jsonOrder struct {
		Number           string       `json:"number"`
		Email            string       `json:"email"`
		PlacedAt         string       `json:"placed_at"`
		Channel          string       `json:"channel,omitempty"`
		Status           string       `json:"status"`
		Carrier          string       `json:"carrier,omitempty"`
		TrackingNumber   string       `json:"tracking_number,omitempty"`
		ShippedAt        string       `json:"shipped_at,omitempty"`
		DeliveredAt      string       `json:"delivered_at,omitempty"`
		CancelledAt      string       `json:"cancelled_at,omitempty"`
		Total            json.Number  `json:"total"`
		Currency         string       `json:"currency,omitempty"`
		PaidWithGiftCard bool         `json:"paid_with_gift_card,omitempty"`
		Items            []jsonItem   `json:"items"`
		Invoice          *wireInvoice `json:"invoice,omitempty"`
		ShippingAddress  *wireAddress `json:"shipping_address,omitempty"`
	}
	jsonItem struct {
		SKU          string      `json:"sku,omitempty"`
		Name         string      `json:"name"`
		Quantity     int         `json:"quantity"`
		UnitPrice    json.Number `json:"unit_price"`
		Personalized bool        `json:"personalized,omitempty"`
		Kind         string      `json:"kind,omitempty"`
	}
	jsonAdjustment struct {
		Email  string `json:"email"`
		Points int    `json:"points"`
		Reason string `json:"reason"`
		At     string `json:"at"`
	}
)
