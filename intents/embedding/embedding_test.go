package embedding

import (
	"encoding/binary"
	"errors"
	"math"
	"runtime"
	"slices"
	"strings"
	"testing"
)

func mustEnglish(tb testing.TB) *Table {
	tb.Helper()
	t, err := English()
	if err != nil {
		tb.Fatalf("English: %v", err)
	}
	return t
}

func cosine(a, b []float32) float64 {
	var s float64
	for i := range a {
		s += float64(a[i]) * float64(b[i])
	}
	return s
}

func embed(tb testing.TB, t *Table, text string) []float32 {
	tb.Helper()
	v := make([]float32, t.Dims())
	if t.Embed(v, strings.Fields(text)) == 0 {
		tb.Fatalf("Embed(%q): no token known", text)
	}
	return v
}

func TestEnglishTable(t *testing.T) {
	tab := mustEnglish(t)
	if tab.Dims() < 64 || tab.Len() < 5000 {
		t.Fatalf("table of %d entries × %d dims, want at least 5000 × 64", tab.Len(), tab.Dims())
	}
	v := embed(t, tab, "where is my parcel")
	var norm float64
	for _, x := range v {
		norm += float64(x) * float64(x)
	}
	if math.Abs(norm-1) > 1e-4 {
		t.Errorf("|Embed| = %v, want 1", math.Sqrt(norm))
	}
}

// TestParaphrasesCloser checks that the table carries meaning beyond
// shared words: each message is closer to its paraphrase, which shares
// no content word with it, than to an unrelated message.
func TestParaphrasesCloser(t *testing.T) {
	tab := mustEnglish(t)
	tests := []struct{ text, para, other string }{
		{"where is my parcel", "track package delivery", "cancel my subscription"},
		{"i want my money back", "refund please", "what time do you open"},
		{"talk to a human", "speak with an agent", "my card was declined"},
		{"the ring is too small", "wrong size jewellery", "how many loyalty points"},
	}
	for _, tt := range tests {
		a, p, o := embed(t, tab, tt.text), embed(t, tab, tt.para), embed(t, tab, tt.other)
		if cp, co := cosine(a, p), cosine(a, o); cp <= co {
			t.Errorf("cos(%q, %q) = %.3f, not above cos with %q = %.3f", tt.text, tt.para, cp, tt.other, co)
		}
	}
}

func TestSegment(t *testing.T) {
	tab := mustEnglish(t)
	tests := []struct {
		name, tok string
		want      []string // nil: only checked to cover the token
	}{
		{"word-start piece", "the", []string{"the"}},
		{"pieces", "refunds", []string{"re", "fund", "s"}},
		{"empty", "", nil},
		{"too long", strings.Repeat("a", maxWord), nil},
		{"made-up word", "parcelz", nil},
		{"digits", "482913", nil},
		{"another script", "привет", []string{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := tab.Segment(tt.tok)
			if tt.want != nil && (len(got) != len(tt.want) || len(got) > 0 && !slices.Equal(got, tt.want)) {
				t.Errorf("Segment(%q) = %q, want %q", tt.tok, got, tt.want)
			}
			if tt.want == nil && len(tt.tok) > 0 && len(tt.tok) < maxWord {
				if joined := strings.Join(got, ""); joined != tt.tok {
					t.Errorf("Segment(%q) = %q, joined %q, want the token back", tt.tok, got, joined)
				}
			}
		})
	}
}

func TestEmbedUnknown(t *testing.T) {
	tab := mustEnglish(t)
	v := make([]float32, tab.Dims())
	v[0] = 3
	if n := tab.Embed(v, nil); n != 0 || slices.ContainsFunc(v, func(x float32) bool { return x != 0 }) {
		t.Errorf("Embed(nil) = %d, vector %v…, want 0 and zeros", n, v[:4])
	}
}

func TestLoadErrors(t *testing.T) {
	good := mustTinyTable(t)
	tests := []struct {
		name string
		data []byte
	}{
		{"empty", nil},
		{"bad magic", append([]byte("XXXX"), good[4:]...)},
		{"cut in entries", good[:15]},
		{"cut in vectors", good[:len(good)-1]},
		{"trailing bytes", append(slices.Clone(good), 0)},
		{"bad kind", func() []byte { b := slices.Clone(good); b[12] = 9; return b }()},
		{"huge count", func() []byte { b := slices.Clone(good); binary.LittleEndian.PutUint32(b[4:], 1<<30); return b }()},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := Load(tt.data); !errors.Is(err, ErrBadTable) {
				t.Errorf("Load = %v, want ErrBadTable", err)
			}
		})
	}
	if _, err := Load(good); err != nil {
		t.Errorf("Load(tiny table) = %v", err)
	}
}

// mustTinyTable builds a two-dimension table: a word-start piece "ab" and
// a piece "c".
func mustTinyTable(tb testing.TB) []byte {
	tb.Helper()
	b := []byte("SBE1")
	b = binary.LittleEndian.AppendUint32(b, 2)
	b = binary.LittleEndian.AppendUint32(b, 2)
	for _, e := range []struct {
		kind byte
		key  string
	}{{kindStart, "ab"}, {kindCont, "c"}} {
		b = append(b, e.kind, byte(len(e.key)))
		b = append(b, e.key...)
		b = binary.LittleEndian.AppendUint32(b, math.Float32bits(-5))
		b = binary.LittleEndian.AppendUint32(b, math.Float32bits(0.01))
	}
	return append(b, 100, 0, 0, 100)
}

func TestTinyTable(t *testing.T) {
	tab, err := Load(mustTinyTable(t))
	if err != nil {
		t.Fatal(err)
	}
	if got := tab.Segment("abc"); !slices.Equal(got, []string{"ab", "c"}) {
		t.Errorf("Segment(abc) = %q, want [ab c]", got)
	}
	v := make([]float32, 2)
	if n := tab.Embed(v, []string{"abc"}); n != 2 || math.Abs(float64(v[0]-v[1])) > 1e-6 {
		t.Errorf("Embed(abc) = %d %v, want 2 pieces and equal parts", n, v)
	}
}

func FuzzLoad(f *testing.F) {
	f.Add(mustTinyTable(f))
	f.Add([]byte("SBE1"))
	f.Fuzz(func(t *testing.T, data []byte) {
		tab, err := Load(data)
		if err != nil {
			return
		}
		v := make([]float32, tab.Dims())
		tab.Embed(v, []string{"ab", "abc", "zz"})
	})
}

var benchMessages = [][]string{
	strings.Fields("where is my order"),
	strings.Fields("i still have not received my parcel tracking says delivered yesterday"),
	strings.Fields("can i speak to a human please"),
	strings.Fields("how do i change the pin on my card before travelling abroad"),
}

func BenchmarkEmbed(b *testing.B) {
	tab := mustEnglish(b)
	v := make([]float32, tab.Dims())
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		tab.Embed(v, benchMessages[i%len(benchMessages)])
	}
}

// BenchmarkLoad reports the time to parse the embedded table, paid once
// per process, and the heap it holds (the vectors stay in the binary's
// read-only data).
func BenchmarkLoad(b *testing.B) {
	var t *Table
	for b.Loop() {
		var err error
		if t, err = Load(englishTable); err != nil {
			b.Fatal(err)
		}
	}
	b.StopTimer()
	var before, after runtime.MemStats
	t = nil
	runtime.GC()
	runtime.ReadMemStats(&before)
	t, _ = Load(englishTable)
	runtime.GC()
	runtime.ReadMemStats(&after)
	b.ReportMetric(float64(after.HeapAlloc-before.HeapAlloc)/(1<<20), "heap-MB")
	runtime.KeepAlive(t)
}
