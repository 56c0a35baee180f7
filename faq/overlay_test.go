package faq_test

import (
	"errors"
	"strings"
	"testing"
	"testing/fstest"

	"supportbot/faq"
)

const baseEntries = `
[[entry]]
id = "a_b"
topic = "t"
questions = ["q1", "q2"]
answer = "Base answer of {{.ShopName}}."

[[entry]]
id = "c_d"
topic = "t"
questions = ["q3"]
answer = "Kept."
`

func TestOverlay(t *testing.T) {
	base := fstest.MapFS{"en/faq.toml": {Data: []byte(baseEntries)}, "fr/faq.toml": {Data: []byte(baseEntries)}}
	byLang, err := faq.LoadAll(base, []string{"en", "fr"})
	if err != nil {
		t.Fatal(err)
	}
	overlay := fstest.MapFS{"en/faq.toml": {Data: []byte("[[entry]]\nid = \"a_b\"\nanswer = \"{{.ShopName}}'s own answer.\"\n")}}
	if err := faq.Overlay(byLang, overlay); err != nil {
		t.Fatal(err)
	}
	tests := []struct{ lang, id, want string }{
		{"en", "a_b", "Opaline's own answer."},
		{"en", "c_d", "Kept."},
		{"fr", "a_b", "Base answer of Opaline."}, // no fr/faq.toml in the overlay
	}
	for _, tt := range tests {
		var got string
		for _, e := range byLang[tt.lang] {
			if e.ID == tt.id {
				got, err = e.Render(faq.Facts{ShopName: "Opaline"})
				if err != nil {
					t.Fatal(err)
				}
			}
		}
		if got != tt.want {
			t.Errorf("%s %s: got %q, want %q", tt.lang, tt.id, got, tt.want)
		}
		if qs := byLang[tt.lang][0].Questions; len(qs) != 2 {
			t.Errorf("%s: questions changed: %v", tt.lang, qs)
		}
	}
}

func TestOverlayErrors(t *testing.T) {
	tests := []struct {
		name, file, want string
	}{
		{"unknown id", "[[entry]]\nid = \"x_y\"\nanswer = \"a\"\n", `en/faq.toml: invalid FAQ file: entry 1: no built-in entry "x_y" to replace`},
		{"questions", "[[entry]]\nid = \"a_b\"\nanswer = \"a\"\nquestions = [\"q\"]\n", `entry 1 "a_b": key "questions": an overlay gives an id and an answer only`},
		{"empty answer", "[[entry]]\nid = \"a_b\"\nanswer = \"\"\n", `entry 1 "a_b": empty answer`},
		{"unknown placeholder", "[[entry]]\nid = \"a_b\"\nanswer = \"{{.ShopNom}}\"\n", `ShopNom`},
		{"other table", "[faq]\nx = 1\n", `unknown key "faq`},
		{"not toml", "[[entry]", `invalid FAQ file`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			byLang, err := faq.LoadAll(fstest.MapFS{"en/faq.toml": {Data: []byte(baseEntries)}}, []string{"en"})
			if err != nil {
				t.Fatal(err)
			}
			err = faq.Overlay(byLang, fstest.MapFS{"en/faq.toml": {Data: []byte(tt.file)}})
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("Overlay() = %v, want an error containing %q", err, tt.want)
			}
			if !errors.Is(err, faq.ErrInvalid) {
				t.Errorf("Overlay() = %v, want it to wrap ErrInvalid", err)
			}
		})
	}
}
