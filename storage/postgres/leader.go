package postgres

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/jackc/pgx/v5"
)

// LeadInterval is how often a replica that does not lead tries to take the
// lead, and how often the leader checks that its lock still holds: the
// bound on how long a channel stays without its runner after the leader
// dies (the database frees a dead replica's lock as soon as its connection
// drops, which a killed process's does at once).
const LeadInterval = time.Second

// fenceDelay is how long a replica that has just taken the lead waits
// before running: the longest a previous leader that lost its connection
// may take to notice and stop (a ping every LeadInterval, each given
// LeadInterval to answer).
const fenceDelay = 2 * LeadInterval

// Lead runs run while this process leads name among every process on the
// database, and waits its turn otherwise: for the channels that allow one
// connection per token (Telegram long polling, the Discord gateway), which
// must run on one replica at a time.
//
// The lead is a session advisory lock held on a connection of its own,
// outside the pool: the database releases it when that connection ends,
// whether the replica stops, dies or loses the network. The leader pings
// its connection every LeadInterval and cancels run's context when the
// connection fails, since another replica may then take the lead; Lead
// then competes for the lead again. A new leader waits fenceDelay before
// it runs, for a previous leader cut off from the database to notice and
// stop: failover takes two to three seconds. It returns ctx's error when ctx ends,
// or run's error when run fails while still leading.
func (db *DB) Lead(ctx context.Context, name string, run func(ctx context.Context) error) error {
	key := lockKey("lead:" + name)
	for {
		conn, err := db.tryLead(ctx, key)
		if err != nil && ctx.Err() == nil {
			db.log().Warn("lead: cannot reach the database", "name", name, "err", err)
		}
		if conn == nil {
			select {
			case <-ctx.Done():
				return ctx.Err()
			case <-time.After(LeadInterval):
				continue
			}
		}
		// A leader cut off from the database (rather than dead) still runs
		// until its next ping fails: wait that long before running, so that
		// two replicas never run at once.
		select {
		case <-ctx.Done():
			conn.Close(context.WithoutCancel(ctx))
			return ctx.Err()
		case <-time.After(fenceDelay):
		}
		db.log().Info("lead: this replica leads", "name", name)
		lost, err := db.leadWith(ctx, conn, run)
		conn.Close(context.WithoutCancel(ctx)) // frees the lock if the connection still lives
		switch {
		case ctx.Err() != nil:
			return ctx.Err()
		case lost:
			db.log().Warn("lead: lock lost, competing again", "name", name, "err", err)
		default:
			return err
		}
	}
}

// tryLead opens a connection and tries to take the lock on it; it returns
// the connection holding the lock, or nil.
func (db *DB) tryLead(ctx context.Context, key int64) (*pgx.Conn, error) {
	conn, err := pgx.ConnectConfig(ctx, db.pool.Config().ConnConfig.Copy())
	if err != nil {
		return nil, fmt.Errorf("connect: %w", err)
	}
	var got bool
	if err := conn.QueryRow(ctx, `SELECT pg_try_advisory_lock($1)`, key).Scan(&got); err != nil || !got {
		conn.Close(context.WithoutCancel(ctx))
		return nil, err
	}
	return conn, nil
}

// leadWith runs run while conn, which holds the lock, answers; lost says
// whether run was stopped because it no longer did.
func (db *DB) leadWith(ctx context.Context, conn *pgx.Conn, run func(ctx context.Context) error) (lost bool, err error) {
	runCtx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	errLost := errors.New("lead lost")
	watched := make(chan struct{})
	go func() {
		defer close(watched)
		t := time.NewTicker(LeadInterval)
		defer t.Stop()
		for {
			select {
			case <-runCtx.Done():
				return
			case <-t.C:
			}
			pingCtx, done := context.WithTimeout(runCtx, LeadInterval)
			err := conn.Ping(pingCtx)
			done()
			if err != nil && runCtx.Err() == nil {
				cancel(fmt.Errorf("%w: %w", errLost, err))
				return
			}
		}
	}()
	err = run(runCtx)
	cause := context.Cause(runCtx)
	cancel(nil)
	<-watched
	if errors.Is(cause, errLost) {
		return true, cause
	}
	return false, err
}

// log is where Lead says who leads: DB.Log, or nowhere.
func (db *DB) log() *slog.Logger {
	if db.Log != nil {
		return db.Log
	}
	return slog.New(slog.DiscardHandler)
}
