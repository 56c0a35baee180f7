package discord

import (
	"context"
	"strings"

	"supportbot/bot"
)

// Message IDs of the texts the adapter words itself (locales/*/channels.toml).
const (
	msgHelp           = "channel_help"
	msgCommands       = "discord_commands"
	msgLoggedOut      = "channel_logged_out"
	msgLanguageChoose = "channel_language_choose"
	msgLanguageSet    = "channel_language_set"
	msgLanguageName   = "channel_language_name_" // + language
	msgAgentSays      = "channel_agent_says"
	msgPhotoFailed    = "channel_photo_failed"
	msgPhotoTooBig    = "channel_photo_too_big"
	msgUnsupported    = "channel_unsupported"
	msgError          = "channel_error"
)

// Commands a customer can type.
const (
	cmdHelp     = "help"
	cmdLogout   = "logout"
	cmdLanguage = "language"
)

// commandNames maps what a customer may type, after "!" or "/", to a
// command: English and French names.
var commandNames = map[string]string{
	"help": cmdHelp, "aide": cmdHelp, "start": cmdHelp,
	"logout": cmdLogout, "deconnexion": cmdLogout, "déconnexion": cmdLogout,
	"language": cmdLanguage, "langue": cmdLanguage, "lang": cmdLanguage,
}

// command is a text command and its argument ("language" "fr").
type command struct {
	name string
	arg  string
}

// parseCommand reads a text command: "!help", "/logout", "!language fr".
// Anything else, "!" followed by an unknown word included, is a message for
// the engine.
func parseCommand(text string) (command, bool) {
	text = strings.TrimSpace(text)
	if len(text) < 2 || (text[0] != '!' && text[0] != '/') {
		return command{}, false
	}
	fields := strings.Fields(text[1:])
	if len(fields) == 0 || len(fields) > 2 {
		return command{}, false
	}
	name, ok := commandNames[strings.ToLower(fields[0])]
	if !ok {
		return command{}, false
	}
	c := command{name: name}
	if len(fields) == 2 {
		c.arg = strings.ToLower(fields[1])
	}
	return c, true
}

// runCommand carries a command out and answers it.
func (b *Bot) runCommand(ctx context.Context, p place, userID, hint string, c command) {
	log := b.log.With("conversation", p.conv, "command", c.name)
	lang := b.lang(ctx, p.conv, hint)
	var reply bot.Reply
	switch c.name {
	case cmdHelp:
		reply.Text = b.help(lang)
	case cmdLogout:
		if err := b.engine.Logout(ctx, p.conv, bot.ChannelDiscord, userID); err != nil {
			log.ErrorContext(ctx, "discord: logout", "err", err)
			reply.Text = b.texts.T(lang, msgError, nil)
			break
		}
		reply.Text = b.texts.T(lang, msgLoggedOut, nil)
	case cmdLanguage:
		reply = b.setLanguage(ctx, p, lang, c.arg)
	}
	if err := b.post(ctx, p, []bot.Reply{reply}); err != nil {
		log.ErrorContext(ctx, "discord: answer command", "err", err)
	}
}

// help is the answer to !help: what the bot does, and its commands.
func (b *Bot) help(lang string) string {
	return b.texts.T(lang, msgHelp, nil) + "\n\n" + b.texts.T(lang, msgCommands, nil)
}

// setLanguage switches the conversation to want, or offers the languages
// as buttons when want is not one of them.
func (b *Bot) setLanguage(ctx context.Context, p place, lang, want string) bot.Reply {
	if !b.speaks(want) {
		r := bot.Reply{Text: b.texts.T(lang, msgLanguageChoose, nil)}
		for _, l := range b.texts.Languages() {
			r.Buttons = append(r.Buttons, bot.Button{
				Label: b.texts.T(l, msgLanguageName+l, nil), Payload: "!" + cmdLanguage + " " + l,
			})
		}
		return r
	}
	if err := b.engine.SetLanguage(ctx, p.conv, bot.ChannelDiscord, want); err != nil {
		b.log.ErrorContext(ctx, "discord: set language", "conversation", p.conv, "err", err)
		return bot.Reply{Text: b.texts.T(lang, msgError, nil)}
	}
	return bot.Reply{Text: b.texts.T(want, msgLanguageSet, nil)}
}

// speaks reports whether lang is one of the bot's languages.
func (b *Bot) speaks(lang string) bool {
	for _, l := range b.texts.Languages() {
		if l == lang {
			return true
		}
	}
	return false
}

// lang is the language to word the adapter's own messages in: the
// conversation's, else the platform's hint, else the default.
func (b *Bot) lang(ctx context.Context, conv, hint string) string {
	if b.convs != nil {
		if c, err := b.convs.Conversation(ctx, conv); err == nil && b.speaks(c.Lang) {
			return c.Lang
		}
	}
	if len(hint) >= 2 && b.speaks(strings.ToLower(hint[:2])) {
		return strings.ToLower(hint[:2])
	}
	return b.texts.Languages()[0]
}
