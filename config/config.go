// Package config reads the operator's configuration — a TOML file over
// built-in defaults, every key checked, secrets never in it — and builds
// from it what the program runs on: the knowledge (texts, FAQ, trained
// classifier) and the engine. The commands and the conversation tests
// share it, so a conversation test runs the bot exactly as configured.
package config

import (
	"bytes"
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"time"
	_ "time/tzdata" // time zones work on machines without zoneinfo

	"github.com/BurntSushi/toml"

	"supportbot/bot/policy"
	"supportbot/locales"
)

// Config is the operator's configuration, read from the TOML file given to
// --config (supportbot.example.toml documents every key). Secrets are never
// in it: channel tokens come from the environment only.
type Config struct {
	Shop         ShopConfig
	Policy       policy.Config
	Verification VerificationConfig
	NLU          NLUConfig
	HTTP         HTTPConfig
	RateLimit    RateLimitConfig
	Retention    RetentionConfig
}

// ShopConfig is what the bot tells customers about the shop.
type ShopConfig struct {
	Name, Email, Phone, Website string
	ContactURL                  string   // the contact form
	StoresURL                   string   // the page listing the shops
	TrackingPageURL             string   // optional: order tracking by number and e-mail
	PostalAddress               string   // optional: for formal letters
	ReturnAddress               string   // optional: where returns are sent
	OrderExample                string   // optional: an order number as the shop prints them
	PaymentMethods              []string // keys worded in locales: card, paypal, gift_card, apple_pay, instalments
	FormReplyHours              [2]int   // the contact form's reply time, min and max hours
	DefaultLanguage             string   // "fr" or "en": for a customer whose language is not known yet
	DeliveryCountries           []string // ISO 3166 codes ("FR"), named in the customer's language
	DeliveryOptions             []string // keys worded in locales: home, pickup_point, express
	// Currency is the shop's, an ISO 4217 code: amounts in it are written
	// with its symbol, loyalty points are per whole unit of it.
	Currency string
	// Amounts are in cents of Currency. A nil pointer is a figure the shop
	// does not state: the answers then leave it out.
	ShippingCents         *int64 // standard delivery price; 0: delivery is free
	FreeShippingFromCents *int64 // order total from which delivery is free
	GiftWrapping          bool   // gift wrapping offered
	GiftWrappingCents     int64  // its price; 0: free
	Instalments           int    // payment in this many instalments by card; 0: not offered
	InstalmentsFromCents  int64  // order total from which instalments are offered; 0: any
	// LocalesDir replaces the embedded locales/ tree when set: a directory
	// with the same layout, one folder per language. Relative paths in the
	// file are taken from the config file's folder.
	LocalesDir string
	// LocalesOverlay is a folder laid out like locales/ whose files replace
	// only the messages and FAQ answers they hold, and give the words of
	// custom rewards (see bot.Locales); "" for none.
	LocalesOverlay string
	// DemoTexts lays the demo shop's own wording (locales.Demo) under the
	// operator's overlay: without a config file, and with --demo. It is
	// not a key of the file.
	DemoTexts bool
}

// NLUConfig tunes language understanding.
type NLUConfig struct {
	// OrderNumberPattern finds order numbers anywhere in a message.
	OrderNumberPattern *regexp.Regexp
	// ConfidenceThreshold is the confidence below which an intent is not
	// acted on.
	ConfidenceThreshold float64
}

// defaultOrderNumberPattern accepts 2 to 4 letters, an optional dash or
// space, and 4 to 10 digits: CL-482913, cl482913, CL 482913.
const defaultOrderNumberPattern = `(?i)\b[a-z]{2,4}[- ]?[0-9]{4,10}\b`

// defaultConfig returns the configuration used without a file: SPEC's
// figures for a shop in Europe/Paris.
func defaultConfig() Config {
	return Config{
		Shop:         demoShop(),
		Policy:       policy.Defaults(),
		Verification: defaultVerification(),
		NLU: NLUConfig{
			OrderNumberPattern:  regexp.MustCompile(defaultOrderNumberPattern),
			ConfidenceThreshold: 0.45,
		},
		HTTP:      defaultHTTP(),
		RateLimit: defaultRateLimit(),
		Retention: defaultRetention(),
	}
}

// demoShop is the shop used without a config file: the built-in demo shop,
// so that "serve --demo" has something true to say about itself.
func demoShop() ShopConfig {
	return ShopConfig{
		Name: "Opaline", Email: "service-client@opaline.example", Phone: "01 84 80 12 34",
		Website: "https://www.opaline.example", ContactURL: "https://www.opaline.example/contact",
		StoresURL: "https://www.opaline.example/boutiques", TrackingPageURL: "https://www.opaline.example/suivi",
		ReturnAddress:  "Opaline – Service retours, 12 rue des Orfèvres, 75001 Paris",
		OrderExample:   "OP-123456", // in the shop's format, and no order of the demo shop
		PaymentMethods: []string{"card", "paypal", "gift_card"}, FormReplyHours: [2]int{24, 48},
		DefaultLanguage:   locales.Languages[0],
		DeliveryCountries: []string{"FR", "BE", "LU", "CH", "MC"},
		DeliveryOptions:   []string{"home", "pickup_point", "express"},
		ShippingCents:     cents(490), FreeShippingFromCents: cents(6000),
		GiftWrapping: true, Instalments: 3, InstalmentsFromCents: 10000,
		Currency: "EUR", DemoTexts: true,
	}
}

func cents(n int64) *int64 { return &n }

// paymentMethods are the payment method keys the locales word.
var paymentMethods = []string{"card", "paypal", "gift_card", "apple_pay", "instalments"}

// deliveryOptions are the delivery option keys the locales word.
var deliveryOptions = []string{"home", "pickup_point", "express"}

// Load reads the config file at path over the defaults; an empty
// path means the defaults. Unknown keys and bad values are refused with an
// error naming the key.
func Load(path string) (Config, error) {
	return LoadEnv(path, nil)
}

// LoadEnv is Load with the SUPPORTBOT_<SECTION>_<KEY> variables of
// environ ("NAME=value", as os.Environ gives them) laid over the file:
// every setting of the file's sections can come from the environment,
// checked the same way.
func LoadEnv(path string, environ []string) (Config, error) {
	var data []byte
	if path != "" {
		var err error
		if data, err = os.ReadFile(path); err != nil {
			return Config{}, fmt.Errorf("config: %w", err)
		}
	}
	merged, err := withEnv(data, environ)
	if err != nil {
		return Config{}, err
	}
	if path == "" && bytes.Equal(merged, data) {
		return defaultConfig(), nil
	}
	return Parse(merged, path)
}

// Parse reads the content of the config file at path over the
// defaults. Relative paths in it are taken from the file's folder.
func Parse(data []byte, path string) (Config, error) {
	var f configFile
	md, err := toml.NewDecoder(bytes.NewReader(data)).Decode(&f)
	if err != nil {
		// The TOML errors name the line and the key already.
		return Config{}, fmt.Errorf("config: %s: %w", path, err)
	}
	if err := unknownKeys(md.Undecoded()); err != nil {
		return Config{}, err
	}
	c := defaultConfig()
	// A config file is a real shop: the built-in texts, which suit any
	// shop, rather than the demo jewellery shop's.
	c.Shop.DemoTexts = false
	steps := []func(*Config) error{
		f.Shop.apply, f.Hours.apply, f.Loyalty.apply, f.Returns.apply, f.applyFigures,
		f.Delivery.apply, f.applyCarriers, f.Verification.apply, f.NLU.apply, f.HTTP.apply,
		f.RateLimit.apply, f.Retention.apply,
	}
	for _, step := range steps {
		if err := step(&c); err != nil {
			return Config{}, fmt.Errorf("config: %w", err)
		}
	}
	if err := c.Shop.resolveLocales(filepath.Dir(path)); err != nil {
		return Config{}, fmt.Errorf("config: %w", err)
	}
	if err := c.Policy.Validate(); err != nil {
		return Config{}, fmt.Errorf("config: %w", err)
	}
	if err := c.checkTexts(); err != nil {
		return Config{}, fmt.Errorf("config: %w", err)
	}
	return c, nil
}

// unknownKeys refuses keys the program does not read, so that a typo is
// not silently ignored — and a secret put in the file by mistake is
// pointed out rather than used.
func unknownKeys(keys []toml.Key) error {
	var names []string
	secret := false
	for i, k := range keys {
		// An unknown table is listed before its keys: name the keys only.
		if i+1 < len(keys) && strings.HasPrefix(keys[i+1].String(), k.String()+".") {
			continue
		}
		names = append(names, fmt.Sprintf("%q", k.String()))
		last := strings.ToLower(k[len(k)-1])
		for _, word := range []string{"token", "secret", "password", "key"} {
			secret = secret || strings.Contains(last, word)
		}
	}
	if len(names) == 0 {
		return nil
	}
	msg := "unknown key " + names[0]
	if len(names) > 1 {
		msg = "unknown keys " + strings.Join(names, ", ")
	}
	if secret {
		msg += " (secrets are read from the environment, never from this file)"
	}
	return errors.New("config: " + msg)
}

// configFile is the file's layout. Pointers tell a key left out, which keeps
// its default, from a key set to a zero value.
type configFile struct {
	Shop         shopFile    `toml:"shop"`
	Hours        hoursFile   `toml:"hours"`
	Loyalty      loyaltyFile `toml:"loyalty"`
	Returns      returnsFile `toml:"returns"`
	Cancellation struct {
		Hours *int `toml:"hours"`
	} `toml:"cancellation"`
	Warranty struct {
		Years *int `toml:"years"`
	} `toml:"warranty"`
	Promotions struct {
		CodesPerOrder *int `toml:"codes_per_order"`
	} `toml:"promotions"`
	Refunds struct {
		Days *int `toml:"days"`
	} `toml:"refunds"`
	Invoices struct {
		URLTemplate *string `toml:"url_template"`
	} `toml:"invoices"`
	Delivery     deliveryFile           `toml:"delivery"`
	Carriers     map[string]carrierFile `toml:"carriers"`
	Verification verificationFile       `toml:"verification"`
	NLU          nluFile                `toml:"nlu"`
	HTTP         httpFile               `toml:"http"`
	RateLimit    rateLimitFile          `toml:"rate_limit"`
	Retention    retentionFile          `toml:"retention"`
}

func set[T any](dst *T, src *T) {
	if src != nil {
		*dst = *src
	}
}

type hoursFile struct {
	Timezone    *string  `toml:"timezone"`
	Days        []string `toml:"days"`
	Open        *string  `toml:"open"`
	Close       *string  `toml:"close"`
	ClosedDates []string `toml:"closed_dates"`
}

func (f hoursFile) apply(c *Config) error {
	p, h := &c.Policy, &c.Policy.Hours
	if f.Timezone != nil {
		loc, err := parseTimezone(*f.Timezone)
		if err != nil {
			return fmt.Errorf("hours.timezone: %w", err)
		}
		p.Location = loc
	}
	if f.Days != nil {
		h.Days = h.Days[:0:0]
		for _, s := range f.Days {
			d, ok := weekdays[strings.ToLower(strings.TrimSpace(s))]
			if !ok {
				return fmt.Errorf("hours.days: unknown day %q, want mon, tue, wed, thu, fri, sat or sun", s)
			}
			h.Days = append(h.Days, d)
		}
	}
	var err error
	if f.Open != nil {
		if h.Open, err = parseClock(*f.Open, false); err != nil {
			return fmt.Errorf("hours.open: %w", err)
		}
	}
	if f.Close != nil {
		if h.Close, err = parseClock(*f.Close, true); err != nil {
			return fmt.Errorf("hours.close: %w", err)
		}
	}
	if f.ClosedDates != nil {
		h.Closed = nil
		for i, s := range f.ClosedDates {
			t, err := time.Parse("2006-01-02", strings.TrimSpace(s))
			if err != nil {
				return fmt.Errorf("hours.closed_dates[%d]: want YYYY-MM-DD, got %q", i, s)
			}
			h.Closed = append(h.Closed, policy.DateOf(t, time.UTC))
		}
	}
	return nil
}

func parseTimezone(name string) (*time.Location, error) {
	switch name {
	case "":
		return nil, errors.New("must name a zone such as \"Europe/Paris\"")
	case "Local":
		return nil, errors.New("\"Local\" depends on the machine; name the shop's zone, such as \"Europe/Paris\"")
	}
	loc, err := time.LoadLocation(name)
	if err != nil {
		return nil, fmt.Errorf("unknown time zone %q", name)
	}
	return loc, nil
}

var weekdays = map[string]time.Weekday{
	"mon": time.Monday, "tue": time.Tuesday, "wed": time.Wednesday, "thu": time.Thursday,
	"fri": time.Friday, "sat": time.Saturday, "sun": time.Sunday,
}

// parseClock reads "09:00" as the time since midnight; "24:00" only as a
// closing time.
func parseClock(s string, closing bool) (time.Duration, error) {
	if closing && s == "24:00" {
		return 24 * time.Hour, nil
	}
	t, err := time.Parse("15:04", s)
	if err != nil {
		return 0, fmt.Errorf("want HH:MM, got %q", s)
	}
	return time.Duration(t.Hour())*time.Hour + time.Duration(t.Minute())*time.Minute, nil
}

type loyaltyFile struct {
	PointsPerUnit *int `toml:"points_per_unit"`
	PointsPerEuro *int `toml:"points_per_euro"` // the older name of points_per_unit
	PendingDays   *int `toml:"pending_days"`
	Tiers         []struct {
		Points int    `toml:"points"`
		Reward string `toml:"reward"`
	} `toml:"tiers"`
}

func (f loyaltyFile) apply(c *Config) error {
	l := &c.Policy.Loyalty
	points, key := f.PointsPerUnit, "loyalty.points_per_unit"
	switch {
	case f.PointsPerUnit != nil && f.PointsPerEuro != nil:
		return errors.New("loyalty.points_per_euro: the older name of loyalty.points_per_unit: set one of them")
	case f.PointsPerEuro != nil:
		points, key = f.PointsPerEuro, "loyalty.points_per_euro"
	}
	if points != nil && (*points < 0 || *points > 100) {
		// Checked here to name the key the file wrote.
		return fmt.Errorf("%s: must be between 0 and 100, got %d", key, *points)
	}
	set(&l.PointsPerEuro, points)
	set(&l.PendingDays, f.PendingDays)
	if f.Tiers != nil {
		l.Tiers = nil
		for _, t := range f.Tiers {
			l.Tiers = append(l.Tiers, policy.Tier{Points: t.Points, Reward: t.Reward})
		}
	}
	return nil
}

type returnsFile struct {
	Days         *int    `toml:"days"`
	ExchangeDays *int    `toml:"exchange_days"`
	HolidayStart *string `toml:"holiday_start"`
	HolidayEnd   *string `toml:"holiday_end"`
	HolidayUntil *string `toml:"holiday_until"`
}

func (f returnsFile) apply(c *Config) error {
	r := &c.Policy.Returns
	set(&r.Days, f.Days)
	set(&r.ExchangeDays, f.ExchangeDays)
	days := []struct {
		key string
		src *string
		dst *policy.MonthDay
	}{
		{"returns.holiday_start", f.HolidayStart, &r.HolidayStart},
		{"returns.holiday_end", f.HolidayEnd, &r.HolidayEnd},
		{"returns.holiday_until", f.HolidayUntil, &r.HolidayUntil},
	}
	for _, d := range days {
		if d.src == nil {
			continue
		}
		if *d.src == "" {
			*d.dst = policy.MonthDay{}
			continue
		}
		t, err := time.Parse("01-02", *d.src)
		if err != nil {
			return fmt.Errorf("%s: want MM-DD (\"11-01\" for 1 November) or \"\", got %q", d.key, *d.src)
		}
		*d.dst = policy.MonthDay{Month: t.Month(), Day: t.Day()}
	}
	return nil
}

// applyFigures sets the single-figure sections.
func (f configFile) applyFigures(c *Config) error {
	set(&c.Policy.Cancellation.Hours, f.Cancellation.Hours)
	set(&c.Policy.Warranty.Years, f.Warranty.Years)
	set(&c.Policy.Promotions.CodesPerOrder, f.Promotions.CodesPerOrder)
	set(&c.Policy.Refunds.Days, f.Refunds.Days)
	set(&c.Policy.Invoices.URLTemplate, f.Invoices.URLTemplate)
	return nil
}

type deliveryFile struct {
	PendingHours         []int `toml:"pending_hours"`
	ShippedHours         []int `toml:"shipped_hours"`
	InTransitWorkingDays []int `toml:"in_transit_working_days"`
	DeliveryWorkingDays  []int `toml:"delivery_working_days"`
}

func (f deliveryFile) apply(c *Config) error {
	d := &c.Policy.Delivery
	pairs := []struct {
		key  string
		src  []int
		dst  *policy.Delay
		unit policy.Unit
	}{
		{"delivery.pending_hours", f.PendingHours, &d.Pending, policy.UnitHours},
		{"delivery.shipped_hours", f.ShippedHours, &d.Shipped, policy.UnitHours},
		{"delivery.in_transit_working_days", f.InTransitWorkingDays, &d.InTransit, policy.UnitWorkingDays},
		{"delivery.delivery_working_days", f.DeliveryWorkingDays, &d.Delivery, policy.UnitWorkingDays},
	}
	for _, p := range pairs {
		if p.src == nil {
			continue
		}
		if len(p.src) != 2 {
			return fmt.Errorf("%s: want [min, max], got %d values", p.key, len(p.src))
		}
		*p.dst = policy.Delay{Min: p.src[0], Max: p.src[1], Unit: p.unit}
	}
	return nil
}

type carrierFile struct {
	Name        *string `toml:"name"`
	TrackingURL *string `toml:"tracking_url"`
}

// applyCarriers adds the file's carriers to the built-in ones; a built-in
// carrier named in the file keeps what the file leaves out.
func (f configFile) applyCarriers(c *Config) error {
	for key, cf := range f.Carriers {
		car := c.Policy.Carriers[key]
		set(&car.Name, cf.Name)
		set(&car.TrackingURL, cf.TrackingURL)
		car.Name, car.TrackingURL = strings.TrimSpace(car.Name), strings.TrimSpace(car.TrackingURL)
		c.Policy.Carriers[key] = car
	}
	return nil
}

type nluFile struct {
	OrderNumberPattern  *string  `toml:"order_number_pattern"`
	ConfidenceThreshold *float64 `toml:"confidence_threshold"`
}

func (f nluFile) apply(c *Config) error {
	n := &c.NLU
	if f.OrderNumberPattern != nil {
		re, err := regexp.Compile(*f.OrderNumberPattern)
		if err != nil {
			return fmt.Errorf("nlu.order_number_pattern: %w", err)
		}
		if re.MatchString("") {
			return fmt.Errorf("nlu.order_number_pattern: matches the empty string: %q", *f.OrderNumberPattern)
		}
		n.OrderNumberPattern = re
	}
	set(&n.ConfidenceThreshold, f.ConfidenceThreshold)
	if t := n.ConfidenceThreshold; math.IsNaN(t) || t < 0 || t > 1 {
		return fmt.Errorf("nlu.confidence_threshold: must be between 0 and 1, got %v", t)
	}
	return nil
}
