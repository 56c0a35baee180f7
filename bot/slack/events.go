package slack

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/slack-go/slack/slackevents"

	"supportbot/bot"
	"supportbot/storage"
)

// agentMessage is a person's message in a hand-off's thread.
type agentMessage struct {
	channel, threadTS, user, text string
}

// dispatch takes an Events API event: a person's message in a thread of
// the support channel is queued once per event_id; everything else is
// ignored. It returns errBusy when the queue is full, or the error of
// the delivery log; Slack then delivers the event again.
func (d *Desk) dispatch(ctx context.Context, ev slackevents.EventsAPIEvent) error {
	cb, ok := ev.Data.(*slackevents.EventsAPICallbackEvent)
	if !ok || cb.EventID == "" {
		return nil
	}
	msg, ok := ev.InnerEvent.Data.(*slackevents.MessageEvent)
	if !ok {
		return nil
	}
	m, ok := d.fromPerson(msg)
	if !ok {
		return nil
	}
	if !d.work.reserve() {
		return errBusy
	}
	first, err := d.deliveries.MarkProcessed(ctx, deliverySource, cb.EventID)
	if err != nil || !first {
		d.work.release()
		if err != nil {
			return fmt.Errorf("event %s: %w", cb.EventID, err)
		}
		d.log.DebugContext(ctx, "slack event already processed", "event", cb.EventID)
		return nil
	}
	d.work.push(func(ctx context.Context) { d.agentReply(ctx, m) })
	return nil
}

// fromPerson keeps the messages a person wrote in a thread of the
// support channel: not the bot's own, not another bot's, not an edit or a
// deletion.
func (d *Desk) fromPerson(m *slackevents.MessageEvent) (agentMessage, bool) {
	switch {
	case m.Channel != d.cfg.Channel,
		m.ThreadTimeStamp == "" || m.ThreadTimeStamp == m.TimeStamp,
		m.SubType != "" && m.SubType != "thread_broadcast",
		m.BotID != "",
		m.User == "" || m.User == d.botUserID,
		strings.TrimSpace(m.Text) == "":
		return agentMessage{}, false
	}
	return agentMessage{channel: m.Channel, threadTS: m.ThreadTimeStamp, user: m.User, text: m.Text}, true
}

// agentReply hands a person's thread message to the engine, which sends
// it to the customer (or keeps a "note:" in the transcript).
func (d *Desk) agentReply(ctx context.Context, m agentMessage) {
	ref := m.channel + "/" + m.threadTS
	if !d.agent(ctx, m.user) {
		// Someone outside the team writing in a thread: it stays in Slack.
		d.ephemeral(ctx, m.channel, m.user, m.threadTS, d.t("desk_err_not_agent", nil))
		return
	}
	name := d.agentName(ctx, m.user, "")
	err := d.engine.AgentReply(ctx, ref, m.user, name, plainText(m.text))
	switch {
	case err == nil:
	case errors.Is(err, storage.ErrNotFound):
		// A thread that is not a hand-off: the team talking.
	case errors.Is(err, bot.ErrHandoffClosed):
		d.ephemeral(ctx, m.channel, m.user, m.threadTS, d.t("desk_err_closed_reply", nil))
	default:
		d.log.ErrorContext(ctx, "agent reply", "ref", ref, "user", m.user, "err", err)
		d.ephemeral(ctx, m.channel, m.user, m.threadTS, d.t("desk_err_not_sent", nil))
	}
}
