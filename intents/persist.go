package intents

import (
	"crypto/sha256"
	"embed"
	"encoding/binary"
	"encoding/gob"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
	"io"
	"io/fs"
	"slices"

	"supportbot/intents/embedding"
)

// A trained model can be written out and read back, so that a restart on
// the same training data loads in milliseconds instead of training for
// seconds. A saved model is valid only for the exact code, configuration
// and examples that trained it: TrainingKey hashes all three, and
// LoadParser refuses a model saved under another key, so a stale file can
// never be used: it is trained again.

// sources are this package's files: the training code is part of the
// key, so that a model trained by another version of it is never loaded.
// A hand-kept format number would be forgotten one day; the code itself
// cannot be.
//
//go:embed *.go langdata
var sources embed.FS

// ErrStaleModel is returned by LoadParser for a model trained by other
// code, on other examples or with another configuration.
var ErrStaleModel = errors.New("intents: saved model does not match this code, configuration and training data")

// TrainingKey identifies what a model is trained from: this package's
// code, the embedding table, the configuration (with its defaults) and the
// examples, in order. Two trainings with the same key give the same model.
func TrainingKey(cfg Config, examples []Example) string {
	cfg = cfg.withDefaults(len(examples))
	h := sha256.New()
	_ = fs.WalkDir(sources, ".", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := sources.ReadFile(path)
		if err != nil {
			return err
		}
		writeField(h, path)
		writeField(h, string(data))
		return nil
	})
	writeField(h, embedding.Fingerprint())
	writeField(h, fmt.Sprintf("%#v|%#v|%d|%g|%g|%g|%#v", cfg.Features, cfg.Training, cfg.Folds,
		cfg.Threshold, cfg.RejectBudget, cfg.OOSWeight, cfg.Entities))
	for _, set := range [][]Example{examples, cfg.Validation} {
		writeField(h, fmt.Sprint(len(set)))
		for _, ex := range set {
			writeField(h, ex.Text)
			writeField(h, ex.Intent)
			writeField(h, ex.Lang)
		}
	}
	return hex.EncodeToString(h.Sum(nil))
}

// writeField writes s length-prefixed, so that fields cannot run into
// each other.
func writeField(h hash.Hash, s string) {
	var n [8]byte
	binary.LittleEndian.PutUint64(n[:], uint64(len(s)))
	h.Write(n[:])
	io.WriteString(h, s)
}

// savedModel is the model as written: the trained state, nothing that is
// cheaper to rebuild from the examples (language detector, spelling
// corrector, entity patterns).
type savedModel struct {
	Key       string
	Labels    []string
	Intents   []string
	Group     []int
	OOS       int
	Features  FeatureConfig
	Vocab     map[uint64]int32
	IDF       []float32
	Block     []uint8
	Stems     map[string][2]string
	K         int
	W, B      []float32
	Nets      []savedNet
	Temp      float32
	Threshold float32
}

type savedNet struct {
	H, K           int
	W1, B1, W2, B2 []float32
}

// WriteModel writes the trained model, for LoadParser to read back with
// the same configuration and examples.
func (p *Parser) WriteModel(w io.Writer) error {
	m := p.model
	s := savedModel{
		Key: p.key, Labels: m.labels, Intents: m.intents, Group: m.group, OOS: m.oos,
		Features: m.feat.cfg, Vocab: m.feat.vocab, IDF: m.feat.idf, Block: m.feat.block, Stems: m.feat.stems,
		K: m.clf.k, W: m.clf.w, B: m.clf.b, Temp: m.temp, Threshold: m.threshold,
	}
	for _, n := range m.clf.nets {
		s.Nets = append(s.Nets, savedNet{H: n.h, K: n.k, W1: n.w1, B1: n.b1, W2: n.w2, B2: n.b2})
	}
	if err := gob.NewEncoder(w).Encode(&s); err != nil {
		return fmt.Errorf("write model: %w", err)
	}
	return nil
}

// LoadParser returns the parser that NewParser(cfg, examples) would
// train, from a model WriteModel wrote: only the cheap parts (language
// detector, spelling corrector, entities) are built again. It returns
// ErrStaleModel when the model was trained from anything else.
func LoadParser(cfg Config, examples []Example, r io.Reader) (*Parser, error) {
	var s savedModel
	if err := gob.NewDecoder(r).Decode(&s); err != nil {
		return nil, fmt.Errorf("load model: %w", err)
	}
	if s.Key != TrainingKey(cfg, examples) {
		return nil, ErrStaleModel
	}
	if err := s.check(); err != nil {
		return nil, fmt.Errorf("load model: %w", err)
	}
	p, train, err := newParser(cfg, examples)
	if err != nil {
		return nil, err
	}
	p.key = s.Key
	p.corrector = newCorrector(train.docs)
	m := &model{
		labels: s.Labels, intents: s.Intents, group: s.Group, oos: s.OOS,
		feat: &featurizer{cfg: s.Features, vocab: s.Vocab, idf: s.IDF, block: s.Block, stems: s.Stems},
		clf:  &softmax{k: s.K, w: s.W, b: s.B},
		temp: s.Temp, threshold: s.Threshold,
	}
	for _, n := range s.Nets {
		m.clf.nets = append(m.clf.nets, &mlp{h: n.H, k: n.K, w1: n.W1, b1: n.B1, w2: n.W2, b2: n.B2})
	}
	p.setModel(m)
	return p, nil
}

// check verifies the shapes a damaged file could break, so that Parse
// never indexes out of range.
func (s *savedModel) check() error {
	nf := len(s.IDF)
	switch {
	case len(s.Labels) == 0 || len(s.Group) != len(s.Labels) || s.K != len(s.Labels):
		return errors.New("labels and classes disagree")
	case len(s.Block) != nf || len(s.B) != s.K:
		return errors.New("feature tables disagree")
	case s.OOS >= len(s.Intents) || s.OOS < -1:
		return errors.New("out-of-scope index out of range")
	case slices.ContainsFunc(s.Group, func(g int) bool { return g < 0 || g >= len(s.Intents) }):
		return errors.New("label group out of range")
	}
	dense := 0
	if s.Features.DenseWeight > 0 {
		dense = maxDenseDims
	}
	if len(s.W) < nf*s.K || len(s.W) > (nf+dense)*s.K || len(s.W)%s.K != 0 {
		return errors.New("weights do not fit the features")
	}
	for _, idx := range s.Vocab {
		if idx < 0 || int(idx) >= nf {
			return errors.New("vocabulary index out of range")
		}
	}
	for _, n := range s.Nets {
		if n.K != s.K || n.H <= 0 || n.H > 512 || len(n.B1) != n.H || len(n.B2) != n.K || len(n.W2) != n.H*n.K || len(n.W1)%n.H != 0 || len(n.W1) < nf*n.H {
			return errors.New("hidden layer does not fit")
		}
	}
	return nil
}
