package discord

import (
	"strings"
	"testing"
)

func TestParseCommand(t *testing.T) {
	tests := []struct {
		name   string
		in     string
		want   command
		wantOK bool
	}{
		{name: "help", in: "!help", want: command{name: cmdHelp}, wantOK: true},
		{name: "slash and French", in: "/aide", want: command{name: cmdHelp}, wantOK: true},
		{name: "upper case, spaces", in: "  !LOGOUT ", want: command{name: cmdLogout}, wantOK: true},
		{name: "accented French", in: "!déconnexion", want: command{name: cmdLogout}, wantOK: true},
		{name: "language with argument", in: "!language EN", want: command{name: cmdLanguage, arg: "en"}, wantOK: true},
		{name: "langue without argument", in: "!langue", want: command{name: cmdLanguage}, wantOK: true},
		{name: "unknown command", in: "!refund now"},
		{name: "a sentence after the command", in: "!help me track my order please"},
		{name: "plain text", in: "help"},
		{name: "bang alone", in: "!"},
		{name: "empty", in: ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := parseCommand(tt.in)
			if ok != tt.wantOK || got != tt.want {
				t.Errorf("parseCommand(%q) = %+v, %v; want %+v, %v", tt.in, got, ok, tt.want, tt.wantOK)
			}
		})
	}
}

func FuzzParseCommand(f *testing.F) {
	for _, s := range []string{"!help", "/language fr", "!langue", "!", "/", "!déconnexion", "!help me", "\x00!help"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		c, ok := parseCommand(s)
		if !ok {
			return
		}
		if c.name != cmdHelp && c.name != cmdLogout && c.name != cmdLanguage {
			t.Errorf("parseCommand(%q) = unknown command %q", s, c.name)
		}
	})
}

// TestLogoutAsksForProofAgain: a verified customer logs out; their next
// question about an order asks for their e-mail again.
func TestLogoutAsksForProofAgain(t *testing.T) {
	f := newFixture(t)
	texts := mustKnowledge(t).Texts
	mustContain(t, f.say(t, "where is my order? sophie.laurent@example.fr OP-100701"), "XY250174011FR")
	got := f.say(t, "et mes points ?")
	if strings.Contains(got, "e-mail") {
		t.Fatalf("a verified customer is asked for proof: %q", got)
	}

	mustContain(t, f.say(t, "!logout"), texts.T("fr", msgLoggedOut, nil))

	got = f.say(t, "où en est ma commande ?")
	mustContain(t, got, "e-mail")
	if strings.Contains(got, "XY250174011FR") {
		t.Errorf("after logout the order shows without proof: %q", got)
	}
}

func TestLanguageCommand(t *testing.T) {
	f := newFixture(t)
	texts := mustKnowledge(t).Texts

	mustContain(t, f.say(t, "!language en"), texts.T("en", msgLanguageSet, nil))
	mustContain(t, f.say(t, "!help"), texts.T("en", msgHelp, nil), texts.T("en", msgCommands, nil))

	posts := f.deliver(t, f.dm(customerID, dmChannel, "!langue"))
	if len(posts) != 1 {
		t.Fatalf("%d answers to !langue, want 1", len(posts))
	}
	mustContain(t, posts[0].Content, texts.T("en", msgLanguageChoose, nil))
	var french string
	for _, b := range posts[0].Buttons() {
		if b.Label == "Français" {
			french = b.CustomID
		}
	}
	if french == "" {
		t.Fatalf("no button for French in %+v", posts[0].Buttons())
	}

	answer := f.press(t, f.pressOf(dmChannel, customerID, french, false))
	mustContain(t, joined(answer), texts.T("fr", msgLanguageSet, nil))
	conv, err := f.db.Conversation(t.Context(), "discord:dm:"+dmChannel)
	if err != nil || conv.Lang != "fr" {
		t.Errorf("conversation language = %q (err %v), want fr", conv.Lang, err)
	}
}
