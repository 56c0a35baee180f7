package slack

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"supportbot/bot"
	"supportbot/bot/bottest"
	"supportbot/storage"
	"supportbot/storage/backend"

	"supportbot/bot/slack/slackfake"
)

// sentReply is what the customer's channel was asked to deliver.
type sentReply struct {
	Conversation string
	Reply        bot.Reply
}

// recordingSender is the customer's channel: it records what the engine
// delivers outside a customer's own turn (agents' replies, notices).
type recordingSender struct {
	mu      sync.Mutex
	replies []sentReply
}

func (s *recordingSender) Send(ctx context.Context, conv storage.Conversation, replies []bot.Reply) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, r := range replies {
		s.replies = append(s.replies, sentReply{Conversation: conv.ID, Reply: r})
	}
	return nil
}

func (s *recordingSender) all() []sentReply {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]sentReply(nil), s.replies...)
}

// countingDeliveries counts the calls to the real delivery log, to show
// that a rejected request marked nothing.
type countingDeliveries struct {
	db    backend.Store
	mu    sync.Mutex
	calls int
}

func (c *countingDeliveries) MarkProcessed(ctx context.Context, source, key string) (bool, error) {
	c.mu.Lock()
	c.calls++
	c.mu.Unlock()
	return c.db.MarkProcessed(ctx, source, key)
}

func (c *countingDeliveries) DeliveryResult(ctx context.Context, source, key string) (string, error) {
	c.mu.Lock()
	c.calls++
	c.mu.Unlock()
	return c.db.DeliveryResult(ctx, source, key)
}

func (c *countingDeliveries) count() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.calls
}

// Test workspace.
const (
	testChannel = "CSUPPORT1"
	testSecret  = "8f742231b10e8888abcd99yyyzzz85a5"
	agentID     = "UAGENT01"
	agentName   = "Alice Martin"
	agent2ID    = "UAGENT02"
	customerTG  = "telegram:4242"
)

// rig is the whole desk on a real engine, a real SQLite store with the
// demo shop, and a fake Slack.
type rig struct {
	tb         testing.TB
	slack      *slackfake.Server
	db         backend.Store
	engine     *bot.Engine
	desk       *Desk
	sent       *recordingSender
	deliveries *countingDeliveries
	srv        *httptest.Server
	signer     slackfake.Signer
}

type rigOption func(*Config)

func newRig(tb testing.TB, opts ...rigOption) *rig {
	tb.Helper()
	db := bottest.Store(tb)
	engine := bottest.Engine(tb, db)
	fake := slackfake.New(slackfake.Config{})
	tb.Cleanup(fake.Close)
	fake.AddUser(slackfake.User{ID: agentID, Name: "alice", RealName: agentName})
	fake.AddUser(slackfake.User{ID: agent2ID, Name: "bob", RealName: "Bob Durand"})
	// The support team: the members of the support channel.
	fake.Join(testChannel, agentID, agent2ID, fake.Config().BotUserID)
	cfg := Config{
		BotToken: fake.Config().BotToken, SigningSecret: testSecret, Channel: testChannel,
		APIURL: fake.URL, Lang: "fr", Logger: testLogger(tb).With("channel", "slack"),
	}
	for _, o := range opts {
		o(&cfg)
	}
	r := &rig{tb: tb, slack: fake, db: db, engine: engine, sent: &recordingSender{},
		deliveries: &countingDeliveries{db: db}, signer: slackfake.Signer{Secret: testSecret}}
	var err error
	r.desk, err = New(context.Background(), cfg, engine, r.deliveries, bottest.Knowledge(tb).Texts)
	if err != nil {
		tb.Fatalf("new desk: %v", err)
	}
	engine.SetDesk(r.desk)
	engine.SetSender(bot.ChannelTelegram, r.sent)
	runCtx, cancel := context.WithCancel(context.Background())
	stopped := make(chan error, 1)
	go func() { stopped <- r.desk.Run(runCtx) }()
	tb.Cleanup(func() {
		cancel()
		if err := <-stopped; err != nil {
			tb.Errorf("desk.Run: %v", err)
		}
	})
	r.srv = httptest.NewServer(r.desk.Handler())
	tb.Cleanup(r.srv.Close)
	return r
}

// testLogger writes the desk's log into the test's output.
func testLogger(tb testing.TB) *slog.Logger {
	return slog.New(slog.NewTextHandler(tbWriter{tb}, &slog.HandlerOptions{Level: slog.LevelDebug}))
}

type tbWriter struct{ tb testing.TB }

func (w tbWriter) Write(p []byte) (int, error) {
	w.tb.Log(strings.TrimSpace(string(p)))
	return len(p), nil
}

// say is the customer writing on Telegram.
func (r *rig) say(conv, text string) bot.Response {
	r.tb.Helper()
	resp, err := r.engine.Handle(context.Background(), bot.Incoming{
		ConversationID: conv, Channel: bot.ChannelTelegram, UserID: strings.TrimPrefix(conv, "telegram:"), Text: text,
	})
	if err != nil {
		r.tb.Fatalf("customer says %q: %v", text, err)
	}
	return resp
}

// handOff has the customer ask for a person and returns the root message
// posted: by the turn itself, or, with the desk's outbox (withDeskOutbox),
// by its worker after the turn, when the hand-off has recorded it.
func (r *rig) handOff(conv string) slackfake.Message {
	r.tb.Helper()
	before := len(r.slack.Roots(testChannel))
	resp := r.say(conv, "je veux parler à un conseiller")
	if !resp.Handoff {
		r.tb.Fatalf("asking for a person: no hand-off; replies %+v", resp.Replies)
	}
	posted := r.slack.Wait(10*time.Second, func() bool {
		h, err := r.db.OpenHandoff(context.Background(), conv)
		return err == nil && h.DeskRef != "" && len(r.slack.Roots(testChannel)) >= before+1
	})
	roots := r.slack.Roots(testChannel)
	if !posted || len(roots) != before+1 {
		r.tb.Fatalf("got %d root messages, want %d", len(roots), before+1)
	}
	return roots[len(roots)-1]
}

// url is the desk's address for path.
func (r *rig) url(path string) string { return r.srv.URL + path }

// do sends a request to the desk and returns the response's status and
// body.
func (r *rig) do(req *http.Request) (int, string) {
	r.tb.Helper()
	resp, err := r.srv.Client().Do(req)
	if err != nil {
		r.tb.Fatalf("request %s: %v", req.URL.Path, err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		r.tb.Fatalf("read answer to %s: %v", req.URL.Path, err)
	}
	return resp.StatusCode, string(body)
}

// reply is an agent writing in a hand-off's thread, delivered once.
func (r *rig) reply(root slackfake.Message, user, text string) (int, string) {
	r.tb.Helper()
	ts := r.slack.NewTS()
	ev := slackfake.Event{ID: "Ev" + strings.ReplaceAll(ts, ".", ""), Inner: slackfake.ThreadReply(testChannel, root.TS, ts, user, text)}
	return r.do(r.signer.EventRequest(r.url("/slack/events"), ev))
}

// press is an agent pressing a button of a root message.
func (r *rig) press(root slackfake.Message, user, actionID string) (int, string) {
	r.tb.Helper()
	a, err := r.slack.Button(testChannel, root.TS, actionID)
	if err != nil {
		r.tb.Fatal(err)
	}
	a.User, a.UserName = user, "handle-"+user
	return r.do(r.signer.ActionRequest(r.url("/slack/interactivity"), a))
}

// waitSent waits for the customer's channel to have n replies.
func (r *rig) waitSent(n int) []sentReply {
	r.tb.Helper()
	if !r.slack.Wait(5*time.Second, func() bool { return len(r.sent.all()) >= n }) {
		r.tb.Fatalf("customer got %d replies, want %d: %+v", len(r.sent.all()), n, r.sent.all())
	}
	return r.sent.all()
}

// conversation reads a conversation from the store.
func (r *rig) conversation(id string) storage.Conversation {
	r.tb.Helper()
	c, err := r.db.Conversation(context.Background(), id)
	if err != nil {
		r.tb.Fatalf("conversation %s: %v", id, err)
	}
	return c
}

// mustKnowledge is the real engine's knowledge, trained once per test binary.
func mustKnowledge(tb testing.TB) *bot.Knowledge { return bottest.Knowledge(tb) }
