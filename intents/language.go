package intents

import (
	"bufio"
	"embed"
	"math"
	"strings"
	"sync"
	"unicode/utf8"
)

// langFiles are the word lists behind language identification: common
// French and English words in the folded form Normalize gives them.
//
//go:embed langdata/fr.txt langdata/en.txt
var langFiles embed.FS

// LanguageDetector tells French from English in short chat messages. It
// weighs words (a word of one language's list counts one point for it) and,
// for words in neither list, the character trigrams typical of each
// language. When the evidence is weak, as for "ok", an e-mail address, an
// order number or emoji alone, it keeps the conversation's language.
//
// A LanguageDetector is immutable and safe for concurrent use.
type LanguageDetector struct {
	words map[string]float64 // > 0 French, < 0 English, 0 both
	grams map[string]float64 // trigram log-odds, > 0 French
	unk   float64            // log-odds of a trigram seen in neither language
}

// Language identification weights.
const (
	wordWeight     = 1.0  // a word of exactly one list
	learnedMax     = 0.8  // cap for a word learned from training phrases
	unknownMax     = 0.35 // cap for a word judged by its trigrams alone
	accentWeight   = 0.4  // a French accented letter (é, è, ç…)
	accentMax      = 0.8
	langMargin     = 0.5 // evidence needed to leave the fallback language
	fallbackBias   = 0.15
	minLearnedFreq = 3
)

// NewLanguageDetector returns a detector built from the shipped word lists
// and, when examples carry a Lang of "fr" or "en", from the words of those
// training phrases: a word the lists don't know that appears mostly in one
// language's phrases counts for that language.
func NewLanguageDetector(examples []Example) *LanguageDetector {
	fr := readWordList("langdata/fr.txt")
	en := readWordList("langdata/en.txt")
	d := &LanguageDetector{words: make(map[string]float64, len(fr)+len(en))}
	for w := range fr {
		d.words[w] = wordWeight
	}
	for w := range en {
		if _, both := fr[w]; both {
			d.words[w] = 0
		} else {
			d.words[w] = -wordWeight
		}
	}
	frCount, enCount := countExampleWords(examples)
	d.learnWords(frCount, enCount)
	d.learnGrams(fr, en, frCount, enCount)
	return d
}

var defaultDetector = sync.OnceValue(func() *LanguageDetector { return NewLanguageDetector(nil) })

// DetectLanguage returns "fr" or "en" for text, using the shipped word
// lists. fallback, the conversation's language, is returned when the text
// does not say (a fallback other than "fr" or "en" counts as "fr").
func DetectLanguage(text, fallback string) string {
	return defaultDetector().Detect(text, fallback)
}

// Detect returns "fr" or "en" for text, or fallback when the text does not
// say (a fallback other than "fr" or "en" counts as "fr").
func (d *LanguageDetector) Detect(text, fallback string) string {
	lang, _ := d.detect(text, fallback)
	return lang
}

// detect is Detect, and also returns the text's Score.
func (d *LanguageDetector) detect(text, fallback string) (string, float64) {
	if fallback != "en" {
		fallback = "fr"
	}
	score := d.Score(text)
	s := score
	if fallback == "fr" {
		s += fallbackBias
	} else {
		s -= fallbackBias
	}
	switch {
	case s >= langMargin:
		return "fr", score
	case s <= -langMargin:
		return "en", score
	}
	return fallback, score
}

// Score returns the evidence that text is French (positive) or English
// (negative); 0 means none either way.
func (d *LanguageDetector) Score(text string) float64 {
	var score, accents float64
	for _, r := range text {
		if r >= utf8.RuneSelf && strings.ContainsRune("éèêàçùâîôûëïœÉÈÊÀÇÙÂÎÔÛ", r) {
			accents += accentWeight
		}
	}
	score += math.Min(accents, accentMax)
	var buf [32]string
	for _, t := range appendTokens(buf[:0], languageText(text)) {
		if len(t) < 2 {
			// "a", "y", "o": words in both languages ("a" is also "à"
			// once accents are folded), so no evidence either way.
			continue
		}
		if w, ok := d.words[t]; ok {
			score += w
			continue
		}
		if len(t) >= 3 {
			score += d.gramScore(t)
		}
	}
	return score
}

// languageText drops the chunks of text that belong to no language:
// e-mail addresses, links, order and card numbers.
func languageText(text string) string {
	if !strings.ContainsAny(text, "@0123456789/") {
		return text
	}
	return dropFields(text, func(c string) bool {
		return strings.ContainsAny(c, "@0123456789") || strings.Contains(c, "://") || strings.HasPrefix(c, "www.")
	})
}

// dropFields returns text without its whitespace-separated fields that
// drop reports, the others joined by single spaces.
func dropFields(text string, drop func(string) bool) string {
	f := strings.Fields(text)
	kept := f[:0]
	for _, c := range f {
		if !drop(c) {
			kept = append(kept, c)
		}
	}
	return strings.Join(kept, " ")
}

// gramScore judges a word no list knows by its character trigrams.
func (d *LanguageDetector) gramScore(w string) float64 {
	padded := "^" + w + "$"
	var sum float64
	n := 0
	for i := 0; i+3 <= len(padded); i++ {
		g, ok := d.grams[padded[i:i+3]]
		if !ok {
			g = d.unk
		}
		sum += g
		n++
	}
	if n == 0 {
		return 0
	}
	s := sum / float64(n)
	return math.Max(-unknownMax, math.Min(unknownMax, s))
}

func (d *LanguageDetector) learnWords(frCount, enCount map[string]int) {
	frTotal, enTotal := total(frCount)+1, total(enCount)+1
	seen := make(map[string]bool)
	for _, m := range []map[string]int{frCount, enCount} {
		for w := range m {
			if _, known := d.words[w]; known || seen[w] {
				continue
			}
			seen[w] = true
			f, e := frCount[w], enCount[w]
			if f+e < minLearnedFreq {
				continue
			}
			lo := math.Log((float64(f)+0.5)/float64(frTotal)) - math.Log((float64(e)+0.5)/float64(enTotal))
			d.words[w] = math.Max(-learnedMax, math.Min(learnedMax, lo/3))
		}
	}
}

func (d *LanguageDetector) learnGrams(fr, en map[string]struct{}, frCount, enCount map[string]int) {
	frG, enG := make(map[string]float64), make(map[string]float64)
	for w := range fr {
		addGrams(frG, w, 1)
	}
	for w := range en {
		addGrams(enG, w, 1)
	}
	for w, n := range frCount {
		addGrams(frG, w, math.Log1p(float64(n)))
	}
	for w, n := range enCount {
		addGrams(enG, w, math.Log1p(float64(n)))
	}
	var frN, enN float64
	vocab := make(map[string]struct{})
	for g, c := range frG {
		frN += c
		vocab[g] = struct{}{}
	}
	for g, c := range enG {
		enN += c
		vocab[g] = struct{}{}
	}
	v := float64(len(vocab)) + 1
	d.grams = make(map[string]float64, len(vocab))
	for g := range vocab {
		d.grams[g] = math.Log((frG[g]+1)/(frN+v)) - math.Log((enG[g]+1)/(enN+v))
	}
	d.unk = math.Log(1/(frN+v)) - math.Log(1/(enN+v))
}

func addGrams(m map[string]float64, w string, weight float64) {
	padded := "^" + w + "$"
	for i := 0; i+3 <= len(padded); i++ {
		m[padded[i:i+3]] += weight
	}
}

func countExampleWords(examples []Example) (fr, en map[string]int) {
	fr, en = make(map[string]int), make(map[string]int)
	for _, ex := range examples {
		var m map[string]int
		switch ex.Lang {
		case "fr":
			m = fr
		case "en":
			m = en
		default:
			continue
		}
		for _, t := range Tokenize(languageText(ex.Text)) {
			if len(t) > 1 {
				m[t]++
			}
		}
	}
	return fr, en
}

func total(m map[string]int) int {
	n := 0
	for _, c := range m {
		n += c
	}
	return n
}

// readWordList reads one of the embedded word lists. The files are part of
// the binary, so a read error is a build defect.
func readWordList(name string) map[string]struct{} {
	f, err := langFiles.Open(name)
	if err != nil {
		panic("intents: missing embedded word list " + name)
	}
	defer f.Close()
	words := make(map[string]struct{})
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		if strings.HasPrefix(line, "#") {
			continue
		}
		for _, w := range strings.Fields(line) {
			words[w] = struct{}{}
		}
	}
	return words
}
