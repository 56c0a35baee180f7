package web

import (
	"context"
	"path/filepath"
	"testing"

	"supportbot/bot"
	"supportbot/bot/bottest"
	"supportbot/storage/sqlite"
)

// mustTexts returns the texts of the embedded locale files.
func mustTexts(tb testing.TB) Texts {
	tb.Helper()
	return mustKnowledge(tb).Texts
}

// realEngine is the conversation engine on a fresh SQLite database, without
// the demo shop.
type realEngine struct {
	*bot.Engine
	db *sqlite.DB
}

var _ HandoffReporter = realEngine{}

func newRealEngine(tb testing.TB) realEngine {
	tb.Helper()
	db, err := sqlite.Open(context.Background(), filepath.Join(tb.TempDir(), "supportbot.db"))
	if err != nil {
		tb.Fatalf("open the store: %v", err)
	}
	tb.Cleanup(func() { db.Close() })
	return realEngine{Engine: bottest.Engine(tb, db), db: db}
}

// mustKnowledge is the real engine's knowledge, trained once per test binary.
func mustKnowledge(tb testing.TB) *bot.Knowledge { return bottest.Knowledge(tb) }
