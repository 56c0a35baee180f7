package main

import (
	"context"
	"fmt"
	"net/http"

	"supportbot/bot"
	"supportbot/bot/delivery"
	"supportbot/bot/discord"
	"supportbot/bot/slack"
	"supportbot/bot/telegram"
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
// environment (SPEC §8) and plugs it into the engine. A wrong token fails
// here, naming the channel.
func (s *server) startChannels(ctx context.Context, getenv func(string) string, e *bot.Engine, br *bot.Knowledge) (*channels, error) {
	ch := &channels{routes: map[string]http.Handler{}}
	dm, err := delivery.NewMetrics(s.reg)
	if err != nil {
		return nil, err
	}
	if token := getenv("TELEGRAM_BOT_TOKEN"); token != "" {
		tg, err := telegram.New(ctx, telegram.Config{
			Token:         token,
			APIEndpoint:   getenv("TELEGRAM_API_ENDPOINT"),
			WebhookURL:    getenv("TELEGRAM_WEBHOOK_URL"),
			WebhookSecret: getenv("TELEGRAM_WEBHOOK_SECRET"),
			Logger:        s.log.With("channel", "telegram"),
			Conversations: s.db,
			Metrics:       dm,
		}, e, s.db, br.Texts)
		if err != nil {
			return nil, err
		}
		e.SetSender(bot.ChannelTelegram, tg)
		// Replies, agents' replies and notices are written to the outbox
		// in their turn's transaction and sent by this worker.
		out, err := delivery.New(delivery.Config{
			Channel: bot.ChannelTelegram, Store: s.db, Transport: tg,
			Logger: s.log.With("channel", "telegram"), Metrics: dm, OnDead: e.Undelivered,
		})
		if err != nil {
			return nil, err
		}
		e.SetOutbox(bot.ChannelTelegram, out.Wake)
		ch.runs = append(ch.runs, channelRun{"telegram", tg.Run}, channelRun{"telegram outbox", out.Run})
		if getenv("TELEGRAM_WEBHOOK_URL") != "" {
			ch.routes["POST /telegram/webhook"] = tg.WebhookHandler()
		}
		s.log.Info("channel enabled", "channel", "telegram", "webhook", getenv("TELEGRAM_WEBHOOK_URL") != "")
	}
	if token := getenv("SLACK_BOT_TOKEN"); token != "" {
		desk, err := slack.New(ctx, slack.Config{
			BotToken:      token,
			AppToken:      getenv("SLACK_APP_TOKEN"),
			SigningSecret: getenv("SLACK_SIGNING_SECRET"),
			Channel:       getenv("SLACK_SUPPORT_CHANNEL"),
			UserGroup:     getenv("SLACK_SUPPORT_USERGROUP"),
			APIURL:        getenv("SLACK_API_URL"),
			Lang:          s.cfg.Shop.DefaultLanguage,
			Location:      s.cfg.Policy.Location,
			Logger:        s.log.With("channel", "slack"),
			Metrics:       dm,
		}, e, s.db, br.Texts)
		if err != nil {
			return nil, err
		}
		e.SetDesk(desk)
		// Customers' messages into the threads go through the outbox,
		// committed with their turn, in order per thread.
		out, err := delivery.New(delivery.Config{
			Channel: bot.OutboxDesk, Store: s.db, Transport: desk,
			Logger: s.log.With("channel", "slack"), Metrics: dm,
		})
		if err != nil {
			return nil, err
		}
		e.SetOutbox(bot.OutboxDesk, out.Wake)
		ch.runs = append(ch.runs, channelRun{"slack", desk.Run}, channelRun{"slack outbox", out.Run})
		if getenv("SLACK_APP_TOKEN") == "" {
			h := desk.Handler()
			for _, p := range []string{"POST /slack/events", "POST /slack/interactivity", "POST /slack/commands"} {
				ch.routes[p] = h
			}
		}
		s.log.Info("agent desk enabled", "channel", "slack", "socket_mode", getenv("SLACK_APP_TOKEN") != "")
	}
	if token := getenv("DISCORD_BOT_TOKEN"); token != "" {
		dc, err := discord.New(ctx, discord.Config{
			Token:          token,
			SupportChannel: getenv("DISCORD_SUPPORT_CHANNEL"),
			Logger:         s.log.With("channel", "discord"),
		}, e, s.db, br.Texts)
		if err != nil {
			return nil, err
		}
		e.SetSender(bot.ChannelDiscord, dc)
		// As on Telegram: replies, agents' replies and notices are written
		// to the outbox in their turn's transaction and sent by this
		// worker, the message or interaction ID consumed by the same turn.
		out, err := delivery.New(delivery.Config{
			Channel: bot.ChannelDiscord, Store: s.db, Transport: dc,
			Logger: s.log.With("channel", "discord"), Metrics: dm, OnDead: e.Undelivered,
		})
		if err != nil {
			return nil, err
		}
		e.SetOutbox(bot.ChannelDiscord, out.Wake)
		ch.runs = append(ch.runs, channelRun{"discord", dc.Run}, channelRun{"discord outbox", out.Run})
		s.log.Info("channel enabled", "channel", "discord")
	}
	return ch, nil
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
