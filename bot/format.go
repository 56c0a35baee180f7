package bot

import (
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode"

	cur "golang.org/x/text/currency"
	"golang.org/x/text/language"
	"golang.org/x/text/message"

	"supportbot/bot/policy"
)

// formatter writes dates, times and amounts the way a French or English
// customer expects them, in the shop's time zone and currency. Month and
// day names come from the locale files, currency symbols from CLDR; only
// digit grouping and symbol placement are rules written here.
type formatter struct {
	texts    *Texts
	loc      *time.Location
	currency string // the shop's, ISO 4217; "" for EUR
}

// date writes a day: "lundi 24 novembre" / "Monday 24 November", with the
// year when it is not the year of now.
func (f formatter) date(lang string, t, now time.Time) string {
	t = t.In(f.loc)
	day := f.texts.T(lang, weekdayIDs[t.Weekday()], nil)
	month := f.texts.T(lang, monthIDs[t.Month()-1], nil)
	data := map[string]any{"Weekday": day, "Day": t.Day(), "Month": month, "Year": t.Year()}
	// The year too when it is another year's, or half a year away:
	// "Saturday 31 January", read in December, would be the next one.
	if t.Year() != now.In(f.loc).Year() || t.Sub(now).Abs() > halfYear {
		return f.texts.T(lang, "format_date_year", data)
	}
	return f.texts.T(lang, "format_date", data)
}

// halfYear is how far from today a date of the same year starts carrying
// its year.
const halfYear = 183 * 24 * time.Hour

// The message IDs of the days of the week (Sunday first, as time.Weekday)
// and of the months.
var (
	weekdayIDs = [7]string{"weekday_0", "weekday_1", "weekday_2", "weekday_3", "weekday_4", "weekday_5", "weekday_6"}
	monthIDs   = [12]string{"month_1", "month_2", "month_3", "month_4", "month_5", "month_6",
		"month_7", "month_8", "month_9", "month_10", "month_11", "month_12"}
)

// dateTime writes a day and a time: "lundi 24 novembre à 9 h 00".
func (f formatter) dateTime(lang string, t, now time.Time) string {
	t = t.In(f.loc)
	return f.texts.T(lang, "format_datetime", map[string]any{
		"Date": f.date(lang, t, now), "Time": f.clock(lang, t),
	})
}

// clock writes a time of day: "9 h 00" / "9:00".
func (f formatter) clock(lang string, t time.Time) string {
	t = t.In(f.loc)
	return f.texts.T(lang, "format_time", map[string]any{
		"Hour": t.Hour(), "Minute": fmt.Sprintf("%02d", t.Minute()),
	})
}

// delay words a delay window: "12 à 24 heures", "2 to 4 working days",
// "3 working days" when both ends are the same.
func (f formatter) delay(lang string, d policy.Delay) string {
	data := map[string]any{"Min": d.Min, "Max": d.Max}
	if d.Unit == policy.UnitWorkingDays {
		return f.texts.N(lang, "delay_working_days", d.Max, data)
	}
	return f.texts.N(lang, "delay_hours", d.Max, data)
}

// money writes an amount in cents: in the shop's currency (currency ""
// or the shop's) with its symbol, "1 234,50 €" or "12,50 $" in French,
// "€1,234.50" or "$12.50" in English; in another currency with its ISO
// code, "19.99 USD", since a bare "$" would not say which dollar.
func (f formatter) money(lang string, cents int64, currency string) string {
	shop := f.shopCurrency()
	currency = strings.ToUpper(currency)
	if currency == "" {
		currency = shop
	}
	unit, err := cur.ParseISO(currency)
	if err != nil {
		// Order data the import let through: show the code as written.
		return f.amount(lang, cents, 2) + "\u00a0" + currency
	}
	scale, _ := cur.Standard.Rounding(unit)
	amount := f.amount(lang, cents, scale)
	if currency != shop {
		return amount + "\u00a0" + currency
	}
	symbol := f.texts.currencySymbol(lang, unit)
	sign := ""
	if rest, neg := strings.CutPrefix(amount, "-"); neg {
		sign, amount = "-", rest
	}
	switch {
	case lang == "fr":
		return sign + amount + "\u00a0" + symbol
	case isLetters(symbol): // "CHF 12.50"
		return sign + symbol + "\u00a0" + amount
	}
	return sign + symbol + amount
}

// symbolKey names a currency symbol as a language writes it.
type symbolKey struct {
	lang string
	unit cur.Unit
}

// currencySymbol returns the symbol lang writes unit with, from CLDR ("€",
// "$", "CHF"). It is worked out once per language and currency: a printer
// for the language costs more than the rest of an amount's formatting,
// and an order summary writes several amounts.
func (t *Texts) currencySymbol(lang string, unit cur.Unit) string {
	key := symbolKey{lang, unit}
	if s, ok := t.symbols.Load(key); ok {
		return s.(string)
	}
	s := message.NewPrinter(language.Make(lang)).Sprint(cur.NarrowSymbol(unit))
	t.symbols.Store(key, s)
	return s
}

// shopCurrency is the shop's currency code, EUR when none is set.
func (f formatter) shopCurrency() string {
	if f.currency == "" {
		return "EUR"
	}
	return strings.ToUpper(f.currency)
}

// amount writes cents with the language's digit grouping and decimal
// separator, and scale decimals (0 for a currency without cents).
func (f formatter) amount(lang string, cents int64, scale int) string {
	neg := cents < 0
	if neg {
		cents = -cents
	}
	units := strconv.FormatInt(cents/100, 10)
	sep, group := ".", ","
	if lang == "fr" {
		sep, group = ",", "\u202f" // narrow no-break space, as French typography wants
	}
	var b strings.Builder
	if neg {
		b.WriteString("-")
	}
	for i, r := range units {
		if i > 0 && (len(units)-i)%3 == 0 {
			b.WriteString(group)
		}
		b.WriteRune(r)
	}
	if scale > 0 {
		b.WriteString(sep + fmt.Sprintf("%02d", cents%100))
	}
	return b.String()
}

// price writes an amount of the shop's currency whole when it is ("60 €",
// not "60,00 €"), as list prices and thresholds are written.
func (f formatter) price(lang string, cents int64) string {
	s := f.money(lang, cents, "")
	if cents%100 == 0 {
		s = strings.Replace(strings.Replace(s, ".00", "", 1), ",00", "", 1)
	}
	return s
}

func isLetters(s string) bool {
	for _, r := range s {
		if !unicode.IsLetter(r) {
			return false
		}
	}
	return s != ""
}
