package intents

import "testing"

func TestMatchItem(t *testing.T) {
	fr := []string{"Bracelet jonc argent", "Bague solitaire or", "Boucles d'oreilles perles"}
	en := []string{"Gold ring", "Silver necklace", "Leather watch strap"}
	tests := []struct {
		name, text string
		names      []string
		want       int
	}{
		{"article and name", "le bracelet", fr, 0},
		{"typo", "la bage est abîmée", fr, 1},
		{"typo in an english word for a french name", "the earings", fr, 2},
		{"typo in an english name", "the earings", []string{"Moon earrings", "Silk scarf"}, 0},
		{"plural", "les boucles", fr, 2},
		{"english word for french name", "the ring", fr, 1},
		{"colour across languages", "the silver one", fr, 0},
		{"english name", "the ring please", en, 0},
		{"english material", "the silver one", en, 1},
		{"english plural", "watches", en, 2},
		{"ordinal fr", "le deuxième", fr, 1},
		{"ordinal en", "the first one", en, 0},
		{"last", "the last one", en, 2},
		{"nothing", "bonjour", fr, -1},
		// A name in an e-mail address is no item: "ines" is not "fine".
		{"e-mail address", "return an item ines.moreau@example.fr OP-100301", []string{"Collier perle d'eau douce", "Bague fine plaqué or"}, -1},
		{"no names", "le bracelet", nil, -1},
		// No typo forgiven in four letters: "soit" is not "soie".
		{"short word", "soit", []string{"Moon earrings", "Silk scarf"}, -1},
		{"ambiguous", "la bague", []string{"Bague argent", "Bague or"}, -1},
		{"second word decides", "la bague en argent", []string{"Bague or", "Bague argent"}, 1},
		{"ordinal out of range", "the fourth", en, -1},
		// French "pendant" (during) is no pendant.
		{"french preposition", "et pendant que j'y suis, je peux annuler ?", []string{"Pochette velours", "Pendentif gravé"}, -1},
		{"french preposition before a number", "j'ai attendu pendant 3 semaines", []string{"Pochette velours", "Pendentif gravé"}, -1},
		{"the jewel", "the pendant is scratched", []string{"Pochette velours", "Pendentif gravé"}, 1},
		// "last week" is a time, not the last item.
		{"last week", "I received my order last week", []string{"Moon earrings", "Silk scarf"}, -1},
		{"semaine dernière", "reçu la semaine dernière", []string{"Moon earrings", "Silk scarf"}, -1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, score := MatchItem(tt.text, tt.names)
			if got != tt.want {
				t.Errorf("MatchItem(%q, %q) = %d (score %.2f), want %d", tt.text, tt.names, got, score, tt.want)
			}
			if (got >= 0) != (score > 0) || score > 1 {
				t.Errorf("MatchItem(%q) score %.2f inconsistent with index %d", tt.text, score, got)
			}
		})
	}
}

// TestOneEditApart checks the shortcut against the full distance on every
// pair of words up to four letters over a small alphabet, where each kind
// of edit (and none, and two) occurs at every position.
func TestOneEditApart(t *testing.T) {
	var words []string
	var grow func(w string)
	grow = func(w string) {
		words = append(words, w)
		if len(w) == 4 {
			return
		}
		for _, c := range "abc" {
			grow(w + string(c))
		}
	}
	grow("")
	for _, a := range words {
		for _, b := range words {
			if got, want := oneEditApart(a, b), editDistance(a, b) == 1; got != want {
				t.Fatalf("oneEditApart(%q, %q) = %v, edit distance %d", a, b, got, editDistance(a, b))
			}
		}
	}
}

// BenchmarkMatchItem matches the kind of message a turn checks against an
// order's item names: words of five letters or more, none of them an item.
func BenchmarkMatchItem(b *testing.B) {
	names := []string{"Bague argent lune", "Collier perles d'eau douce", "Foulard en soie imprimé"}
	for b.Loop() {
		MatchItem("bonjour, où en est ma commande ? je l'attends depuis lundi dernier", names)
	}
}
