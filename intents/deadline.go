package intents

import (
	"regexp"
	"strings"
	"time"
)

// Days a customer needs something by: "will it arrive before Christmas?",
// "by Friday?", « pour le 20 ? », « avant samedi ? ». Unlike the dates of
// the entities, which lean to the past (customers tell when they ordered
// or when a parcel came), a day needed is ahead: a weekday is the next
// one, a day of the month the next such day.
var (
	christmasDay  = regexp.MustCompile(`(?i)\b(?:christmas|xmas|x-mas|no[eë]l|r[ée]veillon)\b`)
	newYearDay    = regexp.MustCompile(`(?i)\b(?:new year|new years|new year's|nouvel an|jour de l['’]an|saint[- ]sylvestre)\b`)
	weekendDay    = regexp.MustCompile(`(?i)\b(?:this weekend|the weekend|ce week-?end|ce weekend|le week-?end)\b`)
	nextWeekday   = regexp.MustCompile(`(?i)\b(?:next (` + enDays + `)|(` + frDays + `) prochain)\b`)
	namedWeekday  = regexp.MustCompile(`(?i)\b(` + enDays + `|` + frDays + `)\b`)
	monthDayOnly  = regexp.MustCompile(`(?i)\b(?:the|le|du|au|before|by|for|until|avant|pour|d'ici) ([0-9]{1,2})(?:st|nd|rd|th|er)?\b`)
	afterTomorrow = regexp.MustCompile(`(?i)\b(?:apr[eè]s[- ]demain|(?:the )?day after tomorrow)\b`)
	tomorrowDay   = regexp.MustCompile(`(?i)\b(?:demain|tomorrow|tmrw)\b`)
	durationUnit  = regexp.MustCompile(`(?i)^\s*(?:days?|weeks?|months?|hours?|hrs?|h\b|jours?|semaines?|mois|heures?|j\b|min)`)
	streetAfter   = regexp.MustCompile(`(?i)^\s*(?:bis\s+|ter\s+)?(?:rue|avenue|av\b|bd\b|boulevard|chemin|all[ée]e|place|impasse|quai|route|cours|square|street|road|lane|drive)`)
	todayDay      = regexp.MustCompile(`(?i)\b(?:aujourd['’]?hui|today|tonight|ce soir)\b`)
)

// DayReader finds the day a message says something is needed by.
type DayReader struct{ dates *dateFinder }

// NewDayReader returns a DayReader; it holds compiled patterns, so make
// one and keep it.
func NewDayReader() *DayReader { return &DayReader{dates: newDateFinder()} }

// DayAsked returns the day a message says something is needed by, read
// ahead of now: a day named with its month ("20 December", "20/12"), a
// feast ("Christmas" is the 24th, when presents are given on the eve;
// "New Year" the 31st), a weekday (the next one, today included; "next
// Friday" the one after today), "this weekend" (the coming Saturday),
// "the 20th" (the next 20th), "tomorrow". The time is noon of that day in
// now's location; false when the message names no day.
func (r *DayReader) DayAsked(text string, now time.Time) (time.Time, bool) {
	noon := func(d time.Time) time.Time {
		return time.Date(d.Year(), d.Month(), d.Day(), 12, 0, 0, 0, now.Location())
	}
	today := noon(now)
	ahead := func(month time.Month, day int) time.Time {
		d := time.Date(now.Year(), month, day, 12, 0, 0, 0, now.Location())
		if d.Before(today) {
			d = d.AddDate(1, 0, 0)
		}
		return d
	}
	weekdayFrom := func(wd time.Weekday, skipToday bool) time.Time {
		n := (int(wd) - int(now.Weekday()) + 7) % 7
		if n == 0 && skipToday {
			n = 7
		}
		return today.AddDate(0, 0, n)
	}
	// A day with its month, as the entities read it, moved a year on
	// when it has passed.
	for _, s := range r.dates.find(text, now) {
		d, err := time.ParseInLocation("2006-01-02", s.value, now.Location())
		if err != nil {
			continue
		}
		if d = noon(d); d.Before(today) && !relativePast(text) {
			d = d.AddDate(1, 0, 0)
		}
		if today.Before(d) {
			return d, true // (today is looked at last: "if I order today, …")
		}
	}
	switch {
	case christmasDay.MatchString(text):
		return ahead(time.December, 24), true
	case newYearDay.MatchString(text):
		return ahead(time.December, 31), true
	case afterTomorrow.MatchString(text):
		return today.AddDate(0, 0, 2), true
	case tomorrowDay.MatchString(text):
		return today.AddDate(0, 0, 1), true
	case weekendDay.MatchString(text):
		return weekdayFrom(time.Saturday, false), true
	}
	if m := nextWeekday.FindStringSubmatch(text); m != nil {
		return weekdayFrom(weekday(m[1]+m[2]), true), true
	}
	if m := namedWeekday.FindStringSubmatch(text); m != nil {
		return weekdayFrom(weekday(m[1]), false), true
	}
	for _, m := range monthDayOnly.FindAllStringSubmatchIndex(text, -1) {
		if durationUnit.MatchString(text[m[1]:]) || streetAfter.MatchString(text[m[1]:]) {
			// Not a number of days or weeks ("waited for 2 weeks"), nor
			// the number of a street (« livrée au 8 avenue Foch »).
			continue
		}
		day := atoi(text[m[2]:m[3]])
		if day < 1 || day > 31 {
			return time.Time{}, false
		}
		for i := range 3 {
			d := time.Date(now.Year(), now.Month()+time.Month(i), day, 12, 0, 0, 0, now.Location())
			if d.Day() == day && !d.Before(today) {
				return d, true
			}
		}
		break
	}
	if todayDay.MatchString(text) {
		return today, true
	}
	return time.Time{}, false
}

// relativePast reports whether a text names a day behind now in words
// ("yesterday", "last Friday", "3 days ago"): those are not days ahead.
func relativePast(text string) bool {
	lower := strings.ToLower(text)
	for _, w := range []string{"hier", "yesterday", "yday", "dernier", "derniere", "dernière", "last ", " ago", "il y a", "passé", "passe"} {
		if strings.Contains(lower, w) {
			return true
		}
	}
	return false
}
