package bot

import (
	"fmt"
	"testing"

	"supportbot/bot/policy"
	"supportbot/faq"
)

func ptr(n int64) *int64 { return &n }

// TestFactsDelivery checks how Facts words the shop's delivery countries,
// options, prices, gift wrapping and instalments in each language, and that
// a figure the shop does not state stays empty for the answers to leave
// out.
func TestFactsDelivery(t *testing.T) {
	texts := mustTexts(t)
	opaline := Shop{
		DeliveryCountries: []string{"FR", "BE", "LU", "CH", "MC"},
		DeliveryOptions:   []string{"home", "pickup_point", "express"},
		ShippingCents:     ptr(490), FreeShippingFromCents: ptr(6000),
		GiftWrapping: true, Instalments: 3, InstalmentsFromCents: 10000,
		PaymentMethods: []string{"card", "instalments"},
	}
	tests := []struct {
		name  string
		lang  string
		shop  func(Shop) Shop
		field func(f faq.Facts) string
		want  string
	}{
		{"countries fr", "fr", nil, func(f faq.Facts) string { return f.DeliveryCountries }, "France, Belgique, Luxembourg, Suisse et Monaco"},
		{"countries en", "en", nil, func(f faq.Facts) string { return f.DeliveryCountries }, "France, Belgium, Luxembourg, Switzerland and Monaco"},
		{"no countries", "en", func(s Shop) Shop { s.DeliveryCountries = nil; return s }, func(f faq.Facts) string { return f.DeliveryCountries }, ""},
		{"options fr", "fr", nil, func(f faq.Facts) string { return f.DeliveryOptions }, "livraison à domicile, retrait en point relais et livraison express"},
		{"options en", "en", func(s Shop) Shop { s.DeliveryOptions = []string{"home"}; return s }, func(f faq.Facts) string { return f.DeliveryOptions }, "home delivery"},
		{"price fr", "fr", nil, func(f faq.Facts) string { return f.ShippingPrice }, "4,90\u00a0€"},
		{"price en", "en", nil, func(f faq.Facts) string { return f.ShippingPrice }, "€4.90"},
		{"whole threshold fr", "fr", nil, func(f faq.Facts) string { return f.FreeShippingFrom }, "60\u00a0€"},
		{"whole threshold en", "en", nil, func(f faq.Facts) string { return f.FreeShippingFrom }, "€60"},
		{"price not stated", "fr", func(s Shop) Shop { s.ShippingCents = nil; return s }, func(f faq.Facts) string { return f.ShippingPrice }, ""},
		{"free delivery", "en", func(s Shop) Shop { s.ShippingCents = ptr(0); return s }, func(f faq.Facts) string {
			return fmt.Sprintf("free %v, price %q, threshold %q", f.FreeShipping, f.ShippingPrice, f.FreeShippingFrom)
		}, `free true, price "", threshold ""`},
		{"gift wrapping free", "fr", nil, func(f faq.Facts) string { return f.GiftWrappingPrice }, ""},
		{"gift wrapping priced", "en", func(s Shop) Shop { s.GiftWrappingCents = 350; return s }, func(f faq.Facts) string { return f.GiftWrappingPrice }, "€3.50"},
		{"instalments from fr", "fr", nil, func(f faq.Facts) string { return f.InstalmentsFrom }, "100\u00a0€"},
		{"instalments any total", "fr", func(s Shop) Shop { s.InstalmentsFromCents = 0; return s }, func(f faq.Facts) string { return f.InstalmentsFrom }, ""},
		{"instalments in payment methods fr", "fr", nil, func(f faq.Facts) string { return f.PaymentMethods }, "carte bancaire et paiement en 3 fois"},
		{"instalments in payment methods en", "en", func(s Shop) Shop { s.Instalments = 4; return s }, func(f faq.Facts) string { return f.PaymentMethods }, "bank card and payment in 4 instalments"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			shop := opaline
			if tt.shop != nil {
				shop = tt.shop(shop)
			}
			f := Facts(texts, policy.Defaults(), shop, tt.lang)
			if got := tt.field(f); got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}
