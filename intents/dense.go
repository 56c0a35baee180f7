package intents

import (
	"fmt"
	"math"

	"supportbot/intents/embedding"
)

// The dense block: a message's vector from the static embedding table
// (package embedding), appended to its TF-IDF vector as extra features
// after the sparse vocabulary, so that the softmax and the hidden layer
// use it unchanged. It brings what a sentence encoder learnt from a large
// corpus about words the training phrases never labelled. The table is
// English, so only messages detected as English get the block unless
// FeatureConfig.DenseAllLanguages says otherwise.
//
// The vector travels with the hashed features (rawFeatures), so that the
// calibration folds, validation and Parse all see it without another
// path: each value is one uint64 tagged with blockDense in the top bits
// (no hashed feature has that block), holding its dimension and its
// float32 bits. vectorize turns them into features; newFeaturizer leaves
// them out of the vocabulary.
const blockDense = numBlocks

// maxDenseDims bounds the table's dimensions, so that appendDense keeps
// its scratch on the stack.
const maxDenseDims = 1024

// denseTable returns the embedding table when cfg asks for the dense
// block, else nil. NewParser checks loadDense's error first, so a nil
// here means the block is off.
func denseTable(cfg FeatureConfig) *embedding.Table {
	if cfg.DenseWeight <= 0 {
		return nil
	}
	t, err := loadDense()
	if err != nil {
		return nil
	}
	return t
}

// checkDense reports why the dense block cfg asks for can't be had.
func checkDense(cfg FeatureConfig) error {
	if cfg.DenseWeight <= 0 {
		return nil
	}
	_, err := loadDense()
	return err
}

func loadDense() (*embedding.Table, error) {
	t, err := embedding.English()
	if err != nil {
		return nil, err
	}
	if t.Dims() > maxDenseDims {
		return nil, fmt.Errorf("table of %d dimensions, at most %d: %w", t.Dims(), maxDenseDims, embedding.ErrBadTable)
	}
	return t, nil
}

// appendDense appends the tagged dense vector of a message to its hashed
// features when the block applies to it.
func appendDense(dst []uint64, cfg FeatureConfig, tokens []string, lang string) []uint64 {
	t := denseTable(cfg)
	if t == nil || (lang != "en" && !cfg.DenseAllLanguages) {
		return dst
	}
	var buf [maxDenseDims]float32
	v := buf[:t.Dims()]
	if t.Embed(v, tokens) == 0 {
		return dst
	}
	if cfg.DenseDims > 0 && cfg.DenseDims < len(v) {
		v = v[:cfg.DenseDims]
	}
	for j, x := range v {
		dst = append(dst, uint64(blockDense)<<62|uint64(j)<<32|uint64(math.Float32bits(x)))
	}
	return dst
}

// isDense tells a tagged dense value from a hashed feature.
func isDense(h uint64) bool { return isTagged(h) && h != orgSignal && h != moneySignal }

// isTagged reports whether h is not a hashed feature of the vocabulary:
// a dense value or one of the organisation signals.
func isTagged(h uint64) bool { return h>>62 == blockDense }

// orgSignal, last in a message's hashed features, says that it names
// another business, and moneySignal that it names only a bank or an
// insurer (FeatureConfig.OrgWeight): the two are learnt apart, since a
// customer's refund goes back to a bank. They carry the dense block's
// tag, which keeps them out of the vocabulary, with dimensions no table
// has; vectorize turns them into the last two features.
const (
	orgSignal   = uint64(blockDense)<<62 | uint64(1<<30-1)<<32
	moneySignal = uint64(blockDense)<<62 | uint64(1<<30-2)<<32
)

// appendDenseFeatures appends the dense values found in raw to a
// vectorized message, as indices from base on, scaled to the block's
// weight. They come last in raw and in dimension order, so the indices
// stay sorted.
func appendDenseFeatures(idx []int32, val []float32, raw []uint64, base int, weight float64) ([]int32, []float32) {
	for _, h := range raw {
		if !isDense(h) {
			continue
		}
		j := int32(h >> 32 & (1<<30 - 1))
		idx = append(idx, int32(base)+j)
		val = append(val, math.Float32frombits(uint32(h))*float32(weight))
	}
	return idx, val
}

// numFeatures is the width of the vectors vectorize returns: the sparse
// vocabulary, then the dense block when on, then the organisation signal
// when on.
func (f *featurizer) numFeatures() int {
	n := len(f.idf)
	if t := denseTable(f.cfg); t != nil {
		n += t.Dims()
	}
	if f.cfg.OrgWeight > 0 {
		n += 2 // the features of moneySignal and orgSignal
	}
	return n
}
