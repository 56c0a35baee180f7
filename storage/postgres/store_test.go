package postgres_test

import (
	"supportbot/bot"
	"supportbot/bot/delivery"
	"supportbot/storage/postgres"
)

// The engine's and the delivery worker's store contracts, checked here
// rather than in the package so that storage/sqlite does not depend on the
// bot.
var (
	_ bot.Store      = (*postgres.DB)(nil)
	_ delivery.Store = (*postgres.DB)(nil)
)
