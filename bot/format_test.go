package bot

import (
	"testing"
	"time"

	"supportbot/bot/policy"
	"supportbot/intents"
)

func normalize(s string) string { return intents.Normalize(s) }

func TestFormat(t *testing.T) {
	paris, err := time.LoadLocation("Europe/Paris")
	if err != nil {
		t.Fatal(err)
	}
	f := formatter{texts: mustTexts(t), loc: paris}
	now := time.Date(2026, 11, 18, 10, 0, 0, 0, paris)
	day := time.Date(2026, 11, 24, 9, 5, 0, 0, paris)
	lastYear := time.Date(2025, 12, 1, 14, 0, 0, 0, paris)
	tests := []struct {
		name, got, want string
	}{
		{"fr date", f.date("fr", day, now), "mardi 24 novembre"},
		{"en date", f.date("en", day, now), "Tuesday 24 November"},
		{"fr date other year", f.date("fr", lastYear, now), "lundi 1er décembre 2025"},
		{"en date this year, long ago", f.date("en", time.Date(2026, 1, 31, 12, 0, 0, 0, paris), now), "Saturday 31 January 2026"},
		{"en date this year, months ago", f.date("en", time.Date(2026, 8, 3, 12, 0, 0, 0, paris), now), "Monday 3 August"},
		{"fr date time", f.dateTime("fr", day, now), "mardi 24 novembre à 9 h 05"},
		{"en date time", f.dateTime("en", day, now), "Tuesday 24 November at 9:05"},
		{"date in shop time", f.date("en", time.Date(2026, 11, 23, 23, 30, 0, 0, time.UTC), now), "Tuesday 24 November"},
		{"fr money", f.money("fr", 8950, "EUR"), "89,50\u00a0€"},
		{"en money", f.money("en", 8950, "EUR"), "€89.50"},
		{"fr thousands", f.money("fr", 123456789, "EUR"), "1\u202f234\u202f567,89\u00a0€"},
		{"en thousands", f.money("en", 100000, ""), "€1,000.00"},
		{"other currency", f.money("en", 1999, "usd"), "19.99\u00a0USD"},
		{"negative", f.money("en", -500, "EUR"), "-€5.00"},
		{"fr negative", f.money("fr", -500, "EUR"), "-5,00\u00a0€"},
		{"fr delay", f.delay("fr", policy.Delay{Min: 12, Max: 24, Unit: policy.UnitHours}), "12 à 24 heures"},
		{"en delay", f.delay("en", policy.Delay{Min: 2, Max: 4, Unit: policy.UnitWorkingDays}), "2 to 4 working days"},
		{"en exact delay", f.delay("en", policy.Delay{Min: 3, Max: 3, Unit: policy.UnitWorkingDays}), "3 working days"},
		{"fr exact delay of one", f.delay("fr", policy.Delay{Min: 1, Max: 1, Unit: policy.UnitWorkingDays}), "1 jour ouvré"},
	}
	for _, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("%s: got %q, want %q", tt.name, tt.got, tt.want)
		}
	}
}

// Amounts in the shop's currency carry its symbol, placed as each language
// wants; amounts in another currency its code.
func TestFormatCurrency(t *testing.T) {
	texts := mustTexts(t)
	shop := func(currency string) formatter { return formatter{texts: texts, loc: time.UTC, currency: currency} }
	tests := []struct {
		name, got, want string
	}{
		{"fr CAD", shop("CAD").money("fr", 123450, "CAD"), "1\u202f234,50\u00a0$"},
		{"en CAD", shop("CAD").money("en", 123450, "CAD"), "$1,234.50"},
		{"order without currency", shop("CAD").money("en", 500, ""), "$5.00"},
		{"lower-case code", shop("cad").money("en", 500, "cad"), "$5.00"},
		{"en negative CAD", shop("CAD").money("en", -500, "CAD"), "-$5.00"},
		{"euro order in a CAD shop", shop("CAD").money("en", 8950, "EUR"), "89.50\u00a0EUR"},
		{"en GBP", shop("GBP").money("en", 1999, "GBP"), "£19.99"},
		{"en CHF", shop("CHF").money("en", 1999, "CHF"), "CHF\u00a019.99"},
		{"fr CHF", shop("CHF").money("fr", 1999, "CHF"), "19,99\u00a0CHF"},
		{"yen has no cents", shop("JPY").money("en", 150000, "JPY"), "¥1,500"},
		{"unknown code", shop("EUR").money("en", 100, "XYZ1"), "1.00\u00a0XYZ1"},
		{"fr unit", shop("CAD").price("fr", 100), "1\u00a0$"},
		{"en unit", shop("").price("en", 100), "€1"},
		{"en price", shop("CAD").price("en", 1250), "$12.50"},
	}
	for _, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("%s: got %q, want %q", tt.name, tt.got, tt.want)
		}
	}
}

// BenchmarkMoney writes an amount of the shop's currency, as an order's
// summary does for its total and each item.
func BenchmarkMoney(b *testing.B) {
	f := formatter{texts: mustTexts(b), loc: time.UTC}
	b.ReportAllocs()
	for b.Loop() {
		f.money("fr", 8950, "EUR")
		f.money("en", 123456, "")
	}
}
