package faq_test

import (
	"errors"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"supportbot/faq"
	"supportbot/intents"
	"supportbot/locales"
)

// mustLoadAll loads the shipped knowledge base in every language.
func mustLoadAll(tb testing.TB) map[string][]faq.Entry {
	tb.Helper()
	byLang, err := faq.LoadAll(locales.FS, locales.Languages)
	if err != nil {
		tb.Fatal(err)
	}
	return byLang
}

func TestLoadShipped(t *testing.T) {
	byLang := mustLoadAll(t)
	for _, lang := range locales.Languages {
		entries := byLang[lang]
		if got, want := len(entries), 72; got < want {
			t.Errorf("%s: got %d entries, want at least %d", lang, got, want)
		}
		// The questions are the classifier's training phrases for the
		// entry's label too: a handful is not enough to learn it from.
		for _, e := range entries {
			if got, want := len(e.Questions), 25; got < want {
				t.Errorf("%s %s: got %d question variants, want at least %d", lang, e.ID, got, want)
			}
		}
	}
}

// TestShippedTopicsMatch checks that an id has the same topic in every
// language, since topics group answers in menus.
func TestShippedTopicsMatch(t *testing.T) {
	byLang := mustLoadAll(t)
	topics := make(map[string]string)
	for _, e := range byLang["fr"] {
		topics[e.ID] = e.Topic
	}
	for _, e := range byLang["en"] {
		if got, want := e.Topic, topics[e.ID]; got != want {
			t.Errorf("%s: en topic %q, fr topic %q", e.ID, got, want)
		}
	}
}

func TestLoadErrors(t *testing.T) {
	const good = `
[[entry]]
id = "a_b"
topic = "t"
questions = ["q1", "q2"]
answer = "Hello {{.ShopName}}"
`
	tests := []struct {
		name string
		file string
		want string // substring of the error
	}{
		{"unknown entry key", good + `
[[entry]]
id = "typo"
topic = "t"
questions = ["q"]
answr = "x"
`, `entry 2 "typo": unknown key "answr"`},
		{"unknown top-level key", `title = "x"` + good, `unknown key "title"`},
		{"duplicate id", good + good, `entry 2 "a_b": duplicate id (first at entry 1)`},
		{"empty questions", strings.Replace(good, `["q1", "q2"]`, `[]`, 1), `entry 1 "a_b": no questions`},
		{"blank question", strings.Replace(good, `"q2"`, `"  "`, 1), `question 2 is empty`},
		{"empty answer", strings.Replace(good, `"Hello {{.ShopName}}"`, `"  "`, 1), `empty answer`},
		{"empty topic", strings.Replace(good, `topic = "t"`, `topic = ""`, 1), `empty topic`},
		{"bad id", strings.Replace(good, `"a_b"`, `"A-b"`, 1), `not snake_case`},
		{"template syntax", strings.Replace(good, `{{.ShopName}}`, `{{.ShopName`, 1), `entry 1 "a_b": answer:`},
		{"unknown placeholder", strings.Replace(good, `.ShopName`, `.ShopNom`, 1), `ShopNom`},
		{"unknown function", strings.Replace(good, `{{.ShopName}}`, `{{pluriel 2}}`, 1), `pluriel`},
		{"not toml", `[[entry]`, `invalid FAQ file`},
		{"no entries", `# nothing`, `no [[entry]]`},
		{"wrong type", strings.Replace(good, `["q1", "q2"]`, `"q1"`, 1), `entry 1`},
		{"offer not an intent name", good + "offer = \"Start-Return\"\n", `entry 1 "a_b": offer "Start-Return" is not an intent name`},
		{"offer with a digit", good + "offer = \"track2\"\n", `offer "track2"`},
		{"offer empty", good + "offer = \"\"\n", `offer ""`},
		{"offer not a string", good + "offer = 3\n", `entry 1`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fsys := fstest.MapFS{"fr/faq.toml": {Data: []byte(tt.file)}}
			_, err := faq.Load(fsys, "fr")
			if err == nil {
				t.Fatalf("got no error, want one containing %q", tt.want)
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("got error %q, want it to contain %q", err, tt.want)
			}
			if !errors.Is(err, faq.ErrInvalid) {
				t.Errorf("got error %v, want it to wrap ErrInvalid", err)
			}
		})
	}
}

func TestLoadOffer(t *testing.T) {
	const entry = `
[[entry]]
id = "a_b"
topic = "t"
questions = ["q"]
answer = "x"
`
	tests := []struct {
		name, extra, want string
	}{
		{"no offer", "", ""},
		{"offer", `offer = "start_return"`, "start_return"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fsys := fstest.MapFS{"en/faq.toml": {Data: []byte(entry + tt.extra + "\n")}}
			entries, err := faq.Load(fsys, "en")
			if err != nil {
				t.Fatal(err)
			}
			if got := entries[0].Offer; got != tt.want {
				t.Errorf("got offer %q, want %q", got, tt.want)
			}
		})
	}
}

// TestShippedOffers checks that every offer names an action the bot can
// start: a button that leads nowhere is worse than none.
func TestShippedOffers(t *testing.T) {
	actions := []string{
		intents.TrackOrder, intents.CheckPoints, intents.MissingParcel, intents.WrongItem,
		intents.StartReturn, intents.CancelOrder, intents.HumanAgent,
		intents.RefundStatus, intents.ReturnStatus, intents.Vouchers, intents.Invoice,
		intents.ClaimStatus, intents.Exchange, intents.DeliveryAddress, intents.AccountDetails,
	}
	for lang, entries := range mustLoadAll(t) {
		for _, e := range entries {
			if e.Offer != "" && !slices.Contains(actions, e.Offer) {
				t.Errorf("%s %s: offer %q, want one of %v", lang, e.ID, e.Offer, actions)
			}
		}
	}
}

func TestLoadMissingFile(t *testing.T) {
	_, err := faq.Load(fstest.MapFS{}, "de")
	if err == nil || !strings.Contains(err.Error(), "de/faq.toml") {
		t.Errorf("got %v, want an error naming de/faq.toml", err)
	}
}

func TestCheckParity(t *testing.T) {
	// e makes entries from ids, each optionally followed by ":offer".
	e := func(ids ...string) []faq.Entry {
		var es []faq.Entry
		for _, id := range ids {
			id, offer, _ := strings.Cut(id, ":")
			es = append(es, faq.Entry{ID: id, Offer: offer})
		}
		return es
	}
	tests := []struct {
		name   string
		byLang map[string][]faq.Entry
		want   string // "" for no error
	}{
		{"same ids", map[string][]faq.Entry{"fr": e("a", "b"), "en": e("b", "a")}, ""},
		{"one missing", map[string][]faq.Entry{"fr": e("a", "b"), "en": e("a")}, "en lacks b"},
		{"both missing", map[string][]faq.Entry{"fr": e("a", "c"), "en": e("a", "b")}, "en lacks c; fr lacks b"},
		{"same offers", map[string][]faq.Entry{"fr": e("a:start_return", "b"), "en": e("b", "a:start_return")}, ""},
		{"offer in one language", map[string][]faq.Entry{"fr": e("a:start_return"), "en": e("a")}, "a offers differ (en none, fr start_return)"},
		{"other offer", map[string][]faq.Entry{"fr": e("a:track_order"), "en": e("a:check_points")}, "a offers differ (en check_points, fr track_order)"},
		{"missing and differing", map[string][]faq.Entry{"fr": e("a:cancel_order", "b"), "en": e("a")}, "en lacks b; a offers differ"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := faq.CheckParity(tt.byLang)
			switch {
			case tt.want == "" && err != nil:
				t.Errorf("got %v, want no error", err)
			case tt.want != "" && (err == nil || !strings.Contains(err.Error(), tt.want)):
				t.Errorf("got %v, want an error containing %q", err, tt.want)
			}
		})
	}
}

func FuzzLoad(f *testing.F) {
	f.Add("[[entry]]\nid = \"a\"\ntopic = \"t\"\nquestions = [\"q\"]\nanswer = \"{{.Phone}}\"\n")
	f.Add("[[entry]]\nid = \"a\"\n[[entry]]\nid = \"a\"\n")
	f.Add("answer = \"{{range .Tiers}}{{.Points}}{{end}}\"")
	f.Add("[[entry]]\nanswer = '''{{template \"x\"}}'''")
	f.Fuzz(func(t *testing.T, data string) {
		entries, err := faq.Load(fstest.MapFS{"en/faq.toml": {Data: []byte(data)}}, "en")
		if err != nil {
			return
		}
		for _, e := range entries {
			if e.ID == "" || len(e.Questions) == 0 || e.Answer == nil {
				t.Fatalf("Load accepted an incomplete entry %+v", e)
			}
			_, _ = e.Render(sampleFacts("en"))
		}
	})
}
