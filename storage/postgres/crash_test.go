package postgres

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"supportbot/storage"
	"supportbot/storage/storetest"
)

// crashEnv gives the crash child the URL of the database it imports into.
const crashEnv = "SUPPORTBOT_TEST_CRASH_PG"

// crashApp is the crash child's application_name, by which the parent
// finds its session.
const crashApp = "supportbot-crash-child"

// TestImportKilledMidway imports a large file in a child process, kills it
// with SIGKILL once its transaction has written, and checks that the
// database is exactly what it was before the import began, and that
// nothing of the child is left holding locks.
func TestImportKilledMidway(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a child process")
	}
	url := newDatabase(t)
	db := mustOpenURL(t, url)
	before := prepareCrashDatabase(t, db)

	cmd := exec.Command(os.Args[0], "-test.run=^TestImportCrashChild$", "-test.v")
	cmd.Env = append(os.Environ(), crashEnv+"="+url+"&application_name="+crashApp)
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
	wrote := waitForWrite(t, db, 2*time.Minute)
	cmd.Process.Kill()
	err = cmd.Wait()
	var exit *exec.ExitError
	if !errors.As(err, &exit) || exit.Sys().(syscall.WaitStatus).Signal() != syscall.SIGKILL {
		t.Fatalf("child ended with %v before it was killed: make the generated file larger", err)
	}
	if !wrote {
		t.Fatal("the child's transaction never wrote")
	}
	if diff := cmp.Diff(before, dump(t, db)); diff != "" {
		t.Errorf("the killed import left changes (-before +after):\n%s", diff)
	}
	deadline := time.Now().Add(30 * time.Second)
	for sessions(t, db) > 0 {
		if time.Now().After(deadline) {
			t.Fatal("the killed child's session is still open")
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// waitForWrite polls until the child's session has a transaction ID: its
// transaction has written.
func waitForWrite(t *testing.T, db *DB, timeout time.Duration) bool {
	deadline := time.Now().Add(timeout)
	for time.Now().Before(deadline) {
		var n int
		err := db.pool.QueryRow(context.Background(), `SELECT COUNT(*) FROM pg_stat_activity
			WHERE application_name = $1 AND backend_xid IS NOT NULL`, crashApp).Scan(&n)
		if err != nil {
			t.Fatal(err)
		}
		if n > 0 {
			return true
		}
		time.Sleep(5 * time.Millisecond)
	}
	return false
}

func sessions(t *testing.T, db *DB) int {
	var n int
	if err := db.pool.QueryRow(context.Background(), `SELECT COUNT(*) FROM pg_stat_activity WHERE application_name = $1`,
		crashApp).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// prepareCrashDatabase fills the database with a known dataset and
// returns its dump.
func prepareCrashDatabase(tb testing.TB, db *DB) string {
	tb.Helper()
	ctx := context.Background()
	if _, err := db.Import(ctx, mustDecode(tb, "testdata/seed.json")); err != nil {
		tb.Fatal(err)
	}
	storetest.MustReturnEarrings(tb, db)
	if _, err := db.SaveTurn(ctx, storage.Conversation{ID: "web:x", Channel: "web"},
		[]storage.Message{{From: storage.FromCustomer, Text: "hello"}}); err != nil {
		tb.Fatal(err)
	}
	return dump(tb, db)
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

// TestImportCrashChild is the child of TestImportKilledMidway; it does
// nothing in a normal run.
func TestImportCrashChild(t *testing.T) {
	url := os.Getenv(crashEnv)
	if url == "" {
		t.Skip("run by TestImportKilledMidway")
	}
	f := storetest.GenShop(20_000, 50_000)
	db, err := Open(context.Background(), url)
	if err != nil {
		t.Fatal(err)
	}
	fmt.Println("importing")
	if _, err := db.Import(context.Background(), f); err != nil {
		t.Fatal(err)
	}
	fmt.Println("finished")
}
