package telegram

import (
	"bytes"
	"log/slog"
	"strings"
	"sync"
	"testing"

	"supportbot/bot"
	"supportbot/bot/bottest"
	"supportbot/storage/backend"
)

// mustStore opens a fresh database holding the demo shop.
func mustStore(tb testing.TB) backend.Store { return bottest.Store(tb) }

// mustEngine is the real conversation engine on db.
func mustEngine(tb testing.TB, db backend.Store) *bot.Engine { return bottest.Engine(tb, db) }

// logBuffer collects what the adapter logs, to check what it leaves out.
type logBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (l *logBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.Write(p)
}

func (l *logBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.String()
}

// newTestLogger logs at debug level into a buffer that the test prints if
// it fails, and checks at the end that no secret reached the log.
func newTestLogger(tb testing.TB, secrets ...string) (*slog.Logger, *logBuffer) {
	tb.Helper()
	lb := &logBuffer{}
	tb.Cleanup(func() {
		logs := lb.String()
		for _, s := range secrets {
			if strings.Contains(logs, s) {
				tb.Errorf("the log holds %q, which must never be logged", s)
			}
		}
		if tb.Failed() {
			tb.Logf("adapter log:\n%s", logs)
		}
	})
	return slog.New(slog.NewTextHandler(lb, &slog.HandlerOptions{Level: slog.LevelDebug})), lb
}

// mustKnowledge is the real engine's knowledge, trained once per test binary.
func mustKnowledge(tb testing.TB) *bot.Knowledge { return bottest.Knowledge(tb) }
