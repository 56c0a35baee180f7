package sqlite

import (
	"bytes"
	"context"
	"fmt"
	"path/filepath"
	"sync/atomic"
	"testing"
	"time"

	"supportbot/storage"
	"supportbot/storage/storetest"
)

// BenchmarkImport10kOrders imports 10,000 orders of 2 or 3 items for 3,000
// customers into a new database file, in one transaction.
func BenchmarkImport10kOrders(b *testing.B) {
	ctx := context.Background()
	f := storetest.GenShop(3000, 10_000)
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		db, err := Open(ctx, filepath.Join(b.TempDir(), fmt.Sprintf("bench%d.db", i)))
		if err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		if _, err := db.Import(ctx, f); err != nil {
			b.Fatal(err)
		}
		b.StopTimer()
		db.Close()
	}
}

// BenchmarkReimport10kOrders imports the same 10,000 orders again: every
// record is compared and found unchanged.
func BenchmarkReimport10kOrders(b *testing.B) {
	ctx := context.Background()
	f := storetest.GenShop(3000, 10_000)
	db := mustOpen(b)
	if _, err := db.Import(ctx, f); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := db.Import(ctx, f); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkDecodeImport10kOrders decodes and validates the JSON file of
// 10,000 orders.
func BenchmarkDecodeImport10kOrders(b *testing.B) {
	var buf bytes.Buffer
	if err := storage.EncodeImport(&buf, storetest.GenShop(3000, 10_000)); err != nil {
		b.Fatal(err)
	}
	data := buf.Bytes()
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := storage.DecodeImport(bytes.NewReader(data)); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkSaveTurn saves one turn (a customer message and the bot's
// answer) to an existing conversation.
func BenchmarkSaveTurn(b *testing.B) {
	ctx := context.Background()
	db := mustOpen(b)
	conv := storage.Conversation{ID: "web:bench", Channel: "web", Lang: "fr", State: []byte(`{"flow":"track_order"}`)}
	msgs := []storage.Message{
		{From: storage.FromCustomer, Text: "où en est ma commande CL-482913 ?", Intent: "track_order", Confidence: 0.91},
		{From: storage.FromBot, Text: "Votre commande est en transit."},
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := db.SaveTurn(ctx, conv, msgs); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkOrderByNumber looks orders up, with their items, in a store of
// 10,000 orders.
func BenchmarkOrderByNumber(b *testing.B) {
	db, numbers := benchStore(b)
	ctx := context.Background()
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		if _, err := db.OrderByNumber(ctx, numbers[i%len(numbers)]); err != nil {
			b.Fatal(err)
		}
		i++
	}
}

// BenchmarkOrderByNumberParallel is the same lookup from many goroutines,
// as when many conversations run at once.
func BenchmarkOrderByNumberParallel(b *testing.B) {
	db, numbers := benchStore(b)
	ctx := context.Background()
	b.ReportAllocs()
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		i := 0
		for pb.Next() {
			if _, err := db.OrderByNumber(ctx, numbers[i%len(numbers)]); err != nil {
				b.Fatal(err)
			}
			i += 7
		}
	})
}

func benchStore(b *testing.B) (*DB, []string) {
	b.Helper()
	f := storetest.GenShop(3000, 10_000)
	db := mustOpen(b)
	if _, err := db.Import(context.Background(), f); err != nil {
		b.Fatal(err)
	}
	numbers := make([]string, 0, len(f.Orders))
	for i := 0; i < len(f.Orders); i += 13 {
		numbers = append(numbers, storage.NormalizeOrderNumber(f.Orders[i].Number))
	}
	return db, numbers
}

// BenchmarkOrdersByCustomerBesideWrites reads customers' orders while
// turns are written: in WAL mode each read then begins with an empty page
// cache, as it does under traffic.
func BenchmarkOrdersByCustomerBesideWrites(b *testing.B) {
	db, _ := benchStore(b)
	ctx := context.Background()
	stop := make(chan struct{})
	done := make(chan struct{})
	go func() {
		defer close(done)
		conv := storage.Conversation{ID: "web:bench", Channel: "web", Lang: "fr"}
		msgs := []storage.Message{{From: storage.FromCustomer, Text: "bonjour"}, {From: storage.FromBot, Text: "Bonjour !"}}
		for {
			select {
			case <-stop:
				return
			default:
			}
			if _, err := db.SaveTurn(ctx, conv, msgs); err != nil {
				b.Error(err)
				return
			}
			time.Sleep(200 * time.Microsecond)
		}
	}()
	b.ReportAllocs()
	i := int64(0)
	for b.Loop() {
		if _, err := db.OrdersByCustomer(ctx, 1+i%3000); err != nil {
			b.Fatal(err)
		}
		i += 7
	}
	b.StopTimer()
	close(stop)
	<-done
}

// BenchmarkSaveTurnConcurrent saves turns of four messages from 100
// goroutines, each its own conversation, as serve does under load: the
// group commit shares a transaction among them, so the statements, not the
// commit, are what a turn costs.
func BenchmarkSaveTurnConcurrent(b *testing.B) {
	ctx := context.Background()
	db := mustOpen(b)
	msgs := []storage.Message{
		{From: storage.FromCustomer, Text: "où en est ma commande CL-482913 ?", Intent: "track_order", Confidence: 0.91},
		{From: storage.FromBot, Text: "Pour vérifier votre identité, quelle est votre adresse e-mail ?"},
		{From: storage.FromCustomer, Text: "marie.lefebvre@orange.fr", Intent: "track_order", Confidence: 0.77},
		{From: storage.FromBot, Text: "Votre commande est en transit."},
	}
	var next atomic.Int64
	b.SetParallelism(50)
	b.ReportAllocs()
	b.RunParallel(func(pb *testing.PB) {
		conv := storage.Conversation{ID: fmt.Sprintf("web:bench-%d", next.Add(1)), Channel: "web", Lang: "fr",
			State: []byte(`{"flow":"track_order"}`)}
		for pb.Next() {
			err := db.WithTx(ctx, func(ctx context.Context) error {
				_, err := db.SaveTurn(ctx, conv, msgs)
				return err
			})
			if err != nil {
				b.Error(err)
				return
			}
		}
	})
}

// BenchmarkTranscript reads a conversation's last 6 or 16 messages, as
// the engine does for a question about its last answer, from a store of
// 1,000 conversations of 16 messages each, written interleaved as
// concurrent conversations write them.
func BenchmarkTranscript(b *testing.B) {
	ctx := context.Background()
	db := mustOpen(b)
	const convs, turns = 1000, 8
	for turn := range turns {
		for c := range convs {
			conv := storage.Conversation{ID: fmt.Sprintf("web:bench-%d", c), Channel: "web", Lang: "fr", State: []byte(`{}`)}
			msgs := []storage.Message{
				{From: storage.FromCustomer, Text: fmt.Sprintf("message %d", turn), Intent: "faq", Confidence: 0.9},
				{From: storage.FromBot, Text: "Vous pouvez retourner un article dans les 30 jours qui suivent sa réception. Le retour est gratuit depuis un point relais."},
			}
			if _, err := db.SaveTurn(ctx, conv, msgs); err != nil {
				b.Fatal(err)
			}
		}
	}
	for _, limit := range []int{6, 16} {
		b.Run(fmt.Sprintf("last=%d", limit), func(b *testing.B) {
			b.ReportAllocs()
			i := 0
			for b.Loop() {
				msgs, err := db.Transcript(ctx, fmt.Sprintf("web:bench-%d", i%convs), limit)
				if err != nil || len(msgs) != min(limit, 2*turns) {
					b.Fatal(len(msgs), err)
				}
				i++
			}
		})
	}
}
