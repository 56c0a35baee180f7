package slack

import (
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"testing"

	"supportbot/bot/slack/slackfake"
)

// fuzzRig is a rig whose desk logs nowhere: a fuzz target may not call the
// testing.F's Log that the rig's logger uses.
func fuzzRig(f *testing.F) *rig {
	return newRig(f, func(c *Config) { c.Logger = slog.New(slog.DiscardHandler) })
}

// postSigned sends body, signed, to the desk and returns the status; a
// server error or a dropped connection fails the test.
func postSigned(t *testing.T, r *rig, path, contentType string, body []byte) int {
	t.Helper()
	resp, err := r.srv.Client().Do(r.signer.Request(r.url(path), contentType, body))
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	if resp.StatusCode >= 500 && resp.StatusCode != http.StatusServiceUnavailable {
		t.Fatalf("%s: status %d for %q", path, resp.StatusCode, body)
	}
	return resp.StatusCode
}

// FuzzEventsPayload: any signed body to /slack/events is answered without
// a crash or a 500: Slack would retry it for ever.
func FuzzEventsPayload(f *testing.F) {
	r := fuzzRig(f)
	root := slackfake.ThreadReply(testChannel, "1700000000.000100", "1700000000.000200", agentID, "Bonjour")
	f.Add(slackfake.Event{ID: "Ev1", Inner: root}.Body())
	f.Add([]byte(`{"type":"url_verification","challenge":"abc","token":"t"}`))
	f.Add([]byte(`{"type":"event_callback","event_id":"Ev2","event":{"type":"message","subtype":"message_changed"}}`))
	f.Add([]byte(`{"type":"event_callback","event":{"type":"app_mention","text":"<@UBOT0001> /order"}}`))
	f.Add([]byte(`{"type":"event_callback","event_id":"","event":null}`))
	f.Add([]byte(`[1,2]`))
	f.Fuzz(func(t *testing.T, body []byte) {
		postSigned(t, r, "/slack/events", "application/json", body)
	})
}

// FuzzInteractivityPayload: any signed button payload is answered without
// a crash, and none from outside the team moves a hand-off.
func FuzzInteractivityPayload(f *testing.F) {
	r := fuzzRig(f)
	f.Add(`{"type":"block_actions","user":{"id":"UAGENT01","name":"alice"},"container":{"channel_id":"CSUPPORT1","message_ts":"1.2"},"actions":[{"action_id":"take","value":"TK-1"}]}`)
	f.Add(`{"type":"block_actions","actions":[{"action_id":"resolve"}],"message":{"blocks":[{"type":"actions","elements":[{"type":"button"}]}]}}`)
	f.Add(`{"type":"view_submission"}`)
	f.Add(`not json`)
	f.Fuzz(func(t *testing.T, payload string) {
		body := url.Values{"payload": {payload}}.Encode()
		postSigned(t, r, "/slack/interactivity", "application/x-www-form-urlencoded", []byte(body))
	})
}

// FuzzCommandForm: any signed slash command form gets a 200 with an
// answer, whatever its fields.
func FuzzCommandForm(f *testing.F) {
	r := fuzzRig(f)
	for _, c := range []slackfake.Command{
		{Command: "/order", Text: "OP-100101", User: agentID, Channel: testChannel},
		{Command: "/customer", Text: "<mailto:a@b.co|a@b.co>", User: agentID, Channel: "D123"},
		{Command: "/points", Text: "a b@c", User: "UOUTSIDE", Channel: testChannel},
		{Command: "/handoffs", User: agentID, Channel: "CGENERAL"},
	} {
		f.Add(c.Form().Encode())
	}
	f.Add("command=%ZZ&text")
	f.Fuzz(func(t *testing.T, form string) {
		if code := postSigned(t, r, "/slack/commands", "application/x-www-form-urlencoded", []byte(form)); code != http.StatusOK {
			t.Errorf("status %d for %q, want 200", code, form)
		}
	})
}
