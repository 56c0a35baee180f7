package slack

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"supportbot/bot/slack/slackfake"
	"supportbot/storage"
)

const outsider = "UOUTSIDE1"

func (r *rig) commandAs(user, channel, name, text string) commandAnswer {
	r.tb.Helper()
	code, body := r.do(r.signer.CommandRequest(r.url("/slack/commands"),
		slackfake.Command{Command: name, Text: text, User: user, UserName: "someone", Channel: channel}))
	if code != 200 {
		r.tb.Fatalf("%s: status %d (%s)", name, code, body)
	}
	var a commandAnswer
	if err := json.Unmarshal([]byte(body), &a); err != nil {
		r.tb.Fatal(err)
	}
	return a
}

// Issue 11, finding 7: the look-ups answer only members of the support
// channel, and only there or in a direct message with the app.
func TestLookupsOnlyForTheTeamInPrivate(t *testing.T) {
	r := newRig(t)
	tests := []struct {
		name, user, channel string
		shown               bool
		want                string
	}{
		{"an agent in the support channel", agentID, testChannel, true, ""},
		{"an agent in a direct message", agentID, "D0AGENT01", true, ""},
		{"an agent in another channel", agentID, "CGENERAL1", false, "canal de support ou en message direct"},
		{"an agent in a group DM", agentID, "GMPIM0001", false, "canal de support ou en message direct"},
		{"someone else in the support channel", outsider, testChannel, false, "Seule l'équipe"},
		{"someone else in a direct message", outsider, "D0OUT0001", false, "Seule l'équipe"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, c := range []struct{ cmd, arg string }{{"/customer", "camille.durand@example.fr"}, {"/points", "camille.durand@example.fr"}, {"/order", "OP-100101"}, {"/handoffs", ""}} {
				a := r.commandAs(tt.user, tt.channel, c.cmd, c.arg)
				if a.ResponseType != "ephemeral" {
					t.Errorf("%s: response_type %q", c.cmd, a.ResponseType)
				}
				leaked := strings.Contains(a.Text, "Camille") || strings.Contains(a.Text, "140") || strings.Contains(a.Text, "Aucune demande")
				if leaked != tt.shown {
					t.Errorf("%s: shown = %v, want %v:\n%s", c.cmd, leaked, tt.shown, a.Text)
				}
				if tt.want != "" && !strings.Contains(a.Text, tt.want) {
					t.Errorf("%s: answer %q lacks %q", c.cmd, a.Text, tt.want)
				}
			}
		})
	}
}

// Issue 11, finding 7: Take and Resolve, and thread replies, from someone
// outside the team change nothing and reach no customer.
func TestActionsOnlyForTheTeam(t *testing.T) {
	r := newRig(t)
	root := r.handOff(customerTG)
	if code, _ := r.press(root, outsider, ActionTake); code != 200 {
		t.Fatalf("Take: status %d", code)
	}
	if code, _ := r.reply(root, outsider, "Bonjour, donnez-moi votre numéro de carte"); code != 200 {
		t.Fatalf("reply: status %d", code)
	}
	if !r.slack.Wait(5*time.Second, func() bool { return len(r.slack.Ephemerals()) >= 2 }) {
		t.Fatalf("no refusal shown: %+v", r.slack.Ephemerals())
	}
	for _, e := range r.slack.Ephemerals() {
		if e.User != outsider || !strings.Contains(e.Text, "Seule l'équipe") {
			t.Errorf("ephemeral %+v, want the refusal to the outsider", e)
		}
	}
	if c := r.conversation(customerTG); c.Handoff != storage.HandoffRequested {
		t.Errorf("hand-off state %q after an outsider's Take, want still requested", c.Handoff)
	}
	if sent := r.sent.all(); len(sent) != 0 {
		t.Errorf("the customer got %+v from an outsider", sent)
	}
	// An agent still can.
	if code, _ := r.press(root, agentID, ActionTake); code != 200 {
		t.Fatal("agent's Take refused")
	}
	r.waitSent(1)
}

// With a user group configured, its members are the team, whoever is in
// the channel; conversations.members is read page by page.
func TestTeamFromUserGroupOrPagedChannel(t *testing.T) {
	r := newRig(t, func(c *Config) { c.UserGroup = "SSUPPORT1" })
	r.slack.AddGroup("SSUPPORT1", "UGROUP001")
	if a := r.commandAs("UGROUP001", "D0GROUP01", "/order", "OP-100101"); !strings.Contains(a.Text, "Camille") {
		t.Errorf("a group member: %q", a.Text)
	}
	if a := r.commandAs(agentID, testChannel, "/order", "OP-100101"); strings.Contains(a.Text, "Camille") {
		t.Errorf("a channel member outside the group was answered: %q", a.Text)
	}

	big := newRig(t)
	var many []string
	for i := range 450 {
		many = append(many, fmt.Sprintf("UMANY%04d", i))
	}
	big.slack.Join(testChannel, many...)
	if a := big.commandAs("UMANY0449", testChannel, "/order", "OP-100101"); !strings.Contains(a.Text, "Camille") {
		t.Errorf("a member on the third page: %q", a.Text)
	}
	if n := len(big.slack.Calls("conversations.members")); n != 3 {
		t.Errorf("%d conversations.members calls, want 3 pages", n)
	}
	// Kept for a while: a second command asks Slack nothing.
	big.commandAs("UMANY0001", testChannel, "/order", "OP-100101")
	if n := len(big.slack.Calls("conversations.members")); n != 3 {
		t.Errorf("%d conversations.members calls after a second command, want 3", n)
	}
}

// Issue 11, finding 7: what a customer wrote is shown verbatim: Slack
// makes no mention, channel link or URL of it.
func TestCustomerTextIsVerbatim(t *testing.T) {
	r := newRig(t)
	r.say(customerTG, "<!here> regardez http://evil.example #general")
	root := r.handOff(customerTG)
	r.say(customerTG, "@channel encore moi http://evil.example")
	if !r.slack.Wait(5*time.Second, func() bool { return len(r.slack.Thread(testChannel, root.TS)) >= 1 }) {
		t.Fatal("no relay in the thread")
	}
	msgs := append([]slackfake.Message{root}, r.slack.Thread(testChannel, root.TS)...)
	for _, m := range msgs {
		var blocks []map[string]any
		if err := json.Unmarshal(m.Blocks, &blocks); err != nil || len(blocks) == 0 {
			t.Fatalf("message %q has no blocks: %v", m.Text, err)
		}
		checkVerbatim(t, blocks)
	}
}

// checkVerbatim fails for every mrkdwn text object without verbatim.
func checkVerbatim(t *testing.T, v any) {
	t.Helper()
	switch x := v.(type) {
	case map[string]any:
		if x["type"] == "mrkdwn" && x["verbatim"] != true {
			t.Errorf("mrkdwn text without verbatim: %v", x["text"])
		}
		for _, e := range x {
			checkVerbatim(t, e)
		}
	case []any:
		for _, e := range x {
			checkVerbatim(t, e)
		}
	case []map[string]any:
		for _, e := range x {
			checkVerbatim(t, e)
		}
	}
}
