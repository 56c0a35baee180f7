package sqlite

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"supportbot/storage"
	"supportbot/storage/storetest"
)

// crashEnv names the database the crash child imports into.
const crashEnv = "SUPPORTBOT_TEST_CRASH_DB"

// TestImportKilledMidway imports a large file in a child process, kills it
// with SIGKILL while its transaction is being written, and checks that the
// database, reopened, is exactly what it was before the import began.
func TestImportKilledMidway(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a child process")
	}
	path := filepath.Join(t.TempDir(), "shop.db")
	before := prepareCrashDatabase(t, path)

	cmd := exec.Command(os.Args[0], "-test.run=^TestImportCrashChild$", "-test.v")
	cmd.Env = append(os.Environ(), crashEnv+"="+path)
	cmd.Stderr = os.Stderr
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	if !waitForLine(out, "importing") {
		cmd.Process.Kill()
		cmd.Wait()
		t.Fatal("the child did not start importing")
	}
	walGrew := waitForWAL(path+"-wal", 4<<20, 2*time.Minute)
	cmd.Process.Kill()
	err = cmd.Wait()
	var exit *exec.ExitError
	if !errors.As(err, &exit) || exit.Sys().(syscall.WaitStatus).Signal() != syscall.SIGKILL {
		t.Fatalf("child ended with %v before it was killed: make the generated file larger", err)
	}
	if !walGrew {
		t.Fatal("the write-ahead log never grew: the child was not inside its transaction")
	}

	db := mustOpenPath(t, path)
	var check string
	if err := db.read.QueryRow(`PRAGMA integrity_check`).Scan(&check); err != nil || check != "ok" {
		t.Errorf("integrity_check = %q, %v", check, err)
	}
	if diff := cmp.Diff(before, dump(t, db)); diff != "" {
		t.Errorf("the killed import left changes (-before +after):\n%s", diff)
	}
}

// prepareCrashDatabase fills the database with a known dataset, closes it
// and returns its dump.
func prepareCrashDatabase(tb testing.TB, path string) string {
	tb.Helper()
	ctx := context.Background()
	db := mustOpenPath(tb, path)
	if _, err := db.Import(ctx, mustDecode(tb, "testdata/seed.json")); err != nil {
		tb.Fatal(err)
	}
	storetest.MustReturnEarrings(tb, db)
	if _, err := db.SaveTurn(ctx, storage.Conversation{ID: "web:x", Channel: "web"},
		[]storage.Message{{From: storage.FromCustomer, Text: "hello"}}); err != nil {
		tb.Fatal(err)
	}
	before := dump(tb, db)
	if err := db.Close(); err != nil {
		tb.Fatal(err)
	}
	return before
}

func waitForLine(out interface{ Read([]byte) (int, error) }, want string) bool {
	sc := bufio.NewScanner(out)
	for sc.Scan() {
		if strings.Contains(sc.Text(), want) {
			go func() {
				for sc.Scan() {
				}
			}()
			return true
		}
	}
	return false
}

// waitForWAL polls the write-ahead log until it is larger than size: the
// transaction has spilled pages to it, so it is well under way.
func waitForWAL(path string, size int64, timeout time.Duration) bool {
	deadline := time.Now().Add(timeout)
	for time.Now().Before(deadline) {
		if fi, err := os.Stat(path); err == nil && fi.Size() > size {
			return true
		}
		time.Sleep(5 * time.Millisecond)
	}
	return false
}

// TestImportCrashChild is the child of TestImportKilledMidway; it does
// nothing in a normal run.
func TestImportCrashChild(t *testing.T) {
	path := os.Getenv(crashEnv)
	if path == "" {
		t.Skip("run by TestImportKilledMidway")
	}
	f := storetest.GenShop(20_000, 50_000)
	db, err := Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	fmt.Println("importing")
	if _, err := db.Import(context.Background(), f); err != nil {
		t.Fatal(err)
	}
	fmt.Println("finished")
}
