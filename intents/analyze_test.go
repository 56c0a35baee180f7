package intents_test

import (
	"slices"
	"sync"
	"testing"

	"supportbot/intents"
)

// An Analyzer gives what Analyze gives, with its memory of stems empty,
// full, filled again after forgetting, and shared by goroutines.
func TestAnalyzerIsAnalyze(t *testing.T) {
	texts := []struct{ lang, text string }{
		{"fr", "Vous disposez de 30 jours à compter de la livraison pour demander un retour."},
		{"fr", "Où est ma cde ??? OP-100101"},
		{"fr", "les commandes livrées après le 31 janvier suivent le délai habituel"},
		{"en", "You have 120 loyalty points, worth €6 off your next order."},
		{"en", "Refunds reach your card within 5 to 10 working days."},
		{"", "bonjour, je voudrais retourner mes boucles d'oreilles"},
		{"fr", ""},
		{"en", "the the and"},
	}
	for _, size := range []int{1, 3, 1000} {
		a := intents.NewAnalyzer(size)
		var wg sync.WaitGroup
		for range 4 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for range 3 {
					for _, c := range texts {
						if got, want := a.Analyze(c.lang, c.text), intents.Analyze(c.lang, c.text); !slices.Equal(got, want) {
							t.Errorf("size %d, %s %q: %q, want %q", size, c.lang, c.text, got, want)
						}
					}
				}
			}()
		}
		wg.Wait()
	}
}

func BenchmarkAnalyzer(b *testing.B) {
	const text = "Vous disposez de 30 jours à compter de la livraison pour demander un retour. Les commandes passées entre le 1er novembre et le 31 décembre peuvent être retournées jusqu'au 31 janvier."
	b.Run("Analyze", func(b *testing.B) {
		for b.Loop() {
			intents.Analyze("fr", text)
		}
	})
	b.Run("Analyzer", func(b *testing.B) {
		a := intents.NewAnalyzer(1000)
		for b.Loop() {
			a.Analyze("fr", text)
		}
	})
}
