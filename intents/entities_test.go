package intents

import (
	"slices"
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

// extractCase is a message and the entities Extract must find in it.
type extractCase struct {
	name, text string
	want       []want
}

// runExtract checks each case with e at now.
func runExtract(t *testing.T, e *Extractor, now time.Time, tests []extractCase) {
	t.Helper()
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
	tests := []extractCase{
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
		{"digits after cancel", "yes cancel 102603 instead", []want{{EntityOrderNumber, "102603", "102603"}}},
		{"digits after annulez la", "annulez la 102603 plutôt", []want{{EntityOrderNumber, "102603", "102603"}}},
		// (\b is ASCII-only: "numéro 100801" was read as order RO-100801.)
		{"digits after numéro", "ma commande numéro 100801 ?", []want{{EntityOrderNumber, "100801", "100801"}}},
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
	runExtract(t, e, now, tests)
}

// configOrderPattern is the order pattern the shop's configuration gives
// by default (config.defaultOrderNumberPattern): without groups, unlike
// DefaultOrderPattern.
const configOrderPattern = `(?i)\b[a-z]{2,4}[- ]?[0-9]{4,10}\b`

// TestExtractTypedShapes covers identifiers as customers type them, with
// the default patterns and with the configuration's: spaces inside the
// digits, autocorrect dashes, a card number spaced as printed, and street
// addresses that look like letters and digits.
func TestExtractTypedShapes(t *testing.T) {
	tests := []struct {
		name, text string
		want       []want
	}{
		// Spaces inside an order number's digits.
		{"order spaced digits", "OP 100 701", []want{{EntityOrderNumber, "OP-100701", "OP 100 701"}}},
		{"order spaced digits lower", "op 100 701", []want{{EntityOrderNumber, "OP-100701", "op 100 701"}}},
		{"order dash spaced digits", "OP-100 701", []want{{EntityOrderNumber, "OP-100701", "OP-100 701"}}},
		{"order spaced in a sentence", "commande OP 100 701 svp", []want{{EntityOrderNumber, "OP-100701", "OP 100 701"}}},
		{"door code is no order", "add 3rd floor, door code 1234 to the address", nil},
		{"flat number is no order", "c'est au flat 4021, digicode 1234", nil},
		{"digits spaced alone", "100 701", []want{{EntityOrderNumber, "100701", "100 701"}}},
		{"digits spaced after order", "my order number is 100 701", []want{{EntityOrderNumber, "100701", "100 701"}}},
		{"digits spaced after hash", "#100 701 ?", []want{{EntityOrderNumber, "100701", "100 701"}}},
		// Dictated with spaces around the @ and the dots (round 90a).
		{"email spaced", "ambre . leroy @ example.fr", []want{{EntityEmail, "ambre.leroy@example.fr", "ambre . leroy @ example.fr"}}},
		{"email spaced at only", "c'est Ambre.Leroy @ example.fr merci", []want{{EntityEmail, "ambre.leroy@example.fr", "Ambre.Leroy @ example.fr"}}},
		{"at between words is no email", "je suis @ la maison", nil},
		{"order spaced then email", "OP 100 701 jean@example.com", []want{
			{EntityOrderNumber, "OP-100701", "OP 100 701"},
			{EntityEmail, "jean@example.com", "jean@example.com"},
		}},
		{"order spaced after accents", "Bonjour, ma commande é OP 100 701 n'est pas arrivée hier", []want{
			{EntityOrderNumber, "OP-100701", "OP 100 701"},
			{EntityDate, "2026-11-17", "hier"},
		}},
		// A dash with spaces around it, or a space on one side.
		{"order dash with spaces lower", "op - 100701", []want{{EntityOrderNumber, "OP-100701", "op - 100701"}}},
		{"order dash with spaces in a sentence", "ma commande OP - 100701 n'est pas arrivée", []want{{EntityOrderNumber, "OP-100701", "OP - 100701"}}},
		{"order space before dash", "OP -100701", []want{{EntityOrderNumber, "OP-100701", "OP -100701"}}},
		{"order space after dash", "OP- 100701", []want{{EntityOrderNumber, "OP-100701", "OP- 100701"}}},
		{"order en dash with spaces", "OP – 100701", []want{{EntityOrderNumber, "OP-100701", "OP – 100701"}}},
		{"order dash with spaces then spaced digits", "op - 100 701", []want{{EntityOrderNumber, "OP-100701", "op - 100 701"}}},
		{"order dash with spaces after accents", "é op - 100701 é", []want{{EntityOrderNumber, "OP-100701", "op - 100701"}}},
		// Letters glued to digits grouped by thousands.
		{"order glued spaced digits", "OP100 701", []want{{EntityOrderNumber, "OP-100701", "OP100 701"}}},
		{"order glued spaced digits in a sentence", "commande op100 701 svp", []want{{EntityOrderNumber, "OP-100701", "op100 701"}}},
		// Shapes that worked before and must keep working.
		{"order dashed", "OP-100701", []want{{EntityOrderNumber, "OP-100701", "OP-100701"}}},
		{"order dashed in a sentence", "où est OP-100701 ?", []want{{EntityOrderNumber, "OP-100701", "OP-100701"}}},
		{"order space", "OP 100401", []want{{EntityOrderNumber, "OP-100401", "OP 100401"}}},
		{"order lower joined", "op100701", []want{{EntityOrderNumber, "OP-100701", "op100701"}}},
		{"digits after hash joined", "#100701", []want{{EntityOrderNumber, "100701", "100701"}}},
		{"digits after n°", "n°100701", []want{{EntityOrderNumber, "100701", "100701"}}},
		{"digits joined alone", "100701", []want{{EntityOrderNumber, "100701", "100701"}}},
		// Spaced numbers that are not order numbers.
		{"spaced amount", "commande de 12 500 €", []want{{EntityMoney, "12500.00 EUR", "12 500 €"}}},
		{"spaced amount with cents", "order 12 500,50", nil},
		{"spaced amount after code", "EUR 12 500", []want{{EntityMoney, "12500.00 EUR", "EUR 12 500"}}},
		{"phone by pairs", "appelez le 06 12 34 56 78", nil},
		{"international phone", "my number is +33 612 345 678", nil},
		{"spaced quantity", "I have 12 500 points", nil},
		{"spaced amount alone", "100 701 €", []want{{EntityMoney, "100701.00 EUR", "100 701 €"}}},
		{"spaced amount after order word", "commande de 100 701 € ?", []want{{EntityMoney, "100701.00 EUR", "100 701 €"}}},
		{"phone after a dash", "tel - 0612345678", nil},
		{"phone by pairs after a dash", "tel - 06 12 34 56 78", nil},
		{"phone by pairs glued", "tel06 12 34 56 78", nil},
		{"bank card by fours", "ma carte bancaire 4970 1012 3456 7890", nil},
		{"word before a dash", "le - 123456", nil},
		{"carrier before a dash", "UPS - 123456", nil},
		{"digits dash digits", "100 - 701", nil},
		// Autocorrect dashes.
		{"order en dash", "OP–100701", []want{{EntityOrderNumber, "OP-100701", "OP–100701"}}},
		{"order em dash", "OP—100701", []want{{EntityOrderNumber, "OP-100701", "OP—100701"}}},
		{"order en dash in a sentence", "où est ma commande op–100701 ?", []want{{EntityOrderNumber, "OP-100701", "op–100701"}}},
		{"card en dashes", "OPL–1001–01", []want{{EntityLoyaltyCard, "OPL-1001-01", "OPL–1001–01"}}},
		{"card em dashes", "ma carte OPL—1001—01", []want{{EntityLoyaltyCard, "OPL-1001-01", "OPL—1001—01"}}},
		{"dash between words", "Paris–Lyon", nil},
		// A card number spaced as printed.
		{"card spaced", "OPL 1001 01", []want{{EntityLoyaltyCard, "OPL-1001-01", "OPL 1001 01"}}},
		{"card spaced lower", "opl 1001 01", []want{{EntityLoyaltyCard, "OPL-1001-01", "opl 1001 01"}}},
		{"card spaced in a sentence", "my card number is OPL 1001 01", []want{{EntityLoyaltyCard, "OPL-1001-01", "OPL 1001 01"}}},
		{"card dash then space", "OPL-1001 01", []want{{EntityLoyaltyCard, "OPL-1001-01", "OPL-1001 01"}}},
		{"card dashed", "OPL-1001-01", []want{{EntityLoyaltyCard, "OPL-1001-01", "OPL-1001-01"}}},
		{"card dashed lower", "opl-1001-01", []want{{EntityLoyaltyCard, "OPL-1001-01", "opl-1001-01"}}},
		{"card joined reads as an order", "OPL100101", []want{{EntityOrderNumber, "OPL-100101", "OPL100101"}}},
		{"card digits after keyword", "carte 1234 5678 9012", []want{{EntityLoyaltyCard, "123456789012", "1234 5678 9012"}}},
		{"carrier spaced digits", "UPS 1234 5678", nil},
		// Street addresses.
		{"address with postcode", "livrez-la plutôt chez ma sœur, 3 rue Emile Zola 75015 Paris", nil},
		{"address two names", "12 rue Victor Hugo 59000 Lille", nil},
		{"address de la", "5 rue de la Paix 75002 Paris", nil},
		{"english address", "10 Main St Springfield IL 62701", nil},
		{"address without postcode", "5 Baker Street, London", nil},
		{"address with comma", "Apt 12, 3 place Bellecour, 69002 Lyon", nil},
		{"address postcode after a dash", "3 rue Emile Zola - 75015 Paris", nil},
		{"address postcode after an en dash", "12 rue Victor Hugo – 59000 Lille", nil},
		{"place is also a verb", "please place ABCD 12345 on hold", []want{{EntityOrderNumber, "ABCD-12345", "ABCD 12345"}}},
		{"order after address", "3 rue Zola, commande OP 10045", []want{{EntityOrderNumber, "OP-10045", "OP 10045"}}},
		{"order in address message", "commande OP 100401, livrez au 3 rue Emile Zola", []want{{EntityOrderNumber, "OP-100401", "OP 100401"}}},
		{"order number shape near street", "rue Zola, order OP 100401", []want{{EntityOrderNumber, "OP-100401", "OP 100401"}}},
	}
	now := testNow(t)
	for _, cfg := range []struct {
		name    string
		pattern string
	}{{"default", ""}, {"config", configOrderPattern}} {
		e := mustExtractor(t, EntityConfig{OrderPattern: cfg.pattern})
		for _, tt := range tests {
			t.Run(cfg.name+"/"+tt.name, func(t *testing.T) {
				got := e.Extract(tt.text, now)
				want := entitiesAt(t, tt.text, tt.want)
				if diff := cmp.Diff(want, got); diff != "" {
					t.Errorf("Extract(%q) mismatch (-want +got):\n%s", tt.text, diff)
				}
			})
		}
	}
}

// TestTokensSpacedOrder checks that the classifier reads a spaced order
// number as an order number, not as words ("OP 100 701" read as a goodbye).
func TestTokensSpacedOrder(t *testing.T) {
	e := mustExtractor(t, EntityConfig{OrderPattern: configOrderPattern})
	now := testNow(t)
	for _, tt := range []struct{ text, want string }{
		{"OP 100 701", tokenOrder},
		{"100 701", tokenOrder},
		{"OP–100701", tokenOrder},
		{"OPL 1001 01", tokenCard},
		{"op - 100701", tokenOrder},
		{"OP100 701", tokenOrder},
	} {
		got := appendMessageTokens(nil, tt.text, e.find(tt.text, now))
		if !slices.Contains(got, tt.want) {
			t.Errorf("tokens of %q = %q, want %s among them", tt.text, got, tt.want)
		}
		for _, tok := range got {
			if strings.ContainsAny(tok, "0123456789") {
				t.Errorf("tokens of %q = %q: digits left outside the entity", tt.text, got)
			}
		}
	}
}

// TestExtractZeroForO covers a zero typed for the O of the shop's prefix
// ("0P-100701"): read as the O only where the configuration gives a prefix
// starting with an O, and the shop's pattern then reads an order number.
func TestExtractZeroForO(t *testing.T) {
	tests := []struct {
		name, text string
		want       []want
	}{
		{"dashed", "0P-100701", []want{{EntityOrderNumber, "OP-100701", "0P-100701"}}},
		{"joined lower", "0p100701", []want{{EntityOrderNumber, "OP-100701", "0p100701"}}},
		{"in a sentence", "ma commande 0P-100701 n'est pas arrivée", []want{{EntityOrderNumber, "OP-100701", "0P-100701"}}},
		{"with an en dash", "0P–100701", []want{{EntityOrderNumber, "OP-100701", "0P–100701"}}},
		{"spaced digits", "0P-100 701", []want{{EntityOrderNumber, "OP-100701", "0P-100 701"}}},
		{"written normally", "OP-100701", []want{{EntityOrderNumber, "OP-100701", "OP-100701"}}},
		{"after accents", "é 0P-100701 é", []want{{EntityOrderNumber, "OP-100701", "0P-100701"}}},
		{"other letter", "0A-100701", nil},
		{"prefix goes on", "0PL-100701", nil},
		{"zero inside a number", "10P-100701", nil},
		{"too few digits", "0P-12", nil},
		{"zero then letter alone", "0P", nil},
		{"colissimo shape", "colis 0P12345678901", []want{{EntityTrackingNumber, "0P12345678901", "0P12345678901"}}},
	}
	now := testNow(t)
	for _, cfg := range []struct {
		name string
		cfg  EntityConfig
	}{
		{"example", EntityConfig{OrderExample: "OP-123456"}},
		{"config example", EntityConfig{OrderPattern: configOrderPattern, OrderExample: "OP-123456"}},
		{"pattern prefix", EntityConfig{OrderPattern: `\b(OP)-?([0-9]{6})\b`}},
	} {
		e := mustExtractor(t, cfg.cfg)
		for _, tt := range tests {
			t.Run(cfg.name+"/"+tt.name, func(t *testing.T) {
				got := e.Extract(tt.text, now)
				want := entitiesAt(t, tt.text, tt.want)
				if diff := cmp.Diff(want, got); diff != "" {
					t.Errorf("Extract(%q) mismatch (-want +got):\n%s", tt.text, diff)
				}
			})
		}
	}
	// Without a prefix starting with an O, a zero stays a zero.
	for _, cfg := range []EntityConfig{
		{},
		{OrderPattern: configOrderPattern},
		{OrderExample: "CL-482913"},
		{OrderPattern: `\b(CL)-?([0-9]{6})\b`, OrderExample: "OP-123456"},
		{OrderExample: "O-123456"},
	} {
		e := mustExtractor(t, cfg)
		for _, text := range []string{"0P-100701", "0p100701", "0L-482913"} {
			if got := e.Extract(text, now); got != nil {
				t.Errorf("%+v: Extract(%q) = %+v, want nothing", cfg, text, got)
			}
		}
	}
}

func TestOrderPrefix(t *testing.T) {
	for _, tt := range []struct{ pattern, example, want string }{
		{DefaultOrderPattern, "", ""},
		{DefaultOrderPattern, "OP-123456", "OP"},
		{configOrderPattern, "op123456", "OP"},
		{`\b(OP)-?([0-9]{6})\b`, "", "OP"},
		{`(?i)\bop-?[0-9]{6}\b`, "", "OP"},
		{`\b(CL)-?([0-9]{6})\b`, "OP-123456", "CL"},
		{`\b(CMD)(\d{6})\b`, "", "CMD"},
		{`^OPL-[0-9]+`, "", "OPL"},
		{`\b(?:OP|OR)[0-9]{6}\b`, "", "O"},
		{DefaultOrderPattern, "123456", ""},
		{`\b1Z[0-9A-Z]{16}\b`, "OP-123456", "OP"},
	} {
		if got := orderPrefix("(?i)"+tt.pattern, tt.example); got != tt.want {
			t.Errorf("orderPrefix(%q, %q) = %q, want %q", tt.pattern, tt.example, got, tt.want)
		}
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
		"OP 100 701", "OPL–1001–01", "OPL 1001 01", "3 rue Emile Zola 75015 Paris", "#100 701 é", "12 500 €",
		"op - 100701", "OP100 701", "0P-100701", "3 rue Emile Zola - 75015 Paris", "colis 0P12345678901",
	} {
		f.Add(s)
	}
	e := mustExtractor(f, EntityConfig{OrderExample: "OP-123456"})
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
			// An identifier is its text, whatever spaces and dashes it
			// was typed with, and a zero typed for the O of the prefix.
			if ent.Type == EntityOrderNumber || ent.Type == EntityLoyaltyCard || ent.Type == EntityTrackingNumber {
				at := string([]rune(s)[ent.Start:ent.End])
				if ent.Type == EntityOrderNumber && strings.HasPrefix(at, "0") {
					at = "O" + at[1:]
				}
				if alnum(at) != alnum(ent.Value) {
					t.Fatalf("Extract(%q): %+v is not %q", s, ent, at)
				}
			}
			prevEnd = ent.End
		}
	})
}

// BenchmarkExtract measures the extractor alone on messages with and
// without the shapes that need folding.
func BenchmarkExtract(b *testing.B) {
	e := mustExtractor(b, EntityConfig{OrderPattern: configOrderPattern})
	now := testNow(b)
	for _, bm := range []struct{ name, text string }{
		{"plain", "où est ma commande CL-482913 ? mon mail est jean.dupont@example.com"},
		{"apostrophe", "je l’ai reçue aujourd’hui mais elle est cassée"},
		{"amount", "j'ai payé 1 299,00 € pour la bague"},
		{"spaced", "ma commande OP 100 701 n'est pas arrivée"},
		{"address", "livrez-la plutôt chez ma sœur, 3 rue Emile Zola 75015 Paris"},
	} {
		b.Run(bm.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				e.Extract(bm.text, now)
			}
		})
	}
}

// alnum returns the ASCII letters and digits of s, upper-cased.
func alnum(s string) string {
	var b strings.Builder
	for _, r := range strings.ToUpper(s) {
		if r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// TestExtractDigitsOfTheShopsLength checks the order numbers written as
// digits alone that count only when the shop's numbers have that many
// digits: a number put right and the one it replaces, and "la" standing
// for "la commande" (round 94b).
func TestExtractDigitsOfTheShopsLength(t *testing.T) {
	tests := []extractCase{
		{"digits corrected", "pardon c'est 102403 pas 102401", []want{{EntityOrderNumber, "102403", "102403"}, {EntityOrderNumber, "102401", "102401"}}},
		{"digits instead of", "it's 101402 instead of 101401", []want{{EntityOrderNumber, "101402", "101402"}, {EntityOrderNumber, "101401", "101401"}}},
		{"digits after la", "non c'est la 102501 pardon", []want{{EntityOrderNumber, "102501", "102501"}}},
		{"another length after la", "le code c'est la 48291", nil},
		{"two codes without a correction", "codes 482913 et 482914", nil},
		{"one number alone in a sentence", "le code de retrait est 482913 merci", nil},
	}
	e := mustExtractor(t, EntityConfig{OrderExample: "OP-123456"})
	now := testNow(t)
	runExtract(t, e, now, tests)
	// Without the shop's length, none of them is an order number.
	plain := mustExtractor(t, EntityConfig{})
	for _, tt := range tests[:3] {
		if got := plain.Extract(tt.text, now); len(got) != 0 {
			t.Errorf("without the shop's length, Extract(%q) = %v, want none", tt.text, got)
		}
	}
}
