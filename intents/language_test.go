package intents

import "testing"

func TestDetectLanguage(t *testing.T) {
	tests := []struct {
		name, text, fallback, want string
	}{
		// One to three words.
		{"mes points", "mes points", "en", "fr"},
		{"order status", "order status", "fr", "en"},
		{"merci", "merci", "en", "fr"},
		{"sms goodbye keeps french", "a+", "fr", "fr"},
		{"sms goodbye keeps english", "a+", "en", "en"},
		{"merci beaucoup", "Merci beaucoup !", "en", "fr"},
		{"hello", "hello", "fr", "en"},
		{"bonjour", "bonjour", "en", "fr"},
		{"bonjour caps", "BONJOUR", "en", "fr"},
		{"my parcel", "my parcel", "fr", "en"},
		{"colis", "colis", "en", "fr"},
		{"mon colis", "mon colis", "en", "fr"},
		{"thanks", "thanks", "fr", "en"},
		{"thx", "thx!", "fr", "en"},
		{"oui", "oui", "en", "fr"},
		{"ouais", "ouais", "en", "fr"},
		{"non", "non", "en", "fr"},
		{"yes", "yes", "fr", "en"},
		{"yep", "yep", "fr", "en"},
		{"nope", "nope", "fr", "en"},
		{"no", "no", "fr", "en"},
		{"salut", "salut", "en", "fr"},
		{"slt", "slt", "en", "fr"},
		{"bjr", "bjr", "en", "fr"},
		{"hi", "hi", "fr", "en"},
		{"hey there", "hey there", "fr", "en"},
		{"goodbye", "goodbye", "fr", "en"},
		{"au revoir", "au revoir", "en", "fr"},
		{"ma commande", "ma commande", "en", "fr"},
		{"cde", "cde ?", "en", "fr"},
		{"my order", "my order", "fr", "en"},
		{"where is my order", "where is my order", "fr", "en"},
		{"retour", "retour", "en", "fr"},
		{"refund", "refund", "fr", "en"},
		{"remboursement", "remboursement", "en", "fr"},
		{"annuler", "annuler", "en", "fr"},
		{"cancel", "cancel", "fr", "en"},
		{"un humain", "un humain", "en", "fr"},
		{"human please", "human please", "fr", "en"},
		{"loyalty points", "loyalty points", "fr", "en"},
		{"points fidélité", "points fidélité", "en", "fr"},
		{"mauvais article", "mauvais article", "en", "fr"},
		{"wrong item", "wrong item", "fr", "en"},
		{"pas reçu", "pas reçu", "en", "fr"},
		{"not received", "not received", "fr", "en"},
		{"d'accord", "d'accord", "en", "fr"},
		{"sure", "sure", "fr", "en"},
		{"tracking", "tracking", "fr", "en"},
		{"suivi", "suivi", "en", "fr"},
		{"livraison", "livraison", "en", "fr"},
		{"delivery", "delivery", "fr", "en"},
		{"accent only word", "était", "en", "fr"},
		{"svp", "svp", "en", "fr"},
		{"please", "please", "fr", "en"},
		{"pk", "pk ?", "en", "fr"},
		{"why", "why?", "fr", "en"},

		// Nothing to go on: the conversation's language stays.
		{"ok fr", "ok", "fr", "fr"},
		{"ok en", "ok", "en", "en"},
		{"okay en", "okay!", "en", "en"},
		{"email only", "jean.dupont@example.com", "en", "en"},
		{"email only fr", "jean.dupont@example.com", "fr", "fr"},
		{"order number", "CL-482913", "en", "en"},
		{"order and email", "CL-482913 jean@example.com", "en", "en"},
		{"order and email fr", "CL-482913 jean@example.com", "fr", "fr"},
		{"emoji only", "🙏", "en", "en"},
		{"emoji only fr", "😡😡😡", "fr", "fr"},
		{"empty", "", "en", "en"},
		{"digits", "12345", "fr", "fr"},
		{"bad fallback", "ok", "de", "fr"},
		{"name only", "Jean Dupont", "en", "en"},
		{"cool", "cool", "en", "en"},
		{"question mark", "?", "en", "en"},

		// Longer messages.
		{"fr sentence", "je n'ai toujours pas reçu mon colis", "en", "fr"},
		{"fr no accents", "je nai tjrs pas recu mon colis", "en", "fr"},
		{"en sentence", "I still haven't received my package", "fr", "en"},
		{"fr with order and email", "ma commande CL-482913, mon mail est jean@example.com", "en", "fr"},
		{"en with order", "track order cl482913 please", "fr", "en"},
		{"fr with english word", "mon email est jean@example.com", "en", "fr"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := DetectLanguage(tt.text, tt.fallback); got != tt.want {
				t.Errorf("DetectLanguage(%q, %q) = %q, want %q (score %.2f)",
					tt.text, tt.fallback, got, tt.want, defaultDetector().Score(tt.text))
			}
		})
	}
}

func TestLanguageDetectorLearnsFromExamples(t *testing.T) {
	var examples []Example
	for range 5 {
		examples = append(examples,
			Example{Text: "fidelisation cagnotte", Lang: "fr"},
			Example{Text: "stash rewardz", Lang: "en"})
	}
	d := NewLanguageDetector(examples)
	for _, tt := range []struct{ text, fallback, want string }{
		{"cagnotte", "en", "fr"},
		{"rewardz", "fr", "en"},
	} {
		if got := d.Detect(tt.text, tt.fallback); got != tt.want {
			t.Errorf("Detect(%q, %q) = %q, want %q", tt.text, tt.fallback, got, tt.want)
		}
	}
}
