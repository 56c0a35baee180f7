package intents

import "testing"

func TestNamesOrganisation(t *testing.T) {
	tests := []struct {
		text  string
		want  bool
		other bool // names a business, not only a bank or insurer
	}{
		{"my Amazon parcel never came", true, true},
		{"remboursement de mon billet SNCF", true, true},
		{"j'ai acheté une perceuse chez Leroy Merlin", true, true}, // two words
		{"jveux annuler ma commande chez McDo", true, true},
		{"refunded to my Revolut card, still nothing", true, false}, // where money goes
		{"my Revolut card and my Amazon order", true, true},
		{"Leroy is my first name", false, false},                  // one word of a two-word name
		{"mon colis Chronopost n'est pas arrivé", false, false},   // carriers are the shop's own business
		{"I paid with PayPal, where is my refund?", false, false}, // so are ways to pay
		{"I got the orange dress instead of the blue one", false, false},
		{"is delivery free for my next order?", false, false},
		{"", false, false},
	}
	for _, tt := range tests {
		if got := namesOrganisation(appendTokens(nil, tt.text)); got != tt.want {
			t.Errorf("namesOrganisation(%q) = %v, want %v", tt.text, got, tt.want)
		}
		if got := namesOtherBusiness(appendTokens(nil, tt.text)); got != tt.other {
			t.Errorf("namesOtherBusiness(%q) = %v, want %v", tt.text, got, tt.other)
		}
		tokens := messageTokens(nil, tt.text)
		has := len(tokens) > 0 && tokens[len(tokens)-1] == tokenOrg
		if has != tt.want {
			t.Errorf("messageTokens(%q) = %q: %s added %v, want %v", tt.text, tokens, tokenOrg, has, tt.want)
		}
	}
}
