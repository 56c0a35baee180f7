package discord

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"supportbot/bot"
	"supportbot/storage"
)

func TestSendAgentReply(t *testing.T) {
	f := newFixture(t)
	tests := []struct {
		name        string
		conv        storage.Conversation
		wantChannel string
		wantPrefix  string
		wantUsers   []string
	}{
		{
			name:        "DM, French",
			conv:        storage.Conversation{ID: "discord:dm:" + dmChannel, Lang: "fr"},
			wantChannel: dmChannel,
			wantPrefix:  "**👤 Julie (service client) :**\nBonjour, je regarde votre commande.",
		},
		{
			name:        "support channel, English",
			conv:        storage.Conversation{ID: "discord:" + supportChannel + ":" + customerID, Lang: "en"},
			wantChannel: supportChannel,
			wantPrefix:  "<@" + customerID + "> **👤 Julie (customer service):**\nBonjour, je regarde votre commande.",
			wantUsers:   []string{customerID},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := len(f.fake.Posts())
			err := f.bot.Send(context.Background(), tt.conv, []bot.Reply{{Text: "Bonjour, je regarde votre commande.", Agent: "Julie"}})
			if err != nil {
				t.Fatalf("Send: %v", err)
			}
			posts := f.fake.Posts()[before:]
			if len(posts) != 1 {
				t.Fatalf("%d messages posted, want 1: %+v", len(posts), posts)
			}
			p := posts[0]
			if p.ChannelID != tt.wantChannel || p.Content != tt.wantPrefix {
				t.Errorf("posted %q in %s, want %q in %s", p.Content, p.ChannelID, tt.wantPrefix, tt.wantChannel)
			}
			if p.AllowedMentions == nil || !slices.Equal(p.AllowedMentions.Users, tt.wantUsers) {
				t.Errorf("allowed mentions = %+v, want users %v", p.AllowedMentions, tt.wantUsers)
			}
		})
	}
}

func TestSendRefusesOtherConversations(t *testing.T) {
	f := newFixture(t)
	for _, id := range []string{"telegram:42", "discord:", "discord:dm:", "discord:abc:def", "web:discord:dm:1"} {
		err := f.bot.Send(context.Background(), storage.Conversation{ID: id}, []bot.Reply{{Text: "hello"}})
		if err == nil {
			t.Errorf("Send to %q: no error", id)
		}
	}
	if got := len(f.fake.Posts()); got != 0 {
		t.Errorf("%d messages posted to conversations that are not Discord's", got)
	}
}

// TestSendSplitsLongText sends an agent's reply over Discord's 2,000
// characters: it arrives in pieces that each fit, in order, whole.
func TestSendSplitsLongText(t *testing.T) {
	f := newFixture(t)
	var long strings.Builder
	for i := 0; long.Len() < 4500; i++ {
		long.WriteString("Votre colis est parti de notre entrepôt ce matin et arrive bientôt. ")
		if i%10 == 9 {
			long.WriteString("\n\n")
		}
	}
	conv := storage.Conversation{ID: "discord:" + supportChannel + ":" + customerID, Lang: "fr"}
	reply := bot.Reply{Text: long.String(), Agent: "Julie", Buttons: []bot.Button{{Label: "OK", Payload: "/yes"}}}
	if err := f.bot.Send(context.Background(), conv, []bot.Reply{reply}); err != nil {
		t.Fatalf("Send: %v", err)
	}
	posts := f.fake.Posts()
	if len(posts) < 3 {
		t.Fatalf("%d messages posted, want the text in at least 3 pieces", len(posts))
	}
	var got strings.Builder
	for i, p := range posts {
		if n := len([]rune(p.Content)); n > maxContent {
			t.Errorf("piece %d is %d characters long", i, n)
		}
		if hasButtons := len(p.Buttons()) > 0; hasButtons != (i == len(posts)-1) {
			t.Errorf("piece %d has buttons = %v, want them on the last piece only", i, hasButtons)
		}
		got.WriteString(p.Content + "\n")
	}
	squash := func(s string) string { return strings.Join(strings.Fields(s), " ") }
	want := "<@" + customerID + "> **👤 Julie (service client) :**\n" + long.String()
	if squash(got.String()) != squash(want) {
		t.Errorf("the pieces do not add up to the text:\ngot  %q\nwant %q", got.String(), want)
	}
}

// TestRateLimitDelaysNothingLost: Discord answers 429 twice; the answer
// still arrives, whole, after the wait.
func TestRateLimitDelaysNothingLost(t *testing.T) {
	f := newFixture(t)
	f.fake.RateLimit(2, 50*time.Millisecond)
	got := f.say(t, "where is my order? sophie.laurent@example.fr OP-100701")
	mustContain(t, got, "XY250174011FR")
	if n := f.fake.RateLimited(); n != 2 {
		t.Errorf("the fake answered %d 429s, want 2", n)
	}
}

// TestRateLimitBounded: the bot gives up, with an error, rather than wait
// longer than it is allowed to or retry for ever.
func TestRateLimitBounded(t *testing.T) {
	tests := []struct {
		name       string
		limits     int
		retryAfter time.Duration
	}{
		{name: "too many retries", limits: 10, retryAfter: 10 * time.Millisecond},
		{name: "wait too long", limits: 1, retryAfter: time.Hour},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFixture(t, func(c *Config) { c.MaxRetries = 2; c.MaxRateLimitWait = time.Second })
			f.fake.RateLimit(tt.limits, tt.retryAfter)
			err := f.bot.Send(context.Background(), storage.Conversation{ID: "discord:dm:" + dmChannel}, []bot.Reply{{Text: "hello"}})
			if !errors.Is(err, ErrRateLimited) {
				t.Fatalf("Send: err = %v, want ErrRateLimited", err)
			}
			if strings.Contains(err.Error(), "https://") {
				t.Errorf("error %q shows a URL", err)
			}
		})
	}
}
