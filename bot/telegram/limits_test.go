package telegram

import (
	"context"
	"testing"
	"testing/synctest"
	"time"
)

func TestLimitsPaceEachChat(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		l := newLimits(Limits{PerChat: 1, PerChatBurst: 3, Global: 30, GlobalBurst: 10})
		ctx := context.Background()
		start := time.Now()
		for range 5 {
			if err := l.wait(ctx, 1); err != nil {
				t.Fatal(err)
			}
		}
		// A burst of 3, then one a second.
		if got := time.Since(start); got != 2*time.Second {
			t.Errorf("5 messages in one chat took %v, want 2s", got)
		}
		start = time.Now()
		if err := l.wait(ctx, 2); err != nil {
			t.Fatal(err)
		}
		if got := time.Since(start); got != 0 {
			t.Errorf("another chat waited %v", got)
		}
	})
}

func TestLimitsPaceAllChats(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		l := newLimits(Limits{PerChat: 1, PerChatBurst: 1, Global: 10, GlobalBurst: 10})
		start := time.Now()
		for chat := range int64(30) {
			if err := l.wait(context.Background(), chat); err != nil {
				t.Fatal(err)
			}
		}
		if got := time.Since(start); got != 2*time.Second {
			t.Errorf("30 messages to 30 chats at 10/s after a burst of 10 took %v, want 2s", got)
		}
	})
}

// Issue 12: a 429 holds back the chat that got it, for its retry_after,
// and no other chat.
func TestLimitsHoldAfterFloodControl(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		l := newLimits(Limits{PerChat: 100, PerChatBurst: 10, Global: 100, GlobalBurst: 10})
		l.holdFor(99, 7*time.Second)
		start := time.Now()
		if err := l.wait(context.Background(), 98); err != nil {
			t.Fatal(err)
		}
		if got := time.Since(start); got != 0 {
			t.Errorf("another chat waited %v after a 429 in chat 99", got)
		}
		if err := l.wait(context.Background(), 99); err != nil {
			t.Fatal(err)
		}
		if got := time.Since(start); got != 7*time.Second {
			t.Errorf("a send after a 429 asking for 7s waited %v", got)
		}
		ctx, cancel := context.WithCancel(context.Background())
		l.holdFor(99, time.Hour)
		cancel()
		if err := l.wait(ctx, 99); err == nil {
			t.Error("wait ignored a cancelled context")
		}
	})
}

func TestChatLocksAreForgotten(t *testing.T) {
	c := newChatLocks()
	unlock := c.lock(1)
	unlock2 := make(chan func())
	go func() { unlock2 <- c.lock(1) }()
	select {
	case <-unlock2:
		t.Fatal("a chat was locked twice at once")
	case <-time.After(20 * time.Millisecond):
	}
	unlock()
	(<-unlock2)()
	if len(c.locks) != 0 {
		t.Errorf("%d chat locks kept after use", len(c.locks))
	}
}
