package telegram

import (
	"context"
	"sync"
	"testing"
	"time"
)

func TestChatQueueKeepsEachChatInOrder(t *testing.T) {
	q := newChatQueue(100)
	var mu sync.Mutex
	got := map[int64][]int{}
	for i := range 30 {
		chat := int64(i % 3)
		if !q.tryReserve() {
			t.Fatal("no free slot")
		}
		q.run(chat, func() {
			time.Sleep(time.Millisecond)
			mu.Lock()
			got[chat] = append(got[chat], i)
			mu.Unlock()
		})
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := q.wait(ctx); err != nil {
		t.Fatal(err)
	}
	for chat, seq := range got {
		for j := 1; j < len(seq); j++ {
			if seq[j] < seq[j-1] {
				t.Errorf("chat %d handled %v, out of order", chat, seq)
				break
			}
		}
		if len(seq) != 10 {
			t.Errorf("chat %d: %d jobs ran, want 10", chat, len(seq))
		}
	}
}

func TestChatQueueRunsChatsInParallel(t *testing.T) {
	q := newChatQueue(10)
	blocked, release := make(chan struct{}), make(chan struct{})
	ran := make(chan struct{})
	q.tryReserve()
	q.run(1, func() { close(blocked); <-release })
	<-blocked
	q.tryReserve()
	q.run(2, func() { close(ran) })
	select {
	case <-ran:
	case <-time.After(10 * time.Second):
		t.Fatal("chat 2 waited for chat 1")
	}
	close(release)
}

func TestChatQueueIsBounded(t *testing.T) {
	q := newChatQueue(2)
	if !q.tryReserve() || !q.tryReserve() {
		t.Fatal("could not take the two slots")
	}
	if q.tryReserve() {
		t.Error("took a third slot out of two")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
	defer cancel()
	if err := q.reserve(ctx); err == nil {
		t.Error("reserve succeeded on a full queue")
	}
	if err := q.wait(ctx); err == nil {
		t.Error("wait returned with slots still taken")
	}
	q.release()
	q.release()
	if err := q.wait(context.Background()); err != nil {
		t.Errorf("wait on an empty queue: %v", err)
	}
}
