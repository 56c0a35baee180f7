package slack

import (
	"cmp"
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
	files                         []bot.AgentFile
	// private are the names of the files shared without a public link:
	// the customer could not open them.
	private []string
}

// dispatch takes an Events API event and, for a person's message in a
// thread of the support channel, waits (at most ackWait) until its turn
// committed with its event_id: only then is Slack told the event was
// handled. Everything else is acknowledged at once.
func (d *Desk) dispatch(ctx context.Context, ev slackevents.EventsAPIEvent) error {
	wait, err := d.intake(ctx, ev)
	if err != nil {
		return err
	}
	return wait(ctx)
}

// intake queues a person's thread message behind the thread's earlier
// ones, unless a committed turn already consumed its event_id, and
// returns what waits for its turn. It returns errBusy when the desk holds
// too much, or is stopping, or the error of the delivery record: Slack
// then delivers the event again.
func (d *Desk) intake(ctx context.Context, ev slackevents.EventsAPIEvent) (wait func(context.Context) error, err error) {
	none := func(context.Context) error { return nil }
	cb, ok := ev.Data.(*slackevents.EventsAPICallbackEvent)
	if !ok || cb.EventID == "" {
		return none, nil
	}
	msg, ok := ev.InnerEvent.Data.(*slackevents.MessageEvent)
	if !ok {
		return none, nil
	}
	m, ok := d.fromPerson(msg)
	if !ok {
		return none, nil
	}
	_, err = d.deliveries.DeliveryResult(ctx, deliverySource, cb.EventID)
	switch {
	case err == nil:
		d.cfg.Metrics.Dedupe(deliverySource)
		d.log.DebugContext(ctx, "slack event already processed", "event", cb.EventID)
		return none, nil
	case !errors.Is(err, storage.ErrNotFound):
		return nil, fmt.Errorf("event %s: %w", cb.EventID, err)
	}
	j, err := d.threads.submit(m.channel+"/"+m.threadTS, cb.EventID, func(ctx context.Context) error {
		return d.agentReply(ctx, m, cb.EventID)
	})
	if err != nil {
		return nil, err
	}
	return j.wait, nil
}

// fromPerson keeps the messages a person wrote in a thread of the
// support channel: not the bot's own, not another bot's, not an edit or a
// deletion.
func (d *Desk) fromPerson(m *slackevents.MessageEvent) (agentMessage, bool) {
	switch {
	case m.Channel != d.cfg.Channel,
		m.ThreadTimeStamp == "" || m.ThreadTimeStamp == m.TimeStamp,
		m.SubType != "" && m.SubType != "thread_broadcast" && m.SubType != "file_share",
		m.BotID != "",
		m.User == "" || m.User == d.botUserID:
		return agentMessage{}, false
	}
	a := agentMessage{channel: m.Channel, threadTS: m.ThreadTimeStamp, user: m.User, text: m.Text}
	if m.Message != nil {
		for _, f := range m.Message.Files {
			name := cmp.Or(f.Title, f.Name, f.ID)
			if f.PermalinkPublic == "" {
				a.private = append(a.private, name)
				continue
			}
			a.files = append(a.files, bot.AgentFile{Name: name, URL: f.PermalinkPublic})
		}
	}
	if strings.TrimSpace(a.text) == "" && len(a.files) == 0 && len(a.private) == 0 {
		return agentMessage{}, false
	}
	return a, true
}

// agentReply hands a person's thread message to the engine, which sends
// it to the customer (or keeps a "note:" in the transcript), and consumes
// its event_id in the same transaction. It returns an error only when the
// turn failed and Slack should deliver the event again.
func (d *Desk) agentReply(ctx context.Context, m agentMessage, eventID string) error {
	ref := m.channel + "/" + m.threadTS
	if !d.agent(ctx, m.user) {
		// Someone outside the team writing in a thread: it stays in Slack.
		d.ephemeral(ctx, m.channel, m.user, m.threadTS, d.t("desk_err_not_agent", nil))
		return nil
	}
	for _, f := range m.private {
		d.ephemeral(ctx, m.channel, m.user, m.threadTS, d.t("desk_file_not_public", map[string]any{"Name": escape(f)}))
	}
	if strings.TrimSpace(m.text) == "" && len(m.files) == 0 {
		return nil
	}
	// A name Slack cannot tell now is left empty: the customer reads a
	// label that still says a person writes.
	name := d.agentName(ctx, m.user, "")
	err := d.engine.AgentWrote(ctx, bot.AgentMessage{
		Ref: ref, AgentID: m.user, AgentName: name, Text: plainText(m.text), Files: m.files,
		Delivery: bot.Delivery{Source: deliverySource, Key: eventID},
	})
	switch {
	case err == nil:
	case errors.Is(err, storage.ErrNotFound):
		// A thread that is not a hand-off: the team talking.
	case errors.Is(err, bot.ErrHandoffClosed):
		d.ephemeral(ctx, m.channel, m.user, m.threadTS, d.t("desk_err_closed_reply", nil))
	default:
		d.log.ErrorContext(ctx, "agent reply", "ref", ref, "user", m.user, "err", err)
		d.ephemeral(ctx, m.channel, m.user, m.threadTS, d.t("desk_err_not_sent", nil))
		return err
	}
	return nil
}
