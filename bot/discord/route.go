package discord

import (
	"errors"
	"fmt"
	"strings"

	"github.com/bwmarrin/discordgo"

	"supportbot/bot"
)

// place is where the replies of a conversation go.
type place struct {
	conv      string // conversation ID
	channelID string
	// userID is the customer, set in the support channel, where the bot
	// must say whom it answers; in a DM the channel is the customer.
	userID string
	// replyTo is the message being answered, in the support channel: the
	// first reply quotes it, which notifies its author.
	replyTo string
	// interaction is set for a button press: the replies are its
	// follow-ups.
	interaction *discordgo.Interaction
}

// dmPlace and supportPlace name the two kinds of conversation.
func dmPlace(channelID string) place {
	return place{conv: bot.ChannelDiscord + ":dm:" + channelID, channelID: channelID}
}

func supportPlace(channelID, userID string) place {
	return place{conv: bot.ChannelDiscord + ":" + channelID + ":" + userID, channelID: channelID, userID: userID}
}

// errNotDiscord is returned by parsePlace for a conversation ID that is not
// one of ours.
var errNotDiscord = errors.New("not a Discord conversation")

// parsePlace reads back a conversation ID made by dmPlace or supportPlace.
func parsePlace(conv string) (place, error) {
	rest, ok := strings.CutPrefix(conv, bot.ChannelDiscord+":")
	if !ok {
		return place{}, fmt.Errorf("conversation %q: %w", conv, errNotDiscord)
	}
	a, b, ok := strings.Cut(rest, ":")
	switch {
	case ok && a == "dm" && isSnowflake(b):
		return dmPlace(b), nil
	case ok && isSnowflake(a) && isSnowflake(b):
		return supportPlace(a, b), nil
	}
	return place{}, fmt.Errorf("conversation %q: %w", conv, errNotDiscord)
}

// isSnowflake reports whether s looks like a Discord ID: 1 to 20 digits.
func isSnowflake(s string) bool {
	if s == "" || len(s) > 20 {
		return false
	}
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}
