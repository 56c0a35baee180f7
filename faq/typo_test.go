package faq

import "testing"

func TestCorrect(t *testing.T) {
	li := &langIndex{terms: []string{"garant", "commande", "colis", "retour"}}
	li.variants.postings = [][]posting{{{doc: 0, tf: 1}}, {{doc: 0, tf: 1}}, {{doc: 1, tf: 1}}, nil}
	li.typos = newTypos(li.terms, li.variants)
	tests := []struct {
		name, word string
		want       string // "" for no correction
	}{
		{"one substitution", "garent", "garant"},
		{"one deletion, long word", "comande", "commande"},
		{"too short to correct", "col", ""},
		{"one deletion, short word", "coli", "colis"},
		{"swap, short word", "colsi", "colis"},
		{"only in answers", "retuor", ""},
		{"too far", "gateau", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			id, weight, ok := li.correct(tt.word)
			got := ""
			if ok {
				got = li.terms[id]
				if weight <= 0 || weight >= 1 {
					t.Errorf("weight %v, want in (0, 1)", weight)
				}
			}
			if got != tt.want {
				t.Errorf("correct(%q) = %q, want %q", tt.word, got, tt.want)
			}
		})
	}
}
