package postgres

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"supportbot/storage"
)

// The tests here run two DBs on one database: two pools of connections,
// as two replicas of the bot would have. What one process gets from
// running one statement at a time must hold between them.

// mustReplicas opens n DBs on one new database holding the seed shop.
func mustReplicas(t *testing.T, n int) []*DB {
	t.Helper()
	url := newDatabase(t)
	dbs := make([]*DB, n)
	for i := range dbs {
		dbs[i] = mustOpenURL(t, url)
	}
	if _, err := dbs[0].Import(context.Background(), mustDecode(t, "testdata/seed.json")); err != nil {
		t.Fatal(err)
	}
	return dbs
}

// Two replicas return the last unit of a line at once, many times over:
// one return wins, the others get ErrConflict.
func TestReplicasReturnLastUnit(t *testing.T) {
	ctx := context.Background()
	dbs := mustReplicas(t, 2)
	o := mustOrder(t, dbs[0], "CL-482913")
	ring, earrings := o.Items[0].ID, o.Items[1].ID
	const n = 12
	errs := make([]error, n)
	var wg sync.WaitGroup
	for i := range n {
		// Half take the ring then the earrings, half the other way round:
		// the lines are locked in one order whatever the request's.
		items := []storage.ReturnItem{{ItemID: ring, Quantity: 1}, {ItemID: earrings, Quantity: 2}}
		if i%2 == 1 {
			items[0], items[1] = items[1], items[0]
		}
		wg.Go(func() {
			_, errs[i] = dbs[i%2].CreateReturn(ctx, storage.Return{OrderID: o.ID, Items: items})
		})
	}
	wg.Wait()
	won := 0
	for _, err := range errs {
		switch {
		case err == nil:
			won++
		case !errors.Is(err, storage.ErrConflict):
			t.Errorf("CreateReturn = %v, want success or ErrConflict", err)
		}
	}
	if won != 1 {
		t.Errorf("%d returns got the last units, want exactly 1", won)
	}
	if got := countRows(t, dbs[0], "return_items"); got != 2 {
		t.Errorf("return_items rows = %d, want 2", got)
	}
}

// A hundred attempts on one order from two replicas at once: exactly five
// are judged, and the failures recorded are exactly those.
func TestReplicasVerificationCountedExactly(t *testing.T) {
	ctx := context.Background()
	dbs := mustReplicas(t, 2)
	var wg sync.WaitGroup
	var mu sync.Mutex
	judged := 0
	for i := range 100 {
		wg.Go(func() {
			v, err := dbs[i%2].AttemptVerification(ctx, storage.IdentityClaim{ConversationID: fmt.Sprintf("web:%d", i),
				Email: fmt.Sprintf("guess%d@example.com", i), OrderNumber: "CL-482913", At: testNow,
				Since: testNow.Add(-time.Hour), CountLastMinute: 1000}, allowUnder(5))
			if err != nil {
				t.Error(err)
				return
			}
			mu.Lock()
			if !v.Refused {
				judged++
			}
			mu.Unlock()
		})
	}
	wg.Wait()
	if judged != 5 {
		t.Errorf("%d attempts judged, want 5", judged)
	}
	if n := countRows(t, dbs[0], "verification_attempts"); n != 5 {
		t.Errorf("%d attempts recorded, want 5", n)
	}
}

// Attempts inside units of work (as the engine makes them) hold their
// locks until the unit commits: the next attempt counts the failure the
// first recorded, whichever replica it reaches.
func TestReplicasVerificationInUnitsOfWork(t *testing.T) {
	ctx := context.Background()
	dbs := mustReplicas(t, 2)
	var wg sync.WaitGroup
	var mu sync.Mutex
	judged := 0
	for i := range 20 {
		db := dbs[i%2]
		wg.Go(func() {
			err := db.WithTx(ctx, func(ctx context.Context) error {
				v, err := db.AttemptVerification(ctx, storage.IdentityClaim{ConversationID: fmt.Sprintf("web:%d", i),
					Email: "ana.martin@example.fr", OrderNumber: fmt.Sprintf("CL-9%05d", i), At: testNow,
					Since: testNow.Add(-time.Hour)}, allowUnder(3))
				if err != nil {
					return err
				}
				// The rest of the turn, while the locks are held.
				if _, err := db.SaveTurn(ctx, storage.Conversation{ID: fmt.Sprintf("web:%d", i), Channel: "web"}, nil); err != nil {
					return err
				}
				mu.Lock()
				if !v.Refused {
					judged++
				}
				mu.Unlock()
				return nil
			})
			if err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	if judged != 3 {
		t.Errorf("%d attempts with one e-mail judged, want 3", judged)
	}
}

// Two replicas' delivery workers share an outbox of many recipients: every
// message is handed out once, each recipient's in ID order, and never two
// of one recipient at once.
func TestReplicasOutboxHandsOutEachMessageOnce(t *testing.T) {
	ctx := context.Background()
	dbs := mustReplicas(t, 2)
	const recipients, each = 20, 4
	var msgs []storage.OutboxMessage
	for i := range each {
		for r := range recipients {
			msgs = append(msgs, storage.OutboxMessage{Channel: "telegram", Recipient: fmt.Sprintf("chat%d", r),
				Kind: storage.OutboxReply, Payload: fmt.Sprintf(`{"n":%d}`, i)})
		}
	}
	if err := dbs[0].Enqueue(ctx, msgs); err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	sent := make(map[int64]int)
	sending := make(map[string]bool)
	last := make(map[string]int64)
	var wg sync.WaitGroup
	// One worker per replica, as the delivery worker runs one per channel
	// in each process.
	for _, db := range dbs {
		wg.Go(func() {
			for idle := 0; idle < 20; {
				due, err := db.DueOutbox(ctx, "telegram", testNow, 5)
				if err != nil {
					t.Error(err)
					return
				}
				if len(due) == 0 {
					idle++
					time.Sleep(5 * time.Millisecond)
					continue
				}
				idle = 0
				for _, m := range due {
					mu.Lock()
					if sending[m.Recipient] {
						t.Errorf("message %d handed out while another of %s is being sent", m.ID, m.Recipient)
					}
					if m.ID < last[m.Recipient] {
						t.Errorf("message %d of %s handed out after %d", m.ID, m.Recipient, last[m.Recipient])
					}
					sending[m.Recipient], last[m.Recipient] = true, m.ID
					sent[m.ID]++
					mu.Unlock()
					time.Sleep(time.Millisecond) // the send
					mu.Lock()
					sending[m.Recipient] = false
					mu.Unlock()
					if err := db.OutboxSent(ctx, m.ID, testNow); err != nil {
						t.Error(err)
					}
				}
			}
		})
	}
	wg.Wait()
	if len(sent) != recipients*each {
		t.Errorf("%d messages sent, want %d", len(sent), recipients*each)
	}
	for id, n := range sent {
		if n != 1 {
			t.Errorf("message %d handed out %d times", id, n)
		}
	}
}

// A message claimed by a replica that died is handed to another once its
// lease has run out, not before; the replica that claimed it gets it back
// meanwhile, as its own worker may have read it and left it for later.
func TestReplicasOutboxLeaseTakeover(t *testing.T) {
	ctx := context.Background()
	dbs := mustReplicas(t, 2)
	a, b := dbs[0], dbs[1]
	a.OutboxLease, b.OutboxLease = time.Minute, time.Minute
	if err := a.Enqueue(ctx, []storage.OutboxMessage{
		{Channel: "discord", Recipient: "c1", Kind: storage.OutboxReply, Payload: "{}"},
		{Channel: "discord", Recipient: "c1", Kind: storage.OutboxReply, Payload: "{}"},
	}); err != nil {
		t.Fatal(err)
	}
	due := func(db *DB, now time.Time) []int64 {
		t.Helper()
		msgs, err := db.DueOutbox(ctx, "discord", now, 10)
		if err != nil {
			t.Fatal(err)
		}
		var ids []int64
		for _, m := range msgs {
			ids = append(ids, m.ID)
		}
		return ids
	}
	first := due(a, testNow)
	if len(first) != 1 {
		t.Fatalf("replica A got %v, want the first message", first)
	}
	if got := due(b, testNow.Add(30*time.Second)); len(got) != 0 {
		t.Errorf("replica B got %v while A's claim holds, want nothing", got)
	}
	if got := due(a, testNow.Add(30*time.Second)); len(got) != 1 || got[0] != first[0] {
		t.Errorf("replica A got %v, want its own claim %v back", got, first)
	}
	// A dies; its claim, renewed at +30s, lapses at +90s.
	if got := due(b, testNow.Add(89*time.Second)); len(got) != 0 {
		t.Errorf("replica B got %v before the lease ran out, want nothing", got)
	}
	got := due(b, testNow.Add(91*time.Second))
	if len(got) != 1 || got[0] != first[0] {
		t.Fatalf("replica B got %v after the lease, want %v", got, first)
	}
	if err := b.OutboxSent(ctx, got[0], testNow.Add(92*time.Second)); err != nil {
		t.Fatal(err)
	}
	if got := due(a, testNow.Add(93*time.Second)); len(got) != 1 || got[0] == first[0] {
		t.Errorf("after the send, A got %v, want the second message", got)
	}
}

// One recipient's messages go one at a time, in order; a retry waits for
// its time, a dead letter no longer holds the next one back.
func TestOutboxOrder(t *testing.T) {
	ctx := context.Background()
	db := mustOpen(t)
	var msgs []storage.OutboxMessage
	for i := range 3 {
		msgs = append(msgs, storage.OutboxMessage{Channel: "desk", Recipient: "thread", Kind: storage.OutboxRelay,
			Payload: fmt.Sprint(i)})
	}
	msgs = append(msgs, storage.OutboxMessage{Channel: "desk", Recipient: "other", Kind: storage.OutboxRelay, Payload: "x", IdemKey: "k1"})
	if err := db.Enqueue(ctx, msgs); err != nil {
		t.Fatal(err)
	}
	payloads := func(now time.Time) string {
		t.Helper()
		due, err := db.DueOutbox(ctx, "desk", now, 10)
		if err != nil {
			t.Fatal(err)
		}
		var s []string
		for _, m := range due {
			s = append(s, m.Recipient+":"+m.Payload)
		}
		return fmt.Sprint(s)
	}
	if got := payloads(testNow); got != "[thread:0 other:x]" {
		t.Errorf("due = %s, want the head of each recipient", got)
	}
	all, err := db.OutboxMessages(ctx, "desk")
	if err != nil || len(all) != 4 || all[3].IdemKey != "k1" || all[0].IdemKey == "" || all[0].State != storage.OutboxPending {
		t.Fatalf("OutboxMessages = %+v, %v", all, err)
	}
	if err := db.OutboxRetry(ctx, all[0].ID, testNow.Add(time.Minute), true, "timeout"); err != nil {
		t.Fatal(err)
	}
	if got := payloads(testNow); got != "[other:x]" {
		t.Errorf("due during the retry's wait = %s, want the other recipient only", got)
	}
	if err := db.OutboxDead(ctx, all[0].ID, testNow.Add(time.Minute), "gone"); err != nil {
		t.Fatal(err)
	}
	if err := db.OutboxSent(ctx, all[3].ID, testNow); err != nil {
		t.Fatal(err)
	}
	if got := payloads(testNow); got != "[thread:1]" {
		t.Errorf("due after a dead letter = %s, want the next message", got)
	}
	all, _ = db.OutboxMessages(ctx, "desk")
	if m := all[0]; m.State != storage.OutboxDead || m.Attempts != 2 || m.LastError != "gone" || !m.DoneAt.Equal(testNow.Add(time.Minute)) {
		t.Errorf("dead letter = %+v", m)
	}
	if n, err := db.PruneOutbox(ctx, testNow.Add(time.Second)); err != nil || n != 1 {
		t.Errorf("PruneOutbox = %d, %v; want the sent message only", n, err)
	}
	if err := db.Enqueue(ctx, []storage.OutboxMessage{{Channel: "desk", Recipient: "r", Kind: storage.OutboxRelay, Payload: "y", IdemKey: all[1].IdemKey}}); err == nil {
		t.Error("Enqueue with a used IdemKey succeeded")
	}
}

// LockConversation lets one unit of work at a time run for a conversation,
// across replicas; other conversations go on.
func TestReplicasLockConversation(t *testing.T) {
	ctx := context.Background()
	dbs := mustReplicas(t, 2)
	a, b := dbs[0], dbs[1]
	if err := a.LockConversation(ctx, "web:x"); err == nil {
		t.Error("LockConversation outside a unit of work succeeded")
	}
	locked, release := make(chan struct{}), make(chan struct{})
	done := make(chan error, 1)
	go func() {
		done <- a.WithTx(ctx, func(ctx context.Context) error {
			if err := a.LockConversation(ctx, "web:x"); err != nil {
				return err
			}
			close(locked)
			<-release
			_, err := a.SaveTurn(ctx, storage.Conversation{ID: "web:x", Channel: "web", State: []byte("first")}, nil)
			return err
		})
	}()
	<-locked
	// Another conversation is not held up.
	if err := b.WithTx(ctx, func(ctx context.Context) error { return b.LockConversation(ctx, "web:y") }); err != nil {
		t.Errorf("lock of another conversation: %v", err)
	}
	// This one waits, and gives up with its context.
	short, cancel := context.WithTimeout(ctx, 200*time.Millisecond)
	err := b.WithTx(short, func(ctx context.Context) error { return b.LockConversation(ctx, "web:x") })
	cancel()
	if err == nil {
		t.Error("second lock of web:x taken while the first unit runs")
	}
	second := make(chan storage.Conversation, 1)
	go func() {
		b.WithTx(ctx, func(ctx context.Context) error {
			if err := b.LockConversation(ctx, "web:x"); err != nil {
				t.Error(err)
				return err
			}
			c, err := b.Conversation(ctx, "web:x")
			second <- c
			return err
		})
	}()
	select {
	case <-second:
		t.Fatal("the second unit ran while the first held the lock")
	case <-time.After(100 * time.Millisecond):
	}
	close(release)
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	select {
	case c := <-second:
		if string(c.State) != "first" {
			t.Errorf("the second unit read state %q, want the first's commit", c.State)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("the second unit never got the lock")
	}
}

// Two replicas handle one redelivered update at once: one turn claims it,
// the other finds it claimed once the first commits; had the first rolled
// back, the other would claim it.
func TestReplicasClaimDelivery(t *testing.T) {
	ctx := context.Background()
	dbs := mustReplicas(t, 2)
	for _, commit := range []bool{true, false} {
		key := fmt.Sprint("update-", commit)
		claimed, release := make(chan struct{}), make(chan struct{})
		go dbs[0].WithTx(ctx, func(ctx context.Context) error {
			ok, err := dbs[0].ClaimDelivery(ctx, "telegram", key, "answer")
			if err != nil || !ok {
				t.Errorf("first claim = %v, %v", ok, err)
			}
			close(claimed)
			<-release
			if !commit {
				return errors.New("turn failed")
			}
			return nil
		})
		<-claimed
		got := make(chan bool, 1)
		go dbs[1].WithTx(ctx, func(ctx context.Context) error {
			ok, err := dbs[1].ClaimDelivery(ctx, "telegram", key, "other answer")
			if err != nil {
				t.Error(err)
			}
			got <- ok
			return nil
		})
		time.Sleep(50 * time.Millisecond)
		close(release)
		if ok := <-got; ok == commit {
			t.Errorf("first turn committed %v: second claim = %v, want %v", commit, ok, !commit)
		}
	}
	if r, err := dbs[1].DeliveryResult(ctx, "telegram", "update-true"); err != nil || r != "answer" {
		t.Errorf("DeliveryResult = %q, %v; want the first turn's answer", r, err)
	}
}

// Two replicas write to one conversation (a turn, an agent's reply) while
// a third polls MessagesAfter, as the web chat does: the poller, asking
// only for what follows the last message it saw, misses none.
func TestReplicasMessagesAfterMissesNone(t *testing.T) {
	ctx := context.Background()
	dbs := mustReplicas(t, 3)
	const writes = 20
	conv := storage.Conversation{ID: "web:poll", Channel: "web"}
	if _, err := dbs[0].SaveTurn(ctx, conv, nil); err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	for w, db := range dbs[:2] {
		wg.Go(func() {
			for i := range writes {
				err := db.WithTx(ctx, func(ctx context.Context) error {
					_, err := db.SaveTurn(ctx, conv, []storage.Message{{From: storage.FromAgent, Text: fmt.Sprint(w, "-", i)}})
					if w == 0 {
						time.Sleep(5 * time.Millisecond) // the rest of a long turn
					}
					return err
				})
				if err != nil {
					t.Error(err)
				}
			}
		})
	}
	done := make(chan struct{})
	go func() { wg.Wait(); close(done) }()
	seen := make(map[string]bool)
	var last int64
	poll := func() {
		msgs, err := dbs[2].MessagesAfter(ctx, conv.ID, last)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range msgs {
			seen[m.Text] = true
			last = m.ID
		}
	}
	for {
		select {
		case <-done:
			poll()
			if len(seen) != 2*writes {
				t.Errorf("the poller saw %d messages, want %d", len(seen), 2*writes)
			}
			return
		default:
			poll()
		}
	}
}

// A replica that dies mid-turn (its connection gone) releases the
// conversation's lock: the turn it was running is rolled back, and
// another replica takes the conversation at once.
func TestReplicasLockReleasedWhenReplicaDies(t *testing.T) {
	ctx := context.Background()
	dbs := mustReplicas(t, 2)
	a, b := dbs[0], dbs[1]
	pid := make(chan int32, 1)
	dead := make(chan struct{})
	result := make(chan error, 1)
	go func() {
		result <- a.WithTx(ctx, func(ctx context.Context) error {
			if err := a.LockConversation(ctx, "web:dying"); err != nil {
				return err
			}
			if _, err := a.SaveTurn(ctx, storage.Conversation{ID: "web:dying", Channel: "web"},
				[]storage.Message{{From: storage.FromCustomer, Text: "lost with its replica"}}); err != nil {
				return err
			}
			var p int32
			if err := a.txOf(ctx).begun().QueryRow(ctx, `SELECT pg_backend_pid()`).Scan(&p); err != nil {
				return err
			}
			pid <- p
			<-dead
			return nil
		})
	}()
	var ok bool
	if err := b.pool.QueryRow(ctx, `SELECT pg_terminate_backend($1)`, <-pid).Scan(&ok); err != nil || !ok {
		t.Fatalf("pg_terminate_backend = %v, %v", ok, err)
	}
	close(dead)
	if err := <-result; err == nil {
		t.Error("the dead replica's turn committed")
	}
	short, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	err := b.WithTx(short, func(ctx context.Context) error {
		if err := b.LockConversation(ctx, "web:dying"); err != nil {
			return err
		}
		_, err := b.Conversation(ctx, "web:dying")
		return err
	})
	if !errors.Is(err, storage.ErrNotFound) {
		t.Errorf("the other replica's turn = %v, want the lock taken and nothing of the dead turn saved (ErrNotFound)", err)
	}
}
