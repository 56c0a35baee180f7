// Package embedding gives messages a dense vector from a static table of
// word and subword vectors distilled from an English sentence encoder
// (Universal Sentence Encoder lite, Apache-2.0; see NOTICE and
// distill/README.md). A message's vector is the mean of its tokens'
// vectors, L2-normalised: no network runs per message, so it costs a few
// microseconds, and the classifier gets what the encoder learnt from a
// large corpus about words it never saw with a label ("parcel" near
// "package", "refund" near "money back").
//
// The table holds three kinds of entries: whole words the encoder was run
// on, and the pieces of its own SentencePiece vocabulary, with and without
// the word-start marker. A token found as a whole word or a word-start
// piece takes that vector; any other token is split into pieces the way
// the encoder's tokenizer would split it (Segment), so that no English
// word is lost.
package embedding

import (
	"crypto/sha256"
	_ "embed"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"math"
	"sync"
)

//go:embed en.bin
var englishTable []byte

// English returns the table distilled from the English encoder, parsed
// once on first use and shared: it is read-only.
func English() (*Table, error) { return english() }

var english = sync.OnceValues(func() (*Table, error) { return Load(englishTable) })

// Entry kinds, as distill/distill.js writes them.
const (
	kindCont  = 0 // a piece inside a word: "ing"
	kindStart = 1 // a piece starting a word, stored without its marker: "the"
	kindWord  = 2 // a whole word the encoder was run on: "refund"
)

// maxPiece bounds the pieces Segment looks for, in bytes; the encoder's
// vocabulary has none longer that our tokens can contain.
const maxPiece = 24

// maxWord is the longest token Segment splits; longer ones are ignored
// (they are not words).
const maxWord = 64

// ErrBadTable is returned by Load for data that is not a table.
var ErrBadTable = errors.New("embedding: malformed table")

// Table is a static embedding table. It is immutable and safe for
// concurrent use.
type Table struct {
	dims  int
	words map[string]int32 // whole words and word-start pieces
	cont  map[string]int32 // pieces inside words
	start map[string]int32 // word-start pieces alone, for Segment
	keys  []string
	logp  []float32 // unigram log-probability of each piece
	scale []float32 // per-row dequantisation factor
	vec   []byte    // rows of dims int8 values, in the loaded data
}

// Load parses a table written by distill/distill.js: "SBE1", uint32
// count, uint32 dims, then per entry uint8 kind, uint8 key length, key,
// float32 log-probability, float32 scale; then count×dims int8 values.
// All little-endian. The table keeps data, which must not change: the
// vectors are read from it in place, so the embedded table costs no heap.
func Load(data []byte) (*Table, error) {
	if len(data) < 12 || string(data[:4]) != "SBE1" {
		return nil, fmt.Errorf("load table: no header: %w", ErrBadTable)
	}
	n := int(binary.LittleEndian.Uint32(data[4:]))
	dims := int(binary.LittleEndian.Uint32(data[8:]))
	if dims == 0 || dims > 4096 || n > len(data)/dims {
		return nil, fmt.Errorf("load table: %d entries of %d dims in %d bytes: %w", n, dims, len(data), ErrBadTable)
	}
	t := &Table{
		dims:  dims,
		words: make(map[string]int32),
		cont:  make(map[string]int32),
		start: make(map[string]int32),
		keys:  make([]string, n),
		logp:  make([]float32, n),
		scale: make([]float32, n),
	}
	off := 12
	for i := range n {
		if off+2 > len(data) {
			return nil, fmt.Errorf("load table: entry %d cut short: %w", i, ErrBadTable)
		}
		kind, klen := data[off], int(data[off+1])
		off += 2
		if off+klen+8 > len(data) {
			return nil, fmt.Errorf("load table: entry %d cut short: %w", i, ErrBadTable)
		}
		key := string(data[off : off+klen])
		t.keys[i] = key
		off += klen
		t.logp[i] = math.Float32frombits(binary.LittleEndian.Uint32(data[off:]))
		t.scale[i] = math.Float32frombits(binary.LittleEndian.Uint32(data[off+4:]))
		off += 8
		switch kind {
		case kindCont:
			t.cont[key] = int32(i)
		case kindStart:
			t.start[key] = int32(i)
			t.words[key] = int32(i)
		case kindWord:
			t.words[key] = int32(i)
		default:
			return nil, fmt.Errorf("load table: entry %d of kind %d: %w", i, kind, ErrBadTable)
		}
	}
	if len(data)-off != n*dims {
		return nil, fmt.Errorf("load table: %d bytes of vectors, want %d: %w", len(data)-off, n*dims, ErrBadTable)
	}
	t.vec = data[off:]
	return t, nil
}

// Dims returns the length of the vectors.
func (t *Table) Dims() int { return t.dims }

// Len returns the number of entries.
func (t *Table) Len() int { return len(t.scale) }

// Embed writes into dst (len Dims) the mean of the vectors of tokens,
// L2-normalised, and returns how many vectors were pooled; with none, dst
// is all zeros. Tokens are expected lower-case ASCII, as intents.Tokenize
// gives them. Embed does not allocate.
func (t *Table) Embed(dst []float32, tokens []string) int {
	dst = dst[:t.dims]
	clear(dst)
	n := 0
	var pieces [maxWord]int32
	for _, tok := range tokens {
		if i, ok := t.words[tok]; ok {
			t.add(dst, i)
			n++
			continue
		}
		for _, i := range t.segment(pieces[:0], tok) {
			t.add(dst, i)
			n++
		}
	}
	var sum float64
	for _, v := range dst {
		sum += float64(v) * float64(v)
	}
	if sum > 0 {
		inv := float32(1 / math.Sqrt(sum))
		for j := range dst {
			dst[j] *= inv
		}
	}
	return n
}

func (t *Table) add(dst []float32, i int32) {
	s := t.scale[i]
	row := t.vec[int(i)*t.dims : int(i)*t.dims+t.dims]
	for j, q := range row {
		dst[j] += float32(int8(q)) * s
	}
}

// Fingerprint identifies the English table's content, for keys of models
// trained with it. The table is embedded, so its hash is taken once.
func Fingerprint() string { return fingerprint() }

var fingerprint = sync.OnceValue(func() string {
	sum := sha256.Sum256(englishTable)
	return hex.EncodeToString(sum[:])
})
