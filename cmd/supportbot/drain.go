package main

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"time"

	"supportbot/bot"
)

// gate lets new work into the server until it drains, and counts the
// requests in hand so that the drain can wait for them. While it drains,
// the listener stays open: /readyz says 503 so that a load balancer takes
// the replica out, and the platforms get 503 with Retry-After, which makes
// Telegram and Slack deliver again later (to this replica once restarted,
// or to another one).
type gate struct {
	mu       sync.RWMutex // read-held by enter, so that requests do not queue on it
	draining bool
	inHand   sync.WaitGroup
}

// enter admits one request, unless the server drains. A request admitted
// must leave.
func (g *gate) enter() bool {
	g.mu.RLock()
	defer g.mu.RUnlock()
	if g.draining {
		return false
	}
	// Added under the lock that close takes: no request is added after
	// close returned, when wait may already be waiting.
	g.inHand.Add(1)
	return true
}

func (g *gate) leave() { g.inHand.Done() }

// close stops admitting new work.
func (g *gate) close() {
	g.mu.Lock()
	g.draining = true
	g.mu.Unlock()
}

// Draining tells whether close was called.
func (g *gate) Draining() bool {
	g.mu.RLock()
	defer g.mu.RUnlock()
	return g.draining
}

// wait returns once every admitted request has finished, or with ctx's
// error.
func (g *gate) wait(ctx context.Context) error {
	done := make(chan struct{})
	go func() {
		g.inHand.Wait()
		close(done)
	}()
	select {
	case <-done:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// drainRetryAfter is the Retry-After of a request refused while draining,
// in seconds: about the time a restart takes.
const drainRetryAfter = "5"

// handler puts the requests that bring new work behind the gate: they get
// 503 and Retry-After while the server drains. Reads (the page, the
// probes, a transcript's polling) are still answered until the listener
// closes.
func (g *gate) handler(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !bringsWork(r) {
			next.ServeHTTP(w, r)
			return
		}
		if !g.enter() {
			w.Header().Set("Retry-After", drainRetryAfter)
			// The connection is not kept: the next request should go to
			// a replica that is not stopping.
			w.Header().Set("Connection", "close")
			writeJSON(w, http.StatusServiceUnavailable, map[string]string{"error": "shutting down, try again in a moment"})
			return
		}
		defer g.leave()
		next.ServeHTTP(w, r)
	})
}

// bringsWork tells the requests that start a turn or a platform's
// delivery: every webhook of a channel, and any request that is not a
// read.
func bringsWork(r *http.Request) bool {
	if strings.HasPrefix(r.URL.Path, "/telegram/") || strings.HasPrefix(r.URL.Path, "/slack/") {
		return true
	}
	switch r.Method {
	case http.MethodGet, http.MethodHead, http.MethodOptions:
		return false
	}
	return true
}

// isOutbox tells the delivery workers among the channel runs. They stop
// after the channels' intake has, so that the replies to the last
// messages taken in can still go out before the store closes.
func isOutbox(r channelRun) bool { return strings.HasSuffix(r.name, " outbox") }

// splitRuns separates the channels' intake (polling, gateways, their
// queues) from their delivery workers.
func (ch *channels) splitRuns() (intake, outbox *channels) {
	intake, outbox = &channels{routes: ch.routes}, &channels{}
	for _, r := range ch.runs {
		if isOutbox(r) {
			outbox.runs = append(outbox.runs, r)
		} else {
			intake.runs = append(intake.runs, r)
		}
	}
	return intake, outbox
}

// outboxChannel is the outbox channel a delivery worker's run sends,
// from the run's name, the only mark a worker's run carries ("slack
// outbox" sends the agent desk's).
func outboxChannel(runName string) string {
	name := strings.TrimSuffix(runName, " outbox")
	if name == "slack" {
		return bot.OutboxDesk
	}
	return name
}

// outboxDueFunc reads whether a channel's outbox has a message due now
// that was written before a time.
type outboxDueFunc func(ctx context.Context, channel string, writtenBefore time.Time) (bool, error)

// flushOutbox waits, while the delivery workers still run, until none of
// their outboxes has a message due that was written before the flush
// began, or ctx ends. Later messages are other replicas' (the intake of
// this one has stopped): waiting for them could last as long as their
// load. What is not sent then stays in the outbox for the next start or
// another replica: nothing is lost, it is only later.
func flushOutbox(ctx context.Context, workers *channels, due outboxDueFunc) error {
	begun := time.Now()
	tick := time.NewTicker(25 * time.Millisecond)
	defer tick.Stop()
	for {
		pending := false
		for _, r := range workers.runs {
			d, err := due(ctx, outboxChannel(r.name), begun)
			if err != nil {
				return err
			}
			pending = pending || d
		}
		if !pending {
			return nil
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-tick.C:
		}
	}
}

// stopSteps are the parts of a running server that stop drains, in order.
type stopSteps struct {
	stopIntake func()                          // the channels' polling, gateways and queues, and the chores
	flush      func(ctx context.Context) error // waits until the outbox holds nothing due
	stopOutbox func()                          // the delivery workers, after their sends in flight
	servers    []*http.Server                  // the listeners; nil entries are skipped
}

// stop drains the server: no new work is taken (webhooks and the chat's
// POST get 503, /readyz says draining), the requests in hand finish, the
// channels finish what they hold, the outbox is sent, the listeners close,
// and the store closes last. The requests in hand and the outbox get
// timeout between them; what is not sent by then stays in the outbox.
func (s *server) stop(timeout time.Duration, st stopSteps) error {
	s.log.Info("draining", "timeout", timeout)
	s.gate.close()
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	if err := s.gate.wait(ctx); err != nil {
		s.log.Warn("drain: stopping with requests still in hand", "err", err)
	} else {
		s.log.Info("drain: requests in hand finished")
	}
	st.stopIntake()
	s.log.Info("drain: channels stopped")
	if err := st.flush(ctx); err != nil {
		s.log.Warn("drain: outbox not empty; the rest is sent at the next start", "err", err)
	}
	st.stopOutbox()
	s.log.Info("drain: delivery workers stopped")
	var firstErr error
	for _, srv := range st.servers {
		if srv == nil {
			continue
		}
		shutdown, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		err := srv.Shutdown(shutdown)
		cancel()
		if err != nil && firstErr == nil {
			firstErr = fmt.Errorf("serve: shutdown: %w", err)
		}
	}
	if err := s.db.Close(); err != nil && firstErr == nil {
		firstErr = fmt.Errorf("serve: close store: %w", err)
	}
	s.log.Info("store closed")
	return firstErr
}

// outboxDue tells whether a channel's outbox has a message due now that
// was written before a time. The store lists the due messages oldest
// first, so the first tells.
func (s *server) outboxDue(ctx context.Context, channel string, writtenBefore time.Time) (bool, error) {
	due, err := s.db.DueOutbox(ctx, channel, time.Now(), 1)
	return len(due) > 0 && !due[0].CreatedAt.After(writtenBefore), err
}
