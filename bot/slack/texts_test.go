package slack

import (
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"supportbot/locales"
)

// TestDeskTextsExist checks that every text the desk renders, by a literal
// ID or a prefix and a known value, is in every language.
func TestDeskTextsExist(t *testing.T) {
	texts := mustKnowledge(t).Texts
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	ids := map[string]string{}
	fset := token.NewFileSet()
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		ast.Inspect(f, func(n ast.Node) bool {
			if lit, ok := n.(*ast.BasicLit); ok && lit.Kind == token.STRING {
				if s, _ := strconv.Unquote(lit.Value); strings.HasPrefix(s, "desk_") && !strings.HasSuffix(s, "_") {
					ids[s] = fset.Position(lit.Pos()).String()
				}
			}
			return true
		})
	}
	if len(ids) < 40 {
		t.Fatalf("found only %d desk text IDs in the code; is the scan broken?", len(ids))
	}
	values := map[string][]string{
		"desk_channel_": {"web", "telegram", "discord"},
		"desk_lang_":    {"fr", "en"},
		"desk_reason_":  {"asked", "missing_parcel", "wrong_item"},
		"desk_status_":  {"pending", "shipped", "in_transit", "ready_for_pickup", "delivered", "cancelled"},
		"desk_return_":  {"open", "received", "refunded", "cancelled"},
		"desk_sales_":   {"web", "store", "reseller"},
		"desk_from_":    {"customer", "bot", "agent", "note"},
	}
	for prefix, keys := range values {
		for _, k := range keys {
			ids[prefix+k] = "dynamic"
		}
	}
	for id, pos := range ids {
		for _, lang := range locales.Languages {
			if !texts.Has(lang, id) {
				t.Errorf("%s: text %q missing in %s", pos, id, lang)
			}
		}
	}
}
