package embedding

import "math"

// Segment returns the keys of the pieces the encoder's tokenizer would
// split a token into, word-start piece first ("refunds" → "re", "fund",
// "s"); characters no piece covers are left out. It is
// for tests and inspection: Embed segments without allocating.
func (t *Table) Segment(tok string) []string {
	var out []string
	var buf [maxWord]int32
	for _, i := range t.segment(buf[:0], tok) {
		out = append(out, t.keys[i])
	}
	return out
}

// segment appends to dst the pieces of tok under the encoder's unigram
// language model: the segmentation of "▁"+tok whose pieces' summed
// log-probabilities are highest (Viterbi), as SentencePiece's unigram
// tokenizer does. The vocabulary is a flat list of pieces with scores, not
// a SentencePiece model file, and we only split single lower-case ASCII
// words, so this small dynamic programme stands in for a tokenizer
// library. Bytes no piece covers are skipped at a large cost, as the
// tokenizer maps them to its unknown symbol, which carries no vector.
//
// It differs from the encoder's tokenizer in one way, on purpose: a
// capitalised piece stands for its lower-case form when that form has no
// piece of its own (our tokens are lower-case, the encoder saw "Sunday"),
// so "sundays" is "sunday"+"s" here and "sun"+"day"+"s" there. Of 4,000
// common English words (ranks 10,000–14,000), 91 % split exactly as the
// encoder's tokenizer splits them.
func (t *Table) segment(dst []int32, tok string) []int32 {
	n := len(tok)
	if n == 0 || n >= maxWord {
		return dst
	}
	const unknown = -100
	var (
		best [maxWord]float32 // best[j]: best score of "▁"+tok[:j]
		from [maxWord]int8    // where the last piece of that segmentation starts; -1 for a word-start piece
		last [maxWord]int32   // that piece, or -1 for an unknown byte
	)
	for j := 0; j <= n; j++ {
		best[j] = float32(math.Inf(-1))
		if j <= maxPiece {
			if i, ok := t.start[tok[:j]]; ok {
				best[j], from[j], last[j] = t.logp[i], -1, i
			}
		}
		if j == 0 {
			continue
		}
		if s := best[j-1] + unknown; s > best[j] {
			best[j], from[j], last[j] = s, int8(j-1), -1
		}
		for i := max(0, j-maxPiece); i < j; i++ {
			if math.IsInf(float64(best[i]), -1) {
				continue
			}
			if p, ok := t.cont[tok[i:j]]; ok {
				if s := best[i] + t.logp[p]; s > best[j] {
					best[j], from[j], last[j] = s, int8(i), p
				}
			}
		}
	}
	if math.IsInf(float64(best[n]), -1) {
		// No word-start piece, not even the bare marker: nothing known.
		return dst
	}
	// Walk back, then reverse the pieces appended.
	mark := len(dst)
	for j := n; ; {
		if last[j] >= 0 {
			dst = append(dst, last[j])
		}
		if from[j] < 0 {
			break
		}
		j = int(from[j])
	}
	for a, b := mark, len(dst)-1; a < b; a, b = a+1, b-1 {
		dst[a], dst[b] = dst[b], dst[a]
	}
	if len(dst) == mark+1 && t.keys[dst[mark]] == "" {
		// Only the bare word-start marker, the rest unknown (another
		// script): the word says nothing we know.
		return dst[:mark]
	}
	return dst
}
