package bot_test

import (
	"context"
	"fmt"
	"math"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"supportbot/bot"
	"supportbot/bot/bottest"
	"supportbot/storage"
)

// recordingStore notes which lookups the engine makes.
type recordingStore struct {
	bot.Store
	mu    sync.Mutex
	calls []string
}

func (s *recordingStore) note(name string) {
	s.mu.Lock()
	s.calls = append(s.calls, name)
	s.mu.Unlock()
}

func (s *recordingStore) take() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	c := s.calls
	s.calls = nil
	return c
}

func (s *recordingStore) CustomerByEmail(ctx context.Context, email string) (storage.Customer, error) {
	s.note("CustomerByEmail")
	return s.Store.CustomerByEmail(ctx, email)
}

func (s *recordingStore) CustomerByLoyaltyCard(ctx context.Context, card string) (storage.Customer, error) {
	s.note("CustomerByLoyaltyCard")
	return s.Store.CustomerByLoyaltyCard(ctx, card)
}

func (s *recordingStore) CustomerByID(ctx context.Context, id int64) (storage.Customer, error) {
	s.note("CustomerByID")
	return s.Store.CustomerByID(ctx, id)
}

func (s *recordingStore) OrderByNumber(ctx context.Context, number string) (storage.Order, error) {
	s.note("OrderByNumber")
	return s.Store.OrderByNumber(ctx, number)
}

func (s *recordingStore) OrdersByCustomer(ctx context.Context, id int64) ([]storage.Order, error) {
	s.note("OrdersByCustomer")
	return s.Store.OrdersByCustomer(ctx, id)
}

func (s *recordingStore) AttemptVerification(ctx context.Context, c storage.IdentityClaim, allow func(storage.RecentFailures) bool) (storage.Verification, error) {
	s.note("AttemptVerification")
	return s.Store.AttemptVerification(ctx, c, allow)
}

// Issue 11, finding 2: a failed check makes the same store calls whether
// the e-mail (or the order, or the card) exists or not. A known e-mail used
// to cost an extra order lookup, which a stopwatch could see.
func TestFailedCheckDoesTheSameWorkWhateverExists(t *testing.T) {
	db := bottest.Store(t)
	rec := &recordingStore{Store: db}
	e := bottest.Engine(t, db, func(cfg *bot.Config) {
		cfg.Store = rec
		cfg.Verify = bot.VerifyConfig{MaxAttempts: 1000, Window: time.Minute, Lockout: time.Minute}
	})
	cases := []struct{ name, text string }{
		{"unknown e-mail, unknown order", "where is my order OP-999999? nobody@example.com"},
		{"known e-mail, unknown order", "where is my order OP-999998? sophie.laurent@example.fr"},
		{"known e-mail, someone else's order", "where is my order OP-100601? sophie.laurent@example.fr"},
		{"unknown e-mail, existing order", "where is my order OP-100701? nobody2@example.com"},
		{"unknown e-mail, unknown card", "my points? card OPL-9999-99 nobody3@example.com"},
		{"known e-mail, someone else's card", "my points? card OPL-1001-01 sophie.laurent@example.fr"},
	}
	var first []string
	for i, c := range cases {
		rec.take()
		resp, err := e.Handle(context.Background(), bot.Incoming{ConversationID: fmt.Sprintf("test:same-%d", i), Channel: bot.ChannelTest, Text: c.text})
		if err != nil {
			t.Fatal(err)
		}
		if len(resp.Replies) == 0 || !strings.Contains(resp.Replies[0].Text, "couldn't verify") {
			t.Fatalf("%s: %+v, want a failed check", c.name, resp.Replies)
		}
		calls := rec.take()
		if i == 0 {
			first = calls
			continue
		}
		if !slices.Equal(calls, first) {
			t.Errorf("%s: store calls %v, want the same as for an unknown e-mail: %v", c.name, calls, first)
		}
	}
}

// BenchmarkVerificationTiming compares the time of a failed identity check
// for a customer's e-mail and for an unknown one (finding 2 of issue 11),
// interleaved, each in a new conversation with an order number that does
// not exist, through the whole engine on SQLite on disk. It reports both
// medians and the two-sample Kolmogorov-Smirnov statistic with its p-value:
// a p-value well above 0.05 means the two distributions can't be told apart.
//
//	go test ./bot -run '^$' -bench VerificationTiming -benchtime 4000x
func BenchmarkVerificationTiming(b *testing.B) {
	db := bottest.Store(b)
	e := bottest.Engine(b, db, func(cfg *bot.Config) {
		// No lock-out: every try goes the whole way.
		cfg.Verify = bot.VerifyConfig{MaxAttempts: 1 << 30, Window: time.Millisecond, Lockout: time.Millisecond}
	})
	ctx := context.Background()
	try := func(i int, email string) time.Duration {
		in := bot.Incoming{ConversationID: fmt.Sprintf("test:timing-%d-%s", i, email[:3]), Channel: bot.ChannelTest,
			Text: fmt.Sprintf("where is my order OP-9%05d? %s", i%100000, email)}
		t0 := time.Now()
		if _, err := e.Handle(ctx, in); err != nil {
			b.Fatal(err)
		}
		return time.Since(t0)
	}
	for i := range 200 { // warm up
		try(i, "sophie.laurent@example.fr")
		try(i, "nobody.known@example.fr")
	}
	var known, unknown []time.Duration
	b.ResetTimer()
	for i := range b.N / 2 {
		if i%2 == 0 {
			known = append(known, try(i, "sophie.laurent@example.fr"))
			unknown = append(unknown, try(i, "nobody.known@example.fr"))
		} else {
			unknown = append(unknown, try(i, "nobody.known@example.fr"))
			known = append(known, try(i, "sophie.laurent@example.fr"))
		}
	}
	b.StopTimer()
	if len(known) == 0 {
		return
	}
	slices.Sort(known)
	slices.Sort(unknown)
	d, p := ks(known, unknown)
	b.ReportMetric(float64(known[len(known)/2].Microseconds()), "known-p50-µs")
	b.ReportMetric(float64(unknown[len(unknown)/2].Microseconds()), "unknown-p50-µs")
	b.ReportMetric(float64((known[len(known)/2] - unknown[len(unknown)/2]).Microseconds()), "diff-p50-µs")
	b.ReportMetric(d, "ks-D")
	b.ReportMetric(p, "ks-p")
}

// ks returns the two-sample Kolmogorov-Smirnov statistic of two sorted
// samples and its asymptotic p-value.
func ks(a, b []time.Duration) (d, p float64) {
	i, j := 0, 0
	for i < len(a) && j < len(b) {
		x := min(a[i], b[j])
		for i < len(a) && a[i] == x {
			i++
		}
		for j < len(b) && b[j] == x {
			j++
		}
		d = max(d, math.Abs(float64(i)/float64(len(a))-float64(j)/float64(len(b))))
	}
	n := float64(len(a)) * float64(len(b)) / float64(len(a)+len(b))
	lambda := (math.Sqrt(n) + 0.12 + 0.11/math.Sqrt(n)) * d
	for k := 1; k <= 100; k++ {
		p += 2 * math.Pow(-1, float64(k-1)) * math.Exp(-2*float64(k*k)*lambda*lambda)
	}
	return d, math.Min(1, math.Max(0, p))
}
