package policy

import "time"

// DateOf returns the calendar day of t in loc.
func DateOf(t time.Time, loc *time.Location) Date {
	y, m, d := t.In(loc).Date()
	return Date{y, m, d}
}

// utc is the date at midnight UTC, for calendar arithmetic that must not be
// disturbed by daylight-saving changes.
func (d Date) utc() time.Time { return time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, time.UTC) }

// AddDays returns the date n calendar days later (earlier if n < 0).
func (d Date) AddDays(n int) Date {
	return DateOf(d.utc().AddDate(0, 0, n), time.UTC)
}

// Before reports whether d is an earlier day than e.
func (d Date) Before(e Date) bool { return d.utc().Before(e.utc()) }

// Start returns the first instant of the day in loc.
func (d Date) Start(loc *time.Location) time.Time {
	return time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, loc)
}

// End returns the last instant of the day in loc. Deadlines are given as
// the end of a day, so that "until 31 January" includes all of it and a
// formatted deadline shows the right date.
func (d Date) End(loc *time.Location) time.Time {
	return d.AddDays(1).Start(loc).Add(-time.Nanosecond)
}

// Weekday returns the day of the week.
func (d Date) Weekday() time.Weekday { return d.utc().Weekday() }

// closed reports whether the date is one of the shop's closed dates.
func (c Config) closed(d Date) bool {
	for _, x := range c.Hours.Closed {
		if x == d {
			return true
		}
	}
	return false
}

// WorkingDay reports whether carriers deliver and the shop ships on that
// day: Monday to Friday, except the configured closed dates. The support
// team's own opening days (Hours.Days) do not change it, since a shop open
// on Saturday does not make the carriers work.
func (c Config) WorkingDay(d Date) bool {
	switch d.Weekday() {
	case time.Saturday, time.Sunday:
		return false
	}
	return !c.closed(d)
}

// AddWorkingDays returns the n-th working day after the day of t in the
// shop's time zone: shipped on a Friday, 1 working day later is Monday.
// n = 0 gives the day of t itself.
func (c Config) AddWorkingDays(t time.Time, n int) Date {
	d := DateOf(t, c.Location)
	// Closed dates are finite, so at most len(Closed) extra days plus
	// weekends are skipped; the bound guards against a Config that is not
	// valid.
	for guard := 0; n > 0 && guard < 10000; guard++ {
		d = d.AddDays(1)
		if c.WorkingDay(d) {
			n--
		}
	}
	return d
}

// nextOccurrence returns the first date on or after from that falls on md.
func nextOccurrence(from Date, md MonthDay) Date {
	d := Date{from.Year, md.Month, md.Day}
	if d.Before(from) {
		d.Year++
	}
	return d
}
