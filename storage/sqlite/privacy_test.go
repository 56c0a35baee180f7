package sqlite

import (
	"context"
	"os"
	"path/filepath"
	"syscall"
	"testing"

	"supportbot/storage"
)

// Issue 11, finding 6: the database and its log files are readable by
// their owner only, whatever the umask.
func TestDatabaseFilesArePrivate(t *testing.T) {
	old := syscall.Umask(0o022)
	defer syscall.Umask(old)
	path := filepath.Join(t.TempDir(), "private.db")
	db := mustOpenPath(t, path)
	if _, err := db.SaveTurn(context.Background(), storage.Conversation{ID: "web:x", Channel: "web"},
		[]storage.Message{{From: storage.FromCustomer, Text: "bonjour"}}); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{path, path + "-wal", path + "-shm"} {
		fi, err := os.Stat(name)
		if err != nil {
			t.Fatal(err)
		}
		if perm := fi.Mode().Perm(); perm != 0o600 {
			t.Errorf("%s: mode %o, want 600", filepath.Base(name), perm)
		}
	}
}
