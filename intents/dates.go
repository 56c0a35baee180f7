package intents

import (
	"regexp"
	"strconv"
	"strings"
	"time"
)

// dateFinder recognises French and English dates, relative ("hier",
// "lundi dernier", "3 days ago") and absolute ("le 12 novembre", "12/11",
// "on 3 March"). Numeric dates are read day first, as in France, unless
// the first number can't be a month day. A date without a year is the
// latest such date no more than a month ahead of now, since customers talk
// about past orders and deliveries due soon.
type dateFinder struct {
	rules []dateRule
}

type dateRule struct {
	re *regexp.Regexp
	// needs lists lower-case substrings one of which the text must hold
	// for the rule to run; "0" stands for any digit.
	needs   []string
	digits  bool // the text must hold a digit too
	resolve func(m []string, now time.Time) (time.Time, bool)
}

const (
	frMonths = `janvier|janv|f[ée]vrier|f[ée]vr?|mars|avril|avr|mai|juin|juillet|juil|ao[uû]t|septembre|sept|octobre|oct|novembre|nov|d[ée]cembre|d[ée]c`
	enMonths = `january|february|march|april|may|june|july|august|september|october|november|december|jan|feb|mar|apr|jun|jul|aug|sept|sep|oct|nov|dec`
	frDays   = `lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche`
	enDays   = `monday|tuesday|wednesday|thursday|friday|saturday|sunday`
	numWords = `[0-9]{1,3}|un|une|deux|trois|quatre|cinq|six|sept|huit|neuf|dix|quinze|a|an|one|two|three|four|five|six|seven|eight|nine|ten|fifteen`
	// Month hints gate the month-name rules: lower-case substrings one of
	// which any month name holds.
	frMonthHints = "#jan|fev|fév|mars|avr|mai|juin|juil|aou|aoû|sep|oct|nov|dec|déc"
	enMonthHints = "#jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec"
	apos         = `['’‘´` + "`" + `]`
)

func newDateFinder() *dateFinder {
	rel := func(days int) func([]string, time.Time) (time.Time, bool) {
		return func(_ []string, now time.Time) (time.Time, bool) { return now.AddDate(0, 0, days), true }
	}
	ago := func(m []string, now time.Time) (time.Time, bool) {
		n, ok := numberWord(m[1])
		if !ok {
			return time.Time{}, false
		}
		switch u := strings.ToLower(m[2]); {
		case strings.HasPrefix(u, "sem"), strings.HasPrefix(u, "week"):
			return now.AddDate(0, 0, -7*n), true
		case strings.HasPrefix(u, "mois"), strings.HasPrefix(u, "month"):
			return now.AddDate(0, -n, 0), true
		}
		return now.AddDate(0, 0, -n), true
	}
	lastDay := func(m []string, now time.Time) (time.Time, bool) {
		wd := weekday(m[1])
		back := (int(now.Weekday()) - int(wd) + 7) % 7
		if back == 0 {
			back = 7
		}
		return now.AddDate(0, 0, -back), true
	}
	r := func(needs, expr string, f func([]string, time.Time) (time.Time, bool)) dateRule {
		digits := strings.HasPrefix(needs, "#")
		return dateRule{re: regexp.MustCompile(`(?i)\b(?:` + expr + `)\b`), needs: strings.Split(strings.TrimPrefix(needs, "#"), "|"), digits: digits, resolve: f}
	}
	return &dateFinder{rules: []dateRule{
		r("hier|yesterday", `avant[- ]hier|the day before yesterday|day before yesterday`, rel(-2)),
		r("demain|tomorrow", `apr[eè]s[- ]demain|the day after tomorrow|day after tomorrow`, rel(2)),
		r("hier|yesterday|yday", `hier|yesterday|yday`, rel(-1)),
		r("aujourd|today|ce jour", `aujourd`+apos+`?hui|today|ce jour`, rel(0)),
		r("demain|tomorrow|tmrw", `demain|tomorrow|tmrw`, rel(1)),
		r("il y a", `il y a (`+numWords+`) (jours?|semaines?|mois)`, ago),
		r(" ago", `(`+numWords+`) (days?|weeks?|months?) ago`, ago),
		r("semaine|last week|week ago", `la semaine derni[eè]re|la semaine pass[ée]e|last week|a week ago`, rel(-7)),
		r("mois|last month", `le mois dernier|le mois pass[ée]|last month`, func(_ []string, now time.Time) (time.Time, bool) { return now.AddDate(0, -1, 0), true }),
		r("dernier|pass", `(`+frDays+`) (?:dernier|pass[ée])`, lastDay),
		r("last ", `last (`+enDays+`)`, lastDay),
		r("#-", `([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})`, func(m []string, now time.Time) (time.Time, bool) {
			return makeDate(atoi(m[1]), atoi(m[2]), atoi(m[3]), now)
		}),
		r(frMonthHints, `(1er|[0-9]{1,2})(?:er)? (`+frMonths+`)\.?(?: ([0-9]{4}))?`, dayMonth),
		r(enMonthHints, `([0-9]{1,2})(?:st|nd|rd|th)?(?: of)? (`+enMonths+`)\.?(?:,? ([0-9]{4}))?`, dayMonth),
		r(enMonthHints, `(`+enMonths+`)\.? ([0-9]{1,2})(?:st|nd|rd|th)?(?:,? ([0-9]{4}))?`, func(m []string, now time.Time) (time.Time, bool) {
			return dayMonth([]string{m[0], m[2], m[1], m[3]}, now)
		}),
		r("#/|.", `([0-9]{1,2})/([0-9]{1,2})(?:/([0-9]{4}|[0-9]{2}))?|([0-9]{1,2})\.([0-9]{1,2})\.([0-9]{4})`, numericDate),
	}}
}

// find returns the date spans of text, longest readings first where they
// overlap (the caller keeps the first of overlapping spans).
func (d *dateFinder) find(text string, now time.Time) []span {
	lower := strings.ToLower(text)
	hasDigit := strings.ContainsAny(text, "0123456789")
	var out []span
	for _, rule := range d.rules {
		if !rule.applies(lower, hasDigit) {
			continue
		}
		for _, m := range rule.re.FindAllStringSubmatchIndex(text, -1) {
			groups := make([]string, len(m)/2)
			for g := range groups {
				if m[2*g] >= 0 {
					groups[g] = text[m[2*g]:m[2*g+1]]
				}
			}
			t, ok := rule.resolve(groups, now)
			if !ok {
				continue
			}
			out = append(out, span{EntityDate, t.Format("2006-01-02"), m[0], m[1]})
		}
	}
	return out
}

// applies is a cheap test that skips rules that can't match, since
// regular expressions are most of Parse's time.
func (r dateRule) applies(lower string, hasDigit bool) bool {
	for _, n := range r.needs {
		if r.digits && !hasDigit {
			return false
		}
		if n == "0" || strings.Contains(lower, n) {
			return true
		}
	}
	return false
}

func dayMonth(m []string, now time.Time) (time.Time, bool) {
	day := atoi(strings.TrimSuffix(strings.ToLower(m[1]), "er"))
	month := monthNumber(m[2])
	if m[3] != "" {
		return makeDate(atoi(m[3]), month, day, now)
	}
	return nearestPast(month, day, now)
}

func numericDate(m []string, now time.Time) (time.Time, bool) {
	a, b, y := m[1], m[2], m[3]
	if a == "" {
		a, b, y = m[4], m[5], m[6]
	}
	day, month := atoi(a), atoi(b)
	if month > 12 && day <= 12 {
		day, month = month, day
	}
	if y == "" {
		return nearestPast(month, day, now)
	}
	year := atoi(y)
	if year < 100 {
		year += 2000
	}
	return makeDate(year, month, day, now)
}

// nearestPast resolves a day and month without a year.
func nearestPast(month, day int, now time.Time) (time.Time, bool) {
	t, ok := makeDate(now.Year(), month, day, now)
	if !ok {
		return t, false
	}
	if t.After(now.AddDate(0, 1, 0)) {
		return makeDate(now.Year()-1, month, day, now)
	}
	return t, true
}

// makeDate builds a date in now's location, refusing impossible ones
// (31 February) rather than letting time.Date roll them over.
func makeDate(year, month, day int, now time.Time) (time.Time, bool) {
	if month < 1 || month > 12 || day < 1 || day > 31 || year < 1900 || year > 2200 {
		return time.Time{}, false
	}
	t := time.Date(year, time.Month(month), day, 12, 0, 0, 0, now.Location())
	if t.Day() != day {
		return time.Time{}, false
	}
	return t, true
}

var monthAccents = strings.NewReplacer("é", "e", "è", "e", "û", "u")

func monthNumber(s string) int {
	s = strings.ToLower(s)
	s = monthAccents.Replace(s)
	prefixes := []string{"jan", "fe", "mar", "av", "mai", "juin", "juil", "ao", "sep", "oct", "nov", "de"}
	en := []string{"jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"}
	for i, p := range prefixes {
		if strings.HasPrefix(s, p) {
			return i + 1
		}
	}
	for i, p := range en {
		if strings.HasPrefix(s, p) {
			return i + 1
		}
	}
	return 0
}

func weekday(s string) time.Weekday {
	s = strings.ToLower(s)
	for i, d := range []string{"dimanche", "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi"} {
		if s == d {
			return time.Weekday(i)
		}
	}
	for i, d := range []string{"sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"} {
		if s == d {
			return time.Weekday(i)
		}
	}
	return time.Sunday
}

func numberWord(s string) (int, bool) {
	if n, err := strconv.Atoi(s); err == nil {
		return n, n <= 400
	}
	words := map[string]int{
		"un": 1, "une": 1, "a": 1, "an": 1, "one": 1, "deux": 2, "two": 2, "trois": 3, "three": 3,
		"quatre": 4, "four": 4, "cinq": 5, "five": 5, "six": 6, "sept": 7, "seven": 7, "huit": 8,
		"eight": 8, "neuf": 9, "nine": 9, "dix": 10, "ten": 10, "quinze": 15, "fifteen": 15,
	}
	n, ok := words[strings.ToLower(s)]
	return n, ok
}

func atoi(s string) int {
	n, _ := strconv.Atoi(s)
	return n
}
