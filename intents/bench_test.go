package intents

import (
	"runtime"
	"testing"
	"time"
)

// benchMessages are typical customer messages, short and long.
var benchMessages = []string{
	"bonjour",
	"merci !",
	"où est ma commande CL-482913 ? mon mail est jean.dupont@example.com",
	"I still haven't received my parcel, tracking says delivered yesterday 😡",
	"je voudrais retourner la bague, elle est trop petite",
	"combien de points j'ai sur ma carte de fidélité ?",
	"can I speak to a human please",
	"Madame, Monsieur, suite à une erreur de manipulation, j'ai validé une commande que je ne souhaitais pas passer. Je vous prie de bien vouloir l'annuler. Cordialement.",
}

func BenchmarkParse(b *testing.B) {
	p := shippedModel(b)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		p.Parse(benchMessages[i%len(benchMessages)], "fr")
	}
}

// BenchmarkParseLatency reports the median and 99th percentile of single
// Parse calls over the benchmark messages.
func BenchmarkParseLatency(b *testing.B) {
	p := shippedModel(b)
	var lat []float64
	for i := 0; b.Loop(); i++ {
		t0 := time.Now()
		p.Parse(benchMessages[i%len(benchMessages)], "fr")
		lat = append(lat, float64(time.Since(t0).Nanoseconds())/1e3)
	}
	sortFloats(lat)
	b.ReportMetric(quantile(lat, 0.5), "p50-µs")
	b.ReportMetric(quantile(lat, 0.99), "p99-µs")
}

// BenchmarkNewParser trains on the shipped phrases as the bot does and
// reports the heap the trained parser holds.
func BenchmarkNewParser(b *testing.B) {
	exs := shippedExamples(b)
	var p *Parser
	for b.Loop() {
		var err error
		if p, err = NewParser(ProductConfig(), exs); err != nil {
			b.Fatal(err)
		}
	}
	b.StopTimer()
	var before, after runtime.MemStats
	p = nil
	runtime.GC()
	runtime.ReadMemStats(&before)
	p, _ = NewParser(ProductConfig(), exs)
	runtime.GC()
	runtime.ReadMemStats(&after)
	b.ReportMetric(float64(after.HeapAlloc-before.HeapAlloc)/(1<<20), "heap-MB")
	b.ReportMetric(float64(len(exs)), "examples")
	runtime.KeepAlive(p)
}
