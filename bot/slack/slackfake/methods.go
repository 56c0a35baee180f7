package slackfake

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
)

// The Web API methods the fake knows, answered with Slack's JSON.

type methodFunc func(form url.Values, r *http.Request) map[string]any

func (s *Server) methods() map[string]methodFunc {
	return map[string]methodFunc{
		"auth.test":             s.authTest,
		"chat.postMessage":      s.postMessage,
		"chat.update":           s.update,
		"chat.postEphemeral":    s.postEphemeral,
		"users.info":            s.usersInfo,
		"conversations.history": s.history,
		"apps.connections.open": s.connectionsOpen,
		"conversations.members": s.conversationMembers,
		"usergroups.users.list": s.userGroupUsers,
	}
}

// conversationMembers answers conversations.members with Slack's cursor
// pagination: "limit" members a page (100 by default), the next cursor in
// response_metadata.
func (s *Server) conversationMembers(form url.Values, _ *http.Request) map[string]any {
	members, ok := s.channels[form.Get("channel")]
	if !ok {
		return map[string]any{"ok": false, "error": "channel_not_found"}
	}
	limit, err := strconv.Atoi(form.Get("limit"))
	if err != nil || limit <= 0 {
		limit = 100
	}
	start := 0
	if c := form.Get("cursor"); c != "" {
		if start, err = strconv.Atoi(strings.TrimPrefix(c, "cursor-")); err != nil || start > len(members) {
			return map[string]any{"ok": false, "error": "invalid_cursor"}
		}
	}
	end := min(start+limit, len(members))
	next := ""
	if end < len(members) {
		next = "cursor-" + strconv.Itoa(end)
	}
	return map[string]any{"ok": true, "members": slices.Clone(members[start:end]),
		"response_metadata": map[string]any{"next_cursor": next}}
}

// userGroupUsers answers usergroups.users.list.
func (s *Server) userGroupUsers(form url.Values, _ *http.Request) map[string]any {
	users, ok := s.groups[form.Get("usergroup")]
	if !ok {
		return map[string]any{"ok": false, "error": "no_such_subteam"}
	}
	return map[string]any{"ok": true, "users": slices.Clone(users)}
}

func (s *Server) authTest(url.Values, *http.Request) map[string]any {
	return map[string]any{
		"ok": true, "url": "https://fake.slack.test/", "team": "Fake workspace", "user": "supportbot",
		"team_id": s.cfg.TeamID, "user_id": s.cfg.BotUserID, "bot_id": s.cfg.BotID,
	}
}

func (s *Server) postMessage(form url.Values, _ *http.Request) map[string]any {
	channel := form.Get("channel")
	if channel == "" {
		return map[string]any{"ok": false, "error": "channel_not_found"}
	}
	if form.Get("text") == "" && form.Get("blocks") == "" {
		return map[string]any{"ok": false, "error": "no_text"}
	}
	blocks, err := blocksOf(form)
	if err != nil {
		return map[string]any{"ok": false, "error": "invalid_blocks"}
	}
	thread := form.Get("thread_ts")
	if thread != "" {
		root := s.find(channel, thread)
		if root == nil {
			return map[string]any{"ok": false, "error": "thread_not_found"}
		}
		if root.ThreadTS != "" {
			// Slack threads a reply to a reply under the parent; the desk
			// must never rely on that.
			return map[string]any{"ok": false, "error": "fake_reply_to_a_reply"}
		}
	}
	m := &Message{Channel: channel, TS: s.nextTS(), ThreadTS: thread, Text: form.Get("text"), Blocks: blocks}
	s.messages = append(s.messages, m)
	return map[string]any{"ok": true, "channel": channel, "ts": m.TS, "message": s.wire(*m)}
}

func (s *Server) update(form url.Values, _ *http.Request) map[string]any {
	m := s.find(form.Get("channel"), form.Get("ts"))
	if m == nil {
		return map[string]any{"ok": false, "error": "message_not_found"}
	}
	blocks, err := blocksOf(form)
	if err != nil {
		return map[string]any{"ok": false, "error": "invalid_blocks"}
	}
	if form.Has("text") {
		m.Text = form.Get("text")
	}
	if blocks != nil {
		m.Blocks = blocks
	}
	m.Updates++
	return map[string]any{"ok": true, "channel": m.Channel, "ts": m.TS, "text": m.Text}
}

func (s *Server) postEphemeral(form url.Values, _ *http.Request) map[string]any {
	if form.Get("channel") == "" || form.Get("user") == "" {
		return map[string]any{"ok": false, "error": "channel_not_found"}
	}
	m := Message{Channel: form.Get("channel"), User: form.Get("user"), TS: s.nextTS(),
		ThreadTS: form.Get("thread_ts"), Text: form.Get("text"), Ephemeral: true}
	s.ephemerals = append(s.ephemerals, m)
	return map[string]any{"ok": true, "message_ts": m.TS}
}

func (s *Server) usersInfo(form url.Values, _ *http.Request) map[string]any {
	u, ok := s.users[form.Get("user")]
	if !ok {
		return map[string]any{"ok": false, "error": "user_not_found"}
	}
	return map[string]any{"ok": true, "user": map[string]any{
		"id": u.ID, "team_id": s.cfg.TeamID, "name": u.Name, "real_name": u.RealName, "is_bot": u.IsBot,
		"profile": map[string]any{"real_name": u.RealName, "display_name": u.DisplayName},
	}}
}

// history answers conversations.history for the top of a channel, newest
// first, as Slack does.
func (s *Server) history(form url.Values, _ *http.Request) map[string]any {
	channel, latest := form.Get("channel"), form.Get("latest")
	inclusive := form.Get("inclusive") == "1" || form.Get("inclusive") == "true"
	limit, _ := strconv.Atoi(form.Get("limit"))
	if limit <= 0 {
		limit = 100
	}
	var out []map[string]any
	for _, m := range slices.Backward(s.messages) {
		if m.Channel != channel || m.ThreadTS != "" {
			continue
		}
		if latest != "" && (compareTS(m.TS, latest) > 0 || (!inclusive && m.TS == latest)) {
			continue
		}
		if len(out) == limit {
			break
		}
		out = append(out, s.wire(*m))
	}
	return map[string]any{"ok": true, "messages": out, "has_more": false}
}

func (s *Server) connectionsOpen(url.Values, *http.Request) map[string]any {
	return map[string]any{"ok": true, "url": "ws" + strings.TrimPrefix(s.srv.URL, "http") + "/socket"}
}

// wire is a message as the Web API returns it.
func (s *Server) wire(m Message) map[string]any {
	w := map[string]any{"type": "message", "user": s.cfg.BotUserID, "bot_id": s.cfg.BotID, "text": m.Text, "ts": m.TS}
	if m.ThreadTS != "" {
		w["thread_ts"] = m.ThreadTS
	}
	if m.Blocks != nil {
		w["blocks"] = m.Blocks
	}
	return w
}

func blocksOf(form url.Values) (json.RawMessage, error) {
	if !form.Has("blocks") {
		return nil, nil
	}
	raw := json.RawMessage(form.Get("blocks"))
	var probe []map[string]any
	if err := json.Unmarshal(raw, &probe); err != nil {
		return nil, err
	}
	for _, b := range probe {
		if _, ok := b["type"].(string); !ok {
			return nil, fmt.Errorf("block without a type")
		}
	}
	return raw, nil
}

// compareTS orders Slack timestamps ("1700000000.000123").
func compareTS(a, b string) int {
	as, af, _ := strings.Cut(a, ".")
	bs, bf, _ := strings.Cut(b, ".")
	ai, _ := strconv.ParseInt(as, 10, 64)
	bi, _ := strconv.ParseInt(bs, 10, 64)
	if ai != bi {
		if ai < bi {
			return -1
		}
		return 1
	}
	return strings.Compare(af, bf)
}
