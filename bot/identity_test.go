package bot

import (
	"testing"
	"time"
)

func TestLockEnd(t *testing.T) {
	cfg := VerifyConfig{MaxAttempts: 5, Window: 15 * time.Minute, Lockout: 15 * time.Minute}
	t0 := time.Date(2026, 11, 18, 10, 0, 0, 0, time.UTC)
	at := func(mins ...int) []time.Time {
		var ts []time.Time
		for _, m := range mins {
			ts = append(ts, t0.Add(time.Duration(m)*time.Minute))
		}
		return ts
	}
	tests := []struct {
		name  string
		times []time.Time
		now   time.Time
		want  time.Time
	}{
		{"no failures", nil, t0, time.Time{}},
		{"four failures", at(0, 1, 2, 3), t0.Add(4 * time.Minute), time.Time{}},
		{"five within the window lock from the fifth", at(0, 1, 2, 3, 4), t0.Add(5 * time.Minute), t0.Add(19 * time.Minute)},
		{"still locked a minute before the end", at(0, 1, 2, 3, 4), t0.Add(18 * time.Minute), t0.Add(19 * time.Minute)},
		{"unlocked at the end", at(0, 1, 2, 3, 4), t0.Add(19 * time.Minute), time.Time{}},
		{"five spread over more than the window", at(0, 4, 8, 12, 16), t0.Add(17 * time.Minute), time.Time{}},
		{"five exactly over the window", at(0, 4, 8, 12, 15), t0.Add(16 * time.Minute), t0.Add(30 * time.Minute)},
		{"a sixth failure extends the lock", at(0, 1, 2, 3, 4, 10), t0.Add(11 * time.Minute), t0.Add(25 * time.Minute)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := lockEnd(tt.times, cfg, tt.now); !got.Equal(tt.want) {
				t.Errorf("lockEnd = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestOrderKey(t *testing.T) {
	tests := []struct{ order, card, want string }{
		{"CL-482913", "", "order:CL482913"},
		{"cl 482913", "", "order:CL482913"},
		{"", "2900 0000 1234 5", "card:2900000012345"},
		{"", "", ""},
	}
	for _, tt := range tests {
		if got := orderKey(tt.order, tt.card); got != tt.want {
			t.Errorf("orderKey(%q, %q) = %q, want %q", tt.order, tt.card, got, tt.want)
		}
	}
}

func TestCutNote(t *testing.T) {
	tests := []struct {
		in, want string
		ok       bool
	}{
		{"note: customer is a VIP", "customer is a VIP", true},
		{"NOTE:check the carrier", "check the carrier", true},
		{"  note: spaced", "spaced", true},
		{"Bonjour, je regarde votre commande", "", false},
		{"notes are good", "", false},
	}
	for _, tt := range tests {
		got, ok := cutNote(tt.in)
		if got != tt.want || ok != tt.ok {
			t.Errorf("cutNote(%q) = %q, %v; want %q, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
}

func TestWithDomainEnding(t *testing.T) {
	tests := []struct {
		email, text, want string
		ok                bool
	}{
		{"margaux.chevalier@example.com", "ah non .fr pardon", "margaux.chevalier@example.fr", true},
		{"a@example.fr", "sorry, .com not .fr", "a@example.com", true},
		{"a@example.fr", "c'est bien .fr", "", false}, // the same ending: nothing put right
		{"a@example.com", ".co.uk sorry", "a@example.co.uk", true},
		{"a@example.co.uk", "no, .com", "a@example.com", true},
		{"a@example.com", "le point fr", "", false},      // no dot: not read as an ending
		{"a@example.com", "voir www.site.fr", "", false}, // a domain, not an ending alone
		{"not-an-email", ".fr", "", false},
		{"jade.mercier@exemple.fr", "oups, example.fr avec un a", "jade.mercier@example.fr", true},
		{"a@gmial.com", "sorry @gmail.com", "a@gmail.com", true},
		{"a@example.fr", "c'est bien example.fr", "", false}, // the same domain
		{"a@example.fr", "voir www.example.com", "", false},  // a site, not the address's domain
	}
	for _, tt := range tests {
		got, ok := withDomainEnding(tt.email, tt.text)
		if got != tt.want || ok != tt.ok {
			t.Errorf("withDomainEnding(%q, %q) = %q, %v; want %q, %v", tt.email, tt.text, got, ok, tt.want, tt.ok)
		}
	}
}

// TestHasInnerName checks the cheap test that spares the regular
// expressions of speaksOfHolder most messages: a name after the first
// word, not a code, an acronym or the first word itself.
func TestHasInnerName(t *testing.T) {
	for _, tc := range []struct {
		text string
		want bool
	}{
		{"yes please cancel it. Lucas will owe me one", true},
		{"brilliant, I'll pass that on to Oliver", true},
		{"Oui envoyez. Ma fille Élise sera soulagée", true},
		{"Thanks, Jim's wife", true},
		{"Hello, where is my order?", false},
		{"Bonjour", false},
		{"where is OP-100401 with DHL?", false},
		{"I want to return it, OK?", false},
		{"merci beaucoup", false},
	} {
		if got := hasInnerName(tc.text); got != tc.want {
			t.Errorf("hasInnerName(%q) = %v, want %v", tc.text, got, tc.want)
		}
	}
}
