package bot

import (
	"regexp"
	"strings"
	"testing"
	"testing/fstest"

	"supportbot/bot/policy"
	"supportbot/faq"
	"supportbot/locales"
)

func TestOverlay(t *testing.T) {
	locs, err := LoadLocales(locales.FS, locales.Languages)
	if err != nil {
		t.Fatal(err)
	}
	overlay := fstest.MapFS{
		"en/messages.toml": {Data: []byte("[button_human]\nother = \"Talk to our baristas\"\n[reward_free_coffee]\nother = \"a free coffee\"\n")},
		"fr/faq.toml":      {Data: []byte("[[entry]]\nid = \"opening_hours\"\nanswer = \"Le café ouvre à 7 h.\"\n")},
		".DS_Store":        {Data: []byte("x")},
	}
	if err := locs.Overlay(overlay); err != nil {
		t.Fatal(err)
	}
	texts := locs.Texts
	tests := []struct{ name, got, want string }{
		{"replaced", texts.T("en", "button_human", nil), "Talk to our baristas"},
		{"other language kept", texts.T("fr", "button_human", nil), mustTexts(t).T("fr", "button_human", nil)},
		{"reward added", texts.T("en", "reward_free_coffee", nil), "a free coffee"},
		{"answer replaced", answer(t, locs.Entries["fr"], "opening_hours"), "Le café ouvre à 7 h."},
	}
	for _, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("%s: got %q, want %q", tt.name, tt.got, tt.want)
		}
	}
	if texts.Has("fr", "reward_free_coffee") {
		t.Errorf("reward_free_coffee in fr, given in en only")
	}
}

func answer(tb testing.TB, entries []faq.Entry, id string) string {
	tb.Helper()
	for _, e := range entries {
		if e.ID == id {
			s, err := e.Render(faq.Facts{})
			if err != nil {
				tb.Fatal(err)
			}
			return s
		}
	}
	tb.Fatalf("no entry %q", id)
	return ""
}

func TestOverlayErrors(t *testing.T) {
	tests := []struct {
		name string
		fsys fstest.MapFS
		want string
	}{
		{"misspelt message", fstest.MapFS{"en/messages.toml": {Data: []byte("button_humain = \"x\"\n")}},
			`texts: en/messages.toml: no built-in message "button_humain" to replace (an overlay may add only reward_<key>)`},
		{"unknown FAQ entry", fstest.MapFS{"fr/faq.toml": {Data: []byte("[[entry]]\nid = \"horaires\"\nanswer = \"x\"\n")}},
			`no built-in entry "horaires" to replace`},
		{"training phrases", fstest.MapFS{"en/nlu/greet.txt": {Data: []byte("hey\n")}},
			"overlay: en/nlu: an overlay replaces only messages.toml, account.toml, web.toml, channels.toml, desk.toml, faq.toml"},
		{"keywords", fstest.MapFS{"fr/keywords.toml": {Data: []byte("yes = [\"ok\"]\n")}},
			"overlay: fr/keywords.toml: an overlay replaces only"},
		{"language not spoken", fstest.MapFS{"de/messages.toml": {Data: []byte("")}},
			"overlay: de: not a language folder (fr, en)"},
		{"file at the top", fstest.MapFS{"messages.toml": {Data: []byte("")}},
			"overlay: messages.toml: not a language folder"},
		{"broken template", fstest.MapFS{"en/messages.toml": {Data: []byte("button_human = \"{{.Name\"\n")}},
			`texts: en/messages.toml: message "button_human": template:`},
		{"plural form missing", fstest.MapFS{"fr/messages.toml": {Data: []byte("points_available = \"{{.Count}} points\"\n")}},
			`texts: fr/messages.toml: message "points_available" needs the forms one and other`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			locs, err := LoadLocales(locales.FS, locales.Languages)
			if err != nil {
				t.Fatal(err)
			}
			err = locs.Overlay(tt.fsys)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("Overlay() = %v, want an error containing %q", err, tt.want)
			}
		})
	}
}

// TestBuiltInTextsSuitAnyShop keeps the demo jewellery shop's words out of
// the built-in texts: they belong to its overlay, locales/demo.
func TestBuiltInTextsSuitAnyShop(t *testing.T) {
	locs, err := LoadLocales(locales.FS, locales.Languages)
	if err != nil {
		t.Fatal(err)
	}
	shopWords := regexp.MustCompile(`(?i)jewel|bijou|engrav|grav[éeu]|unworn|non porté|pouch|pochette|écrin|workshop|atelier|\bring\b|bague|necklace|collier|bracelet|€\s?10|10\s?€`)
	for _, lang := range locales.Languages {
		facts := Facts(locs.Texts, policy.Defaults(), Shop{Name: "Shop", FormReplyHours: [2]int{24, 48}}, lang)
		for _, e := range locs.Entries[lang] {
			s, err := e.Render(facts)
			if err != nil {
				t.Fatal(err)
			}
			if m := shopWords.FindString(s); m != "" {
				t.Errorf("%s FAQ %s: %q is the demo shop's word: %q", lang, e.ID, m, s)
			}
		}
		for id := range locs.Texts.ids[lang] {
			if s := locs.Texts.T(lang, id, nil); shopWords.MatchString(s) {
				t.Errorf("%s message %s: the demo shop's words: %q", lang, id, s)
			}
		}
	}
}

// The demo overlay lays cleanly over the built-in texts and keeps the demo
// shop's own words.
func TestDemoOverlay(t *testing.T) {
	locs, err := LoadLocales(locales.FS, locales.Languages)
	if err != nil {
		t.Fatal(err)
	}
	if err := locs.Overlay(locales.Demo()); err != nil {
		t.Fatal(err)
	}
	tests := []struct{ lang, id, want string }{
		{"fr", "return_reason_size", "Taille ou longueur"},
		{"en", "return_reason_size", "Size or length"},
		{"en", "reward_gift_card_or_donation", "a €10 gift card or a donation to a charity"},
	}
	for _, tt := range tests {
		if got := locs.Texts.T(tt.lang, tt.id, nil); got != tt.want {
			t.Errorf("%s %s = %q, want %q", tt.lang, tt.id, got, tt.want)
		}
	}
	if got := answer(t, locs.Entries["en"], "return_conditions"); !strings.Contains(got, "unworn") {
		t.Errorf("demo return_conditions = %q, want the demo shop's \"unworn\"", got)
	}
}
