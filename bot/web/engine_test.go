package web

import (
	"context"
	"errors"
	"path/filepath"
	"sync"
	"testing"

	"supportbot/bot"
	"supportbot/bot/policy"
	"supportbot/faq"
	"supportbot/intents"
	"supportbot/locales"
	"supportbot/storage"
	"supportbot/storage/sqlite"
)

// knowledge is what the real engine knows, built from the embedded locale
// files as the program builds it. Training the classifier is the slow part,
// so the test binary does it once; all of it is read-only afterwards.
type knowledge struct {
	texts  *bot.Texts
	parser *intents.Parser
	faq    *bot.FAQAnswers
}

var loadKnowledge = sync.OnceValues(func() (*knowledge, error) {
	langs := locales.Languages
	texts, err := bot.LoadTexts(locales.FS, langs...)
	if err != nil {
		return nil, err
	}
	entries, err := faq.LoadAll(locales.FS, langs)
	if err != nil {
		return nil, err
	}
	examples, err := intents.LoadTraining(locales.FS)
	if err != nil {
		return nil, err
	}
	for lang, es := range entries {
		for _, e := range es {
			for _, q := range e.Questions {
				examples = append(examples, intents.Example{Text: q, Intent: intents.FAQ, Lang: lang})
			}
		}
	}
	parser, err := intents.NewParser(intents.Config{}, examples)
	if err != nil {
		return nil, err
	}
	facts := map[string]faq.Facts{}
	for _, lang := range langs {
		facts[lang] = bot.Facts(texts, policy.Defaults(), testShop, lang)
	}
	answers, err := bot.NewFAQ(faq.NewIndex(entries, intents.Analyze, faq.Config{}), entries, facts)
	if err != nil {
		return nil, err
	}
	return &knowledge{texts: texts, parser: parser, faq: answers}, nil
})

// testShop is the shop the tests' engine speaks for.
var testShop = bot.Shop{Name: "Maison Lumen", Email: "aide@maison-lumen.example", DefaultLang: "fr"}

func mustKnowledge(tb testing.TB) *knowledge {
	tb.Helper()
	k, err := loadKnowledge()
	if err != nil {
		tb.Fatalf("load the engine's knowledge: %v", err)
	}
	return k
}

// mustTexts returns the texts of the embedded locale files.
func mustTexts(tb testing.TB) Texts {
	tb.Helper()
	return mustKnowledge(tb).texts
}

// realEngine is the conversation engine on a fresh SQLite database.
type realEngine struct {
	*bot.Engine
	db *sqlite.DB
}

// InHandoff reads the hand-off state from the store, until the engine
// offers it itself.
func (e realEngine) InHandoff(ctx context.Context, conversationID string) (bool, error) {
	c, err := e.db.Conversation(ctx, conversationID)
	if errors.Is(err, storage.ErrNotFound) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	return c.Handoff == storage.HandoffRequested || c.Handoff == storage.HandoffWithAgent, nil
}

var _ HandoffReporter = realEngine{}

func newRealEngine(tb testing.TB) realEngine {
	tb.Helper()
	k := mustKnowledge(tb)
	db, err := sqlite.Open(context.Background(), filepath.Join(tb.TempDir(), "supportbot.db"))
	if err != nil {
		tb.Fatalf("open the store: %v", err)
	}
	tb.Cleanup(func() { db.Close() })
	e, err := bot.New(bot.Config{
		Store: db, Parser: k.parser, FAQ: k.faq, Texts: k.texts,
		Policy: policy.Defaults(), Shop: testShop,
	})
	if err != nil {
		tb.Fatalf("new engine: %v", err)
	}
	return realEngine{Engine: e, db: db}
}
