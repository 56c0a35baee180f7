package telegram

import (
	"context"
	"strings"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"supportbot/bot"
)

// payloadGreet asks the engine to greet, as /start does.
const payloadGreet = "/intent:greet"

// command reads "/name@bot args" at the start of a text. A command
// addressed to another bot is not ours.
func command(text, username string) (name, args string, ok bool) {
	if !strings.HasPrefix(text, "/") {
		return "", "", false
	}
	head, args, _ := strings.Cut(strings.TrimPrefix(text, "/"), " ")
	head, args = strings.TrimSpace(head), strings.TrimSpace(args)
	if h, rest, found := strings.Cut(head, "\n"); found {
		head, args = h, strings.TrimSpace(rest+" "+args)
	}
	name, at, addressed := strings.Cut(head, "@")
	if addressed && !strings.EqualFold(at, username) {
		return "", "", false
	}
	if name == "" {
		return "", "", false
	}
	return strings.ToLower(name), args, true
}

// commandAsText turns a command the adapter does not know into words for
// the engine ("/cancel@bot" → "cancel"); other texts are unchanged.
func commandAsText(text string) string {
	if !strings.HasPrefix(text, "/") {
		return text
	}
	head, rest, _ := strings.Cut(strings.TrimPrefix(text, "/"), " ")
	head, _, _ = strings.Cut(head, "@")
	return strings.TrimSpace(head + " " + rest)
}

// runCommand runs the adapter's commands and reports whether name was one.
func (b *Bot) runCommand(ctx context.Context, s sender, name, args string) bool {
	switch name {
	case "help", "language", "logout":
		if !b.once(ctx, s) {
			return true
		}
	}
	switch name {
	case "start":
		in := s.incoming()
		in.Payload = payloadGreet
		b.converse(ctx, s, in, nil)
	case "help":
		lang := b.convLang(ctx, s)
		text := b.texts.T(lang, "channel_help", nil) + "\n\n" + b.texts.T(lang, "telegram_commands", nil)
		_ = b.deliver(ctx, s.chat, lang, []bot.Reply{{Text: text}})
	case "language":
		if lang, ok := b.parseLanguage(args); ok {
			b.setLanguage(ctx, s, lang)
		} else {
			b.chooseLanguage(ctx, s)
		}
	case "logout":
		if err := b.engine.Logout(ctx, s.conv(), source, s.userID); err != nil {
			b.log.ErrorContext(ctx, "telegram: logout", "conversation", s.conv(), "err", err)
			b.say(ctx, s, "channel_error", nil)
			return true
		}
		b.say(ctx, s, "channel_logged_out", nil)
	default:
		return false
	}
	return true
}

// parseLanguage reads /language's argument: a code or a language's name,
// in any language whose name starts with the code ("fr", "français",
// "French", "en-GB", "English").
func (b *Bot) parseLanguage(arg string) (string, bool) {
	arg = strings.ToLower(strings.TrimSpace(arg))
	if len(arg) < 2 {
		return "", false
	}
	for _, l := range b.texts.Languages() {
		if arg[:2] == l {
			return l, true
		}
	}
	return "", false
}

// chooseLanguage offers a button per language.
func (b *Bot) chooseLanguage(ctx context.Context, s sender) {
	var buttons []bot.Button
	for _, l := range b.texts.Languages() {
		buttons = append(buttons, bot.Button{Label: b.texts.T(l, "channel_language_name_"+l, nil), Payload: langPrefix + l})
	}
	b.say(ctx, s, "channel_language_choose", nil, buttons...)
}

// setLanguage switches the conversation's language and confirms in it.
func (b *Bot) setLanguage(ctx context.Context, s sender, lang string) {
	if _, ok := b.parseLanguage(lang); !ok {
		b.chooseLanguage(ctx, s)
		return
	}
	if err := b.engine.SetLanguage(ctx, s.conv(), source, lang); err != nil {
		b.log.ErrorContext(ctx, "telegram: set language", "conversation", s.conv(), "err", err)
		b.say(ctx, s, "channel_error", nil)
		return
	}
	_ = b.deliver(ctx, s.chat, lang, []bot.Reply{{Text: b.texts.T(lang, "channel_language_set", nil)}})
}

// setCommands fills the command menu of Telegram's apps, in each language
// (and the default language for the others). It is a courtesy: a failure
// is logged and the bot runs on.
func (b *Bot) setCommands(ctx context.Context) {
	ctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	langs := b.texts.Languages()
	for i, lang := range append([]string{""}, langs...) {
		textLang := lang
		if i == 0 {
			textLang = langs[0]
		}
		var cmds []tgbotapi.BotCommand
		for _, c := range []string{"start", "help", "language", "logout"} {
			cmds = append(cmds, tgbotapi.BotCommand{Command: c, Description: b.texts.T(textLang, "telegram_command_"+c, nil)})
		}
		cfg := tgbotapi.NewSetMyCommandsWithScopeAndLanguage(tgbotapi.NewBotCommandScopeAllPrivateChats(), lang, cmds...)
		if _, err := b.api(ctx).Request(cfg); err != nil {
			b.log.WarnContext(ctx, "telegram: command menu not set", "lang", lang, "err", err)
			return
		}
	}
}
