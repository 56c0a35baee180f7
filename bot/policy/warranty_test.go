package policy

import (
	"testing"
	"time"
)

func TestWarrantyUntil(t *testing.T) {
	tests := []struct {
		name   string
		placed time.Time
		years  int
		want   time.Time
	}{
		{"two years", mustTime(t, "2026-03-10 15:00"), 2, endOf(t, "2028-03-10")},
		{"29 February", mustTime(t, "2028-02-29 10:00"), 2, endOf(t, "2030-03-01")},
		{"day taken in shop time", time.Date(2025, time.December, 31, 23, 30, 0, 0, time.UTC), 2, endOf(t, "2028-01-01")},
		{"no warranty", mustTime(t, "2026-03-10 15:00"), 0, time.Time{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := Defaults()
			cfg.Warranty.Years = tt.years
			o := order(t, 1, "2026-01-01 00:00", 1000)
			o.PlacedAt = tt.placed
			if got := WarrantyUntil(cfg, o); !got.Equal(tt.want) {
				t.Errorf("WarrantyUntil() = %v, want %v", got, tt.want)
			}
		})
	}
}
