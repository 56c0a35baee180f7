package web

import (
	"context"
	"fmt"
	"io/fs"
	"path"
	"sync"
	"testing"

	"github.com/BurntSushi/toml"
	"github.com/nicksnyder/go-i18n/v2/i18n"
	"golang.org/x/text/language"

	"supportbot/bot"
	"supportbot/intents"
	"supportbot/locales"
	"supportbot/storage"
)

// stubEngine answers every turn with a canned reply; it stands in for the
// real engine while that is being written.
type stubEngine struct {
	mu    sync.Mutex
	lines map[string][]storage.Message
}

func newStubEngine() *stubEngine { return &stubEngine{lines: map[string][]storage.Message{}} }

func (e *stubEngine) Handle(ctx context.Context, in bot.Incoming) (bot.Response, error) {
	return bot.Response{
		ConversationID: in.ConversationID,
		Replies: []bot.Reply{
			{Text: "Pouvez-vous me donner votre adresse e-mail ?", Buttons: []bot.Button{{Label: "Parler à un conseiller", Payload: "/human"}}},
			{Text: "Merci."},
		},
		Intent: intents.TrackOrder, Confidence: 0.93, Lang: "fr",
	}, nil
}

func (e *stubEngine) Understand(ctx context.Context, text, fallbackLang string) bot.Understanding {
	return bot.Understanding{Intent: intents.TrackOrder, Confidence: 0.9, Lang: "fr"}
}

func (e *stubEngine) Messages(ctx context.Context, conversationID string, afterID int64) ([]storage.Message, error) {
	e.mu.Lock()
	defer e.mu.Unlock()
	var out []storage.Message
	for _, m := range e.lines[conversationID] {
		if m.ID > afterID {
			out = append(out, m)
		}
	}
	return out, nil
}

// stubTexts reads the web.toml files with go-i18n.
type stubTexts struct {
	locs map[string]*i18n.Localizer
	ids  map[string]map[string]bool
}

func mustTexts(tb testing.TB) Texts {
	tb.Helper()
	b := i18n.NewBundle(language.French)
	t := &stubTexts{locs: map[string]*i18n.Localizer{}, ids: map[string]map[string]bool{}}
	for _, lang := range locales.Languages {
		buf, err := fs.ReadFile(locales.FS, path.Join(lang, "web.toml"))
		if err != nil {
			tb.Fatal(err)
		}
		msgs, err := i18n.ParseMessageBytes(buf, toml.Unmarshal)
		if err != nil {
			tb.Fatal(err)
		}
		b.MustAddMessages(language.Make(lang), msgs...)
		t.ids[lang] = map[string]bool{}
		for _, m := range msgs {
			t.ids[lang][m.ID] = true
		}
		t.locs[lang] = i18n.NewLocalizer(b, lang)
	}
	return t
}

func (t *stubTexts) T(lang, id string, data map[string]any) string {
	s, err := t.locs[lang].Localize(&i18n.LocalizeConfig{MessageID: id, TemplateData: data})
	if err != nil {
		return fmt.Sprint(id)
	}
	return s
}
func (t *stubTexts) Has(lang, id string) bool { return t.ids[lang][id] }
func (t *stubTexts) Languages() []string      { return locales.Languages }
