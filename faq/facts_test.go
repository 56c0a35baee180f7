package faq_test

import (
	"regexp"
	"strings"
	"testing"
	"text/template/parse"
	"unicode"

	"supportbot/faq"
)

// sampleFacts are the demo shop's figures, in lang.
func sampleFacts(lang string) faq.Facts {
	f := faq.Facts{
		ShopName:           "Cleor",
		Website:            "www.cleor.example",
		Email:              "service@cleor.example",
		Phone:              "09 70 24 12 40",
		ContactURL:         "https://www.cleor.example/contact",
		StoresURL:          "https://www.cleor.example/boutiques",
		TrackingURL:        "https://www.cleor.example/suivi",
		PostalAddress:      "Cleor, service client, 1 rue de la Paix, 75002 Paris",
		ReturnDays:         30,
		ExchangeDays:       30,
		CancelHours:        24,
		WarrantyYears:      2,
		PointsPerEuro:      1,
		PendingDays:        14,
		PromoCodesPerOrder: 1,
		GiftWrapping:       true,
		Instalments:        3,
	}
	if lang == "fr" {
		f.Hours = "du lundi au samedi, de 9 h à 18 h"
		f.FormReplyDelay = "24 à 48 heures ouvrées"
		f.PaymentMethods = "carte bancaire, PayPal et carte cadeau"
		f.Carriers = "Colissimo, Mondial Relay"
		f.DeliveryDays = "3 à 5 jours ouvrés"
		f.PendingDelay = "12 à 24 heures"
		f.ShippedDelay = "24 à 48 heures"
		f.InTransitDelay = "2 à 4 jours ouvrés"
		f.DeliveryCountries = "France, Belgique, Luxembourg, Suisse et Monaco"
		f.DeliveryOptions = "livraison à domicile, retrait en point relais et livraison express"
		f.ShippingPrice, f.FreeShippingFrom, f.InstalmentsFrom = "4,90\u00a0€", "60\u00a0€", "100\u00a0€"
		f.CurrencyUnit = "1\u00a0€"
		f.HolidayOrdersFrom, f.HolidayOrdersTo, f.HolidayReturnUntil = "1er novembre", "31 décembre", "31 janvier"
		f.Tiers = []faq.Tier{
			{150, "une surprise pour votre anniversaire et l'accès en avant-première aux collections"},
			{300, "une carte cadeau de 10 € ou un don à une association"},
			{500, "un accessoire offert"},
			{1000, "le programme ambassadeur"},
		}
		return f
	}
	f.Hours = "Monday to Saturday, 9 am to 6 pm"
	f.FormReplyDelay = "24 to 48 working hours"
	f.PaymentMethods = "bank cards, PayPal and gift cards"
	f.Carriers = "Colissimo, Mondial Relay"
	f.DeliveryDays = "3 to 5 working days"
	f.PendingDelay = "12 to 24 hours"
	f.ShippedDelay = "24 to 48 hours"
	f.InTransitDelay = "2 to 4 working days"
	f.DeliveryCountries = "France, Belgium, Luxembourg, Switzerland and Monaco"
	f.DeliveryOptions = "home delivery, pickup point collection and express delivery"
	f.ShippingPrice, f.FreeShippingFrom, f.InstalmentsFrom = "€4.90", "€60", "€100"
	f.CurrencyUnit = "€1"
	f.HolidayOrdersFrom, f.HolidayOrdersTo, f.HolidayReturnUntil = "1 November", "31 December", "31 January"
	f.Tiers = []faq.Tier{
		{150, "a birthday surprise and early access to collections"},
		{300, "a €10 gift card or a donation to a charity"},
		{500, "a free accessory"},
		{1000, "the ambassador programme"},
	}
	return f
}

// withoutOptional is f with every optional figure unset and every
// optional service off, as a shop that states none of them has, and every
// policy figure the config may turn off at zero: no holiday extension, no
// cancellation, exchange, warranty, promo code, pending period, points per
// purchase or reward tier.
func withoutOptional(f faq.Facts) faq.Facts {
	f.HolidayOrdersFrom, f.HolidayOrdersTo, f.HolidayReturnUntil = "", "", ""
	f.CancelHours, f.ExchangeDays, f.WarrantyYears, f.PromoCodesPerOrder = 0, 0, 0, 0
	f.PendingDays, f.PointsPerEuro, f.Tiers = 0, 0, nil
	f.TrackingURL, f.PostalAddress = "", ""
	f.DeliveryCountries, f.DeliveryOptions = "", ""
	f.FreeShipping, f.ShippingPrice, f.FreeShippingFrom = false, "", ""
	f.GiftWrapping, f.GiftWrappingPrice = false, ""
	f.Instalments, f.InstalmentsFrom = 0, ""
	return f
}

func TestRenderEveryEntry(t *testing.T) {
	byLang := mustLoadAll(t)
	for lang, entries := range byLang {
		checkRendered(t, lang, entries, sampleFacts(lang))
	}
}

// TestRenderWithoutOptional renders every answer for a shop that states
// none of the optional figures: the sentences that quote them must go
// away whole, leaving no gap or stray punctuation.
func TestRenderWithoutOptional(t *testing.T) {
	for lang, entries := range mustLoadAll(t) {
		checkRendered(t, lang, entries, withoutOptional(sampleFacts(lang)))
	}
}

// checkRendered renders every entry with facts and looks for what a
// missing figure leaves behind: placeholders, double spaces, empty
// brackets, punctuation with nothing before it.
func checkRendered(t *testing.T, lang string, entries []faq.Entry, facts faq.Facts) {
	t.Helper()
	for _, e := range entries {
		got, err := e.Render(facts)
		if err != nil {
			t.Errorf("%s %s: %v", lang, e.ID, err)
			continue
		}
		for _, bad := range []string{"<no value>", "{{", "}}", "  ", " .", " ,", "()", ": .", "\u00a0."} {
			if strings.Contains(got, bad) {
				t.Errorf("%s %s: rendered answer contains %q: %q", lang, e.ID, bad, got)
			}
		}
		if m := zeroFigure.FindString(got); m != "" {
			t.Errorf("%s %s: rendered answer quotes a figure that is off, %q: %q", lang, e.ID, m, got)
		}
		if n := sentences(got); n < 1 || n > 6 {
			t.Errorf("%s %s: got %d sentences, want 1 to 5 (and a list): %q", lang, e.ID, n, got)
		}
	}
}

// zeroFigure is a figure the config turned off, quoted as if it were one:
// "within 0 days", "jusqu'à 0 codes".
var zeroFigure = regexp.MustCompile(`(^|[^0-9,.])0 [a-zA-Zé]`)

// sentences counts the sentence ends in s, roughly.
func sentences(s string) int {
	n := 0
	for _, end := range []string{". ", "? ", "! "} {
		n += strings.Count(s, end)
	}
	if strings.HasSuffix(s, ".") || strings.HasSuffix(s, "?") || strings.HasSuffix(s, "!") {
		n++
	}
	return n
}

// TestAnswersQuoteNoFigures keeps policy figures out of the answer text:
// every number must come from Facts, or changing the config would leave
// some answers stale.
func TestAnswersQuoteNoFigures(t *testing.T) {
	for lang, entries := range mustLoadAll(t) {
		for _, e := range entries {
			for _, text := range literalTexts(e.Answer.Tree.Root) {
				if i := strings.IndexFunc(text, unicode.IsDigit); i >= 0 {
					t.Errorf("%s %s: answer text holds a figure: %q", lang, e.ID, text)
				}
			}
		}
	}
}

// literalTexts returns the text nodes of a template tree, string arguments
// of functions included ("jour" in {{plural .ReturnDays "jour" "jours"}}).
func literalTexts(n parse.Node) []string {
	var out []string
	switch n := n.(type) {
	case *parse.ListNode:
		if n == nil {
			return nil
		}
		for _, c := range n.Nodes {
			out = append(out, literalTexts(c)...)
		}
	case *parse.TextNode:
		out = append(out, string(n.Text))
	case *parse.ActionNode:
		for _, cmd := range n.Pipe.Cmds {
			for _, arg := range cmd.Args {
				if s, ok := arg.(*parse.StringNode); ok {
					out = append(out, s.Text)
				}
			}
		}
	case *parse.IfNode:
		out = append(append(out, literalTexts(n.List)...), literalTexts(n.ElseList)...)
	case *parse.RangeNode:
		out = append(append(out, literalTexts(n.List)...), literalTexts(n.ElseList)...)
	case *parse.WithNode:
		out = append(append(out, literalTexts(n.List)...), literalTexts(n.ElseList)...)
	}
	return out
}

// TestFrenchTypography checks the French answers put a no-break space
// before : ; ? ! and inside « », and never a plain one.
func TestFrenchTypography(t *testing.T) {
	for _, e := range mustLoadAll(t)["fr"] {
		got, err := e.Render(sampleFacts("fr"))
		if err != nil {
			t.Fatal(err)
		}
		for _, bad := range []string{" :", " ;", " ?", " !", "« ", " »"} {
			if strings.Contains(got, bad) {
				t.Errorf("%s: plain space in %q: %q", e.ID, bad, got)
			}
		}
	}
}

// TestAnswersFollowConfig changes figures and checks the answers change
// with them, plurals included.
func TestAnswersFollowConfig(t *testing.T) {
	byLang := mustLoadAll(t)
	find := func(lang, id string) faq.Entry {
		for _, e := range byLang[lang] {
			if e.ID == id {
				return e
			}
		}
		t.Fatalf("%s: no entry %q", lang, id)
		return faq.Entry{}
	}
	tests := []struct {
		name     string
		lang, id string
		change   func(*faq.Facts)
		want     []string
		dontWant []string
	}{
		{"return window fr", "fr", "return_window", func(f *faq.Facts) { f.ReturnDays = 45 }, []string{"45 jours"}, []string{"30"}},
		{"return window en", "en", "return_window", func(f *faq.Facts) { f.ReturnDays = 14 }, []string{"14 days"}, []string{"30"}},
		{"warranty singular fr", "fr", "warranty_coverage", func(f *faq.Facts) { f.WarrantyYears = 1 }, []string{"1 an "}, []string{"1 ans"}},
		{"warranty singular en", "en", "warranty_coverage", func(f *faq.Facts) { f.WarrantyYears = 1 }, []string{"1 year "}, []string{"1 years"}},
		{"warranty plural fr", "fr", "warranty_coverage", func(f *faq.Facts) { f.WarrantyYears = 3 }, []string{"3 ans"}, nil},
		{"points per euro en", "en", "loyalty_points_per_euro", func(f *faq.Facts) { f.PointsPerEuro = 2 }, []string{"2 points for every full €1 spent"}, nil},
		{"points per dollar fr", "fr", "loyalty_how_it_works", func(f *faq.Facts) { f.CurrencyUnit = "1\u00a0$" }, []string{"1 point par tranche de 1\u00a0$ dépensée"}, []string{"euro", "€"}},
		{"one promo code fr", "fr", "promo_code_one_per_order", func(f *faq.Facts) {}, []string{"Un seul code promo"}, nil},
		{"two promo codes en", "en", "promo_code_one_per_order", func(f *faq.Facts) { f.PromoCodesPerOrder = 2 }, []string{"up to 2 promo codes"}, []string{"Only one"}},
		{"tiers listed fr", "fr", "loyalty_rewards", func(f *faq.Facts) { f.Tiers = f.Tiers[:1] }, []string{"dès 150 points\u00a0: une surprise"}, []string{"300"}},
		{"cancel hours en", "en", "cancel_order_policy", func(f *faq.Facts) { f.CancelHours = 48 }, []string{"within 48 hours"}, nil},
		{"pending days fr", "fr", "loyalty_pending_points", func(f *faq.Facts) { f.PendingDays = 7 }, []string{"7 jours"}, nil},
		{"holiday dates en", "en", "return_window", func(f *faq.Facts) { f.HolidayReturnUntil = "15 February" }, []string{"until 15 February"}, nil},
		{"optional tracking page", "fr", "track_without_account", func(f *faq.Facts) { f.TrackingURL = "" }, []string{"sans compte. Et"}, []string{"sur ."}},
		{"optional postal address", "en", "contact_channels", func(f *faq.Facts) { f.PostalAddress = "" }, []string{"6 pm. I can"}, []string{"formal letters"}},
		{"delivery countries fr", "fr", "delivery_countries", func(f *faq.Facts) {}, []string{"Nous livrons dans ces pays\u00a0: France, Belgique, Luxembourg, Suisse et Monaco."}, nil},
		{"delivery countries unset en", "en", "delivery_countries", func(f *faq.Facts) { f.DeliveryCountries = "" }, []string{"offered when you enter your address"}, []string{"We deliver to"}},
		{"shipping price and threshold en", "en", "shipping_cost", func(f *faq.Facts) {}, []string{"costs €4.90 and is free for orders of €60 or more.", "between home delivery"}, nil},
		{"shipping price changes fr", "fr", "shipping_cost", func(f *faq.Facts) { f.ShippingPrice = "5,50\u00a0€" }, []string{"coûte 5,50\u00a0€ et elle est offerte dès 60\u00a0€"}, []string{"4,90"}},
		{"no threshold fr", "fr", "shipping_cost", func(f *faq.Facts) { f.FreeShippingFrom = "" }, []string{"coûte 4,90\u00a0€. Au choix"}, []string{"offerte"}},
		{"only a threshold en", "en", "shipping_cost", func(f *faq.Facts) { f.ShippingPrice = "" }, []string{"Delivery is free for orders of €60 or more."}, []string{"costs"}},
		{"free delivery fr", "fr", "shipping_cost", func(f *faq.Facts) { f.FreeShipping, f.ShippingPrice, f.FreeShippingFrom = true, "", "" }, []string{"offerte sur toutes les commandes"}, []string{"coûte"}},
		{"gift wrapping free en", "en", "gift_wrapping", func(f *faq.Facts) {}, []string{"it's free."}, nil},
		{"gift wrapping priced fr", "fr", "gift_wrapping", func(f *faq.Facts) { f.GiftWrappingPrice = "3\u00a0€" }, []string{"panier (3\u00a0€)."}, []string{"gratuite"}},
		{"no gift wrapping en", "en", "gift_wrapping", func(f *faq.Facts) { f.GiftWrapping = false }, []string{"We don't offer gift wrapping"}, []string{"tick"}},
		{"instalments fr", "fr", "payment_installments", func(f *faq.Facts) {}, []string{"en 3 fois dès 100\u00a0€ d'achat."}, nil},
		{"instalments any total en", "en", "payment_installments", func(f *faq.Facts) { f.Instalments, f.InstalmentsFrom = 4, "" }, []string{"in 4 instalments. Choose"}, []string{"or more"}},
		{"no instalments fr", "fr", "payment_installments", func(f *faq.Facts) { f.Instalments = 0 }, []string{"Non, nous ne proposons pas"}, []string{"100"}},
		{"modify without cancellation en", "en", "order_modify", func(f *faq.Facts) { f.CancelHours = 0 }, []string{"add anything to it. For anything"}, []string{"cancel it within"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			facts := sampleFacts(tt.lang)
			tt.change(&facts)
			got, err := find(tt.lang, tt.id).Render(facts)
			if err != nil {
				t.Fatal(err)
			}
			for _, w := range tt.want {
				if !strings.Contains(got, w) {
					t.Errorf("got %q, want it to contain %q", got, w)
				}
			}
			for _, w := range tt.dontWant {
				if strings.Contains(got, w) {
					t.Errorf("got %q, want it without %q", got, w)
				}
			}
		})
	}
}

func TestRenderWithoutAnswer(t *testing.T) {
	if _, err := (faq.Entry{ID: "x"}).Render(faq.Facts{}); err == nil {
		t.Error("got no error rendering an entry without an answer")
	}
}
