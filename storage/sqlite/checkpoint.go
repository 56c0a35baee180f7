package sqlite

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"time"

	"github.com/mattn/go-sqlite3"
)

// checkpointEvery is how often the background checkpointer copies the
// write-ahead log into the database file.
const checkpointEvery = 250 * time.Millisecond

// writerConnector opens the writer's connection with SQLite's automatic
// checkpoints turned off. An automatic checkpoint runs inside the commit
// that crosses the log's size limit and syncs the database file: every
// write queued behind that commit waits for the disk (several
// milliseconds here, more on a busy disk). The checkpointer below does the
// same work on its own connection, beside the writer rather than in its
// way.
type writerConnector struct {
	dsn string
	drv *sqlite3.SQLiteDriver
}

func newWriterConnector(dsn string) writerConnector {
	return writerConnector{dsn: dsn, drv: &sqlite3.SQLiteDriver{
		ConnectHook: func(c *sqlite3.SQLiteConn) error {
			_, err := c.Exec("PRAGMA wal_autocheckpoint = 0", nil)
			return err
		},
	}}
}

func (c writerConnector) Connect(context.Context) (driver.Conn, error) { return c.drv.Open(c.dsn) }
func (c writerConnector) Driver() driver.Driver                        { return c.drv }

// checkpointer runs passive checkpoints on its own connection until stop
// is closed, then a last one that empties the log. A passive checkpoint
// never waits for readers or the writer; what it can't copy yet is copied
// by the next.
func checkpointer(conn *sql.DB, stop <-chan struct{}, done chan<- struct{}) {
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
			_, _ = conn.Exec("PRAGMA wal_checkpoint(PASSIVE)")
		}
	}
}
