package intents

import (
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"
)

// testNow is Wednesday 18 November 2026, 10:00 in Paris.
func testNow(tb testing.TB) time.Time {
	tb.Helper()
	loc, err := time.LoadLocation("Europe/Paris")
	if err != nil {
		loc = time.FixedZone("CET", 3600)
	}
	return time.Date(2026, 11, 18, 10, 0, 0, 0, loc)
}

// want is an expected entity; at is the text it covers, and occurrence
// picks among repeats of at (0 = first).
type want struct {
	typ, value, at string
}

// entitiesAt builds the expected entities with rune offsets computed from
// where each want's text first appears after the previous one.
func entitiesAt(tb testing.TB, text string, ws []want) []Entity {
	tb.Helper()
	var out []Entity
	from := 0
	for _, w := range ws {
		i := strings.Index(text[from:], w.at)
		if i < 0 {
			tb.Fatalf("test bug: %q not in %q", w.at, text[from:])
		}
		start := utf8.RuneCountInString(text[:from+i])
		out = append(out, Entity{Type: w.typ, Value: w.value, Start: start, End: start + utf8.RuneCountInString(w.at)})
		from += i + len(w.at)
	}
	return out
}

func mustExtractor(tb testing.TB, cfg EntityConfig) *Extractor {
	tb.Helper()
	e, err := NewExtractor(cfg)
	if err != nil {
		tb.Fatalf("NewExtractor: %v", err)
	}
	return e
}

func TestExtract(t *testing.T) {
	tests := []struct {
		name, text string
		want       []want
	}{
		{"order with dash", "Où est ma commande CL-482913 ?", []want{{EntityOrderNumber, "CL-482913", "CL-482913"}}},
		{"order lower no dash", "suivi cl482913 stp", []want{{EntityOrderNumber, "CL-482913", "cl482913"}}},
		{"order with space", "commande CL 482913", []want{{EntityOrderNumber, "CL-482913", "CL 482913"}}},
		{"order and email", "track order cl482913, my email is Jean.Dupont@Example.COM", []want{
			{EntityOrderNumber, "CL-482913", "cl482913"},
			{EntityEmail, "jean.dupont@example.com", "Jean.Dupont@Example.COM"},
		}},
		{"email then order", "CL-482913 jean@example.com", []want{
			{EntityOrderNumber, "CL-482913", "CL-482913"},
			{EntityEmail, "jean@example.com", "jean@example.com"},
		}},
		{"word and year is no order", "commandé le 2024 en 12345", nil},
		{"loyalty 13 digits", "ma carte 2900001234567", []want{{EntityLoyaltyCard, "2900001234567", "2900001234567"}}},
		{"loyalty after keyword", "carte de fidélité n° 12345678", []want{{EntityLoyaltyCard, "12345678", "12345678"}}},
		{"loyalty card dashed", "my card is OPL-0042-17", []want{{EntityLoyaltyCard, "OPL-0042-17", "OPL-0042-17"}}},
		{"ups tracking", "tracking 1Z999AA10123456784 please", []want{{EntityTrackingNumber, "1Z999AA10123456784", "1Z999AA10123456784"}}},
		{"s10 tracking", "numéro de suivi LA123456789FR", []want{{EntityTrackingNumber, "LA123456789FR", "LA123456789FR"}}},
		{"colissimo tracking", "colis 6A12345678901 bloqué", []want{{EntityTrackingNumber, "6A12345678901", "6A12345678901"}}},
		{"dhl tracking", "DHL 1234567890", []want{{EntityTrackingNumber, "1234567890", "1234567890"}}},
		{"phone is not tracking", "appelez le 0612345678", nil},
		{"digits after commande", "commande n°100401 ?", []want{{EntityOrderNumber, "100401", "100401"}}},
		{"digits after order number", "my order number is 100401", []want{{EntityOrderNumber, "100401", "100401"}}},
		{"digits after hash", "where is #100401", []want{{EntityOrderNumber, "100401", "100401"}}},
		{"digits alone", " 100401 ", []want{{EntityOrderNumber, "100401", "100401"}}},
		{"digits after purchase", "how can I track purchase 123456", []want{{EntityOrderNumber, "123456", "123456"}}},
		{"postcode is no order", "j'habite au 75011 Paris", nil},
		{"quantity is no order", "I bought 12345 beads", nil},
		{"money euro after", "j'ai payé 89,50 € pour la bague", []want{{EntityMoney, "89.50 EUR", "89,50 €"}}},
		{"money euro before", "refund €12 please", []want{{EntityMoney, "12.00 EUR", "€12"}}},
		{"money euros word", "12 euros de frais", []want{{EntityMoney, "12.00 EUR", "12 euros"}}},
		{"money EUR code", "a 12.5 EUR charge", []want{{EntityMoney, "12.50 EUR", "12.5 EUR"}}},
		{"money thousands", "1 299,00 € c'est cher", []want{{EntityMoney, "1299.00 EUR", "1 299,00 €"}}},
		{"money dollars", "$15", []want{{EntityMoney, "15.00 USD", "$15"}}},
		{"hier", "livré hier", []want{{EntityDate, "2026-11-17", "hier"}}},
		{"avant-hier", "commandé avant-hier", []want{{EntityDate, "2026-11-16", "avant-hier"}}},
		{"aujourd'hui", "aujourd’hui", []want{{EntityDate, "2026-11-18", "aujourd’hui"}}},
		{"demain", "livraison demain ?", []want{{EntityDate, "2026-11-19", "demain"}}},
		{"lundi dernier", "je l'ai reçu lundi dernier", []want{{EntityDate, "2026-11-16", "lundi dernier"}}},
		{"mercredi dernier is a week ago", "mercredi dernier", []want{{EntityDate, "2026-11-11", "mercredi dernier"}}},
		{"il y a 3 jours", "expédié il y a 3 jours", []want{{EntityDate, "2026-11-15", "il y a 3 jours"}}},
		{"il y a deux semaines", "il y a deux semaines", []want{{EntityDate, "2026-11-04", "il y a deux semaines"}}},
		{"semaine dernière", "commandé la semaine dernière", []want{{EntityDate, "2026-11-11", "la semaine dernière"}}},
		{"yesterday", "it came yesterday", []want{{EntityDate, "2026-11-17", "yesterday"}}},
		{"last monday", "ordered last Monday", []want{{EntityDate, "2026-11-16", "last Monday"}}},
		{"3 days ago", "shipped 3 days ago", []want{{EntityDate, "2026-11-15", "3 days ago"}}},
		{"a week ago", "a week ago", []want{{EntityDate, "2026-11-11", "a week ago"}}},
		{"last week", "I ordered last week", []want{{EntityDate, "2026-11-11", "last week"}}},
		{"le 12 novembre", "commandé le 12 novembre", []want{{EntityDate, "2026-11-12", "12 novembre"}}},
		{"1er octobre", "le 1er octobre 2025", []want{{EntityDate, "2025-10-01", "1er octobre 2025"}}},
		{"december is last year", "le 25 décembre", []want{{EntityDate, "2025-12-25", "25 décembre"}}},
		{"early december is soon", "avant le 2 décembre", []want{{EntityDate, "2026-12-02", "2 décembre"}}},
		{"12/11", "reçu le 12/11", []want{{EntityDate, "2026-11-12", "12/11"}}},
		{"full numeric", "le 03/02/2026", []want{{EntityDate, "2026-02-03", "03/02/2026"}}},
		{"month first when needed", "on 11/25/2025", []want{{EntityDate, "2025-11-25", "11/25/2025"}}},
		{"on 3 March", "ordered on 3 March", []want{{EntityDate, "2026-03-03", "3 March"}}},
		{"March 3rd", "March 3rd, 2025", []want{{EntityDate, "2025-03-03", "March 3rd, 2025"}}},
		{"iso", "2026-11-02", []want{{EntityDate, "2026-11-02", "2026-11-02"}}},
		{"impossible date", "31/02", nil},
		{"money is no date", "12.50 €", []want{{EntityMoney, "12.50 EUR", "12.50 €"}}},
		{"accents before offsets", "Éé ça CL-482913 hier", []want{
			{EntityOrderNumber, "CL-482913", "CL-482913"},
			{EntityDate, "2026-11-17", "hier"},
		}},
		{"emoji before offsets", "😡😡 CL-482913", []want{{EntityOrderNumber, "CL-482913", "CL-482913"}}},
		{"nothing", "bonjour", nil},
	}
	e := mustExtractor(t, EntityConfig{})
	now := testNow(t)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := e.Extract(tt.text, now)
			want := entitiesAt(t, tt.text, tt.want)
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("Extract(%q) mismatch (-want +got):\n%s", tt.text, diff)
			}
		})
	}
}

func TestExtractPatternWithoutGroups(t *testing.T) {
	e := mustExtractor(t, EntityConfig{OrderPattern: `(?i)\b[a-z]{2,4}[- ]?[0-9]{4,10}\b`})
	now := testNow(t)
	for _, tt := range []struct {
		text string
		want []Entity
	}{
		{"suivi cl482913", []Entity{{Type: EntityOrderNumber, Value: "CL-482913", Start: 6, End: 14}}},
		{"CL 482913", []Entity{{Type: EntityOrderNumber, Value: "CL-482913", Start: 0, End: 9}}},
		{"commandé le 2024", nil},
		{"DHL 1234567890", []Entity{{Type: EntityTrackingNumber, Value: "1234567890", Start: 4, End: 14}}},
	} {
		if diff := cmp.Diff(tt.want, e.Extract(tt.text, now)); diff != "" {
			t.Errorf("Extract(%q) mismatch (-want +got):\n%s", tt.text, diff)
		}
	}
}

func TestExtractCustomPatterns(t *testing.T) {
	e := mustExtractor(t, EntityConfig{OrderPattern: `\b(CMD)(\d{6})\b`, LoyaltyPattern: `\bFID\d{5}\b`})
	got := e.Extract("cmd123456 et FID12345, pas CL-482913", testNow(t))
	want := []Entity{
		{Type: EntityOrderNumber, Value: "CMD-123456", Start: 0, End: 9},
		{Type: EntityLoyaltyCard, Value: "FID12345", Start: 13, End: 21},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Extract mismatch (-want +got):\n%s", diff)
	}
	if _, err := NewExtractor(EntityConfig{OrderPattern: "("}); err == nil {
		t.Error("NewExtractor with a bad pattern: got nil error, want one")
	}
}

func FuzzExtract(f *testing.F) {
	for _, s := range []string{
		"CL-482913 jean@example.com", "hier", "le 12 novembre", "89,50 €", "1Z999AA10123456784",
		"il y a 3 jours", "31/02", "é@é.fr", "carte 1234 5678 9012", "\xff12/11",
	} {
		f.Add(s)
	}
	e := mustExtractor(f, EntityConfig{})
	now := testNow(f)
	f.Fuzz(func(t *testing.T, s string) {
		n := utf8.RuneCountInString(s)
		prevEnd := 0
		for _, ent := range e.Extract(s, now) {
			if ent.Start < prevEnd || ent.End <= ent.Start || ent.End > n {
				t.Fatalf("Extract(%q): bad span %+v (prev end %d, %d runes)", s, ent, prevEnd, n)
			}
			if ent.Value == "" {
				t.Fatalf("Extract(%q): empty value %+v", s, ent)
			}
			prevEnd = ent.End
		}
	})
}
