package postgres

import (
	"context"
	"errors"
	"fmt"
	"sync"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
)

// WithTx runs fn as one unit of work: every write that fn's context reaches
// — the engine's turn saving its conversation, a return, a ticket, a
// verification attempt, the delivery it consumed and the replies it queued —
// is committed together when fn returns nil, and none of it otherwise.
//
// The transaction begins lazily, at the first write (or at
// LockConversation): until then the reads of fn go to the pool, as outside
// a unit, so that a turn that only answers a question holds a connection
// for its final save only. From then on every call made with the context
// goes through the transaction and sees its writes.
//
// A store method that fails inside the unit undoes only its own writes: it
// runs under a SAVEPOINT, rolled back on failure, so that fn can tell the
// customer "already returned" and still commit the rest of the turn (in
// PostgreSQL a failed statement would otherwise spoil the whole
// transaction).
//
// The transaction travels in the context, as in storage/sqlite, so that the
// engine keeps one Store interface. A nested WithTx joins the unit already
// under way. The unit's calls are serialised: a transaction is one
// connection, which runs one statement at a time.
func (db *DB) WithTx(ctx context.Context, fn func(ctx context.Context) error) (err error) {
	if st := db.txOf(ctx); st != nil {
		return fn(ctx)
	}
	st := &txState{db: db}
	defer func() {
		st.mu.Lock()
		defer st.mu.Unlock()
		st.done = true
		if st.tx == nil {
			return
		}
		end := context.WithoutCancel(ctx)
		if err != nil {
			st.tx.Rollback(end)
			return
		}
		if cerr := st.tx.Commit(end); cerr != nil {
			err = fmt.Errorf("commit: %w", cerr)
		}
	}()
	defer func() {
		// A panic in fn must not leave the transaction open: roll back,
		// then let the panic go on.
		if p := recover(); p != nil {
			err = fmt.Errorf("unit of work panicked: %v", p)
			panic(p)
		}
	}()
	return fn(context.WithValue(ctx, txKey{}, st))
}

// LockConversation makes the unit of work of ctx the only one running for
// this conversation, on any replica sharing the database, until it ends:
// it begins the unit's transaction and takes a transaction-scoped advisory
// lock (pg_advisory_xact_lock) on the conversation's ID, waiting while
// another unit holds it. The lock goes with the commit or the rollback, so
// a replica that dies mid-turn releases it with its connection.
//
// The engine calls it first thing in a turn, inside WithTx, so that two
// messages of one conversation arriving at two replicas are answered one
// after the other, the second seeing the state the first saved. Outside a
// unit of work it fails: a lock released at once would protect nothing.
// Waiting ends with ctx.
func (db *DB) LockConversation(ctx context.Context, id string) error {
	st := db.txOf(ctx)
	if st == nil {
		return errors.New("lock conversation: outside a unit of work")
	}
	tx, err := st.begin(ctx)
	if err != nil {
		return fmt.Errorf("lock conversation: %w", err)
	}
	st.use.Lock()
	defer st.use.Unlock()
	if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock($1)`, lockKey("conversation:"+id)); err != nil {
		return fmt.Errorf("lock conversation: %w", err)
	}
	return nil
}

// errTxDone is returned for a store call made with the context of a unit of
// work that already ended: beginning a transaction then would hold a
// connection with nobody left to commit it.
var errTxDone = errors.New("unit of work already ended")

type txKey struct{}

// txState is one unit of work's transaction, begun at its first write.
type txState struct {
	db   *DB
	mu   sync.Mutex // guards tx and done
	tx   pgx.Tx
	done bool
	use  sync.Mutex // held while a call uses tx
}

// txOf returns the unit of work of ctx on this database, or nil.
func (db *DB) txOf(ctx context.Context) *txState {
	st, _ := ctx.Value(txKey{}).(*txState)
	if st == nil || st.db != db {
		return nil
	}
	return st
}

// begun returns the unit's transaction if it has begun and not ended.
func (st *txState) begun() pgx.Tx {
	st.mu.Lock()
	defer st.mu.Unlock()
	if st.done {
		return nil
	}
	return st.tx
}

func (st *txState) begin(ctx context.Context) (pgx.Tx, error) {
	st.mu.Lock()
	defer st.mu.Unlock()
	if st.done {
		return nil, errTxDone
	}
	if st.tx == nil {
		tx, err := st.db.pool.Begin(ctx)
		if err != nil {
			return nil, fmt.Errorf("begin: %w", err)
		}
		st.tx = tx
	}
	return st.tx, nil
}

// read runs fn where ctx reads: its unit of work's transaction once it has
// begun, else the pool (each statement its own snapshot).
func (db *DB) read(ctx context.Context, fn func(q querier) error) error {
	if st := db.txOf(ctx); st != nil {
		if tx := st.begun(); tx != nil {
			st.use.Lock()
			defer st.use.Unlock()
			return fn(tx)
		}
	}
	return fn(db.pool)
}

// snapshot runs fn's several queries on one consistent snapshot: in the
// unit of work's transaction once it has begun, else in a read-only
// REPEATABLE READ transaction.
func (db *DB) snapshot(ctx context.Context, fn func(q querier) error) error {
	if st := db.txOf(ctx); st != nil {
		if tx := st.begun(); tx != nil {
			st.use.Lock()
			defer st.use.Unlock()
			return fn(tx)
		}
	}
	return pgx.BeginTxFunc(ctx, db.pool, pgx.TxOptions{IsoLevel: pgx.RepeatableRead, AccessMode: pgx.ReadOnly},
		func(tx pgx.Tx) error { return fn(tx) })
}

// write runs fn in a transaction, committed if fn returns nil and rolled
// back otherwise; within a unit of work, under a savepoint of its
// transaction, committed with the unit.
func (db *DB) write(ctx context.Context, fn func(tx pgx.Tx) error) error {
	st := db.txOf(ctx)
	if st == nil {
		return pgx.BeginFunc(ctx, db.pool, fn)
	}
	tx, err := st.begin(ctx)
	if err != nil {
		return err
	}
	st.use.Lock()
	defer st.use.Unlock()
	// Begin on a transaction is a SAVEPOINT; its Commit a RELEASE, its
	// Rollback a ROLLBACK TO.
	return pgx.BeginFunc(ctx, tx, fn)
}

// exec runs one write statement: on its own outside a unit of work, under
// a savepoint of the unit's transaction inside one.
func (db *DB) exec(ctx context.Context, query string, args ...any) (pgconn.CommandTag, error) {
	if db.txOf(ctx) == nil {
		return db.pool.Exec(ctx, query, args...)
	}
	var tag pgconn.CommandTag
	err := db.write(ctx, func(tx pgx.Tx) error {
		var err error
		tag, err = tx.Exec(ctx, query, args...)
		return err
	})
	return tag, err
}

// sendBatch runs a batch of statements in one round trip, as one
// transaction: outside a unit of work, the batch's implicit transaction
// (one Sync for all); inside one, under a savepoint of the unit's.
func (db *DB) sendBatch(ctx context.Context, b *pgx.Batch) error {
	if db.txOf(ctx) == nil {
		return db.pool.SendBatch(ctx, b).Close()
	}
	return db.write(ctx, func(tx pgx.Tx) error { return tx.SendBatch(ctx, b).Close() })
}

// statement runs fn, a writing statement that returns rows, on its own
// outside a unit of work, under a savepoint of the unit's transaction
// inside one.
func (db *DB) statement(ctx context.Context, fn func(q querier) error) error {
	if db.txOf(ctx) == nil {
		return fn(db.pool)
	}
	return db.write(ctx, func(tx pgx.Tx) error { return fn(tx) })
}
