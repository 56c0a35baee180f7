package slack

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"time"

	slackapi "github.com/slack-go/slack"
)

// team tells who may use the desk: the members of the support channel, or
// of the configured user group. A workspace holds many people who are not
// the support team, and the desk shows customers' orders, points and
// messages; in a public channel anyone can read and press buttons.
//
// Membership is read from Slack (conversations.members, or
// usergroups.users.list) and kept for a minute; someone not found is looked
// up again if the list is more than 10 seconds old, so that an agent just
// added need not wait. When Slack can't be asked, no one is let in.
type team struct {
	api     *slackapi.Client
	channel string
	group   string
	now     func() time.Time

	mu      sync.Mutex
	members map[string]bool
	fetched time.Time
}

const (
	teamTTL     = time.Minute
	teamRecheck = 10 * time.Second
)

// has reports whether user belongs to the support team.
func (t *team) has(ctx context.Context, user string) (bool, error) {
	if user == "" {
		return false, nil
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	age := t.now().Sub(t.fetched)
	if t.members != nil && (t.members[user] && age < teamTTL || !t.members[user] && age < teamRecheck) {
		return t.members[user], nil
	}
	members, err := t.fetch(ctx)
	if err != nil {
		return false, err
	}
	t.members, t.fetched = members, t.now()
	return members[user], nil
}

// fetch reads the whole membership from Slack.
func (t *team) fetch(ctx context.Context) (map[string]bool, error) {
	members := map[string]bool{}
	if t.group != "" {
		ids, err := t.api.GetUserGroupMembersContext(ctx, t.group)
		if err != nil {
			return nil, fmt.Errorf("usergroups.users.list: %w", err)
		}
		for _, id := range ids {
			members[id] = true
		}
		return members, nil
	}
	params := &slackapi.GetUsersInConversationParameters{ChannelID: t.channel, Limit: 200}
	for page := 0; page < 100; page++ {
		ids, next, err := t.api.GetUsersInConversationContext(ctx, params)
		if err != nil {
			return nil, fmt.Errorf("conversations.members: %w", err)
		}
		for _, id := range ids {
			members[id] = true
		}
		if next == "" {
			break
		}
		params.Cursor = next
	}
	return members, nil
}

// privatePlace reports whether a slash command typed in channel may be
// answered there: the support channel, or the agent's direct messages
// with the app. Anywhere else (another channel, a group DM) colleagues who
// are not in the team may be around.
func (d *Desk) privatePlace(channel string) bool {
	return channel == d.cfg.Channel || strings.HasPrefix(channel, "D")
}

// agent reports whether user may act on the desk, logging a failure to ask.
func (d *Desk) agent(ctx context.Context, user string) bool {
	ok, err := d.team.has(ctx, user)
	if err != nil {
		d.log.ErrorContext(ctx, "slack support team membership", "err", err)
		return false
	}
	if !ok {
		d.log.WarnContext(ctx, "slack desk refused to someone outside the support team", "user", user)
	}
	return ok
}
