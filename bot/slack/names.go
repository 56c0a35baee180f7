package slack

import (
	"context"
	"fmt"
	"sync"
)

// maxNames bounds the cache of people's names; a support team is far
// smaller.
const maxNames = 1000

// nameCache remembers the names of the people who write in hand-off
// threads, so that users.info is called once per person.
type nameCache struct {
	lookup func(ctx context.Context, userID string) (string, error)
	mu     sync.Mutex
	names  map[string]string
}

func newNameCache(lookup func(ctx context.Context, userID string) (string, error)) *nameCache {
	return &nameCache{lookup: lookup, names: map[string]string{}}
}

// get returns a person's name, "" when Slack cannot tell it.
func (c *nameCache) get(ctx context.Context, userID string) (string, error) {
	c.mu.Lock()
	name, ok := c.names[userID]
	c.mu.Unlock()
	if ok {
		return name, nil
	}
	name, err := c.lookup(ctx, userID)
	if err != nil {
		return "", err
	}
	c.mu.Lock()
	if len(c.names) >= maxNames {
		clear(c.names)
	}
	c.names[userID] = name
	c.mu.Unlock()
	return name, nil
}

// userName asks Slack for a person's full name, falling back to their
// display name and handle.
func (d *Desk) userName(ctx context.Context, userID string) (string, error) {
	var name string
	err := d.rateLimited(ctx, "users.info", func() error {
		u, err := d.api.GetUserInfoContext(ctx, userID)
		if err != nil {
			return err
		}
		for _, n := range []string{u.Profile.RealName, u.RealName, u.Profile.DisplayName, u.Name} {
			if n != "" {
				name = n
				break
			}
		}
		return nil
	})
	if err != nil {
		return "", fmt.Errorf("users.info %s: %w", userID, err)
	}
	return name, nil
}

// agentName is the name an agent's action is recorded and shown under:
// their Slack name, else fallback (their handle), logged when Slack cannot
// tell.
func (d *Desk) agentName(ctx context.Context, userID, fallback string) string {
	name, err := d.names.get(ctx, userID)
	if err != nil {
		d.log.WarnContext(ctx, "slack user name", "user", userID, "err", err)
	}
	if name == "" {
		return fallback
	}
	return name
}
