package delivery_test

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"slices"
	"sync"
	"testing"
	"time"

	"supportbot/bot/delivery"
	"supportbot/storage"
	"supportbot/storage/sqlite"
)

// recorder is a transport that records what it sends; fail decides, per
// message, whether the platform refuses it.
type recorder struct {
	mu   sync.Mutex
	sent map[string][]string // recipient -> payloads, in the order sent
	keys map[string]int      // idempotency key -> sends
	fail func(m storage.OutboxMessage) error
}

func newRecorder(fail func(storage.OutboxMessage) error) *recorder {
	return &recorder{sent: map[string][]string{}, keys: map[string]int{}, fail: fail}
}

func (r *recorder) Deliver(ctx context.Context, m storage.OutboxMessage) error {
	if r.fail != nil {
		if err := r.fail(m); err != nil {
			return err
		}
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	r.sent[m.Recipient] = append(r.sent[m.Recipient], m.Payload)
	r.keys[m.IdemKey]++
	return nil
}

func (r *recorder) got(recipient string) []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return slices.Clone(r.sent[recipient])
}

func openStore(t *testing.T, path string) *sqlite.DB {
	t.Helper()
	db, err := sqlite.Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

func enqueue(t *testing.T, db *sqlite.DB, recipient string, payloads ...string) {
	t.Helper()
	var msgs []storage.OutboxMessage
	for _, p := range payloads {
		msgs = append(msgs, storage.OutboxMessage{Channel: "test", Recipient: recipient, Kind: storage.OutboxReply, Payload: p})
	}
	if err := db.Enqueue(context.Background(), msgs); err != nil {
		t.Fatal(err)
	}
}

// start runs a worker until the test ends or stop is called.
func start(t *testing.T, cfg delivery.Config) (w *delivery.Worker, stop func()) {
	t.Helper()
	cfg.Channel = "test"
	if cfg.Backoff == 0 {
		cfg.Backoff = time.Millisecond
	}
	if cfg.Poll == 0 {
		cfg.Poll = 5 * time.Millisecond
	}
	w, err := delivery.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		defer close(done)
		w.Run(ctx)
	}()
	var once sync.Once
	stop = func() { once.Do(func() { cancel(); <-done }) }
	t.Cleanup(stop)
	return w, stop
}

// waitFor polls cond for up to 10 s.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

func states(t *testing.T, db *sqlite.DB) map[string]int {
	t.Helper()
	ms, err := db.OutboxMessages(context.Background(), "test")
	if err != nil {
		t.Fatal(err)
	}
	n := map[string]int{}
	for _, m := range ms {
		n[m.State]++
	}
	return n
}

// Messages written before a restart are delivered after it, once each and
// in order per recipient, while the platform failed them before.
func TestOutboxSurvivesRestartDeliveredOnceInOrder(t *testing.T) {
	path := filepath.Join(t.TempDir(), "outbox.db")
	db := openStore(t, path)
	for i := range 5 {
		enqueue(t, db, "chat:a", fmt.Sprintf("a%d", i))
		enqueue(t, db, "chat:b", fmt.Sprintf("b%d", i))
	}
	down := newRecorder(func(storage.OutboxMessage) error { return errors.New("platform unreachable") })
	_, stop := start(t, delivery.Config{Store: db, Transport: down, Backoff: time.Hour})
	waitFor(t, "a first failed attempt", func() bool {
		ms, _ := db.OutboxMessages(context.Background(), "test")
		return ms[0].Attempts > 0
	})
	stop()
	db.Close()

	db = openStore(t, path)
	// The failed heads wait for their backoff: the restarted worker runs
	// two hours later.
	up := newRecorder(nil)
	_, _ = start(t, delivery.Config{Store: db, Transport: up, Now: func() time.Time { return time.Now().Add(2 * time.Hour) }})
	waitFor(t, "every message sent", func() bool { return states(t, db)[storage.OutboxSent] == 10 })
	for _, r := range []string{"a", "b"} {
		want := []string{r + "0", r + "1", r + "2", r + "3", r + "4"}
		if got := up.got("chat:" + r); !slices.Equal(got, want) {
			t.Errorf("chat:%s got %v, want %v", r, got, want)
		}
	}
	for k, n := range up.keys {
		if n != 1 {
			t.Errorf("message %s sent %d times", k, n)
		}
	}
}

// A 429 with retry_after on one chat delays that chat only.
func TestRetryAfterIsPerRecipient(t *testing.T) {
	db := openStore(t, filepath.Join(t.TempDir(), "outbox.db"))
	enqueue(t, db, "chat:limited", "l0", "l1")
	enqueue(t, db, "chat:free", "f0", "f1", "f2")
	tr := newRecorder(func(m storage.OutboxMessage) error {
		if m.Recipient == "chat:limited" {
			return &delivery.RetryAfterError{Wait: time.Hour, Err: errors.New("429 Too Many Requests")}
		}
		return nil
	})
	_, _ = start(t, delivery.Config{Store: db, Transport: tr, MaxAttempts: 2})
	waitFor(t, "the free chat served", func() bool { return len(tr.got("chat:free")) == 3 })
	ms, err := db.OutboxMessages(context.Background(), "test")
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range ms {
		if m.Recipient != "chat:limited" {
			continue
		}
		if m.State != storage.OutboxPending || m.Attempts != 0 {
			t.Errorf("limited message %s: state %s, %d attempts; want pending, a wait not counted as an attempt", m.Payload, m.State, m.Attempts)
		}
		if m.Payload == "l0" && m.NextAt.Before(time.Now().Add(50*time.Minute)) {
			t.Errorf("limited head due at %v, want after the hour retry_after asked", m.NextAt)
		}
	}
}

// After the last attempt, or a final refusal, a message is a dead letter,
// reported, and the recipient's later messages go on.
func TestDeadLetter(t *testing.T) {
	tests := []struct {
		name     string
		err      error
		attempts int
	}{
		{"after the last retry", errors.New("502 Bad Gateway"), 3},
		{"refused for good", delivery.Permanent(errors.New("403 Forbidden: bot was blocked by the user")), 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			db := openStore(t, filepath.Join(t.TempDir(), "outbox.db"))
			enqueue(t, db, "chat:x", "doomed", "next")
			tr := newRecorder(func(m storage.OutboxMessage) error {
				if m.Payload == "doomed" {
					return tt.err
				}
				return nil
			})
			var mu sync.Mutex
			var dead []string
			_, _ = start(t, delivery.Config{Store: db, Transport: tr, MaxAttempts: 3,
				OnDead: func(_ context.Context, m storage.OutboxMessage, _ error) {
					mu.Lock()
					dead = append(dead, m.Payload)
					mu.Unlock()
				}})
			waitFor(t, "the next message sent", func() bool { return len(tr.got("chat:x")) == 1 })
			ms, err := db.OutboxMessages(context.Background(), "test")
			if err != nil {
				t.Fatal(err)
			}
			if ms[0].State != storage.OutboxDead || ms[0].Attempts != tt.attempts || ms[0].LastError == "" {
				t.Errorf("doomed message: %s after %d attempts (%q), want dead after %d", ms[0].State, ms[0].Attempts, ms[0].LastError, tt.attempts)
			}
			mu.Lock()
			defer mu.Unlock()
			if !slices.Equal(dead, []string{"doomed"}) {
				t.Errorf("OnDead told of %v, want [doomed]", dead)
			}
		})
	}
}

// Many recipients at once: each message is sent exactly once and in
// order, although the worker reads the outbox while sends finish (a read
// that began before a send was recorded still shows that message
// pending).
func TestEachMessageSentOnceUnderLoad(t *testing.T) {
	db := openStore(t, filepath.Join(t.TempDir(), "outbox.db"))
	tr := newRecorder(nil)
	_, _ = start(t, delivery.Config{Store: db, Transport: tr, Poll: time.Millisecond})
	const recipients, each = 20, 20
	for i := range each {
		for r := range recipients {
			enqueue(t, db, fmt.Sprintf("chat:%d", r), fmt.Sprintf("%d", i))
		}
	}
	waitFor(t, "every message sent", func() bool { return states(t, db)[storage.OutboxSent] == recipients*each })
	for k, n := range tr.keys {
		if n != 1 {
			t.Errorf("message %s sent %d times", k, n)
		}
	}
	for r := range recipients {
		got := tr.got(fmt.Sprintf("chat:%d", r))
		for i, p := range got {
			if p != fmt.Sprintf("%d", i) {
				t.Errorf("chat:%d got %v, want 0…%d in order", r, got, each-1)
				break
			}
		}
	}
}
