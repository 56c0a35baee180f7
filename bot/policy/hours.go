package policy

import (
	"slices"
	"time"
)

// Open reports whether the support team is at work at now: on one of
// Hours.Days, not a closed date, from Open (included) to Close (excluded),
// in shop time.
func Open(cfg Config, now time.Time) bool {
	now = now.In(cfg.Location)
	d := DateOf(now, cfg.Location)
	if !cfg.openDay(d) {
		return false
	}
	return !now.Before(cfg.at(d, cfg.Hours.Open)) && now.Before(cfg.at(d, cfg.Hours.Close))
}

// NextOpening returns when a person will next be at work: now if the team
// is at work, else the next opening time. It returns the zero time if the
// team never works in the coming year (every day closed).
func NextOpening(cfg Config, now time.Time) time.Time {
	if Open(cfg, now) {
		return now
	}
	d := DateOf(now, cfg.Location)
	for range 400 {
		if cfg.openDay(d) {
			if t := cfg.at(d, cfg.Hours.Open); t.After(now) {
				return t
			}
		}
		d = d.AddDays(1)
	}
	return time.Time{}
}

func (c Config) openDay(d Date) bool {
	return slices.Contains(c.Hours.Days, d.Weekday()) && !c.closed(d)
}

// at returns the wall-clock time of day on date d in shop time. Built from
// the clock fields rather than by adding a duration to midnight, so that
// 09:00 stays 09:00 on a daylight-saving day.
func (c Config) at(d Date, clock time.Duration) time.Time {
	h, m := int(clock/time.Hour), int(clock%time.Hour/time.Minute)
	return time.Date(d.Year, d.Month, d.Day, h, m, 0, 0, c.Location)
}
