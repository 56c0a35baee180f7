package discord

import (
	"fmt"
	"slices"
	"sync"
	"testing"
	"time"
)

func TestLanesKeepOrderPerKey(t *testing.T) {
	l := newLanes()
	var mu sync.Mutex
	got := map[string][]int{}
	for i := range 50 {
		for _, key := range []string{"a", "b", "c"} {
			l.do(key, func() {
				mu.Lock()
				defer mu.Unlock()
				got[key] = append(got[key], i)
			})
		}
	}
	l.wait()
	for _, key := range []string{"a", "b", "c"} {
		if !slices.IsSorted(got[key]) || len(got[key]) != 50 {
			t.Errorf("lane %s ran %v, want 0 to 49 in order", key, got[key])
		}
	}
}

func TestLanesRunKeysInParallel(t *testing.T) {
	l := newLanes()
	release := make(chan struct{})
	l.do("slow", func() { <-release })
	done := make(chan struct{})
	l.do("fast", func() { close(done) })
	<-done // would hang if "fast" waited for "slow"
	close(release)
	if !l.waitFor(10 * time.Second) {
		t.Fatal("lanes did not finish")
	}
	if n := len(l.pending); n != 0 {
		t.Errorf("%d lanes left over: %v", n, fmt.Sprint(l.pending))
	}
}
