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
}

// fileEntry is the TOML shape of one [[entry]].
type fileEntry struct {
	ID        string   `toml:"id"`
	Topic     string   `toml:"topic"`
	Questions []string `toml:"questions"`
	Answer    string   `toml:"answer"`
}

// entryKeys are the keys an [[entry]] may hold; anything else is a typo the
// loader reports rather than silently ignores.
var entryKeys = []string{"id", "topic", "questions", "answer"}

var idPattern = regexp.MustCompile(`^[a-z][a-z0-9_]*$`)

// Load reads <lang>/faq.toml from fsys and returns its entries in file
// order. It is strict: an unknown key, an empty id, topic, question or
// answer, a duplicate id, or an answer that does not parse or names a field
// Facts does not have is an error naming the entry.
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
	e := Entry{ID: fe.ID, Topic: strings.TrimSpace(fe.Topic), Questions: fe.Questions}
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
// English.
func CheckParity(byLang map[string][]Entry) error {
	all := make(map[string]bool)
	ids := make(map[string]map[string]bool, len(byLang))
	for lang, entries := range byLang {
		ids[lang] = make(map[string]bool, len(entries))
		for _, e := range entries {
			ids[lang][e.ID] = true
			all[e.ID] = true
		}
	}
	langs := make([]string, 0, len(byLang))
	for lang := range byLang {
		langs = append(langs, lang)
	}
	sort.Strings(langs)
	var problems []string
	for _, lang := range langs {
		var missing []string
		for id := range all {
			if !ids[lang][id] {
				missing = append(missing, id)
			}
		}
		if len(missing) > 0 {
			sort.Strings(missing)
			problems = append(problems, fmt.Sprintf("%s lacks %s", lang, strings.Join(missing, ", ")))
		}
	}
	if len(problems) > 0 {
		return fmt.Errorf("faq: %w: languages differ: %s", ErrInvalid, strings.Join(problems, "; "))
	}
	return nil
}
