package telegram

import (
	"context"
	"sync"
	"time"
)

// chatQueue runs jobs one at a time per chat, in the order queued, and
// different chats in parallel. It holds at most a fixed number of jobs,
// waiting or running: a slot is reserved before an update is recorded as
// processed, so that an update is never recorded and then turned away.
type chatQueue struct {
	slots chan struct{}
	mu    sync.Mutex
	// chats has an entry while a worker runs for the chat; the slice holds
	// the jobs still waiting.
	chats map[int64][]func()
}

func newChatQueue(capacity int) *chatQueue {
	return &chatQueue{slots: make(chan struct{}, capacity), chats: map[int64][]func(){}}
}

// reserve waits for a free slot.
func (q *chatQueue) reserve(ctx context.Context) error {
	select {
	case q.slots <- struct{}{}:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// tryReserve takes a free slot if there is one.
func (q *chatQueue) tryReserve() bool {
	select {
	case q.slots <- struct{}{}:
		return true
	default:
		return false
	}
}

// release gives back a slot reserved and not used.
func (q *chatQueue) release() { <-q.slots }

// run queues job for a chat in a slot reserved before; the slot is freed
// when the job ends.
func (q *chatQueue) run(chat int64, job func()) {
	q.mu.Lock()
	defer q.mu.Unlock()
	waiting, busy := q.chats[chat]
	q.chats[chat] = append(waiting, job)
	if !busy {
		go q.work(chat)
	}
}

func (q *chatQueue) work(chat int64) {
	q.mu.Lock()
	for {
		jobs := q.chats[chat]
		if len(jobs) == 0 {
			delete(q.chats, chat)
			q.mu.Unlock()
			return
		}
		job := jobs[0]
		jobs[0] = nil
		q.chats[chat] = jobs[1:]
		q.mu.Unlock()

		job()
		// Released under the lock, which wait takes too: what the job did
		// happens before wait returns.
		q.mu.Lock()
		q.release()
	}
}

// wait waits until no slot is taken — every job queued has run and no
// update is between reserve and run — or until ctx is done. It polls: it
// runs once, at shutdown, and a WaitGroup would race with a webhook request
// arriving meanwhile.
func (q *chatQueue) wait(ctx context.Context) error {
	tick := time.NewTicker(10 * time.Millisecond)
	defer tick.Stop()
	for len(q.slots) > 0 {
		select {
		case <-tick.C:
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	q.mu.Lock()
	defer q.mu.Unlock()
	return nil
}
