package discord

import (
	"sync"
	"time"
)

// lanes runs jobs one at a time per key (a conversation), in the order they
// were queued, and different keys in parallel. The gateway's handlers only
// queue, so a customer's second message never overtakes their first.
type lanes struct {
	mu      *sync.Mutex
	pending map[string][]func() // a key is present while its worker runs
	wg      *sync.WaitGroup
}

func newLanes() lanes {
	return lanes{mu: &sync.Mutex{}, pending: map[string][]func(){}, wg: &sync.WaitGroup{}}
}

// do queues job behind the other jobs of key.
func (l lanes) do(key string, job func()) {
	l.mu.Lock()
	defer l.mu.Unlock()
	q, running := l.pending[key]
	l.pending[key] = append(q, job)
	if !running {
		l.wg.Add(1)
		go l.drain(key)
	}
}

func (l lanes) drain(key string) {
	defer l.wg.Done()
	for {
		l.mu.Lock()
		q := l.pending[key]
		if len(q) == 0 {
			delete(l.pending, key)
			l.mu.Unlock()
			return
		}
		job := q[0]
		q[0] = nil
		l.pending[key] = q[1:]
		l.mu.Unlock()
		job()
	}
}

// spawn runs job on its own, counted by wait.
func (l lanes) spawn(job func()) {
	l.wg.Add(1)
	go func() {
		defer l.wg.Done()
		job()
	}()
}

// wait returns when no job is queued or running.
func (l lanes) wait() { l.wg.Wait() }

// waitFor is wait with a limit; it reports whether everything finished.
func (l lanes) waitFor(d time.Duration) bool {
	done := make(chan struct{})
	go func() {
		l.wg.Wait()
		close(done)
	}()
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-done:
		return true
	case <-t.C:
		return false
	}
}
