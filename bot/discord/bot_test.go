package discord

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"

	"supportbot/bot"
	"supportbot/bot/discord/discordtest"
	"supportbot/storage/backend"
)

// IDs of the tests' Discord.
const (
	guildID        = "600000000000000001"
	supportChannel = "700000000000000001"
	otherChannel   = "700000000000000002"
	dmChannel      = "710000000000000001"
	customerID     = "800000000000000001"
	otherCustomer  = "800000000000000002"
)

// waitLong bounds the waits on the fake; only a broken bot reaches it.
const waitLong = 10 * time.Second

// fixture is a bot on the real engine and a fresh demo database, talking to
// a fake Discord.
type fixture struct {
	fake   *discordtest.Server
	db     backend.Store
	engine *bot.Engine
	bot    *Bot
	logs   *bytes.Buffer
}

func newFixture(tb testing.TB, configure ...func(*Config)) *fixture {
	tb.Helper()
	f := &fixture{fake: discordtest.NewServer(tb), db: mustDemoDB(tb), logs: &bytes.Buffer{}}
	f.engine = mustEngine(tb, f.db)
	f.bot = f.newBot(tb, configure...)
	return f
}

// newBot starts another bot on the fixture's database, as after a restart.
func (f *fixture) newBot(tb testing.TB, configure ...func(*Config)) *Bot {
	tb.Helper()
	cfg := Config{
		Token: f.fake.Token(), SupportChannel: supportChannel, HTTPClient: f.fake.Client(),
		Logger:           slog.New(slog.NewJSONHandler(&lockedWriter{w: f.logs}, &slog.HandlerOptions{Level: slog.LevelDebug})),
		MaxRateLimitWait: 2 * time.Second,
	}
	for _, c := range configure {
		c(&cfg)
	}
	b, err := New(context.Background(), cfg, f.engine, f.db, mustKnowledge(tb).Texts)
	if err != nil {
		tb.Fatalf("New: %v", err)
	}
	return b
}

// deliver hands a message to the bot as the gateway would, waits until it
// is handled and returns what the bot posted meanwhile.
func (f *fixture) deliver(tb testing.TB, m *discordgo.Message) []discordtest.Post {
	tb.Helper()
	return f.deliverTo(tb, f.bot, m)
}

func (f *fixture) deliverTo(tb testing.TB, b *Bot, m *discordgo.Message) []discordtest.Post {
	tb.Helper()
	before := len(f.fake.Posts())
	b.onMessage(context.Background(), m)
	b.lanes.wait()
	return f.fake.Posts()[before:]
}

// press hands a button press to the bot, waits until it is handled and
// returns what the bot posted meanwhile.
func (f *fixture) press(tb testing.TB, i *discordgo.Interaction) []discordtest.Post {
	tb.Helper()
	before := len(f.fake.Posts())
	f.bot.onInteraction(context.Background(), i)
	f.bot.lanes.wait()
	return f.fake.Posts()[before:]
}

// say delivers a direct message from the customer and returns the bot's
// answer as one text.
func (f *fixture) say(tb testing.TB, text string) string {
	tb.Helper()
	return joined(f.deliver(tb, f.dm(customerID, dmChannel, text)))
}

// dm is a direct message.
func (f *fixture) dm(userID, channelID, text string) *discordgo.Message {
	return &discordgo.Message{
		ID: f.fake.NewID(), ChannelID: channelID, Content: text, Type: discordgo.MessageTypeDefault,
		Author: &discordgo.User{ID: userID, Username: "customer"}, Timestamp: time.Now(),
	}
}

// inChannel is a message in a guild channel, mentioning the bot or not.
func (f *fixture) inChannel(channelID, userID, text string, mention bool) *discordgo.Message {
	m := f.dm(userID, channelID, text)
	m.GuildID = guildID
	if mention {
		m.Content = "<@" + discordtest.BotID + "> " + text
		m.Mentions = []*discordgo.User{{ID: discordtest.BotID, Bot: true}}
	}
	return m
}

// joined is the text of posts, one per line.
func joined(posts []discordtest.Post) string {
	var b strings.Builder
	for _, p := range posts {
		b.WriteString(p.Content)
		b.WriteString("\n")
	}
	return b.String()
}

// mustContain fails unless got has every one of wants.
func mustContain(tb testing.TB, got string, wants ...string) {
	tb.Helper()
	for _, w := range wants {
		if !strings.Contains(got, w) {
			tb.Errorf("answer %q does not contain %q", got, w)
		}
	}
}

// lockedWriter lets the log handler and the test share the buffer.
type lockedWriter struct {
	mu sync.Mutex
	w  *bytes.Buffer
}

func (w *lockedWriter) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.w.Write(p)
}

func TestNewChecksTheToken(t *testing.T) {
	fake := discordtest.NewServer(t)
	db := mustDemoDB(t)
	e := mustEngine(t, db)
	texts := mustKnowledge(t).Texts
	tests := []struct {
		name    string
		token   string
		wantErr bool
	}{
		{name: "bare token", token: fake.Token()},
		{name: "with the Bot prefix", token: "Bot " + fake.Token()},
		{name: "wrong token", token: "not-the-token", wantErr: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b, err := New(context.Background(), Config{Token: tt.token, HTTPClient: fake.Client()}, e, db, texts)
			if tt.wantErr {
				if err == nil || !strings.Contains(strings.ToLower(err.Error()), "discord") {
					t.Fatalf("New with a wrong token: err = %v, want an error naming discord", err)
				}
				if strings.Contains(err.Error(), tt.token) {
					t.Errorf("error %q shows the token", err)
				}
				return
			}
			if err != nil {
				t.Fatalf("New: %v", err)
			}
			if got, want := b.me, discordtest.BotID; got != want {
				t.Errorf("bot user = %q, want %q", got, want)
			}
		})
	}
}

func TestNewRefusesMissingParts(t *testing.T) {
	db := mustDemoDB(t)
	e := mustEngine(t, db)
	texts := mustKnowledge(t).Texts
	tests := []struct {
		name   string
		token  string
		engine Engine
		deliv  Deliveries
		texts  *bot.Texts
	}{
		{name: "no token", token: " ", engine: e, deliv: db, texts: texts},
		{name: "no engine", token: "t", deliv: db, texts: texts},
		{name: "no deliveries", token: "t", engine: e, texts: texts},
		{name: "no texts", token: "t", engine: e, deliv: db},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := New(context.Background(), Config{Token: tt.token}, tt.engine, tt.deliv, tt.texts)
			if err == nil || !strings.HasPrefix(err.Error(), "discord:") {
				t.Fatalf("err = %v, want a discord: error", err)
			}
		})
	}
}

// TestRunOverTheGateway runs the bot against the fake gateway: it
// identifies with the intents it needs, answers a DM the gateway
// dispatches, ignores its own message echoed back, and closes when the
// context ends.
func TestRunOverTheGateway(t *testing.T) {
	f := newFixture(t)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- f.bot.Run(ctx) }()

	id := f.fake.WaitIdentify(t, waitLong)
	if got, want := id.Intents, discordgo.IntentsGuildMessages|discordgo.IntentsDirectMessages|discordgo.IntentMessageContent; got != want {
		t.Errorf("intents = %d, want %d (guild messages, DMs, message content)", got, want)
	}
	if err := f.bot.Run(ctx); !errors.Is(err, ErrRunning) {
		t.Errorf("second Run: err = %v, want ErrRunning", err)
	}
	f.fake.Dispatch("MESSAGE_CREATE", f.dm(customerID, dmChannel, "Bonjour"))
	posts := f.fake.WaitPosts(t, 1, waitLong)
	mustContain(t, posts[0].Content, "Opaline")

	cancel()
	waitRunReturned(t, done)
	f.fake.WaitDisconnected(t, waitLong)
	if got := len(f.fake.Posts()); got != 1 {
		t.Errorf("%d messages posted, want 1: the bot must not answer its own message", got)
	}
}

// waitRunReturned waits for Run, whose error comes on done, to return
// without one once its context ended.
func waitRunReturned(t *testing.T, done <-chan error) {
	t.Helper()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("Run: %v", err)
		}
	case <-time.After(waitLong):
		t.Fatal("Run did not return after the context ended")
	}
}

// TestRunClosesAGatewayOpenedAsItStops: the context ends while the
// gateway is being opened; Run still closes the session it opened, which
// would otherwise stay connected after Run returned.
func TestRunClosesAGatewayOpenedAsItStops(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	f := newFixture(t, func(c *Config) {
		// Told up from inside the library's Open, before it returns.
		c.OnHealth = func(err error) {
			if err == nil {
				cancel()
			}
		}
	})
	done := make(chan error, 1)
	go func() { done <- f.bot.Run(ctx) }()
	waitRunReturned(t, done)
	f.fake.WaitDisconnected(t, waitLong)
}

// TestRunReconnects: a gateway connection lost is made again by Run (the
// library's own reconnect is off), and the bot answers what the customer
// says once it is back. The message is said, not only dispatched: a
// heartbeat goroutine of discordgo that first runs after its connection
// was closed closes the session's next connection too, and an event
// dispatched on that one is lost (the fake does not resume); the DM, known
// from the first message, is read back at the next READY.
func TestRunReconnects(t *testing.T) {
	f := newFixture(t)
	f.say(t, "Bonjour")
	before := len(f.fake.Posts())
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- f.bot.Run(ctx) }()
	defer func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("Run: %v", err)
		}
		f.fake.WaitDisconnected(t, waitLong)
	}()
	f.fake.WaitIdentify(t, waitLong)
	f.fake.DropConnections()
	f.fake.WaitDisconnected(t, waitLong)
	deadline := time.Now().Add(waitLong)
	for f.fake.Connected() == 0 {
		if time.Now().After(deadline) {
			t.Fatal("the bot did not connect again")
		}
		time.Sleep(10 * time.Millisecond)
	}
	f.fake.Say(f.dm(customerID, dmChannel, "what are your delivery times?"))
	f.fake.WaitPosts(t, before+1, waitLong)
}

// TestRunWithoutMessageContentIntent: the portal does not allow the
// Message Content intent; Run fails and says what to switch on.
func TestRunWithoutMessageContentIntent(t *testing.T) {
	f := newFixture(t)
	f.fake.DisallowIntents(discordgo.IntentMessageContent)
	err := f.bot.Run(context.Background())
	if err == nil || !strings.Contains(err.Error(), "4014") || !strings.Contains(err.Error(), "Message Content") {
		t.Fatalf("Run: err = %v, want the 4014 refusal and what to do", err)
	}
}

// TestLogsHoldNoText checks that a whole conversation leaves no customer
// text, e-mail or token in the logs, at debug level.
func TestLogsHoldNoText(t *testing.T) {
	f := newFixture(t)
	f.say(t, "where is my order? sophie.laurent@example.fr OP-100701")
	f.say(t, "!logout")
	f.fake.RateLimit(1, 10*time.Millisecond)
	f.say(t, "and my points?")
	logs := f.logs.String()
	if logs == "" {
		t.Fatal("no logs at all: the test would prove nothing")
	}
	for _, secret := range []string{"sophie.laurent", "OP-100701", "points?", f.fake.Token(), "XY250174011FR"} {
		if strings.Contains(logs, secret) {
			t.Errorf("logs contain %q:\n%s", secret, logs)
		}
	}
}

// Issue 12: a gateway unreachable for a moment (502 on the websocket) is
// tried again with backoff, the health told, until the bot is on.
func TestRunRetriesAnUnreachableGateway(t *testing.T) {
	var (
		mu     sync.Mutex
		health []error
	)
	f := newFixture(t, func(c *Config) {
		c.OnHealth = func(err error) {
			mu.Lock()
			defer mu.Unlock()
			health = append(health, err)
		}
	})
	f.fake.FailGateway(1)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- f.bot.Run(ctx) }()
	f.fake.WaitIdentify(t, waitLong)
	cancel()
	if err := <-done; err != nil {
		t.Fatalf("Run: %v", err)
	}
	mu.Lock()
	defer mu.Unlock()
	// Up somewhere after the failure: the cancel that ends the test may
	// itself be told ("connection lost") after it, on a loaded machine.
	if len(health) < 2 || health[0] == nil || !slices.Contains(health[1:], nil) {
		t.Errorf("health told %v, want the failure, then up", health)
	}
}
