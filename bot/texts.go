package bot

import (
	"errors"
	"fmt"
	"io/fs"
	"path"
	"strings"
	"sync"
	"text/template"

	"github.com/BurntSushi/toml"
	"github.com/nicksnyder/go-i18n/v2/i18n"
	"golang.org/x/text/language"
)

// messageFiles are the go-i18n files read from each language folder of the
// locale tree. messages.toml holds the bot's replies, account.toml those
// about the account area (refunds, returns, vouchers, invoices); the
// others belong to the web page, the chat channels' commands and the agent
// desk, but share one bundle so every surface speaks from the same place.
var messageFiles = []string{"messages.toml", "account.toml", "web.toml", "channels.toml", "desk.toml"}

// Texts renders customer-facing text from the locale files, with plural
// forms right in each language.
type Texts struct {
	langs  []string
	bundle *i18n.Bundle
	locs   map[string]*i18n.Localizer
	ids    map[string]map[string]bool           // lang -> message IDs present
	plural map[string]map[string]bool           // lang -> IDs of messages with plural forms
	quick  map[string]map[string]*quickTemplate // lang -> ID -> template rendered without go-i18n

	keywords keywords
	// symbols holds the currency symbols worked out so far, by
	// symbolKey (see currencySymbol).
	symbols sync.Map
}

// LoadTexts reads the message files of each language from fsys
// ("fr/messages.toml", …). The first language is the default.
func LoadTexts(fsys fs.FS, langs ...string) (*Texts, error) {
	if len(langs) == 0 {
		return nil, errors.New("texts: no language given")
	}
	bundle := i18n.NewBundle(language.Make(langs[0]))
	t := &Texts{langs: langs, bundle: bundle, locs: map[string]*i18n.Localizer{},
		ids: map[string]map[string]bool{}, plural: map[string]map[string]bool{},
		quick: map[string]map[string]*quickTemplate{}}
	for _, lang := range langs {
		t.ids[lang], t.plural[lang] = map[string]bool{}, map[string]bool{}
		t.quick[lang] = map[string]*quickTemplate{}
		for _, name := range messageFiles {
			msgs, err := readMessages(fsys, lang, name, name != "messages.toml")
			if err != nil {
				return nil, err
			}
			if err := t.add(lang, msgs); err != nil {
				return nil, fmt.Errorf("texts: %s: %w", path.Join(lang, name), err)
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

// Overlay replaces the messages that the message files of fsys name, a
// tree laid out like the locale tree whose files are all optional: a
// shop's own wording over the built-in texts. It may add only the words of
// custom rewards (reward_<key>); any other message it names must exist, so
// that a misspelt ID is an error rather than a text nobody reads. Call it
// before the texts are shared.
func (t *Texts) Overlay(fsys fs.FS) error {
	for _, lang := range t.langs {
		for _, name := range messageFiles {
			msgs, err := readMessages(fsys, lang, name, true)
			if err != nil {
				return err
			}
			p := path.Join(lang, name)
			for _, m := range msgs {
				if err := t.checkReplacement(lang, m); err != nil {
					return fmt.Errorf("texts: %s: %w", p, err)
				}
			}
			if err := t.add(lang, msgs); err != nil {
				return fmt.Errorf("texts: %s: %w", p, err)
			}
		}
	}
	return nil
}

// checkReplacement refuses an overlay message that names no built-in one,
// lacks the plural forms the built-in one has, or does not parse: go-i18n
// would only find out in front of a customer.
func (t *Texts) checkReplacement(lang string, m *i18n.Message) error {
	if !t.ids[lang][m.ID] && !strings.HasPrefix(m.ID, rewardPrefix) {
		return fmt.Errorf("no built-in message %q to replace (an overlay may add only %s<key>)", m.ID, rewardPrefix)
	}
	if t.plural[lang][m.ID] && (m.One == "" || m.Other == "") {
		return fmt.Errorf("message %q needs the forms one and other, as the built-in one has", m.ID)
	}
	for _, form := range []string{m.Zero, m.One, m.Two, m.Few, m.Many, m.Other} {
		if _, err := template.New(m.ID).Parse(form); err != nil {
			return fmt.Errorf("message %q: %w", m.ID, err)
		}
	}
	return nil
}

// rewardPrefix starts the message ID of a loyalty reward's words.
const rewardPrefix = "reward_"

// readMessages parses the message file name of lang in fsys; a missing
// file is no message when optional.
func readMessages(fsys fs.FS, lang, name string, optional bool) ([]*i18n.Message, error) {
	p := path.Join(lang, name)
	buf, err := fs.ReadFile(fsys, p)
	if optional && errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("texts: %w", err)
	}
	msgs, err := i18n.ParseMessageBytes(buf, toml.Unmarshal)
	if err != nil {
		return nil, fmt.Errorf("texts: %s: %w", p, err)
	}
	return msgs, nil
}

// add puts messages in the bundle, replacing those of the same IDs.
func (t *Texts) add(lang string, msgs []*i18n.Message) error {
	if err := t.bundle.AddMessages(language.Make(lang), msgs...); err != nil {
		return err
	}
	for _, m := range msgs {
		t.ids[lang][m.ID] = true
		if m.One != "" {
			t.plural[lang][m.ID] = true
		}
		if q, ok := compileQuick(m); ok {
			t.quick[lang][m.ID] = q
		} else {
			delete(t.quick[lang], m.ID)
		}
	}
	return nil
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

// IDs returns the IDs of the messages of lang that start with prefix.
func (t *Texts) IDs(lang, prefix string) []string {
	var ids []string
	for id := range t.ids[lang] {
		if strings.HasPrefix(id, prefix) {
			ids = append(ids, id)
		}
	}
	return ids
}

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
	lang = t.lang(lang)
	if q := t.quick[lang][id]; q != nil && count == nil {
		var b strings.Builder
		if q.render(&b, data) {
			return b.String()
		}
	}
	loc := t.locs[lang]
	s, err := loc.Localize(&i18n.LocalizeConfig{MessageID: id, TemplateData: data, PluralCount: count})
	if err != nil && count != nil {
		// A message written with one form only ("other") is the same
		// for every count; go-i18n wants the count's own form (French
		// takes "one" for 0 and 1) and fails without it.
		s, err = loc.Localize(&i18n.LocalizeConfig{MessageID: id, TemplateData: data})
	}
	if err != nil {
		// A missing or broken message is a bug caught by the locale tests;
		// show the ID rather than nothing so the conversation goes on.
		return id
	}
	return s
}
