package spell

import "testing"

func TestDistance(t *testing.T) {
	tests := []struct {
		a, b  string
		limit int
		want  int
	}{
		{"commande", "commande", 2, 0},
		{"comande", "commande", 2, 1},
		{"recieved", "received", 2, 1}, // a swap of neighbours is one edit
		{"colie", "colis", 1, 1},
		{"abcdef", "uvwxyz", 2, 3}, // over the limit: limit+1
		{"", "abc", 5, 3},
		{"ab", "abcdef", 1, 2},
	}
	for _, tt := range tests {
		if got := Distance(tt.a, tt.b, tt.limit); got != tt.want {
			t.Errorf("Distance(%q, %q, %d) = %d, want %d", tt.a, tt.b, tt.limit, got, tt.want)
		}
	}
}

func TestCorrect(t *testing.T) {
	c := New([]string{"commande", "colis", "remboursement", "livraison", "recu", "received", "pays", "paye", "bizz"}, []int{50, 30, 10, 20, 5, 5, 3, 9, 4})
	tests := []struct {
		word string
		want string // "" for no correction
	}{
		{"comande", "commande"},
		{"commande", ""}, // known
		{"colie", "colis"},
		{"remboursemment", "remboursement"},
		{"remboursmnt", "remboursement"}, // two edits, long word
		{"livrasion", "livraison"},
		{"recieved", "received"},
		{"pas", ""},      // too short to correct
		{"payz", "paye"}, // same distance to pays and paye: the more frequent
		{"fizz", ""},     // four letters: not with another first letter
		{"bizs", "bizz"},
		{"vommande", "commande"}, // five letters on: the first letter too
		{"tennis", ""},
		{"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx", ""},
	}
	for _, tt := range tests {
		id, _, ok := c.Correct(tt.word)
		got := ""
		if ok {
			got = c.Word(id)
		}
		if got != tt.want {
			t.Errorf("Correct(%q) = %q, want %q", tt.word, got, tt.want)
		}
	}
	if !c.Known("colis") || c.Known("colie") {
		t.Error("Known: wrong answer")
	}
}

func BenchmarkCorrect(b *testing.B) {
	words := []string{"commande", "colis", "remboursement", "livraison", "retour", "annuler", "points", "fidelite"}
	c := New(words, nil)
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		c.Correct([]string{"comande", "remboursemment", "zzzzzz"}[i%3])
	}
}
