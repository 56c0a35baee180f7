package slack

import (
	"context"
	"errors"
	"sync"
	"time"

	"supportbot/bot/delivery"
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

// ackWait is how long Slack's request waits for the thread message's turn
// to commit: within Slack's 3 seconds, with room for the request itself.
// A turn not committed by then is answered "try again" (a 503, or no
// Socket Mode ack): it goes on, and Slack's retry finds it done, or waits
// for it, never runs it twice.
const ackWait = 2 * time.Second

// errPending means the event's turn is still running when Slack must be
// answered.
var errPending = errors.New("event still being handled, try again later")

// threads runs the people's thread messages one at a time per thread, in
// the order Slack delivered them, threads in parallel, at most a fixed
// number in hand. A message is in hand from its intake until its turn
// ends; Slack's retry of an event in hand joins it instead of running it
// again.
type threads struct {
	base   context.Context //nolint:containedctx // the jobs' context, cancelled only after they drained
	cancel context.CancelFunc
	slots  chan struct{}
	wg     sync.WaitGroup

	metrics *delivery.Metrics

	mu       sync.Mutex
	queues   map[string][]*threadJob // a thread is present while its worker runs
	inHand   map[string]*threadJob   // by event_id
	stopping bool
}

// threadJob is one thread message in hand; done is closed when its turn
// ended, err then says how.
type threadJob struct {
	id   string
	run  func(context.Context) error
	done chan struct{}
	err  error
}

func newThreads(size int, m *delivery.Metrics) *threads {
	if size <= 0 {
		size = 256
	}
	ctx, cancel := context.WithCancel(context.Background())
	return &threads{base: ctx, cancel: cancel, slots: make(chan struct{}, size), metrics: m,
		queues: map[string][]*threadJob{}, inHand: map[string]*threadJob{}}
}

// submit queues run for event id behind the thread's earlier messages, or
// returns the job already in hand for id. It fails with errBusy when full
// or stopping.
func (t *threads) submit(thread, id string, run func(context.Context) error) (*threadJob, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if j := t.inHand[id]; j != nil {
		return j, nil
	}
	if t.stopping {
		return nil, errBusy
	}
	select {
	case t.slots <- struct{}{}:
	default:
		return nil, errBusy
	}
	j := &threadJob{id: id, run: run, done: make(chan struct{})}
	t.inHand[id] = j
	t.metrics.InHand("slack", len(t.inHand))
	q, running := t.queues[thread]
	t.queues[thread] = append(q, j)
	if !running {
		t.wg.Add(1)
		go t.drain(thread)
	}
	return j, nil
}

func (t *threads) drain(thread string) {
	defer t.wg.Done()
	for {
		t.mu.Lock()
		q := t.queues[thread]
		if len(q) == 0 {
			delete(t.queues, thread)
			t.mu.Unlock()
			return
		}
		j := q[0]
		q[0] = nil
		t.queues[thread] = q[1:]
		t.mu.Unlock()

		ctx, cancel := context.WithTimeout(t.base, jobTimeout)
		j.err = j.run(ctx)
		cancel()
		t.mu.Lock()
		delete(t.inHand, j.id)
		t.metrics.InHand("slack", len(t.inHand))
		t.mu.Unlock()
		close(j.done)
		<-t.slots
	}
}

// wait waits for a job's turn to end, at most ackWait.
func (j *threadJob) wait(ctx context.Context) error {
	t := time.NewTimer(ackWait)
	defer t.Stop()
	select {
	case <-j.done:
		return j.err
	case <-t.C:
		return errPending
	case <-ctx.Done():
		return ctx.Err()
	}
}

// stop takes no more messages and lets those in hand finish, for up to
// grace; then their context is cancelled. Slack was not told they were
// handled: it delivers again what did not commit.
func (t *threads) stop(grace time.Duration) {
	t.mu.Lock()
	t.stopping = true
	t.mu.Unlock()
	done := make(chan struct{})
	go func() {
		t.wg.Wait()
		close(done)
	}()
	timer := time.NewTimer(grace)
	defer timer.Stop()
	select {
	case <-done:
	case <-timer.C:
		t.cancel()
		<-done
	}
	t.cancel()
}
