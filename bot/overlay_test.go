package bot

import (
	"strings"
	"testing"
	"testing/fstest"

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
			"overlay: en/nlu: an overlay replaces only messages.toml, web.toml, channels.toml, desk.toml, faq.toml"},
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
