package intents

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"
)

func TestNormalize(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"lower and accents", "Où est ma commande LIVRÉE ?", "ou est ma commande livree"},
		{"cedilla and ligature", "Ça coûte un œuf", "ca coute un oeuf"},
		{"elision straight", "l'adresse j'ai qu'il d'un n'est s'il c'est m'a t'as", "le adresse je ai que il de un ne est si il ce est me a te as"},
		{"elision curly", "l’article j‘attends qu`il", "le article je attends que il"},
		{"elision jusqu", "jusqu'à lorsqu'il", "jusque a lorsque il"},
		{"aujourd'hui", "aujourd’hui", "aujourdhui"},
		{"english contractions", "I don't know, it's late, I'm here, can't, won't, we're, I've, you'll, I'd", "i do not know it is late i am here can not will not we are i have you will i would"},
		{"squeeze vowels", "biiien merciiiii noooon", "bien merci non"},
		{"squeeze keeps doubles", "commande livree attendre", "commande livree attendre"},
		{"squeeze consonant inside", "commmmande helllllo", "commande hello"},
		{"squeeze consonant at end", "yesss svppp", "yes si il vous plait"},
		{"digits untouched", "CL-4449999", "cl 4449999"},
		{"sms french", "bjr pk ma cde est pas arrivée svp", "bonjour pourquoi ma commande est pas arrivee si il vous plait"},
		{"sms french run together", "jveu rendre un truc, jme sui trompé dadresse", "je veux rendre un truc je me suis trompe de adresse"},
		{"sms french phonetic", "c possib daV 1 paké kdo ?", "ce est possible de avoir 1 paquet cadeau"},
		{"sms french 2", "slt jsp qd tjrs ds bcp rdv dsl mrc mci", "salut je ne sais pas quand toujours dans beaucoup rendez vous desole merci merci"},
		{"sms french negation", "jai pa recu les boucles", "je ai pas recu les boucles"},
		{"sms english", "thx u r great, pls help idk", "thanks you are great please help i do not know"},
		{"emoji dropped", "merci 🙏😊", "merci"},
		{"emoji only", "😡😡", ""},
		{"punctuation", "hello!!! ... (order) #123, ok?", "hello order 123 ok"},
		{"currency", "89,50€ et $12", "89 50 euro et dollar 12"},
		{"numero sign", "n° CL-482913", "numero cl 482913"},
		{"email split", "jean.dupont@example.com", "jean dupont example com"},
		{"fullwidth digits", "１２３", "123"},
		{"stray apostrophes", "'quoted' l'", "quoted l"},
		{"empty", "", ""},
		{"invalid utf8", "a\xffb", "a b"},
		{"german sharp s", "Straße", "strasse"},
		{"greek kept", "Ωmega", "ωmega"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Normalize(tt.in); got != tt.want {
				t.Errorf("Normalize(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestAnalyze(t *testing.T) {
	tests := []struct {
		name, lang, in string
		want           []string
	}{
		{"french stems and stop words", "fr", "Où sont mes commandes ?", []string{"command"}},
		{"french sms and accents", "fr", "bjr ou est ma cde svp", []string{"command"}},
		{"french return", "fr", "Je voudrais retourner un article", []string{"voudr", "retourn", "articl"}},
		{"english", "en", "Where are my orders, please?", []string{"order"}},
		{"english contraction", "en", "I haven't received my parcel", []string{"receiv", "parcel"}},
		{"numbers kept", "en", "order CL-482913", []string{"order", "cl", "482913"}},
		{"only stop words", "fr", "bonjour merci", nil},
		{"detects language", "", "where is my parcel", []string{"parcel"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Analyze(tt.lang, tt.in)
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("Analyze(%q, %q) mismatch (-want +got):\n%s", tt.lang, tt.in, diff)
			}
		})
	}
}

func FuzzNormalize(f *testing.F) {
	for _, s := range []string{
		"Où est ma cde ???", "l'adresse", "don't", "biiien", "😡!!!", "n°", "a\xffb", "'''", "qu'", "CL-482913",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got := Normalize(s)
		if !utf8.ValidString(got) {
			t.Fatalf("Normalize(%q) = %q, not valid UTF-8", s, got)
		}
		if strings.Contains(got, "  ") || strings.HasPrefix(got, " ") || strings.HasSuffix(got, " ") {
			t.Fatalf("Normalize(%q) = %q, has stray spaces", s, got)
		}
		if strings.ContainsAny(got, "'’!?.,") {
			t.Fatalf("Normalize(%q) = %q, kept punctuation", s, got)
		}
		if again := Normalize(got); again != got {
			t.Fatalf("Normalize not idempotent: %q → %q → %q", s, got, again)
		}
	})
}

// TestFoldRuneTable checks the folding table against the decomposition it
// caches, for every rune it holds and a margin either side.
func TestFoldRuneTable(t *testing.T) {
	for r := rune(0); r < 0x300; r++ {
		if got, want := string(foldRune(r)), string(foldRuneSlow(r)); got != want {
			t.Errorf("foldRune(%U) = %q, want %q", r, got, want)
		}
	}
}
