// Package postgres is the account store on PostgreSQL: the same records and
// the same behaviour as storage/sqlite, for a shop that runs several
// replicas of the bot on one database.
//
// Every method has the signature, the results and the errors of its SQLite
// twin (storage.ErrNotFound, storage.ErrConflict), so that callers can use
// either. What SQLite gets from having one writer at a time, this package
// gets from PostgreSQL's locks, so that it holds across processes:
//
//   - a return locks the order lines it takes back (FOR UPDATE), so that two
//     replicas returning the last unit cannot both succeed;
//   - an identity check takes transaction-scoped advisory locks on its
//     conversation, number and e-mail keys before it counts their failures,
//     so that simultaneous attempts are counted one after the other;
//   - the outbox is claimed row by row with FOR UPDATE SKIP LOCKED and a
//     lease, so that two replicas never send the same message and a message
//     claimed by a replica that died is sent by another;
//   - LockConversation lets the engine run one turn at a time per
//     conversation, whichever replica the turn reaches.
//
// The schema is in numbered embedded migrations, applied by Open under an
// advisory lock, so that replicas starting together migrate once.
package postgres

import (
	"context"
	"crypto/rand"
	"embed"
	"errors"
	"fmt"
	"hash/fnv"
	"io/fs"
	"log/slog"
	"sort"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgtype"
	"github.com/jackc/pgx/v5/pgxpool"

	"supportbot/storage"
)

//go:embed migrations/*.sql
var migrationFS embed.FS

// DefaultOutboxLease is how long a claim on an outbox message lasts when
// DB.OutboxLease is not set: longer than a send may take (the delivery
// worker bounds one at 30 seconds), short enough that the messages of a
// replica that died go out soon after.
const DefaultOutboxLease = 2 * time.Minute

// defaultMaxConns is the pool size when the URL sets none
// (pool_max_conns): several replicas of 16 stay well under PostgreSQL's
// default max_connections of 100.
const defaultMaxConns = 16

// DB is the account store. It is safe for concurrent use.
type DB struct {
	pool *pgxpool.Pool

	// replica names this DB's claims on outbox messages: random, so that
	// each process (each DB opened) is a replica of its own.
	replica string

	// Now gives the time stamped on records whose time the caller left
	// zero. Tests replace it.
	Now func() time.Time

	// OutboxLease is how long DueOutbox's claims last; zero means
	// DefaultOutboxLease.
	OutboxLease time.Duration

	// Log receives what Lead does (who leads, a lead lost); nil logs
	// nothing.
	Log *slog.Logger
}

// Open connects to the database at url (postgres://USER@HOST/DB?..., or
// any form pgx accepts), and brings its schema up to date.
func Open(ctx context.Context, url string) (*DB, error) {
	cfg, err := pgxpool.ParseConfig(url)
	if err != nil {
		// The URL may hold a password: say what is wrong, not what it is.
		return nil, errors.New("open database: invalid PostgreSQL URL")
	}
	if !strings.Contains(url, "pool_max_conns") {
		// pgxpool's default (4 on this machine's 2 cores) is too few: a
		// unit of work holds its connection for a whole turn, and turns
		// of one conversation wait for its lock holding theirs.
		cfg.MaxConns = max(cfg.MaxConns, defaultMaxConns)
	}
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, fmt.Errorf("open database %s: %w", redacted(cfg), err)
	}
	db := &DB{pool: pool, replica: newRef("r-"), Now: time.Now}
	if err := db.migrate(ctx); err != nil {
		pool.Close()
		return nil, fmt.Errorf("open database %s: %w", redacted(cfg), err)
	}
	return db, nil
}

// redacted names a database for error messages, without its password.
func redacted(cfg *pgxpool.Config) string {
	return fmt.Sprintf("%s@%s:%d/%s", cfg.ConnConfig.User, cfg.ConnConfig.Host, cfg.ConnConfig.Port, cfg.ConnConfig.Database)
}

// Close closes the connections.
func (db *DB) Close() error {
	db.pool.Close()
	return nil
}

// Ping checks that the database answers, for the readiness probe.
func (db *DB) Ping(ctx context.Context) error {
	var one int
	if err := db.pool.QueryRow(ctx, `SELECT 1`).Scan(&one); err != nil {
		return fmt.Errorf("ping database: %w", err)
	}
	return nil
}

// migrationLock is the advisory lock key that serialises migrations:
// replicas starting at once wait for the first to finish, then find
// nothing left to do.
var migrationLock = lockKey("supportbot:migrate")

// migrate applies the embedded migrations not yet recorded in
// schema_migrations, each in its own transaction, in file-name order, while
// holding a session advisory lock.
func (db *DB) migrate(ctx context.Context) error {
	conn, err := db.pool.Acquire(ctx)
	if err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	defer conn.Release()
	if _, err := conn.Exec(ctx, `SELECT pg_advisory_lock($1)`, migrationLock); err != nil {
		return fmt.Errorf("migrate: lock: %w", err)
	}
	defer conn.Exec(context.WithoutCancel(ctx), `SELECT pg_advisory_unlock($1)`, migrationLock)
	if _, err := conn.Exec(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (
		name text PRIMARY KEY, applied_at timestamptz NOT NULL)`); err != nil {
		return fmt.Errorf("create schema_migrations: %w", err)
	}
	names, err := fs.Glob(migrationFS, "migrations/*.sql")
	if err != nil {
		return fmt.Errorf("list migrations: %w", err)
	}
	sort.Strings(names)
	for _, name := range names {
		if err := db.migrateFile(ctx, conn.Conn(), name); err != nil {
			return err
		}
	}
	return nil
}

func (db *DB) migrateFile(ctx context.Context, conn *pgx.Conn, name string) error {
	return pgx.BeginFunc(ctx, conn, func(tx pgx.Tx) error {
		var n int
		if err := tx.QueryRow(ctx, `SELECT COUNT(*) FROM schema_migrations WHERE name = $1`, name).Scan(&n); err != nil {
			return fmt.Errorf("check migration %s: %w", name, err)
		}
		if n > 0 {
			return nil
		}
		body, err := fs.ReadFile(migrationFS, name)
		if err != nil {
			return fmt.Errorf("read migration %s: %w", name, err)
		}
		// Without arguments, Exec sends the file as one simple query: all
		// its statements, in this transaction.
		if _, err := tx.Exec(ctx, string(body)); err != nil {
			return fmt.Errorf("apply migration %s: %w", name, err)
		}
		if _, err := tx.Exec(ctx, `INSERT INTO schema_migrations (name, applied_at) VALUES ($1, $2)`,
			name, db.now()); err != nil {
			return fmt.Errorf("record migration %s: %w", name, err)
		}
		return nil
	})
}

// now returns the current time in UTC, to the microsecond PostgreSQL
// keeps, so that a record returned by a write equals the one read back.
func (db *DB) now() time.Time { return db.Now().UTC().Truncate(time.Microsecond) }

// stamp returns t as stored: UTC, to the microsecond.
func stamp(t time.Time) time.Time { return t.UTC().Truncate(time.Microsecond) }

// querier is what the pool, a transaction and a savepoint offer, so that
// lookups run inside or outside a unit of work.
type querier interface {
	Exec(ctx context.Context, sql string, args ...any) (pgconn.CommandTag, error)
	Query(ctx context.Context, sql string, args ...any) (pgx.Rows, error)
	QueryRow(ctx context.Context, sql string, args ...any) pgx.Row
}

// isUniqueViolation reports whether err is a UNIQUE or PRIMARY KEY
// constraint failure.
func isUniqueViolation(err error) bool {
	var pe *pgconn.PgError
	return errors.As(err, &pe) && pe.Code == "23505"
}

// notFound turns pgx.ErrNoRows into storage.ErrNotFound.
func notFound(err error) error {
	if errors.Is(err, pgx.ErrNoRows) {
		return storage.ErrNotFound
	}
	return err
}

// lockKey turns a name into the 64-bit key of an advisory lock. Names are
// prefixed by what they lock ("conversation:", "verify:order:") so that
// different things never share a key by accident.
func lockKey(name string) int64 {
	h := fnv.New64a()
	h.Write([]byte(name))
	return int64(h.Sum64())
}

// nullTime stores the zero time as NULL.
func nullTime(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return stamp(t)
}

// nullID stores 0 as NULL, for optional references such as a ticket's order.
func nullID(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}

// nullString stores "" as NULL.
func nullString(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// timeColumn scans a timestamptz into *t, in UTC; NULL gives the zero time.
type timeColumn struct{ t *time.Time }

// at returns a scanner for a time column.
func at(t *time.Time) *timeColumn { return &timeColumn{t} }

// ScanTimestamptz implements pgtype.TimestamptzScanner.
func (c *timeColumn) ScanTimestamptz(v pgtype.Timestamptz) error {
	if !v.Valid {
		*c.t = time.Time{}
		return nil
	}
	if v.InfinityModifier != pgtype.Finite {
		return errors.New("scan time: infinite timestamp")
	}
	*c.t = v.Time.UTC()
	return nil
}

// idColumn scans a nullable reference into *id; NULL gives 0.
type idColumn struct{ id *int64 }

// optionalID returns a scanner for a nullable reference column.
func optionalID(id *int64) *idColumn { return &idColumn{id} }

// ScanInt64 implements pgtype.Int64Scanner.
func (c *idColumn) ScanInt64(v pgtype.Int8) error {
	*c.id = 0
	if v.Valid {
		*c.id = v.Int64
	}
	return nil
}

// refAlphabet has no letters easily mistaken for digits (I, O) so that a
// reference read over the phone is unambiguous.
const refAlphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ0123456789"

// newRef returns prefix followed by 8 random characters from refAlphabet:
// 34^8 ≈ 1.8×10^12 values, not guessable, so an RA number alone reveals
// nothing about other customers' returns.
func newRef(prefix string) string {
	b := make([]byte, 8)
	for i := range b {
		b[i] = refAlphabet[randIndex(len(refAlphabet))]
	}
	return prefix + string(b)
}

// randIndex returns a uniform random index below n from crypto/rand,
// without modulo bias.
func randIndex(n int) int {
	limit := 256 - 256%n
	var buf [1]byte
	for {
		if _, err := rand.Read(buf[:]); err != nil {
			panic(fmt.Sprintf("crypto/rand failed: %v", err))
		}
		if int(buf[0]) < limit {
			return int(buf[0]) % n
		}
	}
}

// maxRefTries bounds the retries when a random reference is already taken,
// which with 10^12 values practically never happens.
const maxRefTries = 5

// IsURL reports whether a database argument names a PostgreSQL database
// (postgres://… or postgresql://…) rather than an SQLite file, for the
// commands that take either.
func IsURL(db string) bool {
	return strings.HasPrefix(db, "postgres://") || strings.HasPrefix(db, "postgresql://")
}
