package intents

import "testing"

func TestNamesOrganisation(t *testing.T) {
	tests := []struct {
		text string
		want bool
	}{
		{"my Amazon parcel never came", true},
		{"remboursement de mon billet SNCF", true},
		{"j'ai acheté une perceuse chez Leroy Merlin", true}, // two words
		{"Leroy is my first name", false},                    // one word of a two-word name
		{"mon colis Chronopost n'est pas arrivé", false},     // carriers are the shop's own business
		{"I paid with PayPal, where is my refund?", false},   // so are ways to pay
		{"I got the orange dress instead of the blue one", false},
		{"is delivery free for my next order?", false},
		{"", false},
	}
	for _, tt := range tests {
		if got := namesOrganisation(appendTokens(nil, tt.text)); got != tt.want {
			t.Errorf("namesOrganisation(%q) = %v, want %v", tt.text, got, tt.want)
		}
		tokens := messageTokens(nil, tt.text)
		has := len(tokens) > 0 && tokens[len(tokens)-1] == tokenOrg
		if has != tt.want {
			t.Errorf("messageTokens(%q) = %q: %s added %v, want %v", tt.text, tokens, tokenOrg, has, tt.want)
		}
	}
}
