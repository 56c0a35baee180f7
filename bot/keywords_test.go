package bot

import (
	"math/rand/v2"
	"strings"
	"testing"
)

// scanKeyword is the plain way to find the longest phrase of a list inside
// a normalised message: look for each phrase, padded to whole words.
func scanKeyword(phrases map[string]bool, norm string) (string, bool) {
	padded := " " + norm + " "
	found := ""
	for phrase := range phrases {
		if strings.Contains(padded, " "+phrase+" ") &&
			(len(phrase) > len(found) || len(phrase) == len(found) && phrase < found) {
			found = phrase
		}
	}
	return found, found != ""
}

// TestKeywordFindAsScan compares the word-run lookup with the plain scan on
// every list of the locale files and messages made of their words.
func TestKeywordFindAsScan(t *testing.T) {
	texts := mustTexts(t)
	rng := rand.New(rand.NewPCG(1, 2))
	for lang, lists := range texts.keywords {
		var vocab []string
		for _, l := range lists {
			for p := range l.phrases {
				vocab = append(vocab, strings.Fields(p)...)
			}
		}
		vocab = append(vocab, "je", "the", "commande", "x", "ok")
		for name, l := range lists {
			for range 300 {
				words := make([]string, 1+rng.IntN(10))
				for i := range words {
					words[i] = vocab[rng.IntN(len(vocab))]
				}
				norm := strings.Join(words, " ")
				got, gotOK := l.find(norm)
				want, wantOK := scanKeyword(l.phrases, norm)
				if got != want || gotOK != wantOK {
					t.Fatalf("%s/%s in %q: find = %q, %v; scan = %q, %v", lang, name, norm, got, gotOK, want, wantOK)
				}
			}
		}
	}
}

func TestKeywordFind(t *testing.T) {
	l := keywordList{phrases: map[string]bool{"non": true, "non merci": true, "pas": true, "c est bon": true}, maxWords: 3}
	tests := []struct {
		norm, want string
	}{
		{"non", "non"},
		{"non merci", "non merci"},
		{"ah non merci bien", "non merci"},
		{"nonmerci", ""},
		{"finalement c est bon", "c est bon"},
		{"c est", ""},
		{"", ""},
		{"pas non", "non"},
	}
	for _, tt := range tests {
		if got, _ := l.find(tt.norm); got != tt.want {
			t.Errorf("find(%q) = %q, want %q", tt.norm, got, tt.want)
		}
	}
}
