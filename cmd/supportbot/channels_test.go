package main

import (
	"net/http"
	"os"
	"strings"
	"testing"
	"time"

	"supportbot/bot/slack"
	"supportbot/bot/slack/slackfake"
	"supportbot/bot/telegram/telegramtest"
)

const (
	e2eTelegramToken = "123456:e2e-test-token"
	e2eSlackChannel  = "CSUPPORT1"
	e2eSlackSecret   = "e2e-signing-secret"
)

// channelEnv is the environment that points the real binary at the fakes.
func channelEnv(tg *telegramtest.Server, sl *slackfake.Server) []string {
	return []string{
		"TELEGRAM_BOT_TOKEN=" + e2eTelegramToken,
		"TELEGRAM_API_ENDPOINT=" + tg.URL(),
		"SLACK_BOT_TOKEN=" + slackfake.DefaultBotToken,
		"SLACK_SIGNING_SECRET=" + e2eSlackSecret,
		"SLACK_SUPPORT_CHANNEL=" + e2eSlackChannel,
		"SLACK_API_URL=" + sl.URL,
	}
}

// waitFor polls cond until it holds or fails the test.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for time.Now().Before(deadline) {
		if cond() {
			return
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Fatalf("timed out waiting for %s", what)
}

// sentText is everything the bot sent to a Telegram chat.
func sentText(tg *telegramtest.Server, chat int64) string {
	var b strings.Builder
	for _, m := range tg.Sent(chat) {
		b.WriteString(m.Text)
		b.WriteString("\n")
	}
	return b.String()
}

func threadText(sl *slackfake.Server, ts string) string {
	var b strings.Builder
	for _, m := range sl.Thread(e2eSlackChannel, ts) {
		b.WriteString(m.Text)
		b.WriteString("\n")
	}
	return b.String()
}

// The whole path of a hand-off, with the real binary between a fake Telegram
// and a fake Slack: a Telegram customer asks for a person → a thread appears
// in the Slack support channel with the context → the agent's thread reply
// reaches the Telegram chat → the customer's answer lands in the thread →
// the agent resolves → the bot answers the next question itself.
func TestEndToEndTelegramSlackHandoff(t *testing.T) {
	tg := telegramtest.NewServer(t, e2eTelegramToken)
	sl := slackfake.New(slackfake.Config{})
	t.Cleanup(sl.Close)
	sl.AddUser(slackfake.User{ID: "UJULIE01", Name: "julie", RealName: "Julie Moreau"})
	sl.Join(e2eSlackChannel, "UJULIE01")
	p := startBinary(t, channelEnv(tg, sl), "--demo", "--db", t.TempDir()+"/e2e.db")
	signer := slackfake.Signer{Secret: e2eSlackSecret}
	customer := telegramtest.Customer{ID: 4242, FirstName: "Sophie", LanguageCode: "fr"}

	// The customer proves who they are, then asks for a person.
	tg.SendText(customer, "où en est ma commande OP-100701 ? sophie.laurent@example.fr")
	waitFor(t, "the tracking answer on Telegram", func() bool { return strings.Contains(sentText(tg, customer.ID), "XY250174011FR") })
	tg.SendText(customer, "je voudrais parler à un conseiller s'il vous plaît")
	waitFor(t, "the hand-off answer on Telegram", func() bool { return strings.Contains(sentText(tg, customer.ID), "conseiller") })
	var root slackfake.Message
	waitFor(t, "the hand-off in the Slack channel", func() bool {
		roots := sl.Roots(e2eSlackChannel)
		if len(roots) == 0 {
			return false
		}
		root = roots[0]
		return true
	})
	for _, want := range []string{"Sophie Laurent", "OP-100701", "Telegram"} {
		if !strings.Contains(root.Text+string(root.Blocks), want) {
			t.Errorf("hand-off message lacks %q:\n%s\n%s", want, root.Text, root.Blocks)
		}
	}

	// The agent answers in the thread; the customer gets it on Telegram.
	before := len(tg.Sent(customer.ID))
	reply := slackfake.ThreadReply(e2eSlackChannel, root.TS, sl.NewTS(), "UJULIE01", "Bonjour Sophie, je regarde votre commande.")
	mustSlack(t, signer.EventRequest(p.url("/slack/events"), slackfake.Event{ID: "Ev0001", Inner: reply}), http.StatusOK)
	waitFor(t, "the agent's reply on Telegram", func() bool {
		return len(tg.Sent(customer.ID)) > before && strings.Contains(sentText(tg, customer.ID), "je regarde votre commande")
	})
	if got := tg.Sent(customer.ID)[len(tg.Sent(customer.ID))-1].Text; !strings.Contains(got, "Julie") {
		t.Errorf("the agent's reply is not marked as from Julie: %q", got)
	}
	// Slack retries the same event: the customer gets it once.
	mustSlack(t, signer.EventRequest(p.url("/slack/events"), slackfake.Event{ID: "Ev0001", Retry: 1, Inner: reply}), http.StatusOK)
	time.Sleep(300 * time.Millisecond)
	if n := strings.Count(sentText(tg, customer.ID), "je regarde votre commande"); n != 1 {
		t.Errorf("the agent's reply reached the customer %d times, want once", n)
	}
	// A forged signature is refused and changes nothing.
	forged := slackfake.Signer{Secret: "not-the-secret"}
	note := slackfake.ThreadReply(e2eSlackChannel, root.TS, sl.NewTS(), "UJULIE01", "message forgé")
	mustSlack(t, forged.EventRequest(p.url("/slack/events"), slackfake.Event{ID: "Ev0002", Inner: note}), http.StatusUnauthorized)

	// The customer answers: it lands in the thread, and the bot stays quiet.
	sentBefore := len(tg.Sent(customer.ID))
	tg.SendText(customer, "Merci ! Elle devait arriver hier.")
	waitFor(t, "the customer's message in the thread", func() bool {
		return strings.Contains(threadText(sl, root.TS), "Elle devait arriver hier")
	})
	time.Sleep(300 * time.Millisecond)
	if n := len(tg.Sent(customer.ID)); n != sentBefore {
		t.Errorf("the bot answered while a person had the conversation: %q", sentText(tg, customer.ID))
	}
	if strings.Contains(sentText(tg, customer.ID), "message forgé") {
		t.Error("a forged Slack event reached the customer")
	}

	// The agent resolves; the bot tells the customer and answers again.
	resolve, err := sl.Button(e2eSlackChannel, root.TS, slack.ActionResolve)
	if err != nil {
		t.Fatal(err)
	}
	resolve.User, resolve.UserName = "UJULIE01", "julie"
	mustSlack(t, signer.ActionRequest(p.url("/slack/interactivity"), resolve), http.StatusOK)
	waitFor(t, "the hand-back notice on Telegram", func() bool { return strings.Contains(sentText(tg, customer.ID), "a terminé") })
	tg.SendText(customer, "combien de temps ai-je pour retourner un article ?")
	waitFor(t, "the bot's own answer", func() bool { return strings.Contains(sentText(tg, customer.ID), "30 jours") })
	p.stop(t, os.Interrupt)
}

func mustSlack(t *testing.T, r *http.Request, want int) {
	t.Helper()
	resp, err := http.DefaultClient.Do(r)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != want {
		t.Fatalf("POST %s = %d, want %d", r.URL.Path, resp.StatusCode, want)
	}
}

// A wrong token stops serve at start, with a message naming the channel.
func TestServeRefusesWrongTokens(t *testing.T) {
	tg := telegramtest.NewServer(t, e2eTelegramToken)
	sl := slackfake.New(slackfake.Config{})
	t.Cleanup(sl.Close)
	tests := []struct {
		name, env, want string
	}{
		{"telegram", "TELEGRAM_BOT_TOKEN=999:wrong", "telegram"},
		{"slack", "SLACK_BOT_TOKEN=xoxb-wrong", "slack"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			env := append(channelEnv(tg, sl), tt.env)
			out, err := runBinary(t, env, "serve", "--addr", "127.0.0.1:0", "--db", t.TempDir()+"/x.db")
			if err == nil {
				t.Fatalf("serve started with a wrong %s token:\n%s", tt.name, out)
			}
			if !strings.Contains(strings.ToLower(out), tt.want) {
				t.Errorf("error does not name %s:\n%s", tt.want, out)
			}
		})
	}
}
