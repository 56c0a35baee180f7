package intents

import (
	"io/fs"
	"os"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/BurntSushi/toml"

	"supportbot/locales"
)

func mustReadJSONL(tb testing.TB, path string) []Example {
	tb.Helper()
	f, err := os.Open(path)
	if err != nil {
		tb.Fatalf("open %s: %v", path, err)
	}
	defer f.Close()
	exs, err := ReadJSONL(f)
	if err != nil {
		tb.Fatalf("read %s: %v", path, err)
	}
	return exs
}

func mustParser(tb testing.TB, cfg Config, examples []Example) *Parser {
	tb.Helper()
	p, err := NewParser(cfg, examples)
	if err != nil {
		tb.Fatalf("NewParser: %v", err)
	}
	return p
}

// shippedExamples are the training phrases of locales plus the FAQ
// entries' question variants as faq examples, as the bot trains on them.
func shippedExamples(tb testing.TB) []Example {
	tb.Helper()
	exs, err := LoadTraining(locales.FS)
	if err != nil {
		tb.Fatalf("LoadTraining: %v", err)
	}
	for _, lang := range []string{"fr", "en"} {
		data, err := fs.ReadFile(locales.FS, lang+"/faq.toml")
		if err != nil {
			continue // not written yet
		}
		var faq struct {
			Entry []struct {
				ID        string   `toml:"id"`
				Questions []string `toml:"questions"`
			} `toml:"entry"`
		}
		if err := toml.Unmarshal(data, &faq); err != nil {
			tb.Fatalf("decode %s/faq.toml: %v", lang, err)
		}
		for _, e := range faq.Entry {
			for _, q := range e.Questions {
				exs = append(exs, Example{Text: q, Intent: FAQ + "/" + e.ID, Lang: lang})
			}
		}
	}
	return exs
}

// shippedParser is trained once on the shipped phrases for all tests.
var (
	shippedOnce   sync.Once
	shippedParser *Parser
)

func shippedModel(tb testing.TB) *Parser {
	tb.Helper()
	shippedOnce.Do(func() {
		exs := shippedExamples(tb)
		now := testNow(tb)
		cfg := ProductConfig()
		cfg.Now = func() time.Time { return now }
		p, err := NewParser(cfg, exs)
		if err == nil {
			shippedParser = p
		}
	})
	if shippedParser == nil {
		tb.Skip("no shipped training phrases yet")
	}
	return shippedParser
}

func TestParserSmallFixture(t *testing.T) {
	train := mustReadJSONL(t, "testdata/fixture_train.jsonl")
	now := testNow(t)
	p := mustParser(t, Config{Now: func() time.Time { return now }}, train)
	tests := []struct {
		text, fallback, intent, lang string
	}{
		{"où est mon colis", "en", TrackOrder, "fr"},
		{"where is my parcel", "fr", TrackOrder, "en"},
		{"je veux annuler ma commande", "fr", CancelOrder, "fr"},
		{"please cancel my order", "en", CancelOrder, "en"},
		{"merci", "fr", Thanks, "fr"},
		{"thx", "en", Thanks, "en"},
		{"oui", "fr", Affirm, "fr"},
		{"nope", "en", Deny, "en"},
	}
	for _, tt := range tests {
		res := p.Parse(tt.text, tt.fallback)
		if res.Intent != tt.intent || res.Lang != tt.lang {
			t.Errorf("Parse(%q) = %s/%s (%.2f), want %s/%s; ranking %v", tt.text, res.Intent, res.Lang, res.Confidence, tt.intent, tt.lang, res.Ranking)
		}
		if len(res.Ranking) == 0 || len(res.Ranking) > 5 || res.Confidence <= 0 || res.Confidence > 1 {
			t.Errorf("Parse(%q): confidence %.2f, ranking %v", tt.text, res.Confidence, res.Ranking)
		}
	}
	res := p.Parse("suivi CL-482913 jean@example.com", "fr")
	if len(res.Entities) != 2 || res.Entities[0].Value != "CL-482913" || res.Entities[1].Value != "jean@example.com" {
		t.Errorf("Parse entities = %+v, want the order number and the e-mail", res.Entities)
	}
}

func TestParserDeterministic(t *testing.T) {
	train := mustReadJSONL(t, "testdata/fixture_train.jsonl")
	a, b := mustParser(t, Config{}, train), mustParser(t, Config{}, train)
	for _, text := range []string{"où est mon colis", "cancel", "bonjour", "xyz"} {
		ra, rb := a.Parse(text, "fr"), b.Parse(text, "fr")
		if ra.Intent != rb.Intent || ra.Confidence != rb.Confidence {
			t.Errorf("Parse(%q): %s %.6f then %s %.6f, want the same", text, ra.Intent, ra.Confidence, rb.Intent, rb.Confidence)
		}
	}
}

func TestNewParserErrors(t *testing.T) {
	if _, err := NewParser(Config{}, nil); err == nil {
		t.Error("NewParser(no examples): got nil error")
	}
	if _, err := NewParser(Config{}, []Example{{Text: "a", Intent: "x"}}); err == nil {
		t.Error("NewParser(one label): got nil error")
	}
	if _, err := NewParser(Config{Entities: EntityConfig{OrderPattern: "["}}, []Example{{Text: "a", Intent: "x"}, {Text: "b", Intent: "y"}}); err == nil {
		t.Error("NewParser(bad pattern): got nil error")
	}
}

// holdoutFloor is the in-scope accuracy the shipped phrases must reach on
// testdata/holdout.jsonl (measured, minus a small margin).
const holdoutFloor = 0.93

func TestHoldout(t *testing.T) {
	if _, err := os.Stat("testdata/holdout.jsonl"); err != nil {
		t.Skip("no hold-out set yet")
	}
	test := mustReadJSONL(t, "testdata/holdout.jsonl")
	p := shippedModel(t)
	var langRight int
	for _, ex := range test {
		if ex.Lang != "" && DetectLanguage(ex.Text, ex.Lang) == ex.Lang {
			langRight++
		}
	}
	r := Score(p, test)
	t.Logf("hold-out: in-scope accuracy %.4f (%d messages), confident wrong %.4f, FAQ entry %.4f (%d), OOS recall %.4f (%d), language kept %d/%d",
		r.InScopeAccuracy, r.InScope, r.ConfidentWrong, r.FAQEntryAccuracy, r.FAQEntries, r.OOSRecall, r.OutOfScope, langRight, len(test))
	if r.InScopeAccuracy < holdoutFloor {
		t.Errorf("hold-out in-scope accuracy %.4f, want ≥ %.2f", r.InScopeAccuracy, holdoutFloor)
	}
}

// otherLanguage makes Parse find the language itself: the fallback is
// the wrong one.
func otherLanguage(lang string) string {
	if lang == "fr" {
		return "en"
	}
	return "fr"
}

func TestShippedOneWordMessages(t *testing.T) {
	p := shippedModel(t)
	tests := []struct{ text, intent string }{
		{"oui", Affirm}, {"ouais", Affirm}, {"yep", Affirm}, {"yes", Affirm}, {"ok", Affirm},
		{"non", Deny}, {"nope", Deny}, {"no", Deny},
		{"bonjour", Greet}, {"hello", Greet}, {"slt", Greet}, {"salut", Greet},
		{"merci", Thanks}, {"thx", Thanks}, {"thanks", Thanks},
		{"bye", Goodbye}, {"au revoir", Goodbye},
	}
	for _, tt := range tests {
		if got := p.Parse(tt.text, "fr"); got.Intent != tt.intent {
			t.Errorf("Parse(%q) = %s (%.2f), want %s; ranking %v", tt.text, got.Intent, got.Confidence, tt.intent, got.Ranking)
		}
	}
}

func FuzzParse(f *testing.F) {
	train := mustReadJSONL(f, "testdata/fixture_train.jsonl")
	now := testNow(f)
	p := mustParser(f, Config{Now: func() time.Time { return now }}, train)
	for _, s := range []string{"où est mon colis CL-482913", "", "😡", "\xff", "merci !!!", strings.Repeat("a", 300)} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		res := p.Parse(s, "fr")
		if res.Lang != "fr" && res.Lang != "en" {
			t.Fatalf("Parse(%q).Lang = %q", s, res.Lang)
		}
		if res.Confidence < 0 || res.Confidence > 1 || len(res.Ranking) == 0 || len(res.Ranking) > 5 {
			t.Fatalf("Parse(%q): confidence %v, ranking %v", s, res.Confidence, res.Ranking)
		}
		if res.Intent == "" {
			t.Fatalf("Parse(%q): empty intent", s)
		}
	})
}

func TestParserFineLabels(t *testing.T) {
	train := mustReadJSONL(t, "testdata/fixture_train.jsonl")
	for _, q := range []string{"quel est le délai de retour", "combien de jours pour retourner", "return window", "how long do i have to return", "politique de retour", "return policy"} {
		train = append(train, Example{Text: q, Intent: "faq/returns_window"})
	}
	for _, q := range []string{"quels sont les frais de livraison", "livraison gratuite ?", "shipping costs", "is delivery free", "prix de la livraison", "how much is shipping"} {
		train = append(train, Example{Text: q, Intent: "faq/delivery_cost"})
	}
	p := mustParser(t, Config{}, train)
	if got := p.Labels(); slices.Contains(got, "faq/returns_window") || !slices.Contains(got, FAQ) {
		t.Errorf("Labels() = %v, want intents with faq and no fine labels", got)
	}
	tests := []struct{ text, faqID string }{
		{"c'est quoi le délai pour un retour", "returns_window"},
		{"how much does shipping cost", "delivery_cost"},
	}
	for _, tt := range tests {
		res := p.Parse(tt.text, "fr")
		if res.Intent != FAQ || res.FAQID != tt.faqID {
			t.Errorf("Parse(%q) = %s %q, want faq %q; ranking %v", tt.text, res.Intent, res.FAQID, tt.faqID, res.Ranking)
		}
		for _, r := range res.Ranking {
			if strings.Contains(r.Intent, "/") {
				t.Errorf("Parse(%q) ranking holds fine label %q", tt.text, r.Intent)
			}
		}
		if top := res.Ranking[0]; top.Intent != FAQ || top.FAQID != tt.faqID || top.Confidence > res.Confidence {
			t.Errorf("Parse(%q) ranking[0] = %+v, want the entry %q with at most the intent's confidence %.2f", tt.text, top, tt.faqID, res.Confidence)
		}
	}
}

// TestEntitiesAsParse checks that Entities finds what Parse does.
func TestEntitiesAsParse(t *testing.T) {
	p := shippedModel(t)
	texts := append(slices.Clone(benchMessages),
		"les factures de OP-102401 et OP-102402",
		"marie.lefebvre@orange.fr OP-100701 livrée le 3 mars, colis 6A12345678901",
		"my order 100401 was due on Friday, call me at 06 12 34 56 78",
		strings.Repeat("commande CL-482913 ", 200),
		"",
	)
	for _, text := range texts {
		want := p.Parse(text, "fr").Entities
		if got := p.Entities(text); !slices.Equal(got, want) {
			t.Errorf("Entities(%.60q) = %+v, Parse finds %+v", text, got, want)
		}
	}
}
