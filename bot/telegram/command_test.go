package telegram

import (
	"strings"
	"testing"

	"supportbot/bot/telegram/telegramtest"
)

func TestStartGreetsInTheUsersLanguage(t *testing.T) {
	h := newHarness(t)
	h.start(Config{})
	tests := []struct {
		name string
		lang string
		want string
	}{
		{name: "English app", lang: "en", want: "Hello and welcome to Opaline"},
		{name: "British English app", lang: "en-GB", want: "Hello and welcome to Opaline"},
		{name: "French app", lang: "fr", want: "Bienvenue"},
		{name: "no language: the shop's default", lang: "", want: "Bienvenue"},
		{name: "unknown language: the shop's default", lang: "de", want: "Bienvenue"},
	}
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := telegramtest.Customer{ID: int64(700 + i), LanguageCode: tt.lang}
			got := h.say(c, "/start")
			mustContain(t, got, tt.want)
			if len(got) > 0 && len(got[0].Buttons()) == 0 {
				t.Error("the greeting offers no buttons")
			}
		})
	}
}

func TestHelp(t *testing.T) {
	h := newHarness(t)
	h.start(Config{})
	got := h.say(telegramtest.Customer{ID: 710, LanguageCode: "en"}, "/help")
	want := h.texts.T("en", "channel_help", nil) + "\n\n" + h.texts.T("en", "telegram_commands", nil)
	if len(got) != 1 || got[0].Text != want {
		t.Errorf("/help answered %q, want %q", texts(got), want)
	}
}

func TestLanguageCommand(t *testing.T) {
	h := newHarness(t)
	h.start(Config{})
	c := telegramtest.Customer{ID: 711, LanguageCode: "fr"}

	got := h.say(c, "/language")
	mustContain(t, got, h.texts.T("fr", "channel_language_choose", nil))
	menu := withButtons(t, got)
	if n := len(menu.Buttons()); n != 2 {
		t.Fatalf("%d language buttons, want 2", n)
	}
	got = h.press(c, menu, "English")
	mustContain(t, got, h.texts.T("en", "channel_language_set", nil))

	// The conversation now speaks English, whatever the app's language.
	mustContain(t, h.say(c, "/help"), "I'm the customer service assistant")
	mustContain(t, h.say(c, "/start"), "Hello and welcome")

	got = h.say(c, "/language français")
	mustContain(t, got, h.texts.T("fr", "channel_language_set", nil))
	got = h.say(c, "/language klingon")
	withButtons(t, got)
	mustContain(t, got, h.texts.T("fr", "channel_language_choose", nil))
}

func TestLogoutAsksForProofAgain(t *testing.T) {
	h := newHarness(t)
	h.start(Config{})
	c := telegramtest.Customer{ID: 712, FirstName: "Sophie", LanguageCode: "en"}
	mustContain(t, h.say(c, "where is my order? sophie.laurent@example.fr OP-100701"), "Chronopost")
	mustContain(t, h.say(c, "and my loyalty points?"), "points")

	got := h.say(c, "/logout")
	if want := h.texts.T("en", "channel_logged_out", nil); len(got) != 1 || got[0].Text != want {
		t.Errorf("/logout answered %q, want %q", texts(got), want)
	}
	got = h.say(c, "where is my order?")
	mustContain(t, got, "e-mail")
	mustNotContain(t, got, "Chronopost", "OP-100701")
}

func TestCommandParsing(t *testing.T) {
	tests := []struct {
		name     string
		text     string
		wantName string
		wantArgs string
		wantOK   bool
	}{
		{name: "bare", text: "/start", wantName: "start", wantOK: true},
		{name: "with argument", text: "/language en", wantName: "language", wantArgs: "en", wantOK: true},
		{name: "addressed to us", text: "/help@opaline_support_bot", wantName: "help", wantOK: true},
		{name: "addressed to us, any case", text: "/Help@Opaline_Support_Bot", wantName: "help", wantOK: true},
		{name: "addressed to another bot", text: "/help@other_bot", wantOK: false},
		{name: "argument on the next line", text: "/language\nfr", wantName: "language", wantArgs: "fr", wantOK: true},
		{name: "deep link", text: "/start promo-42", wantName: "start", wantArgs: "promo-42", wantOK: true},
		{name: "plain text", text: "hello /start", wantOK: false},
		{name: "lone slash", text: "/", wantOK: false},
		{name: "slash then space", text: "/ start", wantOK: false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			name, args, ok := command(tt.text, telegramtest.BotUsername)
			if name != tt.wantName || args != tt.wantArgs || ok != tt.wantOK {
				t.Errorf("command(%q) = %q, %q, %v; want %q, %q, %v", tt.text, name, args, ok, tt.wantName, tt.wantArgs, tt.wantOK)
			}
		})
	}
}

func TestCommandAsText(t *testing.T) {
	tests := []struct{ name, text, want string }{
		{name: "unknown command", text: "/cancel", want: "cancel"},
		{name: "addressed", text: "/stop@opaline_support_bot", want: "stop"},
		{name: "with words", text: "/track OP-100701", want: "track OP-100701"},
		{name: "not a command", text: "where is my order?", want: "where is my order?"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := commandAsText(tt.text); got != tt.want {
				t.Errorf("commandAsText(%q) = %q, want %q", tt.text, got, tt.want)
			}
		})
	}
}

func FuzzCommand(f *testing.F) {
	for _, s := range []string{"/start", "/language en", "/help@bot", "/@", "/a@b@c d", "/\n\n", "/x\ny z", "hello"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		name, args, ok := command(text, telegramtest.BotUsername)
		if !ok {
			return
		}
		if name == "" || strings.ContainsAny(name, " \n@") {
			t.Errorf("command(%q) gave name %q", text, name)
		}
		if args != strings.TrimSpace(args) {
			t.Errorf("command(%q) gave untrimmed args %q", text, args)
		}
	})
}
