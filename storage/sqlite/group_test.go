package sqlite

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"supportbot/storage"
)

// Units of work running at once share transactions; each still commits
// all its writes or none, whatever the units beside it do.
func TestGroupCommitUnitsStayApart(t *testing.T) {
	db := mustOpen(t)
	ctx := context.Background()
	errBoom := errors.New("boom")
	const workers, units = 24, 20
	var wg sync.WaitGroup
	errs := make(chan error, workers*units)
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for u := range units {
				key := fmt.Sprintf("%d-%d", w, u)
				err := db.WithTx(ctx, func(ctx context.Context) error {
					for _, part := range []string{"a", "b"} {
						if _, err := db.MarkProcessed(ctx, "group", key+part); err != nil {
							return err
						}
					}
					if u%3 == 0 {
						return errBoom // written, then failed: rolled back
					}
					return nil
				})
				if u%3 == 0 && !errors.Is(err, errBoom) || u%3 != 0 && err != nil {
					errs <- fmt.Errorf("unit %s: %v", key, err)
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	for w := range workers {
		for u := range units {
			for _, part := range []string{"a", "b"} {
				key := fmt.Sprintf("%d-%d%s", w, u, part)
				fresh, err := db.MarkProcessed(ctx, "group", key)
				if err != nil {
					t.Fatal(err)
				}
				if want := u%3 == 0; fresh != want {
					t.Errorf("key %s: absent after the units = %v, want %v", key, fresh, want)
				}
			}
		}
	}
	// Units queued behind one another were committed together.
	kept := int64(0)
	for u := range units {
		if u%3 != 0 {
			kept += workers
		}
	}
	commits, committed := db.group.commits.Load(), db.group.units.Load()
	if committed != kept {
		t.Errorf("%d units committed, want %d", committed, kept)
	}
	if commits >= committed {
		t.Errorf("%d commits for %d units: no group commit", commits, committed)
	}
	t.Logf("%d units in %d commits", committed, commits)
}

// A unit whose context is cancelled midway still commits whole: its
// statements are not interrupted (SQLite would roll the shared transaction
// back under the other units).
func TestGroupCommitCancelledMidway(t *testing.T) {
	db := mustOpen(t)
	ctx, cancel := context.WithCancel(context.Background())
	err := db.WithTx(ctx, func(ctx context.Context) error {
		if _, err := db.MarkProcessed(ctx, "cancel", "1"); err != nil {
			return err
		}
		cancel()
		_, err := db.MarkProcessed(ctx, "cancel", "2")
		return err
	})
	if err != nil {
		t.Fatalf("unit cancelled midway: %v", err)
	}
	for _, key := range []string{"1", "2"} {
		if fresh, err := db.MarkProcessed(context.Background(), "cancel", key); err != nil || fresh {
			t.Errorf("key %s after the unit: fresh = %v, %v; want kept", key, fresh, err)
		}
	}
}

// Waiting for the writer ends with the unit's context; the unit holding
// it is not disturbed.
func TestGroupCommitWaitEndsWithContext(t *testing.T) {
	db := mustOpen(t)
	holding, release := make(chan struct{}), make(chan struct{})
	done := make(chan error, 1)
	go func() {
		done <- db.WithTx(context.Background(), func(ctx context.Context) error {
			if _, err := db.MarkProcessed(ctx, "wait", "holder"); err != nil {
				return err
			}
			close(holding)
			<-release
			return nil
		})
	}()
	<-holding
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	err := db.WithTx(ctx, func(ctx context.Context) error {
		_, err := db.MarkProcessed(ctx, "wait", "waiter")
		return err
	})
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("unit waiting for a held writer = %v, want the deadline", err)
	}
	close(release)
	if err := <-done; err != nil {
		t.Fatalf("holding unit: %v", err)
	}
	if fresh, _ := db.MarkProcessed(context.Background(), "wait", "holder"); fresh {
		t.Error("the holding unit's write was lost")
	}
	if fresh, _ := db.MarkProcessed(context.Background(), "wait", "waiter"); !fresh {
		t.Error("the unit that gave up waiting wrote anyway")
	}
}

// Close commits the units that ended before it and refuses new ones.
func TestGroupCommitClose(t *testing.T) {
	path := filepath.Join(t.TempDir(), "close.db")
	db, err := Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	holding, release := make(chan struct{}), make(chan struct{})
	done := make(chan error, 1)
	go func() {
		done <- db.WithTx(context.Background(), func(ctx context.Context) error {
			if _, err := db.MarkProcessed(ctx, "close", "1"); err != nil {
				return err
			}
			close(holding)
			<-release
			return nil
		})
	}()
	<-holding
	closed := make(chan error, 1)
	go func() { closed <- db.Close() }()
	time.Sleep(20 * time.Millisecond) // Close is waiting for the unit
	close(release)
	if err := <-done; err != nil {
		t.Errorf("unit ending during Close: %v", err)
	}
	if err := <-closed; err != nil {
		t.Errorf("Close: %v", err)
	}
	err = db.WithTx(context.Background(), func(ctx context.Context) error {
		_, err := db.MarkProcessed(ctx, "close", "2")
		return err
	})
	if err == nil {
		t.Error("a unit began after Close")
	}
	db = mustOpenPath(t, path)
	if fresh, err := db.MarkProcessed(context.Background(), "close", "1"); err != nil || fresh {
		t.Errorf("the unit that ended during Close: fresh = %v, %v; want committed", fresh, err)
	}
}

// An identity check made in a turn's unit of work before any other write
// is recorded apart, committed at once: the turn does not hold the writer
// from it on, and the guess counts even when the turn then fails.
func TestAttemptVerificationRecordedApart(t *testing.T) {
	db := mustSeed(t)
	ctx := context.Background()
	errBoom := errors.New("boom")
	claim := storage.IdentityClaim{ConversationID: "web:apart", Email: "nobody@example.com",
		OrderNumber: "CL-000001", At: testNow, Since: testNow.Add(-time.Hour)}
	err := db.WithTx(ctx, func(ctx context.Context) error {
		v, err := db.AttemptVerification(ctx, claim, func(storage.RecentFailures) bool { return true })
		if err != nil || v.Matched {
			t.Fatalf("attempt = %+v, %v; want a failure", v, err)
		}
		if st := db.txOf(ctx); st.begun() {
			t.Error("the turn's unit holds the writer after the identity check")
		}
		if _, err := db.MarkProcessed(ctx, "apart", "turn"); err != nil {
			return err
		}
		return errBoom // the turn fails after the check
	})
	if !errors.Is(err, errBoom) {
		t.Fatalf("unit = %v, want errBoom", err)
	}
	byConv, _, err := db.FailedVerifications(ctx, "web:apart", "", testNow.Add(-time.Hour))
	if err != nil || len(byConv) != 1 {
		t.Errorf("failures recorded = %d, %v; want the guess counted", len(byConv), err)
	}
	if fresh, _ := db.MarkProcessed(ctx, "apart", "turn"); !fresh {
		t.Error("the failed turn's own write was kept")
	}
}
