package sqlite_test

import (
	"supportbot/bot"
	"supportbot/bot/delivery"
	"supportbot/storage/sqlite"
)

// The engine's and the delivery worker's store contracts, checked here
// rather than in the package so that storage/sqlite does not depend on the
// bot.
var (
	_ bot.Store      = (*sqlite.DB)(nil)
	_ delivery.Store = (*sqlite.DB)(nil)
)
