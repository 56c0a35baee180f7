package sqlite_test

import (
	"supportbot/bot"
	"supportbot/storage/sqlite"
)

// The engine's store contract, checked here rather than in the package so
// that storage/sqlite does not depend on the bot.
var _ bot.Store = (*sqlite.DB)(nil)
