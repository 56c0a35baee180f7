package policy

import (
	"testing"
	"time"
)

func TestOpenAndNextOpening(t *testing.T) {
	cfg := Defaults()
	cfg.Hours.Closed = []Date{{2026, time.December, 25}}
	tests := []struct {
		name string
		now  string
		open bool
		next string
	}{
		{"Monday at opening", "2026-03-09 09:00", true, "2026-03-09 09:00"},
		{"Monday before opening", "2026-03-09 08:59", false, "2026-03-09 09:00"},
		{"Monday at closing", "2026-03-09 18:00", false, "2026-03-10 09:00"},
		{"Monday last minute", "2026-03-09 17:59", true, "2026-03-09 17:59"},
		{"Friday evening", "2026-03-13 18:30", false, "2026-03-16 09:00"},
		{"Saturday noon", "2026-03-14 12:00", false, "2026-03-16 09:00"},
		{"Sunday of the clock change", "2026-03-29 10:00", false, "2026-03-30 09:00"},
		{"Christmas eve evening", "2026-12-24 19:00", false, "2026-12-28 09:00"},
		{"Christmas day", "2026-12-25 10:00", false, "2026-12-28 09:00"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			now := mustTime(t, tt.now)
			if got := Open(cfg, now); got != tt.open {
				t.Errorf("Open(%s) = %v, want %v", tt.now, got, tt.open)
			}
			if got, want := NextOpening(cfg, now), mustTime(t, tt.next); !got.Equal(want) {
				t.Errorf("NextOpening(%s) = %v, want %v", tt.now, got, want)
			}
		})
	}
}

// A time given in another zone is read in the shop's.
func TestOpenInShopTime(t *testing.T) {
	cfg := Defaults()
	now := time.Date(2026, time.March, 9, 7, 30, 0, 0, time.UTC) // 08:30 in Paris
	if Open(cfg, now) {
		t.Errorf("Open(07:30 UTC) = true, want false: Paris opens at 09:00, 08:00 UTC")
	}
	if got, want := NextOpening(cfg, now), time.Date(2026, time.March, 9, 8, 0, 0, 0, time.UTC); !got.Equal(want) {
		t.Errorf("NextOpening = %v, want %v", got, want)
	}
}

func TestNextOpeningNever(t *testing.T) {
	cfg := Defaults()
	cfg.Hours.Days = []time.Weekday{time.Monday}
	for d := (Date{2026, time.March, 1}); d.Before(Date{2027, time.June, 1}); d = d.AddDays(1) {
		cfg.Hours.Closed = append(cfg.Hours.Closed, d)
	}
	if got := NextOpening(cfg, mustTime(t, "2026-03-02 10:00")); !got.IsZero() {
		t.Errorf("NextOpening = %v, want the zero time", got)
	}
}
