package slack

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"supportbot/bot"
	"supportbot/bot/policy"
	"supportbot/faq"
	"supportbot/intents"
	"supportbot/locales"
	"supportbot/storage"
	"supportbot/storage/demo"
	"supportbot/storage/sqlite"

	"supportbot/bot/slack/slackfake"
)

// knowledge is what the real engine knows, built from the embedded locale
// files as the program builds it. Training the classifier is the slow
// part, so the test binary does it once.
type knowledge struct {
	texts  *bot.Texts
	parser *intents.Parser
	faq    *bot.FAQAnswers
}

var testShop = bot.Shop{Name: "Opaline", Email: "aide@opaline.example", DefaultLang: "fr"}

var loadKnowledge = sync.OnceValues(func() (*knowledge, error) {
	langs := locales.Languages
	texts, err := bot.LoadTexts(locales.FS, langs...)
	if err != nil {
		return nil, err
	}
	entries, err := faq.LoadAll(locales.FS, langs)
	if err != nil {
		return nil, err
	}
	examples, err := intents.LoadTraining(locales.FS)
	if err != nil {
		return nil, err
	}
	for lang, es := range entries {
		for _, e := range es {
			for _, q := range e.Questions {
				examples = append(examples, intents.Example{Text: q, Intent: intents.FAQ, Lang: lang})
			}
		}
	}
	parser, err := intents.NewParser(intents.Config{}, examples)
	if err != nil {
		return nil, err
	}
	facts := map[string]faq.Facts{}
	for _, lang := range langs {
		facts[lang] = bot.Facts(texts, policy.Defaults(), testShop, lang)
	}
	answers, err := bot.NewFAQ(faq.NewIndex(entries, intents.Analyze, faq.Config{}), entries, facts)
	if err != nil {
		return nil, err
	}
	return &knowledge{texts: texts, parser: parser, faq: answers}, nil
})

func mustKnowledge(tb testing.TB) *knowledge {
	tb.Helper()
	k, err := loadKnowledge()
	if err != nil {
		tb.Fatalf("load the engine's knowledge: %v", err)
	}
	return k
}

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
	db    *sqlite.DB
	mu    sync.Mutex
	calls int
}

func (c *countingDeliveries) MarkProcessed(ctx context.Context, source, key string) (bool, error) {
	c.mu.Lock()
	c.calls++
	c.mu.Unlock()
	return c.db.MarkProcessed(ctx, source, key)
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
	db         *sqlite.DB
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
	k := mustKnowledge(tb)
	ctx := context.Background()
	db, err := sqlite.Open(ctx, filepath.Join(tb.TempDir(), "supportbot.db"))
	if err != nil {
		tb.Fatalf("open the store: %v", err)
	}
	tb.Cleanup(func() { db.Close() })
	if _, err := db.Import(ctx, demo.Shop(time.Now())); err != nil {
		tb.Fatalf("load the demo shop: %v", err)
	}
	engine, err := bot.New(bot.Config{
		Store: db, Parser: k.parser, FAQ: k.faq, Texts: k.texts, Policy: policy.Defaults(), Shop: testShop,
	})
	if err != nil {
		tb.Fatalf("new engine: %v", err)
	}
	fake := slackfake.New(slackfake.Config{})
	tb.Cleanup(fake.Close)
	fake.AddUser(slackfake.User{ID: agentID, Name: "alice", RealName: agentName})
	fake.AddUser(slackfake.User{ID: agent2ID, Name: "bob", RealName: "Bob Durand"})
	cfg := Config{
		BotToken: fake.Config().BotToken, SigningSecret: testSecret, Channel: testChannel,
		APIURL: fake.URL, Lang: "fr", Logger: testLogger(tb).With("channel", "slack"),
	}
	for _, o := range opts {
		o(&cfg)
	}
	r := &rig{tb: tb, slack: fake, db: db, engine: engine, sent: &recordingSender{},
		deliveries: &countingDeliveries{db: db}, signer: slackfake.Signer{Secret: testSecret}}
	r.desk, err = New(ctx, cfg, engine, r.deliveries, k.texts)
	if err != nil {
		tb.Fatalf("new desk: %v", err)
	}
	engine.SetDesk(r.desk)
	engine.SetSender(bot.ChannelTelegram, r.sent)
	runCtx, cancel := context.WithCancel(ctx)
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
// posted.
func (r *rig) handOff(conv string) slackfake.Message {
	r.tb.Helper()
	before := len(r.slack.Roots(testChannel))
	resp := r.say(conv, "je veux parler à un conseiller")
	if !resp.Handoff {
		r.tb.Fatalf("asking for a person: no hand-off; replies %+v", resp.Replies)
	}
	roots := r.slack.Roots(testChannel)
	if len(roots) != before+1 {
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
