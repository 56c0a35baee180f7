package intents

import (
	"math"
	"slices"
)

// FeatureConfig chooses what the classifier sees in a message. Three blocks
// of features are weighted with TF-IDF and normalised separately: stemmed
// words, word bigrams, and character n-grams taken inside each word with
// its boundaries ("^col", "lis$"), which make the model tolerant of typos
// and unseen inflections.
type FeatureConfig struct {
	CharMin, CharMax int     // character n-gram lengths; 0,0 for none
	WordWeight       float64 // block weights (relative)
	BigramWeight     float64
	CharWeight       float64
	MinDF            int  // drop features seen in fewer training messages
	BothStemmers     bool // stem every word as French and as English
	CharAcross       bool // character n-grams run across word boundaries
	// Negation adds, for the words that follow a negation ("pas reçu",
	// "never got"), a feature of their own: "j'ai bien reçu" and "je
	// n'ai pas reçu" then differ by more than one word.
	Negation bool
	// DenseWeight, when above zero, appends the message's vector from the
	// static embedding table (dense.go) with that weight; 0 leaves it out.
	DenseWeight float64
	// DenseAllLanguages gives the dense block to every message, not only
	// to those detected as English.
	DenseAllLanguages bool
	// DenseDims keeps the table's first dimensions only (its principal
	// components come first); 0 keeps them all.
	DenseDims int
	// OrgWeight, when above zero, gives a message that names another
	// business (the _org_ token) one more feature of that value, and one
	// that names only a bank or an insurer another (a refund goes back
	// to them), outside the word block: there the token is one word
	// among the message's, its weight shrinking as the message grows, so
	// "annuler ma commande chez Cdiscount" read as the shop's
	// cancellation.
	OrgWeight float64
}

// DefaultFeatures returns what the product uses; the benchmarks in
// BENCHMARKS.md were measured with it.
func DefaultFeatures() FeatureConfig {
	return FeatureConfig{
		CharMin: 2, CharMax: 5,
		WordWeight: 1, BigramWeight: 0.6, CharWeight: 1,
		MinDF: 1, Negation: true,
		// The dense block for English messages: +0.85 points of CLINC150
		// in-scope accuracy and +0.76 of top-1 (mean of 5 seeds), +0.5
		// of BANKING77 top-1 (mean of 3; BENCHMARKS.md).
		DenseWeight: 1,
	}
}

// negators start a negation, in the forms Normalize gives them ("n't" is
// "not"); negationScope is how many content words after one it covers.
var negators = map[string]bool{
	"pas": true, "jamais": true, "rien": true, "aucun": true, "aucune": true, "sans": true,
	"not": true, "never": true, "no": true, "nothing": true, "without": true,
}

const negationScope = 2

// Feature blocks; the block is mixed into each feature's hash.
const (
	blockWord = iota
	blockBigram
	blockChar
	numBlocks
)

// sparse is a feature vector: sorted indices and their values.
type sparse struct {
	idx []int32
	val []float32
}

// featurizer turns text into TF-IDF vectors over a vocabulary learned from
// the training messages. It is immutable after training.
type featurizer struct {
	cfg   FeatureConfig
	vocab map[uint64]int32 // feature hash → index
	idf   []float32
	block []uint8 // block of each index
	stems map[string][2]string
}

// rawFeatures lists the hashed features of a message, with repeats.
// Words are stemmed in lang, or in both languages with BothStemmers.
func (f *featurizer) rawFeatures(dst []uint64, tokens []string, lang string) []uint64 {
	var prev uint64
	first, second := 0, 1
	if lang == "en" {
		first, second = 1, 0
	}
	negated := 0 // content words still under a negation
	for i, t := range tokens {
		s := f.stemsOf(t)
		h := hashString(blockWord, s[first])
		dst = append(dst, h)
		if f.cfg.Negation {
			switch {
			case negators[t]:
				negated = negationScope
			case negated > 0 && !isStopWord(lang, t):
				dst = append(dst, hashString(blockWord, "!"+s[first]))
				negated--
			}
		}
		if f.cfg.BothStemmers && s[second] != s[first] {
			dst = append(dst, hashString(blockWord, s[second]))
		}
		if f.cfg.BigramWeight > 0 {
			if i == 0 {
				prev = hashString(blockBigram, "^")
			}
			dst = append(dst, mix(prev, h))
			prev = h
		}
		if f.cfg.CharMax > 0 && !f.cfg.CharAcross && !isNumber(t) && !isPlaceholder(t) {
			dst = appendCharGrams(dst, t, f.cfg.CharMin, f.cfg.CharMax)
		}
	}
	if f.cfg.CharMax > 0 && f.cfg.CharAcross {
		dst = appendTextGrams(dst, tokens, f.cfg.CharMin, f.cfg.CharMax)
	}
	if f.cfg.BigramWeight > 0 && len(tokens) > 0 {
		dst = append(dst, mix(prev, hashString(blockBigram, "$")))
	}
	dst = appendDense(dst, f.cfg, tokens, lang)
	if f.cfg.OrgWeight > 0 && slices.Contains(tokens, tokenOrg) {
		if namesOtherBusiness(tokens) {
			dst = append(dst, orgSignal)
		} else {
			dst = append(dst, moneySignal)
		}
	}
	return dst
}

// stemsOf returns the French and English stems of a token, from the cache
// built at training when possible. Numbers become their shape ("#6").
func (f *featurizer) stemsOf(t string) [2]string {
	if s, ok := f.stems[t]; ok {
		return s
	}
	return computeStems(t)
}

func computeStems(t string) [2]string {
	if isNumber(t) {
		shape := "#" + string(rune('0'+min(len(t), 9)))
		return [2]string{shape, shape}
	}
	if isPlaceholder(t) {
		return [2]string{t, t}
	}
	return [2]string{stem("fr", t), stem("en", t)}
}

func isNumber(t string) bool {
	for i := 0; i < len(t); i++ {
		if t[i] >= '0' && t[i] <= '9' {
			return true
		}
	}
	return false
}

// appendCharGrams appends the hashed character n-grams of "^t$".
func appendCharGrams(dst []uint64, t string, lo, hi int) []uint64 {
	var buf [64]byte
	if len(t)+2 > len(buf) {
		t = t[:len(buf)-2]
	}
	buf[0] = '^'
	n := copy(buf[1:], t) + 2
	buf[n-1] = '$'
	w := buf[:n]
	for size := lo; size <= hi; size++ {
		for i := 0; i+size <= len(w); i++ {
			if size == 1 && (w[i] == '^' || w[i] == '$') {
				continue
			}
			dst = append(dst, hashBytes(blockChar, w[i:i+size]))
		}
	}
	return dst
}

// appendTextGrams appends the hashed character n-grams of the whole
// message, "^tok1 tok2$", so that n-grams span word boundaries.
func appendTextGrams(dst []uint64, tokens []string, lo, hi int) []uint64 {
	var buf [512]byte
	w := append(buf[:0], '^')
	for i, t := range tokens {
		if i > 0 {
			w = append(w, ' ')
		}
		if isNumber(t) {
			t = "0"
		}
		w = append(w, t...)
	}
	w = append(w, '$')
	for size := lo; size <= hi; size++ {
		for i := 0; i+size <= len(w); i++ {
			dst = append(dst, hashBytes(blockChar, w[i:i+size]))
		}
	}
	return dst
}

// vectorize turns hashed features into a TF-IDF vector: sublinear term
// frequency times IDF, each block normalised to unit length and weighted.
// Features outside the vocabulary are dropped. scratch is reused.
func (f *featurizer) vectorize(raw []uint64, scratch *sparse) sparse {
	idx := scratch.idx[:0]
	for _, h := range raw {
		if isTagged(h) {
			continue
		}
		if i, ok := f.vocab[h]; ok {
			idx = append(idx, i)
		}
	}
	slices.Sort(idx)
	val := scratch.val[:0]
	out := idx[:0]
	var norms [numBlocks]float64
	for i := 0; i < len(idx); {
		j := i + 1
		for j < len(idx) && idx[j] == idx[i] {
			j++
		}
		v := (1 + float32(math.Log(float64(j-i)))) * f.idf[idx[i]]
		out = append(out, idx[i])
		val = append(val, v)
		norms[f.block[idx[i]]] += float64(v) * float64(v)
		i = j
	}
	weights := [numBlocks]float64{f.cfg.WordWeight, f.cfg.BigramWeight, f.cfg.CharWeight}
	var scale [numBlocks]float32
	for b := range scale {
		if norms[b] > 0 {
			scale[b] = float32(weights[b] / math.Sqrt(norms[b]))
		}
	}
	for k, i := range out {
		val[k] *= scale[f.block[i]]
	}
	out, val = appendDenseFeatures(out, val, raw, len(f.idf), f.cfg.DenseWeight)
	if f.cfg.OrgWeight > 0 && len(raw) > 0 {
		// The last two features: moneySignal's, then orgSignal's.
		if h := raw[len(raw)-1]; h == moneySignal || h == orgSignal {
			k := f.numFeatures() - 1
			if h == moneySignal {
				k--
			}
			out = append(out, int32(k))
			val = append(val, float32(f.cfg.OrgWeight))
		}
	}
	scratch.idx, scratch.val = out, val
	return sparse{idx: out, val: val}
}

// stemCache stems every token of the training messages once; the cache
// then serves training and Parse.
func stemCache(docs [][]string) map[string][2]string {
	stems := make(map[string][2]string)
	for _, d := range docs {
		for _, t := range d {
			if _, ok := stems[t]; !ok {
				stems[t] = computeStems(t)
			}
		}
	}
	return stems
}

// rawDocs hashes the features of every message, with repeats. The hashes
// don't depend on the vocabulary, so the calibration folds share them.
func rawDocs(cfg FeatureConfig, stems map[string][2]string, docs [][]string, langs []string) [][]uint64 {
	f := &featurizer{cfg: cfg, stems: stems}
	raws := make([][]uint64, len(docs))
	for i, d := range docs {
		raws[i] = f.rawFeatures(nil, d, langs[i])
	}
	return raws
}

// newFeaturizer learns the vocabulary and IDF of the training messages
// from their hashed features.
func newFeaturizer(cfg FeatureConfig, stems map[string][2]string, raws [][]uint64) *featurizer {
	f := &featurizer{cfg: cfg, vocab: make(map[uint64]int32), stems: stems}
	df := make(map[uint64]int)
	var seen []uint64
	for _, raw := range raws {
		seen = append(seen[:0], raw...)
		slices.Sort(seen)
		for k, h := range seen {
			if (k == 0 || seen[k-1] != h) && !isTagged(h) {
				df[h]++
			}
		}
	}
	keys := make([]uint64, 0, len(df))
	for h, n := range df {
		if n >= max(cfg.MinDF, 1) {
			keys = append(keys, h)
		}
	}
	slices.Sort(keys)
	f.idf = make([]float32, len(keys))
	f.block = make([]uint8, len(keys))
	n := float64(len(raws))
	for i, h := range keys {
		f.vocab[h] = int32(i)
		f.idf[i] = float32(math.Log((1+n)/(1+float64(df[h]))) + 1)
		f.block[i] = uint8(h >> 62)
	}
	return f
}

// Hashing: FNV-1a, with the block in the two top bits so that vectorize
// can tell blocks apart without a lookup.
const (
	fnvOffset = 14695981039346656037
	fnvPrime  = 1099511628211
	hashMask  = 1<<62 - 1
)

func withBlock(block int, h uint64) uint64 { return h&hashMask | uint64(block)<<62 }

func hashString(block int, s string) uint64 {
	h := uint64(fnvOffset) ^ uint64(block)
	for i := 0; i < len(s); i++ {
		h ^= uint64(s[i])
		h *= fnvPrime
	}
	return withBlock(block, h)
}

func hashBytes(block int, b []byte) uint64 {
	h := uint64(fnvOffset) ^ uint64(block)
	for _, c := range b {
		h ^= uint64(c)
		h *= fnvPrime
	}
	return withBlock(block, h)
}

// mix hashes a word bigram from its two word hashes.
func mix(a, b uint64) uint64 {
	h := a*0x9E3779B97F4A7C15 ^ (b + 0x632BE59BD9B4E019 + a<<6 + a>>2)
	h ^= h >> 29
	h *= 0xBF58476D1CE4E5B9
	h ^= h >> 32
	return withBlock(blockBigram, h)
}
