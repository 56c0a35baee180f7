package discord

import (
	"context"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"supportbot/bot"
	"supportbot/bot/policy"
	"supportbot/faq"
	"supportbot/intents"
	"supportbot/locales"
	"supportbot/storage/demo"
	"supportbot/storage/sqlite"
)

// knowledge is what the real engine knows, built from the embedded locale
// files as cmd/supportbot builds it. Training the classifier is the slow
// part, so the test binary does it once; all of it is read-only afterwards.
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

// testShop is the demo shop the engine speaks for.
var testShop = bot.Shop{Name: "Opaline", Email: "service-client@opaline.example", DefaultLang: "fr"}

func mustKnowledge(tb testing.TB) *knowledge {
	tb.Helper()
	k, err := loadKnowledge()
	if err != nil {
		tb.Fatalf("load the engine's knowledge: %v", err)
	}
	return k
}

// mustDemoDB opens a fresh database holding the demo shop.
func mustDemoDB(tb testing.TB) *sqlite.DB {
	tb.Helper()
	ctx := context.Background()
	db, err := sqlite.Open(ctx, filepath.Join(tb.TempDir(), "supportbot.db"))
	if err != nil {
		tb.Fatalf("open the store: %v", err)
	}
	tb.Cleanup(func() { db.Close() })
	if _, err := db.Import(ctx, demo.Shop(time.Now())); err != nil {
		tb.Fatalf("import the demo shop: %v", err)
	}
	return db
}

// mustEngine is the real conversation engine on db.
func mustEngine(tb testing.TB, db *sqlite.DB) *bot.Engine {
	tb.Helper()
	k := mustKnowledge(tb)
	e, err := bot.New(bot.Config{
		Store: db, Parser: k.parser, FAQ: k.faq, Texts: k.texts,
		Policy: policy.Defaults(), Shop: testShop,
	})
	if err != nil {
		tb.Fatalf("new engine: %v", err)
	}
	return e
}
