package faq_test

import (
	"bufio"
	"fmt"
	"os"
	"slices"
	"strings"
	"testing"
	"text/template"

	"supportbot/faq"
	"supportbot/intents"
)

// analyze is the analyzer supportbot indexes the FAQ with.
func analyze(lang, text string) []string { return intents.Analyze(lang, text) }

// memo caches an analyzer, so tests that rebuild the index many times
// analyse each text once.
func memo(analyze func(lang, text string) []string) func(lang, text string) []string {
	cache := make(map[[2]string][]string)
	return func(lang, text string) []string {
		k := [2]string{lang, text}
		if w, ok := cache[k]; ok {
			return w
		}
		w := analyze(lang, text)
		cache[k] = w
		return w
	}
}

func mustIndex(tb testing.TB) *faq.Index {
	tb.Helper()
	return faq.NewIndex(mustLoadAll(tb), analyze, faq.Config{})
}

// paraphrase is one line of testdata/paraphrases.tsv.
type paraphrase struct {
	lang, id, text string // id "-": must not match
}

func mustReadParaphrases(tb testing.TB) []paraphrase {
	tb.Helper()
	f, err := os.Open("testdata/paraphrases.tsv")
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	var out []paraphrase
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		line := sc.Text()
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		parts := strings.Split(line, "\t")
		if len(parts) != 3 {
			tb.Fatalf("paraphrases.tsv:%d: got %d fields, want 3", n, len(parts))
		}
		out = append(out, paraphrase{parts[0], parts[1], parts[2]})
	}
	if err := sc.Err(); err != nil {
		tb.Fatal(err)
	}
	return out
}

// TestSearchParaphrases asks questions written differently from every
// question variant and checks the right entry answers, and that questions
// outside the shop's business get no answer at all.
func TestSearchParaphrases(t *testing.T) {
	ix := mustIndex(t)
	ids := make(map[string]bool)
	for _, e := range mustLoadAll(t)["fr"] {
		ids[e.ID] = true
	}
	hits := map[string]int{}
	total := map[string]int{}
	for _, p := range mustReadParaphrases(t) {
		m, ok := ix.Search(p.lang, p.text)
		if p.id == "-" {
			if ok {
				t.Errorf("%s %q: got %s (%.2f), want no match", p.lang, p.text, m.ID, m.Score)
			}
			continue
		}
		if !ids[p.id] {
			t.Fatalf("paraphrases.tsv names unknown id %q", p.id)
		}
		total[p.lang]++
		if ok && m.ID == p.id {
			hits[p.lang]++
			continue
		}
		t.Logf("%s %q: got %s (%.2f, matched %v), want %s; ranking %s",
			p.lang, p.text, m.ID, m.Score, ok, p.id, ranking(ix.Rank(p.lang, p.text)))
	}
	for lang, n := range total {
		acc := float64(hits[lang]) / float64(n)
		t.Logf("%s: %d/%d paraphrases answered by the right entry (%.1f%%)", lang, hits[lang], n, 100*acc)
		if acc < 0.9 {
			t.Errorf("%s: paraphrase accuracy %.1f%%, want at least 90%%", lang, 100*acc)
		}
	}
}

func ranking(ms []faq.Match) string {
	var b strings.Builder
	for _, m := range ms {
		fmt.Fprintf(&b, "%s %.2f; ", m.ID, m.Score)
	}
	return b.String()
}

// TestLeaveOneOut removes each question variant in turn, indexes the rest
// and asks the removed variant: the entry it belongs to must answer, above
// the threshold, for at least 75% of the variants. The variants are written
// as customers write (SMS French, typos, one-word questions, long messages
// with the question in one clause), so a held-out one often has words no
// other variant of its entry shares: measured 77.7% in French (1815/2337)
// and 77.5% in English (1825/2354) with 72 entries and about 32 variants
// each, where a dozen plain variants per entry gave 91-92%. See
// BENCHMARKS.md.
func TestLeaveOneOut(t *testing.T) {
	byLang := mustLoadAll(t)
	for _, lang := range []string{"fr", "en"} {
		t.Run(lang, func(t *testing.T) {
			t.Parallel()
			entries := byLang[lang]
			an := memo(analyze)
			hits, total := 0, 0
			for i, e := range entries {
				for j, q := range e.Questions {
					held := slices.Clone(entries)
					held[i].Questions = slices.Delete(slices.Clone(e.Questions), j, j+1)
					ix := faq.NewIndex(map[string][]faq.Entry{lang: held}, an, faq.Config{})
					total++
					m, ok := ix.Search(lang, q)
					if ok && m.ID == e.ID {
						hits++
						continue
					}
					t.Logf("%q: got %s (%.2f, matched %v), want %s", q, m.ID, m.Score, ok, e.ID)
				}
			}
			acc := float64(hits) / float64(total)
			t.Logf("leave-one-out %d/%d (%.1f%%)", hits, total, 100*acc)
			if acc < 0.75 {
				t.Errorf("leave-one-out accuracy %.1f%%, want at least 75%%", 100*acc)
			}
		})
	}
}

// TestOwnVariantsMatch checks that every question variant, asked as is,
// finds its own entry: the index must at least know what it was taught.
func TestOwnVariantsMatch(t *testing.T) {
	ix := mustIndex(t)
	for lang, entries := range mustLoadAll(t) {
		for _, e := range entries {
			for _, q := range e.Questions {
				m, ok := ix.Search(lang, q)
				if !ok || m.ID != e.ID {
					t.Errorf("%s %q: got %s (%.2f, matched %v), want %s", lang, q, m.ID, m.Score, ok, e.ID)
				}
			}
		}
	}
}

func TestSearchTypos(t *testing.T) {
	ix := mustIndex(t)
	tests := []struct {
		name, lang, text, want string
	}{
		{"fr swapped letters", "fr", "duree de la garnatie", "warranty_coverage"},
		{"fr missing letter", "fr", "mot de pase oublie", "password_reset"},
		{"fr wrong vowel", "fr", "je veux anuler ma comande", "cancel_order_policy"},
		{"en swapped letters", "en", "how long is the warrnaty", "warranty_coverage"},
		{"en missing letter", "en", "forgot my pasword", "password_reset"},
		{"en doubled letter", "en", "do my pointss expire", "loyalty_points_expiry"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m, ok := ix.Search(tt.lang, tt.text)
			if !ok || m.ID != tt.want {
				t.Errorf("got %s (%.2f, matched %v), want %s; ranking %s", m.ID, m.Score, ok, tt.want, ranking(ix.Rank(tt.lang, tt.text)))
			}
		})
	}
}

func TestSearchNothing(t *testing.T) {
	ix := mustIndex(t)
	tests := []struct {
		name, lang, text string
	}{
		{"empty", "fr", ""},
		{"punctuation", "en", "?!?"},
		{"stop words only", "fr", "est-ce que vous"},
		{"unknown language", "de", "Wie lange dauert die Lieferung?"},
		{"order number alone", "fr", "CL-482913"},
		{"emoji", "en", "👍👍"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if m, ok := ix.Search(tt.lang, tt.text); ok {
				t.Errorf("got %s (%.2f), want no match", m.ID, m.Score)
			}
		})
	}
}

func TestRank(t *testing.T) {
	ix := faq.NewIndex(mustLoadAll(t), analyze, faq.Config{MaxResults: 3})
	got := ix.Rank("fr", "retour")
	if len(got) != 3 {
		t.Fatalf("got %d results, want 3: %s", len(got), ranking(got))
	}
	for i := 1; i < len(got); i++ {
		if got[i].Score > got[i-1].Score {
			t.Errorf("ranking not best first: %s", ranking(got))
		}
	}
	for _, m := range got {
		if m.Entry.ID != m.ID || m.Score <= 0 || m.Score > 1 {
			t.Errorf("bad match %+v", m)
		}
	}
}

func TestThresholdConfigurable(t *testing.T) {
	byLang := mustLoadAll(t)
	const q = "garantie"
	strict := faq.NewIndex(byLang, analyze, faq.Config{Threshold: 1.01})
	if m, ok := strict.Search("fr", q); ok {
		t.Errorf("threshold above 1: got %s (%.2f), want no match", m.ID, m.Score)
	}
	lax := faq.NewIndex(byLang, analyze, faq.Config{Threshold: 0.01})
	if _, ok := lax.Search("fr", q); !ok {
		t.Errorf("threshold near 0: got no match for %q", q)
	}
}

func FuzzSearch(f *testing.F) {
	f.Add("fr", "où est mon colis ???")
	f.Add("en", "cancel order CL-482913 pls")
	f.Add("fr", "garantiiiiiie 2 ans 😡")
	f.Add("en", strings.Repeat("return ", 500))
	f.Add("xx", "\xff\xfe")
	ix := mustIndex(f)
	f.Fuzz(func(t *testing.T, lang, text string) {
		ms := ix.Rank(lang, text)
		for i, m := range ms {
			if m.Score <= 0 || m.Score > 1 || (i > 0 && m.Score > ms[i-1].Score) {
				t.Fatalf("bad ranking for %q: %s", text, ranking(ms))
			}
		}
		if m, ok := ix.Search(lang, text); ok && (len(ms) == 0 || m.ID != ms[0].ID) {
			t.Fatalf("Search %s disagrees with Rank %s", m.ID, ranking(ms))
		}
	})
}

func BenchmarkSearch(b *testing.B) {
	ix := mustIndex(b)
	queries := []struct{ lang, text string }{
		{"fr", "combien de temps pour retourner un article ?"},
		{"fr", "jarrive pa a me co sur mon compte"},
		{"fr", "le suivi de mon colis colissimo ne bouge plus depuis 4 jours, que dois-je faire ?"},
		{"en", "how long is the warrnaty on your jewellery"},
		{"en", "tell me a joke"},
		{"en", "can I use two promo codes on one order?"},
	}
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		q := queries[i%len(queries)]
		ix.Search(q.lang, q.text)
	}
}

func BenchmarkNewIndex(b *testing.B) {
	byLang := mustLoadAll(b)
	an := memo(analyze)
	b.ReportAllocs()
	for b.Loop() {
		faq.NewIndex(byLang, an, faq.Config{})
	}
}

// TestRankExactVariantFirst: a question with the very words of a variant
// is answered by that variant's entry even when another entry, whose
// variants and answer repeat those words, outscores it; words the same in
// two entries decide nothing.
func TestRankExactVariantFirst(t *testing.T) {
	answer := func(text string) *template.Template {
		return template.Must(template.New("").Parse(text))
	}
	entries := []faq.Entry{
		{ID: "receipt", Questions: []string{"till receipt", "a copy of my bill"}, Answer: answer("See your account.")},
		{ID: "points", Questions: []string{"points on the till receipt", "receipt points till", "till receipt points lost"}, Answer: answer("Show the till receipt at the till to get the points of the receipt.")},
		{ID: "twin", Questions: []string{"gift wrap", "till receipt points lost"}, Answer: answer("Yes.")},
	}
	ix := faq.NewIndex(map[string][]faq.Entry{"en": entries}, func(_, text string) []string { return strings.Fields(strings.ToLower(text)) }, faq.Config{})
	tests := []struct {
		question string
		want     string
	}{
		{"till receipt", "receipt"},
		{"receipt till", "receipt"},            // word order does not matter
		{"till till receipt", "receipt"},       // nor repeats
		{"till receipt please", "points"},      // not exact: scores decide
		{"till receipt points lost", "points"}, // in two entries: scores decide
	}
	for _, tt := range tests {
		got := ix.Rank("en", tt.question)
		if len(got) == 0 || got[0].ID != tt.want {
			t.Errorf("Rank(%q) = %v, want %s first", tt.question, got, tt.want)
		}
		if len(got) > 3 {
			t.Errorf("Rank(%q) returned %d matches, want at most 3", tt.question, len(got))
		}
	}
}
