package sqlite

import (
	"math/rand/v2"
	"testing"
	"time"
)

// TestFormatTime checks the hand-written formatter against the general one
// on the edges of each field and on random times across the years.
func TestFormatTime(t *testing.T) {
	times := []time.Time{
		time.Date(1, 1, 1, 0, 0, 0, 0, time.UTC),
		time.Date(1970, 1, 1, 0, 0, 0, 0, time.UTC),
		time.Date(2026, 12, 31, 23, 59, 59, 999999999, time.UTC),
		time.Date(2026, 2, 28, 9, 5, 7, 1, time.UTC),
		time.Date(9999, 12, 31, 23, 59, 59, 999999999, time.UTC),
		time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC),
		time.Date(-1, 1, 1, 0, 0, 0, 0, time.UTC),
	}
	r := rand.New(rand.NewPCG(1, 2))
	for range 10000 {
		times = append(times, time.Unix(r.Int64N(300_000_000_000)-62_000_000_000, r.Int64N(1e9)).UTC())
	}
	for _, tm := range times {
		if got, want := formatTime(tm), tm.Format(timeLayout); got != want {
			t.Fatalf("formatTime(%v) = %q, want %q", tm, got, want)
		}
	}
}

func BenchmarkEncodeTime(b *testing.B) {
	tm := time.Date(2026, 12, 4, 21, 30, 5, 123456789, time.UTC)
	b.Run("formatTime", func(b *testing.B) {
		for b.Loop() {
			formatTime(tm)
		}
	})
	b.Run("Format", func(b *testing.B) {
		for b.Loop() {
			tm.Format(timeLayout)
		}
	})
}
