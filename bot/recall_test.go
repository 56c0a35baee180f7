package bot_test

import (
	"context"
	"strings"
	"testing"

	"supportbot/bot"
	"supportbot/bot/bottest"
	"supportbot/storage"
)

// A question about the answer just given finds it however many messages
// the answer took: the transcript is read a few messages at a time, and
// again further back when the answer began before them.
func TestRecallReadsBackToTheAnswersStart(t *testing.T) {
	for _, extra := range []int{0, 3, 6, 10} {
		db := bottest.Store(t)
		e := bottest.Engine(t, db)
		ctx := context.Background()
		in := bot.Incoming{ConversationID: "test:recall", Text: "quelle est la garantie sur les bijoux ?"}
		r, err := handle(t, e, in)
		if err != nil || !strings.Contains(joined(r.Replies), "2 ans") {
			t.Fatalf("extra %d: warranty answer: %q, %v", extra, joined(r.Replies), err)
		}
		// The answer goes on over more messages (as a long answer split
		// by a channel, or notes the bot adds), none of which says the
		// time again.
		if extra > 0 {
			conv, err := db.Conversation(ctx, "test:recall")
			if err != nil {
				t.Fatal(err)
			}
			msgs := make([]storage.Message, extra)
			for i := range msgs {
				msgs[i] = storage.Message{From: storage.FromBot, Text: "Vous pouvez aussi nous écrire."}
			}
			if _, err := db.SaveTurn(ctx, conv, msgs); err != nil {
				t.Fatal(err)
			}
		}
		in.Text = "pendant combien de temps ?"
		r, err = handle(t, e, in)
		if got := joined(r.Replies); err != nil || !strings.Contains(got, "Pour être précis") || !strings.Contains(got, "2 ans") {
			t.Errorf("extra %d: %q, %v; want the warranty's sentence", extra, got, err)
		}
	}
}
