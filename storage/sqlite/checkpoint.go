package sqlite

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"fmt"
	"time"

	"github.com/mattn/go-sqlite3"
)

// checkpointEvery is how often the background checkpointer copies the
// write-ahead log into the database file.
const checkpointEvery = 250 * time.Millisecond

// connector opens connections that run pragmas first: those SQLite keeps
// per connection, which the driver's connection string cannot set.
type connector struct {
	dsn string
	drv *sqlite3.SQLiteDriver
}

func newConnector(dsn, pragmas string) connector {
	return connector{dsn: dsn, drv: &sqlite3.SQLiteDriver{
		ConnectHook: func(c *sqlite3.SQLiteConn) error {
			_, err := c.Exec(pragmas, nil)
			return err
		},
	}}
}

func (c connector) Connect(context.Context) (driver.Conn, error) { return c.drv.Open(c.dsn) }
func (c connector) Driver() driver.Driver                        { return c.drv }

// connPragmas are set on every connection. SQLite writes the journal of
// a statement inside a larger transaction (each write of a turn, under the
// group's savepoints) to a temporary file unless told to keep it in
// memory: about 460 file writes a second at saturation (counted with
// strace), for data that never outlives the statement.
const connPragmas = "PRAGMA temp_store = MEMORY"

// writerPragmas open the writer's connection with SQLite's automatic
// checkpoints turned off. An automatic checkpoint runs inside the commit
// that crosses the log's size limit and syncs the database file: every
// write queued behind that commit waits for the disk (several
// milliseconds here, more on a busy disk). The checkpointer below does the
// same work on its own connection, beside the writer rather than in its
// way.
var writerPragmas = fmt.Sprintf("%s; PRAGMA wal_autocheckpoint = 0; PRAGMA journal_size_limit = %d", connPragmas, journalSizeLimit)

// restartFrames is the log length, in pages, above which the checkpointer
// makes room for the log to start over. A passive checkpoint copies pages
// but never waits, and as long as some reader is in the middle of a query
// the writer can't go back to the start of the log: under steady traffic
// the log would grow without end (1 GB after 50,000 messages) and every
// read would slow down with it.
//
// A restart holds the writer while it copies what the last passive
// checkpoint left and syncs the database file: 15–30 ms on the project's
// machine, whatever the log's length, and longer the more was left. Short
// and frequent is better than long and rare for the slowest messages: at
// 2,000 messages a second (about 13,000 pages a second), 99th percentile
// 13 ms with 2,048 pages, 13–21 ms with 4,096, 33 ms with 16,384, 170 ms
// with 65,536 (BENCHMARKS.md).
const restartFrames = 2048

// journalSizeLimit is what the log file is cut back to once it starts
// over, so that a burst does not leave a huge file behind.
const journalSizeLimit = 64 << 20

// checkpointer runs checkpoints on its own connection until stop is
// closed, then a last one that empties the log. Passive checkpoints never
// wait for readers or the writer; when the log has grown past
// restartFrames anyway, a restart checkpoint waits for the readers of old
// pages to finish (a few milliseconds: reads are short) so that the writer
// starts the log over.
//
// A restart checkpoint holds SQLite's write lock while it runs: a writer
// arriving then would wait in SQLite's busy handler, which sleeps 1, 2, 5,
// 10… milliseconds between tries, tens of milliseconds in all. So the
// restart takes the group's writer slot first (exclusive): the units of
// work queue for it in order and go on the moment it is done.
func checkpointer(conn *sql.DB, exclusive func() (release func()), stop <-chan struct{}, done chan<- struct{}) {
	defer close(done)
	tick := time.NewTicker(checkpointEvery)
	defer tick.Stop()
	for {
		select {
		case <-stop:
			// Best effort: the log is replayed on the next open anyway.
			_, _ = conn.Exec("PRAGMA wal_checkpoint(TRUNCATE)")
			return
		case <-tick.C:
			var busy, logFrames, copied int
			err := conn.QueryRow("PRAGMA wal_checkpoint(PASSIVE)").Scan(&busy, &logFrames, &copied)
			if err == nil && logFrames >= restartFrames {
				// Copy again what was written during that copy, while the
				// writers go on: the restart, which holds them, then has
				// little left to copy and sync.
				for range 2 {
					before := logFrames
					if conn.QueryRow("PRAGMA wal_checkpoint(PASSIVE)").Scan(&busy, &logFrames, &copied) != nil ||
						logFrames-before < 64 {
						break
					}
				}
				release := exclusive()
				_, _ = conn.Exec("PRAGMA wal_checkpoint(RESTART)")
				release()
			}
		}
	}
}
