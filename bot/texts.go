package bot

import (
	"errors"
	"fmt"
	"io/fs"
	"path"

	"github.com/BurntSushi/toml"
	"github.com/nicksnyder/go-i18n/v2/i18n"
	"golang.org/x/text/language"
)

// messageFiles are the go-i18n files read from each language folder of the
// locale tree. messages.toml holds the bot's replies; the others belong to
// the web page, the chat channels' commands and the agent desk, but share
// one bundle so every surface speaks from the same place.
var messageFiles = []string{"messages.toml", "web.toml", "channels.toml", "desk.toml"}

// Texts renders customer-facing text from the locale files, with plural
// forms right in each language.
type Texts struct {
	langs []string
	locs  map[string]*i18n.Localizer
	ids   map[string]map[string]bool // lang -> message IDs present

	keywords keywords
}

// LoadTexts reads the message files of each language from fsys
// ("fr/messages.toml", …). The first language is the default.
func LoadTexts(fsys fs.FS, langs ...string) (*Texts, error) {
	if len(langs) == 0 {
		return nil, errors.New("texts: no language given")
	}
	bundle := i18n.NewBundle(language.Make(langs[0]))
	t := &Texts{langs: langs, locs: map[string]*i18n.Localizer{}, ids: map[string]map[string]bool{}}
	for _, lang := range langs {
		tag := language.Make(lang)
		t.ids[lang] = map[string]bool{}
		for _, name := range messageFiles {
			p := path.Join(lang, name)
			buf, err := fs.ReadFile(fsys, p)
			if errors.Is(err, fs.ErrNotExist) && name != "messages.toml" {
				continue
			}
			if err != nil {
				return nil, fmt.Errorf("texts: %w", err)
			}
			msgs, err := i18n.ParseMessageBytes(buf, toml.Unmarshal)
			if err != nil {
				return nil, fmt.Errorf("texts: %s: %w", p, err)
			}
			if err := bundle.AddMessages(tag, msgs...); err != nil {
				return nil, fmt.Errorf("texts: %s: %w", p, err)
			}
			for _, m := range msgs {
				t.ids[lang][m.ID] = true
			}
		}
		// Only the conversation's own language: a missing message must show
		// up in tests rather than fall back to the other language silently.
		t.locs[lang] = i18n.NewLocalizer(bundle, lang)
	}
	kw, err := loadKeywords(fsys, langs)
	if err != nil {
		return nil, err
	}
	t.keywords = kw
	return t, nil
}

// Languages returns the languages loaded, the default first.
func (t *Texts) Languages() []string { return t.langs }

// Speaks reports whether lang is one of the languages loaded.
func (t *Texts) Speaks(lang string) bool {
	_, ok := t.locs[lang]
	return ok
}

// Has reports whether lang has a message with this ID.
func (t *Texts) Has(lang, id string) bool { return t.ids[lang][id] }

// lang returns lang if it is loaded, else the default language.
func (t *Texts) lang(lang string) string {
	if _, ok := t.locs[lang]; ok {
		return lang
	}
	return t.langs[0]
}

// T renders message id in lang with data as template data.
func (t *Texts) T(lang, id string, data map[string]any) string {
	return t.render(lang, id, data, nil)
}

// N renders message id in lang with the plural form for count. data may be
// nil; {{.Count}} is always available.
func (t *Texts) N(lang, id string, count int, data map[string]any) string {
	if data == nil {
		data = map[string]any{}
	}
	data["Count"] = count
	return t.render(lang, id, data, count)
}

func (t *Texts) render(lang, id string, data map[string]any, count any) string {
	loc := t.locs[t.lang(lang)]
	s, err := loc.Localize(&i18n.LocalizeConfig{MessageID: id, TemplateData: data, PluralCount: count})
	if err != nil {
		// A missing or broken message is a bug caught by the locale tests;
		// show the ID rather than nothing so the conversation goes on.
		return id
	}
	return s
}
