package bot_test

import (
	"context"
	"fmt"
	"sync/atomic"
	"testing"

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
