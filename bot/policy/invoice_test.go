package policy

import (
	"errors"
	"testing"
	"time"

	"supportbot/storage"
)

func TestInvoiceURL(t *testing.T) {
	inv := storage.Invoice{Number: "FA 2025/01", Date: time.Date(2025, 3, 1, 0, 0, 0, 0, time.UTC)}
	tests := []struct {
		name     string
		template string
		inv      storage.Invoice
		want     string
		ok       bool
	}{
		{"no invoice", "https://shop.example/{number}", storage.Invoice{}, "", false},
		{"the invoice's own link first", "https://shop.example/{number}", storage.Invoice{Number: "F1", URL: "https://cdn.example/f1.pdf"}, "https://cdn.example/f1.pdf", true},
		{"from the template, escaped", "https://shop.example/i/{number}?o={order}", inv, "https://shop.example/i/FA%202025%2F01?o=OP-1", true},
		{"no template, no link", "", inv, "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := Defaults()
			cfg.Invoices.URLTemplate = tt.template
			got, ok := InvoiceURL(cfg, "OP-1", tt.inv)
			if got != tt.want || ok != tt.ok {
				t.Errorf("InvoiceURL = %q, %v; want %q, %v", got, ok, tt.want, tt.ok)
			}
		})
	}
}

func TestValidateInvoiceTemplate(t *testing.T) {
	for _, tt := range []struct {
		template string
		ok       bool
	}{
		{"", true},
		{"https://shop.example/invoices/{number}.pdf", true},
		{"https://shop.example/orders/{order}/invoice", true},
		{"https://shop.example/invoices", false},
		{"ftp://shop.example/{number}", false},
		{"{number}", false},
	} {
		cfg := Defaults()
		cfg.Invoices.URLTemplate = tt.template
		err := cfg.Validate()
		var fe *FieldError
		if (err == nil) != tt.ok || (err != nil && (!errors.As(err, &fe) || fe.Field != "invoices.url_template")) {
			t.Errorf("template %q: Validate() = %v, want ok %v", tt.template, err, tt.ok)
		}
	}
}
