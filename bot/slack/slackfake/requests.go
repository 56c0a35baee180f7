package slackfake

import (
	"bytes"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"time"
)

// Sign sets the headers Slack adds to every request it sends an app: the
// timestamp and the v0 HMAC-SHA256 signature of "v0:<timestamp>:<body>"
// with the app's signing secret.
func Sign(h http.Header, secret string, at time.Time, body []byte) {
	ts := strconv.FormatInt(at.Unix(), 10)
	mac := hmac.New(sha256.New, []byte(secret))
	fmt.Fprintf(mac, "v0:%s:", ts)
	mac.Write(body)
	h.Set("X-Slack-Request-Timestamp", ts)
	h.Set("X-Slack-Signature", "v0="+hex.EncodeToString(mac.Sum(nil)))
}

// Signer builds requests as Slack sends them to an app's Request URLs,
// signed with the app's signing secret.
type Signer struct {
	Secret string
	// Now is the signing time; time.Now when nil. Set it in the past to
	// make a stale request.
	Now func() time.Time
}

func (s Signer) now() time.Time {
	if s.Now == nil {
		return time.Now()
	}
	return s.Now()
}

// Request returns a POST of body to target, signed.
func (s Signer) Request(target, contentType string, body []byte) *http.Request {
	r, err := http.NewRequest(http.MethodPost, target, bytes.NewReader(body))
	if err != nil {
		panic(fmt.Sprintf("slackfake: bad target %q: %v", target, err))
	}
	r.Header.Set("Content-Type", contentType)
	r.Header.Set("User-Agent", "Slackbot 1.0 (+https://api.slack.com/robots)")
	Sign(r.Header, s.Secret, s.now(), body)
	return r
}

// Event is an Events API callback: one event with its delivery ID.
type Event struct {
	ID     string // event_id, unique per event, the same on every retry
	TeamID string
	// Retry is the delivery attempt after the first (1–3), sent as
	// X-Slack-Retry-Num; 0 for the first delivery.
	Retry       int
	RetryReason string // X-Slack-Retry-Reason, "http_timeout" by default on a retry
	Inner       any    // the event itself, e.g. a MessageEvent
}

// Body is the event_callback envelope Slack posts.
func (e Event) Body() []byte {
	inner, err := json.Marshal(e.Inner)
	if err != nil {
		panic(fmt.Sprintf("slackfake: event: %v", err))
	}
	team := e.TeamID
	if team == "" {
		team = DefaultTeamID
	}
	body, _ := json.Marshal(map[string]any{
		"token": "legacy-verification-token", "team_id": team, "api_app_id": "AFAKE001",
		"event": json.RawMessage(inner), "type": "event_callback", "event_id": e.ID,
		"event_time": time.Now().Unix(), "authorizations": []map[string]any{{"team_id": team, "is_bot": true}},
	})
	return body
}

// EventRequest returns the signed POST of an event to target (the app's
// /slack/events URL).
func (s Signer) EventRequest(target string, e Event) *http.Request {
	r := s.Request(target, "application/json", e.Body())
	if e.Retry > 0 {
		reason := e.RetryReason
		if reason == "" {
			reason = "http_timeout"
		}
		r.Header.Set("X-Slack-Retry-Num", strconv.Itoa(e.Retry))
		r.Header.Set("X-Slack-Retry-Reason", reason)
	}
	return r
}

// URLVerificationRequest returns the signed challenge Slack sends when the
// Request URL is set in the app's settings.
func (s Signer) URLVerificationRequest(target, challenge string) *http.Request {
	body, _ := json.Marshal(map[string]string{"token": "legacy-verification-token", "challenge": challenge, "type": "url_verification"})
	return s.Request(target, "application/json", body)
}

// MessageEvent is a message event as the Events API delivers it.
type MessageEvent struct {
	Type        string `json:"type"` // "message"
	Channel     string `json:"channel"`
	ChannelType string `json:"channel_type,omitempty"`
	User        string `json:"user,omitempty"`
	Text        string `json:"text"`
	TS          string `json:"ts"`
	ThreadTS    string `json:"thread_ts,omitempty"`
	EventTS     string `json:"event_ts,omitempty"`
	SubType     string `json:"subtype,omitempty"`
	BotID       string `json:"bot_id,omitempty"`
	Team        string `json:"team,omitempty"`
}

// ThreadReply is a person's reply in the thread of root message threadTS,
// posted at ts.
func ThreadReply(channel, threadTS, ts, user, text string) MessageEvent {
	return MessageEvent{Type: "message", Channel: channel, ChannelType: "channel", User: user, Text: text,
		TS: ts, ThreadTS: threadTS, EventTS: ts, Team: DefaultTeamID}
}

// BotThreadReply is a bot's reply in a thread, as Slack tells apps about
// it: with bot_id, and the bot's user.
func BotThreadReply(channel, threadTS, ts, botUser, botID, text string) MessageEvent {
	m := ThreadReply(channel, threadTS, ts, botUser, text)
	m.BotID = botID
	return m
}

// Action is a press of a button in a message.
type Action struct {
	User     string // the person's user ID
	UserName string // their handle
	Channel  string
	// Message is the message holding the button, as Slack includes it in
	// the payload.
	Message  Message
	ActionID string
	BlockID  string
	Value    string
	Text     string // the button's label
	// Type is the element's type: "button" (the default) or
	// "static_select", whose choice is Value and its label Text.
	Type string

	botUserID, botID string // the author of Message
}

// Button finds the button with actionID in the message posted at ts, for
// User to press.
func (s *Server) Button(channel, ts, actionID string) (Action, error) {
	m, ok := s.Message(channel, ts)
	if !ok {
		return Action{}, fmt.Errorf("slackfake: no message %s in %s", ts, channel)
	}
	var blocks []struct {
		Type     string `json:"type"`
		BlockID  string `json:"block_id"`
		Elements []struct {
			Type     string `json:"type"`
			ActionID string `json:"action_id"`
			Value    string `json:"value"`
			// A button's label is an object; a context element's text
			// is a string.
			Text json.RawMessage `json:"text"`
		} `json:"elements"`
	}
	if err := json.Unmarshal(m.Blocks, &blocks); err != nil {
		return Action{}, fmt.Errorf("slackfake: blocks of %s: %w", ts, err)
	}
	for _, b := range blocks {
		if b.Type != "actions" {
			continue
		}
		for _, e := range b.Elements {
			if e.Type == "button" && e.ActionID == actionID {
				var label struct {
					Text string `json:"text"`
				}
				_ = json.Unmarshal(e.Text, &label)
				return Action{Channel: channel, Message: m, ActionID: actionID, BlockID: b.BlockID,
					Value: e.Value, Text: label.Text, botUserID: s.cfg.BotUserID, botID: s.cfg.BotID}, nil
			}
		}
	}
	return Action{}, errors.New("slackfake: no button " + actionID + " in message " + ts)
}

// Select finds the static select menu with actionID in the message posted
// at ts and its option with value, for User to choose.
func (s *Server) Select(channel, ts, actionID, value string) (Action, error) {
	m, ok := s.Message(channel, ts)
	if !ok {
		return Action{}, fmt.Errorf("slackfake: no message %s in %s", ts, channel)
	}
	type text struct {
		Text string `json:"text"`
	}
	var blocks []struct {
		Type     string `json:"type"`
		BlockID  string `json:"block_id"`
		Elements []struct {
			Type     string `json:"type"`
			ActionID string `json:"action_id"`
			Options  []struct {
				Text  text   `json:"text"`
				Value string `json:"value"`
			} `json:"options"`
		} `json:"elements"`
	}
	if err := json.Unmarshal(m.Blocks, &blocks); err != nil {
		return Action{}, fmt.Errorf("slackfake: blocks of %s: %w", ts, err)
	}
	for _, b := range blocks {
		if b.Type != "actions" {
			continue
		}
		for _, e := range b.Elements {
			if e.Type != "static_select" || e.ActionID != actionID {
				continue
			}
			for _, o := range e.Options {
				if o.Value == value {
					return Action{Channel: channel, Message: m, ActionID: actionID, BlockID: b.BlockID, Value: value,
						Text: o.Text.Text, Type: "static_select", botUserID: s.cfg.BotUserID, botID: s.cfg.BotID}, nil
				}
			}
			return Action{}, fmt.Errorf("slackfake: menu %s in message %s has no option %q", actionID, ts, value)
		}
	}
	return Action{}, errors.New("slackfake: no menu " + actionID + " in message " + ts)
}

// Payload is the block_actions interaction payload Slack sends for a.
func (a Action) Payload() []byte {
	msg := map[string]any{"type": "message", "user": a.botUserID, "bot_id": a.botID, "text": a.Message.Text, "ts": a.Message.TS}
	if a.Message.Blocks != nil {
		msg["blocks"] = a.Message.Blocks
	}
	body, _ := json.Marshal(map[string]any{
		"type":       "block_actions",
		"user":       map[string]any{"id": a.User, "username": a.UserName, "name": a.UserName, "team_id": DefaultTeamID},
		"api_app_id": "AFAKE001", "token": "legacy-verification-token",
		"container":  map[string]any{"type": "message", "message_ts": a.Message.TS, "channel_id": a.Channel, "is_ephemeral": false},
		"trigger_id": "1234.5678.abcdef", "team": map[string]any{"id": DefaultTeamID, "domain": "fake"},
		"channel":      map[string]any{"id": a.Channel, "name": "support"},
		"message":      msg,
		"response_url": "https://hooks.slack.test/actions/T/1/xyz",
		"actions":      []map[string]any{a.element()},
		"state":        map[string]any{"values": a.state()},
	})
	return body
}

// element is the action as Slack describes it in "actions": a button
// with its value and label, or a menu with the option chosen.
func (a Action) element() map[string]any {
	ts := strconv.FormatInt(time.Now().Unix(), 10) + ".000100"
	if a.Type == "static_select" {
		return map[string]any{
			"action_id": a.ActionID, "block_id": a.BlockID, "type": "static_select", "action_ts": ts,
			"selected_option": a.option(),
		}
	}
	return map[string]any{
		"action_id": a.ActionID, "block_id": a.BlockID, "value": a.Value, "type": "button",
		"text":      map[string]any{"type": "plain_text", "text": a.Text},
		"action_ts": ts,
	}
}

func (a Action) option() map[string]any {
	return map[string]any{"text": map[string]any{"type": "plain_text", "text": a.Text, "emoji": true}, "value": a.Value}
}

// state is the payload's view of the message's inputs: a menu's choice
// is there too; a button leaves it empty.
func (a Action) state() map[string]any {
	if a.Type != "static_select" {
		return map[string]any{}
	}
	return map[string]any{a.BlockID: map[string]any{a.ActionID: map[string]any{
		"type": "static_select", "selected_option": a.option(),
	}}}
}

// ActionRequest returns the signed interactivity POST (form field
// payload=) of a button press to target (the app's /slack/interactivity
// URL).
func (s Signer) ActionRequest(target string, a Action) *http.Request {
	body := url.Values{"payload": {string(a.Payload())}}.Encode()
	return s.Request(target, "application/x-www-form-urlencoded", []byte(body))
}

// Command is a slash command a person typed.
type Command struct {
	Command  string // "/order"
	Text     string // what follows the command
	User     string
	UserName string
	Channel  string
}

// Form is the form Slack posts for a slash command.
func (c Command) Form() url.Values {
	return url.Values{
		"token": {"legacy-verification-token"}, "team_id": {DefaultTeamID}, "team_domain": {"fake"},
		"channel_id": {c.Channel}, "channel_name": {"support"}, "user_id": {c.User}, "user_name": {c.UserName},
		"command": {c.Command}, "text": {c.Text}, "api_app_id": {"AFAKE001"},
		"response_url": {"https://hooks.slack.test/commands/T/1/xyz"}, "trigger_id": {"1234.5678.abcdef"},
	}
}

// CommandRequest returns the signed POST of a slash command to target (the
// app's /slack/commands URL).
func (s Signer) CommandRequest(target string, c Command) *http.Request {
	return s.Request(target, "application/x-www-form-urlencoded", []byte(c.Form().Encode()))
}
