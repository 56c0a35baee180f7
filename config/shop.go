package config

import (
	"errors"
	"fmt"
	"math"
	"net/mail"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"golang.org/x/text/currency"
	"golang.org/x/text/language"

	"supportbot/locales"
)

type shopFile struct {
	Name            *string  `toml:"name"`
	Email           *string  `toml:"email"`
	Phone           *string  `toml:"phone"`
	Website         *string  `toml:"website"`
	ContactURL      *string  `toml:"contact_url"`
	StoresURL       *string  `toml:"stores_url"`
	TrackingPageURL *string  `toml:"tracking_page_url"`
	PostalAddress   *string  `toml:"postal_address"`
	ReturnAddress   *string  `toml:"return_address"`
	OrderExample    *string  `toml:"order_number_example"`
	PaymentMethods  []string `toml:"payment_methods"`
	FormReplyHours  []int    `toml:"form_reply_hours"`
	DefaultLanguage *string  `toml:"default_language"`
	LocalesDir      *string  `toml:"locales_dir"`
	LocalesOverlay  *string  `toml:"locales_overlay"`
	Currency        *string  `toml:"currency"`

	DeliveryCountries []string `toml:"delivery_countries"`
	DeliveryOptions   []string `toml:"delivery_options"`
	// Amounts take an integer or a decimal number of the shop's currency, and the
	// optional ones "" for a figure the shop does not state: any holds
	// whichever the file wrote.
	ShippingPrice     any   `toml:"shipping_price"`
	FreeShippingFrom  any   `toml:"free_shipping_from"`
	GiftWrapping      *bool `toml:"gift_wrapping"`
	GiftWrappingPrice any   `toml:"gift_wrapping_price"`
	Instalments       *int  `toml:"instalments"`
	InstalmentsFrom   any   `toml:"instalments_from"`
}

func (f shopFile) apply(c *Config) error {
	s := &c.Shop
	set(&s.Name, f.Name)
	set(&s.Email, f.Email)
	set(&s.Phone, f.Phone)
	set(&s.Website, f.Website)
	set(&s.DefaultLanguage, f.DefaultLanguage)
	set(&s.LocalesDir, f.LocalesDir)
	set(&s.LocalesOverlay, f.LocalesOverlay)
	set(&s.ContactURL, f.ContactURL)
	set(&s.StoresURL, f.StoresURL)
	set(&s.TrackingPageURL, f.TrackingPageURL)
	set(&s.PostalAddress, f.PostalAddress)
	set(&s.ReturnAddress, f.ReturnAddress)
	set(&s.OrderExample, f.OrderExample)
	s.Name, s.Email, s.Phone, s.Website = strings.TrimSpace(s.Name), strings.TrimSpace(s.Email), strings.TrimSpace(s.Phone), strings.TrimSpace(s.Website)
	if err := f.applyCurrency(s); err != nil {
		return err
	}
	if err := f.applyExtras(s); err != nil {
		return err
	}
	if err := f.applyDelivery(s); err != nil {
		return err
	}
	if err := f.applyServices(s); err != nil {
		return err
	}
	if slices.Contains(s.PaymentMethods, "instalments") && s.Instalments == 0 {
		return errors.New(`shop.payment_methods: "instalments" needs shop.instalments, the number of instalments`)
	}
	if s.Email != "" {
		if a, err := mail.ParseAddress(s.Email); err != nil || a.Address != s.Email {
			return fmt.Errorf("shop.email: not an e-mail address: %q", s.Email)
		}
	}
	if s.Website != "" {
		if u, err := url.Parse(s.Website); err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
			return fmt.Errorf("shop.website: must be an http or https URL, got %q", s.Website)
		}
	}
	if strings.ContainsAny(s.Name+s.Phone, "\r\n") {
		return errors.New("shop.name, shop.phone: must fit on one line")
	}
	if !slices.Contains(locales.Languages, s.DefaultLanguage) {
		return fmt.Errorf("shop.default_language: must be one of %s, got %q", strings.Join(locales.Languages, ", "), s.DefaultLanguage)
	}
	return nil
}

// applyCurrency checks the shop's currency: an ISO 4217 code whose amounts
// fit in cents, as orders store them.
func (f shopFile) applyCurrency(s *ShopConfig) error {
	if f.Currency == nil {
		return nil
	}
	code := strings.ToUpper(strings.TrimSpace(*f.Currency))
	u, err := currency.ParseISO(code)
	if err != nil {
		return fmt.Errorf("shop.currency: want an ISO 4217 code such as \"EUR\" or \"CAD\", got %q", *f.Currency)
	}
	if scale, _ := currency.Standard.Rounding(u); scale > 2 {
		return fmt.Errorf("shop.currency: %s has %d decimals; amounts are kept in cents, so at most 2", code, scale)
	}
	s.Currency = code
	return nil
}

// applyExtras checks the shop's links, payment methods and reply time.
func (f shopFile) applyExtras(s *ShopConfig) error {
	links := []struct{ key, url string }{
		{"shop.contact_url", s.ContactURL}, {"shop.stores_url", s.StoresURL}, {"shop.tracking_page_url", s.TrackingPageURL},
	}
	for _, l := range links {
		if l.url == "" {
			continue
		}
		if u, err := url.Parse(l.url); err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
			return fmt.Errorf("%s: must be an http or https URL, got %q", l.key, l.url)
		}
	}
	if f.PaymentMethods != nil {
		s.PaymentMethods = nil
		for i, m := range f.PaymentMethods {
			if !slices.Contains(paymentMethods, m) {
				return fmt.Errorf("shop.payment_methods[%d]: unknown method %q, want one of %s", i, m, strings.Join(paymentMethods, ", "))
			}
			s.PaymentMethods = append(s.PaymentMethods, m)
		}
	}
	if f.FormReplyHours != nil {
		if len(f.FormReplyHours) != 2 || f.FormReplyHours[0] < 0 || f.FormReplyHours[0] > f.FormReplyHours[1] {
			return fmt.Errorf("shop.form_reply_hours: want [min, max] hours with min <= max, got %v", f.FormReplyHours)
		}
		s.FormReplyHours = [2]int{f.FormReplyHours[0], f.FormReplyHours[1]}
	}
	return nil
}

// applyDelivery checks where and how the shop delivers, and at what price.
func (f shopFile) applyDelivery(s *ShopConfig) error {
	if f.DeliveryCountries != nil {
		s.DeliveryCountries = []string{}
		for i, code := range f.DeliveryCountries {
			// ParseRegion also takes "FRA" and "250", and a few codes that
			// name no country (EU, ZZ): only two letters of a country read
			// as what the operator meant.
			r, err := language.ParseRegion(code)
			if err != nil || len(code) != 2 || !r.IsCountry() {
				return fmt.Errorf("shop.delivery_countries[%d]: want a two-letter ISO 3166 country code such as \"FR\", got %q", i, code)
			}
			s.DeliveryCountries = append(s.DeliveryCountries, strings.ToUpper(code))
		}
	}
	if f.DeliveryOptions != nil {
		s.DeliveryOptions = []string{}
		for i, o := range f.DeliveryOptions {
			if !slices.Contains(deliveryOptions, o) {
				return fmt.Errorf("shop.delivery_options[%d]: unknown option %q, want one of %s", i, o, strings.Join(deliveryOptions, ", "))
			}
			s.DeliveryOptions = append(s.DeliveryOptions, o)
		}
	}
	amounts := []struct {
		key string
		src any
		dst **int64
	}{
		{"shop.shipping_price", f.ShippingPrice, &s.ShippingCents},
		{"shop.free_shipping_from", f.FreeShippingFrom, &s.FreeShippingFromCents},
	}
	for _, a := range amounts {
		if a.src == nil {
			continue
		}
		c, err := parseAmount(a.key, a.src, true)
		if err != nil {
			return err
		}
		*a.dst = c
	}
	if c := s.FreeShippingFromCents; c != nil && *c == 0 {
		return errors.New(`shop.free_shipping_from: must be above 0, or "" for no threshold (shipping_price = 0 makes delivery free)`)
	}
	return nil
}

// applyServices checks gift wrapping and payment by instalments.
func (f shopFile) applyServices(s *ShopConfig) error {
	set(&s.GiftWrapping, f.GiftWrapping)
	set(&s.Instalments, f.Instalments)
	if n := s.Instalments; n != 0 && (n < 2 || n > 12) {
		return fmt.Errorf("shop.instalments: must be 0 (not offered) or between 2 and 12, got %d", n)
	}
	amounts := []struct {
		key string
		src any
		dst *int64
	}{
		{"shop.gift_wrapping_price", f.GiftWrappingPrice, &s.GiftWrappingCents},
		{"shop.instalments_from", f.InstalmentsFrom, &s.InstalmentsFromCents},
	}
	for _, a := range amounts {
		if a.src == nil {
			continue
		}
		c, err := parseAmount(a.key, a.src, false)
		if err != nil {
			return err
		}
		*a.dst = *c
	}
	return nil
}

// maxAmount bounds the amounts of the shop section, in units of the shop's
// currency: anything
// larger is a typo (a price written in cents).
const maxAmount = 100_000

// parseAmount reads an amount of the shop's currency the file wrote as an integer or a
// decimal number with at most two decimals, and returns it in cents. With
// optional, "" is accepted and returns nil: a figure the shop leaves out.
func parseAmount(key string, v any, optional bool) (*int64, error) {
	want := "want an amount in the shop's currency such as 4.90"
	if optional {
		want += `, or "" to leave it out`
	}
	var units float64
	switch v := v.(type) {
	case int64:
		units = float64(v)
	case float64:
		units = v
	case string:
		if optional && strings.TrimSpace(v) == "" {
			return nil, nil
		}
		return nil, fmt.Errorf("%s: %s, got %q", key, want, v)
	default:
		return nil, fmt.Errorf("%s: %s, got %v", key, want, v)
	}
	c := math.Round(units * 100)
	if math.IsNaN(units) || units < 0 || units > maxAmount || math.Abs(units*100-c) > 1e-6 {
		return nil, fmt.Errorf("%s: %s (0 to %d, at most two decimals), got %v", key, want, maxAmount, v)
	}
	return cents(int64(c)), nil
}

// resolveLocales makes LocalesDir and LocalesOverlay absolute from the
// config file's folder and checks that they are folders, LocalesDir with
// one per language.
func (s *ShopConfig) resolveLocales(dir string) error {
	if s.LocalesOverlay != "" {
		abs, err := absPath(dir, s.LocalesOverlay)
		if err != nil {
			return fmt.Errorf("shop.locales_overlay: %w", err)
		}
		if fi, err := os.Stat(abs); err != nil || !fi.IsDir() {
			return fmt.Errorf("shop.locales_overlay: %s is not a folder", abs)
		}
		s.LocalesOverlay = abs
	}
	if s.LocalesDir == "" {
		return nil
	}
	abs, err := absPath(dir, s.LocalesDir)
	if err != nil {
		return fmt.Errorf("shop.locales_dir: %w", err)
	}
	s.LocalesDir = abs
	for _, lang := range locales.Languages {
		fi, err := os.Stat(filepath.Join(s.LocalesDir, lang))
		if err != nil || !fi.IsDir() {
			return fmt.Errorf("shop.locales_dir: %s has no %s folder (it replaces the built-in locales, one folder per language)", s.LocalesDir, lang)
		}
	}
	return nil
}

// absPath returns path made absolute, taken from dir when relative.
func absPath(dir, path string) (string, error) {
	if !filepath.IsAbs(path) {
		path = filepath.Join(dir, path)
	}
	return filepath.Abs(path)
}
