// Package sqlite is the account store on SQLite: the shop's customers,
// orders, loyalty ledger, returns and tickets, and the bot's conversation
// records, in one database file.
//
// Writes go through a single connection whose transactions begin with
// BEGIN IMMEDIATE: they queue in the connection pool rather than failing
// with "database is locked", and a transaction that reads then writes (a
// return checked against the quantities already returned) cannot be
// overtaken between its read and its write. Reads use a separate pool and,
// thanks to WAL mode, never wait for a writer. Another process writing the
// same file (an import while the server runs) waits up to busyTimeout.
//
// All SQL is plain, and nothing specific to SQLite leaves this package, so a
// PostgreSQL store can be written beside it without touching its callers.
//
// A query with an ORDER BY compares its parameters as "col = +?", not
// "col = ?": SQLite's planner looks at the value bound to a parameter
// compared for equality when it works out whether the ORDER BY is already
// satisfied, which marks the statement to be prepared again whenever a
// value is bound — every time it runs. The unary plus makes the operand
// an expression the planner does not look into, the index is used the
// same, and the cached statement is reused: a customer's orders, returns
// or points read in a third of the time (BENCHMARKS.md).
package sqlite

import (
	"context"
	"crypto/rand"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"runtime"
	"sort"
	"sync"
	"time"

	"github.com/mattn/go-sqlite3"

	"supportbot/storage"
)

//go:embed migrations/*.sql
var migrationFS embed.FS

// busyTimeout is how long a write waits for another process holding the
// database, such as an import running beside the server.
const busyTimeout = 10 * time.Second

// DB is the account store. It is safe for concurrent use.
type DB struct {
	write *sql.DB // one connection: writes are serialised in the pool
	read  *sql.DB // readers, concurrent with the writer thanks to WAL

	// checkpoint copies the write-ahead log into the database file in the
	// background (see checkpoint.go); nil for an in-memory database.
	checkpoint     *sql.DB
	stopCheckpoint chan struct{}
	checkpointDone chan struct{}
	stopOnce       sync.Once

	// group runs the units of work (WithTx) in shared transactions.
	group *groupCommit

	// Now gives the time stamped on records whose time the caller left
	// zero. Tests replace it.
	Now func() time.Time
}

// Open opens the database at path, creating it if needed, and brings its
// schema up to date. The path ":memory:" opens a private in-memory
// database, handy in tests.
func Open(ctx context.Context, path string) (*DB, error) {
	if path == "" {
		return nil, errors.New("open database: empty path")
	}
	db := &DB{Now: time.Now}
	if path == ":memory:" {
		// Every connection to ":memory:" is a separate database: use one.
		db.write = sql.OpenDB(newConnector(dsn(path, false), connPragmas))
		db.write.SetMaxOpenConns(1)
		db.read = db.write
	} else {
		if err := createPrivate(path); err != nil {
			return nil, fmt.Errorf("open database %s: %w", path, err)
		}
		db.write = sql.OpenDB(newConnector(dsn(path, false), writerPragmas))
		db.write.SetMaxOpenConns(1)
		db.read = sql.OpenDB(newConnector(dsn(path, true), connPragmas))
		n := max(4, runtime.GOMAXPROCS(0))
		db.read.SetMaxOpenConns(n)
		db.read.SetMaxIdleConns(n)
	}
	db.write.SetMaxIdleConns(1)
	db.group = newGroupCommit(db.write)
	if err := db.migrate(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("open database %s: %w", path, err)
	}
	if path != ":memory:" {
		db.checkpoint = sql.OpenDB(newConnector(dsn(path, false), connPragmas))
		db.checkpoint.SetMaxOpenConns(1)
		db.stopCheckpoint, db.checkpointDone = make(chan struct{}), make(chan struct{})
		go checkpointer(db.checkpoint, db.group.exclusive, db.stopCheckpoint, db.checkpointDone)
	}
	return db, nil
}

// createPrivate creates the database file, if it does not exist yet,
// readable by its owner only: it holds customers' data. SQLite gives the
// log and shared-memory files beside it (-wal, -shm) the same permissions.
// An existing file keeps its own.
func createPrivate(path string) error {
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o600)
	if errors.Is(err, os.ErrExist) {
		return nil
	}
	if err != nil {
		return err
	}
	return f.Close()
}

// dsn builds the driver's connection string. The path is escaped into a
// file: URI so that any file name works.
func dsn(path string, readOnly bool) string {
	v := url.Values{}
	v.Set("_busy_timeout", fmt.Sprint(busyTimeout.Milliseconds()))
	v.Set("_foreign_keys", "on")
	v.Set("_synchronous", "NORMAL")
	v.Set("_stmt_cache_size", "64")
	if readOnly {
		v.Set("_txlock", "deferred")
		v.Set("_query_only", "on")
	} else {
		v.Set("_journal_mode", "WAL")
		v.Set("_txlock", "immediate")
	}
	if path == ":memory:" {
		return "file::memory:?" + v.Encode()
	}
	return "file:" + (&url.URL{Path: path}).EscapedPath() + "?" + v.Encode()
}

// Close closes the database.
func (db *DB) Close() error {
	var err error
	if db.group != nil {
		db.group.close()
	}
	if db.checkpoint != nil {
		db.stopOnce.Do(func() { close(db.stopCheckpoint) })
		<-db.checkpointDone
		err = db.checkpoint.Close()
	}
	if db.read != nil && db.read != db.write {
		err = errors.Join(err, db.read.Close())
	}
	if db.write != nil {
		err = errors.Join(err, db.write.Close())
	}
	return err
}

// Ping checks that the database answers, for the readiness probe.
func (db *DB) Ping(ctx context.Context) error {
	var one int
	if err := db.read.QueryRowContext(ctx, `SELECT 1`).Scan(&one); err != nil {
		return fmt.Errorf("ping database: %w", err)
	}
	return nil
}

// migrate applies the embedded migrations not yet recorded in
// schema_migrations, each in its own transaction, in file-name order.
func (db *DB) migrate(ctx context.Context) error {
	if _, err := db.write.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (
		name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)`); err != nil {
		return fmt.Errorf("create schema_migrations: %w", err)
	}
	names, err := fs.Glob(migrationFS, "migrations/*.sql")
	if err != nil {
		return fmt.Errorf("list migrations: %w", err)
	}
	sort.Strings(names)
	for _, name := range names {
		if err := db.migrateFile(ctx, name); err != nil {
			return err
		}
	}
	return nil
}

func (db *DB) migrateFile(ctx context.Context, name string) error {
	return db.inTx(ctx, func(tx *sql.Tx) error {
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM schema_migrations WHERE name = ?`, name).Scan(&n); err != nil {
			return fmt.Errorf("check migration %s: %w", name, err)
		}
		if n > 0 {
			return nil
		}
		body, err := fs.ReadFile(migrationFS, name)
		if err != nil {
			return fmt.Errorf("read migration %s: %w", name, err)
		}
		if _, err := tx.ExecContext(ctx, string(body)); err != nil {
			return fmt.Errorf("apply migration %s: %w", name, err)
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO schema_migrations (name, applied_at) VALUES (?, ?)`,
			name, encodeTime(db.now())); err != nil {
			return fmt.Errorf("record migration %s: %w", name, err)
		}
		return nil
	})
}

// inTx runs fn in a write transaction, committed if fn returns nil and
// rolled back otherwise; within a unit of work (WithTx), under a savepoint
// of its transaction, committed with the unit.
func (db *DB) inTx(ctx context.Context, fn func(tx *sql.Tx) error) error {
	if st := db.txOf(ctx); st != nil {
		return st.savepoint(ctx, fn)
	}
	tx, err := db.write.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("begin: %w", err)
	}
	defer tx.Rollback()
	if err := fn(tx); err != nil {
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("commit: %w", err)
	}
	return nil
}

// inReadTx runs fn in a read transaction, so that what it reads in several
// queries (an order, then its items) is one consistent snapshot; within a
// unit of work whose transaction has begun, in that transaction.
func (db *DB) inReadTx(ctx context.Context, fn func(tx *sql.Tx) error) error {
	if st := db.txOf(ctx); st != nil {
		st.mu.Lock()
		tx, done := st.tx, st.done
		st.mu.Unlock()
		if tx != nil && !done {
			return fn(tx)
		}
	}
	tx, err := db.read.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("begin read: %w", err)
	}
	defer tx.Rollback()
	return fn(tx)
}

// now returns the current time in UTC.
func (db *DB) now() time.Time { return db.Now().UTC() }

// queryer is what both *sql.DB and *sql.Tx offer, so lookups can run inside
// or outside a transaction.
type queryer interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// isUniqueViolation reports whether err is a UNIQUE or PRIMARY KEY
// constraint failure.
func isUniqueViolation(err error) bool {
	var se sqlite3.Error
	if !errors.As(err, &se) {
		return false
	}
	return se.ExtendedCode == sqlite3.ErrConstraintUnique || se.ExtendedCode == sqlite3.ErrConstraintPrimaryKey
}

// notFound turns sql.ErrNoRows into storage.ErrNotFound.
func notFound(err error) error {
	if errors.Is(err, sql.ErrNoRows) {
		return storage.ErrNotFound
	}
	return err
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
