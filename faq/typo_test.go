package faq

import "testing"

func TestEditDistance(t *testing.T) {
	tests := []struct {
		name  string
		a, b  string
		limit int
		want  int
	}{
		{"equal", "garantie", "garantie", 2, 0},
		{"substitution", "garentie", "garantie", 2, 1},
		{"swap", "garnatie", "garantie", 2, 1},
		{"insertion", "pasword", "password", 2, 1},
		{"deletion", "pointss", "points", 2, 1},
		{"two edits", "garntie", "garantie", 2, 1},
		{"over the limit", "colis", "commande", 1, 2},
		{"empty", "", "abc", 5, 3},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := editDistance(tt.a, tt.b, tt.limit); got != tt.want {
				t.Errorf("editDistance(%q, %q, %d) = %d, want %d", tt.a, tt.b, tt.limit, got, tt.want)
			}
		})
	}
}

func TestCorrect(t *testing.T) {
	li := &langIndex{terms: []string{"garant", "commande", "colis", "retour"}}
	li.variants.postings = [][]posting{{{doc: 0, tf: 1}}, {{doc: 0, tf: 1}}, {{doc: 1, tf: 1}}, nil}
	li.trigrams = trigramTable(li.terms)
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
