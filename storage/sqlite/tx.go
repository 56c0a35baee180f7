package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"sync"
)

// WithTx runs fn as one unit of work: every write that fn's context reaches
// — the engine's turn saving its conversation, a return, a ticket, a
// verification attempt, the delivery it consumed and the replies it queued —
// is committed together when fn returns nil, and none of it otherwise.
//
// The write transaction begins lazily, at the first write: until then the
// reads of fn go to the read pool, as outside a transaction, so a turn that
// only answers a question holds the single writer for the few
// milliseconds of its final save, not for its whole parsing and
// reasoning. From the first write on, every read through the context goes
// to the transaction and sees its writes. The checks that must be atomic
// (a return against the quantities already returned, a cancellation
// against the order's status, a verification attempt against the recent
// failures) run inside it as they do outside.
//
// A store method that fails inside the unit undoes only its own writes (it
// runs under a savepoint), so that fn can tell the customer "already
// returned" and still commit the rest of the turn.
//
// The transaction travels in the context rather than in a second store
// value so that the engine keeps the one Store interface, and so that any
// store call made with the turn's context — never one made with another
// context — lands in the transaction: a call with the turn's context can
// never wait for the writer the turn itself holds. A nested WithTx joins
// the unit of work already under way.
//
// Units of several turns share one transaction, each under a savepoint of
// its own, and are committed together (group commit, see groupCommit):
// WithTx returns once the unit's writes are committed, or with the error
// that kept them from it.
func (db *DB) WithTx(ctx context.Context, fn func(ctx context.Context) error) (err error) {
	if st := db.txOf(ctx); st != nil {
		return fn(ctx)
	}
	st := &txState{db: db, wait: ctx}
	defer func() {
		st.mu.Lock()
		st.done = true
		tx := st.tx
		st.mu.Unlock()
		if tx != nil {
			err = db.group.end(st.name, err)
		}
	}()
	defer func() {
		// A panic in fn must not leave the writer held: roll back, then
		// let the panic go on.
		if p := recover(); p != nil {
			err = fmt.Errorf("unit of work panicked: %v", p)
			panic(p)
		}
	}()
	// The unit's statements run in a transaction other units share (see
	// groupCommit): a cancellation must not interrupt one of them, as
	// SQLite then rolls back the whole transaction. Waiting for the
	// writer still ends with ctx (st.wait).
	return fn(context.WithValue(context.WithoutCancel(ctx), txKey{}, st))
}

// errTxDone is returned for a store call made with the context of a unit of
// work that already ended: beginning a transaction then would hold the
// writer with nobody left to commit it.
var errTxDone = errors.New("unit of work already ended")

type txKey struct{}

// txState is one unit of work's transaction, begun at its first write.
type txState struct {
	db   *DB
	wait context.Context // ends the wait for the writer
	mu   sync.Mutex
	tx   *sql.Tx // the shared transaction, once the unit holds it
	name string  // the unit's savepoint in tx
	done bool
	sp   int // savepoints taken, to name the next one
}

// begun reports whether the unit's transaction has begun (it has written).
func (st *txState) begun() bool {
	st.mu.Lock()
	defer st.mu.Unlock()
	return st.tx != nil
}

// txOf returns the unit of work of ctx on this database, or nil.
func (db *DB) txOf(ctx context.Context) *txState {
	st, _ := ctx.Value(txKey{}).(*txState)
	if st == nil || st.db != db {
		return nil
	}
	return st
}

// conn is what both *sql.DB and *sql.Tx offer.
type conn interface {
	queryer
	execer
}

// reader returns where ctx reads: its unit of work's transaction once it
// has begun, else the read pool.
func (db *DB) reader(ctx context.Context) queryer {
	if st := db.txOf(ctx); st != nil {
		st.mu.Lock()
		defer st.mu.Unlock()
		if st.tx != nil && !st.done {
			return st.tx
		}
	}
	return db.read
}

// writer returns where ctx writes: its unit of work's transaction, begun
// now if needed, else the write pool (one statement, its own transaction).
func (db *DB) writer(ctx context.Context) (conn, error) {
	st := db.txOf(ctx)
	if st == nil {
		return db.write, nil
	}
	return st.begin(ctx)
}

func (st *txState) begin(ctx context.Context) (*sql.Tx, error) {
	st.mu.Lock()
	defer st.mu.Unlock()
	if st.done {
		return nil, errTxDone
	}
	if st.tx == nil {
		tx, name, err := st.db.group.join(st.wait)
		if err != nil {
			return nil, err
		}
		st.tx, st.name = tx, name
	}
	return st.tx, nil
}

// savepoint runs fn under a savepoint of the unit of work's transaction:
// fn's writes are undone if it fails, the unit's earlier writes kept.
// SAVEPOINT is plain SQL that PostgreSQL has too.
func (st *txState) savepoint(ctx context.Context, fn func(tx *sql.Tx) error) error {
	first := !st.begun()
	tx, err := st.begin(ctx)
	if err != nil {
		return err
	}
	if first {
		// The unit's first write: the unit's own savepoint, just taken,
		// marks where it began, and rolling back to it undoes this step
		// alone (the savepoint stays, for the unit's end). Two statements
		// fewer while the writer is held.
		if err := fn(tx); err != nil {
			if _, rerr := tx.ExecContext(ctx, `ROLLBACK TO `+st.name); rerr != nil {
				return errors.Join(err, fmt.Errorf("rollback to savepoint: %w", rerr))
			}
			return err
		}
		return nil
	}
	st.mu.Lock()
	st.sp++
	name := fmt.Sprintf("sp%d", st.sp)
	st.mu.Unlock()
	if _, err := tx.ExecContext(ctx, `SAVEPOINT `+name); err != nil {
		return fmt.Errorf("savepoint: %w", err)
	}
	if err := fn(tx); err != nil {
		if _, rerr := tx.ExecContext(ctx, `ROLLBACK TO `+name); rerr != nil {
			return errors.Join(err, fmt.Errorf("rollback to savepoint: %w", rerr))
		}
		tx.ExecContext(ctx, `RELEASE `+name)
		return err
	}
	if _, err := tx.ExecContext(ctx, `RELEASE `+name); err != nil {
		return fmt.Errorf("release savepoint: %w", err)
	}
	return nil
}

// exec runs one write statement where ctx writes.
func (db *DB) exec(ctx context.Context, query string, args ...any) (sql.Result, error) {
	w, err := db.writer(ctx)
	if err != nil {
		return nil, err
	}
	return w.ExecContext(ctx, query, args...)
}
