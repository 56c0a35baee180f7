// Package policy holds the shop's rules — loyalty points, the return window,
// cancellation, delivery estimates, carriers' tracking links, business hours
// and the warranty — as pure functions of (configuration, data, now).
//
// No function here reads the clock or the database: the caller passes the
// customer's orders and the current time, so every rule can be tested at its
// exact edges (day 30 against day 31, 23:59 against 24:01) and the answers a
// customer gets are reproducible. Calendar rules (the end of a day, the
// holiday period, working days) are computed in the shop's time zone,
// Config.Location, whatever zone the times passed in carry.
//
// Decisions carry stable reason codes rather than sentences: the words a
// customer reads live in locales/, keyed by those codes.
package policy

import (
	"fmt"
	"net/url"
	"regexp"
	"strings"
	"time"

	"supportbot/storage"
)

// Config holds every figure of the shop's policies. Defaults returns the
// figures of SPEC §6; the operator overrides them in the config file.
type Config struct {
	// Location is the shop's time zone: the day boundaries of every
	// deadline and the business hours are taken there.
	Location *time.Location

	Loyalty      LoyaltyRules
	Returns      ReturnRules
	Cancellation CancelRules
	Warranty     WarrantyRules
	Delivery     DeliveryDelays
	// Carriers maps a carrier key, as stored on orders ("colissimo"), to its
	// display name and tracking link.
	Carriers   map[string]Carrier
	Hours      BusinessHours
	Promotions PromotionRules
	Refunds    RefundRules
	Invoices   InvoiceRules
}

// InvoiceRules say where customers find their invoices.
type InvoiceRules struct {
	// URLTemplate builds the link of an invoice the import gave without
	// one: {number} is replaced by the invoice number, {order} by the
	// order number. Empty: no link is built.
	URLTemplate string
}

// InvoiceURL returns the link of an order's invoice: the one given with
// the invoice, or the template's. It reports false when the order has no
// invoice or no link can be given.
func InvoiceURL(cfg Config, orderNumber string, inv storage.Invoice) (string, bool) {
	switch {
	case inv.Number == "":
		return "", false
	case inv.URL != "":
		return inv.URL, true
	case cfg.Invoices.URLTemplate == "":
		return "", false
	}
	r := strings.NewReplacer("{number}", url.PathEscape(inv.Number), "{order}", url.PathEscape(orderNumber))
	return r.Replace(cfg.Invoices.URLTemplate), true
}

// RefundRules configure what customers are told about refunds.
type RefundRules struct {
	// Days is how long a refund takes at most: from the cancellation of
	// an order, or from the reception of a return.
	Days int
}

// PromotionRules configure promo codes.
type PromotionRules struct {
	CodesPerOrder int // promo codes accepted on one order
}

// LoyaltyRules configure the loyalty programme.
type LoyaltyRules struct {
	// PointsPerEuro is the points earned per whole unit of an order total,
	// in the shop's currency: euros by default (hence the name).
	PointsPerEuro int
	PendingDays   int    // days before a purchase's points become available
	Tiers         []Tier // in increasing order of points
}

// Tier is a reward level of the loyalty programme.
type Tier struct {
	Points int
	// Reward is a message key ("free_accessory"); the text lives in locales.
	Reward string
}

// ReturnRules configure the return window.
type ReturnRules struct {
	Days int // days after delivery during which an item may be returned

	// Orders placed from HolidayStart to HolidayEnd (inclusive, shop time)
	// may be returned until the end of the next HolidayUntil, if that is
	// later than the normal window. All three zero: no holiday extension.
	HolidayStart MonthDay
	HolidayEnd   MonthDay
	HolidayUntil MonthDay

	// ExchangeDays is the exchange window, counted from the purchase.
	ExchangeDays int
}

// CancelRules configure order cancellation.
type CancelRules struct {
	Hours int // hours after ordering during which a pending order may be cancelled; 0: never
}

// WarrantyRules configure the warranty against manufacturing defects.
type WarrantyRules struct {
	Years int // years from the purchase date; 0: no warranty
}

// DeliveryDelays hold the expected delay of each order status, as SPEC §5 states
// them to the customer.
type DeliveryDelays struct {
	Pending   Delay // from placing the order to handing it to the carrier
	Shipped   Delay // from shipping to the first scan in the carrier's network
	InTransit Delay // on the way to the delivery point
	Delivery  Delay // from shipping to delivery, overall
}

// Unit is the unit of a Delay.
type Unit string

// Units of a Delay.
const (
	UnitHours       Unit = "hours"
	UnitWorkingDays Unit = "working_days"
)

// Delay is a window such as "12 to 24 hours" or "2 to 4 working days".
type Delay struct {
	Min, Max int
	Unit     Unit
}

// Carrier is a delivery company.
type Carrier struct {
	Name string // display name, "Colissimo"
	// TrackingURL is a link template where "{tracking}" stands for the
	// tracking number; empty if the carrier has no public tracking page.
	TrackingURL string
}

// TrackingPlaceholder is what a Carrier.TrackingURL template replaces with
// the tracking number.
const TrackingPlaceholder = "{tracking}"

// BusinessHours are when the support team works and a person answers.
type BusinessHours struct {
	Days        []time.Weekday // days the team works
	Open, Close time.Duration  // wall-clock time since midnight, Open < Close
	// Closed are dates when the team does not work (public holidays). They
	// are not working days for delivery estimates either.
	Closed []Date
}

// Date is a calendar day, without a time zone: it is read in the shop's.
type Date struct {
	Year  int
	Month time.Month
	Day   int
}

// String formats the date as 2006-01-02.
func (d Date) String() string { return fmt.Sprintf("%04d-%02d-%02d", d.Year, int(d.Month), d.Day) }

// MonthDay is a day of the year, such as 1 November.
type MonthDay struct {
	Month time.Month
	Day   int
}

// String formats the day as 01-02 (month-day).
func (m MonthDay) String() string { return fmt.Sprintf("%02d-%02d", int(m.Month), m.Day) }

// IsZero reports whether the day is unset.
func (m MonthDay) IsZero() bool { return m == MonthDay{} }

// Defaults returns the policies of SPEC §6 for a shop in Europe/Paris.
// It panics only if the binary lacks time zone data, which the command
// embeds (time/tzdata).
func Defaults() Config {
	loc, err := time.LoadLocation("Europe/Paris")
	if err != nil {
		panic(fmt.Sprintf("policy: loading Europe/Paris: %v", err))
	}
	return Config{
		Location: loc,
		Loyalty: LoyaltyRules{
			PointsPerEuro: 1,
			PendingDays:   14,
			Tiers: []Tier{
				{Points: 150, Reward: "birthday_early_access"},
				{Points: 300, Reward: "gift_card_or_donation"},
				{Points: 500, Reward: "free_accessory"},
				{Points: 1000, Reward: "ambassador"},
			},
		},
		Returns: ReturnRules{
			Days:         30,
			HolidayStart: MonthDay{time.November, 1},
			HolidayEnd:   MonthDay{time.December, 31},
			HolidayUntil: MonthDay{time.January, 31},
			ExchangeDays: 30,
		},
		Promotions:   PromotionRules{CodesPerOrder: 1},
		Refunds:      RefundRules{Days: 14},
		Cancellation: CancelRules{Hours: 24},
		Warranty:     WarrantyRules{Years: 2},
		Delivery: DeliveryDelays{
			Pending:   Delay{12, 24, UnitHours},
			Shipped:   Delay{24, 48, UnitHours},
			InTransit: Delay{2, 4, UnitWorkingDays},
			Delivery:  Delay{3, 5, UnitWorkingDays},
		},
		Carriers: DefaultCarriers(),
		Hours: BusinessHours{
			Days:  []time.Weekday{time.Monday, time.Tuesday, time.Wednesday, time.Thursday, time.Friday},
			Open:  9 * time.Hour,
			Close: 18 * time.Hour,
		},
	}
}

// DefaultCarriers returns the carriers common in France with their public
// tracking pages. The map is new on each call, so callers may change it.
func DefaultCarriers() map[string]Carrier {
	return map[string]Carrier{
		"colissimo":     {Name: "Colissimo", TrackingURL: "https://www.laposte.fr/outils/suivre-vos-envois?code={tracking}"},
		"mondial_relay": {Name: "Mondial Relay", TrackingURL: "https://www.mondialrelay.fr/suivi-de-colis/?numeroExpedition={tracking}"},
		"chronopost":    {Name: "Chronopost", TrackingURL: "https://www.chronopost.fr/tracking-no-cms/suivi-page?listeNumerosLT={tracking}"},
		"dhl":           {Name: "DHL", TrackingURL: "https://www.dhl.com/fr-fr/home/tracking/tracking-parcel.html?submit=1&tracking-id={tracking}"},
		"ups":           {Name: "UPS", TrackingURL: "https://www.ups.com/track?loc=fr_FR&tracknum={tracking}"},
	}
}

// FieldError is a configuration value Validate refuses. Field is the key as
// written in the config file ("returns.days"), so that the operator finds it.
type FieldError struct {
	Field   string
	Problem string
}

func (e *FieldError) Error() string { return e.Field + ": " + e.Problem }

func fieldErr(field, format string, args ...any) error {
	return &FieldError{Field: field, Problem: fmt.Sprintf(format, args...)}
}

func checkRange(field string, v, lo, hi int) error {
	if v < lo || v > hi {
		return fieldErr(field, "must be between %d and %d, got %d", lo, hi, v)
	}
	return nil
}

// Validate reports the first value that makes no sense as a *FieldError,
// or nil. Functions of this package assume a valid Config.
func (c Config) Validate() error {
	if c.Location == nil {
		return fieldErr("hours.timezone", "must be set")
	}
	checks := []func() error{c.validateLoyalty, c.validateReturns, c.validateDelivery, c.validateCarriers, c.validateHours}
	for _, check := range checks {
		if err := check(); err != nil {
			return err
		}
	}
	if err := checkRange("cancellation.hours", c.Cancellation.Hours, 0, 720); err != nil {
		return err
	}
	if err := checkRange("returns.exchange_days", c.Returns.ExchangeDays, 0, 365); err != nil {
		return err
	}
	if err := checkRange("promotions.codes_per_order", c.Promotions.CodesPerOrder, 0, 10); err != nil {
		return err
	}
	if err := checkRange("refunds.days", c.Refunds.Days, 1, 90); err != nil {
		return err
	}
	if err := c.validateInvoices(); err != nil {
		return err
	}
	return checkRange("warranty.years", c.Warranty.Years, 0, 10)
}

func (c Config) validateInvoices() error {
	t := c.Invoices.URLTemplate
	if t == "" {
		return nil
	}
	u, err := url.Parse(strings.NewReplacer("{number}", "N", "{order}", "O").Replace(t))
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		return fieldErr("invoices.url_template", "must be a link starting with https://, got %q", t)
	}
	if !strings.Contains(t, "{number}") && !strings.Contains(t, "{order}") {
		return fieldErr("invoices.url_template", "must contain {number} or {order}, got %q", t)
	}
	return nil
}

var rewardKey = regexp.MustCompile(`^[a-z][a-z0-9_]*$`)

func (c Config) validateLoyalty() error {
	l := c.Loyalty
	if err := checkRange("loyalty.points_per_unit", l.PointsPerEuro, 0, 100); err != nil {
		return err
	}
	if err := checkRange("loyalty.pending_days", l.PendingDays, 0, 365); err != nil {
		return err
	}
	for i, t := range l.Tiers {
		field := fmt.Sprintf("loyalty.tiers[%d]", i)
		if t.Points <= 0 {
			return fieldErr(field+".points", "must be positive, got %d", t.Points)
		}
		if i > 0 && t.Points <= l.Tiers[i-1].Points {
			return fieldErr(field+".points", "must be above the previous tier's %d, got %d", l.Tiers[i-1].Points, t.Points)
		}
		if !rewardKey.MatchString(t.Reward) {
			return fieldErr(field+".reward", "must be a key of lower-case letters, digits and _, got %q", t.Reward)
		}
	}
	return nil
}

func (c Config) validateReturns() error {
	r := c.Returns
	if err := checkRange("returns.days", r.Days, 1, 365); err != nil {
		return err
	}
	days := []struct {
		field string
		md    MonthDay
	}{{"returns.holiday_start", r.HolidayStart}, {"returns.holiday_end", r.HolidayEnd}, {"returns.holiday_until", r.HolidayUntil}}
	set := 0
	for _, d := range days {
		if d.md.IsZero() {
			continue
		}
		set++
		if !validMonthDay(d.md) {
			return fieldErr(d.field, "not a day that exists every year: %s", d.md)
		}
	}
	if set != 0 && set != len(days) {
		return fieldErr("returns.holiday_until", "holiday_start, holiday_end and holiday_until go together: set all three or none")
	}
	return nil
}

// validMonthDay refuses 29 February, which would make the holiday rules
// depend on leap years.
func validMonthDay(m MonthDay) bool {
	if m.Month < time.January || m.Month > time.December || m.Day < 1 {
		return false
	}
	return m.Day <= time.Date(2001, m.Month+1, 0, 0, 0, 0, 0, time.UTC).Day()
}

func (c Config) validateDelivery() error {
	delays := []struct {
		field string
		d     Delay
		unit  Unit
	}{
		{"delivery.pending_hours", c.Delivery.Pending, UnitHours},
		{"delivery.shipped_hours", c.Delivery.Shipped, UnitHours},
		{"delivery.in_transit_working_days", c.Delivery.InTransit, UnitWorkingDays},
		{"delivery.delivery_working_days", c.Delivery.Delivery, UnitWorkingDays},
	}
	for _, d := range delays {
		if d.d.Unit != d.unit {
			return fieldErr(d.field, "unit must be %s, got %q", d.unit, d.d.Unit)
		}
		limit := 720
		if d.unit == UnitWorkingDays {
			limit = 60
		}
		if d.d.Min < 0 || d.d.Max < d.d.Min || d.d.Max > limit {
			return fieldErr(d.field, "must be [min, max] with 0 <= min <= max <= %d, got [%d, %d]", limit, d.d.Min, d.d.Max)
		}
	}
	return nil
}

var carrierKey = regexp.MustCompile(`^[a-z0-9][a-z0-9_]*$`)

func (c Config) validateCarriers() error {
	for key, car := range c.Carriers {
		field := "carriers." + key
		if !carrierKey.MatchString(key) {
			return fieldErr(field, "key must be lower-case letters, digits and _")
		}
		if strings.TrimSpace(car.Name) == "" {
			return fieldErr(field+".name", "must not be empty")
		}
		if car.TrackingURL == "" {
			continue
		}
		if !strings.Contains(car.TrackingURL, TrackingPlaceholder) {
			return fieldErr(field+".tracking_url", "must contain %s", TrackingPlaceholder)
		}
		u, err := url.Parse(strings.ReplaceAll(car.TrackingURL, TrackingPlaceholder, "X"))
		if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
			return fieldErr(field+".tracking_url", "must be an http or https URL, got %q", car.TrackingURL)
		}
	}
	return nil
}

func (c Config) validateHours() error {
	h := c.Hours
	if len(h.Days) == 0 {
		return fieldErr("hours.days", "must name at least one day")
	}
	seen := map[time.Weekday]bool{}
	for _, d := range h.Days {
		if d < time.Sunday || d > time.Saturday {
			return fieldErr("hours.days", "not a day of the week: %d", d)
		}
		if seen[d] {
			return fieldErr("hours.days", "%s is listed twice", d)
		}
		seen[d] = true
	}
	if h.Open < 0 || h.Open >= 24*time.Hour {
		return fieldErr("hours.open", "must be a time of day, got %v", h.Open)
	}
	if h.Close <= h.Open || h.Close > 24*time.Hour {
		return fieldErr("hours.close", "must be after hours.open and at most 24:00, got %v", h.Close)
	}
	for _, d := range h.Closed {
		t := time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, time.UTC)
		if t.Year() != d.Year || t.Month() != d.Month || t.Day() != d.Day {
			return fieldErr("hours.closed_dates", "not a date: %s", d)
		}
	}
	return nil
}
