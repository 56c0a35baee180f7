package bot_test

import (
	"context"
	"fmt"
	"strconv"
	"sync/atomic"
	"testing"
	"time"

	"supportbot/bot"
	"supportbot/bot/bottest"
)

// BenchmarkTurn measures one full turn — understanding, the flow, the store
// reads and the write that saves it — on the real engine and a SQLite file
// holding the demo shop.
func BenchmarkTurn(b *testing.B) {
	ctx := context.Background()
	db := bottest.Store(b)
	e := bottest.Engine(b, db)
	run := func(b *testing.B, conv, text string) {
		for b.Loop() {
			if _, err := e.Handle(ctx, bot.Incoming{ConversationID: conv, Channel: bot.ChannelTest, Text: text}); err != nil {
				b.Fatal(err)
			}
		}
	}
	b.Run("faq", func(b *testing.B) {
		run(b, "test:bench-faq", "what are your opening hours?")
	})
	b.Run("track_verified", func(b *testing.B) {
		conv := "test:bench-track"
		if _, err := e.Handle(ctx, bot.Incoming{ConversationID: conv, Channel: bot.ChannelTest,
			Text: "where is my order? lucas.bernard@example.fr OP-100401"}); err != nil {
			b.Fatal(err)
		}
		run(b, conv, "where is my order?")
	})
	// The same question on a channel delivered from the outbox, each
	// message with its own delivery key: the turn's transaction also
	// writes the outbox rows and the claimed key with the response.
	b.Run("faq_outbox_delivery", func(b *testing.B) {
		eo := bottest.Engine(b, db)
		eo.SetOutbox(bot.ChannelTest, nil)
		// Keys unique across the runs of this sub-benchmark on one store.
		prefix := strconv.FormatInt(time.Now().UnixNano(), 36) + "-"
		i := 0
		for b.Loop() {
			i++
			if _, err := eo.Handle(ctx, bot.Incoming{ConversationID: "test:bench-outbox", Channel: bot.ChannelTest,
				Text: "what are your opening hours?", Delivery: bot.Delivery{Source: "bench", Key: prefix + strconv.Itoa(i)}}); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("parallel_faq", func(b *testing.B) {
		var n atomic.Int64
		b.RunParallel(func(pb *testing.PB) {
			conv := fmt.Sprintf("test:bench-par-%d", n.Add(1))
			for pb.Next() {
				if _, err := e.Handle(ctx, bot.Incoming{ConversationID: conv, Channel: bot.ChannelTest,
					Text: "what are your opening hours?"}); err != nil {
					b.Fatal(err)
				}
			}
		})
	})
}
