package main

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"sync"
	"time"

	"supportbot/bot"
	"supportbot/bot/delivery"
	"supportbot/bot/discord"
	"supportbot/bot/slack"
	"supportbot/bot/telegram"
	"supportbot/storage"
)

// channels are the chat platforms serve runs: what to run, and the HTTP
// routes they receive deliveries on.
type channels struct {
	runs   []channelRun
	routes map[string]http.Handler // pattern -> handler
}

type channelRun struct {
	name string
	run  func(context.Context) error
}

// startChannels connects every channel whose credentials are set in the
// environment (SPEC §8) and plugs it into the engine. A token the platform
// rejects fails here, naming the channel; a platform that cannot be
// reached (or fails with a 5xx) is tried again in the background, the
// channel reported by /readyz meanwhile, its messages kept in the outbox.
func (s *server) startChannels(ctx context.Context, getenv func(string) string, e *bot.Engine, br *bot.Knowledge) (*channels, error) {
	ch := &channels{routes: map[string]http.Handler{}}
	dm, err := delivery.NewMetrics(s.reg)
	if err != nil {
		return nil, err
	}
	if token := getenv("TELEGRAM_BOT_TOKEN"); token != "" {
		if err := s.startTelegram(ctx, ch, getenv, e, br, dm); err != nil {
			return nil, err
		}
	}
	if token := getenv("SLACK_BOT_TOKEN"); token != "" {
		if err := s.startSlack(ctx, ch, getenv, e, br, dm); err != nil {
			return nil, err
		}
	}
	if token := getenv("DISCORD_BOT_TOKEN"); token != "" {
		if err := s.startDiscord(ctx, ch, getenv, e, br, dm); err != nil {
			return nil, err
		}
	}
	return ch, nil
}

func (s *server) startTelegram(ctx context.Context, ch *channels, getenv func(string) string, e *bot.Engine, br *bot.Knowledge, dm *delivery.Metrics) error {
	const name = "telegram"
	log := s.log.With("channel", name)
	tg := newLazy[*telegram.Bot]()
	// Replies, agents' replies and notices are written to the outbox in
	// their turn's transaction and sent by this worker.
	out, err := delivery.New(delivery.Config{
		Channel: bot.ChannelTelegram, Store: s.db, Transport: lazyTransport[*telegram.Bot]{tg},
		Logger: log, Metrics: dm, OnDead: e.Undelivered,
	})
	if err != nil {
		return err
	}
	e.SetOutbox(bot.ChannelTelegram, out.Wake)
	webhook := getenv("TELEGRAM_WEBHOOK_URL") != ""
	if webhook {
		ch.routes["POST /telegram/webhook"] = lazyHandler(tg, (*telegram.Bot).WebhookHandler)
	}
	dial := func(ctx context.Context) (*telegram.Bot, error) {
		return telegram.New(ctx, telegram.Config{
			Token:         getenv("TELEGRAM_BOT_TOKEN"),
			APIEndpoint:   getenv("TELEGRAM_API_ENDPOINT"),
			WebhookURL:    getenv("TELEGRAM_WEBHOOK_URL"),
			WebhookSecret: getenv("TELEGRAM_WEBHOOK_SECRET"),
			Logger:        log,
			Conversations: s.db,
			Metrics:       dm,
			OnHealth:      s.health.reporter(name),
		}, e, s.db, br.Texts)
	}
	conn, err := connect(ctx, s, name, dial, telegram.Transient, tg, dm)
	if err != nil {
		return err
	}
	ch.runs = append(ch.runs,
		channelRun{name, func(ctx context.Context) error {
			b, err := conn(ctx)
			if err != nil || ctx.Err() != nil {
				return err
			}
			if webhook {
				return b.Run(ctx) // every replica takes webhooks
			}
			return s.alone(ctx, name, b.Run) // one poller per token
		}},
		channelRun{name + " outbox", whenConnected(tg, out.Run)})
	log.Info("channel enabled", "webhook", webhook)
	return nil
}

func (s *server) startSlack(ctx context.Context, ch *channels, getenv func(string) string, e *bot.Engine, br *bot.Knowledge, dm *delivery.Metrics) error {
	const name = "slack"
	log := s.log.With("channel", name)
	desk := newLazy[*slack.Desk]()
	e.SetDesk(lazyDesk{desk})
	// New hand-offs and customers' messages into the threads go through
	// the outbox, committed with their turn, in order per hand-off; a
	// hand-off never posted is handed back to its customer.
	out, err := delivery.New(delivery.Config{
		Channel: bot.OutboxDesk, Store: s.db, Transport: lazyTransport[*slack.Desk]{desk},
		Logger: log, Metrics: dm, OnDead: e.DeskUndelivered,
	})
	if err != nil {
		return err
	}
	e.SetOutbox(bot.OutboxDesk, out.Wake)
	socket := getenv("SLACK_APP_TOKEN") != ""
	if !socket {
		h := lazyHandler(desk, (*slack.Desk).Handler)
		for _, p := range []string{"POST /slack/events", "POST /slack/interactivity", "POST /slack/commands"} {
			ch.routes[p] = h
		}
	}
	dial := func(ctx context.Context) (*slack.Desk, error) {
		return slack.New(ctx, slack.Config{
			BotToken:      getenv("SLACK_BOT_TOKEN"),
			AppToken:      getenv("SLACK_APP_TOKEN"),
			SigningSecret: getenv("SLACK_SIGNING_SECRET"),
			Channel:       getenv("SLACK_SUPPORT_CHANNEL"),
			UserGroup:     getenv("SLACK_SUPPORT_USERGROUP"),
			APIURL:        getenv("SLACK_API_URL"),
			Lang:          s.cfg.Shop.DefaultLanguage,
			Location:      s.cfg.Policy.Location,
			Logger:        log,
			Metrics:       dm,
			OnHealth:      s.health.reporter(name),
		}, e, s.db, br.Texts)
	}
	conn, err := connect(ctx, s, name, dial, slack.Transient, desk, dm)
	if err != nil {
		return err
	}
	ch.runs = append(ch.runs,
		channelRun{name, func(ctx context.Context) error {
			d, err := conn(ctx)
			if err != nil || ctx.Err() != nil {
				return err
			}
			return d.Run(ctx)
		}},
		channelRun{name + " outbox", whenConnected(desk, out.Run)})
	log.Info("agent desk enabled", "socket_mode", socket)
	return nil
}

func (s *server) startDiscord(ctx context.Context, ch *channels, getenv func(string) string, e *bot.Engine, br *bot.Knowledge, dm *delivery.Metrics) error {
	const name = "discord"
	log := s.log.With("channel", name)
	dc := newLazy[*discord.Bot]()
	// As on Telegram: replies, agents' replies and notices are written to
	// the outbox in their turn's transaction and sent by this worker, the
	// message or interaction ID consumed by the same turn.
	out, err := delivery.New(delivery.Config{
		Channel: bot.ChannelDiscord, Store: s.db, Transport: lazyTransport[*discord.Bot]{dc},
		Logger: log, Metrics: dm, OnDead: e.Undelivered,
	})
	if err != nil {
		return err
	}
	e.SetOutbox(bot.ChannelDiscord, out.Wake)
	dial := func(ctx context.Context) (*discord.Bot, error) {
		return discord.New(ctx, discord.Config{
			Token:          getenv("DISCORD_BOT_TOKEN"),
			SupportChannel: getenv("DISCORD_SUPPORT_CHANNEL"),
			APIEndpoint:    getenv("DISCORD_API_ENDPOINT"),
			Logger:         log,
			Metrics:        dm,
			OnHealth:       s.health.reporter(name),
		}, e, s.db, br.Texts)
	}
	conn, err := connect(ctx, s, name, dial, discord.Transient, dc, dm)
	if err != nil {
		return err
	}
	ch.runs = append(ch.runs,
		channelRun{name, func(ctx context.Context) error {
			b, err := conn(ctx)
			if err != nil || ctx.Err() != nil {
				return err
			}
			return s.alone(ctx, name, b.Run) // one gateway connection per token
		}},
		channelRun{name + " outbox", whenConnected(dc, out.Run)},
		channelRun{name + " dm channels", s.pruneDMChannels})
	log.Info("channel enabled")
	return nil
}

// leader is a store several replicas share (PostgreSQL): it elects the
// replica that runs a channel the platform allows one connection for.
type leader interface {
	Lead(ctx context.Context, name string, run func(ctx context.Context) error) error
}

// alone runs run on one replica at a time when the store is shared —
// Telegram's long polling and Discord's gateway allow one connection per
// token — and at once otherwise. Whichever replica runs it, the replies go
// out through the shared outbox from every replica.
func (s *server) alone(ctx context.Context, name string, run func(context.Context) error) error {
	if l, ok := s.db.(leader); ok {
		return l.Lead(ctx, name, run)
	}
	return run(ctx)
}

// connect makes a channel's first connection at once, so that a token the
// platform rejects fails serve at start. After a transient failure it
// returns a connect that tries again with backoff (the channel reported
// "retrying" meanwhile) until it succeeds, the platform refuses for good
// (the error is logged and serve stopped through the channel's run), or
// ctx ends.
func connect[T any](ctx context.Context, s *server, name string, dial func(context.Context) (T, error),
	transient func(error) bool, l *lazy[T], dm *delivery.Metrics) (func(context.Context) (T, error), error) {
	s.health.set(name, stateConnecting, nil)
	v, err := dial(ctx)
	if err == nil {
		l.set(v)
		s.health.set(name, stateUp, nil)
		return func(context.Context) (T, error) { return v, nil }, nil
	}
	if !transient(err) {
		s.health.set(name, stateFailed, err)
		return nil, err
	}
	s.health.set(name, stateRetrying, err)
	s.log.Warn("channel unreachable at start, trying again in the background", "channel", name, "err", err)
	return func(ctx context.Context) (T, error) {
		var zero T
		for attempt := 1; ; attempt++ {
			if sleepCtx(ctx, startBackoff(attempt)) != nil {
				return zero, nil
			}
			dm.Reconnect(name)
			v, err := dial(ctx)
			switch {
			case err == nil:
				l.set(v)
				s.health.set(name, stateUp, nil)
				s.log.Info("channel connected", "channel", name, "attempts", attempt+1)
				return v, nil
			case ctx.Err() != nil:
				return zero, nil
			case !transient(err):
				s.health.set(name, stateFailed, err)
				l.fail(err)
				return zero, err
			}
			s.health.set(name, stateRetrying, err)
			s.log.Warn("channel still unreachable", "channel", name, "attempt", attempt+1, "err", err)
		}
	}, nil
}

// keepDMChannels is how long a DM channel nobody wrote in is remembered
// for backfill: longer than the adapter reads back (a week).
const keepDMChannels = 30 * 24 * time.Hour

// pruneDMChannels forgets the DM channels quiet for keepDMChannels, every
// hour, until ctx is done.
func (s *server) pruneDMChannels(ctx context.Context) error {
	tick := time.NewTicker(time.Hour)
	defer tick.Stop()
	for {
		if _, err := s.db.PruneDMChannels(ctx, time.Now().Add(-keepDMChannels)); err != nil && ctx.Err() == nil {
			s.log.Warn("prune dm channels", "err", err)
		}
		select {
		case <-ctx.Done():
			return nil
		case <-tick.C:
		}
	}
}

// whenConnected runs run once the channel is connected: its outbox is
// sent only by a connected adapter.
func whenConnected[T any](l *lazy[T], run func(context.Context) error) func(context.Context) error {
	return func(ctx context.Context) error {
		if _, err := l.wait(ctx); err != nil {
			return nil
		}
		return run(ctx)
	}
}

// run runs every channel until ctx is done; the first that fails for good
// is reported on errs.
func (ch *channels) run(ctx context.Context, errs chan<- error) (wait func()) {
	done := make(chan struct{}, len(ch.runs))
	for _, r := range ch.runs {
		go func() {
			defer func() { done <- struct{}{} }()
			if err := r.run(ctx); err != nil && ctx.Err() == nil {
				select {
				case errs <- fmt.Errorf("%s: %w", r.name, err):
				default:
				}
			}
		}()
	}
	return func() {
		for range ch.runs {
			<-done
		}
	}
}

// errNotConnected is the outcome of a send to a channel not connected
// yet: a wait, like a rate limit, never counted as a failed attempt.
var errNotConnected = errors.New("channel not connected yet")

// lazyTransport sends through the adapter once it is connected.
type lazyTransport[T delivery.Transport] struct{ l *lazy[T] }

func (t lazyTransport[T]) Deliver(ctx context.Context, m storage.OutboxMessage) error {
	v, ok := t.l.get()
	if !ok {
		return &delivery.RetryAfterError{Wait: startBackoff(1), Err: errNotConnected}
	}
	return v.Deliver(ctx, m)
}

// lazyHandler serves a channel's webhook once the channel is connected,
// and 503 before, so that the platform delivers again. The adapter's
// handler is made once.
func lazyHandler[T any](l *lazy[T], handler func(T) http.Handler) http.Handler {
	var (
		once sync.Once
		h    http.Handler
	)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		v, ok := l.get()
		if !ok {
			w.Header().Set("Retry-After", "5")
			http.Error(w, "channel not connected yet", http.StatusServiceUnavailable)
			return
		}
		once.Do(func() { h = handler(v) })
		h.ServeHTTP(w, r)
	})
}

// lazyDesk is the agent desk once Slack is connected; before, a hand-off
// is recorded as a ticket, as without a desk, and the customer told when
// the team answers.
type lazyDesk struct{ l *lazy[*slack.Desk] }

var _ bot.AgentDesk = lazyDesk{}

func (d lazyDesk) Open(ctx context.Context, b bot.Brief) (string, error) {
	v, ok := d.l.get()
	if !ok {
		return "", fmt.Errorf("slack: %w", errNotConnected)
	}
	return v.Open(ctx, b)
}

func (d lazyDesk) Relay(ctx context.Context, ref string, msg storage.Message, attachments []storage.Attachment) error {
	v, ok := d.l.get()
	if !ok {
		return fmt.Errorf("slack: %w", errNotConnected)
	}
	return v.Relay(ctx, ref, msg, attachments)
}

func (d lazyDesk) Closed(ctx context.Context, ref string) error {
	v, ok := d.l.get()
	if !ok {
		return fmt.Errorf("slack: %w", errNotConnected)
	}
	return v.Closed(ctx, ref)
}
