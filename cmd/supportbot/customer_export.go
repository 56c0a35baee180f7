package main

import (
	"encoding/json"
	"time"

	"supportbot/storage"
)

// The export's JSON: field names in the import file's style, times in RFC
// 3339, money in the currency's units as in the import file.
type (
	exportFile struct {
		ExportedAt           string             `json:"exported_at"`
		Customer             exportCustomer     `json:"customer"`
		Orders               []exportOrder      `json:"orders"`
		PointsAdjustments    []exportAdjustment `json:"points_adjustments"`
		Returns              []exportReturn     `json:"returns"`
		Refunds              []exportRefund     `json:"refunds"`
		Vouchers             []exportVoucher    `json:"vouchers"`
		Tickets              []exportTicket     `json:"tickets"`
		Conversations        []exportConv       `json:"conversations"`
		ChatAccounts         []exportIdentity   `json:"chat_accounts"`
		VerificationAttempts []exportAttempt    `json:"verification_attempts"`
	}
	exportCustomer struct {
		Email       string `json:"email"`
		Name        string `json:"name"`
		Phone       string `json:"phone"`
		Language    string `json:"language"`
		LoyaltyCard string `json:"loyalty_card"`
		Newsletter  bool   `json:"newsletter"`
		// Addresses are the delivery addresses, in the import file's form.
		Addresses []exportAddress `json:"addresses"`
	}
	exportOrder struct {
		Number           string         `json:"number"`
		PlacedAt         string         `json:"placed_at"`
		Channel          string         `json:"channel"`
		Status           string         `json:"status"`
		Carrier          string         `json:"carrier"`
		TrackingNumber   string         `json:"tracking_number"`
		ShippedAt        string         `json:"shipped_at,omitempty"`
		DeliveredAt      string         `json:"delivered_at,omitempty"`
		CancelledAt      string         `json:"cancelled_at,omitempty"`
		Total            json.Number    `json:"total"`
		Currency         string         `json:"currency"`
		PaidWithGiftCard bool           `json:"paid_with_gift_card"`
		Items            []exportItem   `json:"items"`
		Invoice          *exportInvoice `json:"invoice,omitempty"`
		ShippingAddress  *exportAddress `json:"shipping_address,omitempty"`
	}
	exportItem struct {
		SKU          string      `json:"sku"`
		Name         string      `json:"name"`
		Quantity     int         `json:"quantity"`
		UnitPrice    json.Number `json:"unit_price"`
		Personalized bool        `json:"personalized"`
		Kind         string      `json:"kind"`
	}
	exportAdjustment struct {
		Points int    `json:"points"`
		Reason string `json:"reason"`
		At     string `json:"at"`
	}
	exportReturn struct {
		RANumber        string `json:"ra_number"`
		Reason          string `json:"reason"`
		Status          string `json:"status"`
		At              string `json:"created_at"`
		ReceivedAt      string `json:"received_at,omitempty"`
		RejectionReason string `json:"rejection_reason,omitempty"`
	}
	exportTicket struct {
		Ref         string             `json:"ref"`
		Kind        string             `json:"kind"`
		Status      string             `json:"status"`
		Summary     string             `json:"summary"`
		Details     map[string]string  `json:"details"`
		CreatedAt   string             `json:"created_at"`
		Outcome     string             `json:"outcome,omitempty"`
		Attachments []exportAttachment `json:"attachments"`
	}
	exportAttachment struct {
		Name        string `json:"name"`
		ContentType string `json:"content_type"`
		Data        []byte `json:"data"` // base64
		CreatedAt   string `json:"created_at"`
	}
	exportConv struct {
		ID        string          `json:"id"`
		Channel   string          `json:"channel"`
		Lang      string          `json:"lang"`
		CreatedAt string          `json:"created_at"`
		UpdatedAt string          `json:"updated_at"`
		Messages  []exportMessage `json:"messages"`
		Handoffs  []exportHandoff `json:"handoffs"`
	}
	exportMessage struct {
		From   string `json:"from"`
		Author string `json:"author,omitempty"`
		Text   string `json:"text"`
		At     string `json:"at"`
	}
	exportHandoff struct {
		State      string `json:"state"`
		Reason     string `json:"reason"`
		AgentName  string `json:"agent_name"`
		CreatedAt  string `json:"created_at"`
		ResolvedAt string `json:"resolved_at,omitempty"`
	}
	exportIdentity struct {
		Channel  string `json:"channel"`
		UserID   string `json:"user_id"`
		LinkedAt string `json:"linked_at"`
	}
	exportAttempt struct {
		Success bool   `json:"success"`
		At      string `json:"at"`
	}
)

func rfc3339(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.RFC3339)
}

// exportOf turns what the store holds into the export's JSON. Slices are
// never null, so that a reader sees "none" rather than "unknown".
func exportOf(d storage.CustomerData) exportFile {
	c := d.Customer
	f := exportFile{
		ExportedAt: rfc3339(time.Now()),
		Customer: exportCustomer{Email: c.Email, Name: c.Name, Phone: c.Phone, Language: c.Language, LoyaltyCard: c.LoyaltyCard,
			Newsletter: c.Newsletter, Addresses: exportAddresses(d.Addresses)},
		Orders: []exportOrder{}, PointsAdjustments: []exportAdjustment{}, Returns: []exportReturn{},
		Tickets: []exportTicket{}, Conversations: []exportConv{}, ChatAccounts: []exportIdentity{},
		VerificationAttempts: []exportAttempt{},
	}
	for _, o := range d.Orders {
		eo := exportOrder{Number: o.Number, PlacedAt: rfc3339(o.PlacedAt), Channel: o.Channel, Status: o.Status,
			Carrier: o.Carrier, TrackingNumber: o.TrackingNumber, ShippedAt: rfc3339(o.ShippedAt),
			DeliveredAt: rfc3339(o.DeliveredAt), CancelledAt: rfc3339(o.CancelledAt),
			Total: json.Number(storage.FormatCents(o.TotalCents)), Currency: o.Currency,
			PaidWithGiftCard: o.PaidWithGiftCard, Items: []exportItem{}}
		for _, it := range o.Items {
			eo.Items = append(eo.Items, exportItem{SKU: it.SKU, Name: it.Name, Quantity: it.Quantity,
				UnitPrice: json.Number(storage.FormatCents(it.UnitPriceCents)), Personalized: it.Personalized, Kind: it.Kind})
		}
		eo.Invoice = exportInvoiceOf(o.Invoice)
		if !o.ShippingAddress.IsZero() {
			a := exportAddressOf(o.ShippingAddress)
			eo.ShippingAddress = &a
		}
		f.Orders = append(f.Orders, eo)
	}
	for _, a := range d.PointsAdjustments {
		f.PointsAdjustments = append(f.PointsAdjustments, exportAdjustment{Points: a.Points, Reason: a.Reason, At: rfc3339(a.At)})
	}
	for _, r := range d.Returns {
		f.Returns = append(f.Returns, exportReturn{RANumber: r.RANumber, Reason: r.Reason, Status: r.Status, At: rfc3339(r.CreatedAt),
			ReceivedAt: rfc3339(r.ReceivedAt), RejectionReason: r.RejectionReason})
	}
	f.Refunds, f.Vouchers = exportRefunds(d), exportVouchers(d)
	for _, t := range d.Tickets {
		et := exportTicket{Ref: t.Ref, Kind: t.Kind, Status: t.Status, Summary: t.Summary, Details: t.Details,
			CreatedAt: rfc3339(t.CreatedAt), Outcome: t.Outcome, Attachments: []exportAttachment{}}
		for _, a := range t.Attachments {
			et.Attachments = append(et.Attachments, exportAttachment{Name: a.Name, ContentType: a.ContentType, Data: a.Data, CreatedAt: rfc3339(a.CreatedAt)})
		}
		f.Tickets = append(f.Tickets, et)
	}
	for _, cd := range d.Conversations {
		cv := cd.Conversation
		ec := exportConv{ID: cv.ID, Channel: cv.Channel, Lang: cv.Lang, CreatedAt: rfc3339(cv.CreatedAt),
			UpdatedAt: rfc3339(cv.UpdatedAt), Messages: []exportMessage{}, Handoffs: []exportHandoff{}}
		for _, m := range cd.Messages {
			ec.Messages = append(ec.Messages, exportMessage{From: m.From, Author: m.Author, Text: m.Text, At: rfc3339(m.At)})
		}
		for _, h := range cd.Handoffs {
			ec.Handoffs = append(ec.Handoffs, exportHandoff{State: h.State, Reason: h.Reason, AgentName: h.AgentName,
				CreatedAt: rfc3339(h.CreatedAt), ResolvedAt: rfc3339(h.ResolvedAt)})
		}
		f.Conversations = append(f.Conversations, ec)
	}
	for _, i := range d.Identities {
		f.ChatAccounts = append(f.ChatAccounts, exportIdentity{Channel: i.Channel, UserID: i.UserID, LinkedAt: rfc3339(i.LinkedAt)})
	}
	for _, a := range d.VerificationAttempts {
		f.VerificationAttempts = append(f.VerificationAttempts, exportAttempt{Success: a.Success, At: rfc3339(a.At)})
	}
	return f
}
