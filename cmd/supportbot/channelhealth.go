package main

import (
	"context"
	"math/rand/v2"
	"net/http"
	"slices"
	"sync"
	"time"
)

// Channel states, as /readyz reports them.
const (
	stateConnecting = "connecting" // first connection under way
	stateUp         = "up"
	stateRetrying   = "retrying" // unreachable or failing for now: tried again with backoff
	stateFailed     = "failed"   // refused for good (a rejected token): serve stops
)

// channelHealth is the state of each channel, for /readyz.
type channelHealth struct {
	mu    sync.Mutex
	state map[string]channelStatus
}

// channelStatus is one channel's state as /readyz lists it.
type channelStatus struct {
	Name  string    `json:"name"`
	State string    `json:"state"`
	Error string    `json:"error,omitempty"`
	Since time.Time `json:"since"`
}

// set records a channel's state; err says why it is not up.
func (h *channelHealth) set(name, state string, err error) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.state == nil {
		h.state = map[string]channelStatus{}
	}
	st := channelStatus{Name: name, State: state}
	if err != nil {
		st.Error = err.Error()
	}
	if old, ok := h.state[name]; ok && old.State == state {
		st.Since = old.Since
	} else {
		st.Since = time.Now().UTC()
	}
	h.state[name] = st
}

// reporter is an adapter's OnHealth: nil is up, an error is a connection
// being made again.
func (h *channelHealth) reporter(name string) func(error) {
	return func(err error) {
		if err != nil {
			h.set(name, stateRetrying, err)
			return
		}
		h.set(name, stateUp, nil)
	}
}

// list returns the channels' states, by name.
func (h *channelHealth) list() []channelStatus {
	h.mu.Lock()
	defer h.mu.Unlock()
	out := make([]channelStatus, 0, len(h.state))
	for _, st := range h.state {
		out = append(out, st)
	}
	slices.SortFunc(out, func(a, b channelStatus) int {
		switch {
		case a.Name < b.Name:
			return -1
		case a.Name > b.Name:
			return 1
		}
		return 0
	})
	return out
}

// writeReady answers /readyz once the store is open and the classifier
// trained: 200 with each channel's state. A channel that is not up
// (reconnecting, or unreachable since the start) makes the status
// "degraded" but not a 503: readiness says whether this process should
// get traffic — the web chat, the API and the platforms' webhooks, which
// it answers or asks to retry — and a platform's outage is the same for
// every instance, so taking this one out would help nobody.
func (s *server) writeReady(w http.ResponseWriter) {
	chans := s.health.list()
	status := "ready"
	for _, c := range chans {
		if c.State != stateUp {
			status = "degraded"
		}
	}
	writeJSON(w, http.StatusOK, map[string]any{"status": status, "channels": chans})
}

// startBackoff is the wait before the next try to connect: a second,
// doubled each time up to a minute, with jitter.
func startBackoff(attempt int) time.Duration {
	d := time.Second
	for i := 1; i < attempt && d < time.Minute; i++ {
		d *= 2
	}
	d = min(d, time.Minute)
	return d/2 + rand.N(d/2+1)
}

// sleepCtx waits d or until ctx is done.
func sleepCtx(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// lazy is an adapter connected after the start: set once when connected,
// or failed once refused.
type lazy[T any] struct {
	done chan struct{}
	mu   sync.Mutex
	v    T
	ok   bool
	err  error
}

func newLazy[T any]() *lazy[T] { return &lazy[T]{done: make(chan struct{})} }

func (l *lazy[T]) set(v T) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.ok || l.err != nil {
		return
	}
	l.v, l.ok = v, true
	close(l.done)
}

func (l *lazy[T]) fail(err error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.ok || l.err != nil {
		return
	}
	l.err = err
	close(l.done)
}

// get returns the adapter if connected.
func (l *lazy[T]) get() (T, bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.v, l.ok
}

// wait waits until the adapter is connected, refused, or ctx ends.
func (l *lazy[T]) wait(ctx context.Context) (T, error) {
	select {
	case <-l.done:
	case <-ctx.Done():
		var zero T
		return zero, ctx.Err()
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.v, l.err
}
