package main

import (
	"errors"
	"fmt"
	"net/mail"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"

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
	PaymentMethods  []string `toml:"payment_methods"`
	FormReplyHours  []int    `toml:"form_reply_hours"`
	DefaultLanguage *string  `toml:"default_language"`
	LocalesDir      *string  `toml:"locales_dir"`
}

func (f shopFile) apply(c *Config) error {
	s := &c.Shop
	set(&s.Name, f.Name)
	set(&s.Email, f.Email)
	set(&s.Phone, f.Phone)
	set(&s.Website, f.Website)
	set(&s.DefaultLanguage, f.DefaultLanguage)
	set(&s.LocalesDir, f.LocalesDir)
	set(&s.ContactURL, f.ContactURL)
	set(&s.StoresURL, f.StoresURL)
	set(&s.TrackingPageURL, f.TrackingPageURL)
	set(&s.PostalAddress, f.PostalAddress)
	s.Name, s.Email, s.Phone, s.Website = strings.TrimSpace(s.Name), strings.TrimSpace(s.Email), strings.TrimSpace(s.Phone), strings.TrimSpace(s.Website)
	if err := f.applyExtras(s); err != nil {
		return err
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

// resolveLocales makes LocalesDir absolute from the config file's folder and
// checks that it holds a folder per language.
func (s *ShopConfig) resolveLocales(dir string) error {
	if s.LocalesDir == "" {
		return nil
	}
	if !filepath.IsAbs(s.LocalesDir) {
		abs, err := filepath.Abs(filepath.Join(dir, s.LocalesDir))
		if err != nil {
			return fmt.Errorf("shop.locales_dir: %w", err)
		}
		s.LocalesDir = abs
	}
	for _, lang := range locales.Languages {
		fi, err := os.Stat(filepath.Join(s.LocalesDir, lang))
		if err != nil || !fi.IsDir() {
			return fmt.Errorf("shop.locales_dir: %s has no %s folder (it replaces the built-in locales, one folder per language)", s.LocalesDir, lang)
		}
	}
	return nil
}
