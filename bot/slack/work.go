package slack

import (
	"context"
	"errors"
	"sync"
	"time"
)

// errBusy means the desk's queue is full: Slack is answered with a 5xx
// (or no ack in Socket Mode) and delivers again later.
var errBusy = errors.New("desk busy, try again later")

// jobTimeout bounds one job, rate-limit waits included.
const jobTimeout = 3 * time.Minute

// workQueue runs the work Slack must not wait for: it wants an answer
// within 3 seconds, and an agent's reply may take longer to reach the
// customer. A slot is reserved before a delivery is marked processed, so
// that a delivery marked is never dropped for want of room.
type workQueue struct {
	workers int
	jobs    chan func(context.Context)
	slots   chan struct{}
}

func newWorkQueue(workers, size int) *workQueue {
	if workers <= 0 {
		workers = 4
	}
	if size <= 0 {
		size = 256
	}
	return &workQueue{workers: workers, jobs: make(chan func(context.Context), size), slots: make(chan struct{}, size)}
}

// reserve takes a slot if one is free.
func (q *workQueue) reserve() bool {
	select {
	case q.slots <- struct{}{}:
		return true
	default:
		return false
	}
}

func (q *workQueue) release() { <-q.slots }

// push queues a job in a slot reserved before; it never blocks.
func (q *workQueue) push(job func(context.Context)) { q.jobs <- job }

// tryPush queues a job if there is room.
func (q *workQueue) tryPush(job func(context.Context)) bool {
	if !q.reserve() {
		return false
	}
	q.push(job)
	return true
}

// run works until ctx is cancelled. Jobs still queued then are dropped:
// Slack was already answered for them.
func (q *workQueue) run(ctx context.Context) {
	var wg sync.WaitGroup
	for range q.workers {
		wg.Go(func() {
			for {
				select {
				case <-ctx.Done():
					return
				case job := <-q.jobs:
					jctx, cancel := context.WithTimeout(ctx, jobTimeout)
					job(jctx)
					cancel()
					q.release()
				}
			}
		})
	}
	wg.Wait()
}
