package bot

import (
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/BurntSushi/toml"

	"supportbot/bot/policy"
	"supportbot/locales"
)

func mustTexts(tb testing.TB) *Texts {
	tb.Helper()
	texts, err := LoadTexts(locales.FS, locales.Languages...)
	if err != nil {
		tb.Fatal(err)
	}
	return texts
}

// messageIDsUsed finds the message IDs the engine's code renders: the first
// argument of say, sayN, text, button and T/N calls when it is a string
// literal. IDs built at run time ("cancel_refused_" + reason) are checked
// by TestDynamicMessageIDs.
func messageIDsUsed(t *testing.T) map[string]string {
	t.Helper()
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	argIndex := map[string]int{"say": 1, "sayN": 1, "text": 1, "button": 1, "T": 1, "N": 1, "tell": 0, "byHours": 1}
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
			call, ok := n.(*ast.CallExpr)
			if !ok {
				return true
			}
			sel, ok := call.Fun.(*ast.SelectorExpr)
			if !ok {
				return true
			}
			i, ok := argIndex[sel.Sel.Name]
			if !ok || len(call.Args) <= i {
				return true
			}
			if lit, ok := call.Args[i].(*ast.BasicLit); ok && lit.Kind == token.STRING {
				id, _ := strconv.Unquote(lit.Value)
				if sel.Sel.Name == "byHours" {
					// byHours adds _now or _later.
					ids[id+"_now"] = fset.Position(lit.Pos()).String()
					ids[id+"_later"] = fset.Position(lit.Pos()).String()
					return true
				}
				ids[id] = fset.Position(lit.Pos()).String()
			}
			return true
		})
	}
	return ids
}

func TestMessageIDsExist(t *testing.T) {
	texts := mustTexts(t)
	ids := messageIDsUsed(t)
	if len(ids) < 50 {
		t.Fatalf("found only %d message IDs in the code; is the scan broken?", len(ids))
	}
	for id, pos := range ids {
		if id == "handoff_recorded" || id == "handoff_open" || id == "handoff_already" || id == "handoff_pending" || id == "handoff_ask_email_again" || id == "handoff_when" {
			// byHours adds _now or _later.
			for _, suffix := range []string{"_now", "_later"} {
				checkID(t, texts, id+suffix, pos)
			}
			continue
		}
		checkID(t, texts, id, pos)
	}
}

func checkID(t *testing.T, texts *Texts, id, pos string) {
	t.Helper()
	for _, lang := range locales.Languages {
		if !texts.Has(lang, id) {
			t.Errorf("%s: message %q missing in %s", pos, id, lang)
		}
	}
}

// Messages whose ID is built from a policy code or an intent name.
func TestDynamicMessageIDs(t *testing.T) {
	texts := mustTexts(t)
	var ids []string
	for _, r := range []string{policy.ReasonCancelled, policy.ReasonGiftCard, policy.ReasonPersonalized,
		policy.ReasonAlreadyReturned, policy.ReasonNotDelivered, policy.ReasonAtPickupPoint, policy.ReasonWindowClosed} {
		ids = append(ids, "return_refused_"+r)
	}
	for _, r := range []string{policy.ReasonAlreadyCancelled, policy.ReasonPersonalized, policy.ReasonShipped,
		policy.ReasonDelivered, policy.ReasonAtPickupPoint, policy.ReasonInStore, policy.ReasonGiftCard,
		policy.ReasonTooLate, policy.ReasonNotAllowed} {
		ids = append(ids, "cancel_refused_"+r)
	}
	for _, r := range returnReasons {
		ids = append(ids, "return_reason_"+r)
	}
	for _, f := range flowTable() {
		ids = append(ids, f.resume, f.button)
	}
	for _, tier := range policy.Defaults().Loyalty.Tiers {
		ids = append(ids, "reward_"+tier.Reward)
	}
	for i := 0; i < 7; i++ {
		ids = append(ids, "weekday_"+strconv.Itoa(i))
	}
	for i := 1; i <= 12; i++ {
		ids = append(ids, "month_"+strconv.Itoa(i))
	}
	for _, s := range []string{"pending", "preparing", "shipped", "in_transit"} {
		ids = append(ids, "track_"+s, "track_"+s+"_late")
	}
	for _, id := range ids {
		checkID(t, texts, id, "dynamic")
	}
}

// Plural messages render the right form in each language: French takes the
// singular for 0 and 1, English only for 1.
func TestPlurals(t *testing.T) {
	texts := mustTexts(t)
	tests := []struct {
		lang  string
		count int
		want  string
	}{
		{"fr", 0, "Vous avez 0 point fidélité disponible."},
		{"fr", 1, "Vous avez 1 point fidélité disponible."},
		{"fr", 2, "Vous avez 2 points fidélité disponibles."},
		{"en", 0, "You have 0 loyalty points available."},
		{"en", 1, "You have 1 loyalty point available."},
		{"en", 140, "You have 140 loyalty points available."},
	}
	for _, tt := range tests {
		if got := texts.N(tt.lang, "points_available", tt.count, nil); got != tt.want {
			t.Errorf("%s %d: got %q, want %q", tt.lang, tt.count, got, tt.want)
		}
	}
}

// TestEveryMessageRendersForAnyCount: a message rendered with a count
// renders for every count in every language, including a message written
// with one form for all counts (a French 0 or 1 wants the "one" form).
func TestEveryMessageRendersForAnyCount(t *testing.T) {
	texts := mustTexts(t)
	for _, lang := range locales.Languages {
		var messages map[string]any
		if _, err := toml.DecodeFS(locales.FS, lang+"/messages.toml", &messages); err != nil {
			t.Fatal(err)
		}
		if len(messages) < 100 {
			t.Fatalf("%s: only %d messages read", lang, len(messages))
		}
		for id := range messages {
			for _, n := range []int{0, 1, 2, 21} {
				if got := texts.N(lang, id, n, map[string]any{}); got == id {
					t.Errorf("%s: %s with count %d renders as its ID", lang, id, n)
				}
			}
		}
	}
}

func TestKeywords(t *testing.T) {
	texts := mustTexts(t)
	tests := []struct {
		lang, list, text string
		want             bool
	}{
		{"fr", keywordYes, "Ouais", true},
		{"fr", keywordYes, "d’accord !", true},
		{"fr", keywordNo, "Non merci", true},
		{"fr", keywordStop, "Laisse tomber", true},
		{"fr", keywordStop, "annuler ma commande", false},
		{"en", keywordYes, "Yep!", true},
		{"en", keywordNo, "nope", true},
		{"en", keywordStop, "never mind", true},
		{"en", keywordAll, "both", true},
	}
	for _, tt := range tests {
		norm := normalize(tt.text)
		if got := texts.IsKeyword(tt.lang, tt.list, norm); got != tt.want {
			t.Errorf("IsKeyword(%s, %s, %q) = %v, want %v", tt.lang, tt.list, tt.text, got, tt.want)
		}
	}
}

// The answers to follow-up questions about an outcome (bot/outcome.go):
// each is about a message the engine says, in every language, with the
// keyword lists its kind and the objects need, and offers a person only
// where it exists.
func TestOutcomeFollowUps(t *testing.T) {
	texts := mustTexts(t)
	followed := outcomesAnswered(texts)
	if len(followed) < 10 {
		t.Fatalf("only %d outcomes have follow-ups; is the scan broken?", len(followed))
	}
	for _, lang := range locales.Languages {
		for _, kind := range followUpKinds {
			if len(texts.ListsNamed(lang, "followup_"+kind)) == 0 {
				t.Errorf("%s: no keyword list followup_%s", lang, kind)
			}
			for _, id := range texts.IDs(lang, "fu_"+kind+"_") {
				outcome := strings.TrimPrefix(id, "fu_"+kind+"_")
				checkID(t, texts, outcome, id)
				checkID(t, texts, id, id)
				about, _, _ := strings.Cut(outcome, "_")
				if _, ok := followUpObjects[about]; !ok {
					t.Errorf("%s: outcome %q has no objects in followUpObjects", id, about)
				}
				if _, ok := outcomeFlows[about]; !ok {
					t.Errorf("%s: outcome %q has no flows in outcomeFlows", id, about)
				}
			}
		}
		for _, obj := range objects {
			if len(texts.ListsNamed(lang, "object_"+obj)) == 0 {
				t.Errorf("%s: no keyword list object_%s", lang, obj)
			}
		}
	}
	for id := range followUpHuman {
		checkID(t, texts, id, "followUpHuman")
	}
	for id := range followUpInvestigation {
		checkID(t, texts, id, "followUpInvestigation")
	}
}

// The answers to side questions in a flow (bot/side.go) exist in every
// language, each about a flow, with the keyword list of its kind.
func TestSideQuestions(t *testing.T) {
	texts := mustTexts(t)
	flows := flowTable()
	for _, lang := range locales.Languages {
		for _, kind := range sideQuestions {
			if len(texts.ListsNamed(lang, "side_"+kind)) == 0 {
				t.Errorf("%s: no keyword list side_%s", lang, kind)
			}
			for _, id := range texts.IDs(lang, "side_"+kind+"_") {
				// (A flow's answer for a faulty item's return ends in
				// "_faulty".)
				if _, ok := flows[strings.TrimSuffix(strings.TrimPrefix(id, "side_"+kind+"_"), "_faulty")]; !ok {
					t.Errorf("%s: message %s names no flow", lang, id)
				}
				checkID(t, texts, id, id)
			}
		}
	}
	for key, id := range sideAnswers {
		checkID(t, texts, id, "sideAnswers["+key+"]")
	}
}
