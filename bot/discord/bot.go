package discord

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/bwmarrin/discordgo"
	"github.com/gorilla/websocket"
	"golang.org/x/time/rate"

	"supportbot/bot"
	"supportbot/bot/delivery"
	"supportbot/storage"
)

// Engine is what the adapter needs from the conversation engine;
// *bot.Engine implements it.
type Engine interface {
	// Handle runs one customer turn.
	Handle(ctx context.Context, in bot.Incoming) (bot.Response, error)
	// Logout unlinks the Discord user from their customer record.
	Logout(ctx context.Context, conversationID, channel, userID string) error
	// SetLanguage sets the language the bot speaks in a conversation.
	SetLanguage(ctx context.Context, conversationID, channel, lang string) error
}

// Deliveries records which messages and interactions were handled, so that
// a redelivery is handled once; the store implements it. A message that is
// a turn is recorded by the engine, in the turn's transaction
// (bot.Incoming.Delivery); the adapter records only what it answers itself
// (commands, notices), with MarkProcessed.
//
// If it also implements ConversationReader, as the store does, the
// answers to text commands are in the conversation's language; if it
// implements OpenConversations, the DMs read back after a restart are
// those of every open conversation, not only those seen since start.
type Deliveries interface {
	MarkProcessed(ctx context.Context, source, key string) (bool, error)
	// DeliveryResult finds a delivery already handled, or returns
	// storage.ErrNotFound.
	DeliveryResult(ctx context.Context, source, key string) (string, error)
}

// DMChannels is an optional ability of Deliveries: remembering the DM
// channels customers wrote in, when a message arrives and before its turn,
// so that a first message in hand at a crash is read back after the
// restart though no conversation was stored for it.
type DMChannels interface {
	SeenDMChannel(ctx context.Context, channel, id string, at time.Time) error
	DMChannels(ctx context.Context, channel string, since time.Time, limit int) ([]string, error)
}

// OpenConversations is an optional ability of Deliveries: listing the
// conversations of a channel still open (written in since a time, or
// with a hand-off not resolved), newest first.
type OpenConversations interface {
	OpenConversations(ctx context.Context, channel string, since time.Time, limit int) ([]string, error)
}

// ConversationReader is an optional ability of Deliveries: reading a
// stored conversation, for its language.
type ConversationReader interface {
	Conversation(ctx context.Context, id string) (storage.Conversation, error)
}

// source is the key space of Discord deliveries in Deliveries.
const source = "discord"

// gatewayIntents are the gateway events the bot needs: messages in guilds and in
// DMs, with their content. MessageContent is privileged: it must also be
// switched on in the developer portal, or the gateway closes with 4014.
const gatewayIntents = discordgo.IntentsGuildMessages | discordgo.IntentsDirectMessages | discordgo.IntentMessageContent

// Defaults of Config.
const (
	DefaultMaxAttachmentBytes = 8 << 20
	DefaultMaxAttachments     = 4
	DefaultMaxRateLimitWait   = time.Minute
	DefaultMaxRetries         = 5
	DefaultRequestsPerSecond  = 50
	DefaultBackfillWindow     = 15 * time.Minute
	DefaultBackfillOpen       = 7 * 24 * time.Hour
	defaultShutdownGrace      = 10 * time.Second
	defaultTypingEvery        = 8 * time.Second
)

// Config holds the bot's settings. Only Token is required.
type Config struct {
	// Token is the bot token from the developer portal, with or without
	// the "Bot " prefix.
	Token string
	// SupportChannel is the ID of the channel where the bot answers the
	// messages that mention it. Empty: direct messages only.
	SupportChannel string
	Logger         *slog.Logger // nil: discard
	// HTTPClient makes the REST calls and downloads attachments; nil means
	// a client with a 20-second timeout.
	HTTPClient *http.Client
	// APIEndpoint, when set, is where every request goes instead of
	// discord.com (and its CDN): a base URL without a path. The gateway is
	// the one its API names.
	APIEndpoint string
	// MaxAttachmentBytes caps each image downloaded; larger ones are
	// skipped. MaxAttachments caps the images taken from one message.
	MaxAttachmentBytes int64
	MaxAttachments     int
	// MaxRateLimitWait is the longest the bot waits on one 429 before it
	// gives the message up; MaxRetries bounds the retries of one request.
	MaxRateLimitWait time.Duration
	MaxRetries       int
	// RequestsPerSecond caps the bot's REST calls (Discord's global limit
	// is 50 a second).
	RequestsPerSecond float64
	// BackfillWindow is how far back the bot reads the history of the
	// support channel and of the DMs it knows when the gateway starts a new
	// session, to answer messages sent while it was away.
	BackfillWindow time.Duration
	// BackfillConversations is how long a DM conversation stays open
	// without a message: the DMs read back are those of the conversations
	// written in since, or with a hand-off not resolved.
	BackfillConversations time.Duration
	Now                   func() time.Time // nil: time.Now
	// OnHealth is told when the gateway connects (nil) and when it is
	// lost or cannot be reached (the error); optional.
	OnHealth func(err error)
	Metrics  *delivery.Metrics // optional
}

func (c *Config) setDefaults() {
	if c.Logger == nil {
		c.Logger = slog.New(slog.DiscardHandler)
	}
	if c.HTTPClient == nil {
		c.HTTPClient = &http.Client{Timeout: 20 * time.Second}
	}
	if c.MaxAttachmentBytes <= 0 {
		c.MaxAttachmentBytes = DefaultMaxAttachmentBytes
	}
	if c.MaxAttachments <= 0 {
		c.MaxAttachments = DefaultMaxAttachments
	}
	if c.MaxRateLimitWait <= 0 {
		c.MaxRateLimitWait = DefaultMaxRateLimitWait
	}
	if c.MaxRetries <= 0 {
		c.MaxRetries = DefaultMaxRetries
	}
	if c.RequestsPerSecond <= 0 {
		c.RequestsPerSecond = DefaultRequestsPerSecond
	}
	if c.BackfillWindow <= 0 {
		c.BackfillWindow = DefaultBackfillWindow
	}
	if c.BackfillConversations <= 0 {
		c.BackfillConversations = DefaultBackfillOpen
	}
	if c.Now == nil {
		c.Now = time.Now
	}
	if c.OnHealth == nil {
		c.OnHealth = func(error) {}
	}
}

// Bot is the Discord channel: it receives customers' messages from the
// gateway and answers them, and delivers what agents write (Send).
type Bot struct {
	cfg        Config
	s          *discordgo.Session
	me         string // the bot's user ID
	engine     Engine
	deliveries Deliveries
	convs      ConversationReader // optional
	texts      *bot.Texts
	log        *slog.Logger
	limiter    *rate.Limiter
	lanes      lanes
	dms        dmChannels
	readBack   readBack
	// supportGate holds the support channel's live messages while its
	// history is read back.
	supportGate *gate
	typingGap   time.Duration
	grace       time.Duration

	runMu   sync.Mutex
	running bool
}

var _ bot.Sender = (*Bot)(nil)

// New connects to Discord's REST API and checks the token: a wrong token
// fails here, with an error that names Discord. Call Run to start receiving
// messages.
func New(ctx context.Context, cfg Config, engine Engine, deliveries Deliveries, texts *bot.Texts) (*Bot, error) {
	switch {
	case strings.TrimSpace(strings.TrimPrefix(cfg.Token, "Bot ")) == "":
		return nil, errors.New("discord: no bot token")
	case engine == nil:
		return nil, errors.New("discord: no engine")
	case deliveries == nil:
		return nil, errors.New("discord: no store of deliveries")
	case texts == nil:
		return nil, errors.New("discord: no texts")
	}
	cfg.setDefaults()
	if cfg.APIEndpoint != "" {
		c, err := endpointClient(cfg.HTTPClient, cfg.APIEndpoint)
		if err != nil {
			return nil, err
		}
		cfg.HTTPClient = c
	}
	s, err := discordgo.New(botToken(cfg.Token))
	if err != nil {
		return nil, fmt.Errorf("discord: %w", err)
	}
	s.Client = withRateLimitBody(cfg.HTTPClient)
	s.ShouldRetryOnRateLimit = false // we wait ourselves, bounded
	// Run opens the gateway again when the connection is lost. The
	// library's own reconnect loop cannot be stopped: a heartbeat that
	// fails on the connection Close just closed starts it, and it opens a
	// new connection after Run returned, which nothing ever closes.
	s.ShouldReconnectOnError = false
	s.Identify.Intents = gatewayIntents
	s.StateEnabled = false
	// Handlers only queue work (see lanes), so running them in the gateway's
	// goroutine keeps each conversation's messages in order.
	s.SyncEvents = true
	b := &Bot{
		cfg: cfg, s: s, engine: engine, deliveries: deliveries, texts: texts,
		log:         cfg.Logger,
		limiter:     rate.NewLimiter(rate.Limit(cfg.RequestsPerSecond), int(max(1, cfg.RequestsPerSecond))),
		lanes:       newLanes(),
		dms:         newDMChannels(maxKnownDMs),
		readBack:    newReadBack(),
		supportGate: newGate(),
		typingGap:   defaultTypingEvery,
		grace:       defaultShutdownGrace,
	}
	b.convs, _ = deliveries.(ConversationReader)
	var me *discordgo.User
	err = b.call(ctx, "users/@me", true, func(opts ...discordgo.RequestOption) error {
		me, err = s.User("@me", opts...)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("discord: check the bot token: %w", err)
	}
	b.me = me.ID
	b.log.Info("discord bot ready", "bot_user", me.ID, "support_channel", cfg.SupportChannel)
	return b, nil
}

// botToken adds the "Bot " prefix Discord expects in the Authorization
// header, if the operator pasted the bare token.
func botToken(token string) string {
	token = strings.TrimSpace(token)
	if strings.HasPrefix(token, "Bot ") {
		return token
	}
	return "Bot " + token
}

// errGatewayLost is the health of a gateway connection lost, which the
// library makes again by itself.
var errGatewayLost = errors.New("discord: gateway connection lost, reconnecting")

// ErrRunning is returned by Run when the bot is already running.
var ErrRunning = errors.New("discord: already running")

// Run opens the gateway and answers customers until ctx is done, opening
// it again whenever the connection is lost, then closes the gateway and
// lets the turns under way finish (for a few seconds at most).
func (b *Bot) Run(ctx context.Context) error {
	b.runMu.Lock()
	if b.running {
		b.runMu.Unlock()
		return ErrRunning
	}
	b.running = true
	b.runMu.Unlock()
	defer func() {
		b.runMu.Lock()
		b.running = false
		b.runMu.Unlock()
	}()

	// Turns outlive ctx a little: a customer whose message was marked
	// processed should get the answer even if we are shutting down.
	turnCtx, cancelTurns := context.WithCancel(context.WithoutCancel(ctx))
	defer cancelTurns()
	lost := make(chan struct{}, 1)
	remove := b.addHandlers(turnCtx, lost)
	defer remove()
	err := b.stayConnected(ctx, lost)
	if err == nil {
		// Also when ctx ended while the gateway was being opened: the
		// session may be open, and would stay so.
		if err := b.s.Close(); err != nil {
			b.log.Warn("discord: close the gateway", "err", scrub(err))
		}
	}
	if !b.lanes.waitFor(b.grace) {
		b.log.Warn("discord: turns still running at shutdown, cancelled")
		cancelTurns()
		b.lanes.wait()
	}
	b.log.Info("discord gateway closed")
	return err
}

// stayConnected opens the gateway, and opens it again each time lost
// says the connection was lost (the library closed it after a failed
// read or heartbeat, or when Discord asked for a reconnect), until ctx is
// done. It returns the error that ends it: a refusal the operator must
// fix.
func (b *Bot) stayConnected(ctx context.Context, lost <-chan struct{}) error {
	for reconnect := false; ; reconnect = true {
		if err := b.open(ctx, reconnect); err != nil || ctx.Err() != nil {
			return err
		}
		b.cfg.OnHealth(nil)
		b.log.Info("discord gateway open", "reconnect", reconnect)
		select {
		case <-ctx.Done():
			return nil
		case <-lost:
		}
	}
}

// open opens the gateway, trying again with backoff while Discord is
// unreachable or fails for a moment; a rejected token or refused intents
// end it, as does ctx. When reconnecting, any other failure is tried
// again: the bot was up, and should come back up by itself.
func (b *Bot) open(ctx context.Context, reconnect bool) error {
	for attempt := 1; ; attempt++ {
		err := b.s.Open()
		if err == nil || errors.Is(err, discordgo.ErrWSAlreadyOpen) {
			// Already open: a second "lost" for a connection already
			// made again.
			return nil
		}
		err = fmt.Errorf("discord: open the gateway: %w%s", scrub(err), closeHint(err))
		if !Transient(err) && (!reconnect || refused(err)) {
			return err
		}
		b.cfg.OnHealth(err)
		b.cfg.Metrics.Reconnect(source)
		wait := startBackoff(attempt)
		b.log.Warn("discord: gateway unreachable, trying again", "attempt", attempt, "wait", wait, "err", err)
		if sleep(ctx, wait) != nil {
			return nil
		}
	}
}

// maxOpenBackoff caps the wait between two tries to open the gateway.
// Each try may identify, and Discord allows 1000 identifies a day before
// it resets the token: at most one every 5 minutes stays far below.
const maxOpenBackoff = 5 * time.Minute

// startBackoff is the wait before the next try to open the gateway: a
// second, doubled each time up to maxOpenBackoff, with jitter.
func startBackoff(attempt int) time.Duration {
	d := time.Second
	for i := 1; i < attempt && d < maxOpenBackoff; i++ {
		d *= 2
	}
	d = min(d, maxOpenBackoff)
	return d/2 + rand.N(d/2+1)
}

// Gateway close codes an operator can fix.
const (
	closeAuthenticationFailed = 4004
	closeDisallowedIntents    = 4014
)

// refused reports whether the gateway closed with a refusal the operator
// must fix: a rejected token or intents.
func refused(err error) bool {
	var ce *websocket.CloseError
	return errors.As(err, &ce) && (ce.Code == closeAuthenticationFailed || ce.Code == closeDisallowedIntents)
}

// closeHint says what to do about a gateway refusal the operator can fix.
func closeHint(err error) string {
	var ce *websocket.CloseError
	if !errors.As(err, &ce) {
		return ""
	}
	switch ce.Code {
	case closeDisallowedIntents:
		return " (switch on the Message Content intent of the bot in the Discord developer portal)"
	case closeAuthenticationFailed:
		return " (check DISCORD_BOT_TOKEN)"
	}
	return ""
}

// addHandlers registers the gateway event handlers; ctx is the context of
// the turns they start. A Disconnect (the library closed the connection)
// is told on lost, for Run to open the gateway again.
func (b *Bot) addHandlers(ctx context.Context, lost chan<- struct{}) (remove func()) {
	removers := []func(){
		b.s.AddHandler(func(_ *discordgo.Session, m *discordgo.MessageCreate) { b.onMessage(ctx, m.Message) }),
		b.s.AddHandler(func(_ *discordgo.Session, i *discordgo.InteractionCreate) { b.onInteraction(ctx, i.Interaction) }),
		b.s.AddHandler(func(_ *discordgo.Session, r *discordgo.Ready) { b.onReady(ctx, r) }),
		b.s.AddHandler(func(_ *discordgo.Session, _ *discordgo.Disconnect) {
			b.cfg.OnHealth(errGatewayLost)
			b.cfg.Metrics.Reconnect(source)
			select {
			case lost <- struct{}{}:
			default: // already told
			}
		}),
		b.s.AddHandler(func(_ *discordgo.Session, _ *discordgo.Resumed) { b.cfg.OnHealth(nil) }),
		b.s.AddHandler(func(_ *discordgo.Session, _ *discordgo.Connect) { b.cfg.OnHealth(nil) }),
	}
	return func() {
		for _, r := range removers {
			r()
		}
	}
}
