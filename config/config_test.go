package config

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"supportbot/bot/policy"
)

// configCmp compares configs by zone name and pattern text.
var configCmp = []cmp.Option{
	cmp.Comparer(func(a, b *time.Location) bool { return a.String() == b.String() }),
	cmp.Comparer(func(a, b *regexp.Regexp) bool { return a.String() == b.String() }),
}

func mustLoadConfig(tb testing.TB, path string) Config {
	tb.Helper()
	c, err := Load(path)
	if err != nil {
		tb.Fatalf("Load(%q) = %v", path, err)
	}
	return c
}

func TestLoadConfigDefaults(t *testing.T) {
	got := mustLoadConfig(t, "")
	if diff := cmp.Diff(defaultConfig(), got, configCmp...); diff != "" {
		t.Errorf("Load(\"\") mismatch (-want +got):\n%s", diff)
	}
	if err := got.Policy.Validate(); err != nil {
		t.Errorf("default policy: %v", err)
	}
	for _, s := range []string{"CL-482913", "cl482913", "CL 482913", "abcd1234567890"} {
		if !got.NLU.OrderNumberPattern.MatchString(s) {
			t.Errorf("default order number pattern refuses %q", s)
		}
	}
	for _, s := range []string{"C-482913", "CL-123", "CLIENT-482913", "CL--482913"} {
		if got.NLU.OrderNumberPattern.MatchString(s) {
			t.Errorf("default order number pattern accepts %q", s)
		}
	}
}

// The example file documents the defaults: loading it gives them, apart
// from the shop's details and the closed dates it shows as examples.
func TestExampleConfigIsTheDefaults(t *testing.T) {
	got := mustLoadConfig(t, filepath.Join("..", "supportbot.example.toml"))
	if got.Shop.Name == "" || len(got.Policy.Hours.Closed) == 0 {
		t.Errorf("example sets no shop name or closed dates: %+v", got)
	}
	want := defaultConfig()
	want.Shop = got.Shop
	want.Policy.Hours.Closed = got.Policy.Hours.Closed
	if diff := cmp.Diff(want, got, configCmp...); diff != "" {
		t.Errorf("example config differs from the defaults (-want +got):\n%s", diff)
	}
}

func TestLoadConfigFull(t *testing.T) {
	got := mustLoadConfig(t, filepath.Join("testdata", "good", "full.toml"))
	want := defaultConfig()
	montreal, err := time.LoadLocation("America/Montreal")
	if err != nil {
		t.Fatal(err)
	}
	overlay, err := filepath.Abs(filepath.Join("testdata", "good", "texts"))
	if err != nil {
		t.Fatal(err)
	}
	tree, err := filepath.Abs(filepath.Join("..", "locales"))
	if err != nil {
		t.Fatal(err)
	}
	// Keys the file leaves out keep the built-in shop's values.
	want.Shop.Name, want.Shop.Email, want.Shop.Phone = "Bijoux Lune", "aide@bijoux-lune.example", "+1 514 555 0100"
	want.Shop.Website, want.Shop.DefaultLanguage = "https://bijoux-lune.example/aide", "en"
	want.Shop.LocalesDir, want.Shop.LocalesOverlay, want.Shop.Currency = tree, overlay, "CAD"
	want.Shop.DemoTexts = false // a config file is a real shop
	want.Shop.DeliveryCountries, want.Shop.DeliveryOptions = []string{"CA", "US"}, []string{"home"}
	want.Shop.ShippingCents, want.Shop.FreeShippingFromCents = cents(1200), cents(14950)
	want.Shop.GiftWrapping, want.Shop.GiftWrappingCents = true, 350
	want.Shop.Instalments, want.Shop.InstalmentsFromCents = 4, 0
	p := &want.Policy
	p.Location = montreal
	p.Hours = policy.BusinessHours{
		Days:   []time.Weekday{time.Tuesday, time.Wednesday, time.Thursday, time.Friday, time.Saturday},
		Open:   10*time.Hour + 30*time.Minute,
		Close:  24 * time.Hour,
		Closed: []policy.Date{{Year: 2026, Month: time.July, Day: 1}, {Year: 2026, Month: time.December, Day: 25}},
	}
	p.Loyalty = policy.LoyaltyRules{PointsPerEuro: 2, PendingDays: 30, Tiers: []policy.Tier{{Points: 100, Reward: "welcome_gift"}, {Points: 2500, Reward: "vip"}}}
	p.Returns = policy.ReturnRules{Days: 14, HolidayStart: policy.MonthDay{Month: time.December, Day: 1},
		HolidayEnd: policy.MonthDay{Month: time.January, Day: 15}, HolidayUntil: policy.MonthDay{Month: time.February, Day: 28},
		ExchangeDays: 30}
	p.Cancellation.Hours, p.Warranty.Years = 2, 5
	p.Delivery = policy.DeliveryDelays{
		Pending: policy.Delay{Min: 2, Max: 6, Unit: policy.UnitHours}, Shipped: policy.Delay{Min: 12, Max: 24, Unit: policy.UnitHours},
		InTransit: policy.Delay{Min: 1, Max: 2, Unit: policy.UnitWorkingDays}, Delivery: policy.Delay{Min: 1, Max: 3, Unit: policy.UnitWorkingDays},
	}
	// A built-in carrier named in the file keeps its tracking page.
	p.Carriers["dhl"] = policy.Carrier{Name: "DHL Express", TrackingURL: p.Carriers["dhl"].TrackingURL}
	p.Carriers["gls"] = policy.Carrier{Name: "GLS", TrackingURL: "https://gls-group.com/FR/fr/suivi-colis?match={tracking}"}
	p.Carriers["coursier"] = policy.Carrier{Name: "Coursier à vélo"}
	want.Verification = VerificationConfig{MaxAttempts: 3, Window: time.Hour, Lockout: 30 * time.Minute, WebIdle: 2 * time.Hour}
	want.NLU = NLUConfig{OrderNumberPattern: regexp.MustCompile(`\b[0-9]{6}\b`), ConfidenceThreshold: 0.7}
	want.HTTP = HTTPConfig{
		MaxBodyBytes:   128 << 10,
		AllowedOrigins: []string{"https://www.bijoux-lune.example", "https://boutique.bijoux-lune.example"},
		ClientIPHeader: "X-Forwarded-For", TrustedProxies: []string{"127.0.0.1", "10.0.0.0/8"},
		ReadTimeout: 20 * time.Second, WriteTimeout: time.Minute, IdleTimeout: 2 * time.Minute, MaxHeaderBytes: 8192,
	}
	want.RateLimit = RateLimitConfig{ClientRequestsPerMinute: 600, ClientFailedChecksPerHour: 10, ConnectionsPerClient: 200}
	want.Retention = RetentionConfig{TranscriptDays: 30, AttemptDays: 7}
	if diff := cmp.Diff(want, got, configCmp...); diff != "" {
		t.Errorf("Load(full.toml) mismatch (-want +got):\n%s", diff)
	}
}

func TestLoadConfigGood(t *testing.T) {
	tests := []struct {
		file  string
		check func(c Config) string // what is wrong, or ""
	}{
		{"empty.toml", func(c Config) string {
			want := defaultConfig()
			want.Shop.DemoTexts = false // a file is a real shop, in the built-in texts
			if d := cmp.Diff(want, c, configCmp...); d != "" {
				return "not the defaults: " + d
			}
			return ""
		}},
		{"optional_off.toml", func(c Config) string {
			s := c.Shop
			if len(s.DeliveryCountries) != 0 || len(s.DeliveryOptions) != 0 || s.ShippingCents != nil ||
				s.FreeShippingFromCents != nil || s.GiftWrapping || s.Instalments != 0 {
				return fmt.Sprintf("optional figures still set: %+v", s)
			}
			return ""
		}},
		{"holiday_off.toml", func(c Config) string {
			r := c.Policy.Returns
			if !r.HolidayStart.IsZero() || !r.HolidayEnd.IsZero() || !r.HolidayUntil.IsZero() {
				return "holiday extension still on"
			}
			if c.Policy.Cancellation.Hours != 0 || c.Policy.Hours.Closed != nil {
				return "cancellation hours or closed dates not cleared"
			}
			return ""
		}},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			c := mustLoadConfig(t, filepath.Join("testdata", "good", tt.file))
			if problem := tt.check(c); problem != "" {
				t.Error(problem)
			}
		})
	}
}

func TestLoadConfigBad(t *testing.T) {
	tests := []struct {
		file string
		want string // the whole message; "…" stands for any text
	}{
		{"unknown_key", `config: unknown key "shop.token" (secrets are read from the environment, never from this file)`},
		{"unknown_keys", `config: unknown keys "slack.channel", "shop.colour"`},
		{"unknown_carrier_key", `config: unknown key "carriers.dhl.api_key" (secrets…`},
		{"syntax", `config: testdata/bad/syntax.toml: toml: line 2: expected '.' or ']' to end table name…`},
		{"wrong_type", `config: testdata/bad/wrong_type.toml: toml: line 2 (last key "returns.days"): incompatible types…`},
		{"timezone", `config: hours.timezone: unknown time zone "Europe/Pariss"`},
		{"timezone_local", `config: hours.timezone: "Local" depends on the machine…`},
		{"timezone_empty", `config: hours.timezone: must name a zone…`},
		{"day", `config: hours.days: unknown day "lundi", want mon, tue, wed, thu, fri, sat or sun`},
		{"no_days", `config: hours.days: must name at least one day`},
		{"day_twice", `config: hours.days: Monday is listed twice`},
		{"open", `config: hours.open: want HH:MM, got "9h"`},
		{"open_24", `config: hours.open: want HH:MM, got "24:00"`},
		{"close_before_open", `config: hours.close: must be after hours.open…`},
		{"closed_date", `config: hours.closed_dates[1]: want YYYY-MM-DD, got "25/12/2026"`},
		{"points_per_euro", `config: loyalty.points_per_euro: must be between 0 and 100, got -1`},
		{"points_per_unit", `config: loyalty.points_per_unit: must be between 0 and 100, got 101`},
		{"points_both_names", `config: loyalty.points_per_euro: the older name of loyalty.points_per_unit: set one of them`},
		{"currency", `config: shop.currency: want an ISO 4217 code such as "EUR" or "CAD", got "dollars"`},
		{"currency_decimals", `config: shop.currency: KWD has 3 decimals; amounts are kept in cents, so at most 2`},
		{"pending_days", `config: loyalty.pending_days: must be between 0 and 365, got 1000`},
		{"tiers_order", `config: loyalty.tiers[1].points: must be above the previous tier's 300, got 150`},
		{"tier_reward", `config: loyalty.tiers[0].reward: must be a key…`},
		{"tier_points", `config: loyalty.tiers[0].points: must be positive, got 0`},
		{"reward_text", `config: loyalty.tiers[0].reward: "free_coffee" has no words in fr: add reward_free_coffee = "…" to fr/messages.toml in the folder shop.locales_overlay names`},
		{"reward_text_english", `config: loyalty.tiers[0].reward: "free_coffee" has no words in en: add reward_free_coffee = "…" to en/messages.toml…`},
		{"returns_days", `config: returns.days: must be between 1 and 365, got 0`},
		{"holiday_format", `config: returns.holiday_start: want MM-DD…`},
		{"holiday_partial", `config: returns.holiday_until: holiday_start, holiday_end and holiday_until go together…`},
		{"holiday_feb29", `config: returns.holiday_until: not a day that exists every year: 02-29`},
		{"cancellation", `config: cancellation.hours: must be between 0 and 720, got -1`},
		{"warranty", `config: warranty.years: must be between 0 and 10, got 20`},
		{"delivery_pair", `config: delivery.pending_hours: want [min, max], got 1 values`},
		{"delivery_reversed", `config: delivery.in_transit_working_days: must be [min, max] with 0 <= min <= max <= 60, got [4, 2]`},
		{"carrier_url", `config: carriers.gls.tracking_url: must contain {tracking}`},
		{"carrier_scheme", `config: carriers.gls.tracking_url: must be an http or https URL…`},
		{"carrier_no_name", `config: carriers.gls.name: must not be empty`},
		{"carrier_key", `config: carriers.La Poste: key must be lower-case letters, digits and _`},
		{"max_attempts", `config: verification.max_attempts: must be between 1 and 100, got 0`},
		{"window", `config: verification.window: want a duration between 1s and 24h such as "15m", got "15 minutes"`},
		{"lockout", `config: verification.lockout: want a duration…`},
		{"pattern", "config: nlu.order_number_pattern: error parsing regexp…"},
		{"pattern_empty", `config: nlu.order_number_pattern: matches the empty string: "[A-Z]*"`},
		{"threshold", `config: nlu.confidence_threshold: must be between 0 and 1, got 1.5`},
		{"max_body", `config: http.max_body_bytes: must be between 1024 and 67108864, got 10`},
		{"web_idle", `config: verification.web_idle: want a duration between 1m and 720h such as "15m", got "10s"`},
		{"shop_failures", `config: verification.shop_failures_per_minute: must be between 0 (no ceiling) and 1000000, got -1`},
		{"allowed_origin", `config: http.allowed_origins[0]: origin "www.shop.example": want scheme://host[:port], such as https://www.shop.example`},
		{"proxy_header_alone", `config: http.trusted_proxies: a client address header (X-Forwarded-For) needs the trusted proxies that set it`},
		{"proxy_header", `config: http.client_ip_header: want X-Forwarded-For, X-Real-IP, …, got "X-Client"`},
		{"idle_timeout", `config: http.idle_timeout: want a duration between 1s and 1h such as "15m", got "0s"`},
		{"max_header_bytes", `config: http.max_header_bytes: must be between 4096 and 1048576, got 100`},
		{"rate_limit", `config: rate_limit.client_requests_per_minute: must be between 0 (no limit) and 1000000, got -5`},
		{"retention", `config: retention.transcript_days: must be between 0 (keep for ever) and 36500, got -1`},
		{"language", `config: shop.default_language: must be one of fr, en, got "de"`},
		{"email", `config: shop.email: not an e-mail address: "not an address"`},
		{"website", `config: shop.website: must be an http or https URL, got "www.example.com"`},
		{"locales_dir", `config: shop.locales_dir: /…/config/testdata/bad/no/such/folder has no fr folder (it replaces…`},
		{"locales_overlay", `config: shop.locales_overlay: /…/config/testdata/bad/no/such/folder is not a folder`},
		{"locales_overlay_typo", `config: shop.locales_overlay: texts: en/messages.toml: no built-in message "button_humain" to replace (an overlay may add only reward_<key>)`},
		{"name_newline", `config: shop.name, shop.phone: must fit on one line`},
		{"delivery_country", `config: shop.delivery_countries[1]: want a two-letter ISO 3166 country code such as "FR", got "EU"`},
		{"delivery_country_long", `config: shop.delivery_countries[0]: want a two-letter ISO 3166 country code…, got "FRA"`},
		{"delivery_option", `config: shop.delivery_options[1]: unknown option "drone", want one of home, pickup_point, express`},
		{"shipping_price", `config: shop.shipping_price: want an amount in the shop's currency such as 4.90, or "" to leave it out, got "4,90"`},
		{"shipping_price_cents", `config: shop.shipping_price: want an amount in the shop's currency such as 4.90, or "" to leave it out (0 to 100000, at most two decimals), got 4.905`},
		{"shipping_price_negative", `config: shop.shipping_price: want an amount… (0 to 100000, at most two decimals), got -1`},
		{"shipping_price_type", `config: shop.shipping_price: want an amount…, got true`},
		{"free_shipping_zero", `config: shop.free_shipping_from: must be above 0, or "" for no threshold…`},
		{"gift_wrapping_price", `config: shop.gift_wrapping_price: want an amount in the shop's currency such as 4.90, got ""`},
		{"instalments", `config: shop.instalments: must be 0 (not offered) or between 2 and 12, got 1`},
		{"instalments_method", `config: shop.payment_methods: "instalments" needs shop.instalments, the number of instalments`},
		{"instalments_from", `config: shop.instalments_from: want an amount in the shop's currency such as 4.90 (0 to 100000, at most two decimals), got 1000000`},
	}
	files, err := filepath.Glob(filepath.Join("testdata", "bad", "*.toml"))
	if err != nil {
		t.Fatal(err)
	}
	if len(files) != len(tests) {
		t.Errorf("%d files in testdata/bad, %d cases: every file needs a case", len(files), len(tests))
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			_, err := Load(filepath.Join("testdata", "bad", tt.file+".toml"))
			if err == nil {
				t.Fatalf("Load() = nil error, want %q", tt.want)
			}
			if got := err.Error(); !matchElided(tt.want, got) {
				t.Errorf("Load() = %q, want %q", got, tt.want)
			}
		})
	}
}

// matchElided reports whether got is want with each "…" standing for any
// text.
func matchElided(want, got string) bool {
	parts := strings.Split(want, "…")
	for i, p := range parts {
		parts[i] = regexp.QuoteMeta(p)
	}
	return regexp.MustCompile("^(?s:" + strings.Join(parts, ".*") + ")$").MatchString(got)
}

func TestLoadConfigMissingFile(t *testing.T) {
	_, err := Load(filepath.Join(t.TempDir(), "nope.toml"))
	if err == nil || !strings.HasPrefix(err.Error(), "config: open ") {
		t.Errorf("Load(missing) = %v, want config: open …", err)
	}
}

// FuzzParseConfig checks that no file makes the loader panic, and that
// whatever it accepts is a valid policy.
func FuzzParseConfig(f *testing.F) {
	for _, dir := range []string{"good", "bad"} {
		files, _ := filepath.Glob(filepath.Join("testdata", dir, "*.toml"))
		for _, file := range files {
			data, err := os.ReadFile(file)
			if err != nil {
				f.Fatal(err)
			}
			f.Add(data)
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		c, err := Parse(data, filepath.Join("testdata", "good", "fuzz.toml"))
		if err != nil {
			if !strings.HasPrefix(err.Error(), "config: ") {
				t.Errorf("error %q does not start with config:", err)
			}
			return
		}
		if err := c.Policy.Validate(); err != nil {
			t.Errorf("accepted an invalid policy: %v", err)
		}
		if c.NLU.OrderNumberPattern == nil || c.Policy.Location == nil {
			t.Errorf("accepted a config without a pattern or a time zone")
		}
	})
}
