package intents

import "testing"

func TestAngry(t *testing.T) {
	tests := []struct {
		name, text string
		want       bool
	}{
		{"calm fr", "Bonjour, où en est ma commande ?", false},
		{"e-mail in capitals", "SOPHIE.LAURENT@EXAMPLE.FR", false},
		{"shouting beside an e-mail", "WHERE IS MY ORDER SOPHIE.LAURENT@EXAMPLE.FR", true},
		{"e-mail in capitals, calm words", "it's SOPHIE.LAURENT@EXAMPLE.FR and OP-100701", false},
		{"calm en", "Hi, where is my parcel?", false},
		{"angry emoji", "toujours rien 😡", true},
		{"cursing emoji", "🤬", true},
		{"exclamations", "je veux mon colis!!!", true},
		{"frustration en", "this is so frustrating", true},
		{"frustration fr", "c'est vraiment frustrant, je suis exaspérée", true},
		{"two exclamations", "merci !!", false},
		{"shouting fr", "C PAS MA COMMANDE ÇA", true},
		{"shouting en", "YOUR COURIER SAYS DELIVERED. I HAVE NOTHING", true},
		{"order number and acronyms are not shouting", "SAV UPS CL-482913 merci", false},
		{"one capital word", "my order is LATE", false},
		{"anger word fr", "c'est scandaleux", true},
		{"anger word no accent", "service inadmissible", true},
		{"insult fr", "bande d'escrocs", true},
		{"arnaque", "c'est une arnaque", true},
		{"ras le bol", "j'en ai ras le bol", true},
		{"marre", "j'en ai marre d'attendre", true},
		{"anger word en", "this is ridiculous", true},
		{"scam", "you are scammers", true},
		{"wtf", "wtf where is my order", true},
		{"fed up", "I'm fed up with waiting", true},
		{"polite complaint", "I'm a bit disappointed that it's late", false},
		{"said of someone else en", "my husband wants to cancel, he's useless with computers lol", false},
		{"said of someone else fr", "mon mari, il est nul en informatique", false},
		{"said of the shop", "you are useless", true},
		{"said of the bot", "this bot is useless", true},
		{"empty", "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Angry(tt.text); got != tt.want {
				t.Errorf("Angry(%q) = %v, want %v", tt.text, got, tt.want)
			}
		})
	}
}
