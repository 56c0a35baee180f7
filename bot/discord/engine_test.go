package discord

import (
	"testing"

	"supportbot/bot"
	"supportbot/bot/bottest"
	"supportbot/storage/backend"
)

// mustDemoDB opens a fresh database holding the demo shop.
func mustDemoDB(tb testing.TB) backend.Store { return bottest.Store(tb) }

// mustEngine is the real conversation engine on db.
func mustEngine(tb testing.TB, db backend.Store) *bot.Engine { return bottest.Engine(tb, db) }

// mustKnowledge is the real engine's knowledge, trained once per test binary.
func mustKnowledge(tb testing.TB) *bot.Knowledge { return bottest.Knowledge(tb) }
