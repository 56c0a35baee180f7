package intents

import (
	"testing"
	"time"
)

func TestDayAsked(t *testing.T) {
	// Sunday 6 December 2026.
	now := time.Date(2026, time.December, 6, 15, 0, 0, 0, time.UTC)
	r := NewDayReader()
	tests := []struct {
		text string
		want string // "" when no day is named
	}{
		{"will it arrive before christmas?", "2026-12-24"},
		{"ça arrivera avant Noël ?", "2026-12-24"},
		{"for xmas eve?", "2026-12-24"},
		{"pour le nouvel an ?", "2026-12-31"},
		{"by friday?", "2026-12-11"},
		{"et avant vendredi ?", "2026-12-11"},
		{"by sunday?", "2026-12-06"},             // today counts
		{"next sunday", "2026-12-13"},            // the one after today
		{"pour dimanche prochain", "2026-12-13"}, // the same in French
		{"will I have it this weekend", "2026-12-12"},
		{"le 20 ?", "2026-12-20"},
		{"by the 3rd?", "2027-01-03"}, // the 3rd has passed this month
		{"before 20 December", "2026-12-20"},
		{"avant le 15 décembre svp", "2026-12-15"},
		{"before 5 January", "2027-01-05"},
		{"by 18/12?", "2026-12-18"},
		{"tomorrow?", "2026-12-07"},
		{"and if I order today, it arrives before 24?", "2026-12-24"},
		{"ça arrive avant 20 ?", "2026-12-20"},
		{"I've waited for 2 weeks, will it arrive?", ""},
		{"Je voudrais juste qu'elle soit livrée au 8 avenue Foch, 75116 Paris.", ""},
		{"can it be delivered to 12 Baker Street before the 20th?", "2026-12-20"},
		{"livrée au 8 avenue Foch avant le 20 ?", "2026-12-20"},
		{"will it come today?", "2026-12-06"},
		{"if I order today will it arrive before christmas?", "2026-12-24"},
		{"si je commande aujourd'hui je l'ai pour samedi ?", "2026-12-12"},
		{"après-demain ?", "2026-12-08"},
		{"will it arrive soon?", ""},
		{"where is my order", ""},
		{"I ordered it yesterday", ""}, // a day behind: nothing needed by it
	}
	for _, tt := range tests {
		got, ok := r.DayAsked(tt.text, now)
		var s string
		if ok {
			s = got.Format("2006-01-02")
		}
		if s != tt.want {
			t.Errorf("DayAsked(%q) = %q, want %q", tt.text, s, tt.want)
		}
	}
}
