// Package convtest runs conversation test files (the format of package
// bot/script) against the real engine on a real store (an SQLite file of
// its own for each file) holding the
// demo shop or the file's own data, with a desk and senders that record
// what the support team and the customer get. "supportbot test" and the
// engine's own tests (go test ./bot) run the same files through it.
package convtest

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"supportbot/bot"
	"supportbot/bot/script"
	"supportbot/config"
	"supportbot/storage"
	"supportbot/storage/backend"
	"supportbot/storage/demo"
)

// DefaultNow is the clock of a conversation test that sets none: a
// Wednesday morning, within business hours, so that results never depend
// on when the tests run.
var DefaultNow = time.Date(2026, time.November, 18, 10, 30, 0, 0, time.UTC)

// Runner runs conversation test files one after another. Files with the
// same config share one trained classifier: training is the slow part.
type Runner struct {
	// Base is the configuration of files that carry no config.toml.
	Base config.Config
	// DBPath, when set, keeps each file's database there (replaced for
	// every file) instead of in a temporary folder. It is a file path:
	// the files are deleted before each script.
	DBPath string
	// Out receives one line per file, and the failures.
	Out io.Writer
	// ModelCache is the folder the trained classifiers are kept in between
	// runs (bot.ModelCacheDir); empty trains them every run.
	ModelCache string

	clock     testClock
	knowledge map[string]*bot.Knowledge // by config.toml content
}

// RunFile runs the conversation test file name and writes its result
// line. It reports whether every step passed; the error is for a file
// that cannot be run (unreadable, malformed, a bad config or data).
func (r *Runner) RunFile(ctx context.Context, name string) (bool, error) {
	data, err := os.ReadFile(name)
	if err != nil {
		return false, err
	}
	s, err := script.Parse(filepath.Base(name), data)
	if err != nil {
		return false, err
	}
	cfg := r.Base
	if s.Config != nil {
		if cfg, err = config.Parse(s.Config, name); err != nil {
			return false, err
		}
	}
	key := string(s.Config)
	k := r.knowledge[key]
	if k == nil {
		if k, err = config.NewKnowledge(cfg, r.clock.Now, r.ModelCache, nil); err != nil {
			return false, err
		}
		if r.knowledge == nil {
			r.knowledge = map[string]*bot.Knowledge{}
		}
		r.knowledge[key] = k
	}
	now := s.Now
	if now.IsZero() {
		now = DefaultNow
	}
	r.clock.Set(now)
	h, err := newHarness(ctx, cfg, k, r.DBPath, &r.clock, s.Data, !s.NoDesk)
	if err != nil {
		return false, err
	}
	defer h.close()
	failures, err := s.Run(ctx, h)
	if err != nil {
		return false, err
	}
	out := r.Out
	if out == nil {
		out = io.Discard
	}
	if len(failures) == 0 {
		fmt.Fprintf(out, "ok   %s (%d steps)\n", name, len(s.Steps))
		return true, nil
	}
	fmt.Fprintf(out, "FAIL %s\n", name)
	for _, f := range failures {
		fmt.Fprintf(out, "  %s\n", f)
	}
	return false, nil
}

// testClock is the clock of a conversation test: fixed, moved on by the script.
type testClock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *testClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *testClock) Set(t time.Time) {
	c.mu.Lock()
	c.now = t
	c.mu.Unlock()
}

func (c *testClock) Advance(d time.Duration) {
	c.mu.Lock()
	c.now = c.now.Add(d)
	c.mu.Unlock()
}

// harness runs a script against the real engine on a real store,
// with a desk and senders that record what the team and the customer get.
type harness struct {
	cfg    config.Config
	br     *bot.Knowledge
	path   string
	tmp    string
	clock  *testClock
	db     backend.Store
	engine *bot.Engine
	desk   *recordingDesk
	sent   *recordingSender
}

var _ script.Harness = (*harness)(nil)

func newHarness(ctx context.Context, cfg config.Config, br *bot.Knowledge, dbPath string, clock *testClock, data []byte, withDesk bool) (*harness, error) {
	h := &harness{cfg: cfg, br: br, clock: clock, sent: &recordingSender{}}
	if withDesk {
		h.desk = &recordingDesk{}
	}
	if backend.IsPostgres(dbPath) {
		// Replacing the database would mean emptying a shared one.
		return nil, errors.New("the database of conversation tests is replaced for every file: give a file path, not a PostgreSQL URL")
	}
	if dbPath == "" {
		dir, err := os.MkdirTemp("", "supportbot-test-")
		if err != nil {
			return nil, err
		}
		h.tmp, dbPath = dir, filepath.Join(dir, "test.db")
	}
	for _, suffix := range []string{"", "-wal", "-shm"} {
		if err := os.Remove(dbPath + suffix); err != nil && !errors.Is(err, os.ErrNotExist) {
			return nil, err
		}
	}
	h.path = dbPath
	if err := h.open(ctx); err != nil {
		h.close()
		return nil, err
	}
	f := demo.Shop(clock.Now())
	if data != nil {
		var err error
		if f, err = storage.DecodeImport(bytes.NewReader(data)); err != nil {
			h.close()
			return nil, fmt.Errorf("data.json: %w", err)
		}
	}
	if _, err := h.db.Import(ctx, f); err != nil {
		h.close()
		return nil, fmt.Errorf("data.json: %w", err)
	}
	return h, nil
}

func (h *harness) open(ctx context.Context) error {
	db, err := backend.Open(ctx, h.path, backend.Config{Now: h.clock.Now})
	if err != nil {
		return err
	}
	e, err := config.NewEngine(h.cfg, h.br, db, slog.New(slog.DiscardHandler), nil, h.clock.Now)
	if err != nil {
		db.Close()
		return err
	}
	if h.desk != nil {
		e.SetDesk(h.desk)
	}
	for _, ch := range []string{bot.ChannelTest, bot.ChannelTelegram, bot.ChannelDiscord} {
		e.SetSender(ch, h.sent)
	}
	h.db, h.engine = db, e
	return nil
}

func (h *harness) close() {
	if h.db != nil {
		h.db.Close()
	}
	if h.tmp != "" {
		os.RemoveAll(h.tmp)
	}
}

func (h *harness) Handle(ctx context.Context, in bot.Incoming) (bot.Response, error) {
	return h.engine.Handle(ctx, in)
}

func (h *harness) Agent(ctx context.Context, conv, kind, agent, text string) ([]bot.Reply, error) {
	if h.desk == nil {
		return nil, errors.New("no agent desk (desk off)")
	}
	ref := h.desk.ref(conv)
	if ref == "" {
		return nil, errors.New("no hand-off to act on")
	}
	id := "U-" + strings.ToLower(agent)
	var err error
	switch kind {
	case script.AgentTake:
		err = h.engine.AgentTake(ctx, ref, id, agent)
	case script.AgentDone:
		err = h.engine.AgentResolve(ctx, ref, id, agent)
	default:
		err = h.engine.AgentReply(ctx, ref, id, agent, text)
	}
	if err != nil {
		return nil, err
	}
	return h.sent.take(conv), nil
}

func (h *harness) Restart(ctx context.Context) error {
	if err := h.db.Close(); err != nil {
		return err
	}
	return h.open(ctx)
}

func (h *harness) Advance(d time.Duration) { h.clock.Advance(d) }

// recordingDesk stands in for Slack in conversation tests: it records the
// hand-offs and the messages relayed to them.
type recordingDesk struct {
	mu    sync.Mutex
	refs  map[string]string // conversation -> desk reference
	n     int
	relay []storage.Message
}

var _ bot.AgentDesk = (*recordingDesk)(nil)

func (d *recordingDesk) Open(ctx context.Context, b bot.Brief) (string, error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.refs == nil {
		d.refs = map[string]string{}
	}
	d.n++
	ref := fmt.Sprintf("desk-%d", d.n)
	d.refs[b.Conversation.ID] = ref
	return ref, nil
}

func (d *recordingDesk) Relay(ctx context.Context, ref string, msg storage.Message, _ []storage.Attachment) error {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.relay = append(d.relay, msg)
	return nil
}

func (d *recordingDesk) Closed(ctx context.Context, ref string) error { return nil }

func (d *recordingDesk) ref(conv string) string {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.refs[conv]
}

// recordingSender records what the engine sends to customers outside of a
// reply (an agent's words, the bot taking back the conversation).
type recordingSender struct {
	mu   sync.Mutex
	sent map[string][]bot.Reply
}

func (s *recordingSender) Send(ctx context.Context, conv storage.Conversation, replies []bot.Reply) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.sent == nil {
		s.sent = map[string][]bot.Reply{}
	}
	s.sent[conv.ID] = append(s.sent[conv.ID], replies...)
	return nil
}

func (s *recordingSender) take(conv string) []bot.Reply {
	s.mu.Lock()
	defer s.mu.Unlock()
	r := s.sent[conv]
	delete(s.sent, conv)
	return r
}
