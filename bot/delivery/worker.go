package delivery

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"sync"
	"time"

	"supportbot/storage"
)

// Store is the outbox the worker reads and updates; the store implements
// it, and storage/storetest checks each rule below on every backend.
type Store interface {
	// DueOutbox returns, for each recipient of the channel with pending
	// messages, its oldest pending one when it is due by now, lowest ID
	// first, at most limit: a recipient's later messages wait for the
	// ones before them, while recipients go on independently.
	DueOutbox(ctx context.Context, channel string, now time.Time, limit int) ([]storage.OutboxMessage, error)
	// OutboxSent records a message delivered at a time (one more
	// attempt). A message no longer pending is left as it is.
	OutboxSent(ctx context.Context, id int64, at time.Time) error
	// OutboxRetry records a failed attempt (count false: a wait the
	// platform asked for, not an attempt) and when to try again.
	OutboxRetry(ctx context.Context, id int64, next time.Time, count bool, reason string) error
	// OutboxDead gives a message up: a dead letter kept for operators,
	// no longer holding back its recipient's later messages.
	OutboxDead(ctx context.Context, id int64, at time.Time, reason string) error
}

// Depth is an optional ability of Store: counting a channel's pending
// messages, for the queue-depth metric. *sqlite.DB implements it.
type Depth interface {
	PendingOutbox(ctx context.Context, channel string) (int, error)
}

// depthEvery is how often the queue's depth is counted.
const depthEvery = 5 * time.Second

// Transport sends one outbox message on its platform, once: the worker
// does the retrying. It returns a *RetryAfterError when the platform asks
// to wait, an error wrapped by Permanent when retrying cannot help, and
// any other error for a failure worth retrying (a timeout, a 5xx).
type Transport interface {
	Deliver(ctx context.Context, m storage.OutboxMessage) error
}

// RetryAfterError is a platform's request to wait before sending to this
// recipient again (Telegram's retry_after, Discord's and Slack's 429).
type RetryAfterError struct {
	Wait time.Duration
	Err  error
}

func (e *RetryAfterError) Error() string {
	return fmt.Sprintf("retry after %s: %v", e.Wait, e.Err)
}

func (e *RetryAfterError) Unwrap() error { return e.Err }

// permanentError marks a refusal that retrying will not change.
type permanentError struct{ err error }

func (e permanentError) Error() string { return e.err.Error() }
func (e permanentError) Unwrap() error { return e.err }

// Permanent marks err as final: the message becomes a dead letter without
// further attempts (a user who blocked the bot, a chat that does not
// exist).
func Permanent(err error) error { return permanentError{err} }

// Config holds a worker's dependencies and settings; Channel, Store and
// Transport are required.
type Config struct {
	Channel   string
	Store     Store
	Transport Transport
	Logger    *slog.Logger
	Metrics   *Metrics // optional

	// MaxAttempts is how many failed sends make a dead letter; default 8.
	MaxAttempts int
	// Backoff is the wait after the first failure, doubled after each
	// next one up to MaxBackoff, with jitter; defaults 1s and 5min.
	Backoff    time.Duration
	MaxBackoff time.Duration
	// Poll is how often the outbox is read when nothing wakes the worker;
	// default 1s. It bounds how late a retry that came due is sent.
	Poll time.Duration
	// Parallel is how many recipients are sent to at once; default 8.
	Parallel int
	// SendTimeout bounds one Deliver call; default 30s.
	SendTimeout time.Duration
	// OnDead is told about each dead letter, to tell a person (the Slack
	// thread, the agent) that it was not delivered; optional.
	OnDead func(ctx context.Context, m storage.OutboxMessage, err error)
	Now    func() time.Time
}

// Worker sends one channel's outbox.
type Worker struct {
	cfg  Config
	log  *slog.Logger
	wake chan struct{}
}

// New returns a worker; start it with Run.
func New(cfg Config) (*Worker, error) {
	if cfg.Channel == "" || cfg.Store == nil || cfg.Transport == nil {
		return nil, errors.New("delivery: channel, store and transport are required")
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	if cfg.MaxAttempts <= 0 {
		cfg.MaxAttempts = 8
	}
	if cfg.Backoff <= 0 {
		cfg.Backoff = time.Second
	}
	if cfg.MaxBackoff <= 0 {
		cfg.MaxBackoff = 5 * time.Minute
	}
	if cfg.Poll <= 0 {
		cfg.Poll = time.Second
	}
	if cfg.Parallel <= 0 {
		cfg.Parallel = 8
	}
	if cfg.SendTimeout <= 0 {
		cfg.SendTimeout = 30 * time.Second
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	return &Worker{
		cfg:  cfg,
		log:  cfg.Logger.With("channel", cfg.Channel),
		wake: make(chan struct{}, 1),
	}, nil
}

// Wake tells the worker that new messages were committed; it never
// blocks. The engine calls it after each turn that queued messages.
func (w *Worker) Wake() {
	select {
	case w.wake <- struct{}{}:
	default:
	}
}

// Run sends the outbox until ctx is done, then waits for the sends in
// flight, each bounded by SendTimeout, so that the store can be closed
// after it returns. What is not sent stays in the outbox for the next run.
func (w *Worker) Run(ctx context.Context) error {
	var (
		wg       sync.WaitGroup
		mu       sync.Mutex
		inFlight = map[string]bool{} // recipients being sent to
		// A read of the outbox that began before a send's outcome was
		// recorded may still show that message pending, or due: its
		// recipient is left to the next read. seq counts the outcomes
		// recorded, finished holds the seq of each recipient's last.
		seq      uint64
		finished = map[string]uint64{}
		slots    = make(chan struct{}, w.cfg.Parallel)
	)
	defer wg.Wait()
	tick := time.NewTicker(w.cfg.Poll)
	defer tick.Stop()
	var counted time.Time
	for {
		if d, ok := w.cfg.Store.(Depth); ok && w.cfg.Metrics != nil && time.Since(counted) >= depthEvery {
			counted = time.Now()
			if n, err := d.PendingOutbox(ctx, w.cfg.Channel); err == nil {
				w.cfg.Metrics.depth(w.cfg.Channel, n)
			}
		}
		mu.Lock()
		readSeq := seq
		clear(finished) // recorded before this read began: it sees them
		mu.Unlock()
		due, err := w.cfg.Store.DueOutbox(ctx, w.cfg.Channel, w.cfg.Now(), 4*w.cfg.Parallel)
		if err != nil && ctx.Err() == nil {
			w.log.ErrorContext(ctx, "delivery: read outbox", "err", err)
		}
		w.cfg.Metrics.due(w.cfg.Channel, len(due))
		for _, m := range due {
			mu.Lock()
			busy := inFlight[m.Recipient] || finished[m.Recipient] > readSeq
			if !busy {
				inFlight[m.Recipient] = true
			}
			mu.Unlock()
			if busy {
				continue
			}
			select {
			case slots <- struct{}{}:
			case <-ctx.Done():
				return nil
			}
			wg.Add(1)
			go func() {
				defer wg.Done()
				w.send(context.WithoutCancel(ctx), m)
				mu.Lock()
				seq++
				finished[m.Recipient] = seq
				delete(inFlight, m.Recipient)
				mu.Unlock()
				<-slots
				w.Wake() // the recipient's next message may go now
			}()
		}
		select {
		case <-ctx.Done():
			return nil
		case <-w.wake:
		case <-tick.C:
		}
	}
}

// send makes one attempt at m and records its outcome.
func (w *Worker) send(ctx context.Context, m storage.OutboxMessage) {
	callCtx, cancel := context.WithTimeout(ctx, w.cfg.SendTimeout)
	err := w.cfg.Transport.Deliver(callCtx, m)
	cancel()
	now := w.cfg.Now()
	var (
		ra   *RetryAfterError
		perm permanentError
	)
	switch {
	case err == nil:
		w.cfg.Metrics.outcome(w.cfg.Channel, "sent")
		w.record(ctx, m, w.cfg.Store.OutboxSent(ctx, m.ID, now))
	case errors.As(err, &ra):
		w.cfg.Metrics.outcome(w.cfg.Channel, "rate_limited")
		w.cfg.Metrics.RateLimited(w.cfg.Channel, ra.Wait)
		w.log.WarnContext(ctx, "delivery: rate limited", "recipient", m.Recipient, "wait", ra.Wait)
		w.record(ctx, m, w.cfg.Store.OutboxRetry(ctx, m.ID, now.Add(ra.Wait), false, err.Error()))
	case errors.As(err, &perm) || m.Attempts+1 >= w.cfg.MaxAttempts:
		w.cfg.Metrics.outcome(w.cfg.Channel, "dead")
		w.log.ErrorContext(ctx, "delivery: dead letter", "recipient", m.Recipient, "id", m.ID,
			"kind", m.Kind, "attempts", m.Attempts+1, "err", err)
		w.record(ctx, m, w.cfg.Store.OutboxDead(ctx, m.ID, now, err.Error()))
		if w.cfg.OnDead != nil {
			w.cfg.OnDead(ctx, m, err)
		}
	default:
		wait := w.backoff(m.Attempts + 1)
		w.cfg.Metrics.outcome(w.cfg.Channel, "retry")
		w.log.WarnContext(ctx, "delivery: send failed, will retry", "recipient", m.Recipient, "id", m.ID,
			"attempt", m.Attempts+1, "wait", wait, "err", err)
		w.record(ctx, m, w.cfg.Store.OutboxRetry(ctx, m.ID, now.Add(wait), true, err.Error()))
	}
}

// record logs an outcome the store could not record: the message will be
// tried again, which the idempotency key makes harmless where the platform
// dedupes.
func (w *Worker) record(ctx context.Context, m storage.OutboxMessage, err error) {
	if err != nil {
		w.log.ErrorContext(ctx, "delivery: record outcome", "id", m.ID, "err", err)
	}
}

// backoff is the wait after the attempt-th failure: Backoff doubled for
// each failure after the first, at most MaxBackoff, with jitter between
// half and all of it so that recipients failing together do not retry
// together.
func (w *Worker) backoff(attempt int) time.Duration {
	d := w.cfg.Backoff
	for i := 1; i < attempt && d < w.cfg.MaxBackoff; i++ {
		d *= 2
	}
	d = min(d, w.cfg.MaxBackoff)
	return d/2 + rand.N(d/2+1)
}
