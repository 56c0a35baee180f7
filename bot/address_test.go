package bot

import "testing"

func TestAddressIn(t *testing.T) {
	tests := []struct{ text, want string }{
		{"voici ma nouvelle adresse pour ma commande : 8 avenue Foch 75016 Paris", "8 avenue Foch 75016 Paris"},
		{"livrez plutôt ma commande au 3 rue Victor Hugo 69002 Lyon", "3 rue Victor Hugo 69002 Lyon"},
		{"à l'adresse suivante : 5 allée des Tilleuls, 44000 Nantes.", "5 allée des Tilleuls, 44000 Nantes"},
		{"please send order OP-100401 to 14 Park Road Leeds LS6 1AA", "14 Park Road Leeds LS6 1AA"},
		{"12 bis rue de la Paix 75002 Paris", "12 bis rue de la Paix 75002 Paris"},
		{"à quelle adresse sera livrée ma commande OP-100401 ?", ""},
		{"je l'ai commandée le 12 mars pour 35 €", ""},
		{"elise.marchand@example.fr OP-102501", ""},
		// When, after the town, is not part of it.
		{"Je déménage au 8 rue Garibaldi 69006 Lyon le mois prochain", "8 rue Garibaldi 69006 Lyon"},
		{"send it to 3 rue Victor Hugo 69002 Lyon from Monday please", "3 rue Victor Hugo 69002 Lyon"},
		{"livrez au 4 rue du Lundi 75011 Paris", "4 rue du Lundi 75011 Paris"},
		{"livrez au 4 rue du Lundi 75011 Paris jusqu'au 12 svp", "4 rue du Lundi 75011 Paris"},
		{"Je déménage au 8 rue Garibaldi 69006 Lyon dès lundi", "8 rue Garibaldi 69006 Lyon"},
		// What joins another request, or says what it replaces, ends it.
		{"c'est 3 rue Victor Hugo 69002 Lyon et aussi je voudrais échanger la bague", "3 rue Victor Hugo 69002 Lyon"},
		{"send it to 3 rue Victor Hugo 69002 Lyon and also exchange the ring", "3 rue Victor Hugo 69002 Lyon"},
		{"livrez au 8 rue Garibaldi 69006 Lyon plutôt qu'au bureau", "8 rue Garibaldi 69006 Lyon"},
		{"send it to 12 rue des Lilas 75004 Paris instead of home", "12 rue des Lilas 75004 Paris"},
		{"livrez au 8 rue Garibaldi 69006 Lyon au lieu de chez moi", "8 rue Garibaldi 69006 Lyon"},
		// Nor the words that lead to a detail after it.
		{"12 rue des Lilas, 69003 Lyon mais au 4e étage, porte gauche", "12 rue des Lilas, 69003 Lyon"},
	}
	texts := mustTexts(t)
	for _, tt := range tests {
		if got := texts.addressIn(tt.text); got != tt.want {
			t.Errorf("addressIn(%q) = %q, want %q", tt.text, got, tt.want)
		}
	}
}

func TestMasking(t *testing.T) {
	tests := []struct{ got, want string }{
		{maskWords("12 rue des Lilas"), "1• r•• d•• L••••"},
		{maskedEmail("elise.marchand@example.fr"), "e•••••••••••••@example.fr"},
		{maskedPhone("+33 6 72 18 45 90"), "+•• • •• •• •• 90"},
		{maskedPhone("06"), "06"},
	}
	for _, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("got %q, want %q", tt.got, tt.want)
		}
	}
}
