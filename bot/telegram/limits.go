package telegram

import (
	"context"
	"sync"
	"time"

	"golang.org/x/time/rate"
)

// limits paces outgoing messages under Telegram's flood limits: about one
// message a second in a chat and thirty a second in all. After a 429 the
// chat that got it waits out the retry_after Telegram gave; the other
// chats go on (the global pace keeps the bot under the bot-wide limit).
type limits struct {
	global *rate.Limiter
	every  rate.Limit
	burst  int

	mu    sync.Mutex
	chats map[int64]*rate.Limiter
	holds map[int64]time.Time // no message to the chat before this time
}

// maxChatLimiters bounds the per-chat limiters kept; beyond it, those back
// at full burst — the same as new ones — are dropped.
const maxChatLimiters = 10000

func newLimits(l Limits) *limits {
	return &limits{
		global: rate.NewLimiter(l.Global, l.GlobalBurst),
		every:  l.PerChat, burst: l.PerChatBurst,
		chats: map[int64]*rate.Limiter{},
		holds: map[int64]time.Time{},
	}
}

// wait blocks until a message may go to chat.
func (l *limits) wait(ctx context.Context, chat int64) error {
	l.mu.Lock()
	lim := l.chat(chat)
	hold := time.Until(l.holds[chat])
	if hold <= 0 {
		delete(l.holds, chat)
	}
	l.mu.Unlock()
	if hold > 0 {
		if err := sleep(ctx, hold); err != nil {
			return err
		}
	}
	if err := lim.Wait(ctx); err != nil {
		return err
	}
	return l.global.Wait(ctx)
}

// chat returns the chat's limiter; the caller holds l.mu.
func (l *limits) chat(chat int64) *rate.Limiter {
	if lim, ok := l.chats[chat]; ok {
		return lim
	}
	if len(l.chats) >= maxChatLimiters {
		now := time.Now()
		for id, lim := range l.chats {
			if lim.TokensAt(now) >= float64(l.burst) {
				delete(l.chats, id)
			}
		}
	}
	lim := rate.NewLimiter(l.every, l.burst)
	l.chats[chat] = lim
	return lim
}

// holdFor stops the sends to a chat for d, after a 429 in that chat.
func (l *limits) holdFor(chat int64, d time.Duration) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if until := time.Now().Add(d); until.After(l.holds[chat]) {
		l.holds[chat] = until
	}
}

// sleep waits for d or until ctx is done.
func sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// chatLocks keeps one chat's outgoing messages together: the parts of a
// long reply, or a turn's replies, are not interleaved with an agent's
// message sent at the same moment.
type chatLocks struct {
	mu    sync.Mutex
	locks map[int64]*chatLock
}

type chatLock struct {
	mu   sync.Mutex
	refs int
}

func newChatLocks() *chatLocks { return &chatLocks{locks: map[int64]*chatLock{}} }

// lock locks a chat and returns its unlock.
func (c *chatLocks) lock(chat int64) (unlock func()) {
	c.mu.Lock()
	l, ok := c.locks[chat]
	if !ok {
		l = &chatLock{}
		c.locks[chat] = l
	}
	l.refs++
	c.mu.Unlock()
	l.mu.Lock()
	return func() {
		l.mu.Unlock()
		c.mu.Lock()
		if l.refs--; l.refs == 0 {
			delete(c.locks, chat)
		}
		c.mu.Unlock()
	}
}
