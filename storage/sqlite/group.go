package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"sync/atomic"
)

// groupCommit lets the units of work of many turns share one write
// transaction, committed once for all of them (group commit).
//
// SQLite has one writer. Under load every turn queued for it, and most of
// the time it held the writer went to BEGIN and COMMIT — the commit writes
// the pages the turn changed to the log, the same tail pages of the
// messages table and its index turn after turn — rather than to the turn's
// few inserts: at 100 conversations the engine spent most of its wall time
// waiting for the writer while the cores stayed partly idle. Here a unit
// takes the shared transaction in turn (a one-slot semaphore), runs its
// writes under a savepoint of its own, releases the savepoint and waits;
// one COMMIT then makes durable every unit released since the last one.
//
// What a unit sees and what it is told does not change: its writes are all
// committed or none is; a unit that fails is rolled back to its savepoint
// without touching the others; a unit returns only after its commit, so a
// reply is never sent for a turn that is not on disk. Units that ran in one
// transaction commit or fail together: if the COMMIT fails, every unit of
// the batch gets the error (none of their writes is kept).
//
// Batches form by themselves: when a unit ends it wakes the committer,
// which queues for the semaphore behind the units already waiting (a Go
// channel serves its waiters in order) and commits when its turn comes. At
// low load a batch is one unit and the commit follows at once; under load
// it holds the units that were queued meanwhile, never a unit that arrived
// after the committer.
type groupCommit struct {
	write *sql.DB
	sem   chan struct{} // one slot: who holds it uses tx alone
	kick  chan struct{} // a unit ended: commit when the slot comes
	stop  chan struct{}
	done  chan struct{}

	// Guarded by sem.
	tx   *sql.Tx
	open *batch // units released in tx, waiting for its commit
	// The statements that take and release a unit's savepoint: prepared
	// once on the writer (unit), and bound to each transaction (inTx).
	// Run through Exec, which does not use the driver's statement cache
	// for a statement without arguments, each was parsed and planned
	// again for every unit.
	unit, inTx unitStmts

	// Counters for metrics and benchmarks.
	commits, units atomic.Int64
}

// unitStmts are the two statements of a unit's savepoint.
type unitStmts struct{ take, release *sql.Stmt }

// unitName is the savepoint of every unit. Units follow one another in the
// transaction, never nest: one name serves them all, and their statements
// are prepared once.
const unitName = "unit"

// errClosed is returned to a unit of work that begins after Close.
var errClosed = errors.New("database closed")

// batch is the units released into one transaction, told its commit's
// outcome together.
type batch struct {
	done  chan struct{}
	err   error
	units int
}

func newGroupCommit(write *sql.DB) *groupCommit {
	g := &groupCommit{
		write: write,
		sem:   make(chan struct{}, 1),
		kick:  make(chan struct{}, 1),
		stop:  make(chan struct{}),
		done:  make(chan struct{}),
	}
	go g.committer()
	return g
}

// join waits for the shared transaction (or until ctx ends), begins it if
// none is open, and takes a savepoint for one unit of work. On success the
// caller holds the transaction until it calls end.
func (g *groupCommit) join(ctx context.Context) (*sql.Tx, string, error) {
	select {
	case <-g.stop:
		return nil, "", fmt.Errorf("begin: %w", errClosed)
	default:
	}
	select {
	case g.sem <- struct{}{}:
	case <-ctx.Done():
		return nil, "", fmt.Errorf("begin: %w", ctx.Err())
	case <-g.stop:
		return nil, "", fmt.Errorf("begin: %w", errClosed)
	}
	if g.tx == nil {
		if err := g.prepareUnit(); err != nil {
			g.release()
			return nil, "", fmt.Errorf("begin: %w", err)
		}
		// The transaction outlives the unit that began it: no
		// cancellation may roll it back under the others.
		tx, err := g.write.BeginTx(context.Background(), nil)
		if err != nil {
			g.release()
			return nil, "", fmt.Errorf("begin: %w", err)
		}
		// The writer has one connection, the transaction's: the
		// statements prepared on it are reused, not prepared again.
		g.tx = tx
		g.inTx = unitStmts{take: tx.Stmt(g.unit.take), release: tx.Stmt(g.unit.release)}
	}
	if _, err := g.inTx.take.Exec(); err != nil {
		g.fail(err)
		g.release()
		return nil, "", fmt.Errorf("savepoint: %w", err)
	}
	return g.tx, unitName, nil
}

// prepareUnit prepares the unit's statements on the writer, once. The
// caller holds sem, with no transaction open: the writer's one connection
// is free.
func (g *groupCommit) prepareUnit() error {
	if g.unit.take != nil {
		return nil
	}
	take, err := g.write.Prepare(`SAVEPOINT ` + unitName)
	if err != nil {
		return fmt.Errorf("prepare savepoint: %w", err)
	}
	release, err := g.write.Prepare(`RELEASE ` + unitName)
	if err != nil {
		take.Close()
		return fmt.Errorf("prepare release: %w", err)
	}
	g.unit = unitStmts{take: take, release: release}
	return nil
}

// closeTx forgets the transaction ended, and its forms of the unit's
// statements (database/sql closed them with it); the caller holds sem.
func (g *groupCommit) closeTx() {
	g.tx, g.inTx = nil, unitStmts{}
}

// end closes the unit that holds the transaction under savepoint name:
// rolled back to it if failed is not nil (and failed returned), else
// released into the open batch and, once that is committed, the commit's
// outcome returned.
func (g *groupCommit) end(name string, failed error) error {
	if failed != nil {
		_, err := g.tx.Exec(`ROLLBACK TO ` + name)
		if err == nil {
			_, err = g.tx.Exec(`RELEASE ` + name)
		}
		if err != nil {
			// The transaction is in an unknown state: the batch cannot
			// be committed.
			g.fail(fmt.Errorf("roll back a unit of work: %w", err))
		}
		g.release()
		return failed
	}
	if _, err := g.inTx.release.Exec(); err != nil {
		err = fmt.Errorf("release a unit of work: %w", err)
		g.fail(err)
		g.release()
		return err
	}
	b := g.open
	if b == nil {
		b = &batch{done: make(chan struct{})}
		g.open = b
	}
	b.units++
	select {
	case <-g.stop:
		// The committer has stopped or is stopping: commit now rather
		// than wait for it.
		g.commit()
		<-g.sem
	default:
		g.release()
	}
	<-b.done
	if b.err != nil {
		return fmt.Errorf("commit: %w", b.err)
	}
	return nil
}

// release frees the transaction for the next unit and wakes the committer.
func (g *groupCommit) release() {
	<-g.sem
	select {
	case g.kick <- struct{}{}:
	default: // already woken
	}
}

// fail rolls the whole transaction back and fails its batch; the caller
// holds sem.
func (g *groupCommit) fail(err error) {
	if g.tx == nil {
		return
	}
	g.tx.Rollback()
	g.closeTx()
	if b := g.open; b != nil {
		g.open = nil
		b.err = err
		close(b.done)
	}
}

// commit commits the open transaction and tells its batch; the caller
// holds sem.
func (g *groupCommit) commit() {
	if g.tx == nil {
		return
	}
	b := g.open
	if b == nil {
		// Only failed units ran: nothing to keep.
		g.tx.Rollback()
		g.closeTx()
		return
	}
	err := g.tx.Commit()
	g.closeTx()
	g.open = nil
	if err == nil {
		g.commits.Add(1)
		g.units.Add(int64(b.units))
	}
	b.err = err
	close(b.done)
}

func (g *groupCommit) committer() {
	defer close(g.done)
	for {
		stopping := false
		select {
		case <-g.kick:
		case <-g.stop:
			// The units that ended before Close are committed; join
			// refuses new ones.
			stopping = true
		}
		release := g.exclusive()
		release()
		if stopping {
			return
		}
	}
}

// exclusive waits for the writer slot, commits what is pending and keeps
// the slot, with no transaction open, until release is called: for work
// that needs SQLite's write lock on another connection (a restart
// checkpoint). While it is held, units of work wait in order.
func (g *groupCommit) exclusive() (release func()) {
	g.sem <- struct{}{}
	g.commit()
	return func() { <-g.sem }
}

// GroupCommits returns how many shared write transactions were committed
// and how many units of work they held, for the metrics.
func (db *DB) GroupCommits() (commits, units int64) {
	return db.group.commits.Load(), db.group.units.Load()
}

// close commits what is pending and stops the committer.
func (g *groupCommit) close() {
	select {
	case <-g.stop:
	default:
		close(g.stop)
	}
	<-g.done
	// Units that began before Close end and commit by themselves; none
	// begins after. Wait for the slot, then close the unit's statements
	// so that the writer's connection closes cleanly.
	g.sem <- struct{}{}
	for _, st := range []*sql.Stmt{g.unit.take, g.unit.release} {
		if st != nil {
			st.Close()
		}
	}
	g.unit = unitStmts{}
	<-g.sem
}
