package slack

import (
	"context"
	"errors"

	slackapi "github.com/slack-go/slack"

	"supportbot/bot"
	"supportbot/storage"
)

// press is an agent's press of Take or Resolve, or their choice in the
// case's status menu (value).
type press struct {
	action      string
	value       string
	channel, ts string // the root message
	user        string
	handle      string
	blocks      []slackapi.Block // the root message's blocks, from the payload
}

// interact queues the Take and Resolve presses of a block_actions
// payload; other interactions are ignored. It reports false when the
// queue is full.
func (d *Desk) interact(ic slackapi.InteractionCallback) bool {
	if ic.Type != slackapi.InteractionTypeBlockActions {
		return true
	}
	channel, ts := ic.Container.ChannelID, ic.Container.MessageTs
	if channel == "" {
		channel = ic.Channel.ID
	}
	if channel == "" || ts == "" {
		return true
	}
	for _, a := range ic.ActionCallback.BlockActions {
		p := press{action: a.ActionID, channel: channel, ts: ts, user: ic.User.ID,
			handle: ic.User.Name, blocks: ic.Message.Blocks.BlockSet}
		run := d.act
		switch a.ActionID {
		case ActionTake, ActionResolve:
		case ActionCaseStatus:
			p.value, run = a.SelectedOption.Value, d.setCaseStatus
		default:
			continue
		}
		if !d.work.tryPush(func(ctx context.Context) { run(ctx, p) }) {
			return false
		}
	}
	return true
}

// act asks the engine to take or resolve the hand-off, then shows it on
// the root message and in the thread.
func (d *Desk) act(ctx context.Context, p press) {
	ref := p.channel + "/" + p.ts
	if !d.agent(ctx, p.user) {
		d.ephemeral(ctx, p.channel, p.user, p.ts, d.t("desk_err_not_agent", nil))
		return
	}
	name := d.agentName(ctx, p.user, p.handle)
	var err error
	if p.action == ActionTake {
		err = d.engine.AgentTake(ctx, ref, p.user, name)
	} else {
		err = d.engine.AgentResolve(ctx, ref, p.user, name)
	}
	switch {
	case err == nil:
	case errors.Is(err, bot.ErrHandoffClosed):
		d.ephemeral(ctx, p.channel, p.user, p.ts, d.t("desk_err_closed", nil))
		return
	case errors.Is(err, storage.ErrNotFound):
		d.ephemeral(ctx, p.channel, p.user, p.ts, d.t("desk_err_unknown", nil))
		return
	default:
		d.log.ErrorContext(ctx, "agent action", "action", p.action, "ref", ref, "user", p.user, "err", err)
		d.ephemeral(ctx, p.channel, p.user, p.ts, d.t("desk_err_action", nil))
		return
	}
	state, note, buttons := d.stateBlock("desk_state_resolved", name), "desk_thread_resolved", d.statusOnly()
	if p.action == ActionTake {
		state, note, buttons = d.stateBlock("desk_state_taken", name), "desk_thread_taken", d.buttons(d.buttonValue(p.blocks), false)
	}
	d.showState(ctx, p.channel, p.ts, p.blocks, state, buttons)
	if _, err := d.post(ctx, p.channel, p.ts, d.t(note, map[string]any{"Agent": escape(name)})); err != nil {
		d.log.ErrorContext(ctx, "slack thread note", "ref", ref, "err", err)
	}
}

// showState updates the root message's state and buttons, reading the
// message first when the blocks are not at hand.
func (d *Desk) showState(ctx context.Context, channel, ts string, blocks []slackapi.Block, state, buttons slackapi.Block) {
	if len(blocks) == 0 {
		var err error
		if blocks, err = d.rootOf(ctx, channel, ts); err != nil {
			d.log.ErrorContext(ctx, "slack root message", "ref", channel+"/"+ts, "err", err)
			return
		}
	}
	if err := d.update(ctx, channel, ts, restate(blocks, state, buttons)); err != nil {
		d.log.ErrorContext(ctx, "slack root message", "ref", channel+"/"+ts, "err", err)
	}
}

// buttonValue is the value the root message's buttons carry.
func (d *Desk) buttonValue(blocks []slackapi.Block) string {
	for _, b := range blocks {
		ab, ok := b.(*slackapi.ActionBlock)
		if !ok || ab.Elements == nil {
			continue
		}
		for _, e := range ab.Elements.ElementSet {
			if btn, ok := e.(*slackapi.ButtonBlockElement); ok {
				return btn.Value
			}
		}
	}
	return ""
}

// setCaseStatus sets the status of the hand-off's case as the agent chose
// it in the menu, and notes it in the thread.
func (d *Desk) setCaseStatus(ctx context.Context, p press) {
	ref := p.channel + "/" + p.ts
	if !d.agent(ctx, p.user) {
		d.ephemeral(ctx, p.channel, p.user, p.ts, d.t("desk_err_not_agent", nil))
		return
	}
	name := d.agentName(ctx, p.user, p.handle)
	err := d.engine.AgentSetCaseStatus(ctx, ref, p.user, name, p.value)
	switch {
	case err == nil:
	case errors.Is(err, storage.ErrNotFound), errors.Is(err, bot.ErrUnknownStatus):
		d.ephemeral(ctx, p.channel, p.user, p.ts, d.t("desk_err_unknown", nil))
		return
	default:
		d.log.ErrorContext(ctx, "agent case status", "ref", ref, "user", p.user, "err", err)
		d.ephemeral(ctx, p.channel, p.user, p.ts, d.t("desk_err_action", nil))
		return
	}
	text := d.t("desk_thread_case_status", map[string]any{"Agent": escape(name), "Status": d.word("desk_case_status_", p.value)})
	if _, err := d.post(ctx, p.channel, p.ts, text); err != nil {
		d.log.ErrorContext(ctx, "slack thread note", "ref", ref, "err", err)
	}
}
