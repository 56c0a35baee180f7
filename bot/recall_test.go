package bot_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

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
			// Saved later, as any other save is: the answers the turn
			// kept are then out of date, and the transcript is read.
			conv.UpdatedAt = conv.UpdatedAt.Add(time.Second)
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

// The last answer a turn keeps in the conversation's state is the one the
// transcript holds, turn after turn, so that a question about it needs no
// read of the transcript; a save by something else than a turn (an
// agent's message, a language set) makes it out of date.
func TestRecentAnswerIsTheTranscripts(t *testing.T) {
	db := bottest.Store(t)
	e := bottest.Engine(t, db)
	ctx := context.Background()
	const id = "test:recent"
	check := func(step string, wantCurrent bool) {
		t.Helper()
		conv, err := db.Conversation(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		msgs, err := db.Transcript(ctx, id, 0)
		if err != nil {
			t.Fatal(err)
		}
		kept, keptAsked, current, read, readAsked := bot.RecentAnswer(conv, msgs)
		if current != wantCurrent {
			t.Fatalf("%s: answer kept current = %v, want %v", step, current, wantCurrent)
		}
		if current && (!slices.Equal(kept, read) || keptAsked != readAsked) {
			t.Errorf("%s: kept %q (%q), transcript %q (%q)", step, kept, keptAsked, read, readAsked)
		}
	}
	say := func(text string) {
		t.Helper()
		if _, err := handle(t, e, bot.Incoming{ConversationID: id, Text: text}); err != nil {
			t.Fatal(err)
		}
	}
	for i, text := range []string{
		"bonjour",
		"quelle est la garantie sur les bijoux ?",
		"pendant combien de temps ?",
		"où en est ma commande ?",
		"camille.durand@example.fr OP-100101",
		"merci",
	} {
		say(text)
		check(fmt.Sprintf("turn %d %q", i, text), true)
	}
	if err := e.SetLanguage(ctx, id, "", "en"); err != nil {
		t.Fatal(err)
	}
	check("language set", false)
	say("and my points?")
	check("after the language set", true)
}
