// Package telegram connects customers on Telegram to the conversation
// engine, over the Bot API with go-telegram-bot-api.
//
// Updates arrive by long polling (our own getUpdates loop, not the
// library's GetUpdatesChan, which confirms updates before they are handled
// and ignores retry_after) or, when a webhook URL is configured, at
// WebhookHandler. Either way an update is confirmed to Telegram (the next
// poll's offset, the webhook's 200) only once it is handled: its turn
// committed with its update_id (bot.Incoming.Delivery), or, for what is not
// a turn (a command, a group message), the adapter recorded it with
// MarkProcessed. A redelivery — after a crash, a restart or a webhook retry
// — of an update handled is skipped; one whose turn did not commit is
// handled as new. Updates of one chat are handled in order, chats in
// parallel.
//
// Replies to customers, agents' replies and notices are rows of the outbox
// that Deliver sends for the delivery worker (bot/delivery); the adapter's
// own answers go out through Send. Both keep within about 1 message a
// second per chat and 30 overall, split at 4096 UTF-16 code units, and
// wait out a 429's retry_after rather than drop the message; a 429 holds
// back only the chat that got it. Message texts and the token are never
// logged.
package telegram

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"sync/atomic"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
	"golang.org/x/time/rate"

	"supportbot/bot"
	"supportbot/bot/delivery"
	"supportbot/storage"
)

// Engine is what the adapter needs of the conversation engine; *bot.Engine
// implements it.
type Engine interface {
	Handle(ctx context.Context, in bot.Incoming) (bot.Response, error)
	Logout(ctx context.Context, conversationID, channel, userID string) error
	SetLanguage(ctx context.Context, conversationID, channel, lang string) error
}

// Deliveries records handled updates so that each is handled once, across
// restarts; the store implements it. The engine records the updates that
// are turns, in the turn's transaction; the adapter those that are not
// (commands, group messages).
type Deliveries interface {
	MarkProcessed(ctx context.Context, source, key string) (bool, error)
	// DeliveryResult finds an update already handled, or returns
	// storage.ErrNotFound.
	DeliveryResult(ctx context.Context, source, key string) (string, error)
}

// Conversations reads stored conversations; the store implements it. The
// adapter only reads the language, to word its own commands' answers in the
// language the conversation speaks.
type Conversations interface {
	Conversation(ctx context.Context, id string) (storage.Conversation, error)
}

// Config holds the adapter's settings. Only Token is required.
type Config struct {
	Token string
	// APIEndpoint is the Bot API server's base URL without a path; methods
	// are called at {base}/bot{token}/{method} and files downloaded from
	// {base}/file/bot{token}/{file_path}. Default https://api.telegram.org.
	APIEndpoint string
	// WebhookURL, when set, selects webhook mode: Run registers it with
	// setWebhook and updates arrive at WebhookHandler. WebhookSecret is then
	// required: 1 to 256 characters from A-Z, a-z, 0-9, _ and -.
	WebhookURL    string
	WebhookSecret string

	Logger     *slog.Logger
	HTTPClient *http.Client // default: a client without timeout; every call has its own deadline
	// Conversations, when set, gives the language of the adapter's own
	// answers (/help, /logout); else the user's Telegram language is used.
	Conversations Conversations

	PollTimeout time.Duration // long-poll wait per getUpdates call, default 30s
	Limits      Limits
	Metrics     *delivery.Metrics // optional
	// OnHealth is told when polling works (nil) and when it fails (the
	// error); optional.
	OnHealth func(err error)
}

// Limits bound what the adapter sends and holds. Zero fields take defaults.
type Limits struct {
	PerChat      rate.Limit // messages a second in one chat, default 1
	PerChatBurst int        // default 3
	Global       rate.Limit // messages a second in all, default 30
	GlobalBurst  int        // default 10

	// SendAttempts bounds the tries of one message after 429s and
	// transient errors, default 5.
	SendAttempts int
	// Backoff is the first wait after a failed call that gave no
	// retry_after; it doubles, with jitter, up to a minute. Default 1s.
	Backoff time.Duration

	Queue          int           // updates waiting or being handled at once, default 1000
	PhotoBytes     int64         // largest photo downloaded, default 10 MB
	WebhookBytes   int64         // largest webhook request body, default 1 MB
	HandleTimeout  time.Duration // handling one update, replies included, default 2 min
	ShutdownWait   time.Duration // Run's wait for updates in hand when stopping, default 30s
	CallbackMemory int           // long button payloads remembered, default 4096
}

// LogValue keeps the token and the webhook secret out of logs.
func (c Config) LogValue() slog.Value {
	return slog.GroupValue(
		slog.String("api_endpoint", c.APIEndpoint),
		slog.Bool("webhook", c.WebhookURL != ""),
		slog.String("token", "[redacted]"),
	)
}

const (
	defaultEndpoint = "https://api.telegram.org"
	maxMessageUnits = 4096 // sendMessage's limit, in UTF-16 code units
	source          = "telegram"
)

// allowedUpdates are the update kinds the bot asks for; the others (edited
// messages, channel posts, inline queries) are never delivered.
var allowedUpdates = []string{"message", "callback_query"}

func (c *Config) setDefaults() {
	c.APIEndpoint = strings.TrimRight(c.APIEndpoint, "/")
	if c.APIEndpoint == "" {
		c.APIEndpoint = defaultEndpoint
	}
	if c.Logger == nil {
		c.Logger = slog.New(slog.DiscardHandler)
	}
	if c.HTTPClient == nil {
		c.HTTPClient = &http.Client{}
	}
	if c.OnHealth == nil {
		c.OnHealth = func(error) {}
	}
	if c.PollTimeout <= 0 {
		c.PollTimeout = 30 * time.Second
	}
	l := &c.Limits
	l.PerChat = orDefault(l.PerChat, 1)
	l.PerChatBurst = orDefault(l.PerChatBurst, 3)
	l.Global = orDefault(l.Global, 30)
	l.GlobalBurst = orDefault(l.GlobalBurst, 10)
	l.SendAttempts = orDefault(l.SendAttempts, 5)
	l.Backoff = orDefault(l.Backoff, time.Second)
	l.Queue = orDefault(l.Queue, 1000)
	l.PhotoBytes = orDefault(l.PhotoBytes, 10<<20)
	l.WebhookBytes = orDefault(l.WebhookBytes, 1<<20)
	l.HandleTimeout = orDefault(l.HandleTimeout, 2*time.Minute)
	l.ShutdownWait = orDefault(l.ShutdownWait, 30*time.Second)
	l.CallbackMemory = orDefault(l.CallbackMemory, 4096)
}

func orDefault[T int | int64 | float64 | rate.Limit | time.Duration](v, def T) T {
	if v <= 0 {
		return def
	}
	return v
}

var secretFormat = regexp.MustCompile(`^[A-Za-z0-9_-]{1,256}$`)

func (c Config) check() error {
	switch {
	case c.Token == "":
		return errors.New("telegram: no bot token")
	case strings.ContainsAny(c.Token, "/?#% \t\r\n"):
		return errors.New("telegram: the bot token has characters a token never has")
	}
	u, err := url.Parse(c.APIEndpoint)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || (u.Path != "" && u.Path != "/") {
		return fmt.Errorf("telegram: API endpoint %q: want a base URL such as %s, without a path", c.APIEndpoint, defaultEndpoint)
	}
	if c.WebhookURL == "" {
		return nil
	}
	if u, err := url.Parse(c.WebhookURL); err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		return fmt.Errorf("telegram: webhook URL %q is not an absolute http(s) URL", c.WebhookURL)
	}
	if !secretFormat.MatchString(c.WebhookSecret) {
		return errors.New("telegram: webhook mode needs a webhook secret of 1 to 256 characters from A-Z, a-z, 0-9, _ and -")
	}
	return nil
}

// Bot is the Telegram channel. Build it with New, then call Run; in webhook
// mode also serve WebhookHandler.
type Bot struct {
	cfg      Config
	log      *slog.Logger
	base     *tgbotapi.BotAPI // template: calls go through api(ctx)
	engine   Engine
	done     Deliveries
	convs    Conversations
	texts    *bot.Texts
	queue    *chatQueue
	limits   *limits
	locks    *chatLocks
	buttons  *buttonMemory
	running  atomic.Bool
	stopping atomic.Bool
	polled   bool // a getUpdates call succeeded; poll's own
}

var _ bot.Sender = (*Bot)(nil)

// New checks the settings and the token (with getMe, so a wrong token fails
// here with an error naming Telegram) and returns the channel, not yet
// receiving.
func New(ctx context.Context, cfg Config, engine Engine, deliveries Deliveries, texts *bot.Texts) (*Bot, error) {
	cfg.setDefaults()
	if err := cfg.check(); err != nil {
		return nil, err
	}
	if engine == nil || deliveries == nil || texts == nil {
		return nil, errors.New("telegram: New needs an engine, a delivery record and texts")
	}
	ctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	// The library builds URLs with Sprintf: a % in the base must stay literal.
	endpoint := strings.ReplaceAll(cfg.APIEndpoint, "%", "%%") + "/bot%s/%s"
	api, err := tgbotapi.NewBotAPIWithClient(cfg.Token, endpoint, boundClient{ctx: ctx, c: cfg.HTTPClient, token: cfg.Token})
	if err != nil {
		return nil, fmt.Errorf("telegram: getMe: %w", err)
	}
	b := &Bot{
		cfg: cfg, log: cfg.Logger.With("channel", source), base: api,
		engine: engine, done: deliveries, convs: cfg.Conversations, texts: texts,
		queue:   newChatQueue(cfg.Limits.Queue),
		limits:  newLimits(cfg.Limits),
		locks:   newChatLocks(),
		buttons: newButtonMemory(cfg.Limits.CallbackMemory),
	}
	b.log.InfoContext(ctx, "telegram bot ready", "username", api.Self.UserName, "webhook", cfg.WebhookURL != "")
	return b, nil
}

// Username is the bot's Telegram username, as getMe gave it.
func (b *Bot) Username() string { return b.base.Self.UserName }

// api returns the library's client bound to ctx: the library makes its
// requests without a context, so each call gets a copy whose HTTP client
// adds this one, to be cancelled and to carry a deadline.
func (b *Bot) api(ctx context.Context) *tgbotapi.BotAPI {
	a := *b.base
	a.Client = boundClient{ctx: ctx, c: b.cfg.HTTPClient, token: b.cfg.Token}
	return &a
}

// boundClient sends the library's requests under a context, and takes the
// token out of errors: net/http puts the URL, token included, in them.
type boundClient struct {
	ctx   context.Context //nolint:containedctx // lives for one call, see api
	c     *http.Client
	token string
}

func (c boundClient) Do(req *http.Request) (*http.Response, error) {
	resp, err := c.c.Do(req.WithContext(c.ctx))
	if err != nil {
		return nil, redact(err, c.token)
	}
	return resp, nil
}

// redact removes the token from a *url.Error's URL.
func redact(err error, token string) error {
	var ue *url.Error
	if errors.As(err, &ue) && token != "" && strings.Contains(ue.URL, token) {
		clean := *ue
		clean.URL = strings.ReplaceAll(ue.URL, token, "<token>")
		return &clean
	}
	return err
}

// Run receives updates until ctx is done: by long polling, or in webhook
// mode by registering the webhook and leaving the rest to WebhookHandler.
// On return the updates in hand have been handled, or ShutdownWait passed.
func (b *Bot) Run(ctx context.Context) error {
	if !b.running.CompareAndSwap(false, true) {
		return errors.New("telegram: Run called twice")
	}
	b.setCommands(ctx)
	var err error
	if b.cfg.WebhookURL != "" {
		if err = b.setWebhook(ctx); err == nil {
			<-ctx.Done()
		}
	} else {
		b.poll(ctx)
	}
	b.stopping.Store(true)
	drain, cancel := context.WithTimeout(context.WithoutCancel(ctx), b.cfg.Limits.ShutdownWait)
	defer cancel()
	if werr := b.queue.wait(drain); werr != nil {
		b.log.Warn("telegram: stopped with updates still in hand", "err", werr)
	}
	return err
}
