package faq

import (
	"errors"
	"fmt"
	"io/fs"
	"path"
	"slices"

	"github.com/BurntSushi/toml"
)

// Overlay replaces the answers of entries with those given in fsys, a tree
// laid out like the locale tree whose <lang>/faq.toml files are each
// optional: a shop's own wording over the built-in knowledge base. An
// overlay entry holds an id and an answer, nothing else, and must name an
// entry that exists: the questions, and so what the bot recognises, stay
// the built-in ones. The answers are checked as Load checks them.
func Overlay(byLang map[string][]Entry, fsys fs.FS) error {
	langs := make([]string, 0, len(byLang))
	for lang := range byLang {
		langs = append(langs, lang)
	}
	slices.Sort(langs) // errors in a stable order
	for _, lang := range langs {
		name := path.Join(lang, "faq.toml")
		data, err := fs.ReadFile(fsys, name)
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err != nil {
			return fmt.Errorf("faq: %w", err)
		}
		if err := overlayAnswers(byLang[lang], string(data), lang); err != nil {
			return fmt.Errorf("faq: %s: %w", name, err)
		}
	}
	return nil
}

// overlayAnswers replaces, in entries, the answers the overlay file data
// gives.
func overlayAnswers(entries []Entry, data, lang string) error {
	var doc struct {
		Entry []map[string]any `toml:"entry"`
	}
	md, err := toml.Decode(data, &doc)
	if err != nil {
		return fmt.Errorf("%w: %w", ErrInvalid, err)
	}
	if keys := md.Undecoded(); len(keys) > 0 {
		return fmt.Errorf("%w: unknown key %q", ErrInvalid, keys[0].String())
	}
	for i, fe := range doc.Entry {
		id, _ := fe["id"].(string)
		for k := range fe {
			if k != "id" && k != "answer" {
				return fmt.Errorf("%w: entry %d%s: key %q: an overlay gives an id and an answer only", ErrInvalid, i+1, quoted(id), k)
			}
		}
		j := slices.IndexFunc(entries, func(e Entry) bool { return e.ID == id })
		if j < 0 {
			return fmt.Errorf("%w: entry %d: no built-in entry %q to replace", ErrInvalid, i+1, id)
		}
		answer, _ := fe["answer"].(string)
		if answer == "" {
			return fmt.Errorf("%w: entry %d %q: empty answer (a string)", ErrInvalid, i+1, id)
		}
		tmpl, err := compile(id, answer, lang)
		if err != nil {
			return fmt.Errorf("%w: entry %d %q: %w", ErrInvalid, i+1, id, err)
		}
		entries[j].Answer = tmpl
	}
	return nil
}
