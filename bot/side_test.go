package bot

import (
	"strings"
	"testing"

	"supportbot/intents"
)

// TestQuestionSentence finds a side question's sentence up to its question
// mark, and copes with a message that is a question mark alone (it
// panicked).
func TestQuestionSentence(t *testing.T) {
	tests := []struct {
		text string
		want int
	}{
		{"ça va prendre combien de temps ? c'est nul si c'est long", 6},
		{"ok. and how long does it take? thanks a lot for your help", 6},
		{"how long does it take", 5},
		{"?", 0},
		{"??", 0},
		{"", 0},
	}
	for _, tt := range tests {
		if got := len(strings.Fields(questionSentence(tt.text, intents.Normalize(tt.text)))); got != tt.want {
			t.Errorf("questionSentence(%q) has %d words, want %d", tt.text, got, tt.want)
		}
	}
}
