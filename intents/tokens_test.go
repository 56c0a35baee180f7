package intents

import (
	"slices"
	"testing"
)

func TestMessageTokens(t *testing.T) {
	tests := []struct {
		text string
		want []string
	}{
		{"où est mon colis", []string{"ou", "est", "mon", "colis"}},
		// A word said twice in a row counts once: the greeting does not
		// outweigh the request.
		{"bonjour bonjour où est mon colis", []string{"bonjour", "ou", "est", "mon", "colis"}},
		{"non non non", []string{"non"}},
		{"non merci non", []string{"non", "merci", "non"}},
		// A promo code's letters are not words: MERCI15 says no thanks.
		{"le MERCI15 il est valable jusqu'à quand ?", []string{"le", "_code_", "il", "est", "valable", "jusque", "a", "quand"}},
		{"code SORRY10", []string{"code", "_code_"}},
		// Short letters or long numbers are something else.
		{"ma box 4g", []string{"ma", "box", "4g"}},
		{"mp3 covid19 abc12345", []string{"mp3", "_code_", "abc12345"}},
	}
	for _, tt := range tests {
		if got := messageTokens(nil, tt.text); !slices.Equal(got, tt.want) {
			t.Errorf("messageTokens(%q) = %q, want %q", tt.text, got, tt.want)
		}
	}
	// Appending keeps what was there, even a repeat of its last token.
	if got := messageTokens([]string{"bonjour"}, "bonjour toi"); !slices.Equal(got, []string{"bonjour", "bonjour", "toi"}) {
		t.Errorf("append = %q", got)
	}
}
