package bot

import "testing"

func TestJoinPieces(t *testing.T) {
	e := &Engine{texts: mustTexts(t)}
	tests := []struct {
		lang, prev, text string
		want             string // "" when the message is no piece to join
		missing          string
	}{
		{"fr", "", "12 rue de la Paix", "12 rue de la Paix", "town"},
		{"fr", "12 rue de la Paix", "75002", "12 rue de la Paix, 75002", "townname"},
		{"fr", "12 rue de la Paix, 75002", "Paris", "12 rue de la Paix, 75002 Paris", ""},
		{"fr", "15 bis rue Victor Hugo", "à Villeurbanne", "15 bis rue Victor Hugo, Villeurbanne", "postcode"},
		{"fr", "15 bis rue Victor Hugo, Villeurbanne", "69100", "15 bis rue Victor Hugo, 69100 Villeurbanne", ""},
		{"fr", "", "c'est au 15 bis rue Victor Hugo", "15 bis rue Victor Hugo", "town"},
		{"en", "Rue de la Loi 42", "1040 Etterbeek", "Rue de la Loi 42, 1040 Etterbeek", ""},
		{"en", "Rue de la Loi 42, 1040 Etterbeek", "Belgique", "Rue de la Loi 42, 1040 Etterbeek, Belgique", ""},
		{"fr", "69007 Lyon", "25 avenue Jean Jaurès", "25 avenue Jean Jaurès, 69007 Lyon", ""},
		{"fr", "", "Bahnhofstrasse 10", "Bahnhofstrasse 10", "town"},
		{"fr", "12 avenue Jean Jaurès", "3e étage, porte gauche", "12 avenue Jean Jaurès, 3e étage, porte gauche", "town"},
		{"en", "", "Flat 4, 27 Rue de la Paix", "27 Rue de la Paix, Flat 4", "town"},
		{"fr", "", "La nouvelle adresse c'est 8 avenue Jean Jaurès", "8 avenue Jean Jaurès", "town"},
		{"fr", "8 avenue Jean Jaurès", "69007 Lyon", "8 avenue Jean Jaurès, 69007 Lyon", ""},
		// Words of answer or courtesy are no towns, lower case is none,
		// and a piece said twice is no new piece.
		{"fr", "12 rue de la Paix", "Merci", "", ""},
		{"en", "12 rue de la Paix", "Ok", "", ""},
		{"fr", "15 bis rue Victor Hugo", "à bientôt", "", ""},
		{"fr", "12 rue de la Paix", "14 rue de Rennes", "", ""},
		{"fr", "12 rue de la Paix", "je sais pas", "", ""},
	}
	for _, tt := range tests {
		got, ok := e.joinPieces(tt.lang, tt.prev, tt.text)
		if !ok {
			got = ""
		}
		if got != tt.want {
			t.Errorf("joinPieces(%q, %q) = %q, want %q", tt.prev, tt.text, got, tt.want)
			continue
		}
		if got != "" {
			if m := e.missingPieces(tt.lang, got); m != tt.missing {
				t.Errorf("missingPieces(%q) = %q, want %q", got, m, tt.missing)
			}
		}
	}
}
