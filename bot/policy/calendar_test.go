package policy

import (
	"testing"
	"time"
)

func TestDateEndAcrossClockChanges(t *testing.T) {
	loc := paris(t)
	tests := []struct {
		day  Date
		want time.Duration // length of the day
	}{
		{Date{2026, time.March, 29}, 23 * time.Hour},
		{Date{2026, time.October, 25}, 25 * time.Hour},
		{Date{2026, time.June, 1}, 24 * time.Hour},
	}
	for _, tt := range tests {
		got := tt.day.End(loc).Sub(tt.day.Start(loc)) + time.Nanosecond
		if got != tt.want {
			t.Errorf("%s lasts %v, want %v", tt.day, got, tt.want)
		}
	}
}

func TestAddWorkingDays(t *testing.T) {
	cfg := Defaults()
	cfg.Hours.Closed = []Date{{2026, time.May, 1}}
	tests := []struct {
		from string
		n    int
		want Date
	}{
		{"2026-03-13 16:00", 0, Date{2026, time.March, 13}},
		{"2026-03-13 16:00", 1, Date{2026, time.March, 16}}, // Friday → Monday
		{"2026-03-15 10:00", 1, Date{2026, time.March, 16}}, // Sunday → Monday
		{"2026-04-30 10:00", 1, Date{2026, time.May, 4}},    // 1 May closed, then weekend
		{"2026-03-27 23:30", 5, Date{2026, time.April, 3}},  // over the clock change
	}
	for _, tt := range tests {
		if got := cfg.AddWorkingDays(mustTime(t, tt.from), tt.n); got != tt.want {
			t.Errorf("AddWorkingDays(%s, %d) = %s, want %s", tt.from, tt.n, got, tt.want)
		}
	}
}
