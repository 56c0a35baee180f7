package postgres

import (
	"context"
	"sync"
	"testing"
	"time"
)

// leaderLog records which replica runs, and when each run starts and ends.
type leaderLog struct {
	mu      sync.Mutex
	running map[int]bool
	most    int // the most replicas seen running at once
	starts  chan int
}

func (l *leaderLog) run(replica int) func(ctx context.Context) error {
	return func(ctx context.Context) error {
		l.mu.Lock()
		l.running[replica] = true
		l.most = max(l.most, len(l.running))
		l.mu.Unlock()
		l.starts <- replica
		<-ctx.Done()
		l.mu.Lock()
		delete(l.running, replica)
		l.mu.Unlock()
		return ctx.Err()
	}
}

func waitStart(t *testing.T, starts <-chan int, within time.Duration) int {
	t.Helper()
	select {
	case r := <-starts:
		return r
	case <-time.After(within):
		t.Fatalf("no replica took the lead within %v", within)
		return -1
	}
}

// Three replicas compete for one lead: one runs at a time; when the leader
// stops, or its connection to the database is cut, another takes over
// within a few seconds.
func TestLeadOneAtATimeAndFailover(t *testing.T) {
	url := newDatabase(t)
	l := &leaderLog{running: map[int]bool{}, starts: make(chan int, 10)}
	dbs := make([]*DB, 3)
	cancels := make([]context.CancelFunc, 3)
	done := make([]chan error, 3)
	for i := range dbs {
		dbs[i] = mustOpenURL(t, url)
		ctx, cancel := context.WithCancel(context.Background())
		cancels[i], done[i] = cancel, make(chan error, 1)
		go func() { done[i] <- dbs[i].Lead(ctx, "telegram", l.run(i)) }()
	}
	defer func() {
		for i := range cancels {
			cancels[i]()
			<-done[i]
		}
	}()

	first := waitStart(t, l.starts, 10*time.Second)
	// Nobody else takes the lead while the first holds it.
	select {
	case r := <-l.starts:
		t.Fatalf("replica %d took the lead while %d held it", r, first)
	case <-time.After(3 * LeadInterval):
	}

	// The leader stops: another takes over.
	stopped := time.Now()
	cancels[first]()
	if err := <-done[first]; err != context.Canceled {
		t.Errorf("Lead of a stopped replica = %v, want context.Canceled", err)
	}
	done[first] <- nil // for the deferred wait
	second := waitStart(t, l.starts, 5*LeadInterval+fenceDelay)
	t.Logf("replica %d stopped; %d leads after %v", first, second, time.Since(stopped).Round(time.Millisecond))
	if second == first {
		t.Fatalf("the stopped replica leads again")
	}

	// The new leader's connection is cut (as when its host is lost): its
	// run is stopped and the third replica takes over.
	var third int
	for i := range dbs {
		if i != first && i != second {
			third = i
		}
	}
	cut := time.Now()
	if _, err := dbs[third].pool.Exec(context.Background(),
		`SELECT pg_terminate_backend(pid) FROM pg_locks WHERE locktype = 'advisory' AND objid = ($1::bigint & 4294967295) AND granted`,
		lockKey("lead:telegram")); err != nil {
		t.Fatal(err)
	}
	if got := waitStart(t, l.starts, 5*LeadInterval+fenceDelay); got == second {
		// The cut leader may win the race back; it must have been stopped first.
		t.Logf("replica %d took the lead back after its connection was cut", got)
	} else if got != third {
		t.Fatalf("replica %d leads, want %d", got, third)
	}
	t.Logf("leader's connection cut; a leader again after %v", time.Since(cut).Round(time.Millisecond))
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.most > 1 {
		t.Errorf("%d replicas ran at once", l.most)
	}
}
