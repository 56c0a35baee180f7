// Package bottest gives tests the real engine: the knowledge built from the
// embedded locales (trained once per test binary), a fresh SQLite store with
// the demo shop, used through its contract (backend.Store) as the program
// uses it, and the engine on it. Channel adapters and commands test against
// these rather than against doubles.
package bottest

import (
	"context"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"sync"
	"testing"
	"time"

	"supportbot/bot"
	"supportbot/bot/policy"
	"supportbot/locales"
	"supportbot/storage/backend"
	"supportbot/storage/demo"
)

// Shop is the shop the test engine speaks for: the demo shop.
var Shop = bot.Shop{
	Name: "Opaline", Email: "service-client@opaline.example", Phone: "01 84 80 12 34",
	Website: "https://www.opaline.example", PaymentMethods: []string{"card", "paypal"},
	FormReplyHours: [2]int{24, 48}, DefaultLang: "fr",
}

var knowledge = sync.OnceValues(func() (*bot.Knowledge, error) {
	// SUPPORTBOT_TEST_SEED trains from another seed than the product's,
	// to measure how much a figure of the understanding tests owes to it;
	// the conversation tests expect the product's.
	var seed uint64
	if s := os.Getenv("SUPPORTBOT_TEST_SEED"); s != "" {
		var err error
		if seed, err = strconv.ParseUint(s, 10, 64); err != nil {
			return nil, fmt.Errorf("SUPPORTBOT_TEST_SEED: %w", err)
		}
	}
	return bot.LoadKnowledge(locales.FS, bot.KnowledgeConfig{
		Langs: locales.Languages, Policy: policy.Defaults(), Shop: Shop,
		Overlays: []fs.FS{locales.Demo()}, TrainingSeed: seed,
		// Test binaries run side by side share one training through the
		// cache (it is keyed by code, settings and phrases).
		ModelCache: bot.ModelCacheDir(os.Getenv),
	})
})

// Knowledge returns the engine's knowledge built from the embedded locales,
// trained once per test binary, or loaded from the model cache.
func Knowledge(tb testing.TB) *bot.Knowledge {
	tb.Helper()
	k, err := knowledge()
	if err != nil {
		tb.Fatalf("load the engine's knowledge: %v", err)
	}
	return k
}

// Store opens a fresh database in a temporary folder, holding the demo shop
// dated from now. It is closed when the test ends.
func Store(tb testing.TB) backend.Store {
	tb.Helper()
	ctx := context.Background()
	db, err := backend.Open(ctx, filepath.Join(tb.TempDir(), "supportbot.db"), backend.Config{})
	if err != nil {
		tb.Fatalf("open the store: %v", err)
	}
	tb.Cleanup(func() { db.Close() })
	if _, err := db.Import(ctx, demo.Shop(time.Now())); err != nil {
		tb.Fatalf("load the demo shop: %v", err)
	}
	return db
}

// Engine returns the real engine on db; opts adjust its configuration.
func Engine(tb testing.TB, db bot.Store, opts ...func(*bot.Config)) *bot.Engine {
	tb.Helper()
	k := Knowledge(tb)
	cfg := bot.Config{
		Store: db, Parser: k.Parser, Answers: k.Answers, FAQ: k.FAQ, Texts: k.Texts,
		Policy: policy.Defaults(), Shop: Shop,
	}
	for _, o := range opts {
		o(&cfg)
	}
	e, err := bot.New(cfg)
	if err != nil {
		tb.Fatalf("new engine: %v", err)
	}
	return e
}
