// Package faq is supportbot's knowledge base of frequently asked questions:
// it loads the entries of locales/<lang>/faq.toml, renders their answers
// with the shop's own figures (Facts), and finds the entry a customer's
// question is about (Index).
//
// Answers are Go text/template sources whose data is Facts, so a policy
// figure (return window, warranty length, points per euro...) lives in the
// config and never in the text: changing the config changes every answer
// that quotes it. Retrieval is BM25 over each entry's question variants and
// answer text, on words supplied by an analyzer function (stemmed, stop
// words removed), with a typo-tolerant fallback for unknown words.
package faq

import (
	"errors"
	"fmt"
	"io/fs"
	"path"
	"regexp"
	"slices"
	"sort"
	"strings"
	"text/template"

	"github.com/BurntSushi/toml"
)

// ErrInvalid is wrapped by every error Load returns for a file that reads
// but breaks the format: unknown keys, missing fields, duplicate ids,
// answers that are not valid templates.
var ErrInvalid = errors.New("invalid FAQ file")

// Entry is one question of the knowledge base, in one language.
type Entry struct {
	ID        string             // stable snake_case id, the same in every language
	Topic     string             // grouping, e.g. "returns"
	Questions []string           // the ways customers ask it
	Answer    *template.Template // executed with Facts by Render
	// Offer is optional: the action intent ("start_return") the bot offers
	// as a button beside the answer, since a customer who asks how returns
	// work often wants to start one next.
	Offer string
}

// fileEntry is the TOML shape of one [[entry]].
type fileEntry struct {
	ID        string   `toml:"id"`
	Topic     string   `toml:"topic"`
	Questions []string `toml:"questions"`
	Answer    string   `toml:"answer"`
	Offer     string   `toml:"offer"`
}

// entryKeys are the keys an [[entry]] may hold; anything else is a typo the
// loader reports rather than silently ignores.
var entryKeys = []string{"id", "topic", "questions", "answer", "offer"}

var (
	idPattern    = regexp.MustCompile(`^[a-z][a-z0-9_]*$`)
	offerPattern = regexp.MustCompile(`^[a-z_]+$`) // an intent name
)

// Load reads <lang>/faq.toml from fsys and returns its entries in file
// order. It is strict: an unknown key, an empty id, topic, question or
// answer, an offer that is not an intent name, a duplicate id, or an answer
// that does not parse or names a field Facts does not have is an error
// naming the entry.
func Load(fsys fs.FS, lang string) ([]Entry, error) {
	name := path.Join(lang, "faq.toml")
	data, err := fs.ReadFile(fsys, name)
	if err != nil {
		return nil, fmt.Errorf("faq: %w", err)
	}
	entries, err := parseFile(string(data), lang)
	if err != nil {
		return nil, fmt.Errorf("faq: %s: %w", name, err)
	}
	return entries, nil
}

// LoadAll loads every language of langs and checks that they hold the same
// ids (see CheckParity).
func LoadAll(fsys fs.FS, langs []string) (map[string][]Entry, error) {
	byLang := make(map[string][]Entry, len(langs))
	for _, lang := range langs {
		entries, err := Load(fsys, lang)
		if err != nil {
			return nil, err
		}
		byLang[lang] = entries
	}
	if err := CheckParity(byLang); err != nil {
		return nil, err
	}
	return byLang, nil
}

// parseFile decodes and validates the text of one faq.toml.
func parseFile(data, lang string) ([]Entry, error) {
	var doc struct {
		Entry []toml.Primitive `toml:"entry"`
	}
	md, err := toml.Decode(data, &doc)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrInvalid, err)
	}
	for _, k := range md.Keys() {
		if len(k) == 1 && k[0] != "entry" {
			return nil, fmt.Errorf("%w: unknown key %q", ErrInvalid, k.String())
		}
	}
	if len(doc.Entry) == 0 {
		return nil, fmt.Errorf("%w: no [[entry]]", ErrInvalid)
	}
	entries := make([]Entry, 0, len(doc.Entry))
	seen := make(map[string]int, len(doc.Entry))
	for i, prim := range doc.Entry {
		e, err := decodeEntry(md, prim, lang)
		if err != nil {
			return nil, fmt.Errorf("%w: entry %d%s: %w", ErrInvalid, i+1, quoted(e.ID), err)
		}
		if j, dup := seen[e.ID]; dup {
			return nil, fmt.Errorf("%w: entry %d %q: duplicate id (first at entry %d)", ErrInvalid, i+1, e.ID, j+1)
		}
		seen[e.ID] = i
		entries = append(entries, e)
	}
	return entries, nil
}

// decodeEntry checks and compiles one [[entry]]. On error the returned
// Entry still carries the id when there was one, so the caller can name it.
func decodeEntry(md toml.MetaData, prim toml.Primitive, lang string) (Entry, error) {
	var keys map[string]toml.Primitive
	if err := md.PrimitiveDecode(prim, &keys); err != nil {
		return Entry{}, err
	}
	var fe fileEntry
	if err := md.PrimitiveDecode(prim, &fe); err != nil {
		return Entry{}, err
	}
	e := Entry{ID: fe.ID, Topic: strings.TrimSpace(fe.Topic), Questions: fe.Questions, Offer: fe.Offer}
	for k := range keys {
		if !slices.Contains(entryKeys, k) {
			return e, fmt.Errorf("unknown key %q", k)
		}
	}
	switch {
	case !idPattern.MatchString(fe.ID):
		return e, fmt.Errorf("id %q is not snake_case", fe.ID)
	case e.Topic == "":
		return e, errors.New("empty topic")
	case len(fe.Questions) == 0:
		return e, errors.New("no questions")
	case strings.TrimSpace(fe.Answer) == "":
		return e, errors.New("empty answer")
	}
	// Present but empty is refused too: it is a half-finished edit, not a
	// way of saying "no offer" (leave the key out for that).
	if _, ok := keys["offer"]; ok && !offerPattern.MatchString(fe.Offer) {
		return e, fmt.Errorf("offer %q is not an intent name (lower-case letters and _)", fe.Offer)
	}
	for j, q := range fe.Questions {
		if strings.TrimSpace(q) == "" {
			return e, fmt.Errorf("question %d is empty", j+1)
		}
	}
	tmpl, err := compile(fe.ID, fe.Answer, lang)
	if err != nil {
		return e, err
	}
	e.Answer = tmpl
	return e, nil
}

func quoted(id string) string {
	if id == "" {
		return ""
	}
	return fmt.Sprintf(" %q", id)
}

// CheckParity reports the ids that some languages of byLang have and
// others lack, so a question answered in French is never unanswerable in
// English, and the entries whose offer differs between languages, so the
// same question never gets a button in one language only.
func CheckParity(byLang map[string][]Entry) error {
	langs := make([]string, 0, len(byLang))
	for lang := range byLang {
		langs = append(langs, lang)
	}
	sort.Strings(langs)
	offers := make(map[string]map[string]string, len(byLang)) // lang -> id -> offer
	all := make(map[string]bool)
	for lang, entries := range byLang {
		offers[lang] = make(map[string]string, len(entries))
		for _, e := range entries {
			offers[lang][e.ID] = e.Offer
			all[e.ID] = true
		}
	}
	ids := make([]string, 0, len(all))
	for id := range all {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	var problems []string
	for _, lang := range langs {
		var missing []string
		for _, id := range ids {
			if _, ok := offers[lang][id]; !ok {
				missing = append(missing, id)
			}
		}
		if len(missing) > 0 {
			problems = append(problems, fmt.Sprintf("%s lacks %s", lang, strings.Join(missing, ", ")))
		}
	}
	for _, id := range ids {
		if differ := offerDiffers(offers, langs, id); differ != "" {
			problems = append(problems, fmt.Sprintf("%s offers differ (%s)", id, differ))
		}
	}
	if len(problems) > 0 {
		return fmt.Errorf("faq: %w: languages differ: %s", ErrInvalid, strings.Join(problems, "; "))
	}
	return nil
}

// offerDiffers words the offers of id by language ("en start_return, fr
// none") when the languages that have the entry disagree, else "".
func offerDiffers(offers map[string]map[string]string, langs []string, id string) string {
	var words []string
	distinct := make(map[string]bool)
	for _, lang := range langs {
		offer, ok := offers[lang][id]
		if !ok {
			continue
		}
		distinct[offer] = true
		if offer == "" {
			offer = "none"
		}
		words = append(words, lang+" "+offer)
	}
	if len(distinct) < 2 {
		return ""
	}
	return strings.Join(words, ", ")
}
