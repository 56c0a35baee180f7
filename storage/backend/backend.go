// Package backend opens the account store that a database argument names:
// a PostgreSQL URL (postgres:// or postgresql://) selects PostgreSQL, so
// that several processes can share one database; anything else is the
// path of an SQLite file, the embedded default for one machine.
//
// Commands depend on Store, the whole contract of a backend, never on a
// backend's own type, so that the database is chosen at run time.
package backend

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/url"
	"strings"
	"time"

	"supportbot/bot"
	"supportbot/bot/delivery"
	"supportbot/storage"
	"supportbot/storage/postgres"
	"supportbot/storage/sqlite"
)

// Store is everything the product uses from the account store: the
// engine's contract (bot.Store), the delivery worker's (delivery.Store),
// import, data-protection requests, retention, the record-level reads of
// commands and tests, and the store's own life. storage/storetest holds
// every backend to it.
type Store interface {
	bot.Store
	delivery.Store
	storage.Importer
	storage.Privacy
	storage.Retention
	storage.ChannelState
	storage.Records
	// Ping checks that the database answers, for the readiness probe.
	Ping(ctx context.Context) error
	// Close releases the database; the store is unusable afterwards.
	Close() error
}

var (
	_ Store = (*sqlite.DB)(nil)
	_ Store = (*postgres.DB)(nil)
)

// Config holds the optional settings of Open.
type Config struct {
	// Now stamps the records whose time the caller left zero; time.Now
	// when nil. Tests fix it.
	Now func() time.Time
	// Log receives what the store does on its own (on PostgreSQL: which
	// replica leads a channel); nil logs nothing.
	Log *slog.Logger
}

// IsPostgres reports whether a database argument names a PostgreSQL
// database rather than an SQLite file.
func IsPostgres(dsn string) bool {
	scheme, _, ok := strings.Cut(dsn, "://")
	if !ok {
		return false
	}
	switch strings.ToLower(scheme) {
	case "postgres", "postgresql":
		return true
	}
	return false
}

// Open opens the store dsn names, creating its schema if needed: a
// PostgreSQL URL, or the path of an SQLite file (created if missing).
// Errors never repeat the URL, which may hold a password.
func Open(ctx context.Context, dsn string, cfg Config) (Store, error) {
	if dsn == "" {
		return nil, errors.New("open store: no database given")
	}
	if IsPostgres(dsn) {
		db, err := postgres.Open(ctx, dsn)
		if err != nil {
			return nil, fmt.Errorf("open store: %w", err)
		}
		if cfg.Now != nil {
			db.Now = cfg.Now
		}
		db.Log = cfg.Log
		return db, nil
	}
	db, err := sqlite.Open(ctx, dsn)
	if err != nil {
		return nil, err
	}
	if cfg.Now != nil {
		db.Now = cfg.Now
	}
	return db, nil
}

// Describe names the database for a log line: an SQLite path as it is, a
// PostgreSQL URL without its password and parameters (which may hold one).
func Describe(dsn string) string {
	if !IsPostgres(dsn) {
		return dsn
	}
	u, err := url.Parse(dsn)
	if err != nil {
		return "postgres://(unparsable URL)"
	}
	if u.User != nil {
		u.User = url.User(u.User.Username())
	}
	u.RawQuery, u.Fragment = "", ""
	return u.String()
}
