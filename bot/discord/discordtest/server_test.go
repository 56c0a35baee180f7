package discordtest

import (
	"errors"
	"io"
	"net/http"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"
)

// mustSession is a discordgo session on the fake.
func mustSession(tb testing.TB, s *Server, token string) *discordgo.Session {
	tb.Helper()
	dg, err := discordgo.New("Bot " + token)
	if err != nil {
		tb.Fatal(err)
	}
	dg.Client = s.Client()
	dg.ShouldRetryOnRateLimit = false
	return dg
}

func TestUsersMe(t *testing.T) {
	s := NewServer(t)
	u, err := mustSession(t, s, s.Token()).User("@me")
	if err != nil || u.ID != BotID || !u.Bot {
		t.Fatalf("User(@me) = %+v, %v; want the bot %s", u, err, BotID)
	}
	_, err = mustSession(t, s, "wrong").User("@me")
	var re *discordgo.RESTError
	if !errors.As(err, &re) || re.Response.StatusCode != http.StatusUnauthorized {
		t.Fatalf("User(@me) with a wrong token: err = %v, want a 401 RESTError", err)
	}
}

func TestRateLimitAsDiscordgoSeesIt(t *testing.T) {
	s := NewServer(t)
	dg := mustSession(t, s, s.Token())
	s.RateLimit(1, 50*time.Millisecond)
	_, err := dg.ChannelMessageSend("1", "hello")
	var rl *discordgo.RateLimitError
	if !errors.As(err, &rl) || rl.RetryAfter != 50*time.Millisecond {
		t.Fatalf("first send: err = %v, want a RateLimitError with retry_after 50ms", err)
	}
	m, err := dg.ChannelMessageSend("1", "hello")
	if err != nil || m.Content != "hello" || m.Author == nil || m.Author.ID != BotID {
		t.Fatalf("second send = %+v, %v", m, err)
	}
	if got := s.Posts(); len(got) != 1 || got[0].Content != "hello" || got[0].ChannelID != "1" {
		t.Errorf("posts = %+v, want the one that went through", got)
	}
	if got := s.RateLimited(); got != 1 {
		t.Errorf("RateLimited = %d, want 1", got)
	}
}

func TestRefusesWhatDiscordRefuses(t *testing.T) {
	s := NewServer(t)
	dg := mustSession(t, s, s.Token())
	row := func(ids ...string) discordgo.ActionsRow {
		var r discordgo.ActionsRow
		for _, id := range ids {
			r.Components = append(r.Components, discordgo.Button{Label: "x", CustomID: id})
		}
		return r
	}
	long := make([]rune, 2001)
	for i := range long {
		long[i] = 'a'
	}
	tests := []struct {
		name string
		m    *discordgo.MessageSend
	}{
		{name: "empty", m: &discordgo.MessageSend{}},
		{name: "too long", m: &discordgo.MessageSend{Content: string(long)}},
		{name: "same custom_id twice", m: &discordgo.MessageSend{Content: "x", Components: []discordgo.MessageComponent{row("a", "a")}}},
		{name: "six buttons in a row", m: &discordgo.MessageSend{Content: "x", Components: []discordgo.MessageComponent{row("1", "2", "3", "4", "5", "6")}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := dg.ChannelMessageSendComplex("1", tt.m)
			var re *discordgo.RESTError
			if !errors.As(err, &re) || re.Response.StatusCode != http.StatusBadRequest {
				t.Errorf("err = %v, want a 400", err)
			}
		})
	}
	if got := len(s.Posts()); got != 0 {
		t.Errorf("%d refused messages recorded", got)
	}
}

func TestInteractionAndFollowup(t *testing.T) {
	s := NewServer(t)
	dg := mustSession(t, s, s.Token())
	i := &discordgo.Interaction{ID: "5", AppID: BotID, Token: "tok"}
	if err := dg.InteractionRespond(i, &discordgo.InteractionResponse{Type: discordgo.InteractionResponseDeferredMessageUpdate}); err != nil {
		t.Fatal(err)
	}
	if _, err := dg.FollowupMessageCreate(i, true, &discordgo.WebhookParams{Content: "done"}); err != nil {
		t.Fatal(err)
	}
	if cbs := s.Callbacks(); len(cbs) != 1 || cbs[0] != (Callback{InteractionID: "5", Token: "tok", Type: 6}) {
		t.Errorf("callbacks = %+v", cbs)
	}
	if p := s.Posts(); len(p) != 1 || p[0].Via != "followup" || p[0].InteractionToken != "tok" || p[0].Content != "done" {
		t.Errorf("posts = %+v", p)
	}
	expired := &discordgo.Interaction{ID: "6", AppID: BotID, Token: ExpiredToken}
	if err := dg.InteractionRespond(expired, &discordgo.InteractionResponse{Type: 6}); err == nil {
		t.Error("an expired interaction was acknowledged")
	}
}

func TestAttachmentsThroughTheClient(t *testing.T) {
	s := NewServer(t)
	u := s.AddFile("my photo.png", "image/png", []byte("\x89PNG\r\n\x1a\n"))
	resp, err := s.Client().Get(u)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusOK || resp.Header.Get("Content-Type") != "image/png" || string(body) != "\x89PNG\r\n\x1a\n" {
		t.Errorf("GET %s = %s %q %q", u, resp.Status, resp.Header.Get("Content-Type"), body)
	}
}

func TestGatewaySession(t *testing.T) {
	s := NewServer(t)
	dg := mustSession(t, s, s.Token())
	dg.Identify.Intents = discordgo.IntentsDirectMessages
	got := make(chan *discordgo.MessageCreate, 1)
	dg.AddHandler(func(_ *discordgo.Session, m *discordgo.MessageCreate) { got <- m })
	if err := dg.Open(); err != nil {
		t.Fatalf("Open: %v", err)
	}
	if id := s.WaitIdentify(t, 5*time.Second); id.Intents != discordgo.IntentsDirectMessages {
		t.Errorf("identify intents = %d", id.Intents)
	}
	s.Dispatch("MESSAGE_CREATE", &discordgo.Message{ID: "9", ChannelID: "1", Content: "hi", Author: &discordgo.User{ID: "2"}})
	select {
	case m := <-got:
		if m.Content != "hi" || m.Author.ID != "2" {
			t.Errorf("event = %+v", m.Message)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("no MESSAGE_CREATE event")
	}
	if err := dg.Close(); err != nil {
		t.Fatal(err)
	}
	s.WaitDisconnected(t, 20*time.Second)
}

// READY is a session's first dispatch, as on Discord: an event
// dispatched as soon as the bot has identified reaches it after READY.
func TestGatewayReadyComesFirst(t *testing.T) {
	s := NewServer(t)
	dg := mustSession(t, s, s.Token())
	dg.SyncEvents = true
	events := make(chan string, 2)
	dg.AddHandler(func(_ *discordgo.Session, _ *discordgo.Ready) { events <- "READY" })
	dg.AddHandler(func(_ *discordgo.Session, _ *discordgo.MessageCreate) { events <- "MESSAGE_CREATE" })
	opened := make(chan error, 1)
	go func() { opened <- dg.Open() }()
	s.WaitIdentify(t, 5*time.Second)
	s.Dispatch("MESSAGE_CREATE", &discordgo.Message{ID: "9", ChannelID: "1", Content: "hi", Author: &discordgo.User{ID: "2"}})
	if err := <-opened; err != nil {
		t.Fatalf("Open: %v", err)
	}
	defer func() {
		_ = dg.Close()
		// A bound, not a timing: under the race detector with the whole
		// suite on two cores, closing took over 5 s once.
		s.WaitDisconnected(t, 20*time.Second)
	}()
	for _, want := range []string{"READY", "MESSAGE_CREATE"} {
		select {
		case got := <-events:
			if got != want {
				t.Fatalf("event %s, want READY then MESSAGE_CREATE", got)
			}
		case <-time.After(5 * time.Second):
			t.Fatalf("no %s event", want)
		}
	}
}

// The fake holds an interaction to Discord's 3 seconds, and refuses a
// second acknowledgement.
func TestInteractionDeadline(t *testing.T) {
	s := NewServer(t)
	dg := mustSession(t, s, s.Token())
	ack := &discordgo.InteractionResponse{Type: discordgo.InteractionResponseDeferredMessageUpdate}
	late := &discordgo.Interaction{ID: "1", AppID: BotID, Token: "late-token"}
	s.PressedAt(late.Token, time.Now().Add(-InteractionDeadline-time.Second))
	var re *discordgo.RESTError
	if err := dg.InteractionRespond(late, ack); !errors.As(err, &re) || re.Response.StatusCode != http.StatusNotFound {
		t.Errorf("a response after the deadline: err = %v, want 404 Unknown interaction", err)
	}
	if n := s.LateAcks(); n != 1 {
		t.Errorf("LateAcks = %d, want 1", n)
	}
	onTime := &discordgo.Interaction{ID: "2", AppID: BotID, Token: "on-time-token"}
	s.PressedAt(onTime.Token, time.Now())
	if err := dg.InteractionRespond(onTime, ack); err != nil {
		t.Fatalf("a response in time: %v", err)
	}
	if err := dg.InteractionRespond(onTime, ack); !errors.As(err, &re) || re.Response.StatusCode != http.StatusBadRequest {
		t.Errorf("a second response: err = %v, want 400 already acknowledged", err)
	}
}

// The fake answers a 429 with neither a body Discord would send nor
// Retry-After, as a proxy may; and a message created with a nonce under
// enforce_nonce is created once.
func TestBare429AndNonce(t *testing.T) {
	s := NewServer(t)
	s.RateLimitBare(1)
	req, err := http.NewRequest(http.MethodPost, s.URL()+"/api/v10/channels/1/messages", nil)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bot "+s.Token())
	resp, err := s.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusTooManyRequests || resp.Header.Get("Retry-After") != "" || string(body) == "" || body[0] == '{' {
		t.Errorf("bare 429 = %d %q (Retry-After %q), want 429, no JSON, no Retry-After", resp.StatusCode, body, resp.Header.Get("Retry-After"))
	}
	dg := mustSession(t, s, s.Token())
	for range 2 {
		_, err := dg.RequestWithBucketID(http.MethodPost, discordgo.EndpointChannelMessages("1"),
			map[string]any{"content": "hi", "nonce": "n-1", "enforce_nonce": true}, discordgo.EndpointChannelMessages("1"))
		if err != nil {
			t.Fatal(err)
		}
	}
	if got := len(s.Posts()); got != 1 {
		t.Errorf("%d messages for one nonce, want 1", got)
	}
}
