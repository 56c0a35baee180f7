package telegram

import (
	"bytes"
	"context"
	"log/slog"
	"path/filepath"
	"strings"
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
var testShop = bot.Shop{Name: "Opaline", Email: "aide@opaline.example", DefaultLang: "fr"}

func mustKnowledge(tb testing.TB) *knowledge {
	tb.Helper()
	k, err := loadKnowledge()
	if err != nil {
		tb.Fatalf("load the engine's knowledge: %v", err)
	}
	return k
}

// mustStore opens a fresh database holding the demo shop.
func mustStore(tb testing.TB) *sqlite.DB {
	tb.Helper()
	ctx := context.Background()
	db, err := sqlite.Open(ctx, filepath.Join(tb.TempDir(), "supportbot.db"))
	if err != nil {
		tb.Fatalf("open the store: %v", err)
	}
	tb.Cleanup(func() { db.Close() })
	if _, err := db.Import(ctx, demo.Shop(time.Now())); err != nil {
		tb.Fatalf("load the demo shop: %v", err)
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

// logBuffer collects what the adapter logs, to check what it leaves out.
type logBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (l *logBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.Write(p)
}

func (l *logBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.String()
}

// newTestLogger logs at debug level into a buffer that the test prints if
// it fails, and checks at the end that no secret reached the log.
func newTestLogger(tb testing.TB, secrets ...string) (*slog.Logger, *logBuffer) {
	tb.Helper()
	lb := &logBuffer{}
	tb.Cleanup(func() {
		logs := lb.String()
		for _, s := range secrets {
			if strings.Contains(logs, s) {
				tb.Errorf("the log holds %q, which must never be logged", s)
			}
		}
		if tb.Failed() {
			tb.Logf("adapter log:\n%s", logs)
		}
	})
	return slog.New(slog.NewTextHandler(lb, &slog.HandlerOptions{Level: slog.LevelDebug})), lb
}
