package slack

import (
	"context"
	"errors"
	"fmt"

	slackapi "github.com/slack-go/slack"
	"github.com/slack-go/slack/slackevents"
	"github.com/slack-go/slack/socketmode"
)

// runSocket receives Slack's events, button presses and slash commands
// over Socket Mode until ctx is cancelled. Each envelope is acked once
// handled as over HTTP, with no signature to check: the connection itself
// was opened with the app-level token. An envelope the desk cannot take
// now is left unacked, and Slack delivers it again.
func (d *Desk) runSocket(ctx context.Context) error {
	client := socketmode.New(d.api)
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	done := make(chan error, 1)
	go func() { done <- client.RunContext(ctx) }()
	for {
		select {
		case err := <-done:
			return fmt.Errorf("socket mode: %w", err)
		case evt := <-client.Events:
			d.socketEvent(ctx, client, evt)
		}
	}
}

func (d *Desk) socketEvent(ctx context.Context, client *socketmode.Client, evt socketmode.Event) {
	switch evt.Type {
	case socketmode.EventTypeEventsAPI:
		ev, ok := evt.Data.(slackevents.EventsAPIEvent)
		if !ok {
			d.ack(ctx, client, evt, nil)
			return
		}
		// Queued here, in the order Slack sent them; acked once the turn
		// committed, without holding up the envelopes behind.
		wait, err := d.intake(ctx, ev)
		if err == nil {
			go func() {
				if err := wait(ctx); err != nil {
					if !errors.Is(err, errPending) {
						d.log.ErrorContext(ctx, "slack event", "err", err)
					}
					return
				}
				d.ack(ctx, client, evt, nil)
			}()
			return
		}
		if !errors.Is(err, errBusy) {
			d.log.ErrorContext(ctx, "slack event", "err", err)
		}
	case socketmode.EventTypeInteractive:
		ic, ok := evt.Data.(slackapi.InteractionCallback)
		if ok && !d.interact(ic) {
			return
		}
		d.ack(ctx, client, evt, nil)
	case socketmode.EventTypeSlashCommand:
		cmd, _ := evt.Data.(slackapi.SlashCommand)
		cctx, cancel := context.WithTimeout(ctx, commandTimeout)
		msg := d.command(cctx, cmd)
		cancel()
		d.ack(ctx, client, evt, msg)
	case socketmode.EventTypeConnectionError:
		d.cfg.Metrics.Reconnect("slack")
		d.cfg.OnHealth(errors.New("slack: socket mode connection failed, reconnecting"))
		if e, ok := evt.Data.(*slackapi.ConnectionErrorEvent); ok {
			d.log.WarnContext(ctx, "slack socket mode connection", "attempt", e.Attempt, "backoff", e.Backoff, "err", e.ErrorObj)
		}
	case socketmode.EventTypeInvalidAuth, socketmode.EventTypeIncomingError:
		d.log.WarnContext(ctx, "slack socket mode", "event", string(evt.Type))
	case socketmode.EventTypeConnected:
		d.cfg.OnHealth(nil)
		d.log.InfoContext(ctx, "slack socket mode connected")
	}
}

func (d *Desk) ack(ctx context.Context, client *socketmode.Client, evt socketmode.Event, payload any) {
	if evt.Request == nil {
		return
	}
	if err := client.AckCtx(ctx, evt.Request.EnvelopeID, payload); err != nil {
		d.log.ErrorContext(ctx, "slack socket mode ack", "err", err)
	}
}
