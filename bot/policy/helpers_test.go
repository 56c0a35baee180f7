package policy

import (
	"testing"
	"time"
	_ "time/tzdata" // the tests need Europe/Paris on machines without zoneinfo
)

// paris is the shop's zone in every test: the defaults', with a
// daylight-saving change on 29 March and 25 October 2026.
func paris(tb testing.TB) *time.Location {
	tb.Helper()
	loc, err := time.LoadLocation("Europe/Paris")
	if err != nil {
		tb.Fatalf("loading Europe/Paris: %v", err)
	}
	return loc
}

// mustTime parses "2006-01-02 15:04" (or with seconds) in Paris time.
func mustTime(tb testing.TB, s string) time.Time {
	tb.Helper()
	for _, layout := range []string{"2006-01-02 15:04", "2006-01-02 15:04:05"} {
		if t, err := time.ParseInLocation(layout, s, paris(tb)); err == nil {
			return t
		}
	}
	tb.Fatalf("bad test time %q", s)
	return time.Time{}
}

// endOf is the last instant of a day in Paris, as deadlines are given.
func endOf(tb testing.TB, day string) time.Time {
	tb.Helper()
	return mustTime(tb, day+" 23:59:59").Add(time.Second - time.Nanosecond)
}
