package intents

import (
	"fmt"
	"math"
	"runtime"
	"slices"
	"testing"
	"time"

	"supportbot/intents/embedding"
)

func TestDenseFeatures(t *testing.T) {
	tab, err := embedding.English()
	if err != nil {
		t.Fatal(err)
	}
	cfg := DefaultFeatures()
	cfg.DenseWeight = 0.5
	tests := []struct {
		name   string
		tokens []string
		lang   string
		all    bool
		want   bool // dense values expected
	}{
		{"English", []string{"where", "is", "my", "parcel"}, "en", false, true},
		{"French", []string{"ou", "est", "mon", "colis"}, "fr", false, false},
		{"French, all languages", []string{"ou", "est", "mon", "colis"}, "fr", true, true},
		{"nothing known", nil, "en", false, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := cfg
			c.DenseAllLanguages = tt.all
			raw := appendDense(nil, c, tt.tokens, tt.lang)
			if got := len(raw) > 0; got != tt.want {
				t.Fatalf("appendDense: %d values, want some: %v", len(raw), tt.want)
			}
			if !tt.want {
				return
			}
			if len(raw) != tab.Dims() {
				t.Fatalf("appendDense: %d values, want %d", len(raw), tab.Dims())
			}
			want := make([]float32, tab.Dims())
			tab.Embed(want, tt.tokens)
			idx, val := appendDenseFeatures(nil, nil, raw, 7, c.DenseWeight)
			for j := range want {
				if idx[j] != int32(7+j) || math.Abs(float64(val[j]-want[j]*0.5)) > 1e-7 {
					t.Fatalf("feature %d = %d:%v, want %d:%v", j, idx[j], val[j], 7+j, want[j]*0.5)
				}
			}
		})
	}
}

// TestDenseTagUnused checks that no hashed feature can pass for a dense
// value.
func TestDenseTagUnused(t *testing.T) {
	for _, h := range []uint64{hashString(blockWord, "colis"), hashString(blockChar, "^co"), mix(1, 2), hashBytes(blockChar, []byte("lis$"))} {
		if isTagged(h) {
			t.Errorf("hash %x is tagged dense", h)
		}
	}
}

func TestParserDense(t *testing.T) {
	train := mustReadJSONL(t, "testdata/fixture_train.jsonl")
	now := testNow(t)
	fc := DefaultFeatures()
	fc.DenseWeight = 1
	cfg := Config{Features: fc, Now: func() time.Time { return now }}
	a, b := mustParser(t, cfg, train), mustParser(t, cfg, train)
	if got, want := a.model.clf.k*a.model.feat.numFeatures(), len(a.model.clf.w); got != want {
		t.Errorf("weights for %d features, want %d", len(a.model.clf.w)/a.model.clf.k, a.model.feat.numFeatures())
	}
	for _, text := range []string{"where is my parcel", "please cancel my order", "où est mon colis", ""} {
		ra, rb := a.Parse(text, "en"), b.Parse(text, "en")
		if ra.Intent != rb.Intent || ra.Confidence != rb.Confidence {
			t.Errorf("Parse(%q): %s %.6f then %s %.6f, want the same", text, ra.Intent, ra.Confidence, rb.Intent, rb.Confidence)
		}
	}
	for _, tt := range []struct{ text, intent string }{
		{"where is my parcel", TrackOrder},
		{"please cancel my order", CancelOrder},
		{"où est mon colis", TrackOrder},
	} {
		if got := a.Parse(tt.text, "fr"); got.Intent != tt.intent {
			t.Errorf("Parse(%q) = %s, want %s; ranking %v", tt.text, got.Intent, tt.intent, got.Ranking)
		}
	}
	if !slices.Equal(a.Labels(), b.Labels()) {
		t.Errorf("labels differ: %v, %v", a.Labels(), b.Labels())
	}
}

// BenchmarkParseDense is BenchmarkParse and BenchmarkParseLatency with
// the dense block off and on, over the same messages and over English
// ones only.
func BenchmarkParseDense(b *testing.B) {
	exs := shippedExamples(b)
	for _, weight := range []float64{0, 1} {
		b.Run(fmt.Sprintf("dense=%g", weight), func(b *testing.B) {
			fc := DefaultFeatures()
			fc.DenseWeight = weight
			p := mustParser(b, Config{Features: fc}, exs)
			for _, set := range []struct {
				name string
				msgs []string
			}{{"mixed", benchMessages}, {"en", englishBenchMessages}} {
				b.Run(set.name, func(b *testing.B) {
					b.ReportAllocs()
					var lat []float64
					for i := 0; b.Loop(); i++ {
						t0 := time.Now()
						p.Parse(set.msgs[i%len(set.msgs)], "en")
						lat = append(lat, float64(time.Since(t0).Nanoseconds())/1e3)
					}
					sortFloats(lat)
					b.ReportMetric(quantile(lat, 0.5), "p50-µs")
					b.ReportMetric(quantile(lat, 0.99), "p99-µs")
				})
			}
		})
	}
}

var englishBenchMessages = []string{
	"I still haven't received my parcel, tracking says delivered yesterday 😡",
	"can I speak to a human please",
	"hi, I'd like to send back the earrings I got last week, they don't match the picture",
	"how many loyalty points do I have?",
}

// BenchmarkNewParserDense is BenchmarkNewParser with and without the
// dense block.
func BenchmarkNewParserDense(b *testing.B) {
	exs := shippedExamples(b)
	for _, weight := range []float64{0, 1} {
		fc := DefaultFeatures()
		fc.DenseWeight = weight
		b.Run(fmt.Sprintf("dense=%g", weight), func(b *testing.B) {
			var p *Parser
			for b.Loop() {
				cfg := ProductConfig()
				cfg.Features = fc
				p = mustParser(b, cfg, exs)
			}
			b.StopTimer()
			var before, after runtime.MemStats
			p = nil
			runtime.GC()
			runtime.ReadMemStats(&before)
			cfg := ProductConfig()
			cfg.Features = fc
			p = mustParser(b, cfg, exs)
			runtime.GC()
			runtime.ReadMemStats(&after)
			b.ReportMetric(float64(after.HeapAlloc-before.HeapAlloc)/(1<<20), "heap-MB")
			runtime.KeepAlive(p)
		})
	}
}
