package policy

import (
	"errors"
	"testing"
	"time"
)

func TestDefaultsAreValid(t *testing.T) {
	if err := Defaults().Validate(); err != nil {
		t.Fatalf("Defaults().Validate() = %v, want nil", err)
	}
}

func TestDefaultsFigures(t *testing.T) {
	c := Defaults()
	if got, want := c.Location.String(), "Europe/Paris"; got != want {
		t.Errorf("Location = %q, want %q", got, want)
	}
	if got := c.Loyalty.Tiers; len(got) != 4 || got[0].Points != 150 || got[3].Points != 1000 || got[3].Reward != "ambassador" {
		t.Errorf("Tiers = %v, want 150…1000 ending with ambassador", got)
	}
	if c.Returns.Days != 30 || c.Cancellation.Hours != 24 || c.Warranty.Years != 2 || c.Loyalty.PendingDays != 14 {
		t.Errorf("figures = returns %d, cancel %d, warranty %d, pending %d; want 30, 24, 2, 14",
			c.Returns.Days, c.Cancellation.Hours, c.Warranty.Years, c.Loyalty.PendingDays)
	}
	for _, key := range []string{"colissimo", "mondial_relay", "chronopost", "dhl", "ups"} {
		if _, ok := c.Carriers[key]; !ok {
			t.Errorf("carrier %q missing from defaults", key)
		}
	}
}

func TestValidate(t *testing.T) {
	tests := []struct {
		name   string
		change func(c *Config)
		field  string // "" when valid
	}{
		{"no location", func(c *Config) { c.Location = nil }, "hours.timezone"},
		{"returns days 0", func(c *Config) { c.Returns.Days = 0 }, "returns.days"},
		{"returns days 366", func(c *Config) { c.Returns.Days = 366 }, "returns.days"},
		{"returns days 365", func(c *Config) { c.Returns.Days = 365 }, ""},
		{"negative points", func(c *Config) { c.Loyalty.PointsPerEuro = -1 }, "loyalty.points_per_unit"},
		{"pending days", func(c *Config) { c.Loyalty.PendingDays = 400 }, "loyalty.pending_days"},
		{"tiers not increasing", func(c *Config) { c.Loyalty.Tiers[2].Points = 300 }, "loyalty.tiers[2].points"},
		{"tier zero", func(c *Config) { c.Loyalty.Tiers[0].Points = 0 }, "loyalty.tiers[0].points"},
		{"tier reward not a key", func(c *Config) { c.Loyalty.Tiers[1].Reward = "10€ gift" }, "loyalty.tiers[1].reward"},
		{"no tiers", func(c *Config) { c.Loyalty.Tiers = nil }, ""},
		{"holiday 29 February", func(c *Config) { c.Returns.HolidayUntil = MonthDay{time.February, 29} }, "returns.holiday_until"},
		{"holiday 31 April", func(c *Config) { c.Returns.HolidayStart = MonthDay{time.April, 31} }, "returns.holiday_start"},
		{"holiday partly set", func(c *Config) { c.Returns.HolidayEnd = MonthDay{} }, "returns.holiday_until"},
		{"holiday off", func(c *Config) {
			c.Returns.HolidayStart, c.Returns.HolidayEnd, c.Returns.HolidayUntil = MonthDay{}, MonthDay{}, MonthDay{}
		}, ""},
		{"cancellation off", func(c *Config) { c.Cancellation.Hours = 0 }, ""},
		{"cancellation negative", func(c *Config) { c.Cancellation.Hours = -1 }, "cancellation.hours"},
		{"warranty", func(c *Config) { c.Warranty.Years = 11 }, "warranty.years"},
		{"delay reversed", func(c *Config) { c.Delivery.Pending = Delay{24, 12, UnitHours} }, "delivery.pending_hours"},
		{"delay wrong unit", func(c *Config) { c.Delivery.InTransit.Unit = UnitHours }, "delivery.in_transit_working_days"},
		{"delay too long", func(c *Config) { c.Delivery.Delivery.Max = 61 }, "delivery.delivery_working_days"},
		{"carrier without placeholder", func(c *Config) { c.Carriers["dhl"] = Carrier{Name: "DHL", TrackingURL: "https://dhl.com/"} }, "carriers.dhl.tracking_url"},
		{"carrier not http", func(c *Config) { c.Carriers["dhl"] = Carrier{Name: "DHL", TrackingURL: "javascript:{tracking}"} }, "carriers.dhl.tracking_url"},
		{"carrier no name", func(c *Config) { c.Carriers["gls"] = Carrier{TrackingURL: "https://gls.fr/{tracking}"} }, "carriers.gls.name"},
		{"carrier bad key", func(c *Config) { c.Carriers["La Poste"] = Carrier{Name: "La Poste"} }, "carriers.La Poste"},
		{"carrier without page", func(c *Config) { c.Carriers["coursier"] = Carrier{Name: "Coursier"} }, ""},
		{"no days", func(c *Config) { c.Hours.Days = nil }, "hours.days"},
		{"day twice", func(c *Config) { c.Hours.Days = append(c.Hours.Days, time.Monday) }, "hours.days"},
		{"close before open", func(c *Config) { c.Hours.Close = 8 * time.Hour }, "hours.close"},
		{"close at 24:00", func(c *Config) { c.Hours.Close = 24 * time.Hour }, ""},
		{"open at 24:00", func(c *Config) { c.Hours.Open = 24 * time.Hour }, "hours.open"},
		{"closed date invalid", func(c *Config) { c.Hours.Closed = []Date{{2026, time.February, 30}} }, "hours.closed_dates"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := Defaults()
			tt.change(&c)
			err := c.Validate()
			if tt.field == "" {
				if err != nil {
					t.Fatalf("Validate() = %v, want nil", err)
				}
				return
			}
			var fe *FieldError
			if !errors.As(err, &fe) {
				t.Fatalf("Validate() = %v, want a *FieldError for %s", err, tt.field)
			}
			if fe.Field != tt.field {
				t.Errorf("Validate() field = %q (%v), want %q", fe.Field, err, tt.field)
			}
		})
	}
}

func TestValidateMessage(t *testing.T) {
	c := Defaults()
	c.Returns.Days = 0
	if got, want := c.Validate().Error(), "returns.days: must be between 1 and 365, got 0"; got != want {
		t.Errorf("Validate() = %q, want %q", got, want)
	}
}
