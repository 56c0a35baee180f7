package main

import (
	"context"
	"flag"
	"fmt"
	"log/slog"

	"supportbot/storage/backend"
)

// dbEnv names the database when --db is not given (SPEC §9), so that a
// container or a unit file sets it once for every command.
const dbEnv = "SUPPORTBOT_DB"

// defaultDB is the database without --db or SUPPORTBOT_DB: an SQLite file
// in the working folder.
const defaultDB = "supportbot.db"

// dbUsage documents --db in every command that opens the store. The
// default is spelt out rather than shown as the flag's default, which
// would print a PostgreSQL password taken from the environment in --help.
const dbUsage = "database: an SQLite file `PATH` (created if missing) or a PostgreSQL URL " +
	"postgres://USER@HOST:PORT/DB?sslmode=...; default $" + dbEnv + ", else " + defaultDB

// dbFlag declares --db on fs.
func dbFlag(fs *flag.FlagSet) *string {
	return fs.String("db", "", dbUsage)
}

// database returns the database a command opens: --db when given, else
// SUPPORTBOT_DB, else supportbot.db. An empty --db is refused rather than
// taken for "not given".
func database(fs *flag.FlagSet, flagged string, getenv func(string) string) (string, error) {
	given := false
	fs.Visit(func(f *flag.Flag) { given = given || f.Name == "db" })
	switch {
	case given && flagged == "":
		return "", fmt.Errorf("--db: empty; give a file path or a postgres:// URL")
	case given:
		return flagged, nil
	case getenv(dbEnv) != "":
		return getenv(dbEnv), nil
	}
	return defaultDB, nil
}

// openStore opens the store the database argument names; log (which may
// be nil) receives what the store does on its own.
func openStore(ctx context.Context, dsn string, log *slog.Logger) (backend.Store, error) {
	return backend.Open(ctx, dsn, backend.Config{Log: log})
}
