package discord

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/bwmarrin/discordgo"
)

// FuzzGatewayMessage decodes a MESSAGE_CREATE payload as discordgo does and
// routes it: no payload crashes the routing, a routed message always names
// a Discord conversation, and a message the bot wrote is never routed.
func FuzzGatewayMessage(f *testing.F) {
	b := &Bot{cfg: Config{SupportChannel: "100"}, me: "900"}
	f.Add(`{"id":"1","channel_id":"55","author":{"id":"7"},"content":"bonjour","type":0}`)
	f.Add(`{"id":"2","channel_id":"100","guild_id":"3","author":{"id":"7"},"content":"<@900> où est ma commande ?","mentions":[{"id":"900"}],"type":19}`)
	f.Add(`{"id":"3","channel_id":"100","author":{"id":"900"},"content":"<@!900> !logout"}`)
	f.Add(`{"id":"4","channel_id":"55","author":null,"mentions":[null]}`)
	f.Add(`{"id":"5","channel_id":"55","author":{"id":"7","bot":true},"webhook_id":"8"}`)
	f.Fuzz(func(t *testing.T, payload string) {
		var m discordgo.Message
		if err := json.Unmarshal([]byte(payload), &m); err != nil {
			return
		}
		p, ok := b.route(&m)
		if !ok {
			return
		}
		if m.Author.ID == b.me || m.Author.Bot || m.WebhookID != "" {
			t.Errorf("routed a message from a bot or the bot itself: %+v", m)
		}
		if _, err := parsePlace(p.conv); err != nil || !strings.HasPrefix(p.conv, "discord:") {
			t.Errorf("routed to %q: %v", p.conv, err)
		}
		if c, ok := parseCommand(stripMention(m.Content, b.me)); ok && c.name == "" {
			t.Errorf("a command without a name from %q", m.Content)
		}
	})
}

// FuzzInteraction decodes an INTERACTION_CREATE payload and finds the
// conversation of a button press: no payload crashes it, and a press
// outside a DM or the support channel has none.
func FuzzInteraction(f *testing.F) {
	b := &Bot{cfg: Config{SupportChannel: "100"}, me: "900"}
	f.Add(`{"id":"1","type":3,"channel_id":"55","user":{"id":"7"},"data":{"custom_id":"/yes","component_type":2}}`)
	f.Add(`{"id":"2","type":3,"guild_id":"3","channel_id":"100","member":{"user":{"id":"7"}},"data":{"custom_id":"!logout","component_type":2}}`)
	f.Add(`{"id":"3","type":3,"guild_id":"3","channel_id":"101","member":{"user":null},"data":{}}`)
	f.Add(`{"id":"4","type":2,"data":{"name":"x"}}`)
	f.Fuzz(func(t *testing.T, payload string) {
		var i discordgo.Interaction
		if err := json.Unmarshal([]byte(payload), &i); err != nil {
			return
		}
		p, ok := b.interactionPlace(&i, "7")
		if !ok {
			return
		}
		if i.GuildID != "" && i.ChannelID != b.cfg.SupportChannel {
			t.Errorf("a press in channel %q of a guild has conversation %q", i.ChannelID, p.conv)
		}
		if _, err := parsePlace(p.conv); err != nil {
			t.Errorf("a press routed to %q: %v", p.conv, err)
		}
	})
}
