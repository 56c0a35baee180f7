package faq

import (
	"bytes"
	"fmt"
	"strings"
	"text/template"
)

// Facts are the shop's own figures and contact details that answers quote.
// The caller builds one Facts per language from the config: string fields
// are ready to print in that language ("du lundi au samedi, de 9 h à 18 h",
// "3 à 5 jours ouvrés"), numbers are raw and the answers word them with
// plural. Fields documented as optional may be empty; the answers that
// use them leave the sentence out.
type Facts struct {
	ShopName      string // "Cleor"
	Website       string // the shop's site, "www.example.com"
	Email         string // customer service address
	Phone         string // customer service number, as dialled
	ContactURL    string // the contact form
	StoresURL     string // the page listing the shops
	TrackingURL   string // optional: tracking page taking an order number and an e-mail
	PostalAddress string // optional: address for formal letters
	OrderExample  string // optional: an order number as the shop prints them, "OP-123456"
	ReturnAddress string // optional: where returns are sent

	Hours          string // when agents answer, "du lundi au samedi, de 9 h à 18 h"
	FormReplyDelay string // reply time of the contact form, "24 à 48 heures ouvrées"
	PaymentMethods string // "carte bancaire, PayPal et carte cadeau"
	Carriers       string // "Colissimo et Mondial Relay"

	DeliveryDays   string // delivery after shipping, "3 à 5 jours ouvrés"
	PendingDelay   string // time in "awaiting preparation", "12 à 24 heures"
	ShippedDelay   string // time from "shipped" to the carrier network, "24 à 48 heures"
	InTransitDelay string // time "in transit", "2 à 4 jours ouvrés"

	ReturnDays         int    // return window from delivery
	HolidayOrdersFrom  string // first day of the holiday extension, "1er novembre"
	HolidayOrdersTo    string // last day of the holiday extension, "31 décembre"
	HolidayReturnUntil string // holiday orders are returnable until, "31 janvier"
	ExchangeDays       int    // exchange window from purchase
	CancelHours        int    // cancellation window from the order
	WarrantyYears      int    // warranty against manufacturing defects

	PointsPerEuro      int    // loyalty points per whole unit of the shop's currency
	CurrencyUnit       string // one unit of the shop's currency, "1 €", "$1"
	PendingDays        int    // days before a purchase's points are available
	Tiers              []Tier // rewards, lowest first
	PromoCodesPerOrder int    // promo codes allowed on one order

	DeliveryCountries string // optional: "France, Belgique, Luxembourg, Suisse et Monaco"
	DeliveryOptions   string // optional: "livraison à domicile, retrait en point relais et livraison express"
	FreeShipping      bool   // delivery is always free
	ShippingPrice     string // optional: standard delivery price, "4,90 €"; empty when free or not stated
	FreeShippingFrom  string // optional: order total from which delivery is free, "60 €"
	GiftWrapping      bool   // gift wrapping is offered
	GiftWrappingPrice string // its price, "3 €"; empty when free
	Instalments       int    // payment in this many instalments; 0: not offered
	InstalmentsFrom   string // optional: order total from which instalments are offered, "100 €"

	// Verified is set for the answer given to a customer whose identity
	// is checked already: it asks for no order number nor e-mail ("give me
	// your order number and your e-mail" read as if the proof were lost).
	Verified bool
}

// Tier is one reward level of the loyalty programme.
type Tier struct {
	Points int    // threshold
	Reward string // what it unlocks, in the answer's language
}

// Render executes the entry's answer with facts and trims the result.
func (e Entry) Render(facts Facts) (string, error) {
	if e.Answer == nil {
		return "", fmt.Errorf("faq: render %q: no answer", e.ID)
	}
	var b bytes.Buffer
	if err := e.Answer.Execute(&b, facts); err != nil {
		return "", fmt.Errorf("faq: render %q: %w", e.ID, err)
	}
	out := strings.TrimSpace(b.String())
	if strings.Contains(out, "<no value>") || strings.Contains(out, "{{") {
		return "", fmt.Errorf("faq: render %q: unfilled placeholder in %q", e.ID, out)
	}
	return out, nil
}

// compile parses an answer template with the functions of lang and runs it
// once on zero Facts, so that a misspelt field name fails at load time
// instead of in front of a customer.
func compile(id, text, lang string) (*template.Template, error) {
	tmpl, err := template.New(id).Funcs(funcs(lang)).Option("missingkey=error").Parse(strings.TrimSpace(text))
	if err != nil {
		return nil, fmt.Errorf("answer: %w", err)
	}
	var b bytes.Buffer
	if err := tmpl.Execute(&b, Facts{}); err != nil {
		return nil, fmt.Errorf("answer: %w", err)
	}
	return tmpl, nil
}

// funcs are the template functions answers may call.
//
// plural N ONE OTHER writes "N ONE" or "N OTHER" by the plural rule of lang:
// French takes the singular for 0 and 1, English only for 1.
func funcs(lang string) template.FuncMap {
	singular := func(n int) bool { return n == 1 }
	if lang == "fr" {
		singular = func(n int) bool { return n == 0 || n == 1 }
	}
	return template.FuncMap{
		"plural": func(n int, one, other string) string {
			if singular(n) {
				return fmt.Sprintf("%d %s", n, one)
			}
			return fmt.Sprintf("%d %s", n, other)
		},
	}
}
