package intents

import (
	"slices"
	"testing"
)

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

// TestOrgSignalFeatures: with OrgWeight, a message naming another business
// gets the last feature, one naming only a bank the one before, others
// neither; without it, the vectors are as wide as the vocabulary.
func TestOrgSignalFeatures(t *testing.T) {
	texts := []string{"annuler ma commande chez cdiscount", "remboursement sur ma carte revolut", "annuler ma commande"}
	docs := make([][]string, len(texts))
	langs := make([]string, len(texts))
	for i, text := range texts {
		docs[i], langs[i] = messageTokens(nil, text), "fr"
	}
	for _, w := range []float64{0, 1.5} {
		cfg := DefaultFeatures()
		cfg.DenseWeight, cfg.OrgWeight = 0, w
		stems := stemCache(docs)
		raws := rawDocs(cfg, stems, docs, langs)
		f := newFeaturizer(cfg, stems, raws)
		n := f.numFeatures()
		if w == 0 && n != len(f.idf) || w > 0 && n != len(f.idf)+2 {
			t.Fatalf("OrgWeight %g: %d features for a vocabulary of %d", w, n, len(f.idf))
		}
		for i, want := range []int{n - 1, n - 2, -1} {
			v := f.vectorize(raws[i], &sparse{})
			last, val := v.idx[len(v.idx)-1], v.val[len(v.val)-1]
			switch {
			case w == 0 || want < 0:
				if int(last) >= len(f.idf) {
					t.Errorf("OrgWeight %g, %q: feature %d beyond the vocabulary of %d", w, texts[i], last, len(f.idf))
				}
			case int(last) != want || float64(val) != w:
				t.Errorf("OrgWeight %g, %q: last feature %d = %g, want %d = %g", w, texts[i], last, val, want, w)
			}
		}
	}
}

// TestCorrectionKeepsOrganisations: a business the training phrases never
// named stays named once typos are corrected, so the message is still
// read as about that business.
func TestCorrectionKeepsOrganisations(t *testing.T) {
	c := newCorrector([][]string{appendTokens(nil, "i would like my order, it is nice")})
	tokens := messageTokens(nil, "my nike ordr")
	correctTokens(c, tokens)
	if !slices.Contains(tokens, "nike") || !slices.Contains(tokens, "order") {
		t.Errorf("corrected tokens %q: want nike kept and ordr corrected", tokens)
	}
	if !namesOtherBusiness(tokens) {
		t.Errorf("corrected tokens %q no longer name a business", tokens)
	}
}

// TestPickupPlaceIsNoOrganisation: a shop named as the relay point where
// the parcel waits gives no _org_ token; named as the business the order
// is about, it does.
func TestPickupPlaceIsNoOrganisation(t *testing.T) {
	for _, tt := range []struct {
		text string
		want bool
	}{
		{"mon colis est au relais pickup du Carrefour Market mais ils le trouvent pas", false},
		{"my parcel is at the Tesco collection point but they can't find it", false},
		{"ma commande devait arriver au casier du Leclerc", false},
		{"jveux annuler ma commande chez Carrefour", true},
		{"my Tesco order is late", true},
	} {
		tokens := messageTokens(nil, tt.text)
		if got := slices.Contains(tokens, tokenOrg); got != tt.want {
			t.Errorf("messageTokens(%q) = %q: %s %v, want %v", tt.text, tokens, tokenOrg, got, tt.want)
		}
	}
}
