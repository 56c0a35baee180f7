package bot

import (
	"fmt"
	"io/fs"
	"slices"
	"strings"

	"supportbot/faq"
)

// Locales are the words of the bot read from a locale tree, before the
// classifier is trained on them: the texts and the FAQ entries.
//
// A shop changes some of them without copying the whole tree with an
// overlay: a folder laid out like the tree (fr/, en/) holding any of
// messages.toml, account.toml, web.toml, channels.toml, desk.toml and
// faq.toml, each with only what it replaces — messages by ID, FAQ answers
// by entry id.
// The demo shop's own wording is such an overlay (locales/demo), and an
// operator's is the folder shop.locales_overlay names.
type Locales struct {
	Texts   *Texts
	Entries map[string][]faq.Entry // by language
}

// overlayFiles are the files an overlay may hold in a language folder.
var overlayFiles = append(slices.Clone(messageFiles), "faq.toml")

// LoadLocales reads the texts and the FAQ entries of the locale tree fsys
// in langs, the default first.
func LoadLocales(fsys fs.FS, langs []string) (*Locales, error) {
	texts, err := LoadTexts(fsys, langs...)
	if err != nil {
		return nil, err
	}
	entries, err := faq.LoadAll(fsys, langs)
	if err != nil {
		return nil, err
	}
	return &Locales{Texts: texts, Entries: entries}, nil
}

// Overlay lays the overlay fsys over the texts and the FAQ answers. A file
// an overlay cannot hold, a message or an FAQ entry that does not exist,
// or a broken template is an error naming the file.
func (l *Locales) Overlay(fsys fs.FS) error {
	if err := checkOverlayFiles(fsys, l.Texts.Languages()); err != nil {
		return err
	}
	if err := l.Texts.Overlay(fsys); err != nil {
		return err
	}
	return faq.Overlay(l.Entries, fsys)
}

// checkOverlayFiles refuses what an overlay cannot replace (training
// phrases, keywords) and languages the bot does not speak, so that a file
// put there is never silently ignored. Hidden files are left alone.
func checkOverlayFiles(fsys fs.FS, langs []string) error {
	return fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		switch {
		case err != nil:
			return fmt.Errorf("overlay: %w", err)
		case p == "." || strings.HasPrefix(d.Name(), "."):
			if d.IsDir() && p != "." {
				return fs.SkipDir
			}
			return nil
		}
		lang, name, nested := strings.Cut(p, "/")
		switch {
		case !slices.Contains(langs, lang):
			return fmt.Errorf("overlay: %s: not a language folder (%s)", p, strings.Join(langs, ", "))
		case !nested:
			if !d.IsDir() {
				return fmt.Errorf("overlay: %s: files go in a language folder (%s)", p, strings.Join(langs, ", "))
			}
			return nil
		case d.IsDir() || !slices.Contains(overlayFiles, name):
			return fmt.Errorf("overlay: %s: an overlay replaces only %s", p, strings.Join(overlayFiles, ", "))
		}
		return nil
	})
}
