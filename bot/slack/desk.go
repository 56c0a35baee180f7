package slack

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"time"

	slackapi "github.com/slack-go/slack"

	"supportbot/bot"
	"supportbot/bot/delivery"
	"supportbot/storage"
)

// Engine is what the desk needs from the conversation engine: the agents'
// actions on a hand-off and the lookups behind the slash commands.
// *bot.Engine implements it.
type Engine interface {
	AgentTake(ctx context.Context, ref, agentID, agentName string) error
	// AgentWrote sends a person's thread message to the customer, its
	// event_id consumed in the same transaction.
	AgentWrote(ctx context.Context, m bot.AgentMessage) error
	AgentResolve(ctx context.Context, ref, agentID, agentName string) error
	LookupOrder(ctx context.Context, number string) (bot.OrderView, error)
	LookupCustomer(ctx context.Context, email string) (bot.CustomerView, error)
	Queue(ctx context.Context) ([]bot.QueueEntry, error)
	// The account area: refunds waiting past the delay (/refunds), and
	// the status of a hand-off's case (the desk's status menu).
	LateRefunds(ctx context.Context) ([]storage.WaitingRefund, error)
	RefundDays() int
	AgentSetCaseStatus(ctx context.Context, ref, agentID, agentName, status string) error
	// OpenRequests are the exchanges, address changes and account
	// requests not done yet (/requests).
	OpenRequests(ctx context.Context) ([]bot.RequestView, error)
	// HandoffRef and DeskOpened: where a hand-off's root message is,
	// recorded once the outbox's worker has posted it.
	HandoffRef(ctx context.Context, handoffID int64) (string, error)
	DeskOpened(ctx context.Context, handoffID int64, ref string) error
}

// Deliveries remembers which deliveries were handled, so that Slack's
// retries of an event are processed once, even across a restart: the
// engine records a thread message's event_id in its turn's transaction,
// and the desk looks it up before queueing the event. the store
// implements it.
type Deliveries interface {
	MarkProcessed(ctx context.Context, source, key string) (bool, error)
	// DeliveryResult finds a delivery already handled, or returns
	// storage.ErrNotFound.
	DeliveryResult(ctx context.Context, source, key string) (string, error)
}

// deliverySource is the source name of Slack events in Deliveries.
const deliverySource = "slack"

// DefaultAPIURL is Slack's Web API base.
const DefaultAPIURL = "https://slack.com/api/"

// Config holds the desk's settings; BotToken and Channel are required, and
// SigningSecret unless AppToken is set.
type Config struct {
	// BotToken is the bot's OAuth token ("xoxb-…").
	BotToken string
	// AppToken is an app-level token ("xapp-…") with connections:write.
	// When set, the desk receives events over Socket Mode and needs no
	// public URL.
	AppToken string
	// SigningSecret verifies the requests Slack posts to the Handler.
	SigningSecret string
	// Channel is the ID of the support channel where hand-offs are posted.
	// Its members are the support team, unless UserGroup is set.
	Channel string
	// UserGroup, when set, is the ID of the user group (S…) whose members
	// are the support team: only they may use the slash commands, Take
	// and Resolve, and answer customers.
	UserGroup string
	// APIURL is the Web API base, with its trailing slash; DefaultAPIURL
	// when empty.
	APIURL string
	// Lang is the team's language (the shop's default language); the
	// texts' first language when empty.
	Lang string
	// Location is the time zone of the dates shown to the team; time.Local
	// when nil.
	Location   *time.Location
	Logger     *slog.Logger
	HTTPClient *http.Client
	// Now is taken for symmetry with the other adapters; the desk shows
	// only times the engine computed, and Slack's signatures are checked
	// against the system clock, as slack-go's verifier does.
	Now func() time.Time
	// Workers and QueueSize bound the work done after acking Slack (the
	// Take and Resolve buttons): 4 workers and 256 waiting jobs by default.
	// QueueSize also bounds the thread messages in hand.
	Workers   int
	QueueSize int
	// ShutdownWait is how long Run lets the thread messages in hand
	// finish when it stops; default 10s.
	ShutdownWait time.Duration
	// NoRetryAfterWait is the wait after a 429 that names none; default
	// 5s.
	NoRetryAfterWait time.Duration
	// OpenTimeout bounds the post of a hand-off's root message, made
	// during the customer's turn; default 5s.
	OpenTimeout time.Duration
	Metrics     *delivery.Metrics // optional
	// OnHealth is told when Socket Mode connects (nil) and when its
	// connection fails (the error); optional.
	OnHealth func(err error)
}

// Desk is the support team's desk in Slack: it posts hand-offs to the
// support channel, relays the customer's messages into each hand-off's
// thread, and turns what agents do there into engine calls.
type Desk struct {
	cfg        Config
	api        *slackapi.Client
	engine     Engine
	deliveries Deliveries
	texts      *bot.Texts
	log        *slog.Logger

	botUserID, botID string
	names            *nameCache
	team             *team
	work             *workQueue
	threads          *threads
}

var _ bot.AgentDesk = (*Desk)(nil)

// New connects to Slack, checks the token with auth.test and returns the
// desk. A wrong token fails here, with an error that names Slack.
func New(ctx context.Context, cfg Config, engine Engine, deliveries Deliveries, texts *bot.Texts) (*Desk, error) {
	if err := cfg.check(); err != nil {
		return nil, err
	}
	if engine == nil || deliveries == nil || texts == nil {
		return nil, errors.New("slack: engine, deliveries and texts are required")
	}
	cfg.fill(texts)
	opts := []slackapi.Option{slackapi.OptionAPIURL(cfg.APIURL)}
	if cfg.HTTPClient != nil {
		opts = append(opts, slackapi.OptionHTTPClient(cfg.HTTPClient))
	}
	if cfg.AppToken != "" {
		opts = append(opts, slackapi.OptionAppLevelToken(cfg.AppToken))
	}
	api := slackapi.New(cfg.BotToken, opts...)
	auth, err := api.AuthTestContext(ctx)
	if err != nil {
		return nil, fmt.Errorf("slack: auth.test: %w", err)
	}
	if cfg.AppToken != "" {
		// Check the app-level token now too, rather than when Run connects.
		if _, _, err := api.StartSocketModeContext(ctx); err != nil {
			return nil, fmt.Errorf("slack: app token: apps.connections.open: %w", err)
		}
	}
	d := &Desk{
		cfg: cfg, api: api, engine: engine, deliveries: deliveries, texts: texts,
		log:       cfg.Logger,
		botUserID: auth.UserID, botID: auth.BotID,
		work:    newWorkQueue(cfg.Workers, cfg.QueueSize),
		threads: newThreads(cfg.QueueSize, cfg.Metrics),
	}
	d.names = newNameCache(d.userName)
	d.team = &team{api: api, channel: cfg.Channel, group: cfg.UserGroup, now: cfg.Now}
	d.log.Info("slack desk connected", "team", auth.TeamID, "bot_user", auth.UserID, "socket_mode", cfg.AppToken != "")
	return d, nil
}

// check reports a missing setting.
func (c Config) check() error {
	switch {
	case c.BotToken == "":
		return errors.New("slack: no bot token")
	case c.Channel == "":
		return errors.New("slack: no support channel")
	case c.AppToken == "" && c.SigningSecret == "":
		return errors.New("slack: no signing secret (needed without Socket Mode)")
	}
	return nil
}

// fill sets the defaults of the optional settings.
func (c *Config) fill(texts *bot.Texts) {
	if c.APIURL == "" {
		c.APIURL = DefaultAPIURL
	}
	if !strings.HasSuffix(c.APIURL, "/") {
		c.APIURL += "/"
	}
	if c.Lang == "" {
		c.Lang = texts.Languages()[0]
	}
	if c.Location == nil {
		c.Location = time.Local
	}
	if c.Logger == nil {
		c.Logger = slog.New(slog.DiscardHandler)
	}
	if c.Now == nil {
		c.Now = time.Now
	}
	if c.ShutdownWait <= 0 {
		c.ShutdownWait = 10 * time.Second
	}
	if c.OnHealth == nil {
		c.OnHealth = func(error) {}
	}
	if c.OpenTimeout <= 0 {
		c.OpenTimeout = 5 * time.Second
	}
	if c.NoRetryAfterWait <= 0 {
		c.NoRetryAfterWait = defaultNoHeaderWait
	}
}

// Run does the desk's work until ctx is cancelled: the jobs queued after
// acking Slack and, with an app-level token, the Socket Mode connection.
// It must run in both modes; the Handler only queues.
func (d *Desk) Run(ctx context.Context) error {
	done := make(chan struct{})
	go func() {
		defer close(done)
		d.work.run(ctx)
	}()
	var err error
	if d.cfg.AppToken != "" {
		err = d.runSocket(ctx)
	} else {
		<-ctx.Done()
	}
	// From now on Slack is answered "try again"; what is in hand finishes.
	d.threads.stop(d.cfg.ShutdownWait)
	<-done
	if err != nil && !errors.Is(err, context.Canceled) {
		return fmt.Errorf("slack: %w", err)
	}
	return nil
}

// Open posts a new hand-off to the support channel and returns its
// reference, "<channel>/<ts>" of the root message. The engine calls it in
// the customer's turn, whose transaction may hold the database's writer:
// it waits out only a short rate limit (Slack's second between two posts
// in a channel) and never longer than OpenTimeout; on failure the engine
// records the hand-off as a ticket and tells the customer the team will
// write back.
func (d *Desk) Open(ctx context.Context, b bot.Brief) (string, error) {
	ctx, cancel := context.WithTimeout(withShortWaits(ctx), d.cfg.OpenTimeout)
	defer cancel()
	blocks := d.rootBlocks(b)
	ts, err := d.post(ctx, d.cfg.Channel, "", d.rootText(b), blocks...)
	if err != nil {
		return "", fmt.Errorf("slack: open hand-off: %w", err)
	}
	return d.cfg.Channel + "/" + ts, nil
}

// Relay posts a customer's message in the hand-off's thread. Photos are
// not uploaded to Slack: the engine stores them with the ticket, and the
// thread says so.
func (d *Desk) Relay(ctx context.Context, ref string, msg storage.Message, attachments []storage.Attachment) error {
	channel, ts, err := parseRef(ref)
	if err != nil {
		return fmt.Errorf("slack: relay: %w", err)
	}
	var lines []string
	if text := strings.TrimSpace(msg.Text); text != "" {
		lines = append(lines, d.t("desk_relay_customer", map[string]any{"Text": quoteBody(text, maxRelayRunes)}))
	}
	for _, a := range attachments {
		lines = append(lines, d.t("desk_relay_photo", map[string]any{"Name": escape(trimRunes(a.Name, 80))}))
	}
	if len(lines) == 0 {
		return nil
	}
	text := strings.Join(lines, "\n")
	if _, err := d.post(ctx, channel, ts, text, verbatim(text)); err != nil {
		return fmt.Errorf("slack: relay: %w", err)
	}
	return nil
}

// Closed tells the thread that the customer left the queue and shows it on
// the root message.
func (d *Desk) Closed(ctx context.Context, ref string) error {
	channel, ts, err := parseRef(ref)
	if err != nil {
		return fmt.Errorf("slack: closed: %w", err)
	}
	if _, err := d.post(ctx, channel, ts, d.t("desk_thread_left", nil)); err != nil {
		return fmt.Errorf("slack: closed: %w", err)
	}
	d.showState(ctx, channel, ts, nil, d.stateBlock("desk_state_left", ""), nil)
	return nil
}

// t renders a desk text in the team's language.
func (d *Desk) t(id string, data map[string]any) string {
	return d.texts.T(d.cfg.Lang, id, data)
}

// n renders a desk text with the plural form for count.
func (d *Desk) n(id string, count int, data map[string]any) string {
	return d.texts.N(d.cfg.Lang, id, count, data)
}

// word renders the text prefix+key when the locale has one, else key
// itself: channel names, statuses and reasons the texts may not know.
func (d *Desk) word(prefix, key string) string {
	if d.texts.Has(d.cfg.Lang, prefix+key) {
		return d.t(prefix+key, nil)
	}
	return escape(key)
}

// parseRef splits a hand-off reference into channel and root ts.
// errBadRef is a hand-off reference that is not "<channel>/<ts>".
var errBadRef = errors.New("bad hand-off reference")

func parseRef(ref string) (channel, ts string, err error) {
	channel, ts, ok := strings.Cut(ref, "/")
	if !ok || channel == "" || ts == "" || strings.Contains(ts, "/") {
		return "", "", fmt.Errorf("%w %q", errBadRef, ref)
	}
	return channel, ts, nil
}
