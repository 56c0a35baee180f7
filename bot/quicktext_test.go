package bot

import (
	"maps"
	"slices"
	"testing"

	"github.com/nicksnyder/go-i18n/v2/i18n"
)

// quickFields returns every field name the quick templates read.
func quickFields(nodes []quickNode, into map[string]bool) {
	for _, n := range nodes {
		if n.field != "" {
			into[n.field] = true
		}
		if n.cond != "" {
			into[n.cond] = true
		}
		quickFields(n.then, into)
		quickFields(n.els, into)
	}
}

// TestQuickTemplatesRenderAsGoI18n renders every message of the locale
// files both ways, with data that fills, empties, omits and mistypes its
// fields, and wants the same text.
func TestQuickTemplatesRenderAsGoI18n(t *testing.T) {
	texts := mustTexts(t)
	variants := []struct {
		name  string
		value func(i int) (any, bool) // value of the i-th field, and whether to set it
	}{
		{"strings", func(i int) (any, bool) { return "v" + string(rune('a'+i%26)), true }},
		{"empty", func(int) (any, bool) { return "", true }},
		{"ones", func(int) (any, bool) { return 1, true }},
		{"string ones", func(int) (any, bool) { return "1", true }},
		{"ints", func(i int) (any, bool) { return i - 2, true }},
		{"int64 and bools", func(i int) (any, bool) {
			if i%2 == 0 {
				return int64(i) * 1000, true
			}
			return i%3 == 0, true
		}},
		{"every other missing", func(i int) (any, bool) { return "x", i%2 == 0 }},
		{"none", func(int) (any, bool) { return nil, false }},
		{"floats and nils", func(i int) (any, bool) {
			if i%2 == 0 {
				return 2.5, true
			}
			return nil, true
		}},
	}
	quick := 0
	for _, lang := range texts.Languages() {
		loc := texts.locs[lang]
		for _, id := range slices.Sorted(maps.Keys(texts.ids[lang])) {
			q := texts.quick[lang][id]
			if q == nil {
				continue
			}
			quick++
			fieldSet := map[string]bool{}
			quickFields(q.nodes, fieldSet)
			fields := slices.Sorted(maps.Keys(fieldSet))
			for _, v := range variants {
				data := map[string]any{}
				for i, f := range fields {
					if val, set := v.value(i); set {
						data[f] = val
					}
				}
				want, err := loc.Localize(&i18n.LocalizeConfig{MessageID: id, TemplateData: data})
				if err != nil {
					want = id
				}
				if got := texts.T(lang, id, data); got != want {
					t.Errorf("%s/%s with %s:\n got %q\nwant %q", lang, id, v.name, got, want)
				}
			}
			// No data at all: go-i18n's error when the message reads fields.
			want, err := loc.Localize(&i18n.LocalizeConfig{MessageID: id})
			if err != nil {
				want = id
			}
			if got := texts.T(lang, id, nil); got != want {
				t.Errorf("%s/%s without data:\n got %q\nwant %q", lang, id, got, want)
			}
		}
	}
	// The quick form must carry most messages, or it saves nothing.
	all := 0
	for _, lang := range texts.Languages() {
		all += len(texts.ids[lang])
	}
	if quick*2 < all {
		t.Errorf("%d of %d messages render quickly, want at least half", quick, all)
	}
}

// TestQuickTemplateShapes checks which template shapes take the quick path.
func TestQuickTemplateShapes(t *testing.T) {
	tests := []struct {
		src   string
		quick bool
	}{
		{"plain text", true},
		{"Order {{.Number}} is {{.Status}}.", true},
		{"{{if .Carrier}}with {{.Carrier}}{{else}}soon{{end}}.", true},
		{"{{if .A}}{{if .B}}both{{end}}{{end}}", true},
		{"{{.}}", false},
		{"{{with .Example}}e.g. {{.}}{{end}}", false},
		{"{{if eq .Min .Max}}same{{end}}", false},
		{"{{if eq .Day 1}}1er{{else}}{{.Day}}{{end}}", true},
		{`{{if eq .Kind "gift"}}a gift{{end}}`, true},
		{"{{if eq .Day 1.5}}x{{end}}", false},
		{"{{if ne .Day 1}}x{{end}}", false},
		{"{{.Order.Number}}", false},
		{"{{range .Items}}x{{end}}", false},
		{"{{.Name | printf \"%q\"}}", false},
		{"{{ broken", false},
	}
	for _, tt := range tests {
		_, ok := compileQuick(&i18n.Message{ID: "m", Other: tt.src})
		if ok != tt.quick {
			t.Errorf("compileQuick(%q) = %v, want %v", tt.src, ok, tt.quick)
		}
	}
	if _, ok := compileQuick(&i18n.Message{ID: "m", One: "one", Other: "many"}); ok {
		t.Error("a message with plural forms took the quick path")
	}
}
