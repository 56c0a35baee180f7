package bot

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"supportbot/bot/policy"
)

// formatter writes dates, times and amounts the way a French or English
// customer expects them, in the shop's time zone. Month and day names come
// from the locale files; only digit grouping and symbol placement are rules
// written here.
type formatter struct {
	texts *Texts
	loc   *time.Location
}

// date writes a day: "lundi 24 novembre" / "Monday 24 November", with the
// year when it is not the year of now.
func (f formatter) date(lang string, t, now time.Time) string {
	t = t.In(f.loc)
	day := f.texts.T(lang, fmt.Sprintf("weekday_%d", int(t.Weekday())), nil)
	month := f.texts.T(lang, fmt.Sprintf("month_%d", int(t.Month())), nil)
	data := map[string]any{"Weekday": day, "Day": t.Day(), "Month": month, "Year": t.Year()}
	if t.Year() != now.In(f.loc).Year() {
		return f.texts.T(lang, "format_date_year", data)
	}
	return f.texts.T(lang, "format_date", data)
}

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

// money writes an amount in cents: "1 234,50 €" in French, "€1,234.50" in
// English; other currencies by their ISO code.
func (f formatter) money(lang string, cents int64, currency string) string {
	neg := cents < 0
	if neg {
		cents = -cents
	}
	units := strconv.FormatInt(cents/100, 10)
	frac := fmt.Sprintf("%02d", cents%100)
	sep, group := ".", ","
	if lang == "fr" {
		sep, group = ",", "\u202f" // narrow no-break space, as French typography wants
	}
	var b strings.Builder
	for i, r := range units {
		if i > 0 && (len(units)-i)%3 == 0 {
			b.WriteString(group)
		}
		b.WriteRune(r)
	}
	amount := b.String() + sep + frac
	sign := ""
	if neg {
		sign = "-"
	}
	currency = strings.ToUpper(currency)
	switch {
	case (currency == "" || currency == "EUR") && lang != "fr":
		return sign + "€" + amount
	case currency == "" || currency == "EUR":
		return sign + amount + "\u00a0€"
	default:
		return sign + amount + "\u00a0" + currency
	}
}
