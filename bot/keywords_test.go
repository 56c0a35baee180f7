package bot

import (
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"supportbot/intents"
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

// madeOfByJoin is MadeOf as first written: each run of words joined into
// a new string and looked up.
func madeOfByJoin(t *Texts, lang, norm string, lists ...string) bool {
	words := strings.Fields(norm)
	if len(words) == 0 {
		return false
	}
	covered := make([]bool, len(words)+1)
	covered[0] = true
	for i := range words {
		if !covered[i] {
			continue
		}
		for _, name := range lists {
			l := t.keywords[t.lang(lang)][name]
			for j := i + 1; j <= len(words) && j-i <= l.maxWords; j++ {
				if l.phrases[strings.Join(words[i:j], " ")] {
					covered[j] = true
				}
			}
		}
	}
	return covered[len(words)]
}

// TestMadeOfAsJoin compares MadeOf with the plain version on messages made
// of the lists' words, some with other spaces between them than one.
func TestMadeOfAsJoin(t *testing.T) {
	texts := mustTexts(t)
	rng := rand.New(rand.NewPCG(3, 4))
	seps := []string{" ", " ", " ", "  ", "\t", "\u00a0", " \n"}
	for _, lang := range append(texts.Languages(), "xx") {
		lists := []string{keywordYes, keywordNo, keywordPolite, keywordAck, keywordMindChanged, keywordAccept, keywordWait}
		// Whole phrases, so that many messages are made of them, and their
		// words, so that many are not.
		var vocab []string
		for _, name := range lists {
			for p := range texts.keywordLists(lang)[name].phrases {
				vocab = append(vocab, p)
				vocab = append(vocab, strings.Fields(p)...)
			}
		}
		slices.Sort(vocab)
		vocab = append(vocab, "commande", "x")
		made := 0
		for range 3000 {
			var b strings.Builder
			for i := range 1 + rng.IntN(5) {
				if i > 0 || rng.IntN(8) == 0 {
					b.WriteString(seps[rng.IntN(len(seps))])
				}
				b.WriteString(vocab[rng.IntN(len(vocab))])
			}
			norm := b.String()
			use := lists[:1+rng.IntN(len(lists))]
			got, want := texts.MadeOf(lang, norm, use...), madeOfByJoin(texts, lang, norm, use...)
			if got != want {
				t.Fatalf("%s: MadeOf(%q, %v) = %v, want %v", lang, norm, use, got, want)
			}
			if got {
				made++
			}
		}
		if made < 100 {
			t.Errorf("%s: only %d of the messages are made of the lists' phrases: the test tries too few", lang, made)
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

// keywordBenchMessages are the load script's messages (cmd/supportbot's
// load test) and a few answers to a question, as a turn searches them.
var keywordBenchMessages = []struct{ lang, text string }{
	{"fr", "bonjour"},
	{"fr", "où en est ma commande ?"},
	{"fr", "sophie.laurent@example.fr OP-100701"},
	{"fr", "et mes points ?"},
	{"fr", "combien de temps pour retourner un article ?"},
	{"fr", "merci beaucoup"},
	{"en", "where is my parcel OP-100701"},
	{"fr", "au revoir"},
	{"fr", "oui vas-y annule la commande stp"},
	{"en", "no thanks, I changed my mind, keep it"},
}

// BenchmarkKeywords searches each message for every keyword list of its
// language in the ways the engine does: whether it mentions a phrase, is
// one, holds one (short messages), or is made of phrases of a few lists.
func BenchmarkKeywords(b *testing.B) {
	texts := mustTexts(b)
	type msg struct{ lang, norm string }
	var msgs []msg
	for _, m := range keywordBenchMessages {
		msgs = append(msgs, msg{m.lang, intents.Normalize(m.text)})
	}
	lists := map[string][]string{}
	for lang, ls := range texts.keywords {
		for name := range ls {
			lists[lang] = append(lists[lang], name)
		}
		slices.Sort(lists[lang])
	}
	b.ReportAllocs()
	for b.Loop() {
		for _, m := range msgs {
			for _, name := range lists[m.lang] {
				texts.Mentions(m.lang, name, m.norm)
				texts.FindKeyword(m.lang, name, m.norm)
			}
			texts.MadeOf(m.lang, m.norm, keywordYes, keywordAccept, keywordPolite, keywordAck)
			texts.MadeOf(m.lang, m.norm, keywordMindChanged, keywordNo, keywordPolite)
		}
	}
}
