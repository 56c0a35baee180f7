package policy

import (
	"testing"
	"time"

	"supportbot/storage"
)

func TestExpected(t *testing.T) {
	tests := []struct {
		name     string
		status   string
		placed   string
		shipped  string
		now      string
		window   Delay
		due      time.Time
		late     bool
		from     string // DeliveryFrom day, "" if zero
		delivery string // DeliveryDue day, "" if zero
	}{
		{"pending, in time", storage.StatusPending, "2026-03-10 10:00", "", "2026-03-11 10:00", Delay{12, 24, UnitHours}, mustTime(t, "2026-03-11 10:00"), false, "", ""},
		{"pending, late", storage.StatusPending, "2026-03-10 10:00", "", "2026-03-11 10:01", Delay{12, 24, UnitHours}, mustTime(t, "2026-03-11 10:00"), true, "", ""},
		{"shipped on a Thursday", storage.StatusShipped, "2026-03-11 10:00", "2026-03-12 10:00", "2026-03-13 10:00", Delay{24, 48, UnitHours}, mustTime(t, "2026-03-14 10:00"), false, "2026-03-17", "2026-03-19"},
		{"shipped, not scanned after 48 hours", storage.StatusShipped, "2026-03-11 10:00", "2026-03-12 10:00", "2026-03-14 10:01", Delay{24, 48, UnitHours}, mustTime(t, "2026-03-14 10:00"), true, "2026-03-17", "2026-03-19"},
		// Shipped Friday: the weekend is skipped, Monday is the first working day.
		{"in transit over a weekend", storage.StatusInTransit, "2026-03-12 10:00", "2026-03-13 16:00", "2026-03-20 23:59", Delay{2, 4, UnitWorkingDays}, endOf(t, "2026-03-20"), false, "2026-03-20", "2026-03-20"},
		{"in transit past delivery due", storage.StatusInTransit, "2026-03-12 10:00", "2026-03-13 16:00", "2026-03-21 00:00", Delay{2, 4, UnitWorkingDays}, endOf(t, "2026-03-20"), true, "2026-03-20", "2026-03-20"},
		// The window has opened: it starts today, not on a day gone by.
		{"in transit, window open", storage.StatusInTransit, "2026-03-12 10:00", "2026-03-13 16:00", "2026-03-19 09:00", Delay{2, 4, UnitWorkingDays}, endOf(t, "2026-03-20"), false, "2026-03-19", "2026-03-20"},
		{"shipped on a Saturday", storage.StatusInTransit, "2026-03-13 10:00", "2026-03-14 09:00", "2026-03-16 09:00", Delay{2, 4, UnitWorkingDays}, endOf(t, "2026-03-20"), false, "2026-03-18", "2026-03-20"},
		// Clocks go forward on Sunday 29 March.
		{"DST week, 48 hours elapsed", storage.StatusShipped, "2026-03-26 10:00", "2026-03-27 10:00", "2026-03-29 10:59", Delay{24, 48, UnitHours}, mustTime(t, "2026-03-29 11:00"), false, "2026-04-01", "2026-04-03"},
		{"DST week, in transit on Friday night", storage.StatusInTransit, "2026-03-26 10:00", "2026-03-27 10:00", "2026-04-03 23:59", Delay{2, 4, UnitWorkingDays}, endOf(t, "2026-04-03"), false, "2026-04-03", "2026-04-03"},
		{"DST week, in transit on Saturday", storage.StatusInTransit, "2026-03-26 10:00", "2026-03-27 10:00", "2026-04-04 00:00", Delay{2, 4, UnitWorkingDays}, endOf(t, "2026-04-03"), true, "2026-04-03", "2026-04-03"},
		{"delivered", storage.StatusDelivered, "2026-03-10 10:00", "2026-03-11 10:00", "2026-04-10 10:00", Delay{}, time.Time{}, false, "", ""},
		{"ready for pickup", storage.StatusReadyForPickup, "2026-03-10 10:00", "2026-03-11 10:00", "2026-04-10 10:00", Delay{}, time.Time{}, false, "", ""},
		{"cancelled", storage.StatusCancelled, "2026-03-10 10:00", "", "2026-04-10 10:00", Delay{}, time.Time{}, false, "", ""},
		{"shipped without a date", storage.StatusShipped, "2026-03-10 10:00", "", "2026-04-10 10:00", Delay{}, time.Time{}, false, "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			o := order(t, 1, tt.placed, 5000, item(5000))
			o.Status = tt.status
			if tt.shipped != "" {
				o.ShippedAt = mustTime(t, tt.shipped)
			}
			got := Expected(Defaults(), o, mustTime(t, tt.now))
			if got.Status != tt.status || got.Window != tt.window || !got.Due.Equal(tt.due) || got.Late != tt.late {
				t.Errorf("Expected() = %+v, want window %v, due %v, late %v", got, tt.window, tt.due, tt.late)
			}
			checkDay(t, "DeliveryFrom", got.DeliveryFrom, tt.from)
			checkDay(t, "DeliveryDue", got.DeliveryDue, tt.delivery)
		})
	}
}

func checkDay(tb testing.TB, what string, got time.Time, day string) {
	tb.Helper()
	var want time.Time
	if day != "" {
		want = endOf(tb, day)
	}
	if !got.Equal(want) {
		tb.Errorf("%s = %v, want %v", what, got, want)
	}
}

func TestExpectedSkipsClosedDates(t *testing.T) {
	cfg := Defaults()
	cfg.Hours.Closed = []Date{{2026, time.December, 25}, {2027, time.January, 1}}
	o := order(t, 1, "2026-12-23 10:00", 5000, item(5000))
	o.Status, o.ShippedAt = storage.StatusInTransit, mustTime(t, "2026-12-24 11:00")
	got := Expected(cfg, o, mustTime(t, "2027-01-02 10:00"))
	// 28, 29, 30, 31 December, then 1 January is closed: 4 January.
	checkDay(t, "DeliveryDue", got.DeliveryDue, "2027-01-04")
	checkDay(t, "DeliveryFrom", got.DeliveryFrom, "2027-01-02") // 30 December, gone by: today
	if got.Late {
		t.Errorf("Late = true on 2 January, want false")
	}
}

func BenchmarkExpected(b *testing.B) {
	cfg := Defaults()
	cfg.Hours.Closed = []Date{{2026, time.December, 25}, {2027, time.January, 1}}
	o := order(b, 1, "2026-12-23 10:00", 5000, item(5000))
	o.Status, o.ShippedAt = storage.StatusInTransit, mustTime(b, "2026-12-24 11:00")
	now := mustTime(b, "2027-01-02 10:00")
	b.ReportAllocs()
	for b.Loop() {
		Expected(cfg, o, now)
	}
}

func TestSentByEmail(t *testing.T) {
	card := storage.Item{Kind: storage.KindEGiftCard}
	product := storage.Item{Kind: storage.KindProduct}
	tests := []struct {
		name  string
		items []storage.Item
		want  bool
	}{
		{"e-gift card", []storage.Item{card}, true},
		{"two e-gift cards", []storage.Item{card, card}, true},
		{"with a product", []storage.Item{card, product}, false},
		{"product of unset kind", []storage.Item{{}}, false},
		{"no items", nil, false},
	}
	for _, tt := range tests {
		if got := SentByEmail(tt.items); got != tt.want {
			t.Errorf("%s: SentByEmail() = %v, want %v", tt.name, got, tt.want)
		}
	}
}

func TestArrival(t *testing.T) {
	tests := []struct {
		name      string
		status    string
		placed    string
		shipped   string
		now       string
		from, due string // "" when nothing is due
	}{
		// Placed Tuesday 10:00: leaves between Tuesday 22:00 and Wednesday
		// 10:00, then 3 to 5 working days.
		{"pending", storage.StatusPending, "2026-03-10 10:00", "", "2026-03-10 11:00", "2026-03-13", "2026-03-18"},
		// Past its pending delay: counted from today.
		{"pending, late", storage.StatusPreparing, "2026-03-10 10:00", "", "2026-03-12 09:00", "2026-03-17", "2026-03-19"},
		{"shipped on a Thursday", storage.StatusShipped, "2026-03-11 10:00", "2026-03-12 10:00", "2026-03-13 10:00", "2026-03-17", "2026-03-19"},
		{"in transit, window open", storage.StatusInTransit, "2026-03-12 10:00", "2026-03-13 16:00", "2026-03-19 09:00", "2026-03-19", "2026-03-20"},
		{"delivered", storage.StatusDelivered, "2026-03-10 10:00", "2026-03-11 10:00", "2026-04-10 10:00", "", ""},
		{"shipped without a date", storage.StatusShipped, "2026-03-10 10:00", "", "2026-04-10 10:00", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			o := order(t, 1, tt.placed, 5000, item(5000))
			o.Status = tt.status
			if tt.shipped != "" {
				o.ShippedAt = mustTime(t, tt.shipped)
			}
			from, due, ok := Arrival(Defaults(), o, mustTime(t, tt.now))
			if ok != (tt.due != "") {
				t.Fatalf("Arrival() ok = %v, want %v", ok, tt.due != "")
			}
			if !ok {
				return
			}
			day := func(d Date) string { return d.Start(time.UTC).Format("2006-01-02") }
			if day(from) != tt.from || day(due) != tt.due {
				t.Errorf("Arrival() = %s … %s, want %s … %s", day(from), day(due), tt.from, tt.due)
			}
		})
	}
}
