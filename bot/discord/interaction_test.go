package discord

import (
	"testing"

	"github.com/bwmarrin/discordgo"

	"supportbot/bot/discord/discordtest"
)

// appID is the application the tests' interactions belong to.
const appID = discordtest.BotID

// pressOf is the interaction Discord sends when a user presses a button
// carrying customID.
func (f *fixture) pressOf(channelID, userID, customID string, inGuild bool) *discordgo.Interaction {
	i := &discordgo.Interaction{
		ID: f.fake.NewID(), AppID: appID, Type: discordgo.InteractionMessageComponent,
		ChannelID: channelID, Token: "interaction-token-" + f.fake.NewID(), Locale: discordgo.EnglishGB,
		Data: discordgo.MessageComponentInteractionData{CustomID: customID, ComponentType: discordgo.ButtonComponent},
	}
	user := &discordgo.User{ID: userID, Username: "customer"}
	if inGuild {
		i.GuildID = guildID
		i.Member = &discordgo.Member{User: user}
	} else {
		i.User = user
	}
	return i
}

// TestButtonPress presses a button of the bot's greeting: the press is
// acknowledged with a deferred update, then answered in follow-ups.
func TestButtonPress(t *testing.T) {
	f := newFixture(t)
	greeting := f.deliver(t, f.dm(customerID, dmChannel, "Bonjour"))
	buttons := greeting[len(greeting)-1].Buttons()
	if len(buttons) == 0 {
		t.Fatal("the greeting has no buttons")
	}
	i := f.pressOf(dmChannel, customerID, buttons[0].CustomID, false)

	posts := f.press(t, i)
	cbs := f.fake.Callbacks()
	if len(cbs) != 1 || cbs[0].InteractionID != i.ID || cbs[0].Token != i.Token ||
		cbs[0].Type != discordgo.InteractionResponseDeferredMessageUpdate {
		t.Fatalf("callbacks = %+v, want one deferred update (type 6) for %s", cbs, i.ID)
	}
	if len(posts) == 0 {
		t.Fatal("no answer to the press")
	}
	for _, p := range posts {
		if p.Via != "followup" || p.ApplicationID != appID || p.InteractionToken != i.Token {
			t.Errorf("answer posted as %+v, want a follow-up of the interaction", p)
		}
	}
	if got := joined(posts); got == joined(greeting) {
		t.Errorf("the press got the greeting again: %q", got)
	}

	// The gateway delivers the same press again: handled once.
	if again := f.press(t, i); len(again) != 0 {
		t.Errorf("the same press was answered again: %+v", again)
	}
	if got := len(f.fake.Callbacks()); got != 1 {
		t.Errorf("%d callbacks after a redelivery, want 1", got)
	}
}

// TestButtonPressInSupportChannel: a press counts for whoever pressed, in
// their own conversation.
func TestButtonPressInSupportChannel(t *testing.T) {
	f := newFixture(t)
	f.deliver(t, f.inChannel(supportChannel, customerID, "where is my order? sophie.laurent@example.fr OP-100701", true))

	posts := f.press(t, f.pressOf(supportChannel, otherCustomer, "/human", true))
	if len(posts) == 0 {
		t.Fatal("no answer to the press")
	}
	if _, err := f.db.Conversation(t.Context(), "discord:"+supportChannel+":"+otherCustomer); err != nil {
		t.Errorf("the presser's conversation: %v", err)
	}
}

// TestExpiredInteraction: when Discord refuses the follow-ups (the token
// expired), the answer goes to the channel instead.
func TestExpiredInteraction(t *testing.T) {
	f := newFixture(t)
	i := f.pressOf(supportChannel, customerID, "/human", true)
	i.Token = discordtest.ExpiredToken
	posts := f.press(t, i)
	if len(posts) == 0 {
		t.Fatal("no answer to the press")
	}
	first := posts[0]
	if first.Via != "channel" || first.ChannelID != supportChannel {
		t.Errorf("answer posted as %+v, want in the support channel", first)
	}
	if want := "<@" + customerID + "> "; len(first.Content) < len(want) || first.Content[:len(want)] != want {
		t.Errorf("answer %q does not address the customer", first.Content)
	}
}

func TestPressesIgnored(t *testing.T) {
	f := newFixture(t)
	bot := f.pressOf(dmChannel, "810000000000000001", "/human", false)
	bot.User.Bot = true
	command := f.pressOf(dmChannel, customerID, "", false)
	command.Type = discordgo.InteractionApplicationCommand
	command.Data = discordgo.ApplicationCommandInteractionData{Name: "help"}
	elsewhere := f.pressOf(otherChannel, customerID, "/human", true)
	tests := []struct {
		name    string
		i       *discordgo.Interaction
		wantAck bool
	}{
		{name: "a bot", i: bot},
		{name: "an application command", i: command},
		{name: "another channel", i: elsewhere, wantAck: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := len(f.fake.Callbacks())
			if posts := f.press(t, tt.i); len(posts) != 0 {
				t.Errorf("the bot answered: %+v", posts)
			}
			if got := len(f.fake.Callbacks()) - before; (got == 1) != tt.wantAck {
				t.Errorf("%d acknowledgements, want ack = %v", got, tt.wantAck)
			}
		})
	}
}
